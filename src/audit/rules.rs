//! The open-by-default rules. Each says in words whether it holds and, when
//! it does not, what to do.

use std::path::Path;

use super::files::{self, Unreadable};
use super::{licence_match, publiccode, reuse};
use crate::i18n::{fill, t};

/// A rule's verdict, before it gets its id.
pub enum Outcome {
    Pass(String),
    Fail { message: String, fix: String },
}

/// A required file: the rule id's name, and the names accepted for it.
pub struct RequiredFile {
    pub name: &'static str,
    pub accepted: &'static [&'static str],
}

pub const REQUIRED_FILES: &[RequiredFile] = &[
    RequiredFile {
        name: "README.md",
        accepted: &["README.md", "README", "README.txt", "README.rst"],
    },
    RequiredFile {
        name: "LICENSE",
        accepted: &["LICENSE", "LICENSE.md", "LICENSE.txt"],
    },
    RequiredFile {
        name: "REUSE.toml",
        accepted: &["REUSE.toml"],
    },
    RequiredFile {
        name: "CONTRIBUTING.md",
        accepted: &[
            "CONTRIBUTING.md",
            ".github/CONTRIBUTING.md",
            "docs/CONTRIBUTING.md",
        ],
    },
    RequiredFile {
        name: "CODE_OF_CONDUCT.md",
        accepted: &[
            "CODE_OF_CONDUCT.md",
            ".github/CODE_OF_CONDUCT.md",
            "docs/CODE_OF_CONDUCT.md",
        ],
    },
    RequiredFile {
        name: "SECURITY.md",
        accepted: &["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"],
    },
    RequiredFile {
        name: "GOVERNANCE.md",
        accepted: &[
            "GOVERNANCE.md",
            ".github/GOVERNANCE.md",
            "docs/GOVERNANCE.md",
        ],
    },
    RequiredFile {
        name: "SUPPORT.md",
        accepted: &["SUPPORT.md", ".github/SUPPORT.md", "docs/SUPPORT.md"],
    },
    RequiredFile {
        name: "CHANGELOG.md",
        accepted: &["CHANGELOG.md", "CHANGELOG"],
    },
    RequiredFile {
        name: "publiccode.yml",
        accepted: &["publiccode.yml", "publiccode.yaml"],
    },
    RequiredFile {
        name: ".editorconfig",
        accepted: &[".editorconfig"],
    },
    RequiredFile {
        name: ".gitignore",
        accepted: &[".gitignore"],
    },
];

/// The repository under audit, with its file list read once.
pub struct Repo<'a> {
    pub root: &'a Path,
    pub listed: Vec<String>,
}

impl Repo<'_> {
    /// The text of the first accepted name that exists, or why not.
    fn text(&self, accepted: &[&str]) -> Result<(String, String), (String, Unreadable)> {
        let Some(found) = files::find(self.root, accepted) else {
            return Err((accepted[0].to_string(), Unreadable::Missing));
        };
        match files::read_text(&self.root.join(&found)) {
            Ok(text) => Ok((found, text)),
            Err(why) => Err((found, why)),
        }
    }
}

fn fail(message: String, fix: &str) -> Outcome {
    Outcome::Fail {
        message,
        fix: fix.to_string(),
    }
}

/// Why a file cannot be used, in words.
fn unreadable(name: &str, why: &Unreadable) -> String {
    let s = &t().scaffold;
    match why {
        Unreadable::Missing => fill(s.file_missing, &[("file", &name)]),
        Unreadable::Empty => fill(s.file_empty, &[("file", &name)]),
        Unreadable::TooBig => fill(s.file_too_big, &[("file", &name)]),
        Unreadable::NotText => fill(s.file_not_text, &[("file", &name)]),
        Unreadable::Io(err) => fill(s.file_unreadable, &[("file", &name), ("error", err)]),
    }
}

