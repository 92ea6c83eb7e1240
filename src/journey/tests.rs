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

    /// In memory where the system offers it (/dev/shm): the runs that save
    /// thousands of times then do not wait on the disk.
    fn fast() -> Self {
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm).unwrap_or_else(|_| tempfile::tempdir().unwrap())
        } else {
            tempfile::tempdir().unwrap()
        };
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
        transcript.contains("Ta réponse\u{a0}: Alpha\u{a0}; Gamma"),
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

// ---------------------------------------------------------------------------
// Issue 12: choices in a new order at each attempt, variants, the number of
// answers to pick, reflection.

/// A step whose choices are shuffled, with a variant, a multiple-answer
/// question and a reflection.
const SHUFFLED: &str = r#"format = 1
id = "ordre"
title = "Ordre"
kind = "value"
body = "Le texte de l'étape."

[[questions]]
prompt = "Quelle lettre vient en premier ?"
[[questions.choices]]
text = "Alpha"
correct = true
[[questions.choices]]
text = "Bêta"
why = "Bêta est la deuxième."
[[questions.choices]]
text = "Gamma"
why = "Gamma est la troisième."
[[questions.choices]]
text = "Delta"
why = "Delta est la quatrième."
[[questions.variants]]
prompt = "Quelle lettre vient en dernier ?"
[[questions.variants.choices]]
text = "Oméga"
correct = true
[[questions.variants.choices]]
text = "Psi"
why = "Psi est l'avant-dernière."
[[questions.variants.choices]]
text = "Chi"
why = "Chi vient avant Psi."

[[questions]]
prompt = "Lesquelles sont des voyelles ?"
[[questions.choices]]
text = "A"
correct = true
[[questions.choices]]
text = "E"
correct = true
[[questions.choices]]
text = "B"
why = "B est une consonne."
[[questions.choices]]
text = "C"
why = "C est une consonne."

[reflection]
prompt = "Que feras-tu différemment cette semaine ?"
commitment = "Essaie une chose nouvelle avec ton équipe."
"#;

/// Content of one step written in its own directory (kept with the place).
fn content_of(place: &Place, text: &str) -> Content {
    let dir = place.dir.path().join("steps");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("01-ordre.toml"), text).unwrap();
    load(&dir)
}

/// `onboard step ID` with the seed `seed`, on `input`.
fn one_step(
    content: &Content,
    store: &Store,
    seed: u64,
    now: Timestamp,
    input: &str,
) -> (Result<()>, String) {
    let mut ui = PlainUi::new(input.as_bytes(), Vec::new());
    let clock = move || now;
    let result = Journey {
        content,
        store,
        ui: &mut ui,
        now: &clock,
        rng: &Rng::with_seed(seed),
    }
    .run_one(&content.steps[0]);
    (result, String::from_utf8(ui.into_output()).unwrap())
}

/// The choices listed after `prompt` in a transcript, in the order shown.
fn shown_after(transcript: &str, prompt: &str) -> Vec<String> {
    let at = transcript
        .find(prompt)
        .unwrap_or_else(|| panic!("{prompt} not in {transcript}"));
    transcript[at..]
        .lines()
        .skip(1)
        .map_while(|line| {
            let (number, text) = line.trim_start().split_once(". ")?;
            number.parse::<usize>().ok().map(|_| text.to_string())
        })
        .collect()
}

/// The texts of question `q`'s choices in the order `draw` shows them.
fn drawn_texts(step: &Step, q: usize, draw: &content::Draw) -> Vec<String> {
    match &step.questions[q].variant(draw.variant).answer {
        Answer::Choices(choices) => draw
            .order
            .iter()
            .map(|&i| choices[i].text.clone())
            .collect(),
        Answer::Accept(_) => Vec::new(),
    }
}

