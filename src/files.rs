//! Small file helpers: atomic writes and owner-only permissions.

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
