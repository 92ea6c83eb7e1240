//! `onboard review` in-process, with a fixed clock: the journey passes the
//! steps (plain interface on a string), then a scripted recruit answers the
//! review by choice text, right or wrong as told, whatever order the
//! choices are shown in. What is checked is the transcript and the schedule
//! saved in the progress file.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::{Span, Timestamp};

use super::{Review, ask};
use crate::content::{self, Answer, Choice, Content, Question};
use crate::error::{Error, Result};
use crate::grade::Response;
use crate::i18n::{Lang, fill, t};
use crate::journey::Journey;
use crate::progress::schedule::{self, Card, Due, INTERVALS};
use crate::progress::{Progress, Store};
use crate::ui::plain::PlainUi;
use crate::ui::{Ui, Validator};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Content {
    content::load_dir(&fixture(name), Lang::Fr).expect("fixture content")
}

const DAY: i64 = 86_400;

/// The fixed clock's instants: `days` days (and `seconds`) after the start.
fn at(days: i64, seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + days * DAY + seconds).unwrap()
}

fn day(days: i64) -> Date {
    schedule::today(at(days, 0))
}

fn plus(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days)).unwrap()
}

struct Place {
    _dir: tempfile::TempDir,
    store: Store,
}

impl Place {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("progress.toml"));
        Place { _dir: dir, store }
    }

    fn progress(&self) -> Progress {
        self.store.load().expect("the progress file reads back")
    }

    fn cards(&self, id: &str) -> Vec<Card> {
        self.progress().steps[id].review.clone()
    }
}

/// The line that answers `question` right, in file order (the journey's).
fn right_line(question: &Question) -> String {
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

/// The whole journey answered right at day 0: every step passed.
fn pass_everything(content: &Content, store: &Store) -> String {
    let mut input = String::from("\n");
    for step in &content.steps {
        input.push('\n');
        for q in &step.questions {
            input.push_str(&right_line(q));
            input.push('\n');
        }
    }
    let mut ui = PlainUi::new(input.as_bytes(), Vec::new());
    let clock = || at(0, 0);
    Journey {
        content,
        store,
        ui: &mut ui,
        now: &clock,
        rng: &crate::random::Rng::with_seed(1),
    }
    .run()
    .expect("the journey ends normally");
    String::from_utf8(ui.into_output()).unwrap()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reply {
    Right,
    Wrong,
}

/// A recruit who answers each question right or wrong as told, by the
/// choices' texts, and stops (end of input) when told nothing more.
struct Scripted<'c> {
    content: &'c Content,
    replies: VecDeque<Reply>,
    out: String,
    /// Each question asked: (step id, prompt).
    asked: Vec<(String, String)>,
}

impl<'c> Scripted<'c> {
    fn new(content: &'c Content, replies: &[Reply]) -> Self {
        Scripted {
            content,
            replies: replies.iter().copied().collect(),
            out: String::new(),
            asked: Vec::new(),
        }
    }

    /// The question that `prompt` asks, found by its step's title and prompt.
    fn question(&mut self, prompt: &str) -> Result<(&'c Question, Reply)> {
        let (id, question) = self
            .content
            .steps
            .iter()
            .filter(|s| prompt.contains(&format!("«\u{a0}{}\u{a0}»", s.title)))
            .flat_map(|s| s.questions.iter().map(move |q| (s.id.clone(), q)))
            .find(|(_, q)| prompt.contains(&q.prompt))
            .unwrap_or_else(|| panic!("no question for {prompt}"));
        self.asked.push((id, question.prompt.clone()));
        self.out.push_str(prompt);
        self.out.push('\n');
        let reply = self
            .replies
            .pop_front()
            .ok_or_else(|| Error::Interrupted(t().core.interrupted.to_string()))?;
        Ok((question, reply))
    }

    fn picks(question: &Question, items: &[String], reply: Reply) -> Vec<usize> {
        let Answer::Choices(choices) = &question.answer else {
            panic!("choices expected");
        };
        let correct = |text: &String| choices.iter().any(|c| c.correct && &c.text == text);
        let picked: Vec<usize> = (0..items.len())
            .filter(|&i| correct(&items[i]) == (reply == Reply::Right))
            .collect();
        match reply {
            Reply::Right => picked,
            Reply::Wrong => picked.into_iter().take(1).collect(),
        }
    }
}

impl Ui for Scripted<'_> {
    fn title(&mut self, text: &str) {
        self.out.push_str(&format!("{text}\n"));
    }
    fn text(&mut self, text: &str) {
        self.out.push_str(&format!("{text}\n"));
    }
    fn markdown(&mut self, source: &str) {
        self.out.push_str(&format!("{source}\n"));
    }
    fn verdict(&mut self, _right: bool, text: &str) {
        self.out.push_str(&format!("{text}\n"));
    }
    fn note(&mut self, text: &str) {
        self.out.push_str(&format!("{text}\n"));
    }
    fn progress(&mut self, _done: usize, _total: usize, label: &str) {
        self.out.push_str(&format!("{label}\n"));
    }
    fn pause(&mut self, _prompt: &str) -> Result<()> {
        Ok(())
    }
    fn select(&mut self, prompt: &str, items: &[String], _default: usize) -> Result<usize> {
        let (question, reply) = self.question(prompt)?;
        Ok(Self::picks(question, items, reply)[0])
    }
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        _count: usize,
    ) -> Result<Vec<usize>> {
        let (question, reply) = self.question(prompt)?;
        Ok(Self::picks(question, items, reply))
    }
    fn input(&mut self, prompt: &str, _default: Option<&str>, _v: Validator) -> Result<String> {
        let (question, reply) = self.question(prompt)?;
        Ok(match (reply, &question.answer) {
            (Reply::Right, Answer::Accept(accept)) => accept[0].clone(),
            _ => "sûrement pas ça".to_string(),
        })
    }
    fn confirm(&mut self, _prompt: &str, default: bool) -> Result<bool> {
        Ok(default)
    }
}

