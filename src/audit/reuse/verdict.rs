//! The REUSE verdict on a repository: every covered file, and `LICENSES/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::config::{self, Precedence, ReuseToml};
use super::dep5::{self, Dep5};
use super::header::{self, Info};
use super::{decode, expression};
use crate::audit::files;

/// How much of a file is read for its header. reuse 6 reads whole files;
/// tags more than 1 MiB into a file are not seen (a header is at the top,
/// and a file of that size is data). Documented in docs/reuse.md.
pub(crate) const READ_CAP: u64 = 1024 * 1024;

/// What the check found. The lists are sorted.
#[derive(Debug, Default)]
pub(crate) struct Verdict {
    /// Covered files, and how many of them were read.
    pub total: usize,
    pub checked: usize,
    pub no_licence: Vec<String>,
    pub no_copyright: Vec<String>,
    /// (file, expression) that does not follow the SPDX grammar.
    pub invalid: Vec<(String, String)>,
    /// (file, error): files that could not be read, places not walked.
    pub read_errors: Vec<(String, String)>,
    /// (file, what): a REUSE.toml or dep5 that cannot be read, or both kinds.
    pub config_error: Option<(String, String)>,
    /// `.reuse/dep5` was used (a recommendation to convert it).
    pub dep5: bool,
    /// Identifiers in use, in `LICENSES/`, and what is wrong there.
    pub used: BTreeSet<String>,
    pub present: BTreeSet<String>,
    pub missing: Vec<String>,
    pub unused: Vec<String>,
    pub bad: Vec<String>,
    pub deprecated: Vec<String>,
    pub no_extension: Vec<String>,
}

impl Verdict {
    /// Every covered file has a licence and a copyright, all were read.
    pub(crate) fn files_ok(&self) -> bool {
        self.config_error.is_none()
            && self.checked == self.total
            && self.read_errors.is_empty()
            && self.no_licence.is_empty()
            && self.no_copyright.is_empty()
            && self.invalid.is_empty()
    }

    /// `LICENSES/` holds exactly the licences in use, each well named.
    pub(crate) fn licences_ok(&self) -> bool {
        self.config_error.is_none()
            && self.missing.is_empty()
            && self.unused.is_empty()
            && self.bad.is_empty()
            && self.deprecated.is_empty()
            && self.no_extension.is_empty()
    }
}

const IGNORED_DIRS: &[&str] = &[".git", ".hg", ".sl", "LICENSES", ".reuse"];

/// Whether a directory path (its components) is one reuse skips.
fn dirs_ignored(dirs: &[&str]) -> bool {
    dirs.iter()
        .enumerate()
        .any(|(i, dir)| IGNORED_DIRS.contains(dir) || (i > 0 && dirs[i - 1] == "subprojects"))
}

/// File names reuse never asks licensing information for.
fn name_ignored(name: &str) -> bool {
    let dashed_or_dotted = |rest: &str| rest.is_empty() || rest.starts_with(['-', '.']);
    let dotted = |rest: &str| rest.is_empty() || (rest.starts_with('.') && rest.len() > 1);
    if name
        .strip_prefix("LICENSE")
        .or_else(|| name.strip_prefix("LICENCE"))
        .or_else(|| name.strip_prefix("COPYING"))
        .is_some_and(dashed_or_dotted)
    {
        return true;
    }
    if let Some(rest) = name.strip_prefix("CAL-1.0") {
        let rest = rest
            .strip_prefix("-Combined-Work-Exception")
            .unwrap_or(rest);
        if dotted(rest) {
            return true;
        }
    }
    if name.strip_prefix("SHL-2.1").is_some_and(dotted) {
        return true;
    }
    if let Some((_, ext)) = name.split_once(".spdx.")
        && matches!(ext, "rdf" | "json" | "xml" | "yml" | "yaml")
        && !ext.contains('.')
    {
        return true;
    }
    matches!(name, ".git" | ".hgtags" | "REUSE.toml")
        || name.ends_with(".license")
        || name.ends_with(".spdx")
}

/// Splits `a/b/c` into (["a", "b"], "c").
fn split(path: &str) -> (Vec<&str>, &str) {
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or("");
    (parts, name)
}

/// The global licensing files: nested REUSE.toml files, or dep5.
enum Global {
    None,
    Tomls(Vec<ReuseToml>),
    Dep5(Dep5),
}

fn read_config(root: &Path, path: &str) -> Result<String, (String, String)> {
    let bytes = files::read_head(&root.join(path), 16 * 1024 * 1024)
        .map_err(|err| (path.to_string(), crate::error::describe(&err)))?;
    String::from_utf8(bytes).map_err(|_| (path.to_string(), "UTF-8".to_string()))
}

