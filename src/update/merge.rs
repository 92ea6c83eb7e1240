//! The plan of an update: for each file of the base or of the new render,
//! what happens to it, decided by a three-way comparison (libgit2's file
//! merge where both sides changed it).

use std::collections::{BTreeMap, BTreeSet};

use git2::{MergeFileInput, MergeFileOptions};

use crate::audit::rules::{REQUIRED_FILES, Severity};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::scaffold::plan::ANSWERS_FILE;

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The team never touched it: it takes the new template's text.
    Updated,
    /// Both changed it, in different places: merged cleanly.
    Merged,
    /// Both changed it in the same place: conflict markers.
    Conflict,
    /// A new template file.
    Added,
    /// A template file that no longer exists, never touched by the team.
    Removed,
    /// The team's version stays: a change or a deletion of theirs that
    /// the template also changed (or removed).
    Kept,
    /// Deleted by the team but required by a rule: written again.
    Restored,
}

/// One file of the plan.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub status: Status,
    /// The new content; `None` removes the file (or keeps it deleted).
    pub content: Option<Vec<u8>>,
    /// The file mode of the result (the team's, else a plain file).
    pub mode: u32,
    /// For a conflict: the base's, the team's and the template's texts.
    pub sides: Option<[Option<Vec<u8>>; 3]>,
}

/// A file as one side has it: its bytes and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Side {
    pub bytes: Vec<u8>,
    pub mode: u32,
}

pub(crate) const FILE_MODE: u32 = 0o100644;

/// The plan: `base` and `theirs` are the pure renders (path -> text),
/// `ours` gives the repository's version of a path (from HEAD), and
/// `all_ours` lists every path HEAD holds (for the required-file rule).
/// `.onboard.toml` is left out: update writes it whole.
pub(crate) fn plan(
    base: &BTreeMap<String, Vec<u8>>,
    theirs: &BTreeMap<String, Vec<u8>>,
    ours: &dyn Fn(&str) -> Result<Option<Side>>,
    all_ours: &BTreeSet<String>,
    label: &str,
) -> Result<Vec<Change>> {
    let paths: BTreeSet<&String> = base.keys().chain(theirs.keys()).collect();
    let mut changes = Vec::new();
    for path in paths {
        if path == ANSWERS_FILE {
            continue;
        }
        let b = base.get(path);
        let t = theirs.get(path);
        let o = ours(path)?;
        // A link, a submodule or a folder where a file was: never touched.
        if o.as_ref().is_some_and(|o| !is_file_mode(o.mode)) {
            if b != t {
                changes.push(change(path, Status::Kept, None, 0));
            }
            continue;
        }
        let mode = o.as_ref().map_or(FILE_MODE, |o| o.mode);
        let o_bytes = o.as_ref().map(|o| &o.bytes);
        if o_bytes == t {
            continue;
        }
        let required = || t.is_some() && required(path, all_ours);
        if b == t {
            // The template did not change this file: the team's version
            // stays, unless it deleted a file a rule requires.
            if o.is_none() && required() {
                changes.push(change(path, Status::Restored, t.cloned(), mode));
            }
            continue;
        }
        if o_bytes == b {
            let status = match (b, t) {
                (_, None) => Status::Removed,
                (None, Some(_)) => Status::Added,
                (Some(_), Some(_)) => Status::Updated,
            };
            changes.push(change(path, status, t.cloned(), mode));
            continue;
        }
        match (o_bytes, t) {
            (_, None) => changes.push(change(path, Status::Kept, None, mode)),
            (None, Some(t)) if required() => {
                changes.push(change(path, Status::Restored, Some(t.clone()), mode))
            }
            (None, Some(_)) => changes.push(change(path, Status::Kept, None, mode)),
            (Some(o), Some(t)) => changes.push(merge(path, b, o, t, mode, label)?),
        }
    }
    Ok(changes)
}

fn change(path: &str, status: Status, content: Option<Vec<u8>>, mode: u32) -> Change {
    Change {
        path: path.to_string(),
        status,
        content,
        mode,
        sides: None,
    }
}

fn is_file_mode(mode: u32) -> bool {
    mode == 0o100644 || mode == 0o100755
}

