//! SIGTERM and SIGINT: the progress is kept up to the last answer, the
//! cursor is shown again, and the exit code is 143 or 130.
//!
//! Signals are sent with the `kill` program (no shell) in plain mode, and
//! through the pseudo-terminal's process handle for the terminal interface.
#![cfg(unix)]

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::common::*;
use expectrl::{Eof, Expect, Session};
use onboard::progress::Status;
use ptyprocess::{Signal, WaitStatus};

const PATIENCE: Duration = Duration::from_secs(60);
const SHOW_CURSOR: &str = "\x1b[?25h";

fn send(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// A plain-mode run whose output lines arrive on a channel.
struct Plain {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    lines: mpsc::Receiver<String>,
    seen: String,
}

impl Plain {
    fn spawn(env: &Env, fixture: &str, args: &[&str]) -> Plain {
        let mut child = env
            .spawnable(fixture)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn onboard");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        // Chunks as they come, not lines: a prompt has no newline.
        thread::spawn(move || {
            let mut stdout = stdout;
            let mut buf = [0u8; 4096];
            let mut pending = Vec::new();
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                pending.extend_from_slice(&buf[..n]);
                // Only whole UTF-8 characters are sent.
                let valid = match std::str::from_utf8(&pending) {
                    Ok(_) => pending.len(),
                    Err(e) => e.valid_up_to(),
                };
                let text = String::from_utf8_lossy(&pending[..valid]).into_owned();
                pending.drain(..valid);
                let _ = tx.send(text);
            }
        });
        let stdin = child.stdin.take();
        Plain {
            child,
            stdin,
            lines,
            seen: String::new(),
        }
    }

    fn write(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
    }

    /// Waits until the output holds `text` `count` times.
    fn wait_for(&mut self, text: &str, count: usize) {
        while self.seen.matches(text).count() < count {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) => self.seen.push_str(&line),
                Err(_) => panic!("never saw {text:?} ×{count}; output so far:\n{}", self.seen),
            }
        }
    }

    /// Sends `signal`, waits for the end, returns the exit code and stderr.
    fn stop_with(self, signal: &str) -> (Option<i32>, String) {
        let (code, err, _) = self.stop_and_read(signal);
        (code, err)
    }

    /// Sends `signal`, waits for the end, returns the exit code, stderr and
    /// the whole stdout.
    fn stop_and_read(mut self, signal: &str) -> (Option<i32>, String, String) {
        send(&self.child, signal);
        let status = self.child.wait().unwrap();
        // The reader ends at the end of the output.
        while let Ok(line) = self.lines.recv_timeout(PATIENCE) {
            self.seen.push_str(&line);
        }
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), err, self.seen)
    }
}

