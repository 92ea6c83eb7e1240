//! Reading a content directory: its step files and one level of language
//! directories, each file read once, as text, with a hard size cap.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use super::parallel::in_parallel;
use super::problem::{Problem, at, at_start};
use crate::files;
use crate::i18n::{fill, t};

/// Step files larger than this are refused.
pub(crate) const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// One content file, read as text, or the problem that kept it from being read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How messages name it.
    pub name: String,
    /// Its path inside the content directory, with '/' separators.
    pub rel: String,
    pub text: Cow<'static, str>,
    pub problem: Option<Problem>,
}

/// Hidden files and a content directory's own documents are not steps.
pub(super) fn skipped(rel: &str) -> bool {
    let base = rel.rsplit('/').next().unwrap_or(rel);
    base.starts_with('.')
        || ["README", "LICENSE", "CHANGELOG"]
            .iter()
            .any(|doc| base.starts_with(doc))
}

/// Reads a content directory and its language subdirectories, sorted by path.
/// `Err` only when the directory itself cannot be read.
pub(crate) fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Vec<Problem>> {
    let mut files = Vec::new();
    // Links are followed only to files inside this directory.
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    read_level(dir, &root, "", &mut files, 0)?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(files)
}

/// Directories with at least this many entries are read on several threads:
/// opening and reading a file costs about 16 µs of system calls, starting a
/// thread about 0.8 ms (see `check::PARALLEL_FROM`).
const PARALLEL_FROM: usize = 128;

/// An entry of a content directory, before it is read.
pub(super) struct ListedFile {
    name: String,
    /// Its path inside the content directory, with '/' separators.
    pub(super) rel: String,
    pub(super) path: PathBuf,
    regular: bool,
    /// As the listing gave it: its type and status cost no path lookup.
    pub(super) listed: fs::DirEntry,
}

/// The entries of `dir` that may be content (hidden files and a directory's
/// own documents left out), named `prefix` + file name, in listing order;
/// with the error that ended the listing early, if one did. Reading the
/// content and stamping it for the cache (`checked::dir`) both list this way.
pub(super) fn list(
    dir: &Path,
    prefix: &str,
) -> std::io::Result<(Vec<ListedFile>, Option<std::io::Error>)> {
    let mut listed = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => return Ok((listed, Some(err))),
        };
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if skipped(&rel) {
            continue;
        }
        let path = entry.path();
        listed.push(ListedFile {
            name: path.display().to_string(),
            rel,
            // From the directory listing itself on most file systems: no
            // system call. A symbolic link is not regular: it is followed below.
            regular: entry.file_type().is_ok_and(|kind| kind.is_file()),
            path,
            listed: entry,
        });
    }
    Ok((listed, None))
}

/// What reading an entry gave: a file, or a language directory to read next.
enum Read {
    File(SourceFile),
    Dir(PathBuf, String),
}

fn read_level(
    dir: &Path,
    root: &Path,
    prefix: &str,
    out: &mut Vec<SourceFile>,
    depth: usize,
) -> Result<(), Vec<Problem>> {
    let label = dir.display().to_string();
    let problem = |err: std::io::Error| vec![at_start(&label, &read_error(&err))];
    // An error while listing ends the listing; it is reported after the
    // directories listed before it, as when each entry was read in turn.
    let (listed, failure) = list(dir, prefix).map_err(problem)?;
    let failure = failure.map(problem);
    let parallel = listed.len() >= PARALLEL_FROM;
    for read in in_parallel(&listed, parallel, |entry| read_entry(entry, root, depth)) {
        match read {
            Read::File(file) => out.push(file),
            Read::Dir(path, rel) => read_level(&path, root, &format!("{rel}/"), out, 1)?,
        }
    }
    match failure {
        Some(problems) => Err(problems),
        None => Ok(()),
    }
}