fn global(root: &Path, listed: &[String]) -> Result<Global, (String, String)> {
    let mut tomls = Vec::new();
    for path in listed {
        let (dirs, name) = split(path);
        if name != "REUSE.toml" || dirs_ignored(&dirs) {
            continue;
        }
        let text = read_config(root, path)?;
        let dir = dirs.join("/");
        tomls.push(config::parse(&text, &dir).map_err(|what| (path.clone(), what))?);
    }
    let dep5_path = ".reuse/dep5";
    let has_dep5 = std::fs::symlink_metadata(root.join(dep5_path)).is_ok();
    if has_dep5 && !tomls.is_empty() {
        let toml = if tomls[0].dir.is_empty() {
            "REUSE.toml".to_string()
        } else {
            format!("{}/REUSE.toml", tomls[0].dir)
        };
        return Err((toml, dep5_path.to_string()));
    }
    if has_dep5 {
        let text = read_config(root, dep5_path)?;
        return dep5::parse(&text)
            .map(Global::Dep5)
            .map_err(|what| (dep5_path.to_string(), what));
    }
    if tomls.is_empty() {
        return Ok(Global::None);
    }
    tomls.sort_by_key(|t| {
        if t.dir.is_empty() {
            0
        } else {
            t.dir.split('/').count()
        }
    });
    Ok(Global::Tomls(tomls))
}

/// What the global files say of one path, by precedence.
#[derive(Default)]
struct Found {
    overrides: Vec<Info>,
    aggregates: Vec<Info>,
    closest: Vec<Info>,
}

fn lookup(global: &Global, path: &str, scratch: &mut Vec<usize>) -> Found {
    let mut found = Found::default();
    match global {
        Global::None => {}
        Global::Dep5(dep5) => {
            if let Some(p) = dep5.find(path, scratch) {
                found.aggregates.push(Info {
                    expressions: vec![p.expression.clone()],
                    copyright: p.copyright,
                });
            }
        }
        Global::Tomls(tomls) => {
            for toml in tomls {
                let relative = if toml.dir.is_empty() {
                    path
                } else {
                    match path
                        .strip_prefix(toml.dir.as_str())
                        .and_then(|r| r.strip_prefix('/'))
                    {
                        Some(r) => r,
                        None => continue,
                    }
                };
                let Some(a) = toml.find(relative, scratch) else {
                    continue;
                };
                let info = Info {
                    expressions: a.expressions.clone(),
                    copyright: a.copyright,
                };
                match a.precedence {
                    Precedence::Override => {
                        found.overrides.push(info);
                        break;
                    }
                    Precedence::Aggregate => found.aggregates.push(info),
                    Precedence::Closest => found.closest.push(info),
                }
            }
            // Closest: the deepest copyright and the deepest licence.
            let (mut copyright, mut licence) = (false, false);
            let mut kept = Vec::new();
            for info in found.closest.iter().rev() {
                let mut new = Info::default();
                if !copyright && info.copyright {
                    new.copyright = true;
                    copyright = true;
                }
                if !licence && !info.expressions.is_empty() {
                    new.expressions = info.expressions.clone();
                    licence = true;
                }
                if !new.is_empty() {
                    kept.push(new);
                }
            }
            kept.reverse();
            found.closest = kept;
        }
    }
    found
}

/// The header of a file or of its sidecar; `None` for a 0-byte file.
fn file_info(root: &Path, path: &str) -> Result<Option<Info>, String> {
    let full = root.join(path);
    let meta = std::fs::symlink_metadata(&full).map_err(|e| crate::error::describe(&e))?;
    if !meta.file_type().is_file() || meta.len() == 0 {
        return Ok(None);
    }
    let sidecar = root.join(format!("{path}.license"));
    let source = if std::fs::symlink_metadata(&sidecar).is_ok() {
        sidecar
    } else {
        full
    };
    let bytes = files::read_head(&source, READ_CAP).map_err(|e| crate::error::describe(&e))?;
    let cut = bytes.len() as u64 == READ_CAP;
    Ok(Some(
        decode::decode(&bytes, cut).map_or_else(Info::default, |text| header::extract(&text)),
    ))
}

