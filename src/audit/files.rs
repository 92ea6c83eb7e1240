//! Reading an audited repository: bounded reads, alternative file names,
//! and the list of files that count (tracked by git, or all but `.git`).

use std::fs;
use std::path::{Path, PathBuf};

/// Larger files are not read as text.
pub const MAX_TEXT: u64 = 2 * 1024 * 1024;
/// At most this many files are looked at for REUSE coverage and SPDX tags.
pub const MAX_FILES: usize = 20_000;

/// Why a file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Missing,
    Empty,
    TooBig,
    NotText,
    Io(String),
}

/// The first of `names` that exists as a file under `root`, relative.
pub fn find(root: &Path, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|name| root.join(name).is_file())
        .map(|name| (*name).to_string())
}

/// A file's text, if it is a non-empty UTF-8 file of reasonable size.
pub fn read_text(path: &Path) -> Result<String, Unreadable> {
    let meta = match fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => return Err(Unreadable::Missing),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(err) => return Err(Unreadable::Io(crate::error::describe(&err))),
    };
    if meta.len() > MAX_TEXT {
        return Err(Unreadable::TooBig);
    }
    let bytes = fs::read(path).map_err(|err| Unreadable::Io(crate::error::describe(&err)))?;
    let text = String::from_utf8(bytes).map_err(|_| Unreadable::NotText)?;
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    Ok(text)
}

/// The repository's files, relative with `/`: the git index when `root` is
/// a git repository's top, else every file under `root` but `.git`.
pub fn listed(root: &Path) -> Vec<String> {
    if let Ok(repo) = git2::Repository::open(root)
        && repo.workdir().is_some_and(|w| same_dir(w, root))
        && let Ok(index) = repo.index()
        && !index.is_empty()
    {
        return index
            .iter()
            .take(MAX_FILES)
            .filter_map(|entry| String::from_utf8(entry.path).ok())
            .filter(|path| root.join(path).is_file())
            .collect();
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if out.len() >= MAX_FILES {
            return;
        }
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        if meta.is_dir() {
            if relative != ".git" {
                walk(root, &path, out);
            }
        } else if meta.is_file() {
            out.push(relative);
        }
    }
}
