//! A small builder around the real `onboard` binary: each test gets its own
//! home, data and progress file, no terminal, and French unless it asks.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use onboard::cli::Lang;
use onboard::content::{self, Answer, Content};

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
        let mut cmd = Command::cargo_bin("onboard").expect("binary");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("ONBOARD_PROGRESS", self.progress())
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

/// The plain-mode line that answers `question` wrong.
pub fn wrong_line(answer: &Answer) -> String {
    match answer {
        Answer::Choices(choices) => {
            let wrong = choices.iter().position(|c| !c.correct);
            // Every choice right: leave one out.
            (wrong.unwrap_or(0) + 1).to_string()
        }
        Answer::Accept(_) => "sûrement pas ça".to_string(),
    }
}

/// Every line of a first run answered right: the welcome, then for each step
/// Enter after the text and one line per question.
pub fn right_journey(content: &Content) -> String {
    let mut input = String::from("\n");
    for step in &content.steps {
        input.push('\n');
        for q in &step.questions {
            input.push_str(&right_line(&q.answer));
            input.push('\n');
        }
    }
    input
}

pub fn load_fixture(name: &str) -> Content {
    content::load_dir(&fixture_dir(name), Lang::Fr).expect("fixture content")
}

pub fn load_shipped(lang: Lang) -> Content {
    content::load(None, lang).expect("shipped content")
}
