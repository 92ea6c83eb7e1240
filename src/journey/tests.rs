//! The journey in-process: the plain interface reads a string and writes
//! into a buffer, the clock is fixed, and the progress file is in a
//! temporary directory. No binary is spawned, so these run in milliseconds.
//! What is checked is what the recruit would see (the transcript) and what
//! is saved (the progress file, read back through the store).

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::Journey;
use crate::content::{self, Answer, Content, Question, Step};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::i18n::{fill, t};
use crate::progress::{ContentRecord, Progress, Status, StepRecord, Store, StoredStatus};
use crate::random::Rng;
use crate::ui::plain::PlainUi;

/// The seed of the draws in these tests.
const SEED: u64 = 12;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(dir: &Path) -> Content {
    content::load_dir(dir, Lang::Fr).expect("fixture content")
}

/// The instants the fixed clocks give.
fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).unwrap()
}

/// A progress file that does not exist yet, in its own directory.
struct Place {
    dir: tempfile::TempDir,
    store: Store,
}

impl Place {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data/progress.toml"));
        Place { dir, store }
    }

    fn progress(&self) -> Progress {
        self.store.load().expect("the progress file reads back")
    }

    fn entry(&self, id: &str) -> StepRecord {
        let progress = self.progress();
        progress
            .steps
            .get(id)
            .unwrap_or_else(|| panic!("no entry for {id}: {progress:?}"))
            .clone()
    }
}

/// `onboard` (the whole journey) on `input`, at the instant `now`: the
/// result, and everything written.
fn journey(content: &Content, store: &Store, now: Timestamp, input: &str) -> (Result<()>, String) {
    let mut ui = PlainUi::new(input.as_bytes(), Vec::new());
    let clock = move || now;
    let result = Journey {
        content,
        store,
        ui: &mut ui,
        now: &clock,
        rng: &Rng::with_seed(SEED),
    }
    .run();
    let transcript = String::from_utf8(ui.into_output()).expect("UTF-8 transcript");
    (result, transcript)
}

/// The line that answers `question` right: the right choices' numbers, or
/// the first accepted text.
fn right(question: &Question) -> String {
    match &question.answer {
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

/// The line that answers `question` wrong (only choices are needed here).
fn wrong(question: &Question) -> String {
    match &question.answer {
        Answer::Choices(choices) => {
            let i = choices
                .iter()
                .position(|c| !c.correct)
                .expect("a wrong choice");
            (i + 1).to_string()
        }
        Answer::Accept(_) => "sûrement pas ça".to_string(),
    }
}

/// Enter after the step's text, then one line per question.
fn step_lines(step: &Step, lines: impl Fn(usize, &Question) -> String) -> String {
    let mut input = String::from("\n");
    for (i, q) in step.questions.iter().enumerate() {
        input.push_str(&lines(i, q));
        input.push('\n');
    }
    input
}

fn all_right(step: &Step) -> String {
    step_lines(step, |_, q| right(q))
}

/// The welcome's Enter, then every step answered right.
fn whole_journey_right(content: &Content) -> String {
    let mut input = String::from("\n");
    for step in &content.steps {
        input.push_str(&all_right(step));
    }
    input
}

fn heading(content: &Content, step: &Step) -> String {
    let n = content.steps.iter().position(|s| s.id == step.id).unwrap() + 1;
    fill(
        t().core.step_heading,
        &[
            ("n", &n),
            ("total", &content.steps.len()),
            ("title", &step.title),
        ],
    )
}

fn step_passed(step: &Step, score: usize) -> String {
    fill(
        t().core.step_passed,
        &[("score", &score), ("count", &step.questions.len())],
    )
}

fn step_failed(step: &Step, score: usize) -> String {
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("score", &score),
        ("count", &step.questions.len()),
        ("mark", &step.pass_mark()),
    ];
    fill(t().core.step_failed, &values)
}

/// The fixed part of the "wrong answer" verdict, before the right answer.
fn wrong_verdict_prefix() -> &'static str {
    t().core.wrong.split('{').next().unwrap()
}

