//! Concurrency: several processes answering on the same progress file at once.
//!
//! Each save is: lock `<file>.lock` → read the file again → apply the one
//! change → atomic write → unlock. A second process waits for the lock (held
//! for a few milliseconds), then applies its change to what the first one
//! wrote, so no update is lost and the file is always whole.
//!
//! `ONBOARD_CONCURRENCY_ROUNDS` (default 4) sets how many rounds of eight
//! processes the first test runs.
#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::*;
use onboard::progress::{Status, StoredStatus};

const FIXTURE: &str = "many";
const PROCESSES: usize = 8;
const PATIENCE: Duration = Duration::from_secs(120);

/// Starts every command with its input held back, then releases all the
/// inputs at once, so the processes really run side by side. Returns each
/// one's exit code, stdout and stderr.
fn run_together(
    commands: Vec<(std::process::Command, String)>,
) -> Vec<(Option<i32>, String, String)> {
    let mut children: Vec<(Child, String)> = commands
        .into_iter()
        .map(|(mut cmd, input)| {
            let child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn onboard");
            (child, input)
        })
        .collect();
    let readers: Vec<_> = children
        .iter_mut()
        .map(|(child, _)| {
            let mut out = child.stdout.take().unwrap();
            let mut err = child.stderr.take().unwrap();
            thread::spawn(move || {
                let mut stdout = String::new();
                let mut stderr = String::new();
                let _ = out.read_to_string(&mut stdout);
                let _ = err.read_to_string(&mut stderr);
                (stdout, stderr)
            })
        })
        .collect();
    for (child, input) in &mut children {
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(input.as_bytes());
        // Dropped: end of input after the last line.
    }
    let deadline = Instant::now() + PATIENCE;
    let mut codes = Vec::new();
    for (child, _) in &mut children {
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                codes.push(status.code());
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("a process did not finish within {PATIENCE:?}: a deadlock?");
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
    codes
        .into_iter()
        .zip(readers)
        .map(|(code, reader)| {
            let (out, err) = reader.join().unwrap();
            (code, out, err)
        })
        .collect()
}

fn all_succeeded(results: &[(Option<i32>, String, String)]) {
    for (i, (code, out, err)) in results.iter().enumerate() {
        assert_eq!(*code, Some(0), "process {i} failed: {err}\n{out}");
        assert!(!err.contains("panicked"), "process {i}: {err}");
    }
}

#[test]
fn eight_processes_answering_eight_steps_at_once_lose_nothing() {
    let rounds: usize = std::env::var("ONBOARD_CONCURRENCY_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let env = Env::new();
    let content = load_fixture(FIXTURE);
    assert_eq!(content.steps.len(), PROCESSES);
    for round in 0..rounds {
        // Each round, some processes answer wrong, so every step's outcome
        // is known and differs from the round before.
        let right = |step: usize, question: usize| !(step + round + question).is_multiple_of(3);
        let commands = content
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let mut cmd = env.spawnable(FIXTURE);
                cmd.args(["step", &step.id]);
                let mut input = String::from("\n");
                for line in answer_lines(step, 0, |q| right(i, q)) {
                    input.push_str(&line);
                    input.push('\n');
                }
                (cmd, input)
            })
            .collect();
        all_succeeded(&run_together(commands));

        let progress = read_progress(&env.progress())
            .expect("the progress file parses")
            .expect("the progress file exists");
        for (i, step) in content.steps.iter().enumerate() {
            let entry = &progress.steps[&step.id];
            let answers: Vec<bool> = (0..step.questions.len()).map(|q| right(i, q)).collect();
            assert_eq!(entry.answers, answers, "round {round}, {}", step.id);
            assert_eq!(
                entry.attempts as usize,
                round + 1,
                "round {round}, {}",
                step.id
            );
            let passed = answers.iter().filter(|r| **r).count() >= step.pass_mark();
            let expected = if passed {
                StoredStatus::Passed
            } else {
                StoredStatus::Failed
            };
            assert_eq!(entry.status, expected, "round {round}, {}", step.id);
        }
    }
    let data = env.progress().parent().unwrap().to_path_buf();
    assert_eq!(
        temp_files(&data),
        0,
        "no temporary file is left after clean runs"
    );
    println!(
        "concurrency: {rounds} rounds of {PROCESSES} processes on one file, {} runs, nothing lost",
        rounds * PROCESSES
    );
}

#[test]
fn eight_processes_on_the_same_step_end_it_passed() {
    let env = Env::new();
    let content = load_fixture(FIXTURE);
    // Step 1 is answered right by "1" at every question, and any line goes
    // on after its text. A process that finds the step started by another
    // resumes it where the file says (as after a crash), so its lines may
    // fall on other questions than planned: with this step, every line it
    // reads is still a right answer.
    let step = &content.steps[0];
    assert!(step.questions.iter().all(|q| right_line(&q.answer) == "1"));
    let input = "1\n".repeat(1 + step.questions.len() + 2);
    let commands = (0..PROCESSES)
        .map(|_| {
            let mut cmd = env.spawnable(FIXTURE);
            cmd.args(["step", &step.id]);
            (cmd, input.clone())
        })
        .collect();
    all_succeeded(&run_together(commands));
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    let entry = &progress.steps[&step.id];
    // Later attempts replace earlier ones, and an answer to a question the
    // file already has is ignored: whichever process finishes last, the
    // step ends passed with every answer right.
    assert_eq!(progress.status(step), Status::Passed, "{entry:?}");
    assert_eq!(entry.answers, vec![true; step.questions.len()], "{entry:?}");
    assert!(entry.attempts >= 1, "{entry:?}");
    assert_eq!(progress.steps.len(), 1);
}

