//! Entries of the user's cache directory (`~/.cache/onboard/` on Linux) that
//! spare a start the parsing of TOML files which have not changed since the
//! last run: the checked content (`content::cache`) and the progress file
//! (`progress::store`). With 1,000 steps, parsing them takes about 50 ms, and
//! reading what they gave back from here takes a few. The audit keeps its
//! prepared licence texts here too (`audit::licence_match`), made from
//! nothing but the build.
//!
//! An entry holds a header, then sections that can be read one at a time (a
//! list needs the steps' titles, not their texts). It is used only when its
//! header matches:
//!
//! - the build that wrote it: the version and a digest of the embedded steps,
//!   of all the code and of Cargo.lock (`ONBOARD_CONTENT_BUILD`, from
//!   build.rs), so that no other build reads it;
//! - its key (what source, which language), in full;
//! - its stamp: for each file it was made from, the name, size, modification
//!   and change times, inode and device. The change time cannot be set back,
//!   so an edit that keeps the size and the modification time still shows.
//!
//! An entry is written only when no file it was made from changed in the
//! second before (a file being saved right then could change again within
//! the file system's clock tick, and keep its times). The cache is never
//! needed: an entry that cannot be read, decoded or written is ignored, and
//! the files are parsed instead.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The build that writes and reads entries.
const BUILD: &str = env!("ONBOARD_CONTENT_BUILD");

/// The first bytes of an entry.
const MAGIC: &[u8; 16] = b"onboard-cache-1\n";

/// Headers are small; anything larger is not ours.
const MAX_HEADER: u32 = 1 << 24;

/// The user's cache directory for onboard (also where git content is cloned).
pub fn root() -> Option<PathBuf> {
    directories::ProjectDirs::from("fr", "Fabrique numerique", "onboard")
        .map(|dirs| dirs.cache_dir().to_path_buf())
}

/// How a file or directory stood when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileStamp {
    pub name: String,
    dir: bool,
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
}

impl FileStamp {
    #[cfg(unix)]
    pub fn new(name: String, meta: &fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            name,
            dir: meta.is_dir(),
            len: meta.len(),
            modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        }
    }

    /// Without a change time (Windows), the creation time stands in: an
    /// edit that keeps the size and puts the modification time back is not
    /// seen there.
    #[cfg(not(unix))]
    pub fn new(name: String, meta: &fs::Metadata) -> FileStamp {
        FileStamp {
            name,
            dir: meta.is_dir(),
            len: meta.len(),
            modified: nanos(meta.modified().ok()),
            changed: nanos(meta.created().ok()),
            inode: 0,
            device: 0,
        }
    }

    /// Changed less than a second before `now`.
    fn fresh(&self, now: SystemTime) -> bool {
        let second_before = nanos(now.checked_sub(Duration::from_secs(1)));
        self.modified.max(self.changed) >= second_before
    }
}

/// Whether only its owner may read the entry, as onboard writes them. An
/// entry that somebody else put in a shared cache directory is readable by
/// others (else this user could not read it either): it is not used.
#[cfg(unix)]
fn private(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o077 == 0
}

#[cfg(not(unix))]
fn private(_: &fs::Metadata) -> bool {
    true
}

/// Nanoseconds since 1970 (negative before).
fn nanos(time: Option<SystemTime>) -> i128 {
    match time.map(|t| t.duration_since(UNIX_EPOCH)) {
        Some(Ok(after)) => after.as_nanos() as i128,
        Some(Err(before)) => -(before.duration().as_nanos() as i128),
        None => 0,
    }
}

/// One entry: where it lives, what it is for, and the stamp it must match.
#[derive(Debug)]
pub struct CacheEntry {
    path: PathBuf,
    key: String,
    stamp: Vec<u8>,
    /// A file changed too recently to trust its times: never written.
    fresh: bool,
}

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    build: &'a str,
    key: &'a str,
    stamp: &'a [u8],
    /// The length of each section, in order.
    sections: Vec<u64>,
}