const WELCOME: &str = "Bienvenue dans le parcours d'essai.";
const CLOSING: &str = "Fin du parcours d'essai.";

#[test]
fn a_whole_journey_answered_right_passes_every_step_at_the_clock_s_instant() {
    let content = load(&fixture("basic"));
    let place = Place::new();
    let (result, transcript) = journey(
        &content,
        &place.store,
        at(0),
        &whole_journey_right(&content),
    );
    result.expect("the journey ends normally");

    let progress = place.progress();
    assert!(progress.welcomed);
    assert_eq!(
        progress.content,
        Some(ContentRecord {
            origin: content.origin.describe(),
            commit: None,
        })
    );
    assert_eq!(progress.steps.len(), content.steps.len());
    for step in &content.steps {
        let n = step.questions.len();
        let entry = &progress.steps[&step.id];
        assert_eq!(progress.status(step), Status::Passed, "{}", step.id);
        assert_eq!(entry.status, StoredStatus::Passed);
        assert_eq!(entry.answers, vec![true; n]);
        assert_eq!((entry.score, entry.first_score), (n, Some(n)));
        assert_eq!(entry.attempts, 1);
        assert!(entry.missed.is_empty());
        assert_eq!(entry.hash, step.fingerprint.current);
        assert_eq!(entry.started_at, at(0));
        assert_eq!(entry.passed_at, Some(at(0)));
    }

    // What the recruit read: the welcome, each step, a verdict per answer,
    // each step's result, the summary and the closing words.
    let core = &t().core;
    let questions: usize = content.steps.iter().map(|s| s.questions.len()).sum();
    assert!(transcript.contains(WELCOME), "{transcript}");
    assert!(transcript.contains(core.press_enter_start), "{transcript}");
    assert_eq!(
        transcript.matches(core.right).count(),
        questions,
        "{transcript}"
    );
    assert!(!transcript.contains(wrong_verdict_prefix()), "{transcript}");
    for step in &content.steps {
        assert!(
            transcript.contains(&heading(&content, step)),
            "{transcript}"
        );
        assert!(
            transcript.contains(&step_passed(step, step.questions.len())),
            "{transcript}"
        );
        for q in &step.questions {
            assert!(transcript.contains(&q.prompt), "{transcript}");
        }
    }
    assert!(
        transcript.contains("Ta réponse : Alpha ; Gamma"),
        "{transcript}"
    );
    assert!(transcript.contains(core.summary_title), "{transcript}");
    assert!(
        transcript.contains(&fill(
            core.summary_line,
            &[
                ("title", &"Alpha"),
                ("status", &core.status_passed),
                ("score", &2),
                ("count", &2),
            ],
        )),
        "{transcript}"
    );
    assert!(transcript.contains(CLOSING), "{transcript}");
    assert!(
        !transcript.contains('\u{1b}'),
        "no escape codes in plain mode"
    );

    // Nothing left to do: a second run reads nothing and says so.
    let (result, again) = journey(&content, &place.store, at(60), "");
    result.expect("nothing is asked, so no end of input");
    assert!(again.contains(core.all_done_already), "{again}");
    assert!(!again.contains(WELCOME), "{again}");
    assert_eq!(place.progress(), progress, "an empty run changes nothing");
}

