//! git with git2: who authors the first commit, and the commit itself.
//! No network: the repository is only created and committed to locally.

use std::fs;
use std::path::Path;

use git2::{IndexEntry, IndexTime, Oid, Repository, RepositoryInitOptions, Signature};

use super::render::RenderedFile;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// The branch of the first commit.
pub(crate) const BRANCH: &str = "main";

/// The first commit's message (repository content, in French like the files).
pub(crate) const MESSAGE: &str = "Premier commit : dépôt ouvert par défaut créé par onboard";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// `user.name` and `user.email` from git's global and system configuration.
pub(crate) fn configured() -> Option<Identity> {
    let config = git2::Config::open_default().ok()?.snapshot().ok()?;
    let name = config.get_string("user.name").ok()?.trim().to_string();
    let email = config.get_string("user.email").ok()?.trim().to_string();
    if name.is_empty() || email.is_empty() {
        return None;
    }
    Some(Identity { name, email })
}

/// The work tree that holds `dir`, if `dir` is inside one.
pub(crate) fn enclosing_work_tree(dir: &Path) -> Option<std::path::PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// Creates a repository in `dir` on `main`, and commits `files` (already
/// written under `dir`, as rendered) in one commit, signed off by its author.
pub fn commit(dir: &Path, files: &[RenderedFile], identity: &Identity) -> Result<()> {
    let fail =
        |err: git2::Error| Error::msg(fill(t().scaffold.git_failed, &[("error", &err.message())]));
    let mut options = RepositoryInitOptions::new();
    options.initial_head(BRANCH).external_template(false);
    let repo = Repository::init_opts(dir, &options).map_err(fail)?;
    // Objects are gathered in memory and written as one pack at the end:
    // one file instead of a directory and a file per object.
    let odb = repo.odb().map_err(fail)?;
    let mempack = odb.add_new_mempack_backend(1000).map_err(fail)?;
    let mut index = repo.index().map_err(fail)?;
    for file in files {
        // What `git add` records, made from the text in memory and the
        // file's status on disk: `add_path` would read each file again and
        // look up attributes and filters for it (about 14 system calls a
        // file). None apply: the files hold exactly the rendered text, and
        // the scaffold writes no .gitattributes.
        let path = dir.join(&file.path);
        let meta = fs::symlink_metadata(&path).map_err(|err| {
            Error::file(
                t().scaffold.cannot_write_file,
                &path,
                err,
                t().scaffold.hint_check_parent,
            )
        })?;
        index
            .add_frombuffer(&index_entry(&file.path, &meta), file.content.as_bytes())
            .map_err(fail)?;
    }
    index.write().map_err(fail)?;
    let tree_id = index.write_tree().map_err(fail)?;
    let tree = repo.find_tree(tree_id).map_err(fail)?;
    let signature = Signature::now(&identity.name, &identity.email).map_err(fail)?;
    let message = format!(
        "{MESSAGE}\n\nSigned-off-by: {} <{}>\n",
        identity.name, identity.email
    );
    let commit = repo
        .commit(Some("HEAD"), &signature, &signature, &message, &tree, &[])
        .map_err(fail)?;
    // The pack, built on this thread: by default the builder starts a
    // thread per core to look for deltas, which costs more than the search
    // among some twenty small objects.
    let mut builder = repo.packbuilder().map_err(fail)?;
    builder.set_threads(1);
    builder.insert_commit(commit).map_err(fail)?;
    let mut pack = git2::Buf::new();
    builder.write_buf(&mut pack).map_err(fail)?;
    drop(builder);
    let mut writer = odb.packwriter().map_err(fail)?;
    std::io::Write::write_all(&mut writer, &pack)
        .map_err(|err| fail(git2::Error::from_str(&err.to_string())))?;
    writer.commit().map_err(fail)?;
    mempack.reset().map_err(fail)?;
    Ok(())
}

/// The index entry of a regular file, with its status as `git add` takes it
/// (git compares these to tell a changed file without reading it).
pub(crate) fn index_entry(path: &str, meta: &fs::Metadata) -> IndexEntry {
    #[cfg(unix)]
    let (ctime, mtime, dev, ino, mode, uid, gid) = {
        use std::os::unix::fs::MetadataExt;
        let time = |secs: i64, nanos: i64| IndexTime::new(secs as i32, nanos as u32);
        let executable = meta.mode() & 0o111 != 0;
        (
            time(meta.ctime(), meta.ctime_nsec()),
            time(meta.mtime(), meta.mtime_nsec()),
            meta.dev() as u32,
            meta.ino() as u32,
            if executable { 0o100755 } else { 0o100644 },
            meta.uid(),
            meta.gid(),
        )
    };
    #[cfg(not(unix))]
    let (ctime, mtime, dev, ino, mode, uid, gid) = {
        let since = |time: std::io::Result<std::time::SystemTime>| {
            time.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(IndexTime::new(0, 0), |d| {
                    IndexTime::new(d.as_secs() as i32, d.subsec_nanos())
                })
        };
        (
            since(meta.created()),
            since(meta.modified()),
            0,
            0,
            0o100644,
            0,
            0,
        )
    };
    IndexEntry {
        ctime,
        mtime,
        dev,
        ino,
        mode,
        uid,
        gid,
        file_size: meta.len() as u32,
        id: Oid::ZERO_SHA1,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
