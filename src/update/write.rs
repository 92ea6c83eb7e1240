//! Writing an update: everything is built aside first (the new files and
//! the new index in a temporary folder inside `.git`, the objects in the
//! object database, which changes nothing a repository shows), then swapped
//! in with renames, under the save guard so that Ctrl-C and SIGTERM wait
//! for the swap to end. A kill before the swap leaves the repository as it
//! was (a stale temporary folder in `.git` is removed by the next update).
//! A kill during the swap (SIGKILL, a power cut) cannot be held: the swap
//! keeps every file it replaces in the temporary folder and writes a
//! journal first, and the next `onboard update` rolls it back before it
//! looks at the repository ([`recover`]).

use std::fs;
use std::path::{Path, PathBuf};

use git2::{IndexEntry, IndexTime, Oid, Repository, Signature};

use super::merge::{Change, Status};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// The prefix of the temporary folders in `.git`.
const TEMP_PREFIX: &str = "onboard-update-";

/// What to write once the plan is decided.
pub(crate) struct Writing<'a> {
    pub root: &'a Path,
    pub changes: &'a [Change],
    /// The merge's second parent: the commit of the new pure render.
    pub render: Oid,
    /// `--commit`: the merge commit's message and author; else the merge
    /// is left in progress, as `git merge --no-commit` leaves it.
    pub commit: Option<(&'a str, &'a Signature<'a>)>,
    pub merge_message: &'a str,
}

pub(crate) fn git_error(err: git2::Error) -> Error {
    Error::msg(fill(t().update.git_failed, &[("error", &err.message())]))
}

/// The journal of a swap: what to put back if it does not end.
#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    /// HEAD's commit before the swap (`--commit` moves it).
    head: String,
    /// Each file the swap touches, in order: its path in the work tree, and
    /// the name in the temporary folder of the original it replaced or
    /// removed (`None`: the file is new).
    files: Vec<(String, Option<String>)>,
    /// MERGE_HEAD and MERGE_MSG are written by the swap.
    merge_state: bool,
}

impl Journal {
    /// Whether every entry is one that [`write`] could have written: paths
    /// inside the work tree, originals named `original-N` in the temporary
    /// folder, and a commit id.
    fn is_well_formed(&self) -> bool {
        let original = |name: &str| {
            name.strip_prefix(ORIGINAL_PREFIX)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        Oid::from_str(&self.head).is_ok()
            && self.files.iter().all(|(path, aside)| {
                crate::scaffold::plan::check_relative(path).is_ok()
                    && aside.as_deref().is_none_or(original)
            })
    }
}

const JOURNAL: &str = "journal.json";
/// The name in the temporary folder of an original the swap put aside,
/// followed by the change's number.
const ORIGINAL_PREFIX: &str = "original-";
const ORIGINAL_INDEX: &str = "index.orig";

/// Rolls back a swap that a kill interrupted, then removes the temporary
/// folders a killed update left in `.git`. Returns whether it rolled back.
pub(crate) fn recover(repo: &Repository, root: &Path) -> Result<bool> {
    let git_dir = repo.path().to_path_buf();
    let Ok(entries) = fs::read_dir(&git_dir) else {
        return Ok(false);
    };
    let mut rolled_back = false;
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|k| k.is_dir());
        if !is_dir || !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let temp = entry.path();
        let journal = crate::files::open_regular(&temp.join(JOURNAL), false)
            .ok()
            .and_then(|file| crate::files::read_capped(file, 16 << 20).ok().flatten());
        if let Some(journal) = journal.and_then(|b| serde_json::from_slice::<Journal>(&b).ok()) {
            // The journal sits in `.git`, where anyone with write access to
            // the repository can plant one: it is followed only when every
            // entry has the shape onboard writes, and is left alone (with
            // its folder) otherwise.
            if !journal.is_well_formed() {
                let path = temp.display().to_string();
                let shown = crate::text::visible(&path, false);
                return Err(Error::msg(fill(
                    t().update.journal_refused,
                    &[("path", &shown)],
                )));
            }
            roll_back(repo, root, &temp, &journal)?;
            rolled_back = true;
        }
        let _ = fs::remove_dir_all(&temp);
    }
    Ok(rolled_back)
}

