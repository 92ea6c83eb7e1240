//! The open-by-default policy that scaffold builds and audit checks: the
//! licences an administration may use, how answers are validated, and the
//! forges a repository is made for.

pub mod licences;
pub(crate) mod templates;

/// The answers file at a repository's root: what scaffold was told and
/// which templates made it, read back by `audit --fix`, `update` and the
/// audit of many repositories.
pub(crate) const ANSWERS_FILE: &str = ".onboard.toml";
pub(crate) mod validate;

/// The forge a repository is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    Github,
    Gitlab,
}

impl Forge {
    /// The name used on the command line and in the answers file.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Forge::Github => "github",
            Forge::Gitlab => "gitlab",
        }
    }
}
