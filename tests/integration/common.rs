//! A small builder around the real `onboard` binary: each test gets its own
//! home, data and progress file, no terminal, and French unless it asks.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use onboard::content::{self, Answer, Content, Draw, Question, Step};
use onboard::i18n::Lang;
use onboard::random::Rng;

/// The seed every command of these tests draws from (`ONBOARD_SEED`): the
/// order of choices in a first attempt is then known (see [`first_draws`]).
pub const SEED: u64 = 2026;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        fs::create_dir_all(dir.path().join("home")).unwrap();
        Env { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn progress(&self) -> PathBuf {
        self.path("data/progress.toml")
    }

    pub fn progress_text(&self) -> String {
        fs::read_to_string(self.progress()).unwrap_or_default()
    }

    /// `onboard` with a private home and progress file, in plain mode (no terminal).
    pub fn cmd(&self) -> Command {
        Command::from_std(self.isolated(&self.progress()))
    }

    /// The binary with nothing of the caller's environment but `PATH`: its
    /// own home, data, cache and configuration folders, and `progress`.
    fn isolated(&self, progress: &Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("onboard"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("ONBOARD_PROGRESS", progress)
            .env("ONBOARD_SEED", SEED.to_string())
            .env("LANG", "C.UTF-8");
        cmd
    }

    /// `onboard` on the test fixture content.
    pub fn fixture(&self, name: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.env("ONBOARD_STEPS", fixture_dir(name));
        cmd
    }

    pub fn status_json(&self, mut cmd: Command) -> serde_json::Value {
        let out = cmd.args(["status", "--format", "json"]).output().unwrap();
        assert!(
            out.status.success(),
            "status failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("status JSON")
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The statuses of `status --format json`, in order, as "id=status".
pub fn statuses(json: &serde_json::Value) -> Vec<String> {
    json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}={}",
                s["id"].as_str().unwrap(),
                s["status"].as_str().unwrap()
            )
        })
        .collect()
}

/// The plain-mode line that answers `question` right.
pub fn right_line(answer: &Answer) -> String {
    match answer {
        Answer::Choices(choices) => choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(","),
        Answer::Accept(accept) => accept[0].clone(),
    }
}

/// The plain-mode line that answers `question` wrong: one wrong choice,
/// with as many right ones as make the number of answers asked for.
pub fn wrong_line(answer: &Answer) -> String {
    match answer {
        Answer::Choices(choices) => {
            let wrong = choices.iter().position(|c| !c.correct).unwrap_or(0);
            let right = choices.iter().filter(|c| c.correct).count();
            let mut picked = vec![wrong];
            if right > 1 {
                picked.extend(
                    (0..choices.len())
                        .filter(|&i| choices[i].correct && i != wrong)
                        .take(right - 1),
                );
            }
            picked
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(",")
        }
        Answer::Accept(_) => "sûrement pas ça".to_string(),
    }
}

/// What the first attempt at `step` shows with the tests' seed.
pub fn first_draws(step: &Step) -> Vec<Draw> {
    step.draws_for(&Rng::with_seed(SEED), 1, &[])
}

/// The plain-mode line that answers `question` right, as `draw` shows it
/// (its variant, its choices in the drawn order).
pub fn shown_right_line(question: &Question, draw: &Draw) -> String {
    let shown = question.variant(draw.variant);
    match &shown.answer {
        Answer::Choices(choices) => draw
            .order
            .iter()
            .enumerate()
            .filter(|(_, i)| choices[**i].correct)
            .map(|(k, _)| (k + 1).to_string())
            .collect::<Vec<_>>()
            .join(","),
        Answer::Accept(accept) => accept[0].clone(),
    }
}

/// The lines of a first attempt at `step` answered right: Enter after the
/// text, one line per question, and an empty reflection if it asks one.
pub fn right_step(step: &Step) -> String {
    let mut input = String::from("\n");
    for (q, draw) in step.questions.iter().zip(first_draws(step)) {
        input.push_str(&shown_right_line(q, &draw));
        input.push('\n');
    }
    if step.reflection.is_some() {
        input.push('\n');
    }
    input
}

/// Every line of a first run answered right: the welcome, then each step.
pub fn right_journey(content: &Content) -> String {
    let mut input = String::from("\n");
    for step in &content.steps {
        input.push_str(&right_step(step));
    }
    input
}

pub fn load_fixture(name: &str) -> Content {
    content::load_dir(&fixture_dir(name), Lang::Fr).expect("fixture content")
}

pub fn load_shipped(lang: Lang) -> Content {
    content::load(&content::Source::Embedded, lang).expect("shipped content")
}

// ---------------------------------------------------------------------------
// Helpers for the reliability tests (crash, concurrency, bad input, signals).

/// What a path holds, for before/after comparisons: kind, bytes (regular
/// files only: a named pipe is never opened), link target, mode and mtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snap {
    pub kind: &'static str,
    pub bytes: Option<Vec<u8>>,
    pub link: Option<PathBuf>,
    pub mode: u32,
    pub modified: Option<std::time::SystemTime>,
}

