//! Reading an audited repository: the files that count (a walk with
//! `.gitignore` semantics, whether or not git opens the repository), bounded
//! reads that never follow a symbolic link nor open a FIFO or a device, and
//! alternative file names.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Larger files are not read as text.
pub(crate) const MAX_TEXT: u64 = 2 * 1024 * 1024;

/// Why a file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    Missing,
    Empty,
    TooBig,
    NotText,
    Io(String),
}

/// The first of `names` that exists as a file under `root`, relative.
pub(crate) fn find(root: &Path, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|name| root.join(name).is_file())
        .map(|name| (*name).to_string())
}

/// A file's text, if it is a non-empty UTF-8 file of reasonable size.
pub(crate) fn read_text(path: &Path) -> Result<String, Unreadable> {
    let bytes = match read_head(path, MAX_TEXT + 1) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(err) => return Err(Unreadable::Io(crate::error::describe(&err))),
    };
    if bytes.len() as u64 > MAX_TEXT {
        return Err(Unreadable::TooBig);
    }
    let text = String::from_utf8(bytes).map_err(|_| Unreadable::NotText)?;
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    Ok(text)
}

/// Opens `path` for reading if, and only if, it is a regular file: a
/// symbolic link is not followed, and a FIFO, a socket or a device is never
/// waited on (see [`crate::files::open_regular`], checked on the descriptor).
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    crate::files::open_regular(path, false).map_err(|refused| match refused {
        crate::files::Refused::Io(err) => err,
        crate::files::Refused::NotRegular => not_regular(),
    })
}

fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// At most the first `cap` bytes of a regular file, whatever its size claims.
pub(crate) fn read_head(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The repository's files, relative with `/`, sorted.
pub(crate) fn listed(root: &Path) -> Vec<String> {
    walk(root).files
}

/// What a walk found: the regular files, and the places it could not read.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub files: Vec<String>,
    /// A path (relative when possible) and what went wrong there.
    pub errors: Vec<(String, String)>,
}

/// Directories of version control systems, never part of the tree.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".sl"];

/// Every regular file under `root`, as git would see the work tree:
/// `.gitignore` files (at every level), `.git/info/exclude` and the global
/// excludes file apply even when `root` is not a git repository; version
/// control directories and submodules (a directory holding `.git`) are left
/// out; symbolic links are neither followed nor listed. There is no cap.
pub(crate) fn walk(root: &Path) -> Walk {
    let mut out = Walk::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .ignore(false)
        .parents(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if !is_dir || entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            !VCS_DIRS.contains(&name.as_ref())
                && fs::symlink_metadata(entry.path().join(".git")).is_err()
        })
        .build();
    for item in walker {
        match item {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if let Ok(relative) = entry.path().strip_prefix(root) {
                    out.files
                        .push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
            Err(err) => {
                let place = match &err {
                    ignore::Error::WithPath { path, .. } => path
                        .strip_prefix(root)
                        .unwrap_or(path)
                        .display()
                        .to_string(),
                    _ => root.display().to_string(),
                };
                out.errors.push((place, err.to_string()));
            }
        }
    }
    out.files.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_honours_gitignore_without_git_and_skips_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join(".gitignore"), "target/\n*.log\n").unwrap();
        fs::create_dir_all(root.join("target/debug")).unwrap();
        fs::write(root.join("target/debug/x"), "x").unwrap();
        fs::write(root.join("a.log"), "x").unwrap();
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("src/main.rs"), "x").unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("src/main.rs", root.join("link.rs")).unwrap();
        assert_eq!(listed(root), vec![".gitignore", "src/main.rs"]);
    }

    #[cfg(unix)]
    #[test]
    fn reads_refuse_links_and_fifos_and_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_head(&file, 4).unwrap(), b"0123");
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(read_head(&link, 4).is_err());
        assert!(read_head(Path::new("/dev/zero"), 4).is_err());
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(read_head(&fifo, 4).is_err());
        }
    }
}