/// `onboard review` on `days` days after the journey, answered by `replies`.
fn review<'c>(
    content: &'c Content,
    store: &Store,
    days: i64,
    replies: &[Reply],
) -> (Result<()>, Scripted<'c>) {
    let mut ui = Scripted::new(content, replies);
    let clock = move || at(days, 3600);
    let result = Review {
        content,
        store,
        ui: &mut ui,
        now: &clock,
        seed: 7,
    }
    .run();
    (result, ui)
}

fn next_review(from: i64, to: Date) -> String {
    fill(
        t().core.review_next,
        &[
            ("date", &to),
            ("days", &schedule::days_between(day(from), to)),
        ],
    )
}

#[test]
fn nothing_is_due_right_after_the_journey_which_says_when_the_first_review_is() {
    let content = load("basic");
    let place = Place::new();
    let journey = pass_everything(&content, &place.store);
    let first = plus(day(0), INTERVALS[0]);
    assert!(
        journey.contains(&fill(t().core.summary_next_review, &[("date", &first)])),
        "{journey}"
    );
    for step in &content.steps {
        let expected = vec![
            Card {
                level: 1,
                due: Due(first)
            };
            step.questions.len()
        ];
        assert_eq!(place.cards(&step.id), expected, "{}", step.id);
    }

    let before = place.progress();
    for days in [0, INTERVALS[0] - 1] {
        let (result, ui) = review(&content, &place.store, days, &[]);
        result.expect("nothing due is not an error");
        assert!(ui.asked.is_empty(), "{}", ui.out);
        assert!(ui.out.contains(t().core.review_nothing_due), "{}", ui.out);
        assert!(ui.out.contains(&next_review(days, first)), "{}", ui.out);
    }
    assert_eq!(place.progress(), before, "nothing due changes nothing");
}

#[test]
fn questions_become_due_on_their_date_and_a_session_asks_at_most_five_mixed_across_steps() {
    let content = load("many");
    let place = Place::new();
    pass_everything(&content, &place.store);
    let total: usize = content.steps.iter().map(|s| s.questions.len()).sum();
    assert!(
        total > schedule::SESSION,
        "the fixture has {total} questions"
    );

    let (result, ui) = review(&content, &place.store, INTERVALS[0], &[Reply::Right; 20]);
    result.unwrap();
    assert_eq!(ui.asked.len(), schedule::SESSION, "{}", ui.out);
    // Mixed: one question per step while steps remain (same due date).
    let steps: Vec<&str> = ui.asked.iter().map(|(id, _)| id.as_str()).collect();
    let mut distinct = steps.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), steps.len(), "{steps:?}");
    let waiting = total - schedule::SESSION;
    assert!(
        ui.out
            .contains(&fill(t().core.review_more_later, &[("count", &waiting)])),
        "{}",
        ui.out
    );
    assert!(
        ui.out.contains(&fill(
            t().core.review_done,
            &[("right", &schedule::SESSION), ("count", &schedule::SESSION)]
        )),
        "{}",
        ui.out
    );

    // Run again until nothing is due: every question asked once.
    let mut asked = ui.asked.len();
    for _ in 0..5 {
        let (result, ui) = review(&content, &place.store, INTERVALS[0], &[Reply::Right; 20]);
        result.unwrap();
        asked += ui.asked.len();
        if ui.asked.is_empty() {
            assert!(ui.out.contains(t().core.review_nothing_due), "{}", ui.out);
            break;
        }
    }
    assert_eq!(asked, total);
}

