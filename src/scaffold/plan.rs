//! The file plan: which files a scaffolded repository holds, for each forge,
//! and where each comes from. Paths are fixed here, never built from user
//! values (only the licence identifier, from the allowed list), and each is
//! checked to stay inside the target.

use std::path::{Component, Path};

use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::Forge;
use crate::policy::licences::Licence;

use super::source::Templates;

/// Where a planned file's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A template of the set in use, by name.
    Template(String),
    /// The licence text with its notice filled (`LICENSE`).
    LicenceNotice,
    /// The SPDX text of the licence (`LICENSES/<id>.txt`).
    LicenceText,
    /// The answers and onboard's version (`.onboard.toml`).
    Answers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    /// Relative path inside the repository, with `/` separators.
    pub path: String,
    pub source: Source,
}

/// The answers file, so the repository can be audited or re-applied later.
pub(crate) use crate::policy::ANSWERS_FILE;

/// Files of every repository: (path, template).
const COMMON: &[(&str, &str)] = &[
    (".editorconfig", "common/editorconfig.j2"),
    (".gitignore", "common/gitignore.j2"),
    ("CHANGELOG.md", "common/CHANGELOG.md.j2"),
    ("CODE_OF_CONDUCT.md", "common/CODE_OF_CONDUCT.md.j2"),
    ("CONTRIBUTING.md", "common/CONTRIBUTING.md.j2"),
    ("GOVERNANCE.md", "common/GOVERNANCE.md.j2"),
    ("README.md", "common/README.md.j2"),
    ("REUSE.toml", "common/REUSE.toml.j2"),
    ("SECURITY.md", "common/SECURITY.md.j2"),
    ("SUPPORT.md", "common/SUPPORT.md.j2"),
    ("publiccode.yml", "common/publiccode.yml.j2"),
];

const GITHUB: &[(&str, &str)] = &[
    (
        ".github/ISSUE_TEMPLATE/bug_report.yml",
        "github/bug_report.yml.j2",
    ),
    (
        ".github/ISSUE_TEMPLATE/config.yml",
        "github/issue_config.yml.j2",
    ),
    (
        ".github/PULL_REQUEST_TEMPLATE.md",
        "github/PULL_REQUEST_TEMPLATE.md.j2",
    ),
    (".github/dependabot.yml", "github/dependabot.yml.j2"),
    (".github/workflows/ci.yml", "github/ci.yml.j2"),
];

const GITLAB: &[(&str, &str)] = &[
    (".gitlab-ci.yml", "gitlab/gitlab-ci.yml.j2"),
    (
        ".gitlab/issue_templates/Default.md",
        "gitlab/issue_Default.md.j2",
    ),
    (
        ".gitlab/merge_request_templates/Default.md",
        "gitlab/merge_request_Default.md.j2",
    ),
];

/// Every template the plan may use, for the consistency tests.
pub(crate) fn all_templates() -> impl Iterator<Item = &'static str> {
    COMMON
        .iter()
        .chain(GITHUB)
        .chain(GITLAB)
        .map(|(_, template)| *template)
}

/// The files of a repository for `forge` under `licence`, sorted by path,
/// from the templates built into the binary.
#[cfg(test)]
pub(crate) fn plan(forge: Forge, licence: &Licence) -> Result<Vec<Planned>> {
    plan_for(&Templates::embedded(), forge, licence)
}

/// The files of a repository made from `templates`: the known templates
/// the set has (a set without one makes no such file), and any other
/// template under `common/` or the forge's folder, at the same path
/// without `.j2` (`common/docs/ADR.md.j2` makes `docs/ADR.md`).
pub(crate) fn plan_for(
    templates: &Templates,
    forge: Forge,
    licence: &Licence,
) -> Result<Vec<Planned>> {
    let (forge_files, folder) = match forge {
        Forge::Github => (GITHUB, "github/"),
        Forge::Gitlab => (GITLAB, "gitlab/"),
    };
    let mut files: Vec<Planned> = COMMON
        .iter()
        .chain(forge_files)
        .filter(|(_, template)| templates.get(template).is_some())
        .map(|(path, template)| Planned {
            path: (*path).to_string(),
            source: Source::Template((*template).to_string()),
        })
        .collect();
    let known: Vec<&str> = all_templates().collect();
    for name in templates.files.keys() {
        let Some(rest) = name
            .strip_prefix("common/")
            .or_else(|| name.strip_prefix(folder))
        else {
            continue;
        };
        let path = rest.strip_suffix(".j2").unwrap_or(rest);
        if known.contains(&name.as_str()) || files.iter().any(|f| f.path == path) {
            continue;
        }
        files.push(Planned {
            path: path.to_string(),
            source: Source::Template(name.clone()),
        });
    }
    files.push(Planned {
        path: "LICENSE".to_string(),
        source: Source::LicenceNotice,
    });
    files.push(Planned {
        path: format!("LICENSES/{}.txt", licence.id),
        source: Source::LicenceText,
    });
    files.push(Planned {
        path: ANSWERS_FILE.to_string(),
        source: Source::Answers,
    });
    // A team's template cannot stand for the files onboard makes itself.
    let reserved = |f: &Planned| {
        matches!(f.source, Source::Template(_))
            && (f.path == "LICENSE" || f.path == ANSWERS_FILE || f.path.starts_with("LICENSES/"))
    };
    files.retain(|f| !reserved(f));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in &files {
        check_relative(&file.path)?;
    }
    Ok(files)
}

/// A planned path must stay inside the target: relative, and made of plain
/// names only (no `..`, no `.`, no empty component, no root or drive).
pub(crate) fn check_relative(path: &str) -> Result<()> {
    let refuse = || Error::msg(fill(t().scaffold.unsafe_path, &[("path", &path)]));
    let bad_segment = |segment: &str| segment.is_empty() || segment == "." || segment == "..";
    if path.is_empty() || path.contains(['\\', ':']) || path.split('/').any(bad_segment) {
        return Err(refuse());
    }
    let all_plain = Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(name) if name != "." && name != ".."));
    if all_plain { Ok(()) } else { Err(refuse()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::licences::LICENCES;

    #[test]
    fn plans_are_sorted_and_differ_by_forge() {
        let github = plan(Forge::Github, &LICENCES[0]).unwrap();
        let gitlab = plan(Forge::Gitlab, &LICENCES[0]).unwrap();
        let paths = |p: &[Planned]| p.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        let mut sorted = paths(&github);
        sorted.sort();
        assert_eq!(paths(&github), sorted);
        assert!(paths(&github).contains(&".github/workflows/ci.yml".to_string()));
        assert!(paths(&gitlab).contains(&".gitlab-ci.yml".to_string()));
        assert!(paths(&gitlab).contains(&"LICENSES/MIT.txt".to_string()));
    }

    #[test]
    fn paths_outside_the_target_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a/./b",
            "a/",
            "C:\\x",
            "a\\b",
        ] {
            assert!(check_relative(bad).is_err(), "{bad}");
        }
        for good in [
            "README.md",
            ".github/workflows/ci.yml",
            "LICENSES/CECILL-2.1.txt",
        ] {
            assert!(check_relative(good).is_ok(), "{good}");
        }
    }
}