/// The verdict on `root`, whose files (from [`files::walk`]) are `listed`.
pub(crate) fn check(root: &Path, listed: &[String]) -> Verdict {
    let mut verdict = Verdict::default();
    let global = match global(root, listed) {
        Ok(global) => global,
        Err(error) => {
            verdict.config_error = Some(error);
            return verdict;
        }
    };
    verdict.dep5 = matches!(global, Global::Dep5(_));
    licences_dir(root, &mut verdict);
    let mut scratch = Vec::new();
    for path in listed {
        let (dirs, name) = split(path);
        if name_ignored(name) || dirs_ignored(&dirs) {
            continue;
        }
        let found = lookup(&global, path, &mut scratch);
        let file = if found.overrides.is_empty() {
            match file_info(root, path) {
                Ok(Some(info)) => info,
                Ok(None) => continue,
                Err(error) => {
                    verdict.total += 1;
                    verdict.read_errors.push((path.clone(), error));
                    continue;
                }
            }
        } else {
            Info::default()
        };
        verdict.total += 1;
        verdict.checked += 1;
        let mut infos: Vec<&Info> = found.overrides.iter().chain(&found.aggregates).collect();
        let extra;
        if !file.is_empty() {
            infos.push(&file);
        }
        let has_licence = !file.expressions.is_empty();
        if !file.copyright && !has_licence {
            infos.extend(&found.closest);
        } else if let Some(closest) = found.closest.first()
            && file.copyright != has_licence
        {
            extra = if file.copyright {
                Info {
                    expressions: closest.expressions.clone(),
                    copyright: false,
                }
            } else {
                Info {
                    expressions: Vec::new(),
                    copyright: closest.copyright,
                }
            };
            infos.push(&extra);
        }
        let mut licensed = false;
        for expr in infos.iter().flat_map(|i| &i.expressions) {
            match expression::identifiers(expr) {
                Some(ids) => {
                    licensed = true;
                    for id in ids {
                        let bare = id.strip_suffix('+').unwrap_or(&id).to_string();
                        if !verdict.present.contains(&id) && !verdict.present.contains(&bare) {
                            verdict.missing.push(id.clone());
                        }
                        verdict.used.insert(id);
                    }
                }
                None => verdict.invalid.push((path.clone(), expr.clone())),
            }
        }
        if !licensed {
            verdict.no_licence.push(path.clone());
        }
        if !infos.iter().any(|i| i.copyright) {
            verdict.no_copyright.push(path.clone());
        }
    }
    verdict.missing.sort();
    verdict.missing.dedup();
    verdict.unused = verdict
        .present
        .iter()
        .filter(|id| !verdict.used.contains(*id) && !verdict.used.contains(&format!("{id}+")))
        .cloned()
        .collect();
    verdict
}

/// Python's `Path.stem` and `Path.suffix`, which reuse uses.
fn stem_and_suffix(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && i < name.len() - 1 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

fn is_spdx(id: &str) -> bool {
    spdx::license_id(id).is_some() || spdx::exception_id(id).is_some()
}

fn is_licence_ref(id: &str) -> bool {
    id.strip_prefix("LicenseRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    })
}

/// `LICENSES/` (and below), as reuse names its files.
fn licences_dir(root: &Path, verdict: &mut Verdict) {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut stack = vec![root.join("LICENSES")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                stack.push(entry.path());
                continue;
            }
            if name.ends_with(".license") {
                continue;
            }
            let shown = entry
                .path()
                .strip_prefix(root)
                .map_or_else(|_| name.clone(), |p| p.to_string_lossy().replace('\\', "/"));
            let (stem, suffix) = stem_and_suffix(&name);
            let id = if suffix.is_empty() && is_spdx(&name) {
                verdict.no_extension.push(shown.clone());
                name.clone()
            } else {
                if suffix.is_empty() || !(is_spdx(stem) || is_licence_ref(stem)) {
                    verdict.bad.push(shown.clone());
                }
                stem.to_string()
            };
            if spdx::license_id(&id).is_some_and(|l| l.is_deprecated()) {
                verdict.deprecated.push(id.clone());
            }
            if names.insert(id.clone(), shown.clone()).is_some() {
                verdict.bad.push(shown);
            }
        }
    }
    verdict.present = names.into_keys().collect();
    verdict.bad.sort();
    verdict.no_extension.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuse_ignores_what_it_ignores() {
        for name in [
            "LICENSE",
            "LICENCE.md",
            "LICENSE-MIT",
            "COPYING.LESSER",
            "REUSE.toml",
            "a.license",
            "sbom.spdx",
            "sbom.spdx.json",
            ".hgtags",
            "CAL-1.0.txt",
            "SHL-2.1",
        ] {
            assert!(name_ignored(name), "{name}");
        }
        for name in [
            "LICENSES_x",
            "LICENSEx",
            "main.rs",
            "spdx.json",
            "CAL-1.0-x",
        ] {
            assert!(!name_ignored(name), "{name}");
        }
        assert!(dirs_ignored(&["a", "LICENSES"]));
        assert!(dirs_ignored(&["subprojects", "zlib"]));
        assert!(!dirs_ignored(&["subprojects"]));
    }

    #[test]
    fn python_stems() {
        assert_eq!(stem_and_suffix("MIT.txt"), ("MIT", ".txt"));
        assert_eq!(stem_and_suffix("GPL-3.0"), ("GPL-3", ".0"));
        assert_eq!(stem_and_suffix(".x"), (".x", ""));
        assert_eq!(stem_and_suffix("MIT."), ("MIT.", ""));
    }
}