#[test]
fn a_missed_question_comes_back_sooner_and_a_right_one_moves_up_a_box() {
    let content = load("basic");
    let place = Place::new();
    pass_everything(&content, &place.store);
    let d = INTERVALS[0];
    let (result, ui) = review(
        &content,
        &place.store,
        d,
        &[Reply::Right, Reply::Wrong, Reply::Right, Reply::Wrong],
    );
    result.unwrap();
    assert_eq!(ui.asked.len(), 4, "{}", ui.out);
    let progress = place.progress();
    let mut right_cards = Vec::new();
    let mut missed_cards = Vec::new();
    for (i, (id, prompt)) in ui.asked.iter().enumerate() {
        let step = content.step(id).unwrap();
        let index = step
            .questions
            .iter()
            .position(|q| &q.prompt == prompt)
            .unwrap();
        let card = progress.steps[id].review[index];
        if i % 2 == 0 {
            right_cards.push(card);
        } else {
            missed_cards.push(card);
        }
    }
    let moved_up = Card {
        level: 2,
        due: Due(plus(day(d), INTERVALS[1])),
    };
    let back = Card {
        level: 1,
        due: Due(plus(day(d), 1)),
    };
    assert_eq!(right_cards, vec![moved_up; 2]);
    assert_eq!(missed_cards, vec![back; 2]);
    assert!(
        ui.out.contains(&fill(
            t().core.review_comes_back,
            &[("date", &plus(day(d), 1))]
        )),
        "{}",
        ui.out
    );

    // The next day, only the missed ones are due; answered right, they
    // move up too, and nothing is due until the earliest card.
    let (result, ui) = review(&content, &place.store, d + 1, &[Reply::Right; 4]);
    result.unwrap();
    assert_eq!(ui.asked.len(), 2, "{}", ui.out);
    let (_, ui) = review(&content, &place.store, d + 2, &[]);
    assert!(ui.asked.is_empty());
    let first = plus(day(d), INTERVALS[1]);
    assert!(ui.out.contains(&next_review(d + 2, first)), "{}", ui.out);
}

#[test]
fn end_of_input_mid_review_keeps_the_answers_given() {
    let content = load("many");
    let place = Place::new();
    pass_everything(&content, &place.store);
    let before = place.progress();
    let (result, ui) = review(
        &content,
        &place.store,
        INTERVALS[0],
        &[Reply::Wrong, Reply::Right],
    );
    assert!(matches!(result, Err(Error::Interrupted(_))), "{result:?}");
    assert_eq!(ui.asked.len(), 3, "the third question met the end of input");
    let after = place.progress();
    let changed: Vec<(&String, usize)> = after
        .steps
        .iter()
        .flat_map(|(id, r)| {
            let old = &before.steps[id].review;
            r.review
                .iter()
                .enumerate()
                .filter(move |(i, c)| old[*i] != **c)
                .map(move |(i, _)| (id, i))
        })
        .collect();
    assert_eq!(
        changed.len(),
        2,
        "the two answers given are saved: {changed:?}"
    );
}

#[test]
fn a_changed_step_is_not_reviewed_and_an_unscheduled_passed_step_is() {
    let content = load("basic");
    let place = Place::new();
    pass_everything(&content, &place.store);
    // As a release before review wrote it: passed, but no schedule.
    place
        .store
        .update(|p| {
            p.steps.get_mut("alpha").unwrap().review.clear();
            p.steps.get_mut("beta").unwrap().hash = "v1-changed".into();
        })
        .unwrap();
    let (result, ui) = review(&content, &place.store, INTERVALS[0], &[Reply::Right; 5]);
    result.unwrap();
    let ids: Vec<&str> = ui.asked.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, vec!["alpha", "alpha"], "{}", ui.out);
    assert_eq!(place.cards("alpha").len(), 2);
    assert!(place.cards("alpha").iter().all(|c| c.level == 2));
}

fn choice(text: &str, correct: bool) -> Choice {
    Choice {
        text: text.into(),
        correct,
        why: None,
    }
}

#[test]
fn the_choices_come_in_a_new_order_and_the_typed_number_maps_back_to_the_choice_shown() {
    let question = Question::new(
        "Laquelle ?",
        None,
        Answer::Choices(vec![
            choice("zéro", false),
            choice("un", true),
            choice("deux", false),
            choice("trois", false),
        ]),
    );
    let mut firsts = std::collections::BTreeSet::new();
    let mut rights = 0;
    for seed in 0..40 {
        let mut ui = PlainUi::new(&b"1\n"[..], Vec::new());
        let mut rng = fastrand::Rng::with_seed(seed);
        let (right, response, _) =
            ask(&mut ui, &question, |p: &str| p.to_string(), &mut rng).unwrap();
        let out = String::from_utf8(ui.into_output()).unwrap();
        let shown_first = out
            .lines()
            .find_map(|l| l.strip_prefix("  1. "))
            .unwrap()
            .to_string();
        let Response::Choices(picked) = response else {
            panic!("choices expected")
        };
        let Answer::Choices(choices) = &question.answer else {
            unreachable!()
        };
        assert_eq!(choices[picked[0]].text, shown_first, "seed {seed}: {out}");
        assert_eq!(right, shown_first == "un");
        rights += usize::from(right);
        firsts.insert(shown_first);
    }
    assert_eq!(firsts.len(), 4, "every choice comes first for some seed");
    assert!(
        rights < 20,
        "answering 1 is not a way through: {rights} of 40"
    );
}