/// The shown number (from 1) of each right choice of question `q`, as `draw` shows it.
fn right_numbers(step: &Step, q: usize, draw: &content::Draw) -> String {
    match &step.questions[q].variant(draw.variant).answer {
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

#[test]
fn each_attempt_shows_the_choices_in_a_new_order_and_a_resumed_one_keeps_its_own() {
    let place = Place::new();
    let content = content_of(&place, SHUFFLED);
    let step = &content.steps[0];
    let multi = "Lesquelles sont des voyelles ?";

    // First attempt: the text, then the input ends after the first answer.
    let (result, first) = one_step(&content, &place.store, SEED, at(0), "\n1\n");
    assert!(matches!(result, Err(Error::Interrupted(_))), "{result:?}");
    let draws = place.entry("ordre").draws;
    assert_eq!(draws.len(), 2);
    let prompt0 = step.questions[0].variant(draws[0].variant).prompt;
    assert_eq!(
        shown_after(&first, &prompt0),
        drawn_texts(step, 0, &draws[0])
    );

    // Resumed: the second question in the order drawn when the attempt started.
    let (result, resumed) = one_step(&content, &place.store, SEED + 1, at(60), "1,2\n\n");
    result.unwrap();
    assert_eq!(place.entry("ordre").draws, draws, "kept on resume");
    assert_eq!(
        shown_after(&resumed, multi),
        drawn_texts(step, 1, &draws[1])
    );
    assert_eq!(place.entry("ordre").attempts, 1);

    // A new attempt (the step redone), with the same seed: drawn again, and
    // shown otherwise than the previous attempt.
    let (result, again) = one_step(&content, &place.store, SEED, at(120), "\n1\n1,2\n\n");
    result.unwrap();
    let entry = place.entry("ordre");
    assert_eq!(entry.attempts, 2);
    assert_ne!(entry.draws, draws, "a new attempt draws again");
    let prompt0 = step.questions[0].variant(entry.draws[0].variant).prompt;
    assert_eq!(
        shown_after(&again, &prompt0),
        drawn_texts(step, 0, &entry.draws[0])
    );
    assert_eq!(
        shown_after(&again, multi),
        drawn_texts(step, 1, &entry.draws[1])
    );
    let orders = |d: &[content::Draw]| d.iter().map(|d| d.order.clone()).collect::<Vec<_>>();
    // Over several attempts, the multiple-answer question (never varied)
    // is shown in more than one order, and the right choices move.
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(orders(&draws)[1].clone());
    seen.insert(orders(&entry.draws)[1].clone());
    for n in 0..6 {
        let (result, _) = one_step(&content, &place.store, SEED, at(200 + n), "\n1\n1,2\n\n");
        result.unwrap();
        seen.insert(place.entry("ordre").draws[1].order.clone());
    }
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(
        seen.iter().any(|order| order[0] >= 2),
        "a wrong choice comes first sometimes"
    );
}

#[test]
fn answers_are_graded_and_said_by_text_not_by_the_position_shown() {
    let place = Place::new();
    let content = content_of(&place, SHUFFLED);
    let step = &content.steps[0];
    // The draws this seed gives the first attempt, to answer by position.
    let draws = step.draws_for(&Rng::with_seed(SEED), 1, &[]);
    let right0 = right_numbers(step, 0, &draws[0]);
    let q1 = match &step.questions[1].answer {
        Answer::Choices(choices) => choices,
        Answer::Accept(_) => unreachable!(),
    };
    // One right and one wrong choice on the multiple-answer question.
    let shown = |text: &str| {
        draws[1]
            .order
            .iter()
            .position(|&i| q1[i].text == text)
            .unwrap()
            + 1
    };
    let input = format!("\n{right0}\n{},{}\n\n", shown("A"), shown("C"));
    let (result, transcript) = one_step(&content, &place.store, SEED, at(0), &input);
    result.unwrap();

    let variant0 = step.questions[0].variant(draws[0].variant);
    let right_text = variant0.right_answer();
    assert!(
        transcript.contains(&fill(t().core.your_answer, &[("answer", &right_text)])),
        "{transcript}"
    );
    assert!(
        transcript.contains("Ta réponse\u{a0}: A\u{a0}; C"),
        "{transcript}"
    );
    assert!(
        transcript.contains("«\u{a0}C\u{a0}»\u{a0}: C est une consonne."),
        "{transcript}"
    );
    assert!(
        transcript.contains(&fill(t().core.wrong, &[("answer", &"A\u{a0}; E")])),
        "{transcript}"
    );
    let entry = place.entry("ordre");
    assert_eq!(entry.answers, vec![true, false]);

    // The report names the right choices by their text.
    let progress = place.progress();
    let report = crate::report::build(&content, &progress, "Camille".into(), at(10));
    let missed = &report.steps[0].missed;
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].right_answer, "A\u{a0}; E");
    assert!(crate::report::markdown(&report).contains("A\u{a0}; E"));
}

