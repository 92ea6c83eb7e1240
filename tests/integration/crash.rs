//! Crash safety: plain-mode journeys killed with SIGKILL at random moments.
//!
//! Each run drives the real binary through pipes, one line at a time, and
//! reads its output in a thread to know which answers it acknowledged (a
//! verdict line printed). The run is killed after a random delay, or right
//! after a random number of acknowledged answers. After every kill the
//! progress file must parse, every acknowledged answer must be in it, and
//! the next run must resume at the question after the last saved answer.
//!
//! - `ONBOARD_CRASH_RUNS`: how many kills (default 50).
//! - `ONBOARD_CRASH_SEED`: the seed of the random choices (default: the
//!   clock; it is printed). Timing still varies from one machine to another,
//!   so a seed replays the same plan (answers, kill points), not the same
//!   instants.
//!
//! The full campaign:
//! `ONBOARD_CRASH_RUNS=250 cargo test --release --test integration crash:: -- --nocapture`
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::*;
use onboard::content::{Content, Step};
use onboard::progress::{Progress, Status, StoredStatus};

const FIXTURE: &str = "many";
/// How long to wait for an answer to be acknowledged before calling it a hang.
const PATIENCE: Duration = Duration::from_secs(60);

/// A small, seedable generator (SplitMix64): no crate needed, same
/// sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// What one run's output said, in order.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    /// "Étape N sur M": the step at position N-1.
    Step(usize),
    /// "Question n sur m": question n-1 of the current step.
    Question(usize),
    /// "Bonne réponse." or "Mauvaise réponse.": an acknowledged answer.
    Verdict(bool),
}

