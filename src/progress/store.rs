//! The progress file on disk: read, locked read-modify-write, reset with a backup.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{Progress, SCHEMA};
use crate::cache::{CacheEntry, FileStamp};
use crate::error::{Error, Result};
use crate::files;
use crate::i18n::{fill, t};

/// Larger progress files are refused rather than read.
const MAX_SIZE: u64 = 16 * 1024 * 1024;

pub struct Store {
    path: PathBuf,
    /// The cache root that [`Store::load`] reads and writes, if any.
    cache: Option<PathBuf>,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Store { path, cache: None }
    }

    /// Loads through the cache in `root` (see [`crate::cache`]).
    pub fn with_cache(self, root: Option<PathBuf>) -> Self {
        Store {
            cache: root,
            ..self
        }
    }

    /// The path as given (a symbolic link stays one).
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The progress, or an empty one when the file does not exist yet:
    /// from the cache when the file is unchanged since it was last parsed
    /// (see [`crate::cache`]). Saves never use the cache: they read the
    /// file under the lock.
    pub fn load(&self) -> Result<Progress> {
        let real = self.real_path()?;
        let Some(entry) = self
            .cache
            .as_deref()
            .and_then(|root| cache_entry(root, &real))
        else {
            return read(&real);
        };
        if let Some(progress) = entry.read::<Progress>(0) {
            return Ok(progress);
        }
        let progress = read(&real)?;
        if let Ok(bytes) = postcard::to_allocvec(&progress) {
            entry.write(&[bytes]);
        }
        Ok(progress)
    }

    /// Locks the file, reads it again, applies `change`, and saves it
    /// atomically. Another process waits for the lock (held for milliseconds).
    pub fn update<T>(&self, change: impl FnOnce(&mut Progress) -> T) -> Result<(Progress, T)> {
        let real = self.real_path()?;
        // A file that will be refused anyway is refused before anything
        // (directory, lock file) is created beside it; once the lock file
        // exists, the read under the lock is the only one.
        if !lock_path(&real).exists() {
            read(&real)?;
        }
        let _lock = self.lock(&real)?;
        let mut progress = read_keeping_unknown(&real)?;
        let out = change(&mut progress);
        write(&real, &progress)?;
        Ok((progress, out))
    }

    /// Forgets one step, or everything, keeping the previous file as `.bak`.
    /// Resetting everything also works on a file that cannot be read: that
    /// is the way out the error messages give.
    pub(crate) fn reset(&self, id: Option<&str>) -> Result<()> {
        let real = self.real_path()?;
        if id.is_some() {
            read(&real)?;
        }
        let _lock = self.lock(&real)?;
        let progress = match id {
            Some(id) => {
                let mut progress = read_keeping_unknown(&real)?;
                if progress.steps.remove(id).is_none() {
                    return Ok(());
                }
                progress
            }
            None => Progress::default(),
        };
        let text = serialize(&progress)?;
        let old = if real.exists() {
            Some(fs::read(&real).map_err(|e| read_error(&real, e))?)
        } else {
            None
        };
        // One save: the backup and the new file, or neither.
        let _saving = crate::signals::hold();
        if let Some(bytes) = old {
            files::write_atomic(&backup_path(&real), &bytes, true)?;
        }
        files::write_atomic(&real, text.as_bytes(), true)
    }

    /// Where writes go: the path itself, or the target of a symbolic link.
    /// A link is followed only to a file owned by the link's owner, so that
    /// a rename never replaces somebody else's file. Only a regular file (or
    /// nothing yet) is accepted: opening a named pipe would block for ever,
    /// and reading a device such as /dev/zero would never end.
    fn real_path(&self) -> Result<PathBuf> {
        let meta = match fs::symlink_metadata(&self.path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(self.path.clone()),
            Err(e) => return Err(read_error(&self.path, e)),
        };
        if !meta.file_type().is_symlink() {
            if meta.is_dir() {
                return Err(Error::msg(fill(
                    t().core.progress_is_dir,
                    &[("path", &self.path.display())],
                )));
            }
            if !meta.is_file() {
                return Err(not_a_file(&self.path));
            }
            return Ok(self.path.clone());
        }
        let target = fs::canonicalize(&self.path).map_err(|_| {
            Error::msg(fill(
                t().core.progress_bad_link,
                &[("path", &self.path.display())],
            ))
        })?;
        let target_meta = fs::metadata(&target).map_err(|e| read_error(&target, e))?;
        if target_meta.is_dir() || !same_owner(&meta, &target_meta) {
            return Err(Error::msg(fill(
                t().core.progress_bad_link,
                &[("path", &self.path.display())],
            )));
        }
        if !target_meta.is_file() {
            return Err(not_a_file(&self.path));
        }
        Ok(target)
    }

    /// Whether another process holds the lock on this file right now
    /// (`onboard doctor`). Tries it without waiting, and never creates the
    /// lock file: with no lock file, nobody holds it.
    pub(crate) fn locked_elsewhere(&self) -> bool {
        let Ok(real) = self.real_path() else {
            return false;
        };
        let Ok(file) = File::open(lock_path(&real)) else {
            return false;
        };
        matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
    }

    fn lock(&self, real: &Path) -> Result<File> {
        let dir = parent(real);
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(|e| {
                Error::file(
                    t().core.cannot_create_dir,
                    dir,
                    e,
                    t().core.hint_progress_option,
                )
            })?;
        }
        let lock_path = lock_path(real);
        let file = open_lock(&lock_path)?;
        file.lock()
            .map_err(|e| Error::file(t().core.cannot_lock, &lock_path, e, t().core.hint_in_use))?;
        Ok(file)
    }
}

