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

/// onboard keeps a signal ignored when it was started with it ignored (as
/// `nohup` and a non-interactive shell's `cmd &` do), and the children of
/// these tests inherit this process's dispositions: a test that sends a
/// signal needs them at their default, or it would wait for nothing.
fn assert_default_disposition(signal: i32) {
    // The test process installs no handler: what it ignores now, it was
    // started with.
    assert!(
        !onboard::signals::ignored_at_start().contains(&signal),
        "signal {signal} is ignored by the test process (started with `&` or nohup?): \
         run the tests with `env --default-signal=HUP,INT,QUIT,TERM cargo test`, as .ci/test does"
    );
}

fn send(child: &Child, signal: &str) {
    let number = match signal {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        _ => 15,
    };
    assert_default_disposition(number);
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
    assert_default_disposition(signal as i32);
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

#[test]
fn sighup_in_plain_mode_exits_129_and_keeps_the_answers() {
    one_answer_then("HUP", 129);
}

#[test]
fn sigquit_in_plain_mode_exits_131_and_keeps_the_answers() {
    one_answer_then("QUIT", 131);
}

#[test]
fn sighup_in_the_terminal_interface_exits_129_restores_the_terminal_and_keeps_progress() {
    terminal_signal_mid_question(Signal::SIGHUP, 129);
}

#[test]
fn sigquit_in_the_terminal_interface_exits_131_restores_the_terminal_and_keeps_progress() {
    terminal_signal_mid_question(Signal::SIGQUIT, 131);
}

/// Folders a scaffold leaves beside its target while it builds.
fn scaffold_leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".onboard-"))
        .collect()
}

fn scaffold_args(target: &std::path::Path) -> Vec<String> {
    [
        "scaffold",
        &target.display().to_string(),
        "--yes",
        "--contact",
        "equipe@exemple.gouv.fr",
        "--repository-url",
        "https://github.com/ville-de-test/projet",
        "--author",
        "Camille Test <camille@exemple.gouv.fr>",
    ]
    .map(String::from)
    .to_vec()
}

/// SIGHUP and SIGQUIT at moments that walk through a scaffold: the build
/// finishes or is undone, and no `.onboard-scaffold-*` folder is left.
#[test]
fn sighup_and_sigquit_during_a_scaffold_leave_no_temporary_folder() {
    let mut interrupted = 0;
    for i in 0..24u64 {
        let env = Env::new();
        let work = env.path("work");
        std::fs::create_dir_all(&work).unwrap();
        let target = work.join("projet");
        let mut child = env
            .spawnable("basic")
            .args(scaffold_args(&target))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_millis(2 * i));
        let signal = if i % 2 == 0 { "HUP" } else { "QUIT" };
        send(&child, signal);
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(!err.contains("panicked"), "{err}");
        match status.code() {
            Some(0) => assert!(target.join("LICENSE").is_file()),
            Some(129 | 131) => {
                interrupted += 1;
                assert!(err.contains("rien n'a été créé"), "{err}");
            }
            // Before the handlers are installed, nothing is created yet.
            None => {}
            other => panic!("run {i}: {signal} gave {other:?}: {err}"),
        }
        assert_eq!(
            scaffold_leftovers(&work),
            Vec::<String>::new(),
            "run {i}: {signal} left a temporary folder"
        );
    }
    println!(
        "signals: 24 scaffolds sent SIGHUP or SIGQUIT, {interrupted} interrupted, none left a folder"
    );
}

/// Whether an external tool can run; in CI a missing tool fails the test.
fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{name} is missing in CI");
        eprintln!("SKIPPED: {name} is not installed");
    }
    found
}

/// With few file descriptors (`ulimit -n`), a scaffold either succeeds or
/// fails with a message, and never leaves its temporary folder behind
/// (removing a tree needs descriptors too).
#[test]
fn a_scaffold_short_of_file_descriptors_leaves_no_temporary_folder() {
    if !tool("prlimit") {
        return;
    }
    for limit in 4..=24 {
        let env = Env::new();
        let work = env.path("work");
        std::fs::create_dir_all(&work).unwrap();
        let target = work.join("projet");
        let inner = env.spawnable("basic");
        let mut cmd = Command::new("prlimit");
        cmd.arg(format!("--nofile={limit}"))
            .arg("--")
            .arg(inner.get_program())
            .args(scaffold_args(&target))
            .env_clear()
            .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))));
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{limit}: {err}");
        assert_eq!(
            scaffold_leftovers(&work),
            Vec::<String>::new(),
            "ulimit -n {limit}: {err}"
        );
    }
}

/// `cmd` run by `prlimit --nproc=1`: no thread or process can be started.
/// Root is not held to the limit, so as root the command runs as `nobody`
/// (through setpriv), in a folder handed over to it. None when the tools
/// are missing (outside CI).
fn without_threads(env: &Env, cmd: &std::process::Command) -> Option<Command> {
    use std::os::unix::fs::MetadataExt;
    const NOBODY: u32 = 65534;
    if !tool("prlimit") {
        return None;
    }
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let mut program = std::path::PathBuf::from(cmd.get_program());
    let mut steps = None;
    let mut wrapped = if root {
        if !tool("setpriv") {
            return None;
        }
        for dir in [env.dir.path(), &env.path("home"), &env.path("work")] {
            std::fs::create_dir_all(dir).unwrap();
            std::os::unix::fs::chown(dir, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        // The checkout may be where nobody cannot read (/root): the binary
        // and the content are copied beside the test's files.
        let copy = env.path("onboard");
        if !copy.exists() {
            std::fs::copy(&program, &copy).unwrap();
            let fixture = env.path("basic");
            std::fs::create_dir_all(&fixture).unwrap();
            for entry in std::fs::read_dir(fixture_dir("basic")).unwrap().flatten() {
                std::fs::copy(entry.path(), fixture.join(entry.file_name())).unwrap();
            }
        }
        program = copy;
        steps = Some(env.path("basic"));
        let mut setpriv = Command::new("setpriv");
        setpriv.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "prlimit",
        ]);
        setpriv
    } else {
        Command::new("prlimit")
    };
    wrapped
        .args(["--nproc=1", "--"])
        .arg(program)
        .args(cmd.get_args())
        .env_clear()
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))));
    if let Some(steps) = steps {
        wrapped.env("ONBOARD_STEPS", steps);
    }
    Some(wrapped)
}

/// With no thread to spare (`ulimit -u`), the signal thread cannot start:
/// the journey still saves each answer and ends cleanly at the end of its
/// input, and a scaffold is still built, without "failed to spawn thread".
#[test]
fn without_a_signal_thread_the_journey_and_scaffold_still_work() {
    let env = Env::new();
    let alpha = &load_fixture("basic").steps[0];
    let mut journey = env.spawnable("basic");
    journey.args(["step", "alpha"]);
    let Some(mut journey) = without_threads(&env, &journey) else {
        return;
    };
    let mut child = journey
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("\n{}\n", right_line(&alpha.questions[0].answer));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("spawn"), "{err}");
    assert_eq!(out.status.code(), Some(130), "{err}");
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);

    let target = env.path("work/projet");
    let mut scaffold = env.spawnable("basic");
    scaffold.args(scaffold_args(&target));
    let out = without_threads(&env, &scaffold).unwrap().output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("spawn"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(target.join("LICENSE").is_file());
    assert_eq!(scaffold_leftovers(&env.path("work")), Vec::<String>::new());
}
