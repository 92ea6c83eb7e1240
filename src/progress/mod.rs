//! The recruit's progress: a versioned TOML file keyed by step id, saved
//! after every answer, locked while written, never overwritten when it
//! cannot be read.

pub mod schedule;
pub mod store;
mod unknown;

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::content::{Draw, Fingerprint, Step};

pub use store::Store;
pub use unknown::Unknown;

/// The progress file's schema version.
pub(crate) const SCHEMA: u32 = 1;

/// No field is left out when serialized (`skip_serializing_if`): the cache
/// stores this in a format without field names, where a missing field would
/// shift the others. TOML leaves out `None` values by itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema: u32,
    /// Set once the welcome has been shown.
    #[serde(default)]
    pub welcomed: bool,
    #[serde(default)]
    pub recruit: Option<Recruit>,
    #[serde(default)]
    pub content: Option<ContentRecord>,
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
    /// Keys this version does not know, kept on the next save (see
    /// [`unknown`]). Neither serialized nor cached: saves add them.
    #[serde(skip)]
    pub unknown: Unknown,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            schema: SCHEMA,
            welcomed: false,
            recruit: None,
            content: None,
            steps: BTreeMap::new(),
            unknown: Unknown::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recruit {
    pub name: String,
}

/// Which content the recruit last followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentRecord {
    pub origin: String,
    #[serde(default)]
    pub commit: Option<String>,
}

/// What the file stores for a step. `Outdated` is never stored: it is
/// worked out from the stored fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredStatus {
    Started,
    Passed,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub status: StoredStatus,
    /// Right answers in the current or last attempt.
    pub score: usize,
    /// Number of questions when the attempt started.
    pub questions: usize,
    /// Right or wrong, for each question answered in the current attempt.
    #[serde(default)]
    pub answers: Vec<bool>,
    /// Score of the first finished attempt.
    #[serde(default)]
    pub first_score: Option<usize>,
    /// Questions (by index) answered wrong at least once.
    #[serde(default)]
    pub missed: BTreeSet<usize>,
    #[serde(default)]
    pub attempts: u32,
    /// Fingerprint of the step's meaning (see [`Fingerprint`]) when this
    /// attempt started or was last answered: `v1-…`, or 24 hex digits
    /// (v0) as earlier releases wrote it.
    pub hash: String,
    pub started_at: Timestamp,
    #[serde(default)]
    pub passed_at: Option<Timestamp>,
    /// What the current attempt shows of each question: its variant and
    /// the order of its choices, drawn when the attempt starts, so that a
    /// resumed attempt shows the same (`order[k]` is the index in the file
    /// of the choice shown k-th).
    #[serde(default)]
    pub draws: Vec<Draw>,
    /// The answer to the step's reflection prompt, for the mentor: absent
    /// until asked, empty when the recruit left it empty.
    #[serde(default)]
    pub reflection: Option<String>,
    /// The review schedule (see [`schedule`]), one card per question by
    /// index: made when the step is first passed, kept while its content
    /// stays the same.
    #[serde(default)]
    pub review: Vec<schedule::Card>,
    /// What the first attempt at the step answered, one per question in
    /// order (the report's first tries): kept across later attempts.
    #[serde(default)]
    pub first_try: Vec<FirstTry>,
}

/// One question's answer in the first attempt at a step: right or not, the
/// variant shown, and the choices picked (indices in that variant's file
/// order; empty for free text, whose words are never kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstTry {
    pub right: bool,
    #[serde(default)]
    pub variant: usize,
    #[serde(default)]
    pub picks: Vec<usize>,
}

/// A step's status in words, as the contract names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Started,
    Passed,
    Failed,
    Outdated,
}

impl Status {
    /// The status in words, in the user's language.
    pub(crate) fn word(self) -> &'static str {
        let core = &crate::i18n::t().core;
        match self {
            Status::Todo => core.status_todo,
            Status::Started => core.status_started,
            Status::Passed => core.status_passed,
            Status::Failed => core.status_failed,
            Status::Outdated => core.status_outdated,
        }
    }

    /// Whether the journey offers this step again.
    pub fn pending(self) -> bool {
        self != Status::Passed
    }
}

impl Progress {
    /// The status of `step`, given what is stored and the step's current content.
    pub fn status(&self, step: &Step) -> Status {
        self.status_of(&step.id, &step.fingerprint)
    }

