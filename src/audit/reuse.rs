//! REUSE: `REUSE.toml` annotations, which files they cover, and which
//! licences are in use (so `LICENSES/` can be compared with them).

use std::collections::BTreeSet;
use std::path::Path;

use spdx::expression::ExprNode;
use spdx::{AdditionItem, Expression, LicenseItem, ParseMode};

use super::files;
use crate::i18n::{fill, t};

// Written in two halves so that REUSE tools do not read this source file's
// own text as a licence tag.
const TAG: &str = concat!("SPDX-", "License-Identifier:");
const IGNORE_START: &str = concat!("REUSE-", "IgnoreStart");
const IGNORE_END: &str = concat!("REUSE-", "IgnoreEnd");

/// One `[[annotations]]` table.
#[derive(Debug, Default)]
pub struct Annotation {
    pub paths: Vec<String>,
    pub licences: Vec<String>,
    pub has_copyright: bool,
}

/// `REUSE.toml`, read: its annotations, or what is wrong with it.
pub fn parse(text: &str) -> Result<Vec<Annotation>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|err| err.message().to_string())?;
    if table.get("version").and_then(toml::Value::as_integer) != Some(1) {
        return Err("version = 1".to_string());
    }
    let Some(list) = table.get("annotations").and_then(toml::Value::as_array) else {
        return Err("[[annotations]]".to_string());
    };
    let mut out = Vec::new();
    for item in list {
        let Some(item) = item.as_table() else {
            return Err("[[annotations]]".to_string());
        };
        let annotation = Annotation {
            paths: strings(item.get("path")),
            licences: strings(item.get("SPDX-License-Identifier")),
            has_copyright: !strings(item.get("SPDX-FileCopyrightText")).is_empty(),
        };
        if annotation.paths.is_empty() {
            return Err("path".to_string());
        }
        if annotation.licences.is_empty() {
            return Err("SPDX-License-Identifier".to_string());
        }
        if !annotation.has_copyright {
            return Err("SPDX-FileCopyrightText".to_string());
        }
        out.push(annotation);
    }
    if out.is_empty() {
        return Err("[[annotations]]".to_string());
    }
    Ok(out)
}

/// A string or an array of strings.
fn strings(value: Option<&toml::Value>) -> Vec<String> {
    match value {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether an annotation covers everything (`path = "**"`).
pub fn covers_all(annotations: &[Annotation]) -> bool {
    annotations
        .iter()
        .any(|a| a.paths.iter().any(|p| p == "**" || p == "**/*"))
}

/// Files that REUSE does not ask licensing information for.
fn exempt(path: &str) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("LICENSES/")
        || path.starts_with(".reuse/")
        || path == "REUSE.toml"
        || file_name.starts_with("LICENSE")
        || file_name.starts_with("COPYING")
        || file_name.ends_with(".license")
}

/// The files no annotation, tag or `.license` file covers.
pub fn uncovered(root: &Path, listed: &[String], annotations: &[Annotation]) -> Vec<String> {
    if covers_all(annotations) {
        return Vec::new();
    }
    listed
        .iter()
        .filter(|path| !exempt(path))
        .filter(|path| {
            !annotations
                .iter()
                .any(|a| a.paths.iter().any(|glob| glob_match(glob, path)))
        })
        .filter(|path| !root.join(format!("{path}.license")).is_file())
        .filter(|path| tags(&root.join(path)).is_empty())
        .cloned()
        .collect()
}

/// REUSE.toml globs: `*` stays inside one folder, `**` crosses folders,
/// `\*` is a literal star.
pub fn glob_match(glob: &str, path: &str) -> bool {
    let glob: Vec<char> = glob.chars().collect();
    let path: Vec<char> = path.chars().collect();
    matches(&glob, &path)
}

fn matches(glob: &[char], path: &[char]) -> bool {
    match glob {
        [] => path.is_empty(),
        ['*', '*', rest @ ..] => (0..=path.len()).any(|i| matches(rest, &path[i..])),
        ['*', rest @ ..] => (0..=path.len())
            .take_while(|&i| i == 0 || path[i - 1] != '/')
            .any(|i| matches(rest, &path[i..])),
        ['\\', c, rest @ ..] => path.first() == Some(c) && matches(rest, &path[1..]),
        [c, rest @ ..] => path.first() == Some(c) && matches(rest, &path[1..]),
    }
}

/// The licence expressions tagged in a file, outside REUSE-Ignore regions.
pub fn tags(path: &Path) -> Vec<String> {
    let Ok(text) = files::read_text(path) else {
        return Vec::new();
    };
    let mut ignoring = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains(IGNORE_START) {
            ignoring = true;
        }
        if line.contains(IGNORE_END) {
            ignoring = false;
            continue;
        }
        if ignoring {
            continue;
        }
        if let Some((_, rest)) = line.split_once(TAG) {
            let expression = rest
                .trim()
                .trim_end_matches("*/")
                .trim_end_matches("-->")
                .trim_end_matches(['"', '\'', ',', ';'])
                .trim();
            if !expression.is_empty() {
                out.push(expression.to_string());
            }
        }
    }
    out
}