pub fn required_file(repo: &Repo, file: &RequiredFile) -> Outcome {
    let s = &t().scaffold;
    match repo.text(file.accepted) {
        Ok((found, _)) => Outcome::Pass(fill(s.file_present, &[("file", &found)])),
        Err((name, why)) => fail(
            unreadable(&name, &why),
            &fill(s.fix_file, &[("file", &file.name)]),
        ),
    }
}

pub fn licence_text(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[1].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_licence_text),
    };
    match licence_match::identify(&text) {
        Ok((id, score)) => Outcome::Pass(fill(
            s.licence_recognised,
            &[("file", &found), ("id", &id), ("score", &percent(score))],
        )),
        Err(score) => fail(
            fill(
                s.licence_unknown,
                &[("file", &found), ("score", &percent(score))],
            ),
            s.fix_licence_text,
        ),
    }
}

fn percent(score: f64) -> String {
    let n = format!("{:.0}", (score * 100.0).floor());
    fill(t().scaffold.percent, &[("n", &n)])
}

/// At most this many files are named in a message; the count says the rest.
const SHOWN: usize = 20;

/// The first [`SHOWN`] of `items`, and how many more there are.
fn listing(items: &[String]) -> String {
    let list = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() <= SHOWN {
        return list;
    }
    fill(
        t().scaffold.reuse_list_more,
        &[("list", &list), ("more", &(items.len() - SHOWN))],
    )
}

/// The REUSE verdict's fatal problem (an unreadable REUSE.toml or dep5),
/// as a failed rule.
fn reuse_config_failure(verdict: &reuse::Verdict) -> Option<Outcome> {
    let s = &t().scaffold;
    let (file, what) = verdict.config_error.as_ref()?;
    let message = if what == ".reuse/dep5" {
        fill(s.reuse_config_conflict, &[("file", file), ("other", what)])
    } else {
        fill(s.reuse_config_invalid, &[("file", file), ("what", what)])
    };
    Some(fail(message, s.fix_reuse_config))
}

fn reuse_verdict(repo: &Repo) -> reuse::Verdict {
    reuse::check(repo.root, &repo.listed)
}

/// Every covered file has a licence and a copyright holder, as `reuse lint`
/// reads them (headers, `.license` files, REUSE.toml, `.reuse/dep5`).
pub fn reuse_coverage(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let verdict = reuse_verdict(repo);
    if let Some(outcome) = reuse_config_failure(&verdict) {
        return outcome;
    }
    let mut problems = Vec::new();
    if verdict.checked < verdict.total {
        problems.push(fill(
            s.reuse_partial,
            &[("checked", &verdict.checked), ("total", &verdict.total)],
        ));
    }
    for (file, error) in verdict.read_errors.iter().take(SHOWN) {
        problems.push(fill(
            s.reuse_read_error,
            &[("file", file), ("error", error)],
        ));
    }
    if !verdict.no_licence.is_empty() {
        problems.push(fill(
            s.reuse_no_licence,
            &[
                ("count", &verdict.no_licence.len()),
                ("files", &listing(&verdict.no_licence)),
            ],
        ));
    }
    if !verdict.no_copyright.is_empty() {
        problems.push(fill(
            s.reuse_no_copyright,
            &[
                ("count", &verdict.no_copyright.len()),
                ("files", &listing(&verdict.no_copyright)),
            ],
        ));
    }
    for (file, expression) in verdict.invalid.iter().take(SHOWN) {
        problems.push(fill(
            s.reuse_invalid_expression,
            &[("file", file), ("expression", expression)],
        ));
    }
    if verdict.dep5 {
        problems.push(s.reuse_dep5_note.to_string());
    }
    if verdict.files_ok() {
        let done = fill(s.reuse_files_ok, &[("count", &verdict.checked)]);
        return Outcome::Pass(
            std::iter::once(done)
                .chain(problems)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    fail(problems.join(" "), s.fix_reuse_files)
}

/// `LICENSES/` holds exactly the licences in use, each named as REUSE asks.
pub fn licences_dir(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let verdict = reuse_verdict(repo);
    if let Some(outcome) = reuse_config_failure(&verdict) {
        return outcome;
    }
    if verdict.licences_ok() {
        let list: Vec<&str> = verdict.used.iter().map(String::as_str).collect();
        return Outcome::Pass(fill(s.licences_match, &[("ids", &list.join(", "))]));
    }
    let mut problems = Vec::new();
    let groups = [
        (&verdict.missing, s.licences_missing, "ids"),
        (&verdict.unused, s.licences_extra, "ids"),
        (&verdict.bad, s.licences_bad, "files"),
        (&verdict.deprecated, s.licences_deprecated, "ids"),
        (&verdict.no_extension, s.licences_no_extension, "files"),
    ];
    for (items, template, key) in groups {
        if !items.is_empty() {
            problems.push(fill(template, &[(key, &listing(items))]));
        }
    }
    fail(problems.join(" "), s.fix_licences_dir)
}

pub fn publiccode_keys(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[9].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_publiccode),
    };
    let problems = publiccode::problems(&text);
    if problems.is_empty() {
        return Outcome::Pass(fill(s.publiccode_ok, &[("file", &found)]));
    }
    fail(
        fill(
            s.publiccode_problems,
            &[("file", &found), ("problems", &problems.join(" ; "))],
        ),
        s.fix_publiccode,
    )
}