/// Puts back what `journal` lists; [`recover`] has checked that it is
/// well formed.
fn roll_back(repo: &Repository, root: &Path, temp: &Path, journal: &Journal) -> Result<()> {
    let s = &t().update;
    for (path, original) in journal.files.iter().rev() {
        let target = root.join(path);
        let fail = |err| Error::file(s.cannot_write, &target, err, s.hint_write);
        match original {
            Some(name) if temp.join(name).exists() => {
                if let Some(dir) = target.parent() {
                    fs::create_dir_all(dir).map_err(fail)?;
                }
                fs::rename(temp.join(name), &target).map_err(fail)?;
            }
            // Not moved aside yet: the original is still in place.
            Some(_) => {}
            None => match fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(root, &target),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(fail(err)),
            },
        }
    }
    let git_dir = repo.path();
    if journal.merge_state {
        let _ = fs::remove_file(git_dir.join("MERGE_HEAD"));
        let _ = fs::remove_file(git_dir.join("MERGE_MSG"));
    }
    let index = git_dir.join("index");
    if temp.join(ORIGINAL_INDEX).exists() {
        fs::rename(temp.join(ORIGINAL_INDEX), &index)
            .map_err(|err| Error::file(s.cannot_write, &index, err, s.hint_write))?;
    }
    let head = Oid::from_str(&journal.head).map_err(git_error)?;
    let now = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(git_error)?;
    if now.id() != head {
        let mut reference = repo.head().and_then(|h| h.resolve()).map_err(git_error)?;
        reference
            .set_target(head, "onboard update: interrupted update rolled back")
            .map_err(git_error)?;
    }
    crate::files::sync_dir(root);
    Ok(())
}