/// The licence and exception identifiers an SPDX expression names.
pub fn identifiers(expression: &str) -> Result<BTreeSet<String>, String> {
    let parsed =
        Expression::parse_mode(expression, ParseMode::LAX).map_err(|err| err.to_string())?;
    let mut out = BTreeSet::new();
    for node in parsed.iter() {
        let ExprNode::Req(req) = node else { continue };
        match &req.req.license {
            LicenseItem::Spdx { id, .. } => out.insert(id.name.to_string()),
            LicenseItem::Other(other) => out.insert(other.to_string()),
        };
        match &req.req.addition {
            Some(AdditionItem::Spdx(id)) => out.insert(id.name.to_string()),
            Some(AdditionItem::Other(other)) => out.insert(other.to_string()),
            None => false,
        };
    }
    Ok(out)
}

/// The licences in use: REUSE.toml's, and the tags of the listed files.
/// Where a licence expression that cannot be read was found, and why.
fn expression_in(file: &str, expression: &str, error: &str) -> String {
    fill(
        t().scaffold.expression_in,
        &[
            ("file", &file),
            ("expression", &expression),
            ("error", &error),
        ],
    )
}

pub fn licences_in_use(
    root: &Path,
    listed: &[String],
    annotations: &[Annotation],
) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for expression in annotations.iter().flat_map(|a| &a.licences) {
        out.extend(
            identifiers(expression).map_err(|err| expression_in("REUSE.toml", expression, &err))?,
        );
    }
    for path in listed.iter().filter(|p| !p.starts_with("LICENSES/")) {
        for expression in tags(&root.join(path)) {
            out.extend(
                identifiers(&expression).map_err(|err| expression_in(path, &expression, &err))?,
            );
        }
    }
    Ok(out)
}

/// The licences `LICENSES/` holds: the names of its files without extension.
pub fn licences_present(root: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(root.join("LICENSES")) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !name.ends_with(".license") && !name.starts_with('.'))
        .map(|name| {
            name.rsplit_once('.')
                .map_or(name.clone(), |(stem, _)| stem.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_reuse_rules() {
        assert!(glob_match("**", "a/b/c.rs"));
        assert!(glob_match("*.md", "README.md"));
        assert!(!glob_match("*.md", "docs/README.md"));
        assert!(glob_match("docs/**", "docs/a/b.md"));
        assert!(glob_match("src/*.rs", "src/main.rs"));
        assert!(!glob_match("src/*.rs", "src/a/main.rs"));
        assert!(glob_match("a\\*b", "a*b"));
        assert!(!glob_match("a\\*b", "axb"));
    }

    #[test]
    fn expressions_name_their_licences() {
        let ids = identifiers("MIT OR Apache-2.0 WITH LLVM-exception").unwrap();
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            vec!["Apache-2.0", "LLVM-exception", "MIT"]
        );
        assert!(identifiers("pas une licence ((").is_err());
    }

    #[test]
    fn reuse_toml_needs_version_and_complete_annotations() {
        let good = "version = 1\n[[annotations]]\npath = \"**\"\nSPDX-FileCopyrightText = \"2025 X\"\nSPDX-License-Identifier = \"MIT\"\n";
        assert!(covers_all(&parse(good).unwrap()));
        assert!(parse("version = 2\n").is_err());
        assert!(parse(&good.replace("SPDX-License-Identifier = \"MIT\"\n", "")).is_err());
        assert!(parse("not toml [").is_err());
    }
}
