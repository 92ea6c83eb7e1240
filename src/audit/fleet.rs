//! The audit of many repositories: each one audited on a worker thread, on
//! every core, the results kept in the order the repositories were given.
//! How a repository is found (a folder, or a clone of a URL) is the
//! caller's: this module only runs the work and records what it gave.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Report;
use crate::files;
use crate::policy::ANSWERS_FILE;

/// `.onboard.toml` is a few hundred bytes; anything larger is not ours.
const ANSWERS_LIMIT: u64 = 1 << 20;

/// What made a repository, from its `.onboard.toml` (`[onboard]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Made {
    /// `[onboard].version`: the onboard version that wrote the file.
    pub version: String,
    /// `[onboard].templates`; 0 when the key is missing (a repository made
    /// before the templates carried a version).
    pub templates: u32,
}

/// One repository audited.
pub(crate) struct Audited {
    pub report: Report,
    /// Where its files were read (its folder, or its clone in the cache).
    pub dir: PathBuf,
    /// `None`: no `.onboard.toml` onboard can read.
    pub made: Option<Made>,
}

/// One repository as given, and its audit or why there is none.
pub(crate) struct Entry {
    pub source: String,
    pub outcome: Result<Audited, String>,
}

/// Every repository's entry, in the order given, and how the work ran.
pub(crate) struct Run {
    pub entries: Vec<Entry>,
    /// Worker threads started, this one included.
    pub workers: usize,
    /// Worker threads that audited at least one repository.
    pub active: usize,
    /// The most audits that were running at the same moment.
    pub peak: usize,
}

/// What `.onboard.toml` at the root of `dir` says made the repository:
/// `None` when the file is missing, not a regular file (a link is not
/// followed), too large, or has no `[onboard]` table with a `version`.
/// Any other key is allowed.
pub(crate) fn made_with(dir: &Path) -> Option<Made> {
    let file = files::open_regular(&dir.join(ANSWERS_FILE), false).ok()?;
    let bytes = files::read_capped(file, ANSWERS_LIMIT).ok()??;
    let table: toml::Table = toml::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
    let onboard = table.get("onboard")?.as_table()?;
    let version = onboard.get("version")?.as_str()?.to_string();
    let templates = match onboard.get("templates") {
        None => 0,
        Some(value) => u32::try_from(value.as_integer()?).ok()?,
    };
    Some(Made { version, templates })
}