/// Every path under `root` (itself included), without following links. The
/// cache directory of an [`Env`] (`xdg-cache`) is left out: it holds only
/// what onboard can make again (checked content, parsed progress), and
/// tests/integration/cache.rs checks it on its own.
pub fn snapshot(root: &Path) -> std::collections::BTreeMap<PathBuf, Snap> {
    let mut out = std::collections::BTreeMap::new();
    snapshot_into(root, &mut out);
    out
}

fn snapshot_into(path: &Path, out: &mut std::collections::BTreeMap<PathBuf, Snap>) {
    if path.file_name().is_some_and(|name| name == "xdg-cache") {
        return;
    }
    let Ok(meta) = fs::symlink_metadata(path) else {
        return;
    };
    let kind = if meta.file_type().is_symlink() {
        "link"
    } else if meta.is_dir() {
        "dir"
    } else if meta.is_file() {
        "file"
    } else {
        "special"
    };
    #[cfg(unix)]
    let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
    #[cfg(not(unix))]
    let mode = 0;
    let snap = Snap {
        kind,
        bytes: (kind == "file").then(|| fs::read(path).unwrap_or_default()),
        link: fs::read_link(path).ok(),
        mode,
        modified: meta.modified().ok().filter(|_| kind != "dir"),
    };
    out.insert(path.to_path_buf(), snap);
    if kind == "dir"
        && let Ok(entries) = fs::read_dir(path)
    {
        for entry in entries.flatten() {
            snapshot_into(&entry.path(), out);
        }
    }
}

/// The differences between two snapshots, one line each (empty when equal).
pub fn snapshot_diff(
    before: &std::collections::BTreeMap<PathBuf, Snap>,
    after: &std::collections::BTreeMap<PathBuf, Snap>,
) -> Vec<String> {
    let mut diff = Vec::new();
    for (path, snap) in before {
        match after.get(path) {
            None => diff.push(format!("removed: {}", path.display())),
            Some(other) if other != snap => diff.push(format!("changed: {}", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        diff.push(format!("created: {}", path.display()));
    }
    diff
}

/// Leftover `.onboard-*.tmp` files (from a killed save) directly in `dir`.
pub fn temp_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(".onboard-") && name.ends_with(".tmp")
                })
                .count()
        })
        .unwrap_or(0)
}

/// Whether file permissions bind this process (they do not for root, or
/// with CAP_DAC_OVERRIDE): a file made unreadable is tried.
#[cfg(unix)]
pub fn permissions_apply(scratch: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = scratch.join(".permission-probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&probe).is_ok();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o600)).unwrap();
    fs::remove_file(&probe).unwrap();
    !readable
}

impl Env {
    /// The same command as [`Env::fixture`], as a `std::process::Command`,
    /// for tests that spawn the binary and talk to it through pipes.
    pub fn spawnable(&self, fixture: &str) -> std::process::Command {
        self.spawnable_with(fixture, &self.progress())
    }

    /// [`Env::spawnable`] with another progress file.
    pub fn spawnable_with(&self, fixture: &str, progress: &Path) -> std::process::Command {
        let mut cmd = self.isolated(progress);
        cmd.env("ONBOARD_STEPS", fixture_dir(fixture));
        cmd
    }

    /// [`Env::spawnable`] for a pseudo-terminal: a terminal type that has colours.
    pub fn terminal(&self, fixture: &str) -> std::process::Command {
        let mut cmd = self.spawnable(fixture);
        cmd.env("TERM", "xterm-256color");
        cmd
    }
}

/// Reads and parses a progress file with the tool's own parser: `Ok(None)`
/// when it does not exist, `Err` with the reason when it does not parse.
pub fn read_progress(path: &Path) -> Result<Option<onboard::progress::Progress>, String> {
    match fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            onboard::progress::store::parse(&text).map(Some)
        }
    }
}

/// The plain-mode lines that answer `step` from question `from` on, right or
/// wrong as `right` says for each question index.
pub fn answer_lines(
    step: &onboard::content::Step,
    from: usize,
    right: impl Fn(usize) -> bool,
) -> Vec<String> {
    step.questions
        .iter()
        .enumerate()
        .skip(from)
        .map(|(i, q)| {
            if right(i) {
                right_line(&q.answer)
            } else {
                wrong_line(&q.answer)
            }
        })
        .collect()
}

/// The input of a journey run that answers everything right from where
/// `progress` stands: the welcome if not yet seen, then for each pending step
/// Enter after its text (unless it resumes mid-quiz) and the questions left.
pub fn resume_input(content: &Content, progress: &onboard::progress::Progress) -> String {
    let mut input = String::new();
    if !progress.welcomed {
        input.push('\n');
    }
    for step in &content.steps {
        if !progress.status(step).pending() {
            continue;
        }
        let from = progress.resume_at(step);
        if from == 0 {
            input.push('\n');
        }
        for line in answer_lines(step, from, |_| true) {
            input.push_str(&line);
            input.push('\n');
        }
    }
    input
}