    /// The status of the step `id` whose meaning now has `fingerprint`.
    pub(crate) fn status_of(&self, id: &str, fingerprint: &Fingerprint) -> Status {
        match self.steps.get(id) {
            None => Status::Todo,
            Some(entry) => match entry.status {
                StoredStatus::Passed if !fingerprint.matches(&entry.hash) => Status::Outdated,
                StoredStatus::Passed => Status::Passed,
                StoredStatus::Failed => Status::Failed,
                StoredStatus::Started => Status::Started,
            },
        }
    }

    /// The score to show for the step `id`: right answers so far, or 0.
    pub(crate) fn score(&self, id: &str) -> usize {
        self.steps.get(id).map_or(0, |e| e.score)
    }

    /// The question to ask next in `step`: where an unfinished attempt on the
    /// same content stopped, else the first.
    pub fn resume_at(&self, step: &Step) -> usize {
        match self.steps.get(&step.id) {
            Some(e) if e.status == StoredStatus::Started && step.fingerprint.matches(&e.hash) => {
                e.answers.len().min(step.questions.len())
            }
            _ => 0,
        }
    }

    /// The draws of the attempt in progress at `step`, when they still fit it.
    pub fn draws(&self, step: &Step) -> Option<&[Draw]> {
        let entry = self.steps.get(&step.id)?;
        (entry.status == StoredStatus::Started && step.draws_fit(&entry.draws))
            .then_some(entry.draws.as_slice())
    }

    /// The number the next new attempt at the step `id` will have.
    pub fn next_attempt(&self, id: &str) -> u32 {
        self.steps
            .get(id)
            .map_or(0, |e| e.attempts)
            .saturating_add(1)
    }

    /// Stores the draws of the attempt in progress (drawn again on resume
    /// when the stored ones no longer fit the step).
    pub(crate) fn set_draws(&mut self, step: &Step, draws: Vec<Draw>) {
        if let Some(entry) = self.steps.get_mut(&step.id) {
            entry.draws = draws;
        }
    }

    /// Stores the answer to the step's reflection prompt.
    pub(crate) fn set_reflection(&mut self, step: &Step, answer: String) {
        if let Some(entry) = self.steps.get_mut(&step.id) {
            entry.reflection = Some(answer);
        }
    }

    /// Starts a new attempt at `step`, which shows `draws`.
    pub(crate) fn start(&mut self, step: &Step, now: Timestamp, draws: Vec<Draw>) {
        let previous = self.steps.remove(&step.id);
        let entry = StepRecord {
            status: StoredStatus::Started,
            score: 0,
            questions: step.questions.len(),
            answers: Vec::new(),
            first_score: previous.as_ref().and_then(|p| p.first_score),
            missed: previous
                .as_ref()
                .map(|p| p.missed.clone())
                .unwrap_or_default(),
            // A hand-edited u32::MAX stays there rather than wrapping to 0.
            attempts: previous
                .as_ref()
                .map_or(0, |p| p.attempts)
                .saturating_add(1),
            hash: step.fingerprint.current.clone(),
            started_at: now,
            passed_at: previous.as_ref().and_then(|p| p.passed_at),
            draws,
            reflection: previous.as_ref().and_then(|p| p.reflection.clone()),
            // A step passed again after it changed starts a new schedule.
            review: previous
                .as_ref()
                .filter(|p| step.fingerprint.matches(&p.hash))
                .map(|p| p.review.clone())
                .unwrap_or_default(),
            first_try: previous.map(|p| p.first_try).unwrap_or_default(),
        };
        self.steps.insert(step.id.clone(), entry);
    }

    /// Keeps what the first attempt at `step` answered to question `index`,
    /// once [`Progress::record`] took that answer; later attempts keep nothing.
    pub(crate) fn record_first_try(&mut self, step: &Step, index: usize, first: FirstTry) {
        if let Some(entry) = self.steps.get_mut(&step.id)
            && entry.attempts == 1
            && entry.first_try.len() == index
            && entry.answers.len() == index + 1
        {
            entry.first_try.push(first);
        }
    }

    /// Rewrites in the current form every stored fingerprint that is the
    /// legacy form of its step's: the meaning is the same, only the way of
    /// writing it changes. The journey calls it before each save, so a file
    /// written by an earlier release is migrated at its next save.
    pub(crate) fn migrate(&mut self, steps: &[Step]) {
        for step in steps {
            if let Some(entry) = self.steps.get_mut(&step.id)
                && !step.fingerprint.legacy.is_empty()
                && entry.hash == step.fingerprint.legacy
            {
                entry.hash.clone_from(&step.fingerprint.current);
            }
        }
    }