#[test]
fn a_wrong_answer_fails_the_step_and_the_next_run_offers_it_again() {
    let content = load(&fixture("basic"));
    let alpha = content.step("alpha").unwrap();
    let beta = content.step("beta").unwrap();
    let place = Place::new();

    // First run: alpha's first question wrong (alpha needs every answer),
    // beta right.
    let mut input = String::from("\n");
    input.push_str(&step_lines(
        alpha,
        |i, q| {
            if i == 0 { wrong(q) } else { right(q) }
        },
    ));
    input.push_str(&all_right(beta));
    let (result, first) = journey(&content, &place.store, at(0), &input);
    result.expect("a failed step does not stop the journey");

    let entry = place.entry("alpha");
    assert_eq!(place.progress().status(alpha), Status::Failed);
    assert_eq!(entry.status, StoredStatus::Failed);
    assert_eq!(entry.answers, vec![false, true]);
    assert_eq!((entry.score, entry.first_score), (1, Some(1)));
    assert_eq!(entry.attempts, 1);
    assert_eq!(entry.missed.iter().copied().collect::<Vec<_>>(), vec![0]);
    assert_eq!(entry.passed_at, None);
    assert_eq!(place.entry("beta").status, StoredStatus::Passed);

    let core = &t().core;
    let q0 = &alpha.questions[0];
    assert!(
        first.contains(&fill(core.wrong, &[("answer", &q0.right_answer())])),
        "{first}"
    );
    // Why the picked choice is wrong, and the question's explanation.
    assert!(first.contains("Bêta vient après."), "{first}");
    assert!(first.contains("Alpha vient en premier."), "{first}");
    assert!(first.contains(&step_failed(alpha, 1)), "{first}");
    assert!(
        first.contains(&fill(core.left_to_do, &[("count", &1)])),
        "{first}"
    );
    assert!(!first.contains(CLOSING), "{first}");

    // Second run: only alpha is offered, and answered right.
    let (result, second) = journey(&content, &place.store, at(60), &all_right(alpha));
    result.expect("the second run ends normally");
    let entry = place.entry("alpha");
    assert_eq!(place.progress().status(alpha), Status::Passed);
    assert_eq!(entry.answers, vec![true, true]);
    assert_eq!(entry.score, 2);
    assert_eq!(entry.attempts, 2);
    assert_eq!(
        entry.first_score,
        Some(1),
        "the first attempt's score is kept"
    );
    assert_eq!(
        entry.missed.iter().copied().collect::<Vec<_>>(),
        vec![0],
        "a question missed once stays missed"
    );
    assert_eq!(entry.started_at, at(60));
    assert_eq!(entry.passed_at, Some(at(60)));
    let beta_entry = place.entry("beta");
    assert_eq!(
        (beta_entry.attempts, beta_entry.passed_at),
        (1, Some(at(0))),
        "a passed step is not offered again"
    );

    assert!(second.contains(&heading(&content, alpha)), "{second}");
    assert!(!second.contains(&heading(&content, beta)), "{second}");
    assert!(
        !second.contains(WELCOME),
        "the welcome is shown once: {second}"
    );
    assert!(second.contains(&step_passed(alpha, 2)), "{second}");
    assert!(!second.contains(wrong_verdict_prefix()), "{second}");
    assert!(second.contains(CLOSING), "{second}");
}