pub fn publiccode_licence(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[9].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_publiccode_licence),
    };
    let Some(expression) = publiccode::licence_expression(&text) else {
        return fail(
            fill(s.publiccode_no_licence, &[("file", &found)]),
            s.fix_publiccode_licence,
        );
    };
    match spdx::Expression::parse(&expression) {
        Ok(_) => Outcome::Pass(fill(
            s.publiccode_licence_ok,
            &[("file", &found), ("expression", &expression)],
        )),
        Err(err) => fail(
            fill(
                s.publiccode_licence_bad,
                &[
                    ("file", &found),
                    ("expression", &expression),
                    ("error", &err.reason),
                ],
            ),
            s.fix_publiccode_licence,
        ),
    }
}

pub fn security_contact(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[5].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_security),
    };
    let has_email = text
        .split(|c: char| c.is_whitespace() || "<>()[]\"',;".contains(c))
        .any(|word| {
            crate::policy::validate::email(word.trim_start_matches("mailto:").trim_end_matches('.'))
                .is_ok()
        });
    let has_url = text.contains("https://") || text.contains("http://");
    if has_email || has_url {
        Outcome::Pass(fill(s.security_ok, &[("file", &found)]))
    } else {
        fail(
            fill(s.security_no_contact, &[("file", &found)]),
            s.fix_security,
        )
    }
}

pub fn readme_tracker(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[0].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_readme_tracker),
    };
    let links_tracker = ["/issues", "/-/issues", "/tickets"]
        .iter()
        .any(|needle| text.contains(needle));
    if links_tracker {
        Outcome::Pass(fill(s.readme_tracker_ok, &[("file", &found)]))
    } else {
        fail(
            fill(s.readme_no_tracker, &[("file", &found)]),
            s.fix_readme_tracker,
        )
    }
}

/// A CI file of GitHub, GitLab, Forgejo/Gitea or Woodpecker, not empty.
pub fn ci(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let is_ci = |path: &str| {
        let yaml = path.ends_with(".yml") || path.ends_with(".yaml");
        let in_workflows = [
            ".github/workflows/",
            ".forgejo/workflows/",
            ".gitea/workflows/",
            ".woodpecker/",
        ]
        .iter()
        .any(|dir| path.starts_with(dir) && !path[dir.len()..].contains('/'));
        (yaml && in_workflows) || matches!(path, ".gitlab-ci.yml" | ".woodpecker.yml")
    };
    let found = repo
        .listed
        .iter()
        .filter(|path| is_ci(path))
        .find(|path| files::read_text(&repo.root.join(path.as_str())).is_ok());
    match found {
        Some(path) => Outcome::Pass(fill(s.ci_ok, &[("file", path)])),
        None => fail(s.ci_missing.to_string(), s.fix_ci),
    }
}