    /// [`Progress::record`], saying whether the answer still had an attempt
    /// to go to. It has none when the step's record is gone (`onboard
    /// reset` from another terminal): the answer is then not recorded,
    /// except for a first question, which starts an attempt again. (When
    /// another process answered or restarted the same attempt meanwhile,
    /// the answer is ignored, as [`Progress::record`] says: the file holds
    /// that process's answers.)
    pub(crate) fn answer(
        &mut self,
        step: &Step,
        index: usize,
        right: bool,
        now: Timestamp,
    ) -> bool {
        let fits = index == 0 || self.steps.contains_key(&step.id);
        self.record(step, index, right, now);
        fits
    }

    /// Records the answer to question `index` of `step`. After the last
    /// question, the attempt ends as passed or failed. Returns the entry.
    /// An answer to a question already answered in this attempt, or to a
    /// question the step does not have, is ignored.
    pub fn record(
        &mut self,
        step: &Step,
        index: usize,
        right: bool,
        now: Timestamp,
    ) -> Option<&StepRecord> {
        if index >= step.questions.len() {
            return self.steps.get(&step.id);
        }
        // The attempt goes on only on the same meaning, at the next question.
        let goes_on = self.steps.get(&step.id).is_some_and(|e| {
            e.status == StoredStatus::Started
                && step.fingerprint.matches(&e.hash)
                && e.answers.len() == index
        });
        if !goes_on {
            if index == 0 {
                // The attempt is started again from here: the draws it
                // showed, if stored, are kept.
                let draws = self
                    .steps
                    .get(&step.id)
                    .map(|e| e.draws.clone())
                    .filter(|d| step.draws_fit(d))
                    .unwrap_or_default();
                self.start(step, now, draws);
            } else {
                return self.steps.get(&step.id);
            }
        }
        let entry = self.steps.get_mut(&step.id)?;
        // The attempt goes on on the same meaning (checked above): a legacy
        // fingerprint is rewritten in the current form.
        entry.hash.clone_from(&step.fingerprint.current);
        // The answers are this step's: so is their count's bound, which
        // loading checks.
        entry.questions = step.questions.len();
        entry.answers.push(right);
        entry.score = entry.answers.iter().filter(|r| **r).count();
        if !right {
            entry.missed.insert(index);
        }
        if entry.answers.len() >= step.questions.len() {
            let passed = crate::grade::passes(step, entry.score);
            entry.status = if passed {
                StoredStatus::Passed
            } else {
                StoredStatus::Failed
            };
            entry.first_score.get_or_insert(entry.score);
            if passed {
                entry.passed_at = Some(now);
                if entry.review.is_empty() {
                    entry.review = schedule::fresh(step.questions.len(), schedule::today(now));
                }
            }
        }
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Answer, Kind, Question};

    fn step(id: &str, questions: usize, pass_mark: Option<usize>) -> Step {
        Step {
            id: id.into(),
            title: id.into(),
            kind: Kind::Value,
            source: None,
            pass_mark,
            body: "b".into(),
            questions: (0..questions)
                .map(|i| Question::new(&format!("q{i}"), None, Answer::Accept(vec!["x".into()])))
                .collect(),
            file: String::new(),
            fingerprint: fingerprint("1"),
            reflection: None,
            untranslated: false,
        }
    }

    /// Stand-ins for a step's fingerprints: `v1-N` now, `N` in the legacy form.
    fn fingerprint(n: &str) -> Fingerprint {
        Fingerprint {
            current: format!("v1-{n}"),
            legacy: n.into(),
        }
    }

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_step_goes_from_todo_to_started_to_passed() {
        let s = step("a", 2, None);
        let mut p = Progress::default();
        assert_eq!(p.status(&s), Status::Todo);
        p.start(&s, at(0), Vec::new());
        assert_eq!(p.status(&s), Status::Started);
        p.record(&s, 0, true, at(1));
        assert_eq!(p.resume_at(&s), 1);
        assert_eq!(p.status(&s), Status::Started);
        p.record(&s, 1, true, at(2));
        assert_eq!(p.status(&s), Status::Passed);
        let e = &p.steps["a"];
        assert_eq!(
            (e.score, e.first_score, e.passed_at),
            (2, Some(2), Some(at(2)))
        );
    }