/// The number after `marker` at `at`, when followed by " sur ".
fn number_after(line: &str, at: usize, marker: &str) -> Option<usize> {
    let rest = &line[at + marker.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with(" sur ") {
        return None;
    }
    digits.parse().ok()
}

/// The events of one output line. A prompt is written without a newline, so
/// a verdict can share its line: markers are taken in the order they appear.
fn events(line: &str) -> Vec<Event> {
    let mut found: Vec<(usize, Event)> = Vec::new();
    for (marker, kind) in [
        ("Étape ", 0),
        ("Question ", 1),
        ("Bonne réponse.", 2),
        ("Mauvaise réponse.", 3),
    ] {
        for (at, _) in line.match_indices(marker) {
            let event = match kind {
                0 => number_after(line, at, marker).map(|n| Event::Step(n - 1)),
                1 => number_after(line, at, marker).map(|n| Event::Question(n - 1)),
                2 => Some(Event::Verdict(true)),
                _ => Some(Event::Verdict(false)),
            };
            if let Some(event) = event {
                found.push((at, event));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, e)| e).collect()
}

/// The input a run needs from `progress`, as the journey will ask for it:
/// the welcome, then for each pending step Enter after its text (unless it
/// resumes mid-quiz) and one line per question left. Also returns where each
/// pending step must resume, and how many answers the run will give.
struct Plan {
    lines: Vec<String>,
    resume: Vec<(usize, usize)>,
    answers: usize,
}

fn plan(content: &Content, progress: &Progress, rng: &mut Rng, right_percent: u64) -> Plan {
    let mut lines = Vec::new();
    let mut resume = Vec::new();
    let mut answers = 0;
    if !progress.welcomed {
        lines.push(String::new());
    }
    for (position, step) in content.steps.iter().enumerate() {
        if !progress.status(step).pending() {
            continue;
        }
        let from = progress.resume_at(step);
        if from == 0 {
            lines.push(String::new());
        }
        resume.push((position, from));
        let rights: Vec<bool> = (0..step.questions.len())
            .map(|_| rng.chance(right_percent))
            .collect();
        let answered = answer_lines(step, from, |i| rights[i]);
        answers += answered.len();
        lines.extend(answered);
    }
    Plan {
        lines,
        resume,
        answers,
    }
}

#[derive(Default)]
struct Figures {
    runs: u64,
    kills: u64,
    finished: u64,
    acknowledged: u64,
    lost: u64,
    saved_unacknowledged: u64,
    temp_files: u64,
    lineages: u64,
    clean_completions: u64,
}

/// One acknowledged answer: step position, question index, right or wrong.
type Ack = (usize, usize, bool);

struct Outcome {
    killed: bool,
    code: Option<i32>,
    acks: Vec<Ack>,
    /// For each step seen, the first question asked.
    first_question: BTreeMap<usize, usize>,
    steps_seen: Vec<usize>,
    stderr: String,
    stdout_tail: String,
}

/// How a run is stopped.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// SIGKILL after this delay from the start.
    After(Duration),
    /// SIGKILL right after this many acknowledged answers, plus a short delay.
    AfterAnswers(usize, Duration),
    /// No kill: the run ends on its own.
    Never,
}

fn run_once(env: &Env, lines: Vec<String>, kill: Kill, writer_seed: u64) -> Outcome {
    let stderr_path = env.path("stderr.txt");
    let mut child = env
        .spawnable(FIXTURE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("spawn onboard");
    let stdout = child.stdout.take().unwrap();
    let stdin = child.stdin.take().unwrap();

    let (tx, rx) = mpsc::channel::<Option<Event>>();
    let reader = thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut tail = String::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf).into_owned();
                    for event in events(&line) {
                        let _ = tx.send(Some(event));
                    }
                    tail.push_str(&line);
                    if tail.len() > 4000 {
                        let mut cut = tail.len() - 2000;
                        while !tail.is_char_boundary(cut) {
                            cut += 1;
                        }
                        tail = tail[cut..].to_string();
                    }
                }
            }
        }
        let _ = tx.send(None);
        tail
    });
    // One line at a time, with a random pause of 0 to 2 ms between lines.
    let writer = thread::spawn(move || -> ChildStdin {
        let mut rng = Rng(writer_seed);
        let mut stdin = stdin;
        for line in lines {
            if stdin.write_all(format!("{line}\n").as_bytes()).is_err() {
                break;
            }
            let pause = rng.below(3);
            if pause > 0 {
                thread::sleep(Duration::from_millis(pause));
            }
        }
        // Kept open: the run must end on its own, not on end of input.
        stdin
    });

    let start = Instant::now();
    let mut acks_seen = 0usize;
    let mut events_seen = Vec::new();
    let mut ended = false;
    let mut wait_for = |until: &dyn Fn(usize) -> bool, deadline: Option<Instant>| {
        while !ended && !until(acks_seen) {
            let timeout = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => PATIENCE,
            };
            if deadline.is_some() && timeout.is_zero() {
                return;
            }
            match rx.recv_timeout(timeout) {
                Ok(Some(event)) => {
                    if matches!(event, Event::Verdict(_)) {
                        acks_seen += 1;
                    }
                    events_seen.push(event);
                }
                Ok(None) => ended = true,
                Err(mpsc::RecvTimeoutError::Timeout) if deadline.is_some() => return,
                Err(_) => panic!("onboard hung: no output for {PATIENCE:?}"),
            }
        }
    };
    match kill {
        Kill::After(delay) => wait_for(&|_| false, Some(start + delay)),
        Kill::AfterAnswers(n, delay) => {
            wait_for(&|seen| seen >= n, None);
            if !delay.is_zero() {
                thread::sleep(delay);
            }
        }
        Kill::Never => wait_for(&|_| false, None),
    }
    let killed = child.try_wait().unwrap().is_none() && {
        child.kill().expect("SIGKILL");
        true
    };
    let status = child.wait().unwrap();
    let stdin = writer.join().unwrap();
    drop(stdin);
    let stdout_tail = reader.join().unwrap();
    // Everything printed before the end counts, killed or not.
    for message in rx.try_iter().flatten() {
        events_seen.push(message);
    }

    let mut acks = Vec::new();
    let mut first_question = BTreeMap::new();
    let mut steps_seen = Vec::new();
    let (mut step, mut question) = (None, None);
    for event in events_seen {
        match event {
            Event::Step(s) => {
                step = Some(s);
                question = None;
                steps_seen.push(s);
            }
            Event::Question(q) => {
                question = Some(q);
                if let Some(s) = step {
                    first_question.entry(s).or_insert(q);
                }
            }
            Event::Verdict(right) => {
                let (Some(s), Some(q)) = (step, question) else {
                    panic!("a verdict outside a question:\n{stdout_tail}");
                };
                acks.push((s, q, right));
            }
        }
    }
    Outcome {
        killed: killed && status.code().is_none(),
        code: status.code(),
        acks,
        first_question,
        steps_seen,
        stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        stdout_tail,
    }
}

/// Checks a step's entry against itself: score, status and length agree.
fn consistent(step: &Step, entry: &onboard::progress::StepRecord) -> Result<(), String> {
    let count = step.questions.len();
    let score = entry.answers.iter().filter(|r| **r).count();
    if entry.answers.len() > count || entry.questions != count || entry.score != score {
        return Err(format!("inconsistent entry for {}: {entry:?}", step.id));
    }
    let finished = entry.answers.len() == count;
    let expected = match (finished, score >= step.pass_mark()) {
        (false, _) => StoredStatus::Started,
        (true, true) => StoredStatus::Passed,
        (true, false) => StoredStatus::Failed,
    };
    if entry.status != expected {
        return Err(format!("wrong status for {}: {entry:?}", step.id));
    }
    Ok(())
}