#[test]
fn a_variant_is_drawn_per_attempt_stored_and_kept_on_resume() {
    let place = Place::new();
    let content = content_of(&place, SHUFFLED);
    let step = &content.steps[0];
    let variant_prompt = "Quelle lettre vient en dernier ?";
    // Seeds whose first attempt draws the question itself, and its variant.
    let first_variant = |seed| step.draws_for(&Rng::with_seed(seed), 1, &[])[0].variant;
    let seed_of = |v: usize| (0..100).find(|&s| first_variant(s) == v).unwrap();
    let (own, other) = (seed_of(0), seed_of(1));

    // The variant: shown, stored, and graded on its own choices.
    let draws = step.draws_for(&Rng::with_seed(other), 1, &[]);
    let (result, first) = one_step(
        &content,
        &place.store,
        other,
        at(0),
        &format!("\n{}\n", right_numbers(step, 0, &draws[0])),
    );
    assert!(matches!(result, Err(Error::Interrupted(_))));
    assert!(first.contains(variant_prompt), "{first}");
    assert!(first.contains("Ta réponse\u{a0}: Oméga"), "{first}");
    assert!(
        !first.contains("Quelle lettre vient en premier ?"),
        "{first}"
    );
    let entry = place.entry("ordre");
    assert_eq!(entry.draws[0].variant, 1);
    assert_eq!(
        entry.answers,
        vec![true],
        "progress stays keyed by the question"
    );

    // Resumed with another seed: the stored draws stand.
    let (result, _) = one_step(
        &content,
        &place.store,
        own,
        at(60),
        &format!("{}\n\n", right_numbers(step, 1, &draws[1])),
    );
    result.unwrap();
    let entry = place.entry("ordre");
    assert_eq!(entry.draws, draws);
    assert_eq!(place.progress().status(step), Status::Passed);

    // Another attempt with the other seed shows the question itself.
    let again = Place::new();
    let (_, transcript) = one_step(&content, &again.store, own, at(0), "\n");
    assert!(
        transcript.contains("Quelle lettre vient en premier ?"),
        "{transcript}"
    );
    assert_eq!(again.entry("ordre").draws[0].variant, 0);
}

#[test]
fn a_multiple_answer_question_says_how_many_and_refuses_another_count() {
    let place = Place::new();
    let content = content_of(&place, SHUFFLED);
    let (result, transcript) = one_step(
        &content,
        &place.store,
        SEED,
        at(0),
        "\n1\n1\n1,2,3\n1,2\n\n",
    );
    result.unwrap();
    assert!(
        transcript.contains("Lesquelles sont des voyelles ? (2\u{a0}réponses à choisir)"),
        "{transcript}"
    );
    let hint = |given: usize| fill(t().core.hint_count, &[("count", &2), ("given", &given)]);
    assert!(transcript.contains(&hint(1)), "{transcript}");
    assert!(transcript.contains(&hint(3)), "{transcript}");
    // Refused answers are not counted: two answers in all.
    assert_eq!(place.entry("ordre").answers.len(), 2);
}

