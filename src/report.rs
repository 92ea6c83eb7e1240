//! The report of a recruit's journey, for a mentor: built from the content
//! and the progress, and written as Markdown or JSON (see docs/report.md,
//! and docs/schemas/report-v2.schema.json for the JSON).

mod markdown;

use jiff::Timestamp;
use serde::Serialize;

use crate::content::{Answer, Content, Origin, Question, Step};
use crate::progress::schedule;
use crate::progress::{Progress, Status, StepRecord, StoredStatus};

pub(crate) use markdown::markdown;

/// The version of the JSON format this build writes.
pub(crate) const VERSION: u32 = 2;

/// The JSON report; docs/report.md documents it field by field.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub report_version: u32,
    pub recruit: String,
    pub generated_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub last_passed_at: Option<Timestamp>,
    /// The latest time known of any step: started or passed.
    pub last_activity: Option<Timestamp>,
    pub content: ContentInfo,
    pub total: usize,
    pub passed: usize,
    pub reviews: Reviews,
    /// Whether the recruit chose to share the answers to the reflections.
    pub includes_reflections: bool,
    pub steps: Vec<StepReport>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ContentInfo {
    pub origin: String,
    pub commit: Option<String>,
    /// journey.toml's `id`, naming the content (`None` when it has none).
    pub id: Option<String>,
    /// The git commit, `onboard <version>` for the embedded steps, else a
    /// digest of the steps' fingerprints.
    pub version: String,
}

/// The spaced review of the passed steps' questions, on the report's day.
#[derive(Debug, Serialize)]
pub(crate) struct Reviews {
    /// Questions due today or before.
    pub due: usize,
    /// Questions due before today.
    pub overdue: usize,
    /// The first later day on which some question is due.
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StepReport {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub questions: usize,
    pub first_score: Option<usize>,
    pub final_score: Option<usize>,
    pub attempts: u32,
    pub passed_at: Option<Timestamp>,
    pub missed: Vec<Missed>,
    /// The step's reflection prompt, when it has one.
    pub reflection_prompt: Option<String>,
    /// The recruit's answer to it: absent until asked, or when left out of
    /// the report; empty when left empty.
    pub reflection: Option<String>,
    /// The small commitment the step proposes, when it has one.
    pub commitment: Option<String>,
    /// The step's fingerprint when last attempted or passed.
    pub fingerprint: Option<String>,
    /// Whether that fingerprint is the current content's.
    pub current: bool,
    pub questions_detail: Vec<QuestionDetail>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Missed {
    /// The question's index in the step file (for the Markdown only).
    #[serde(skip)]
    pub index: usize,
    pub question: String,
    pub right_answer: String,
}

/// One question of a step, and how the first attempt answered it.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionDetail {
    pub index: usize,
    pub question: String,
    pub kind: &'static str,
    /// Right at the first attempt; `None` when never answered.
    pub first_try: Option<bool>,
    /// The choices picked at a wrong first try, by their text.
    pub picked: Vec<String>,
}

impl Report {
    /// The same report without the recruit's answers to the reflections.
    pub(crate) fn without_reflections(mut self) -> Report {
        self.includes_reflections = false;
        for step in &mut self.steps {
            step.reflection = None;
        }
        self
    }

