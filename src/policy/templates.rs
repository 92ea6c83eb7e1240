//! The version of the scaffold's templates, and what each version changed
//! for the repositories made with them (`templates/versions.toml`).
//! `.onboard.toml` records the version a repository was made with, so that
//! `update` and `audit` can say what a repository would get.

use serde::Deserialize;

use crate::i18n::Lang;

/// The versions file, relative to the templates directory.
pub(crate) const VERSIONS_FILE: &str = "versions.toml";

const EMBEDDED: &str = include_str!("../../templates/versions.toml");

/// The templates' history: the current version and its changes.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Versions {
    pub version: u32,
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Answers the templates need beyond scaffold's own (a team's
    /// templates may ask for more); `update` asks the ones a repository
    /// has no answer for.
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// A question a set of templates adds: its answer is `{{ extra.KEY }}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Question {
    /// Lowercase letters, digits and `_`, starting with a letter.
    pub key: String,
    pub fr: String,
    pub en: String,
    /// The answer `--yes` takes; without one, `--yes` needs the answer.
    pub default: Option<String>,
    /// How the answer is checked.
    #[serde(default)]
    pub kind: Kind,
}

/// The checks of a question's answer (those of scaffold's own questions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    #[default]
    Text,
    Url,
    Email,
}

impl Question {
    pub(crate) fn prompt(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The answer keys of scaffold itself, which a template question may not take.
pub(crate) const BUILT_IN_KEYS: &[&str] = &[
    "name",
    "description",
    "license",
    "forge",
    "organisation",
    "organisation_url",
    "contact",
    "repository_url",
    "year",
    "maintainer",
];

/// What one version changed, in words, in both languages.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Change {
    pub version: u32,
    pub fr: String,
    pub en: String,
}

impl Change {
    pub(crate) fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl Versions {
    /// A versions file, checked: a version, a change described for the
    /// current version, and question keys that are plain and new.
    pub(crate) fn parse(text: &str) -> Result<Versions, String> {
        let versions: Versions = toml::from_str(text).map_err(|err| err.message().to_string())?;
        if !versions
            .changes
            .iter()
            .any(|c| c.version == versions.version)
        {
            return Err(format!("[[changes]] version = {}", versions.version));
        }
        let mut seen = Vec::new();
        for question in &versions.questions {
            let key = question.key.as_str();
            let plain = key.starts_with(|c: char| c.is_ascii_lowercase())
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !plain || BUILT_IN_KEYS.contains(&key) || seen.contains(&key) {
                return Err(format!("[[questions]] key = \"{key}\""));
            }
            seen.push(key);
        }
        Ok(versions)
    }

    /// The history of the templates built into the binary.
    pub(crate) fn embedded() -> Versions {
        // Checked by the test below: the embedded file always parses.
        toml::from_str(EMBEDDED).unwrap_or(Versions {
            version: 1,
            changes: Vec::new(),
            questions: Vec::new(),
        })
    }

    /// The changes a repository made with templates `since` would get,
    /// oldest first.
    pub(crate) fn changes_after(&self, since: u32) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.version > since)
    }
}

/// The version of the templates built into the binary.
#[allow(dead_code, reason = "read by the audit of many repositories")]
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
        assert!(Versions::parse(EMBEDDED).is_ok());
    }

    #[test]
    fn question_keys_are_plain_and_new() {
        let head = "version = 1\n[[changes]]\nversion = 1\nfr = \"a\"\nen = \"a\"\n";
        let with =
            |key: &str| format!("{head}[[questions]]\nkey = \"{key}\"\nfr = \"q\"\nen = \"q\"\n");
        assert!(Versions::parse(&with("salon")).is_ok());
        for bad in ["contact", "Salon", "1a", "a-b", ""] {
            assert!(Versions::parse(&with(bad)).is_err(), "{bad}");
        }
        assert!(Versions::parse("version = 2\n").is_err());
    }
}