/// Builds aside, then swaps in. Returns the merge commit with `--commit`.
pub(crate) fn write(repo: &Repository, writing: &Writing) -> Result<Option<Oid>> {
    let s = &t().update;
    let git_dir = repo.path().to_path_buf();
    let temp_fail = |err| Error::file(s.cannot_write, &git_dir, err, s.hint_write);
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(&git_dir)
        .map_err(temp_fail)?;
    // 1. The new files, aside.
    let mut staged: Vec<(usize, PathBuf)> = Vec::new();
    for (i, change) in writing.changes.iter().enumerate() {
        let Some(bytes) = &change.content else {
            continue;
        };
        let aside = temp.path().join(i.to_string());
        write_new(&aside, bytes, change.mode).map_err(temp_fail)?;
        staged.push((i, aside));
    }
    // 2. The new index, aside: a copy of the current one, changed.
    let index_path = git_dir.join("index");
    let new_index = temp.path().join("index");
    if index_path.exists() {
        fs::copy(&index_path, &new_index).map_err(temp_fail)?;
    }
    let mut index = git2::Index::open(&new_index).map_err(git_error)?;
    for (i, aside) in &staged {
        let change = &writing.changes[*i];
        let bytes = change.content.as_deref().unwrap_or_default();
        let meta = fs::symlink_metadata(aside).map_err(temp_fail)?;
        let mut entry = crate::scaffold::git::index_entry(&change.path, &meta);
        entry.id = repo.blob(bytes).map_err(git_error)?;
        if let Some(sides) = &change.sides {
            index
                .remove_path(Path::new(&change.path))
                .map_err(git_error)?;
            for (stage, side) in sides.iter().enumerate() {
                if let Some(bytes) = side {
                    let id = repo.blob(bytes).map_err(git_error)?;
                    index
                        .add(&conflict_entry(
                            &change.path,
                            change.mode,
                            id,
                            stage as u16 + 1,
                        ))
                        .map_err(git_error)?;
                }
            }
        } else {
            index.add(&entry).map_err(git_error)?;
        }
    }
    for change in writing
        .changes
        .iter()
        .filter(|c| c.status == Status::Removed)
    {
        index
            .remove_path(Path::new(&change.path))
            .map_err(git_error)?;
    }
    index.write().map_err(git_error)?;
    let tree = match writing.commit {
        Some(_) => Some(index.write_tree_to(repo).map_err(git_error)?),
        None => None,
    };
    // Every target is checked before the first rename; a new file never
    // replaces one that git does not track (an ignored file).
    for change in writing.changes {
        check_target(writing.root, &change.path)?;
        let new = matches!(change.status, Status::Added | Status::Restored);
        let target = writing.root.join(&change.path);
        if new && fs::symlink_metadata(&target).is_ok() {
            return Err(Error::msg(fill(
                s.untracked_in_the_way,
                &[("path", &crate::text::visible(&change.path, false))],
            )));
        }
    }
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(git_error)?;
    // 3. The journal, then the swap: renames only, with Ctrl-C and SIGTERM
    // held. Every original goes aside into the temporary folder, so that a
    // kill half-way can be rolled back (see `recover`).
    if index_path.exists() {
        fs::copy(&index_path, temp.path().join(ORIGINAL_INDEX)).map_err(temp_fail)?;
    }
    let mut journal = Journal {
        head: head.id().to_string(),
        files: Vec::new(),
        merge_state: writing.commit.is_none(),
    };
    let replaced = |i: usize| format!("{ORIGINAL_PREFIX}{i}");
    for (i, change) in writing.changes.iter().enumerate() {
        let touched = change.content.is_some() || change.status == Status::Removed;
        if !touched {
            continue;
        }
        let exists = fs::symlink_metadata(writing.root.join(&change.path)).is_ok();
        journal
            .files
            .push((change.path.clone(), exists.then(|| replaced(i))));
    }
    if writing.commit.is_none() {
        // The merge in progress, as `git merge --no-commit` leaves it:
        // written aside too, and moved in by the swap.
        let head_line = format!("{}\n", writing.render);
        write_new(&temp.path().join("MERGE_HEAD"), head_line.as_bytes(), 0).map_err(temp_fail)?;
        write_new(
            &temp.path().join("MERGE_MSG"),
            writing.merge_message.as_bytes(),
            0,
        )
        .map_err(temp_fail)?;
    }
    let journal_bytes = serde_json::to_vec(&journal).unwrap_or_default();
    write_new(&temp.path().join(JOURNAL), &journal_bytes, 0).map_err(temp_fail)?;
    crate::files::sync_dir(temp.path());
    let _swapping = crate::signals::hold();
    for (i, aside) in &staged {
        let target = writing.root.join(&writing.changes[*i].path);
        let fail = |err| Error::file(s.cannot_write, &target, err, s.hint_write);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        if fs::symlink_metadata(&target).is_ok() {
            fs::rename(&target, temp.path().join(replaced(*i))).map_err(fail)?;
        }
        fs::rename(aside, &target).map_err(fail)?;
    }
    for (i, change) in writing.changes.iter().enumerate() {
        if change.status != Status::Removed {
            continue;
        }
        let target = writing.root.join(&change.path);
        match fs::rename(&target, temp.path().join(replaced(i))) {
            Ok(()) => remove_empty_parents(writing.root, &target),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(Error::file(s.cannot_write, &target, err, s.hint_write)),
        }
    }
    if writing.commit.is_none() {
        for name in ["MERGE_HEAD", "MERGE_MSG"] {
            let target = git_dir.join(name);
            fs::rename(temp.path().join(name), &target)
                .map_err(|err| Error::file(s.cannot_write, &target, err, s.hint_write))?;
        }
    }
    fs::rename(&new_index, &index_path)
        .map_err(|err| Error::file(s.cannot_write, &index_path, err, s.hint_write))?;
    let commit = match (writing.commit, tree) {
        (Some((message, signature)), Some(tree)) => {
            let tree = repo.find_tree(tree).map_err(git_error)?;
            let render = repo.find_commit(writing.render).map_err(git_error)?;
            let id = repo
                .commit(
                    Some("HEAD"),
                    signature,
                    signature,
                    message,
                    &tree,
                    &[&head, &render],
                )
                .map_err(git_error)?;
            Some(id)
        }
        _ => None,
    };
    // The swap is complete: without its journal, the folder is only
    // leftovers (removed below, or by the next update).
    crate::files::sync_dir(writing.root);
    fs::remove_file(temp.path().join(JOURNAL)).map_err(temp_fail)?;
    crate::files::sync_dir(writing.root);
    Ok(commit)
}

/// A new file with the mode git records (executable or not).
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if mode == 0o100755 { 0o777 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A conflict stage (1 base, 2 ours, 3 theirs), as `git merge` records it.
fn conflict_entry(path: &str, mode: u32, id: Oid, stage: u16) -> IndexEntry {
    let zero = IndexTime::new(0, 0);
    IndexEntry {
        ctime: zero,
        mtime: zero,
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: (path.len().min(0xfff) as u16) | (stage << 12),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// No folder on the way to a target may be a symbolic link (the tree is
/// clean, but a committed link must not carry a write out of the
/// repository), and the target itself is a regular file or absent.
fn check_target(root: &Path, path: &str) -> Result<()> {
    crate::scaffold::plan::check_relative(path)?;
    let s = &t().update;
    let mut at = root.to_path_buf();
    for part in path.split('/') {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::msg(fill(
                    s.link_in_the_way,
                    &[("path", &at.display())],
                )));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