/// Verifies one run against the file it left. Returns (lost, saved but not acknowledged).
fn verify(
    content: &Content,
    before: &Progress,
    after: &Progress,
    plan: &Plan,
    outcome: &Outcome,
) -> Result<(u64, u64), String> {
    // Resumed cleanly: the steps came in the planned order, each from the
    // question after the last one saved.
    let planned: Vec<usize> = plan.resume.iter().map(|(p, _)| *p).collect();
    if !planned.starts_with(&outcome.steps_seen) {
        return Err(format!(
            "steps shown {:?}, planned {planned:?}",
            outcome.steps_seen
        ));
    }
    for (position, from) in &plan.resume {
        if let Some(first) = outcome.first_question.get(position)
            && first != from
        {
            return Err(format!(
                "step {position} resumed at question {first}, expected {from}"
            ));
        }
    }
    let mut lost = 0;
    let mut unacknowledged = 0;
    for (position, step) in content.steps.iter().enumerate() {
        let entry = after.steps.get(&step.id);
        if let Some(entry) = entry {
            consistent(step, entry)?;
        }
        let acks: Vec<&Ack> = outcome.acks.iter().filter(|a| a.0 == position).collect();
        let Some(&(_, from)) = plan.resume.iter().find(|(p, _)| *p == position) else {
            if !acks.is_empty() {
                return Err(format!(
                    "answers acknowledged for step {position}, not pending"
                ));
            }
            continue;
        };
        let attempts_before = before.steps.get(&step.id).map_or(0, |e| e.attempts);
        let this_attempt = entry.is_some_and(|e| {
            (from > 0 && e.attempts == attempts_before) || e.attempts > attempts_before
        });
        for &&(_, index, right) in &acks {
            let kept = this_attempt && entry.is_some_and(|e| e.answers.get(index) == Some(&right));
            if !kept {
                lost += 1;
            }
        }
        if this_attempt {
            let saved = entry.map_or(0, |e| e.answers.len());
            unacknowledged += saved.saturating_sub(from + acks.len()) as u64;
        }
    }
    Ok((lost, unacknowledged))
}