#[test]
fn the_reflection_is_asked_after_the_quiz_and_reaches_both_reports() {
    let place = Place::new();
    let content = content_of(&place, SHUFFLED);
    let step = &content.steps[0];
    let draws = step.draws_for(&Rng::with_seed(SEED), 1, &[]);
    let input = format!(
        "\n{}\n{}\nJe demanderai conseil avant de toucher au commun.\n",
        right_numbers(step, 0, &draws[0]),
        right_numbers(step, 1, &draws[1]),
    );
    let (result, transcript) = one_step(&content, &place.store, SEED, at(0), &input);
    result.unwrap();
    let asked = transcript
        .find("Que feras-tu différemment cette semaine ?")
        .expect("the reflection prompt");
    assert!(
        asked > transcript.find(&step_passed(step, 2)).unwrap(),
        "after the quiz"
    );
    assert!(
        transcript.contains("Essaie une chose nouvelle avec ton équipe."),
        "the commitment is shown: {transcript}"
    );
    let entry = place.entry("ordre");
    assert_eq!(
        entry.reflection.as_deref(),
        Some("Je demanderai conseil avant de toucher au commun.")
    );

    let report = crate::report::build(&content, &place.progress(), "Camille".into(), at(10));
    let md = crate::report::markdown(&report);
    assert!(
        md.contains("Je demanderai conseil avant de toucher au commun."),
        "{md}"
    );
    assert!(
        md.contains("Que feras-tu différemment cette semaine ?"),
        "{md}"
    );
    assert!(
        md.contains("Essaie une chose nouvelle avec ton équipe."),
        "{md}"
    );
    let json = serde_json::to_value(&report).unwrap();
    let step_json = &json["steps"][0];
    assert_eq!(
        step_json["reflection"],
        "Je demanderai conseil avant de toucher au commun."
    );
    assert_eq!(
        step_json["commitment"],
        "Essaie une chose nouvelle avec ton équipe."
    );
    assert_eq!(json["report_version"], 2);

    // An empty answer is allowed, kept as empty, and said as such.
    let again = Place::new();
    let input = format!(
        "\n{}\n{}\n\n",
        right_numbers(step, 0, &draws[0]),
        right_numbers(step, 1, &draws[1]),
    );
    one_step(&content, &again.store, SEED, at(0), &input)
        .0
        .unwrap();
    assert_eq!(again.entry("ordre").reflection.as_deref(), Some(""));
    let report = crate::report::build(&content, &again.progress(), "Camille".into(), at(10));
    assert!(crate::report::markdown(&report).contains(t().core.report_no_answer));
}

/// How many steps of `content` a recruit passes who always answers the
/// first choice shown (and the first few on a multiple-answer question,
/// as many as asked for) and "1" to free text, in one journey per seed.
fn always_first(content: &Content, seeds: std::ops::Range<u64>) -> Vec<usize> {
    seeds
        .map(|seed| {
            let place = Place::fast();
            let mut input = String::from("\n");
            for step in &content.steps {
                input.push('\n');
                for question in &step.questions {
                    let count = question.right_count().max(1);
                    let line: Vec<String> = (1..=count).map(|n| n.to_string()).collect();
                    input.push_str(&line.join(","));
                    input.push('\n');
                }
                if step.reflection.is_some() {
                    input.push('\n');
                }
            }
            let mut ui = PlainUi::new(input.as_bytes(), Vec::new());
            let clock = || at(0);
            Journey {
                content,
                store: &place.store,
                ui: &mut ui,
                now: &clock,
                rng: &Rng::with_seed(seed),
            }
            .run()
            .expect("the journey ends");
            let progress = place.progress();
            content
                .steps
                .iter()
                .filter(|s| progress.status(s) == Status::Passed)
                .count()
        })
        .collect()
}

/// Asserts that always answering the first choice passes at most 2 steps
/// in most runs, and about as often as chance says, not more.
fn assert_first_choice_does_not_pass(content: &Content, label: &str) {
    let runs = always_first(content, 0..100);
    let total: usize = runs.iter().sum();
    let mean = total as f64 / runs.len() as f64;
    let at_most_two = runs.iter().filter(|&&n| n <= 2).count();
    eprintln!(
        "{label}: always the first choice passes {mean:.2} of {} steps on average; \
         at most 2 in {at_most_two} of {} runs",
        content.steps.len(),
        runs.len()
    );
    assert!(mean <= 2.0, "{label}: {mean}");
    assert!(
        at_most_two * 100 >= runs.len() * 90,
        "{label}: {at_most_two}"
    );
}

#[test]
fn answering_the_first_choice_everywhere_passes_at_most_two_shipped_steps() {
    let content = content::load(&content::Source::Embedded, Lang::Fr).unwrap();
    assert_first_choice_does_not_pass(&content, "shipped steps");
}