fn one_answer_then(signal: &str, expected: i32) {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let mut run = Plain::spawn(&env, "basic", &["step", "alpha"]);
    run.write("");
    run.write(&right_line(&alpha.questions[0].answer));
    run.wait_for("Bonne réponse.", 1);
    run.wait_for("Quelles lettres sont grecques ?", 1);
    let (code, err) = run.stop_with(signal);
    assert_eq!(code, Some(expected), "{err}");
    assert!(err.contains("relance onboard pour reprendre"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no escape code in plain mode: {err:?}"
    );

    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
    assert_eq!(temp_files(env.progress().parent().unwrap()), 0);

    // The next run resumes at the second question.
    env.fixture("basic")
        .args(["step", "alpha"])
        .write_stdin(format!("{}\n", right_line(&alpha.questions[1].answer)))
        .assert()
        .success();
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=todo"]);
}

#[test]
fn sigterm_in_plain_mode_exits_143_and_keeps_the_answers() {
    one_answer_then("TERM", 143);
}

#[test]
fn sigint_in_plain_mode_exits_130_and_keeps_the_answers() {
    one_answer_then("INT", 130);
}

#[test]
fn sigterm_at_the_welcome_exits_143_and_leaves_no_file() {
    let env = Env::new();
    let mut run = Plain::spawn(&env, "basic", &[]);
    run.wait_for("Appuie sur Entrée pour commencer.", 1);
    let (code, err) = run.stop_with("TERM");
    assert_eq!(code, Some(143), "{err}");
    assert!(read_progress(&env.progress()).unwrap().is_none());
}

/// SIGTERM at random moments of a journey fed all at once: the handler waits
/// for a save in progress, so nothing is lost, at most one answer is saved
/// without being acknowledged, and no temporary file is ever left behind.
#[test]
fn sigterm_during_saves_waits_for_the_save_and_leaves_no_temporary_file() {
    let runs: u64 = std::env::var("ONBOARD_SIGNAL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let content = load_fixture("many");
    let total: usize = content.steps.iter().map(|s| s.questions.len()).sum();
    let mut terminated = 0;
    for i in 0..runs {
        let env = Env::new();
        let mut run = Plain::spawn(&env, "many", &[]);
        let input = right_journey(&content);
        run.stdin
            .as_mut()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        // After the n-th acknowledged answer, so that the signal lands among
        // the saves; n walks through the journey from run to run.
        let n = (i as usize * 5) % total;
        if n > 0 {
            run.wait_for("Bonne réponse.", n);
        } else {
            run.wait_for("Bienvenue", 1);
        }
        let (code, err, out) = run.stop_and_read("TERM");
        assert!(matches!(code, Some(143 | 0)), "{code:?} {err}");
        if code == Some(143) {
            terminated += 1;
        }
        let acknowledged = out.matches("Bonne réponse.").count();
        let progress = read_progress(&env.progress())
            .expect("the progress file parses")
            .unwrap_or_default();
        // Every answer is right, so no step is attempted twice: the answers
        // in the file are all the answers saved.
        let saved: usize = progress.steps.values().map(|e| e.answers.len()).sum();
        assert!(
            saved >= acknowledged && saved <= acknowledged + 1,
            "run {i}: {acknowledged} acknowledged, {saved} saved"
        );
        assert_eq!(
            temp_files(env.progress().parent().unwrap()),
            0,
            "run {i}: a temporary file left after SIGTERM"
        );
        let json = env.status_json(env.fixture("many"));
        assert_eq!(json["total"], content.steps.len());
    }
    println!("signals: {runs} journeys sent SIGTERM, {terminated} exited 143, nothing lost");
}

// The terminal interface, in a pseudo-terminal.

fn spawn_terminal(env: &Env, args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = env.terminal("basic");
    cmd.args(args);
    let mut session = Session::spawn(cmd).expect("spawn onboard in a pseudo-terminal");
    session.set_expect_timeout(Some(PATIENCE));
    session
}

/// The settings of a terminal, as `stty -a` shows them (None when stty is
/// not there: the check is then skipped).
fn stty(tty: &std::path::Path) -> Option<String> {
    let out = Command::new("stty")
        .arg("-F")
        .arg(tty)
        .arg("-a")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn terminal_signal_mid_question(signal: Signal, expected: i32) {
    let env = Env::new();
    let mut s = spawn_terminal(&env, &["step", "alpha"]);
    s.expect("Appuie sur Entrée").unwrap();
    let pid = s.get_process().pid().as_raw();
    let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    s.send("\r").unwrap();
    s.expect("Quelle est la première lettre ?").unwrap();
    s.expect("Alpha").unwrap();
    s.send("\x1b[B").unwrap();
    s.send("\r").unwrap();
    s.expect("Bonne réponse.").unwrap();
    // The multiple-answer widget is on screen, cursor hidden.
    s.expect("Gamma").unwrap();
    s.get_process_mut().signal(signal).unwrap();
    let rest = s.expect(Eof).unwrap();
    let mut bytes = rest.before().to_vec();
    for m in rest.matches() {
        bytes.extend_from_slice(m);
    }
    let tail = String::from_utf8_lossy(&bytes).into_owned();
    assert!(
        tail.contains(SHOW_CURSOR),
        "the cursor is shown again: {tail:?}"
    );
    assert!(tail.contains("relance onboard pour reprendre"), "{tail:?}");
    assert!(!tail.contains("panicked"), "{tail:?}");
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, expected, "{tail:?}"),
        other => panic!("onboard did not exit by itself: {other:?}"),
    }
    // The terminal is left as it was found: line mode, not raw mode.
    if let Some(settings) = stty(&tty) {
        assert!(
            settings.split_whitespace().any(|w| w == "icanon"),
            "the terminal is left in raw mode: {settings}"
        );
    }
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    let step = &load_fixture("basic").steps[0];
    assert_eq!(progress.status(step), Status::Started);
}

#[test]
fn sigterm_in_the_terminal_interface_exits_143_shows_the_cursor_and_keeps_progress() {
    terminal_signal_mid_question(Signal::SIGTERM, 143);
}

#[test]
fn sigint_sent_to_the_terminal_interface_exits_130_and_shows_the_cursor() {
    terminal_signal_mid_question(Signal::SIGINT, 130);
}