    #[test]
    fn below_the_pass_mark_fails_and_a_new_attempt_keeps_the_first_score() {
        let s = step("a", 3, Some(2));
        let mut p = Progress::default();
        p.record(&s, 0, true, at(0));
        p.record(&s, 1, false, at(1));
        p.record(&s, 2, false, at(2));
        assert_eq!(p.status(&s), Status::Failed);
        assert_eq!(p.resume_at(&s), 0);
        p.record(&s, 0, true, at(3));
        p.record(&s, 1, true, at(4));
        p.record(&s, 2, false, at(5));
        let e = &p.steps["a"];
        assert_eq!(p.status(&s), Status::Passed);
        assert_eq!((e.score, e.first_score, e.attempts), (2, Some(1), 2));
        assert_eq!(e.missed.iter().copied().collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn a_changed_step_is_outdated_once_passed_and_restarts_when_started() {
        let mut s = step("a", 1, None);
        let mut p = Progress::default();
        p.record(&s, 0, true, at(0));
        s.fingerprint = fingerprint("2");
        assert_eq!(p.status(&s), Status::Outdated);
        assert!(p.status(&s).pending());

        let mut t = step("b", 2, None);
        p.record(&t, 0, true, at(1));
        assert_eq!(p.resume_at(&t), 1);
        t.fingerprint = fingerprint("2");
        assert_eq!(p.resume_at(&t), 0);
    }

    #[test]
    fn a_legacy_fingerprint_still_matches_and_is_rewritten_at_the_next_save() {
        let s = step("a", 2, None);
        let mut p = Progress::default();
        p.record(&s, 0, true, at(0));
        assert_eq!(p.steps["a"].hash, "v1-1");
        // As an earlier release wrote it: the legacy form.
        p.steps.get_mut("a").unwrap().hash = "1".into();
        assert_eq!(p.status(&s), Status::Started);
        assert_eq!(p.resume_at(&s), 1);
        p.record(&s, 1, true, at(1));
        let e = &p.steps["a"];
        assert_eq!((e.hash.as_str(), e.attempts), ("v1-1", 1));
        assert_eq!(e.answers, vec![true, true]);
        assert_eq!(p.status(&s), Status::Passed);

        let t = step("b", 1, None);
        p.record(&t, 0, true, at(2));
        p.steps.get_mut("a").unwrap().hash = "1".into();
        p.steps.get_mut("b").unwrap().hash = "0".into();
        assert_eq!(p.status(&s), Status::Passed);
        assert_eq!(p.status(&t), Status::Outdated);
        p.migrate(&[s.clone(), t.clone()]);
        // Only a legacy fingerprint of the same meaning is rewritten.
        assert_eq!(p.steps["a"].hash, "v1-1");
        assert_eq!(p.steps["b"].hash, "0");
        assert_eq!(p.status(&t), Status::Outdated);
    }

    #[test]
    fn the_first_attempt_s_answers_are_kept_and_later_ones_are_not() {
        let s = step("a", 2, None);
        let mut p = Progress::default();
        let wrong = FirstTry {
            right: false,
            variant: 1,
            picks: vec![2],
        };
        p.record(&s, 0, false, at(0));
        p.record_first_try(&s, 0, wrong.clone());
        // An answer that `record` ignored (out of order) is not kept either.
        p.record_first_try(&s, 2, FirstTry::default());
        p.record(&s, 1, true, at(1));
        let right = FirstTry {
            right: true,
            ..FirstTry::default()
        };
        p.record_first_try(&s, 1, right.clone());
        assert_eq!(p.steps["a"].first_try, vec![wrong.clone(), right.clone()]);
        // A second attempt changes nothing of the first.
        p.record(&s, 0, true, at(2));
        p.record_first_try(&s, 0, FirstTry::default());
        assert_eq!(p.steps["a"].attempts, 2);
        assert_eq!(p.steps["a"].first_try, vec![wrong, right]);
    }

    #[test]
    fn an_answer_out_of_order_is_ignored() {
        let s = step("a", 3, None);
        let mut p = Progress::default();
        p.record(&s, 0, true, at(0));
        p.record(&s, 0, false, at(1)); // index 0 again restarts the attempt
        assert_eq!(p.steps["a"].answers, vec![false]);
        p.record(&s, 2, true, at(2)); // skips question 1: ignored
        assert_eq!(p.steps["a"].answers, vec![false]);
    }

    #[test]
    fn passing_a_step_schedules_its_questions_and_a_changed_step_restarts_them() {
        use schedule::{Card, Due, INTERVALS, today};
        let mut s = step("a", 2, None);
        let mut p = Progress::default();
        p.record(&s, 0, true, at(0));
        assert!(
            p.steps["a"].review.is_empty(),
            "not before the step is passed"
        );
        p.record(&s, 1, true, at(1));
        let day = today(at(1));
        let first = Card {
            level: 1,
            due: Due(day
                .checked_add(jiff::Span::new().days(INTERVALS[0]))
                .unwrap()),
        };
        assert_eq!(p.steps["a"].review, vec![first; 2]);

        // Redone on the same content: the schedule goes on.
        let f = s.fingerprint.clone();
        p.record_review("a", &f, 2, 0, true, day).unwrap();
        let moved = p.steps["a"].review.clone();
        assert_eq!(moved[0].level, 2);
        p.record(&s, 0, true, at(2));
        p.record(&s, 1, true, at(3));
        assert_eq!(p.steps["a"].review, moved);

        // Changed, then passed again: a new schedule, all in box 1.
        s.fingerprint = fingerprint("2");
        assert!(
            p.record_review("a", &s.fingerprint, 2, 0, true, day)
                .is_none()
        );
        p.record(&s, 0, true, at(4));
        p.record(&s, 1, true, at(5));
        assert_eq!(p.steps["a"].review, vec![first; 2]);
    }

    #[test]
    fn progress_round_trips_through_the_postcard_cache() {
        let s = step("a", 3, None);
        let mut p = Progress::default();
        for i in 0..3 {
            p.record(&s, i, true, at(i as i64));
        }
        let f = s.fingerprint.clone();
        let day = schedule::today(at(10));
        p.record_review("a", &f, 3, 1, false, day).unwrap();
        p.record(&step("b", 1, None), 0, false, at(20));
        assert_eq!(p.steps["a"].review.len(), 3);
        let bytes = postcard::to_allocvec(&p).unwrap();
        let back: Progress = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, p);
        // And through TOML, where the dates are TOML dates.
        let text = toml::to_string(&p).unwrap();
        assert_eq!(toml::from_str::<Progress>(&text).unwrap(), p);
    }

    /// A step that lost questions since its first attempt keeps that
    /// attempt's first score and missed questions: such a file is one
    /// onboard writes, and it loads (only answers or a score beyond this
    /// attempt's questions are refused).
    #[test]
    fn a_step_that_lost_questions_still_loads() {
        let long = step("s", 3, None);
        let mut p = Progress::default();
        for i in 0..3 {
            p.record(&long, i, i != 2, at(i as i64));
        }
        let mut short = step("s", 1, None);
        short.fingerprint = fingerprint("2");
        p.record(&short, 0, false, at(9));
        let e = &p.steps["s"];
        assert_eq!((e.questions, e.first_score), (1, Some(2)));
        assert!(e.missed.contains(&2));
        let text = toml::to_string(&p).unwrap();
        assert_eq!(store::parse(&text), Ok(p));
        let beyond = text.replacen("answers = [false]", "answers = [false, true]", 1);
        assert!(store::parse(&beyond).is_err());
    }

    #[test]
    fn progress_round_trips_through_toml() {
        let s = step("ouverture-par-defaut", 2, None);
        let mut p = Progress {
            welcomed: true,
            recruit: Some(Recruit {
                name: "Camille".into(),
            }),
            ..Progress::default()
        };
        p.start(
            &s,
            at(0),
            vec![
                Draw {
                    variant: 1,
                    order: vec![2, 0, 1],
                },
                Draw::default(),
            ],
        );
        p.record(&s, 0, false, at(0));
        p.record(&s, 1, true, at(1));
        p.set_reflection(&s, "Je montrerai mon travail plus tôt.".into());
        let text = toml::to_string(&p).unwrap();
        let back: Progress = toml::from_str(&text).unwrap();
        assert_eq!(back, p);
        assert!(text.starts_with("schema = 1"));
        assert_eq!(back.steps["ouverture-par-defaut"].draws[0].order, [2, 0, 1]);
        assert!(
            text.contains("reflection = \"Je montrerai mon travail plus tôt.\""),
            "{text}"
        );
        // The cache of parsed progress (postcard, no field names) too.
        let bytes = postcard::to_allocvec(&p).unwrap();
        assert_eq!(postcard::from_bytes::<Progress>(&bytes).unwrap(), p);
        // A file written before draws and reflections reads as before.
        let old = text
            .lines()
            .filter(|l| {
                !l.starts_with("reflection")
                    && !l.contains("draws")
                    && !l.starts_with("variant")
                    && !l.starts_with("order")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let old: Progress = toml::from_str(&old).unwrap();
        assert!(old.steps["ouverture-par-defaut"].draws.is_empty());
        assert_eq!(old.steps["ouverture-par-defaut"].reflection, None);
    }
}
