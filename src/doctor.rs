//! `onboard doctor`'s checks: the progress file, the content, the cache and
//! git's identity, each as facts (for `--format json`) and problems, each
//! problem with what fixes it. Nothing here writes to the user's files or
//! asks anything; the command (`commands/doctor.rs`) adds the terminal and
//! prints the report.

use std::fs;
use std::path::Path;

use serde::Serialize;

use crate::content::{self, Source};
use crate::i18n::{fill, t};
use crate::progress::Store;

/// One problem: a stable code for scripts, what is wrong, and what fixes it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub message: String,
    pub fix: String,
}

impl Problem {
    pub(crate) fn new(code: &'static str, message: String, fix: String) -> Problem {
        Problem { code, message, fix }
    }
}

/// The version and the system onboard was built for.
#[derive(Debug, Serialize)]
pub(crate) struct Platform {
    pub version: &'static str,
    pub os: &'static str,
    pub arch: &'static str,
}

pub(crate) fn platform() -> Platform {
    Platform {
        version: env!("CARGO_PKG_VERSION"),
        os: std::env::consts::OS,
        arch: std::env::consts::ARCH,
    }
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct ProgressFacts {
    /// `None` when there is no data directory to put it in.
    pub path: Option<String>,
    pub exists: bool,
    pub readable: bool,
    pub locked: bool,
    pub damaged: bool,
    /// The `schema` key of the file, when it has one.
    pub schema: Option<i64>,
    pub backup: bool,
    pub problems: Vec<Problem>,
}

/// Larger progress files are not read here (the store refuses them too).
const MAX_READ: u64 = 16 * 1024 * 1024;

/// The progress file at `path` (`None`: no data directory).
pub(crate) fn progress(path: Option<&Path>) -> ProgressFacts {
    let d = &t().core;
    let Some(path) = path else {
        return ProgressFacts {
            problems: vec![Problem::new(
                "progress_no_path",
                d.no_data_dir.to_string(),
                d.doctor_fix_progress_path.to_string(),
            )],
            ..ProgressFacts::default()
        };
    };
    let shown = path.display().to_string();
    let store = Store::new(path.to_path_buf());
    let mut facts = ProgressFacts {
        path: Some(shown.clone()),
        exists: fs::symlink_metadata(path).is_ok(),
        backup: crate::progress::store::backup_path(path).exists(),
        locked: store.locked_elsewhere(),
        ..ProgressFacts::default()
    };
    if facts.locked {
        facts.problems.push(Problem::new(
            "progress_locked",
            fill(d.doctor_progress_locked, &[("path", &shown)]),
            d.doctor_fix_progress_locked.to_string(),
        ));
    }
    if !facts.exists {
        facts.readable = true;
        return facts;
    }
    // Only a regular file is read: a named pipe would block for ever. The
    // store refuses the rest with a message that says why.
    let bytes = fs::metadata(path)
        .ok()
        .filter(|meta| meta.is_file() && meta.len() <= MAX_READ)
        .and_then(|_| fs::read(path).ok());
    let Some(bytes) = bytes else {
        let error = store.load().err().map(|e| e.to_string());
        facts.problems.push(Problem::new(
            "progress_unreadable",
            error.unwrap_or_else(|| fill(d.doctor_progress_unreadable, &[("path", &shown)])),
            fill(d.doctor_fix_progress_unreadable, &[("path", &shown)]),
        ));
        return facts;
    };
    facts.readable = true;
    let text = String::from_utf8_lossy(&bytes);
    facts.schema = toml::from_str::<toml::Table>(&text)
        .ok()
        .and_then(|table| table.get("schema").and_then(toml::Value::as_integer));
    if let Err(err) = store.load() {
        facts.damaged = true;
        facts.problems.push(Problem::new(
            "progress_damaged",
            err.to_string(),
            d.doctor_fix_progress_damaged.to_string(),
        ));
    }
    facts
}

#[derive(Debug, Serialize)]
pub(crate) struct ContentFacts {
    /// `embedded`, `directory` or `git`.
    pub source: &'static str,
    /// How `steps check` names it.
    pub location: String,
    pub valid: bool,
    /// How many problems `steps check` finds.
    pub errors: usize,
    /// The commit, for a git repository or a directory inside one.
    pub commit: Option<String>,
    pub problems: Vec<Problem>,
}

/// The content in use, checked as `onboard steps check` does.
pub(crate) fn content(source: &Source) -> ContentFacts {
    let d = &t().core;
    let (kind, dir) = match source {
        Source::Embedded => ("embedded", None),
        Source::Dir(dir) => ("directory", Some(dir.as_path())),
        Source::Git(_) => ("git", None),
    };
    let mut facts = ContentFacts {
        source: kind,
        location: String::new(),
        valid: false,
        errors: 0,
        commit: dir.and_then(work_tree_commit),
        problems: Vec::new(),
    };
    match content::check_source(source) {
        Err(err) => {
            facts.location = match source {
                Source::Git(url) => url.clone(),
                _ => String::new(),
            };
            facts.problems.push(Problem::new(
                "content_unavailable",
                err.to_string(),
                d.doctor_fix_content_source.to_string(),
            ));
        }
        Ok((label, result)) => {
            // A git source is labelled "URL @ commit" (content::Origin).
            if let (Source::Git(url), Some((_, commit))) = (source, label.rsplit_once(" @ ")) {
                facts.commit = Some(commit.to_string());
                facts.location = url.clone();
            } else if matches!(source, Source::Embedded) {
                // Not a path: the steps built into this binary.
                facts.location = format!("onboard {}", env!("CARGO_PKG_VERSION"));
            } else {
                facts.location = label;
            }
            match result {
                Ok(_) => facts.valid = true,
                Err(problems) => {
                    facts.errors = problems.len();
                    let check = match source {
                        Source::Dir(dir) => format!("onboard steps check \"{}\"", dir.display()),
                        _ => "onboard steps check".to_string(),
                    };
                    facts.problems.push(Problem::new(
                        "content_invalid",
                        fill(
                            d.doctor_content_invalid,
                            &[("location", &facts.location), ("count", &facts.errors)],
                        ),
                        fill(d.doctor_fix_content_invalid, &[("check", &check)]),
                    ));
                }
            }
        }
    }
    facts
}

/// The commit checked out in the work tree that holds `dir`, if any.
fn work_tree_commit(dir: &Path) -> Option<String> {
    let repo = git2::Repository::discover(dir).ok()?;
    let head = repo.head().ok()?.peel_to_commit().ok()?;
    Some(head.id().to_string())
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct CacheFacts {
    pub path: Option<String>,
    /// Bytes in the files under it.
    pub size: u64,
    pub writable: bool,
    pub problems: Vec<Problem>,
}

/// The cache directory: how large, and whether a file can be written in it
/// (a temporary file, removed at once; the directory is created if needed,
/// as any command would).
pub(crate) fn cache(root: Option<&Path>) -> CacheFacts {
    let d = &t().core;
    let Some(root) = root else {
        return CacheFacts {
            problems: vec![Problem::new(
                "cache_no_path",
                d.doctor_cache_no_path.to_string(),
                d.doctor_fix_cache_no_path.to_string(),
            )],
            ..CacheFacts::default()
        };
    };
    let shown = root.display().to_string();
    let writable = fs::create_dir_all(root)
        .and_then(|()| tempfile::tempfile_in(root))
        .is_ok();
    let mut facts = CacheFacts {
        path: Some(shown.clone()),
        size: size_of(root, 0),
        writable,
        problems: Vec::new(),
    };
    if !writable {
        facts.problems.push(Problem::new(
            "cache_not_writable",
            fill(d.doctor_cache_not_writable, &[("path", &shown)]),
            fill(d.doctor_fix_cache_not_writable, &[("path", &shown)]),
        ));
    }
    facts
}

/// The bytes of the files under `path`, links not followed, 32 levels deep at most.
fn size_of(path: &Path, depth: u32) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    if depth > 32 {
        return 0;
    }
    fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| size_of(&entry.path(), depth + 1))
                .sum()
        })
        .unwrap_or(0)
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct GitFacts {
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub problems: Vec<Problem>,
}

/// git's `user.name` and `user.email`, which `scaffold` signs its commit with.
pub(crate) fn git() -> GitFacts {
    let d = &t().core;
    let config = git2::Config::open_default().and_then(|mut c| c.snapshot());
    let get = |key: &str| {
        config
            .as_ref()
            .ok()
            .and_then(|c| c.get_string(key).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut facts = GitFacts {
        user_name: get("user.name"),
        user_email: get("user.email"),
        problems: Vec::new(),
    };
    if facts.user_name.is_none() {
        facts.problems.push(Problem::new(
            "git_no_name",
            d.doctor_git_no_name.to_string(),
            d.doctor_fix_git_name.to_string(),
        ));
    }
    if facts.user_email.is_none() {
        facts.problems.push(Problem::new(
            "git_no_email",
            d.doctor_git_no_email.to_string(),
            d.doctor_fix_git_email.to_string(),
        ));
    }
    facts
}