/// The repositories listed in `text` (`--from`): one a line, surrounding
/// spaces trimmed, blank lines and lines starting with `#` left out.
pub(crate) fn listed(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// `sources` without the ones given twice (the first stays): a repository
/// is audited, and counted, once.
pub(crate) fn without_repeats(sources: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    sources
        .into_iter()
        .filter(|source| seen.insert(source.clone()))
        .collect()
}

/// Whether `path` is a folder whose entries can be listed: the reason in
/// words when not (`not_a_dir`, or `cannot_open` with `{error}`).
pub(crate) fn readable_dir(path: &Path, not_a_dir: &str, cannot_open: &str) -> Result<(), String> {
    let cannot = |err: std::io::Error| crate::i18n::fill(cannot_open, &[("error", &err)]);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_dir() {
        return Err(not_a_dir.to_string());
    }
    std::fs::read_dir(path).map(drop).map_err(cannot)
}

/// Whether the templates that made the repository are older than `current`.
pub(crate) fn update_available(made: Option<&Made>, current: u32) -> bool {
    made.is_some_and(|made| made.templates < current)
}

/// Runs `work` on every source, on up to `jobs` threads (this one among
/// them), each taking the next source as it finishes one. A thread that
/// cannot be started leaves its share to the others; a panic in `work`
/// becomes that source's error (`internal`), and the others go on.
pub(crate) fn run_all(
    sources: &[String],
    jobs: usize,
    internal: &str,
    work: impl Fn(&str) -> Result<Audited, String> + Sync,
) -> Run {
    let workers = jobs.clamp(1, sources.len().max(1));
    let next = AtomicUsize::new(0);
    let running = AtomicUsize::new(0);
    let peak = AtomicUsize::new(0);
    let worker = || {
        let mut done: Vec<(usize, Result<Audited, String>)> = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::SeqCst);
            let Some(source) = sources.get(index) else {
                return done;
            };
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let outcome = catch_unwind(AssertUnwindSafe(|| work(source)))
                .unwrap_or_else(|_| Err(internal.to_string()));
            running.fetch_sub(1, Ordering::SeqCst);
            done.push((index, outcome));
        }
    };
    let (started, parts) = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers)
            .filter_map(|n| {
                std::thread::Builder::new()
                    .name(format!("audit-{n}"))
                    .spawn_scoped(scope, worker)
                    .ok()
            })
            .collect();
        let started = handles.len() + 1;
        let mut parts = vec![worker()];
        // A worker catches its panics: joining fails only if it could not
        // even record a result, and its sources are then reported below.
        parts.extend(handles.into_iter().filter_map(|h| h.join().ok()));
        (started, parts)
    });
    let active = parts.iter().filter(|part| !part.is_empty()).count();
    let mut outcomes: Vec<Option<Result<Audited, String>>> = std::iter::repeat_with(|| None)
        .take(sources.len())
        .collect();
    for (index, outcome) in parts.into_iter().flatten() {
        outcomes[index] = Some(outcome);
    }
    let entries = sources
        .iter()
        .zip(outcomes)
        .map(|(source, outcome)| Entry {
            source: source.clone(),
            outcome: outcome.unwrap_or_else(|| Err(internal.to_string())),
        })
        .collect();
    Run {
        entries,
        workers: started,
        active,
        peak: peak.load(Ordering::SeqCst),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(source: &str) -> Result<Audited, String> {
        if source.starts_with("bad") {
            return Err(format!("no {source}"));
        }
        if source == "panic" {
            panic!("worker panic");
        }
        Ok(Audited {
            report: crate::audit::finish(Path::new(source), false, Vec::new()),
            dir: PathBuf::from(source),
            made: None,
        })
    }

    #[test]
    fn results_come_back_in_the_order_given_whatever_the_threads() {
        let sources: Vec<String> = (0..40)
            .map(|i| match i % 7 {
                3 => format!("bad-{i}"),
                5 if i == 12 => "panic".to_string(),
                _ => format!("repo-{i}"),
            })
            .collect();
        for jobs in [1, 2, 3, 8, 100] {
            let run = run_all(&sources, jobs, "internal", fake);
            assert_eq!(run.workers, jobs.min(sources.len()));
            assert!(run.peak >= 1 && run.peak <= run.workers);
            assert_eq!(run.entries.len(), sources.len());
            for (entry, source) in run.entries.iter().zip(&sources) {
                assert_eq!(&entry.source, source);
                match (&entry.outcome, source.as_str()) {
                    (Err(why), "panic") => assert_eq!(why, "internal"),
                    (Err(why), s) => assert_eq!(why, &format!("no {s}")),
                    (Ok(audited), s) => assert_eq!(audited.report.path, s),
                }
            }
        }
        let none = run_all(&[], 4, "internal", fake);
        assert!(none.entries.is_empty());
        assert_eq!(none.workers, 1);
    }

    #[test]
    fn a_list_has_one_repository_a_line_and_each_once() {
        let text = "# team A\n\n  ./a  \nfile:///srv/b.git\r\n#./c\n./a\n";
        assert_eq!(listed(text), ["./a", "file:///srv/b.git", "./a"]);
        assert_eq!(without_repeats(listed(text)), ["./a", "file:///srv/b.git"]);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(readable_dir(dir.path(), "not", "open {error}"), Ok(()));
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            readable_dir(&file, "not", "open {error}"),
            Err("not".into())
        );
        let missing = readable_dir(&dir.path().join("none"), "not", "open {error}");
        assert!(missing.is_err_and(|why| why.starts_with("open ")));
    }

    #[test]
    fn the_onboard_table_says_who_made_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| std::fs::write(dir.path().join(ANSWERS_FILE), text).unwrap();
        assert_eq!(made_with(dir.path()), None);
        write(
            "[onboard]\nversion = \"0.1.0\"\ntemplates = 3\nbase = \"abc\"\n[answers]\nname = \"x\"\n",
        );
        let made = made_with(dir.path());
        assert_eq!(
            made,
            Some(Made {
                version: "0.1.0".into(),
                templates: 3
            })
        );
        assert!(update_available(made.as_ref(), 4));
        assert!(!update_available(made.as_ref(), 3));
        assert!(!update_available(None, 3));
        write("[onboard]\nversion = \"0.0.9\"\n");
        assert_eq!(made_with(dir.path()).map(|m| m.templates), Some(0));
        for garbled in [
            "[onboard\nversion = 1",
            "[answers]\nname = \"x\"\n",
            "[onboard]\nversion = 3\n",
            "[onboard]\nversion = \"1\"\ntemplates = -1\n",
            "onboard = \"0.1.0\"\n",
        ] {
            write(garbled);
            assert_eq!(made_with(dir.path()), None, "{garbled}");
        }
    }
}
