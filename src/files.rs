//! Small file helpers: atomic writes and owner-only permissions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, fsync, rename over the target, then fsync of the directory.
/// A crash at any point leaves either the old file or the new one, whole.
/// With `private`, the file is readable by its owner only.
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    swap_in(path, bytes, private, true)
        .map_err(|err| Error::file(t().core.cannot_write, path, err, t().core.hint_check_dir))
}

/// Replaces `path` with `bytes` through a temporary file and a rename, without
/// waiting for the disk: for caches, where a lost write costs only time.
/// Readers see the old file or the new one, never a part of one.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    swap_in(path, bytes, false, false)
}

/// A temporary file beside `path`, filled, then renamed over it; with
/// `durable`, flushed to disk before the rename and the rename after it.
fn swap_in(path: &Path, bytes: &[u8], private: bool, durable: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".onboard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if private {
        set_private(tmp.path())?;
    }
    tmp.write_all(bytes)?;
    if durable {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|err| err.error)?;
    if durable {
        sync_dir(dir);
    }
    Ok(())
}

/// Why a file that onboard reads was refused before any byte was read.
#[derive(Debug)]
pub(crate) enum Refused {
    /// It cannot be opened (missing, no permission…).
    Io(std::io::Error),
    /// A directory, a named pipe, a device, a socket, or a symbolic link
    /// where links are not followed.
    NotRegular,
}

/// Opens `path` for reading, as a regular file, checked through the open
/// descriptor (never the path, which could change in between). On Unix the
/// open never blocks (a named pipe would wait for a writer for ever), and
/// with `follow = false` a symbolic link in the last component is refused.
pub(crate) fn open_regular(path: &Path, follow: bool) -> Result<fs::File, Refused> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // Elsewhere, links are followed and the type is checked after opening.
    #[cfg(not(unix))]
    let _ = follow;
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = rustix::fs::OFlags::NONBLOCK;
        if !follow {
            flags |= rustix::fs::OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path).map_err(|err| match err.raw_os_error() {
        // ELOOP: the last component is a symbolic link and links are not followed.
        #[cfg(unix)]
        Some(code) if code == rustix::io::Errno::LOOP.raw_os_error() => Refused::NotRegular,
        _ => Refused::Io(err),
    })?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular);
    }
    Ok(file)
}

/// Whether the file behind `meta` (from an open descriptor) belongs to the
/// user running onboard. Always true where the system has no owners.
pub(crate) fn owned_by_me(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == rustix::process::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Reads at most `limit` bytes, whatever the file's metadata says (files in
/// /proc report a size of 0 and never end): `None` when there is more.
pub(crate) fn read_capped(
    reader: impl std::io::Read,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// What [`write_output`] may replace.
pub(crate) struct OutputRules<'a> {
    /// Files never replaced, whatever: the progress file and its backup.
    pub protected: &'a [&'a Path],
    /// Whether an existing file's bytes show that onboard wrote it.
    pub ours: &'a dyn Fn(&[u8]) -> bool,
    /// `--force`: replace another existing file, keeping it as `.bak`.
    pub force: bool,
}

/// Where [`write_output`] put the bytes, for the message that follows.
pub(crate) enum Written {
    /// A new or replaced regular file; with the backup kept, if any.
    File { backup: Option<PathBuf> },
    /// A device or a named pipe, written into as it is (`/dev/null`).
    Stream,
}

/// Writes a file the user named (`--output`): never through a symbolic
/// link, never replacing a directory, a device or a pipe (those are
/// written into as they are), never replacing a protected file, and
/// replacing another regular file only when onboard wrote it, or with
/// `force` (then the old one is kept as `.bak`). A new file is created
/// whole or not at all, and never over a file that appeared meanwhile.
pub(crate) fn write_output(path: &Path, bytes: &[u8], rules: &OutputRules) -> Result<Written> {
    let core = &t().core;
    let shown = path.display();
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            return Err(Error::file(
                core.cannot_write,
                path,
                err,
                core.hint_check_dir,
            ));
        }
    };
    let write_err = |err| Error::file(core.cannot_write, path, err, core.hint_check_dir);
    let Some(meta) = meta else {
        create_new(path, bytes).map_err(write_err)?;
        return Ok(Written::File { backup: None });
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(Error::msg(fill(core.output_is_link, &[("path", &shown)])));
    }
    if kind.is_dir() {
        return Err(Error::msg(fill(core.output_is_dir, &[("path", &shown)])));
    }
    if !kind.is_file() {
        // A device or a named pipe: written into, never replaced.
        let mut stream = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(write_err)?;
        stream.write_all(bytes).map_err(write_err)?;
        return Ok(Written::Stream);
    }
    if rules.protected.iter().any(|p| same_file(p, path)) {
        return Err(Error::msg(fill(
            core.output_is_progress,
            &[("path", &shown)],
        )));
    }
    let existing = open_regular(path, false)
        .ok()
        .and_then(|file| read_capped(file, 16 * 1024 * 1024).ok().flatten());
    let ours = existing.as_deref().is_some_and(|old| (rules.ours)(old));
    let backup = if ours {
        None
    } else if rules.force {
        let backup = with_suffix(path, ".bak");
        let old = existing.unwrap_or_default();
        write_atomic(&backup, &old, false)?;
        Some(backup)
    } else {
        return Err(Error::msg(fill(core.output_not_ours, &[("path", &shown)])));
    };
    swap_in(path, bytes, false, true).map_err(write_err)?;
    Ok(Written::File { backup })
}

/// Whether two paths name the same file (same device and inode on Unix).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// `name` + `suffix`, beside it.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A new file, whole: a temporary file beside it, filled, flushed, then
/// linked into place only if nothing exists there yet.
fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".onboard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|err| err.error)?;
    sync_dir(dir);
    Ok(())
}

/// Creates `dir` and its missing parents, readable by their owner only
/// (0700 on Unix; directories that exist already are left as they are).
pub(crate) fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes a file readable and writable by its owner only.
pub fn set_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Flushes a directory entry to disk, so a rename survives a power cut.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
