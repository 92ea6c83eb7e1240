//! The terminal interface, driven through a pseudo-terminal: real keys,
//! real dialoguer widgets, real signals.
#![cfg(unix)]

use std::time::Duration;

use crate::common::*;
use expectrl::{Eof, Expect, Session};
use ptyprocess::WaitStatus;

const DOWN: &str = "\x1b[B";
const SHOW_CURSOR: &str = "\x1b[?25h";

fn spawn(env: &Env, args: &[&str]) -> expectrl::session::OsSession {
    spawn_with(env, args, "ONBOARD_TEST", "1")
}

fn spawn_with(env: &Env, args: &[&str], key: &str, value: &str) -> expectrl::session::OsSession {
    let mut cmd = env.terminal("basic");
    cmd.args(args).env(key, value);
    let mut session = Session::spawn(cmd).expect("spawn onboard in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Everything the program writes until it ends.
fn rest_of_output(session: &mut expectrl::session::OsSession) -> String {
    let rest = session.expect(Eof).unwrap();
    let mut bytes = rest.before().to_vec();
    for m in rest.matches() {
        bytes.extend_from_slice(m);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn exit_code(session: &expectrl::session::OsSession) -> i32 {
    match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("onboard did not exit normally: {other:?}"),
    }
}

#[test]
fn a_step_answered_with_arrow_keys_and_enter_is_saved() {
    let env = Env::new();
    let mut s = spawn(&env, &["step", "alpha"]);
    s.expect("Étape 1 sur 2\u{a0}: Alpha").unwrap();
    s.expect("Appuie sur Entrée").unwrap();
    s.send("\r").unwrap();
    // Single choice: "Bêta" is highlighted first; one step down is "Alpha".
    s.expect("Quelle est la première lettre ?").unwrap();
    s.expect("Alpha").unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    s.expect("Bonne réponse.").unwrap();
    // Several answers: tick Alpha, go down twice, tick Gamma, confirm.
    s.expect("Quelles lettres sont grecques ?").unwrap();
    s.expect("Gamma").unwrap();
    s.send(" ").unwrap();
    s.send(DOWN).unwrap();
    s.send(DOWN).unwrap();
    s.send(" ").unwrap();
    s.send("\r").unwrap();
    s.expect("Bonne réponse.").unwrap();
    s.expect("Étape réussie, avec un score de 2 sur 2.")
        .unwrap();
    s.expect(Eof).unwrap();
    assert_eq!(exit_code(&s), 0);

    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 2);
}

#[test]
fn ctrl_c_mid_question_exits_130_shows_the_cursor_and_keeps_progress() {
    let env = Env::new();
    let mut s = spawn(&env, &["step", "alpha"]);
    s.expect("Appuie sur Entrée").unwrap();
    s.send("\r").unwrap();
    s.expect("Quelle est la première lettre ?").unwrap();
    s.expect("Alpha").unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    s.expect("Bonne réponse.").unwrap();
    s.expect("Gamma").unwrap();
    s.send("\x03").unwrap();
    let tail = rest_of_output(&mut s);
    assert!(
        tail.contains(SHOW_CURSOR),
        "the cursor is shown again: {tail:?}"
    );
    assert!(tail.contains("relance onboard pour reprendre"), "{tail:?}");
    assert_eq!(exit_code(&s), 130);

    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
}

/// Whether `text` holds an SGR sequence (colour or text attribute): ESC [ digits m.
fn has_sgr(text: &str) -> bool {
    text.split('\x1b').skip(1).any(|rest| {
        rest.strip_prefix('[')
            .and_then(|r| {
                r.find(|c: char| !(c.is_ascii_digit() || c == ';'))
                    .map(|end| r[end..].starts_with('m'))
            })
            .unwrap_or(false)
    })
}

fn journey_until_the_bar(extra_env: Option<(&str, &str)>, args: &[&str]) -> String {
    let env = Env::new();
    let mut cmd_args = vec![];
    cmd_args.extend_from_slice(args);
    let mut s = match extra_env {
        None => spawn(&env, &cmd_args),
        Some((k, v)) => spawn_with(&env, &cmd_args, k, v),
    };
    let welcome = s.expect("Bienvenue dans le parcours d'essai.").unwrap();
    let mut seen = String::from_utf8_lossy(welcome.before()).into_owned();
    s.send("\r").unwrap();
    let bar = s.expect("Étapes réussies\u{a0}: 0 sur 2").unwrap();
    seen.push_str(&String::from_utf8_lossy(bar.before()));
    let title = s.expect("Alpha").unwrap();
    seen.push_str(&String::from_utf8_lossy(title.before()));
    s.send("\x03").unwrap();
    seen.push_str(&rest_of_output(&mut s));
    assert_eq!(exit_code(&s), 130);
    seen
}

#[test]
fn the_journey_in_a_terminal_shows_a_bar_and_colour() {
    let seen = journey_until_the_bar(None, &[]);
    assert!(
        seen.contains("-----") && seen.contains("0/2"),
        "a progress bar: {seen:?}"
    );
    assert!(has_sgr(&seen), "colour on a terminal: {seen:?}");
}

#[test]
fn no_color_and_the_flag_remove_colour_but_keep_the_words() {
    for seen in [
        journey_until_the_bar(Some(("NO_COLOR", "1")), &[]),
        journey_until_the_bar(None, &["--no-color"]),
    ] {
        assert!(!has_sgr(&seen), "no colour: {seen:?}");
        assert!(seen.contains("0/2"));
    }
}

#[test]
fn the_sgr_detector_works() {
    assert!(has_sgr("a\x1b[1;36mb"));
    assert!(has_sgr("\x1b[0m"));
    assert!(!has_sgr("\x1b[2K\x1b[1A\x1b[?25h"));
}

/// A step with a body far taller than a terminal, and a pinned question.
fn long_step(env: &Env) -> std::path::PathBuf {
    let dir = env.path("long");
    std::fs::create_dir_all(&dir).unwrap();
    let body: String = (1..=80)
        .map(|n| format!("Paragraphe numéro {n} du texte.\n\n"))
        .collect();
    let step = format!(
        "format = 1\nid = \"long\"\ntitle = \"Un long texte\"\nkind = \"value\"\n\
         body = \"\"\"\n{body}\"\"\"\n\n[[questions]]\nprompt = \"Quelle est la bonne ?\"\n\
         shuffle = false\n[[questions.choices]]\ntext = \"La fausse\"\nwhy = \"Non.\"\n\
         [[questions.choices]]\ntext = \"La vraie\"\ncorrect = true\n"
    );
    std::fs::write(dir.join("01-long.toml"), step).unwrap();
    dir
}

#[test]
fn a_long_body_is_paged_and_a_wrong_answer_shows_no_success_mark() {
    let env = Env::new();
    let dir = long_step(&env);
    let mut cmd = env.terminal("basic");
    cmd.args(["step", "long"]).env("ONBOARD_STEPS", &dir);
    let mut s = Session::spawn(cmd).expect("spawn onboard in a pseudo-terminal");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    // The first page ends before the last paragraph, and asks for the next.
    let first = s.expect("Suite du texte").unwrap();
    let first = String::from_utf8_lossy(first.before()).into_owned();
    assert!(first.contains("Un long texte"), "{first:?}");
    assert!(first.contains("Paragraphe numéro 1 "), "{first:?}");
    assert!(!first.contains("Paragraphe numéro 80 "), "{first:?}");
    // Enter through the pages, until the quiz's prompt.
    let mut pages = 1;
    loop {
        s.send("\r").unwrap();
        let next = s
            .expect(expectrl::Regex("Suite du texte|Appuie sur Entrée"))
            .unwrap();
        let matched = String::from_utf8_lossy(next.get(0).unwrap()).into_owned();
        if matched.starts_with("Appuie") {
            break;
        }
        pages += 1;
        assert!(pages < 40, "the pages end");
    }
    assert!(pages >= 2, "{pages}");
    s.send("\r").unwrap();
    // The cursor starts on "La fausse" (the order is pinned): Enter answers wrong.
    s.expect("Quelle est la bonne ?").unwrap();
    s.expect("La vraie").unwrap();
    s.send("\r").unwrap();
    let verdict = s.expect("Mauvaise réponse.").unwrap();
    let before = String::from_utf8_lossy(verdict.before()).into_owned();
    let echo = &before[before.rfind("La vraie").unwrap_or(0)..];
    assert!(echo.contains("La fausse"), "the answer is echoed: {echo:?}");
    assert!(
        !echo.contains('✔'),
        "no success mark beside a wrong answer: {echo:?}"
    );
    let tail = rest_of_output(&mut s);
    assert!(!tail.contains('✔'), "{tail:?}");
    assert_eq!(exit_code(&s), 0);
}

/// A terminal of our own: the test holds the master side, and closes it
/// while onboard runs with SIGHUP ignored (`nohup`, `trap '' HUP`), as when
/// a terminal window is closed under it. `setsid -c` makes the pseudo-
/// terminal onboard's controlling terminal.
struct HungUp {
    child: std::process::Child,
    master: Option<nix::pty::PtyMaster>,
    seen: String,
}

impl HungUp {
    /// onboard run by `sh -c script`, where `"$0" "$@"` is onboard and
    /// `args`.
    fn spawn_in(env: &Env, script: &str, args: &[&str]) -> Option<HungUp> {
        use nix::fcntl::OFlag;
        use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt};
        if std::process::Command::new("setsid")
            .arg("--version")
            .output()
            .is_err()
        {
            assert!(std::env::var_os("CI").is_none(), "setsid is missing in CI");
            eprintln!("SKIPPED: setsid (util-linux) is not installed");
            return None;
        }
        let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let slave_path = ptsname_r(&master).unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&slave_path)
            .unwrap();
        let inner = env.terminal("basic");
        let mut cmd = std::process::Command::new("setsid");
        cmd.args(["-w", "-c", "sh", "-c", script])
            .arg(inner.get_program())
            .args(args)
            .env_clear()
            .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        let child = cmd.spawn().unwrap();
        Some(HungUp {
            child,
            master: Some(master),
            seen: String::new(),
        })
    }

    /// Reads until `text` shows, and forgets the output up to it. Gives up
    /// after a minute without it, and says what was seen instead: a test
    /// that waits must fail, never hang the suite.
    fn expect(&mut self, text: &str) {
        use nix::poll::{PollFd, PollFlags, poll};
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let master = self.master.as_mut().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let mut buf = [0u8; 4096];
        loop {
            if let Some(at) = self.seen.find(text) {
                self.seen.drain(..at + text.len());
                return;
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let mut ready = [PollFd::new(master.as_raw_fd(), PollFlags::POLLIN)];
            let millis = i32::try_from(left.as_millis()).unwrap_or(i32::MAX);
            if left.is_zero() || poll(&mut ready, millis) == Ok(0) {
                panic!("{text:?} not seen within a minute: {:?}", self.seen);
            }
            match master.read(&mut buf) {
                Ok(0) | Err(_) => panic!("never saw {text:?}: {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            }
        }
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.master
            .as_mut()
            .unwrap()
            .write_all(keys.as_bytes())
            .unwrap();
    }

    /// Closes the terminal and waits for onboard to end by itself (a minute
    /// at most: then it is stopped, and the test fails).
    fn hang_up(mut self) -> std::process::ExitStatus {
        drop(self.master.take());
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("onboard did not end after its terminal was closed");
    }
}

impl Drop for HungUp {
    /// A test that failed half-way leaves no shell behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hang_up_at(ignored: &str, keys_before: &[(&str, &str)]) {
    let env = Env::new();
    let script = format!("trap '' {ignored}; exec \"$0\" \"$@\"");
    let Some(mut s) = HungUp::spawn_in(&env, &script, &["step", "alpha"]) else {
        return;
    };
    for (wait_for, keys) in keys_before {
        s.expect(wait_for);
        s.send(keys);
    }
    s.expect("Gamma");
    let status = s.hang_up();
    assert!(
        matches!(status.code(), Some(129 | 130)),
        "the end of the session, not a crash: {status:?}"
    );
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
}

/// The terminal closes while SIGHUP is ignored: reads and writes then fail
/// with EIO. That is the end of the session: the answers given are kept,
/// and onboard exits 129 (or 130), never with a panic or an abort.
#[test]
fn a_terminal_closed_under_a_journey_that_ignores_sighup_ends_it_cleanly() {
    hang_up_at("HUP", TO_THE_SECOND_QUESTION);
}

/// The same under `nohup onboard &`, where SIGINT is ignored too: console
/// then cannot end a read by raising SIGINT, and the hang-up alone must
/// end the session.
#[test]
fn a_terminal_closed_under_nohup_in_the_background_ends_the_session_cleanly() {
    hang_up_at("HUP INT", TO_THE_SECOND_QUESTION);
}

const TO_THE_SECOND_QUESTION: &[(&str, &str)] = &[
    ("Appuie sur Entrée", "\r"),
    ("Quelle est la première lettre ?", ""),
    ("Alpha", DOWN),
    ("", "\r"),
    ("Bonne réponse.", ""),
];

/// The terminal's settings, as `stty -a` shows them (None without stty).
fn stty(tty: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new("stty")
        .arg("-F")
        .arg(tty)
        .arg("-a")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A step answered up to its second question, a list with several
/// answers; then `keys`. Returns the rest of the output and the exit code.
fn at_the_second_question_send(env: &Env, keys: &str) -> (String, i32, Option<String>) {
    let mut s = spawn(env, &["step", "alpha"]);
    s.expect("Appuie sur Entrée").unwrap();
    let pid = s.get_process().pid().as_raw();
    let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    s.send("\r").unwrap();
    s.expect("Quelle est la première lettre ?").unwrap();
    s.expect("Alpha").unwrap();
    s.send(DOWN).unwrap();
    s.send("\r").unwrap();
    s.expect("Bonne réponse.").unwrap();
    s.expect("Gamma").unwrap();
    s.send(keys).unwrap();
    let tail = rest_of_output(&mut s);
    let code = exit_code(&s);
    (tail, code, stty(&tty))
}

/// Ctrl-D in a list ends the input, as in plain mode: the answers given
/// are kept, the cursor is shown again, exit 130. (Raw mode used to
/// swallow it.)
#[test]
fn ctrl_d_in_a_list_ends_the_input_and_keeps_progress() {
    let env = Env::new();
    let (tail, code, _) = at_the_second_question_send(&env, "\x04");
    assert_eq!(code, 130, "{tail:?}");
    assert!(tail.contains(SHOW_CURSOR), "{tail:?}");
    assert!(tail.contains("relance onboard pour reprendre"), "{tail:?}");
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
}

/// Ctrl-\ in a list quits like SIGQUIT: exit 131, the answers kept, the
/// cursor shown and the terminal back in line mode.
#[test]
fn ctrl_backslash_in_a_list_quits_like_sigquit() {
    let env = Env::new();
    let (tail, code, settings) = at_the_second_question_send(&env, "\x1c");
    assert_eq!(code, 131, "{tail:?}");
    assert!(tail.contains(SHOW_CURSOR), "{tail:?}");
    assert!(tail.contains("relance onboard pour reprendre"), "{tail:?}");
    if let Some(settings) = settings {
        assert!(
            settings.split_whitespace().any(|w| w == "icanon"),
            "{settings}"
        );
    }
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
}

/// Field `index` of /proc/PID/stat, counting from the state: the fields
/// after the command's name, which ends with the last ')'.
fn stat_field(pid: u32, index: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(index).map(str::to_string)
}

/// The foreground process group of `pid`'s terminal (`tpgid`).
fn foreground_group(pid: u32) -> Option<u32> {
    stat_field(pid, 5)?.parse().ok()
}

/// The state letter of process `pid` (R, S, T for stopped…).
fn state(pid: u32) -> char {
    stat_field(pid, 0)
        .and_then(|field| field.chars().next())
        .unwrap_or('?')
}

/// Ctrl-Z in a list suspends onboard under a shell with job control: the
/// process stops with the terminal in line mode and the cursor shown; `fg`
/// resumes it, the list comes back, and the answer is saved.
#[test]
fn ctrl_z_in_a_list_suspends_and_fg_resumes_it() {
    let env = Env::new();
    // `read` waits for the test's go before `fg`: meanwhile onboard is
    // stopped, and the shell has the terminal.
    let script = "set -m; \"$0\" \"$@\"; read go; fg >/dev/null; echo \"onboard-exit=$?\"";
    let Some(mut s) = HungUp::spawn_in(&env, script, &["step", "alpha"]) else {
        return;
    };
    let shell = s.child.id();
    s.expect("Appuie sur Entrée");
    s.send("\r");
    s.expect("Quelle est la première lettre ?");
    s.expect("Alpha");
    s.send(DOWN);
    s.send("\r");
    s.expect("Bonne réponse.");
    s.expect("Gamma");
    s.send("\x1a");
    s.expect(SHOW_CURSOR);
    let children =
        std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
    let onboard: u32 = children
        .split_whitespace()
        .next()
        .and_then(|pid| pid.parse().ok())
        .expect("onboard runs under the shell");
    for _ in 0..200 {
        if state(onboard) == 'T' {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(state(onboard), 'T', "onboard is suspended");
    let tty = std::fs::read_link(format!("/proc/{onboard}/fd/0")).unwrap();
    if let Some(settings) = stty(&tty) {
        assert!(
            settings.split_whitespace().any(|w| w == "icanon"),
            "line mode while suspended: {settings}"
        );
    }
    // The shell must have the terminal back before it reads the go: until
    // then the line would be read by nobody, or flushed.
    for _ in 0..200 {
        if foreground_group(shell) == Some(shell) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        foreground_group(shell),
        Some(shell),
        "the shell has the terminal"
    );
    // fg: the list again, then the answer.
    s.send("\n");
    s.expect("Gamma");
    s.send(" ");
    s.send(DOWN);
    s.send(DOWN);
    s.send(" ");
    s.send("\r");
    s.expect("Étape réussie");
    s.expect("onboard-exit=0");
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=todo"]);
    drop(s);
}
