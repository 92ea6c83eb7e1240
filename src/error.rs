//! One error type for the whole tool. Every variant maps to an exit code and
//! to one line on stderr that says what happened and what to do next.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plain message, already in the user's language.
    #[error("{0}")]
    Message(String),

    /// A file operation failed: names the file and says what to do next.
    #[error("{action} « {path} » : {}. {hint}", describe(source))]
    File {
        action: String,
        path: PathBuf,
        source: std::io::Error,
        hint: String,
    },

    /// A check failed; its report was already printed.
    #[error("{0}")]
    CheckFailed(String),

    /// Ctrl-C, or end of input in the middle of a journey.
    #[error("{0}")]
    Interrupted(String),

    /// Standard output was closed by its reader: the command stops there,
    /// with nothing to say and exit 0.
    #[error("")]
    OutputClosed,
}

impl Error {
    pub fn msg(text: impl Into<String>) -> Self {
        Error::Message(text.into())
    }

    pub fn file(
        action: impl Into<String>,
        path: &Path,
        source: std::io::Error,
        hint: impl Into<String>,
    ) -> Self {
        Error::File {
            action: action.into(),
            path: path.to_path_buf(),
            source,
            hint: hint.into(),
        }
    }

    /// The process exit code of the contract: 1, or 130 when interrupted
    /// (0 when standard output was closed by its reader).
    /// (SIGTERM's 143 is set by the signal thread, see `signals`.)
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted(_) => 130,
            Error::OutputClosed => 0,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An I/O error in the user's language where it is a common one.
pub fn describe(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let fr = crate::i18n::lang() == crate::i18n::Lang::Fr;
    let text = match (err.kind(), fr) {
        (NotFound, true) => "introuvable",
        (NotFound, false) => "not found",
        (PermissionDenied, true) => "permission refusée",
        (PermissionDenied, false) => "permission denied",
        (AlreadyExists, true) => "existe déjà",
        (AlreadyExists, false) => "already exists",
        (IsADirectory, true) => "c'est un dossier",
        (IsADirectory, false) => "is a directory",
        (NotADirectory, true) => "un élément du chemin n'est pas un dossier",
        (NotADirectory, false) => "a part of the path is not a directory",
        (ReadOnlyFilesystem, true) => "système de fichiers en lecture seule",
        (ReadOnlyFilesystem, false) => "read-only file system",
        (StorageFull, true) => "plus de place sur le disque",
        (StorageFull, false) => "no space left on the disk",
        _ => return err.to_string(),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_name_the_file_and_the_way_out() {
        let err = Error::file(
            "impossible d'écrire",
            Path::new("/tmp/x.toml"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            "Vérifie les droits.",
        );
        assert_eq!(
            err.to_string(),
            "impossible d'écrire « /tmp/x.toml » : permission refusée. Vérifie les droits."
        );
        assert_eq!(err.exit_code(), 1);
        assert_eq!(Error::Interrupted(String::new()).exit_code(), 130);
    }

    #[test]
    fn uncommon_errors_keep_the_system_text() {
        let err = std::io::Error::other("disque en feu");
        assert_eq!(describe(&err), "disque en feu");
    }
}