/// Opens or creates the lock file: never through a symbolic link (another
/// user could plant one in a shared directory), and only when it is a
/// regular file of the user's own, checked on the open descriptor; then
/// made private through that descriptor.
fn open_lock(lock_path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32).mode(0o600);
    }
    let refused = || {
        Error::msg(fill(
            t().core.progress_lock_refused,
            &[("path", &lock_path.display())],
        ))
    };
    let file = options.open(lock_path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            return refused();
        }
        Error::file(
            t().core.cannot_write,
            lock_path,
            e,
            t().core.hint_progress_option,
        )
    })?;
    let meta = file.metadata().map_err(|e| {
        Error::file(
            t().core.cannot_write,
            lock_path,
            e,
            t().core.hint_progress_option,
        )
    })?;
    if !meta.is_file() || !files::owned_by_me(&meta) {
        return Err(refused());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
    }
    Ok(file)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn same_owner(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.uid() == b.uid()
}

#[cfg(not(unix))]
fn same_owner(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

/// `progress.toml` → `progress.toml.bak`.
pub(crate) fn backup_path(path: &Path) -> PathBuf {
    files::with_suffix(path, ".bak")
}

fn lock_path(path: &Path) -> PathBuf {
    files::with_suffix(path, ".lock")
}

/// A named pipe, a device or a socket where the progress file should be.
fn not_a_file(path: &Path) -> Error {
    Error::msg(fill(
        t().core.progress_not_a_file,
        &[("path", &path.display())],
    ))
}

fn read_error(path: &Path, err: std::io::Error) -> Error {
    Error::file(
        t().core.cannot_read,
        path,
        err,
        t().core.hint_progress_option,
    )
}

/// The cache entry for the progress file at `path`, stamped now, before it
/// is read. `None` when there is no file (or no cache directory).
fn cache_entry(root: &Path, path: &Path) -> Option<CacheEntry> {
    let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
    let key = format!("progress {}", std::path::absolute(path).ok()?.display());
    let stamp = FileStamp::new(String::new(), &meta);
    Some(CacheEntry::new(root, "progress", key, &[stamp]))
}

fn read(path: &Path) -> Result<Progress> {
    let Some(text) = read_text(path)? else {
        return Ok(Progress::default());
    };
    parse(&text).map_err(|detail| corrupt(path, &detail))
}

/// [`read`], for a save: also the keys this version does not know, so that
/// the save keeps them (see [`super::unknown`]).
fn read_keeping_unknown(path: &Path) -> Result<Progress> {
    let Some(text) = read_text(path)? else {
        return Ok(Progress::default());
    };
    let mut progress = parse(&text).map_err(|detail| corrupt(path, &detail))?;
    if let Ok(table) = toml::from_str::<toml::Table>(&text) {
        progress.unknown = super::unknown::Unknown::collect(&table);
    }
    Ok(progress)
}

/// The progress file's text; `None` when there is no file yet.
fn read_text(path: &Path) -> Result<Option<String>> {
    // Checked on the open descriptor: a named pipe swapped in after
    // `real_path` looked is refused, not waited on.
    let file = match files::open_regular(path, false) {
        Ok(file) => file,
        Err(files::Refused::Io(e)) if e.kind() == ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(files::Refused::Io(e)) => return Err(read_error(path, e)),
        Err(_) if path.is_dir() => {
            return Err(Error::msg(fill(
                t().core.progress_is_dir,
                &[("path", &path.display())],
            )));
        }
        Err(_) => return Err(not_a_file(path)),
    };
    // At most MAX_SIZE bytes, whatever the metadata says.
    let bytes = files::read_capped(file, MAX_SIZE)
        .map_err(|e| read_error(path, e))?
        .ok_or_else(|| corrupt(path, t().core.progress_too_big))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| corrupt(path, t().core.progress_not_utf8))
}