#[test]
fn journeys_killed_at_random_moments_lose_no_acknowledged_answer() {
    let target = env_number("ONBOARD_CRASH_RUNS").unwrap_or(50);
    let seed = env_number("ONBOARD_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    });
    println!(
        "crash campaign: seed {seed} (replay the plan with ONBOARD_CRASH_SEED={seed}), {target} kills wanted"
    );
    let mut rng = Rng(seed);
    let content = load_fixture(FIXTURE);
    let mut figures = Figures::default();
    let mut failures = Vec::new();
    // Early kills land in start-up and the first answers; this grows with
    // the time a whole run takes, measured as runs finish.
    let mut longest_run = Duration::from_millis(200);

    while figures.kills < target && figures.runs < target * 3 {
        // A lineage: one progress file through several killed runs, then a
        // clean run to the end.
        let env = Env::new();
        figures.lineages += 1;
        let length = 3 + rng.below(10);
        for _ in 0..length {
            if figures.kills >= target {
                break;
            }
            let before = read_progress(&env.progress())
                .expect("the progress file parses before a run")
                .unwrap_or_default();
            if content
                .steps
                .iter()
                .all(|s| before.status(s) == Status::Passed)
            {
                break;
            }
            let plan = plan(&content, &before, &mut rng, 75);
            let kill = match rng.below(4) {
                0 => Kill::After(Duration::from_micros(
                    rng.below(longest_run.as_micros() as u64 + 1),
                )),
                _ => Kill::AfterAnswers(
                    rng.below(plan.answers as u64) as usize,
                    Duration::from_micros(rng.below(3) * rng.below(1500)),
                ),
            };
            let started = Instant::now();
            let outcome = run_once(&env, plan.lines.clone(), kill, rng.next());
            figures.runs += 1;
            if outcome.killed {
                figures.kills += 1;
            } else {
                figures.finished += 1;
                longest_run = longest_run.max(started.elapsed());
                if outcome.code != Some(0) {
                    failures.push(format!(
                        "run {} ended with {:?}: {}\n{}",
                        figures.runs, outcome.code, outcome.stderr, outcome.stdout_tail
                    ));
                }
            }
            if outcome.stderr.contains("panicked") || outcome.stderr.contains("RUST_BACKTRACE") {
                failures.push(format!("run {} panicked: {}", figures.runs, outcome.stderr));
            }
            figures.acknowledged += outcome.acks.len() as u64;
            let after = match read_progress(&env.progress()) {
                Ok(after) => after.unwrap_or_default(),
                Err(err) => {
                    failures.push(format!(
                        "run {} (kill {kill:?}): the progress file does not parse: {err}",
                        figures.runs
                    ));
                    figures.lost += outcome.acks.len() as u64;
                    break;
                }
            };
            match verify(&content, &before, &after, &plan, &outcome) {
                Ok((lost, unacknowledged)) => {
                    figures.lost += lost;
                    figures.saved_unacknowledged += unacknowledged;
                    if lost > 0 {
                        let touched: Vec<_> = outcome
                            .acks
                            .iter()
                            .map(|a| &content.steps[a.0].id)
                            .collect::<std::collections::BTreeSet<_>>()
                            .into_iter()
                            .map(|id| (id, after.steps.get(id).map(|e| &e.answers)))
                            .collect();
                        failures.push(format!(
                            "run {} (kill {kill:?}): {lost} acknowledged answer(s) lost; \
                             acknowledged {:?}; answers in the file {touched:?}",
                            figures.runs, outcome.acks
                        ));
                    }
                }
                Err(err) => failures.push(format!(
                    "run {} (kill {kill:?}): {err}\n{}",
                    figures.runs, outcome.stdout_tail
                )),
            }
            // The tool itself reads it too.
            let json = env.status_json(env.fixture(FIXTURE));
            assert_eq!(json["total"], content.steps.len());
        }
        let data_dir = env.progress().parent().unwrap().to_path_buf();
        figures.temp_files += temp_files(&data_dir) as u64;

        // The next run resumes and, answered right, finishes the journey.
        // Failed steps come back once per run, so two runs at most.
        for _ in 0..2 {
            let before = read_progress(&env.progress()).unwrap().unwrap_or_default();
            if content
                .steps
                .iter()
                .all(|s| before.status(s) == Status::Passed)
            {
                break;
            }
            let plan = plan(&content, &before, &mut rng, 100);
            let outcome = run_once(&env, plan.lines.clone(), Kill::Never, rng.next());
            assert_eq!(
                outcome.code,
                Some(0),
                "a clean run after kills fails: {}\n{}",
                outcome.stderr,
                outcome.stdout_tail
            );
            let after = read_progress(&env.progress()).unwrap().unwrap();
            if let Err(err) = verify(&content, &before, &after, &plan, &outcome) {
                failures.push(format!("clean run: {err}"));
            }
        }
        let json = env.status_json(env.fixture(FIXTURE));
        if json["passed"] == content.steps.len() {
            figures.clean_completions += 1;
        } else {
            failures.push(format!("a lineage did not finish: {json}"));
        }
    }

    println!(
        "crash campaign: seed {seed}: {} runs, {} killed with SIGKILL, {} ended on their own; \
         {} answers acknowledged, {} lost; {} saved but killed before acknowledged; \
         {} leftover .onboard-*.tmp files; {} progress files, {} finished cleanly after the kills",
        figures.runs,
        figures.kills,
        figures.finished,
        figures.acknowledged,
        figures.lost,
        figures.saved_unacknowledged,
        figures.temp_files,
        figures.lineages,
        figures.clean_completions,
    );
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failure(s), the first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
    assert_eq!(figures.lost, 0, "seed {seed}");
    assert!(
        figures.kills >= target,
        "only {} kills out of {} runs (seed {seed})",
        figures.kills,
        figures.runs
    );
}

#[test]
fn the_output_parser_finds_steps_questions_and_verdicts() {
    assert_eq!(events("Étape 3 sur 8 : Étape trois"), vec![Event::Step(2)]);
    assert_eq!(
        events("Question 2 sur 2 : Écris le mot. Bonne réponse."),
        vec![Event::Question(1), Event::Verdict(true)]
    );
    assert_eq!(
        events("Ta réponse (un numéro de 1 à 3) : Mauvaise réponse. La bonne réponse : 4"),
        vec![Event::Verdict(false)]
    );
    assert_eq!(events("Étape réussie, avec un score de 2 sur 2."), vec![]);
    assert_eq!(events("Tu reprends à la question 2 sur 2."), vec![]);
}