/// libgit2's three-way file merge, with standard markers: `HEAD` for the
/// repository's side, `label` for the templates'.
fn merge(
    path: &str,
    base: Option<&Vec<u8>>,
    ours: &[u8],
    theirs: &[u8],
    mode: u32,
    label: &str,
) -> Result<Change> {
    // git2's merge_file does not initialise libgit2 itself (its other
    // entry points do): creating an index does, once per process.
    drop(git2::Index::new());
    let empty = Vec::new();
    fn input<'a>(bytes: &'a [u8], path: &str) -> MergeFileInput<'a> {
        let mut input = MergeFileInput::new();
        input.content(bytes).path(path).mode(None);
        input
    }
    let (b, o, th) = (
        input(base.unwrap_or(&empty), path),
        input(ours, path),
        input(theirs, path),
    );
    let mut options = MergeFileOptions::new();
    options
        .ancestor_label("base")
        .our_label("HEAD")
        .their_label(label)
        .style_standard(true);
    let result = git2::merge_file(&b, &o, &th, Some(&mut options))
        .map_err(|err| Error::msg(fill(t().update.git_failed, &[("error", &err.message())])))?;
    let content = result.content().to_vec();
    if result.is_automergeable() {
        return Ok(change(path, Status::Merged, Some(content), mode));
    }
    Ok(Change {
        sides: Some([base.cloned(), Some(ours.to_vec()), Some(theirs.to_vec())]),
        ..change(path, Status::Conflict, Some(content), mode)
    })
}

/// Whether `path` is the only file that satisfies a required rule (the
/// team may have moved it: `docs/README.md` holds the README rule).
fn required(path: &str, all_ours: &BTreeSet<String>) -> bool {
    REQUIRED_FILES
        .iter()
        .filter(|file| file.severity == Some(Severity::Required))
        .filter(|file| file.accepted.iter().any(|p| matches(p, path)))
        .any(|file| {
            !all_ours
                .iter()
                .any(|other| other != path && file.accepted.iter().any(|p| matches(p, other)))
        })
}

/// The audit's name patterns: any case, `*` in the last component.
fn matches(pattern: &str, path: &str) -> bool {
    let (p_dir, p_name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    if !p_dir.eq_ignore_ascii_case(dir) {
        return false;
    }
    let (p_name, name) = (p_name.to_lowercase(), name.to_lowercase());
    match p_name.split_once('*') {
        Some((start, end)) => {
            name.len() >= start.len() + end.len() && name.starts_with(start) && name.ends_with(end)
        }
        None => p_name == name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    fn run(
        base: &[(&str, &str)],
        ours: &[(&str, &str)],
        theirs: &[(&str, &str)],
    ) -> Vec<(String, Status)> {
        let ours = map(ours);
        let all: BTreeSet<String> = ours.keys().cloned().collect();
        let get = |p: &str| {
            Ok(ours.get(p).map(|bytes| Side {
                bytes: bytes.clone(),
                mode: FILE_MODE,
            }))
        };
        plan(&map(base), &map(theirs), &get, &all, "onboard")
            .unwrap()
            .into_iter()
            .map(|c| (c.path, c.status))
            .collect()
    }

    #[test]
    fn each_case_has_its_status() {
        let text = "a\nb\nc\nd\ne\nf\ng\n";
        let got = run(
            &[
                ("same", "x"),
                ("untouched", "1"),
                ("gone", "g"),
                ("edited", text),
                ("both", text),
                ("GOVERNANCE.md", "v1"),
                ("README.md", "r1"),
                ("kept", "k"),
            ],
            &[
                ("same", "x"),
                ("untouched", "1"),
                ("gone", "g"),
                ("edited", "A\nb\nc\nd\ne\nf\ng\n"),
                ("both", "a\nb\nc\nD\ne\nf\ng\n"),
                ("kept", "k2"),
            ],
            &[
                ("same", "x"),
                ("untouched", "2"),
                ("edited", "a\nb\nc\nd\ne\nf\nG\n"),
                ("both", "a\nb\nc\nd!\ne\nf\ng\n"),
                ("GOVERNANCE.md", "v2"),
                ("README.md", "r2"),
                ("new", "n"),
            ],
        );
        assert_eq!(
            got,
            [
                ("GOVERNANCE.md".to_string(), Status::Kept),
                ("README.md".to_string(), Status::Restored),
                ("both".to_string(), Status::Conflict),
                ("edited".to_string(), Status::Merged),
                ("gone".to_string(), Status::Removed),
                ("kept".to_string(), Status::Kept),
                ("new".to_string(), Status::Added),
                ("untouched".to_string(), Status::Updated),
            ]
        );
    }

    #[test]
    fn a_moved_readme_holds_the_rule() {
        let all: BTreeSet<String> = ["docs/README.md".to_string()].into();
        assert!(!required("README.md", &all));
        assert!(required("README.md", &BTreeSet::new()));
        assert!(required("SECURITY.md", &BTreeSet::new()));
        assert!(!required("GOVERNANCE.md", &BTreeSet::new()));
        assert!(matches("LICENSE*", "license.txt"));
        assert!(!matches("LICENSE*", "docs/LICENSE"));
    }
}
