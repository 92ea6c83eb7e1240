//! The version of the scaffold's templates, and what each version changed
//! for the repositories made with them (`templates/versions.toml`).
//! `.onboard.toml` records the version a repository was made with, so that
//! `update` and `audit` can say what a repository would get.

use serde::Deserialize;

use crate::i18n::Lang;

/// The versions file, relative to the templates directory.
#[allow(dead_code, reason = "read by `--templates DIR` and the render test")]
pub(crate) const VERSIONS_FILE: &str = "versions.toml";

const EMBEDDED: &str = include_str!("../../templates/versions.toml");

/// The templates' history: the current version and its changes.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Versions {
    pub version: u32,
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// What one version changed, in words, in both languages.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Change {
    pub version: u32,
    pub fr: String,
    pub en: String,
}

#[allow(dead_code, reason = "read by `update` and the audit of many repositories")]
impl Change {
    pub(crate) fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl Versions {
    /// The history of the templates built into the binary.
    pub(crate) fn embedded() -> Versions {
        // Checked by the test below: the embedded file always parses.
        toml::from_str(EMBEDDED).unwrap_or(Versions {
            version: 1,
            changes: Vec::new(),
        })
    }

    #[allow(dead_code, reason = "read by `update` and the audit of many repositories")]
    /// The changes a repository made with templates `since` would get,
    /// oldest first.
    pub(crate) fn changes_after(&self, since: u32) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.version > since)
    }
}

/// The version of the templates built into the binary.
pub(crate) fn current_version() -> u32 {
    Versions::embedded().version
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_history_parses_and_describes_every_version() {
        let versions: Versions = toml::from_str(EMBEDDED).expect("templates/versions.toml");
        assert!(versions.version >= 1);
        for v in 1..=versions.version {
            let change = versions.changes.iter().find(|c| c.version == v);
            let change = change.unwrap_or_else(|| panic!("no change described for version {v}"));
            assert!(!change.fr.trim().is_empty() && !change.en.trim().is_empty());
        }
        assert_eq!(versions.changes_after(0).count(), versions.changes.len());
        assert_eq!(versions.changes_after(versions.version).count(), 0);
    }
}
