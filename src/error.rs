//! One error type for the whole tool. Every variant maps to an exit code and
//! to one line on stderr that says what happened and what to do next.

use std::path::{Path, PathBuf};

use crate::i18n::{fill, t};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plain message, already in the user's language.
    #[error("{0}")]
    Message(String),

    /// A file operation failed: names the file and says what to do next
    /// (the catalogue's `file_error`, in the user's language).
    #[error("{}", file_message(action, path, source, hint))]
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
    pub(crate) fn msg(text: impl Into<String>) -> Self {
        Error::Message(text.into())
    }

    pub(crate) fn file(
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

/// The line for [`Error::File`], from the catalogue.
fn file_message(action: &str, path: &Path, source: &std::io::Error, hint: &str) -> String {
    fill(
        t().core.file_error,
        &[
            ("action", &action),
            ("path", &path.display()),
            ("reason", &describe(source)),
            ("hint", &hint),
        ],
    )
}

/// An I/O error in the user's language where it is a common one, else the
/// system's text.
pub(crate) fn describe(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let core = &t().core;
    let text = match err.kind() {
        NotFound => core.io_not_found,
        PermissionDenied => core.io_permission_denied,
        AlreadyExists => core.io_already_exists,
        IsADirectory => core.io_is_a_directory,
        NotADirectory => core.io_not_a_directory,
        ReadOnlyFilesystem => core.io_read_only,
        StorageFull => core.io_storage_full,
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
            "impossible d'écrire «\u{a0}/tmp/x.toml\u{a0}»\u{a0}: permission refusée. Vérifie les droits."
        );
        assert_eq!(err.exit_code(), 1);
        let en = fill(
            crate::i18n::texts(crate::i18n::Lang::En).core.file_error,
            &[
                ("action", &"cannot write"),
                ("path", &"/tmp/x.toml"),
                ("reason", &"permission denied"),
                ("hint", &"Check the permissions."),
            ],
        );
        assert_eq!(
            en,
            "cannot write “/tmp/x.toml”: permission denied. Check the permissions."
        );
        assert_eq!(Error::Interrupted(String::new()).exit_code(), 130);
    }

    #[test]
    fn uncommon_errors_keep_the_system_text() {
        let err = std::io::Error::other("disque en feu");
        assert_eq!(describe(&err), "disque en feu");
    }
}
