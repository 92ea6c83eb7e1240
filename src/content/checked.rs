//! Checked content in the cache (see [`crate::cache`]): one entry per
//! source and language, with two sections, the outline of the steps (what
//! `status` and `steps list` show) and the whole content.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Fingerprint, JourneyText, Step, StepOutline};
use crate::cache::{CacheEntry, FileStamp};
use crate::i18n::Lang;

const OUTLINE: usize = 0;
const WHOLE: usize = 1;

/// What a step holds that its serialized form leaves out.
#[derive(Serialize, Deserialize)]
struct Extra {
    file: String,
    fingerprint: Fingerprint,
    untranslated: bool,
}

/// The entry for the steps built into the binary: the build is their stamp.
pub(crate) fn embedded(root: &Path, lang: Lang) -> CacheEntry {
    CacheEntry::new(root, "checked", format!("embedded {lang:?}"), &[])
}

/// The entry for a content directory, stamped now, before it is read: a
/// file changed while it is read then makes the entry miss next time.
/// `None` when the directory cannot be listed (the load then says why).
pub(crate) fn dir(root: &Path, dir: &Path, lang: Lang) -> Option<CacheEntry> {
    let dir = std::path::absolute(dir).ok()?;
    let mut stamps = Vec::new();
    stamp_level(&dir, "", 0, &mut stamps).ok()?;
    stamps.sort_by(|a, b| a.name.cmp(&b.name));
    let key = format!("dir {lang:?} {}", dir.display());
    Some(CacheEntry::new(root, "checked", key, &stamps))
}

/// Stamps a directory the way `load::read_dir_files` reads it: the files at
/// the top, and one level of language directories.
fn stamp_level(
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<FileStamp>,
) -> std::io::Result<()> {
    let (entries, failure) = super::files::list(dir, prefix)?;
    if let Some(err) = failure {
        return Err(err);
    }
    for entry in entries {
        // A symbolic link is read through: its target is what counts.
        let meta = if entry.listed.file_type()?.is_symlink() {
            fs::metadata(&entry.path)?
        } else {
            entry.listed.metadata()?
        };
        if meta.is_dir() && depth == 0 {
            stamp_level(&entry.path, &format!("{}/", entry.rel), 1, out)?;
        }
        out.push(FileStamp::new(entry.rel, &meta));
    }
    Ok(())
}

/// The steps' outline, when the entry matches.
pub(crate) fn read_outline(entry: &CacheEntry) -> Option<Vec<StepOutline>> {
    entry.read(OUTLINE)
}

/// The whole content, when the entry matches.
pub(crate) fn read_whole(entry: &CacheEntry) -> Option<(JourneyText, Vec<Step>)> {
    let (journey, mut steps, extras): (JourneyText, Vec<Step>, Vec<Extra>) = entry.read(WHOLE)?;
    if extras.len() != steps.len() {
        return None;
    }
    for (step, extra) in steps.iter_mut().zip(extras) {
        step.file = extra.file;
        step.fingerprint = extra.fingerprint;
        step.untranslated = extra.untranslated;
    }
    Some((journey, steps))
}

/// Stores checked content: its outline, then all of it.
pub(crate) fn write(entry: &CacheEntry, journey: &JourneyText, steps: &[Step]) {
    let outline: Vec<StepOutline> = steps.iter().map(StepOutline::of).collect();
    let extras: Vec<Extra> = steps
        .iter()
        .map(|s| Extra {
            file: s.file.clone(),
            fingerprint: s.fingerprint.clone(),
            untranslated: s.untranslated,
        })
        .collect();
    let sections = [
        postcard::to_allocvec(&outline),
        postcard::to_allocvec(&(journey, steps, extras)),
    ];
    if let [Ok(outline), Ok(whole)] = sections {
        entry.write(&[outline, whole]);
    }
}
