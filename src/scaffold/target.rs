//! The target folder: checked before anything is asked or written, built in
//! a temporary folder beside it, and moved into place only when complete.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::plan::check_relative;
use super::render::RenderedFile;
use crate::error::{Error, Result};
use crate::files::sync_dir;
use crate::i18n::{fill, t};

pub(crate) struct Target {
    /// PATH as given, for messages.
    pub shown: PathBuf,
    /// Where the repository goes.
    pub path: PathBuf,
    /// The folder that holds it (the temporary folder goes there too).
    pub parent: PathBuf,
    /// PATH is an empty folder already: the files move into it.
    pub exists: bool,
    /// PATH's last component, the default project name.
    pub default_name: Option<String>,
}

/// Refuses a PATH that exists and is not an empty folder (a file, a
/// non-empty folder, a symbolic link), or whose parent folder is missing.
pub(crate) fn inspect(path: &Path) -> Result<Target> {
    let s = &t().scaffold;
    let shown = path.to_path_buf();
    let refuse = |message: &str| Error::msg(fill(message, &[("path", &path.display())]));
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(s.target_is_link)),
        Ok(meta) if !meta.is_dir() => Err(refuse(s.target_is_file)),
        Ok(_) => {
            let mut entries = fs::read_dir(path)
                .map_err(|err| Error::file(s.cannot_read_dir, path, err, s.hint_check_target))?;
            if entries.next().is_some() {
                return Err(refuse(s.target_not_empty));
            }
            let full = fs::canonicalize(path)
                .map_err(|err| Error::file(s.cannot_read_dir, path, err, s.hint_check_target))?;
            let parent = full
                .parent()
                .ok_or_else(|| refuse(s.target_is_root))?
                .to_path_buf();
            let default_name = full.file_name().map(|n| n.to_string_lossy().into_owned());
            Ok(Target {
                shown,
                path: full,
                parent,
                exists: true,
                default_name,
            })
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let Some(name) = path.file_name() else {
                return Err(refuse(s.target_no_name));
            };
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if !parent.is_dir() {
                return Err(Error::msg(fill(
                    s.parent_missing,
                    &[("path", &path.display()), ("parent", &parent.display())],
                )));
            }
            Ok(Target {
                shown,
                path: path.to_path_buf(),
                parent,
                exists: false,
                default_name: Some(name.to_string_lossy().into_owned()),
            })
        }
        Err(err) => Err(Error::file(
            s.cannot_read_dir,
            path,
            err,
            s.hint_check_target,
        )),
    }
}

/// A temporary folder beside the target, removed if anything fails.
pub(crate) fn temporary(target: &Target) -> Result<TempDir> {
    let s = &t().scaffold;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".onboard-scaffold-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a plain mkdir: the umask decides.
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    builder.tempdir_in(&target.parent).map_err(|err| {
        Error::file(
            s.cannot_create_temp,
            &target.parent,
            err,
            s.hint_check_parent,
        )
    })
}

/// Writes the rendered files under `root`, checking each path again.
/// No fsync per file: a failure of the process leaves only the temporary
/// directory, which is removed; the move into place is what is synced.
/// (Nineteen fsyncs made up half of scaffold's time.)
pub fn write_files(root: &Path, files: &[RenderedFile]) -> Result<()> {
    let s = &t().scaffold;
    for file in files {
        check_relative(&file.path)?;
        let path = root.join(&file.path);
        let fail = |err| Error::file(s.cannot_write_file, &path, err, s.hint_check_parent);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut handle = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(fail)?;
        handle.write_all(file.content.as_bytes()).map_err(fail)?;
    }
    Ok(())
}

/// Moves the finished tree into place: a rename of the whole folder when
/// PATH does not exist, or of each top-level entry into the empty folder
/// PATH (which keeps the folder itself, e.g. a shell's current folder).
/// On failure, what was moved is moved back.
pub(crate) fn install(tree: TempDir, target: &Target) -> Result<()> {
    let s = &t().scaffold;
    let fail = |err| Error::file(s.cannot_move, &target.shown, err, s.hint_check_parent);
    if !target.exists {
        let tree = tree.keep();
        if let Err(err) = fs::rename(&tree, &target.path) {
            let _ = fs::remove_dir_all(&tree);
            return Err(fail(err));
        }
        sync_dir(&target.parent);
        return Ok(());
    }
    let mut moved: Vec<PathBuf> = Vec::new();
    let result = (|| -> std::io::Result<()> {
        for entry in fs::read_dir(tree.path())? {
            let name = entry?.file_name();
            let destination = target.path.join(&name);
            if fs::symlink_metadata(&destination).is_ok() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    destination.display().to_string(),
                ));
            }
            fs::rename(tree.path().join(&name), &destination)?;
            moved.push(name.into());
        }
        Ok(())
    })();
    if let Err(err) = result {
        for name in &moved {
            let _ = fs::rename(target.path.join(name), tree.path().join(name));
        }
        return Err(fail(err));
    }
    sync_dir(&target.path);
    Ok(())
}