#[test]
fn eight_whole_journeys_at_once_leave_a_whole_file_that_resumes() {
    let env = Env::new();
    let content = load_fixture(FIXTURE);
    let commands = (0..PROCESSES)
        .map(|_| (env.spawnable(FIXTURE), right_journey(&content)))
        .collect();
    let results = run_together(commands);
    // A journey reads the file again before each step: a process that finds
    // a step started by another resumes it, as after a crash, and its
    // prepared lines then fall out of step with the questions (a line meant
    // for one question answers another, or input ends early: exit 130).
    // What must hold: no failure, a whole and consistent file, and a clean
    // resume afterwards.
    for (i, (code, out, err)) in results.iter().enumerate() {
        assert!(
            matches!(code, Some(0 | 130)),
            "process {i}: {code:?} {err}\n{out}"
        );
        assert!(!err.contains("panicked"), "process {i}: {err}");
    }
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    assert!(progress.welcomed);
    for step in &content.steps {
        if let Some(entry) = progress.steps.get(&step.id) {
            let score = entry.answers.iter().filter(|r| **r).count();
            assert_eq!(entry.score, score, "{entry:?}");
            assert!(entry.answers.len() <= step.questions.len(), "{entry:?}");
            assert!(entry.attempts >= 1, "{entry:?}");
        }
    }
    // Failed steps come back once per run: two runs finish the journey.
    for _ in 0..2 {
        let progress = read_progress(&env.progress()).unwrap().unwrap();
        env.fixture(FIXTURE)
            .write_stdin(resume_input(&content, &progress))
            .assert()
            .success();
    }
    let json = env.status_json(env.fixture(FIXTURE));
    assert_eq!(json["passed"], PROCESSES, "{json}");
}

#[test]
fn a_save_waits_while_another_process_holds_the_lock() {
    let env = Env::new();
    let content = load_fixture(FIXTURE);
    let step = &content.steps[0];
    std::fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    let lock_path = env.progress().with_file_name("progress.toml.lock");
    let lock = File::create(&lock_path).unwrap();
    lock.lock().unwrap();

    let mut child = env
        .spawnable(FIXTURE)
        .args(["step", &step.id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::from("\n");
    for line in answer_lines(step, 0, |_| true) {
        input.push_str(&line);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let mut stdout = child.stdout.take().unwrap();
    let reader = thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });

    // While the lock is held, the first save (the start of the quiz) cannot
    // happen: the process waits, it neither fails nor goes on. (Nothing here
    // depends on timing: a process that waits can never break these.)
    thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "onboard did not wait for the lock"
    );
    assert!(
        read_progress(&env.progress()).unwrap().is_none(),
        "nothing saved under another's lock"
    );

    lock.unlock().unwrap();
    let status = child.wait().unwrap();
    let out = reader.join().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{err}\n{out}");
    assert!(out.contains("Question 1 sur 2"));
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    assert_eq!(progress.status(step), Status::Passed);
}

/// `onboard reset --yes` from another terminal while a journey waits for
/// its second answer: the attempt that answer belongs to is gone. The
/// journey stops with a message rather than announce an answer it did not
/// save (it said "Bonne réponse.", then "score de 0 sur 2"); the file is
/// the reset one, whole.
#[test]
fn a_reset_during_a_journey_is_never_answered_with_an_unsaved_verdict() {
    let env = Env::new();
    let alpha = &load_fixture("basic").steps[0];
    let mut child = env
        .spawnable("basic")
        .args(["step", "alpha"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let wait_for = |text: &str, seen: &mut Vec<u8>| {
        while !String::from_utf8_lossy(seen).contains(text) {
            match rx.recv_timeout(PATIENCE) {
                Ok(chunk) => seen.extend(chunk),
                Err(_) => panic!("never saw {text:?}: {}", String::from_utf8_lossy(seen)),
            }
        }
    };
    let first = format!("\n{}\n", right_line(&alpha.questions[0].answer));
    stdin.write_all(first.as_bytes()).unwrap();
    wait_for("Quelles lettres sont grecques ?", &mut seen);
    let before = String::from_utf8_lossy(&seen)
        .matches("Bonne réponse.")
        .count();
    assert_eq!(before, 1);

    env.fixture("basic")
        .args(["reset", "--yes"])
        .assert()
        .success();

    let second = format!("{}\n", right_line(&alpha.questions[1].answer));
    stdin.write_all(second.as_bytes()).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    while let Ok(chunk) = rx.recv_timeout(Duration::from_secs(5)) {
        seen.extend(chunk);
    }
    let out = String::from_utf8_lossy(&seen).into_owned();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{out}\n{err}");
    assert!(err.contains("n'a pas été enregistrée"), "{err}");
    assert_eq!(
        out.matches("Bonne réponse.").count(),
        1,
        "no verdict for an answer that was not saved: {out}"
    );
    assert!(!out.contains("score de 0 sur 2"), "{out}");
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=todo", "beta=todo"]);
}
