//! One error type for the whole tool. Every variant maps to an exit code and
//! to one line on stderr that says what happened and what to do next.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plain message, already in the user's language.
    #[error("{0}")]
    Message(String),

    /// A file operation failed: names the file and says what to do next.
    #[error("{action} « {path} » : {source}. {hint}")]
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

    /// SIGTERM.
    #[error("{0}")]
    Terminated(String),
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

    /// The process exit code of the contract: 1, 130 or 143.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted(_) => 130,
            Error::Terminated(_) => 143,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