#[test]
fn end_of_input_mid_step_keeps_the_answers_and_the_next_run_resumes_there() {
    let content = load(&fixture("basic"));
    let alpha = content.step("alpha").unwrap();
    let beta = content.step("beta").unwrap();
    let place = Place::new();
    let core = &t().core;

    // The welcome, alpha's text, its first question; then the input ends.
    let input = format!("\n\n{}\n", right(&alpha.questions[0]));
    let (result, first) = journey(&content, &place.store, at(0), &input);
    assert!(
        matches!(result, Err(Error::Interrupted(_))),
        "end of input interrupts: {result:?}"
    );
    let progress = place.progress();
    assert!(progress.welcomed);
    assert_eq!(progress.status(alpha), Status::Started);
    assert_eq!(progress.resume_at(alpha), 1);
    let entry = place.entry("alpha");
    assert_eq!(entry.status, StoredStatus::Started);
    assert_eq!(entry.answers, vec![true]);
    assert_eq!(entry.score, 1);
    assert_eq!(entry.started_at, at(0));
    assert_eq!(entry.passed_at, None);
    assert!(!progress.steps.contains_key("beta"));
    assert_eq!(first.matches(core.right).count(), 1, "{first}");
    assert!(first.contains(&alpha.questions[1].prompt), "{first}");

    // The second run starts at alpha's second question: no welcome, no
    // text, no first question.
    let mut input = format!("{}\n", right(&alpha.questions[1]));
    input.push_str(&all_right(beta));
    let (result, second) = journey(&content, &place.store, at(60), &input);
    result.expect("the resumed run ends normally");
    assert!(
        second.contains(&fill(
            core.resuming,
            &[("n", &2), ("count", &2), ("id", &"alpha")]
        )),
        "{second}"
    );
    assert!(!second.contains(WELCOME), "{second}");
    assert!(!second.contains(&alpha.questions[0].prompt), "{second}");
    assert!(second.contains(&alpha.questions[1].prompt), "{second}");
    assert_eq!(
        second.matches(core.press_enter_quiz).count(),
        1,
        "only beta's text is shown: {second}"
    );

    let entry = place.entry("alpha");
    assert_eq!(entry.status, StoredStatus::Passed);
    assert_eq!(entry.answers, vec![true, true]);
    assert_eq!(entry.attempts, 1, "one attempt, interrupted and resumed");
    assert_eq!(entry.started_at, at(0));
    assert_eq!(entry.passed_at, Some(at(60)));
    assert_eq!(place.entry("beta").status, StoredStatus::Passed);
    assert!(second.contains(CLOSING), "{second}");
}

#[test]
fn a_step_changed_after_it_was_passed_is_offered_again_as_outdated() {
    // A copy of the fixture, to change a step's text between two runs.
    let place = Place::new();
    let steps = place.dir.path().join("steps");
    fs::create_dir(&steps).unwrap();
    for entry in fs::read_dir(fixture("basic")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), steps.join(entry.file_name())).unwrap();
    }
    let before = load(&steps);
    let (result, _) = journey(&before, &place.store, at(0), &whole_journey_right(&before));
    result.unwrap();

    let alpha_file = steps.join("01-alpha.toml");
    let text = fs::read_to_string(&alpha_file).unwrap();
    assert!(text.contains("Le texte d'*alpha*"));
    fs::write(
        &alpha_file,
        text.replace("Le texte d'*alpha*", "Le texte revu d'*alpha*"),
    )
    .unwrap();
    let after = load(&steps);
    let alpha = after.step("alpha").unwrap();
    let beta = after.step("beta").unwrap();
    assert_ne!(alpha.fingerprint, before.step("alpha").unwrap().fingerprint);
    let progress = place.progress();
    assert_eq!(progress.status(alpha), Status::Outdated);
    assert_eq!(progress.status(beta), Status::Passed);

    let core = &t().core;
    let (result, transcript) = journey(&after, &place.store, at(60), &all_right(alpha));
    result.expect("the outdated step is answered");
    assert!(transcript.contains(core.step_changed), "{transcript}");
    assert!(transcript.contains("Le texte revu d"), "{transcript}");
    assert!(transcript.contains(&heading(&after, alpha)), "{transcript}");
    assert!(!transcript.contains(&heading(&after, beta)), "{transcript}");
    assert!(transcript.contains(&step_passed(alpha, 2)), "{transcript}");
    assert!(transcript.contains(CLOSING), "{transcript}");

    let entry = place.entry("alpha");
    assert_eq!(place.progress().status(alpha), Status::Passed);
    assert_eq!(
        entry.hash, alpha.fingerprint.current,
        "the new content is recorded"
    );
    assert_eq!(entry.attempts, 2);
    assert_eq!(entry.started_at, at(60));
    assert_eq!(entry.passed_at, Some(at(60)));
    let beta_entry = place.entry("beta");
    assert_eq!(
        (beta_entry.attempts, beta_entry.passed_at),
        (1, Some(at(0)))
    );
}
