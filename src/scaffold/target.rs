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
    /// The folders as opened when PATH was inspected.
    #[cfg_attr(not(unix), allow(dead_code))]
    dirs: Dirs,
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
    let shown = path.to_path_buf();
    // `link/` would resolve the link: look at `link` itself.
    let path: PathBuf = path.components().collect();
    let target = inspect_path(&path, shown)?;
    #[cfg(unix)]
    let target = {
        let mut target = target;
        open_dirs(&mut target)?;
        target
    };
    Ok(target)
}

fn inspect_path(path: &Path, shown: PathBuf) -> Result<Target> {
    let s = &t().scaffold;
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
                dirs: Dirs::default(),
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
                dirs: Dirs::default(),
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

/// The parent folder, opened once when PATH was inspected: the temporary
/// folder is checked against it and the tree is moved in relative to it,
/// so a folder or link swapped in by path afterwards changes nothing; and
/// PATH itself when it is an empty folder, opened without following a link.
#[derive(Default)]
struct Dirs {
    #[cfg(unix)]
    parent: Option<std::os::fd::OwnedFd>,
    #[cfg(unix)]
    target: Option<std::os::fd::OwnedFd>,
}

#[cfg(unix)]
impl Dirs {
    fn parent(&self) -> std::io::Result<&std::os::fd::OwnedFd> {
        self.parent
            .as_ref()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

/// Opens the parent folder, and PATH when it is an empty folder (without
/// following a link).
#[cfg(unix)]
fn open_dirs(target: &mut Target) -> Result<()> {
    use rustix::fs::{Mode, OFlags};
    let s = &t().scaffold;
    let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
    let open_err = |dir: &Path| {
        let dir = dir.to_path_buf();
        move |err: rustix::io::Errno| {
            Error::file(s.cannot_read_dir, &dir, err.into(), s.hint_check_target)
        }
    };
    let parent =
        rustix::fs::open(&target.parent, flags, Mode::empty()).map_err(open_err(&target.parent))?;
    if target.exists {
        let name = target.path.file_name().unwrap_or_default();
        let dir = rustix::fs::openat(&parent, name, flags | OFlags::NOFOLLOW, Mode::empty())
            .map_err(|_| {
                Error::msg(fill(s.target_is_link, &[("path", &target.shown.display())]))
            })?;
        target.dirs.target = Some(dir);
    }
    target.dirs.parent = Some(parent);
    Ok(())
}

/// Whether `name` in the held parent folder is the folder at `path`.
#[cfg(unix)]
// st_dev and st_ino are u64 here, other types on other systems.
#[allow(clippy::unnecessary_cast)]
fn in_parent(target: &Target, name: &std::ffi::OsStr, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(parent) = target.dirs.parent() else {
        return false;
    };
    let Ok(held) = rustix::fs::statat(parent, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW) else {
        return false;
    };
    fs::symlink_metadata(path).is_ok_and(|meta| {
        meta.is_dir() && meta.dev() == held.st_dev as u64 && meta.ino() == held.st_ino as u64
    })
}

/// Descriptors set aside before the temporary folder is created, and given
/// back before it is removed: removing a tree opens one descriptor per
/// level, and a build that failed because descriptors ran out (`ulimit -n`)
/// must still leave nothing behind. When they cannot be set aside, nothing
/// has been created yet.
pub(crate) struct Reserve(#[allow(dead_code)] Vec<fs::File>);

/// Deep enough for `.git/objects/xx/` and `.github/ISSUE_TEMPLATE/`.
const RESERVED_DESCRIPTORS: usize = 8;

pub(crate) fn reserve(target: &Target) -> Result<Reserve> {
    let s = &t().scaffold;
    let mut files = Vec::new();
    if cfg!(unix) {
        for _ in 0..RESERVED_DESCRIPTORS {
            let file = fs::File::open(&target.parent).map_err(|err| {
                Error::file(
                    s.cannot_create_temp,
                    &target.parent,
                    err,
                    s.hint_check_parent,
                )
            })?;
            files.push(file);
        }
    }
    Ok(Reserve(files))
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
    let tree = builder.tempdir_in(&target.parent).map_err(|err| {
        Error::file(
            s.cannot_create_temp,
            &target.parent,
            err,
            s.hint_check_parent,
        )
    })?;
    // The parent folder could have been swapped since it was inspected:
    // the temporary folder must be in the one that was.
    #[cfg(unix)]
    if !in_parent(
        target,
        tree.path().file_name().unwrap_or_default(),
        tree.path(),
    ) {
        return Err(Error::file(
            s.cannot_create_temp,
            &target.parent,
            std::io::Error::other(target.parent.display().to_string()),
            s.hint_check_parent,
        ));
    }
    Ok(tree)
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
/// Both go through the folders opened when PATH was inspected, and never
/// replace anything: a link or folder put at PATH since is refused, not
/// written through. On failure, what was moved is moved back.
pub(crate) fn install(tree: TempDir, target: &Target) -> Result<()> {
    let s = &t().scaffold;
    let fail = |err| Error::file(s.cannot_move, &target.shown, err, s.hint_check_parent);
    let tree_name = tree.path().file_name().unwrap_or_default().to_os_string();
    if !target.exists {
        let name = target.path.file_name().unwrap_or_default();
        let tree = tree.keep();
        if let Err(err) = rename_into(target, &tree_name, None, name) {
            let _ = fs::remove_dir_all(&tree);
            return Err(fail(err));
        }
        sync_dir(&target.parent);
        return Ok(());
    }
    let mut moved: Vec<std::ffi::OsString> = Vec::new();
    let result = (|| -> std::io::Result<()> {
        for entry in fs::read_dir(tree.path())? {
            let name = entry?.file_name();
            rename_into(target, &name, Some(tree.path()), &name)?;
            moved.push(name);
        }
        Ok(())
    })();
    if let Err(err) = result {
        for name in &moved {
            let _ = back_out(target, name, tree.path());
        }
        return Err(fail(err));
    }
    sync_dir(&target.path);
    Ok(())
}

/// Renames `from` (in the temporary folder `tree`, or in the parent when
/// `None`) to `to` (in PATH when it is a folder, else in the parent),
/// failing if `to` exists.
#[cfg(unix)]
fn rename_into(
    target: &Target,
    from: &std::ffi::OsStr,
    tree: Option<&Path>,
    to: &std::ffi::OsStr,
) -> std::io::Result<()> {
    use rustix::fs::{Mode, OFlags};
    let tree_dir = match tree {
        Some(tree) => Some(rustix::fs::open(
            tree,
            OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
            Mode::empty(),
        )?),
        None => None,
    };
    let parent = target.dirs.parent()?;
    let from_dir = tree_dir.as_ref().unwrap_or(parent);
    let to_dir = target.dirs.target.as_ref().unwrap_or(parent);
    no_replace_rename(from_dir, from, to_dir, to)
}

#[cfg(unix)]
fn back_out(target: &Target, name: &std::ffi::OsStr, tree: &Path) -> std::io::Result<()> {
    use rustix::fs::{Mode, OFlags};
    let tree_dir = rustix::fs::open(
        tree,
        OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
        Mode::empty(),
    )?;
    let Some(target_dir) = target.dirs.target.as_ref() else {
        return Ok(());
    };
    no_replace_rename(target_dir, name, &tree_dir, name)
}

/// renameat that never replaces what is at `to` (renameat2's
/// RENAME_NOREPLACE, renameatx_np's RENAME_EXCL on macOS).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn no_replace_rename(
    from_dir: &std::os::fd::OwnedFd,
    from: &std::ffi::OsStr,
    to_dir: &std::os::fd::OwnedFd,
    to: &std::ffi::OsStr,
) -> std::io::Result<()> {
    rustix::fs::renameat_with(
        from_dir,
        from,
        to_dir,
        to,
        rustix::fs::RenameFlags::NOREPLACE,
    )
    .map_err(Into::into)
}

/// Elsewhere on Unix: a check, then renameat (a narrow window remains).
#[cfg(all(
    unix,
    not(any(target_os = "linux", target_os = "android", target_vendor = "apple"))
))]
fn no_replace_rename(
    from_dir: &std::os::fd::OwnedFd,
    from: &std::ffi::OsStr,
    to_dir: &std::os::fd::OwnedFd,
    to: &std::ffi::OsStr,
) -> std::io::Result<()> {
    if rustix::fs::statat(to_dir, to, rustix::fs::AtFlags::SYMLINK_NOFOLLOW).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    rustix::fs::renameat(from_dir, from, to_dir, to).map_err(Into::into)
}

/// Without descriptors (Windows): by path, checking first.
#[cfg(not(unix))]
fn rename_into(
    target: &Target,
    from: &std::ffi::OsStr,
    tree: Option<&Path>,
    to: &std::ffi::OsStr,
) -> std::io::Result<()> {
    let source = tree.unwrap_or(&target.parent).join(from);
    let destination = if target.exists {
        target.path.join(to)
    } else {
        target.parent.join(to)
    };
    if fs::symlink_metadata(&destination).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(source, destination)
}

#[cfg(not(unix))]
fn back_out(target: &Target, name: &std::ffi::OsStr, tree: &Path) -> std::io::Result<()> {
    fs::rename(target.path.join(name), tree.join(name))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn files() -> Vec<RenderedFile> {
        vec![RenderedFile {
            path: "README.md".into(),
            content: "# Projet\n".into(),
        }]
    }

    fn build(target: &Target) -> Result<()> {
        let tree = temporary(target)?;
        write_files(tree.path(), &files())?;
        install(tree, target)
    }

    #[test]
    fn a_trailing_slash_does_not_make_a_link_acceptable() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("ailleurs");
        fs::create_dir(&elsewhere).unwrap();
        symlink(&elsewhere, dir.path().join("lien")).unwrap();
        for given in ["lien", "lien/", "lien//", "lien/."] {
            let path = dir.path().join(given);
            assert!(inspect(&path).is_err(), "{given} was accepted");
        }
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    /// The race the adversarial review reproduced with strace: the empty
    /// target swapped for a link between the check and the move.
    #[test]
    fn a_target_swapped_for_a_link_after_the_check_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("ailleurs");
        fs::create_dir(&elsewhere).unwrap();

        // PATH did not exist when checked; a link appears there before the move.
        let path = dir.path().join("nouveau");
        let target = inspect(&path).unwrap();
        symlink(&elsewhere, &path).unwrap();
        assert!(build(&target).is_err());
        assert!(
            fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);

        // PATH was an empty folder when checked; it is swapped for a link.
        let path = dir.path().join("vide");
        fs::create_dir(&path).unwrap();
        let target = inspect(&path).unwrap();
        fs::rename(&path, dir.path().join("vide-deplace")).unwrap();
        symlink(&elsewhere, &path).unwrap();
        build(&target).unwrap();
        // The files went into the folder that was checked, wherever it is
        // now, and nothing went through the link.
        assert!(dir.path().join("vide-deplace/README.md").is_file());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        // No temporary folder is left beside it.
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".onboard-"))
            .collect();
        assert!(left.is_empty());
    }
}