/// Parses a progress file, checking its schema before anything else.
pub fn parse(text: &str) -> Result<Progress, String> {
    // The usual case in one pass; anything unusual takes the careful path,
    // which says what is wrong.
    if let Ok(progress) = toml::from_str::<Progress>(text)
        && progress.schema == SCHEMA
    {
        consistent(&progress)?;
        return Ok(progress);
    }
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
    match table.get("schema").and_then(toml::Value::as_integer) {
        Some(schema) if schema == i64::from(SCHEMA) => {}
        Some(schema) if schema > i64::from(SCHEMA) => {
            return Err(fill(t().core.progress_future, &[("schema", &schema)]));
        }
        _ => return Err(t().core.progress_no_schema.to_string()),
    }
    let progress = table
        .try_into::<Progress>()
        .map_err(|e| e.message().trim().to_string())?;
    consistent(&progress)?;
    Ok(progress)
}

/// Refuses records that no run of onboard writes, and that would show as
/// "question 3 of 2" or a score above the questions: more answers than
/// questions, or a score above them. (The first score and the questions
/// missed are kept from earlier attempts, which may have had more
/// questions: they are not checked against this attempt's.)
fn consistent(progress: &Progress) -> Result<(), String> {
    for (id, record) in &progress.steps {
        let questions = record.questions;
        if record.answers.len() > questions || record.score > questions {
            return Err(fill(
                t().core.progress_beyond_questions,
                &[
                    ("id", &crate::text::visible(id, false)),
                    ("questions", &questions),
                ],
            ));
        }
    }
    Ok(())
}

fn corrupt(path: &Path, detail: &str) -> Error {
    Error::msg(fill(
        t().core.progress_corrupt,
        &[("path", &path.display()), ("detail", &detail)],
    ))
}

/// The file's text. Keys kept from a newer onboard go back where they
/// were; the keys are then written in alphabetical order.
fn serialize(progress: &Progress) -> Result<String> {
    let failed = |e: toml::ser::Error| Error::msg(e.to_string());
    if progress.unknown.is_empty() {
        return toml::to_string(progress).map_err(failed);
    }
    let mut table = toml::Table::try_from(progress).map_err(failed)?;
    progress.unknown.restore(&mut table);
    toml::to_string(&table).map_err(failed)
}

/// Saves atomically; a signal that arrives meanwhile waits for the end of
/// the save (see [`crate::signals`]).
fn write(path: &Path, progress: &Progress) -> Result<()> {
    let text = serialize(progress)?;
    let _saving = crate::signals::hold();
    files::write_atomic(path, text.as_bytes(), true)
}
