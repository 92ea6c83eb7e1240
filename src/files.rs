//! Small file helpers: atomic writes and owner-only permissions.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::t;

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
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Flushes a directory entry to disk, so a rename survives a power cut.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
