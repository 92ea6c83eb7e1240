//! What `.onboard.toml` says of a repository: the answers it was made
//! with, and what finds and re-renders its base (templates version and
//! fingerprint, copyright year, maintainer, base commit). A file written
//! before templates were versioned has none of the latter: its templates
//! version is 0, and the year and maintainer come from the base commit.

use std::collections::BTreeMap;

use crate::policy::templates::BUILT_IN_KEYS;
use crate::policy::validate;
use crate::scaffold::answers::Given;

#[derive(Debug, Default)]
pub(crate) struct Recorded {
    /// The answers, each checked as scaffold checks it (an invalid one is
    /// left out, and asked again).
    pub given: Given,
    /// The templates version; 0 when not recorded.
    pub templates: u32,
    pub fingerprint: Option<String>,
    /// `None` in files written before update existed.
    pub year: Option<i16>,
    pub maintainer: Option<String>,
    /// Answers to template questions: every other string of `[answers]`.
    pub extra: BTreeMap<String, String>,
    /// The commit of the last pure render, when `update` recorded one.
    pub base: Option<String>,
}

/// Reads `.onboard.toml`'s text; `Err` with the parser's words when it is
/// not TOML or has no `[answers]` table.
pub(crate) fn parse(text: &str) -> Result<Recorded, String> {
    let table: toml::Table = toml::from_str(text).map_err(|err| err.message().to_string())?;
    let Some(answers) = table.get("answers").and_then(toml::Value::as_table) else {
        return Err("[answers]".to_string());
    };
    let tool = table.get("onboard").and_then(toml::Value::as_table);
    let tool_str = |key: &str| {
        tool.and_then(|t| t.get(key))
            .and_then(toml::Value::as_str)
            .map(str::to_string)
    };
    let get = |key: &str, check: fn(&str) -> Result<(), String>| {
        answers
            .get(key)
            .and_then(toml::Value::as_str)
            .filter(|v| check(v).is_ok())
            .map(str::to_string)
    };
    let given = crate::scaffold::answers::recorded(answers);
    let extra = answers
        .iter()
        .filter(|(key, _)| !BUILT_IN_KEYS.contains(&key.as_str()))
        .filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_string())))
        .collect();
    Ok(Recorded {
        given,
        templates: tool
            .and_then(|t| t.get("templates"))
            .and_then(toml::Value::as_integer)
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        fingerprint: tool_str("fingerprint"),
        year: answers
            .get("year")
            .and_then(toml::Value::as_integer)
            .and_then(|y| i16::try_from(y).ok()),
        maintainer: get("maintainer", validate::person_name),
        extra,
        base: tool_str("base")
            .filter(|b| b.len() == 40 && b.bytes().all(|c| c.is_ascii_hexdigit())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Forge;

    #[test]
    fn an_old_file_has_templates_version_zero_and_no_year() {
        let old = "[onboard]\nversion = \"0.1.0\"\n[answers]\nname = \"projet\"\ndescription = \"Un projet.\"\nlicense = \"MIT\"\nforge = \"github\"\ncontact = \"a@exemple.fr\"\nrepository_url = \"https://github.com/a/b\"\n";
        let recorded = parse(old).unwrap();
        assert_eq!(recorded.templates, 0);
        assert_eq!(recorded.year, None);
        assert_eq!(recorded.given.name.as_deref(), Some("projet"));
        assert_eq!(recorded.given.forge, Some(Forge::Github));
        assert!(recorded.extra.is_empty());
    }

    #[test]
    fn extra_answers_and_the_base_are_read() {
        let text = "[onboard]\ntemplates = 2\nbase = \"0123456789abcdef0123456789abcdef01234567\"\n[answers]\nyear = 2026\nsalon = \"https://exemple.fr\"\n";
        let recorded = parse(text).unwrap();
        assert_eq!(recorded.templates, 2);
        assert_eq!(recorded.year, Some(2026));
        assert_eq!(recorded.extra["salon"], "https://exemple.fr");
        assert!(recorded.base.is_some());
        assert!(parse("not toml [").is_err());
        assert!(parse("[onboard]\n").is_err());
    }
}