fn read_entry(entry: &ListedFile, root: &Path, depth: usize) -> Read {
    let (name, rel) = (entry.name.clone(), entry.rel.clone());
    if !entry.regular {
        // A symbolic link (from a directory, or committed to a content
        // repository) is followed only to a file inside the content.
        let is_link = entry.listed.file_type().is_ok_and(|kind| kind.is_symlink());
        if is_link {
            match fs::canonicalize(&entry.path) {
                Ok(real) if real.starts_with(root) => {}
                Ok(_) => return Read::File(bad(name, rel, t().core.check_link_outside)),
                // A dangling link: unreadable, said as such below.
                Err(_) => {}
            }
        }
        match fs::metadata(&entry.path) {
            Ok(meta) if meta.is_dir() && depth == 0 => {
                return Read::Dir(entry.path.clone(), rel);
            }
            // A directory too deep, a named pipe or a device: not a step.
            Ok(meta) if !meta.is_file() => {
                return Read::File(bad(name, rel, t().core.check_not_a_step));
            }
            Ok(_) => {}
            Err(err) => return Read::File(bad(name, rel, &read_error(&err))),
        }
    }
    Read::File(read_file(name, rel, &entry.path))
}

/// A step file, opened once and checked through the open descriptor (a
/// named pipe swapped in is refused, not waited on), then read up to the
/// size cap whatever its metadata says (files in /proc claim 0 bytes).
fn read_file(name: String, rel: String, path: &Path) -> SourceFile {
    let file = match files::open_regular(path, true) {
        Ok(file) => file,
        Err(files::Refused::NotRegular) => return bad(name, rel, t().core.check_not_a_step),
        Err(files::Refused::Io(err)) => return bad(name, rel, &read_error(&err)),
    };
    match files::read_capped(file, MAX_FILE_SIZE) {
        Ok(Some(bytes)) => decode(name, rel, bytes),
        Ok(None) => {
            let message = fill(t().core.check_too_big, &[("max", &(MAX_FILE_SIZE / 1024))]);
            bad(name, rel, &message)
        }
        Err(err) => bad(name, rel, &read_error(&err)),
    }
}

/// A file's bytes as text, or the problem that they are not UTF-8.
fn decode(name: String, rel: String, bytes: Vec<u8>) -> SourceFile {
    match String::from_utf8(bytes) {
        Ok(text) => {
            // A byte-order mark is harmless: editors on Windows add it.
            let text = text
                .strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text);
            SourceFile {
                name,
                rel,
                text: Cow::Owned(text),
                problem: None,
            }
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let problem = at(&name, &text, valid, t().core.check_not_utf8);
            SourceFile {
                name,
                rel,
                text: Cow::Owned(String::new()),
                problem: Some(problem),
            }
        }
    }
}

fn bad(name: String, rel: String, message: &str) -> SourceFile {
    SourceFile {
        problem: Some(at_start(&name, message)),
        name,
        rel,
        text: Cow::Borrowed(""),
    }
}

fn read_error(err: &std::io::Error) -> String {
    fill(t().core.check_unreadable, &[("error", err)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_directory_read_on_several_threads_gives_every_file_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let count = PARALLEL_FROM * 2 + 3;
        for i in 0..count {
            fs::write(
                dir.path().join(format!("{i:03}.toml")),
                format!("n = {i}\n"),
            )
            .unwrap();
        }
        fs::create_dir(dir.path().join("en")).unwrap();
        fs::write(dir.path().join("en/000.toml"), "n = 0\n").unwrap();
        fs::create_dir(dir.path().join("en/deeper")).unwrap();
        fs::write(dir.path().join("README.md"), "not a step").unwrap();
        fs::write(dir.path().join("bom.toml"), "\u{feff}n = 1\n").unwrap();
        fs::write(dir.path().join("latin1.toml"), b"n = \"\xe9\"\n").unwrap();
        fs::write(
            dir.path().join("big.toml"),
            vec![b'#'; MAX_FILE_SIZE as usize + 1],
        )
        .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("001.toml"), dir.path().join("link.toml"))
            .unwrap();

        let files = read_dir_files(dir.path()).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        let find = |rel: &str| files.iter().find(|f| f.rel == rel).unwrap();
        for i in 0..count {
            let file = find(&format!("{i:03}.toml"));
            assert_eq!(file.text, format!("n = {i}\n"));
            assert!(file.problem.is_none());
        }
        assert_eq!(find("en/000.toml").text, "n = 0\n");
        assert!(find("en/deeper").problem.is_some());
        assert!(!rels.contains(&"README.md"));
        assert_eq!(find("bom.toml").text, "n = 1\n");
        assert!(find("latin1.toml").problem.is_some());
        assert!(find("big.toml").problem.is_some());
        #[cfg(unix)]
        assert_eq!(find("link.toml").text, "n = 1\n");
    }
}