impl CacheEntry {
    /// The entry of `kind` (a subdirectory of `root`) for `key`, made from
    /// the files in `stamps`.
    pub fn new(root: &Path, kind: &str, key: String, stamps: &[FileStamp]) -> CacheEntry {
        CacheEntry::new_at(root, kind, key, stamps, SystemTime::now())
    }

    /// [`CacheEntry::new`], with the time the files were stamped.
    pub fn new_at(
        root: &Path,
        kind: &str,
        key: String,
        stamps: &[FileStamp],
        now: SystemTime,
    ) -> CacheEntry {
        let name = crate::digest::short_digest(key.as_bytes(), 8);
        CacheEntry {
            path: root.join(kind).join(format!("{name}.bin")),
            key,
            stamp: postcard::to_allocvec(stamps).unwrap_or_default(),
            fresh: stamps.iter().any(|stamp| stamp.fresh(now)),
        }
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Section `index`, when the entry exists and matches.
    pub fn read<T: DeserializeOwned>(&self, index: usize) -> Option<T> {
        // Never through a link, never a named pipe (its name is
        // predictable: one planted there would block every command), and
        // only a file of the user's own that nobody else may read.
        let mut file = crate::files::open_regular(&self.path, false).ok()?;
        let meta = file.metadata().ok()?;
        if !private(&meta) || !crate::files::owned_by_me(&meta) {
            return None;
        }
        let mut start = [0u8; MAGIC.len() + 4];
        file.read_exact(&mut start).ok()?;
        let (magic, len) = start.split_at(MAGIC.len());
        if magic != MAGIC {
            return None;
        }
        // Lengths come from the file: each is checked against the file's
        // size before anything is allocated for it.
        let len = u32::from_le_bytes(len.try_into().ok()?);
        let header_end = (start.len() as u64).checked_add(u64::from(len))?;
        if len > MAX_HEADER || header_end > meta.len() {
            return None;
        }
        let mut header = vec![0u8; len as usize];
        file.read_exact(&mut header).ok()?;
        let header: Header = postcard::from_bytes(&header).ok()?;
        if header.build != BUILD || header.key != self.key || header.stamp != self.stamp {
            return None;
        }
        let skip = header
            .sections
            .get(..index)?
            .iter()
            .try_fold(0u64, |sum, size| sum.checked_add(*size))?;
        let size = *header.sections.get(index)?;
        let offset = header_end.checked_add(skip)?;
        if offset.checked_add(size)? > meta.len() {
            return None;
        }
        file.seek(SeekFrom::Start(offset)).ok()?;
        let mut bytes = vec![0u8; usize::try_from(size).ok()?];
        file.read_exact(&mut bytes).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Stores `sections` (each serialized with postcard), unless a file
    /// was changing while it was read.
    pub fn write(&self, sections: &[Vec<u8>]) {
        if self.fresh {
            return;
        }
        let header = Header {
            build: BUILD,
            key: &self.key,
            stamp: &self.stamp,
            sections: sections.iter().map(|s| s.len() as u64).collect(),
        };
        let Ok(header) = postcard::to_allocvec(&header) else {
            return;
        };
        let Ok(len) = u32::try_from(header.len()) else {
            return;
        };
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(&header);
        for section in sections {
            bytes.extend_from_slice(section);
        }
        if let Some(dir) = self.path.parent()
            && crate::files::create_private_dir_all(dir).is_ok()
        {
            let _ = crate::files::replace(&self.path, &bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps(dir: &Path) -> Vec<FileStamp> {
        let mut stamps: Vec<FileStamp> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                FileStamp::new(
                    e.file_name().to_string_lossy().into(),
                    &e.metadata().unwrap(),
                )
            })
            .collect();
        stamps.sort_by(|a, b| a.name.cmp(&b.name));
        stamps
    }

    /// Writes a file, then puts its modification time an hour back (its
    /// change time stays now: nobody can set that one).
    fn old_file(path: &Path, text: &str) {
        fs::write(path, text).unwrap();
        let past = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }

    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(2)
    }

    fn sections() -> Vec<Vec<u8>> {
        vec![
            postcard::to_allocvec(&("one", 1u32)).unwrap(),
            postcard::to_allocvec(&vec!["two".to_string(); 3]).unwrap(),
        ]
    }

    #[test]
    fn an_entry_gives_back_each_section_while_its_files_are_unchanged() {
        let (root, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        old_file(&data.path().join("a.toml"), "a = 1\n");
        let entry = CacheEntry::new_at(
            root.path(),
            "test",
            "k".into(),
            &stamps(data.path()),
            later(),
        );
        assert!(entry.read::<(String, u32)>(0).is_none());
        entry.write(&sections());
        assert_eq!(entry.read::<(String, u32)>(0).unwrap(), ("one".into(), 1));
        assert_eq!(entry.read::<Vec<String>>(1).unwrap(), vec!["two"; 3]);
        assert!(entry.read::<Vec<String>>(2).is_none());

        // Same key, but the file was rewritten with the same size and its
        // modification time put back: the change time tells.
        old_file(&data.path().join("a.toml"), "a = 2\n");
        let again = CacheEntry::new(root.path(), "test", "k".into(), &stamps(data.path()));
        assert!(again.read::<(String, u32)>(0).is_none());
        // Another key, same files.
        let other = CacheEntry::new(root.path(), "test", "other".into(), &stamps(data.path()));
        assert!(other.read::<(String, u32)>(0).is_none());
    }

    #[test]
    fn a_file_changed_within_the_last_second_is_not_trusted() {
        let (root, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        fs::write(data.path().join("a.toml"), "a = 1\n").unwrap();
        let entry = CacheEntry::new(root.path(), "test", "k".into(), &stamps(data.path()));
        entry.write(&sections());
        assert!(!entry.path().exists());
        assert!(entry.read::<(String, u32)>(0).is_none());
    }

    #[test]
    fn damaged_entries_are_ignored() {
        let root = tempfile::tempdir().unwrap();
        let entry = CacheEntry::new(root.path(), "test", "k".into(), &[]);
        entry.write(&sections());
        let good = fs::read(entry.path()).unwrap();
        let mut damaged = vec![
            Vec::new(),
            good[..10].to_vec(),
            good[..good.len() - 1].to_vec(),
            vec![0; good.len()],
        ];
        // Headers that claim sections far larger than the file, or whose
        // lengths overflow when added, or a header longer than the file.
        for sections in [vec![u64::MAX / 2, 4], vec![u64::MAX, u64::MAX, 4]] {
            let header = Header {
                build: BUILD,
                key: "k",
                stamp: &[0],
                sections,
            };
            let header = postcard::to_allocvec(&header).unwrap();
            let mut huge = MAGIC.to_vec();
            huge.extend_from_slice(&(header.len() as u32).to_le_bytes());
            huge.extend_from_slice(&header);
            huge.extend_from_slice(&good[good.len() - 20..]);
            damaged.push(huge);
        }
        let mut long_header = MAGIC.to_vec();
        long_header.extend_from_slice(&(MAX_HEADER - 1).to_le_bytes());
        damaged.push(long_header);
        for bytes in damaged {
            fs::write(entry.path(), &bytes).unwrap();
            assert!(entry.read::<Vec<String>>(1).is_none());
            assert!(entry.read::<Vec<String>>(2).is_none());
        }
        fs::write(entry.path(), &good).unwrap();
        assert_eq!(entry.read::<Vec<String>>(1).unwrap(), vec!["two"; 3]);
    }

    #[cfg(unix)]
    #[test]
    fn an_entry_that_others_may_read_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let entry = CacheEntry::new(root.path(), "test", "k".into(), &[]);
        entry.write(&sections());
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(entry.path()), 0o600);
        assert!(entry.read::<Vec<String>>(1).is_some());
        for shared in [0o644, 0o660, 0o606] {
            fs::set_permissions(entry.path(), fs::Permissions::from_mode(shared)).unwrap();
            assert!(entry.read::<Vec<String>>(1).is_none(), "{shared:o}");
        }
    }
}
