//! `REUSE.toml` (REUSE 3.3): `version`, and `[[annotations]]` whose `path`
//! is a string or a list, with an optional `precedence` (`closest` by
//! default, `aggregate`, `override`) and optional `SPDX-FileCopyrightText`
//! and `SPDX-License-Identifier`, each a string or a list. Within one file,
//! the last annotation that matches a path wins.

use super::glob::{Index, Syntax};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precedence {
    Closest,
    Aggregate,
    Override,
}

#[derive(Debug, Clone)]
pub(crate) struct Annotation {
    pub precedence: Precedence,
    pub expressions: Vec<String>,
    pub copyright: bool,
}

/// One REUSE.toml, with its globs indexed.
pub(crate) struct ReuseToml {
    /// Its directory, relative to the root, with `/`; empty at the root.
    pub dir: String,
    pub annotations: Vec<Annotation>,
    index: Index,
}

impl ReuseToml {
    /// The annotation for `path`, relative to this file's directory.
    pub(crate) fn find(&self, path: &str, scratch: &mut Vec<usize>) -> Option<&Annotation> {
        self.index
            .last_match(path, scratch)
            .map(|i| &self.annotations[i])
    }
}

/// Reads one REUSE.toml, found in `dir`; an error says what is wrong.
pub(crate) fn parse(text: &str, dir: &str) -> Result<ReuseToml, String> {
    let table: toml::Table = toml::from_str(text).map_err(|err| err.message().to_string())?;
    match table.get("version") {
        Some(toml::Value::Integer(_)) => {}
        _ => return Err("version = 1".to_string()),
    }
    let items = match table.get("annotations") {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => items.clone(),
        Some(_) => return Err("[[annotations]]".to_string()),
    };
    let mut annotations = Vec::new();
    let mut globs = Vec::new();
    for item in &items {
        let Some(item) = item.as_table() else {
            return Err("[[annotations]]".to_string());
        };
        let paths = strings(item.get("path"), "path")?;
        if paths.is_empty() {
            return Err("path".to_string());
        }
        let precedence = match item.get("precedence") {
            None => Precedence::Closest,
            Some(toml::Value::String(s)) if s == "closest" => Precedence::Closest,
            Some(toml::Value::String(s)) if s == "aggregate" => Precedence::Aggregate,
            Some(toml::Value::String(s)) if s == "override" => Precedence::Override,
            Some(_) => return Err("precedence = \"closest\" | \"aggregate\" | \"override\"".into()),
        };
        let key = "SPDX-FileCopyrightText";
        let copyright = !strings(item.get(key), key)?.is_empty();
        let key = "SPDX-License-Identifier";
        let expressions = strings(item.get(key), key)?;
        for path in paths {
            globs.push((annotations.len(), path));
        }
        annotations.push(Annotation {
            precedence,
            expressions,
            copyright,
        });
    }
    let index = Index::build(
        Syntax::ReuseToml,
        globs.iter().map(|(i, glob)| (*i, glob.as_str())),
    )?;
    Ok(ReuseToml {
        dir: dir.to_string(),
        annotations,
        index,
    })
}

/// A string or a list of strings; anything else names `key`.
fn strings(value: Option<&toml::Value>, key: &str) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(toml::Value::String(s)) => Ok(vec![s.clone()]),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| key.to_string())
            })
            .collect(),
        Some(_) => Err(key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_keys_and_precedence() {
        let toml = parse(
            "version = 1\n[[annotations]]\npath = [\"**\"]\nSPDX-License-Identifier = \"MIT\"\n\
             [[annotations]]\npath = \"po/*.po\"\nprecedence = \"aggregate\"\n\
             SPDX-FileCopyrightText = [\"2024 A\", \"2025 B\"]\n",
            "",
        )
        .unwrap();
        let mut scratch = Vec::new();
        let po = toml.find("po/fr.po", &mut scratch).unwrap();
        assert_eq!(po.precedence, Precedence::Aggregate);
        assert!(po.copyright && po.expressions.is_empty());
        let rs = toml.find("src/main.rs", &mut scratch).unwrap();
        assert_eq!(rs.precedence, Precedence::Closest);
        assert_eq!(rs.expressions, vec!["MIT"]);
        assert!(!rs.copyright);
        assert!(parse("version = 1\n", "").unwrap().annotations.is_empty());
    }

    #[test]
    fn wrong_shapes_are_named() {
        assert_eq!(parse("", "").err().unwrap(), "version = 1");
        assert!(parse("not toml [", "").is_err());
        let no_path = "version = 1\n[[annotations]]\nSPDX-License-Identifier = \"MIT\"\n";
        assert_eq!(parse(no_path, "").err().unwrap(), "path");
        let bad = "version = 1\n[[annotations]]\npath = \"a\"\nprecedence = \"closer\"\n";
        assert!(parse(bad, "").is_err());
        let bad = "version = 1\n[[annotations]]\npath = \"a\"\nSPDX-License-Identifier = 3\n";
        assert_eq!(parse(bad, "").err().unwrap(), "SPDX-License-Identifier");
    }
}
