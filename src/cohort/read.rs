//! Finding the reports of a folder and reading them: each file through the
//! capped readers, never through a symbolic link, several at once for a
//! large folder; one bad file never stops the others.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::SkipReason;
use super::report::{self, Report};
use crate::error::{Error, Result};
use crate::files::{Refused, open_regular, read_capped};
use crate::i18n::t;
use crate::signature::{self, AllowedSigners, Invalid, Verdict};

/// The largest report read: a report of a hundred steps is far below.
pub(super) const REPORT_LIMIT: u64 = 4 * 1024 * 1024;
/// The largest `.sig` read: an SSH signature is a few hundred bytes.
const SIG_LIMIT: u64 = 64 * 1024;
/// How deep folders are searched for reports.
const DEPTH: usize = 8;
/// Below this many reports, one thread reads them all.
const PARALLEL_FROM: usize = 64;

/// A report file found, with its signature if one is beside it.
#[derive(Debug)]
pub(super) struct Listed {
    /// Its path under the folder, with `/` between folders.
    pub rel: String,
    pub path: PathBuf,
    pub signed: bool,
}

/// A report file read: the report and its signature's verdict, or why it is set aside.
pub(super) struct Loaded {
    pub rel: String,
    pub outcome: Result<(Report, Verdict), (SkipReason, Option<String>)>,
}

/// The `*.json` files under `dir` (hidden folders such as `.git` left out,
/// links to folders not followed), in the order of their paths.
pub(super) fn list(dir: &Path) -> Result<Vec<Listed>> {
    let mut out = Vec::new();
    walk(dir, "", 0, &mut out)
        .map_err(|err| Error::file(t().core.cannot_read, dir, err, t().cohort.hint_check_folder))?;
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<Listed>) -> std::io::Result<()> {
    let mut names: Vec<(String, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        names.push((name, is_dir));
    }
    let sigs: HashSet<&str> = names
        .iter()
        .filter(|(name, is_dir)| !is_dir && name.ends_with(".json.sig"))
        .map(|(name, _)| name.as_str())
        .collect();
    for (name, is_dir) in &names {
        let rel = format!("{prefix}{name}");
        if *is_dir {
            if depth < DEPTH {
                // A folder that cannot be read is left out, not the whole cohort.
                let _ = walk(&dir.join(name), &format!("{rel}/"), depth + 1, out);
            }
        } else if name.ends_with(".json") {
            out.push(Listed {
                signed: sigs.contains(format!("{name}.sig").as_str()),
                path: dir.join(name),
                rel,
            });
        }
    }
    Ok(())
}

/// Reads, parses and checks the signature of every listed report, in order.
pub(super) fn read_all(
    listed: Vec<Listed>,
    signers: Option<&AllowedSigners>,
    now: Timestamp,
) -> Vec<Loaded> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if listed.len() < PARALLEL_FROM || threads == 1 {
        return listed.iter().map(|l| load(l, signers, now)).collect();
    }
    let chunk = listed.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = listed
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|l| load(l, signers, now))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(loaded) => loaded,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn load(listed: &Listed, signers: Option<&AllowedSigners>, now: Timestamp) -> Loaded {
    Loaded {
        rel: listed.rel.clone(),
        outcome: load_one(listed, signers, now),
    }
}

fn load_one(
    listed: &Listed,
    signers: Option<&AllowedSigners>,
    now: Timestamp,
) -> Result<(Report, Verdict), (SkipReason, Option<String>)> {
    let bytes = read_file(&listed.path, REPORT_LIMIT)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|err| (SkipReason::InvalidUtf8, Some(err.valid_up_to().to_string())))?;
    let report = report::parse(text)?;
    let verdict = if !listed.signed {
        Verdict::NotSigned
    } else {
        match read_file(&crate::files::with_suffix(&listed.path, ".sig"), SIG_LIMIT) {
            Ok(sig) => signature::verify(&bytes, &sig, signers, now),
            Err(_) => Verdict::Invalid {
                reason: Invalid::Unreadable,
            },
        }
    };
    Ok((report, verdict))
}

/// A file's bytes, read whole up to `limit`, or why not.
fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, (SkipReason, Option<String>)> {
    let unreadable = |detail: String| (SkipReason::Unreadable, Some(detail));
    let file = open_regular(path, false).map_err(|refused| match refused {
        Refused::Io(err) => unreadable(crate::error::describe(&err)),
        Refused::NotRegular => unreadable(t().cohort.not_regular.to_string()),
    })?;
    match read_capped(file, limit) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err((SkipReason::TooBig, None)),
        Err(err) => Err(unreadable(crate::error::describe(&err))),
    }
}