    /// Whether the recruit answered any reflection (which the report may share).
    pub(crate) fn has_reflections(&self) -> bool {
        self.steps.iter().any(|s| s.reflection.is_some())
    }
}

/// Builds the report from the content in use and the progress, with the
/// reflections (see [`Report::without_reflections`]).
pub(crate) fn build(
    content: &Content,
    progress: &Progress,
    recruit: String,
    now: Timestamp,
) -> Report {
    let steps: Vec<StepReport> = content
        .steps
        .iter()
        .map(|step| step_report(step, progress))
        .collect();
    let entries = || progress.steps.values();
    let last_passed_at = entries().filter_map(|e| e.passed_at).max();
    Report {
        report_version: VERSION,
        recruit,
        generated_at: now,
        started_at: entries().map(|e| e.started_at).min(),
        last_passed_at,
        last_activity: entries().map(|e| e.started_at).max().max(last_passed_at),
        content: ContentInfo {
            origin: content.origin.describe(),
            commit: content.origin.commit().map(str::to_string),
            id: content.journey.id.clone(),
            version: content_version(content),
        },
        total: steps.len(),
        passed: steps.iter().filter(|s| s.status == Status::Passed).count(),
        reviews: reviews(content, progress, now),
        includes_reflections: true,
        steps,
    }
}

fn step_report(step: &Step, progress: &Progress) -> StepReport {
    let entry = progress.steps.get(&step.id);
    let finished = entry.is_some_and(|e| e.status != StoredStatus::Started);
    StepReport {
        id: step.id.clone(),
        title: step.title.clone(),
        status: progress.status(step),
        questions: step.questions.len(),
        first_score: entry.and_then(|e| e.first_score),
        final_score: entry.filter(|_| finished).map(|e| e.score),
        attempts: entry.map_or(0, |e| e.attempts),
        passed_at: entry.and_then(|e| e.passed_at),
        missed: entry.map(|e| missed(step, e)).unwrap_or_default(),
        reflection_prompt: step.reflection.as_ref().map(|r| r.prompt.clone()),
        reflection: entry.and_then(|e| e.reflection.clone()),
        commitment: step.reflection.as_ref().and_then(|r| r.commitment.clone()),
        fingerprint: entry.map(|e| e.hash.clone()).filter(|h| !h.is_empty()),
        current: entry.is_some_and(|e| step.fingerprint.matches(&e.hash)),
        questions_detail: step
            .questions
            .iter()
            .enumerate()
            .map(|(index, question)| detail(index, question, entry))
            .collect(),
    }
}

/// The questions missed at least once, as the last attempt worded them.
fn missed(step: &Step, entry: &StepRecord) -> Vec<Missed> {
    entry
        .missed
        .iter()
        .filter_map(|&index| {
            let variant = entry.draws.get(index).map_or(0, |d| d.variant);
            let question = step.questions.get(index)?.variant(variant);
            Some(Missed {
                index,
                question: question.prompt.clone(),
                right_answer: question.right_answer(),
            })
        })
        .collect()
}

/// Question `index` as the first attempt showed it, and what it picked.
fn detail(index: usize, question: &Question, entry: Option<&StepRecord>) -> QuestionDetail {
    let first = entry.and_then(|e| e.first_try.get(index));
    // A first attempt saved before first tries were kept: still the only
    // attempt, its answers say right or wrong (not what was picked).
    let only_attempt = entry
        .filter(|e| e.attempts == 1 && e.first_try.is_empty())
        .and_then(|e| e.answers.get(index).copied());
    let shown = question.variant(first.map_or(0, |f| f.variant));
    let kind = match &shown.answer {
        Answer::Accept(_) => "text",
        Answer::Choices(_) if shown.is_multiple() => "multiple",
        Answer::Choices(_) => "single",
    };
    let picked = match (&shown.answer, first) {
        (Answer::Choices(choices), Some(first)) if !first.right => first
            .picks
            .iter()
            .filter_map(|&i| choices.get(i).map(|c| c.text.clone()))
            .collect(),
        _ => Vec::new(),
    };
    QuestionDetail {
        index,
        question: shown.prompt.clone(),
        kind,
        first_try: first.map(|f| f.right).or(only_attempt),
        picked,
    }
}

/// The content's version: its commit, the build for the embedded steps,
/// else 12 hex digits of the steps' sorted ids and fingerprints.
pub(crate) fn content_version(content: &Content) -> String {
    match &content.origin {
        Origin::Git { commit, .. } => commit.clone(),
        Origin::Embedded => content.origin.describe(),
        Origin::Dir(_) => {
            let mut pairs: Vec<(&str, &str)> = content
                .steps
                .iter()
                .map(|s| (s.id.as_str(), s.fingerprint.current.as_str()))
                .collect();
            pairs.sort_unstable();
            let mut bytes = Vec::new();
            for (id, fingerprint) in pairs {
                bytes.extend_from_slice(id.as_bytes());
                bytes.push(0);
                bytes.extend_from_slice(fingerprint.as_bytes());
                bytes.push(b'\n');
            }
            crate::digest::short_digest(&bytes, 6)
        }
    }
}

fn reviews(content: &Content, progress: &Progress, now: Timestamp) -> Reviews {
    let all = schedule::scheduled(
        progress,
        content
            .steps
            .iter()
            .map(|s| (s.id.as_str(), &s.fingerprint, s.questions.len())),
    );
    let day = schedule::today(now);
    let outlook = schedule::outlook(&all, day);
    Reviews {
        due: outlook.due,
        overdue: all.iter().filter(|s| s.card.due.0 < day).count(),
        next: outlook.next.map(|d| d.to_string()),
    }
}
