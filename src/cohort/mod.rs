//! `onboard cohort`: a folder of reports (`*.json`, each with an optional
//! `.sig`) read together. Who is where, the questions missed most on the
//! first try, and the steps passed on an older version of the content;
//! bad reports are set aside with their reason. See docs/cohort.md.

mod csv;
mod html;
mod markdown;
mod read;
mod report;
mod svg;
mod tally;
mod text;
mod views;

use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use crate::content::{Answer, Content, Fingerprint};
use crate::signature::AllowedSigners;

pub(crate) use csv::csv;
pub(crate) use html::html;
pub(crate) use markdown::markdown;
pub(crate) use text::text;

/// The version of the cohort's JSON (docs/schemas/cohort-v1.schema.json).
pub(crate) const COHORT_VERSION: u32 = 1;

/// The content the reports are read against: the one in use.
#[derive(Debug, Clone)]
pub(crate) struct Current {
    /// The content's id (journey.toml's `id`), when it has one.
    pub id: Option<String>,
    /// Its version: the git commit, `onboard <version>`, or a digest of its steps.
    pub version: String,
    pub steps: Vec<CurrentStep>,
}

#[derive(Debug, Clone)]
pub(crate) struct CurrentStep {
    pub id: String,
    pub title: String,
    pub fingerprint: Fingerprint,
    /// Per question (file order): the texts of its right choices, in every wording.
    pub right: Vec<Vec<String>>,
}

impl Current {
    /// The content in use, as the cohort compares reports with it.
    pub(crate) fn of(content: &Content, id: Option<String>) -> Current {
        let steps: Vec<CurrentStep> = content
            .steps
            .iter()
            .map(|step| CurrentStep {
                id: step.id.clone(),
                title: step.title.clone(),
                fingerprint: step.fingerprint.clone(),
                right: step
                    .questions
                    .iter()
                    .map(|q| {
                        (0..q.variant_count())
                            .flat_map(|v| match q.variant(v).answer {
                                Answer::Choices(choices) => choices
                                    .into_iter()
                                    .filter(|c| c.correct)
                                    .map(|c| c.text)
                                    .collect(),
                                Answer::Accept(_) => Vec::new(),
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        // As the reports write it.
        let version = crate::report::content_version(content);
        Current { id, version, steps }
    }

    pub(crate) fn step(&self, id: &str) -> Option<(usize, &CurrentStep)> {
        self.steps.iter().enumerate().find(|(_, s)| s.id == id)
    }
}

/// The whole cohort: what every format shows, and the JSON itself.
#[derive(Debug, Serialize)]
pub(crate) struct Cohort {
    pub cohort_version: u32,
    pub generated_at: Timestamp,
    /// The folder or repository read, as given.
    pub source: String,
    pub content: ContentSummary,
    /// Whether an allowed_signers file was given.
    pub signers_checked: bool,
    pub summary: Summary,
    pub recruits: Vec<Recruit>,
    pub missed: Vec<MissedQuestion>,
    pub drift: Vec<Drift>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ContentSummary {
    pub id: Option<String>,
    pub version: String,
    pub steps: usize,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    /// Report files found (`*.json`).
    pub files: usize,
    pub counted: usize,
    pub skipped: usize,
    /// Recruits who passed every step of the current content.
    pub finished: usize,
    pub verified: usize,
    pub unverified: usize,
    pub not_signed: usize,
    pub invalid: usize,
    /// Recruits with at least one review due.
    pub reviews_due: usize,
    /// Recruits with at least one review overdue.
    pub reviews_overdue: usize,
    /// Recruits who passed at least one step on older content.
    pub drifted: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct Recruit {
    pub name: String,
    /// The report's path in the folder, with `/` between folders.
    pub file: String,
    pub report_version: u32,
    /// Steps of the current content passed on their current version.
    pub passed: usize,
    pub total: usize,
    pub last_activity: Option<Timestamp>,
    /// Reviews as the report counted them (version 2 only).
    pub reviews: Option<Reviews>,
    pub content_version: Option<String>,
    pub signature: Signature,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct Reviews {
    pub due: u32,
    pub overdue: u32,
    pub next: Option<jiff::civil::Date>,
}

/// A report's signature, as the JSON and the views say it.
#[derive(Debug, Serialize)]
pub(crate) struct Signature {
    pub status: SignatureStatus,
    pub principal: Option<String>,
    pub reason: Option<InvalidReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SignatureStatus {
    Verified,
    Unverified,
    NotSigned,
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum InvalidReason {
    BadSignature,
    UnknownKey,
    WrongNamespace,
    Unreadable,
}

/// One question, across the cohort.
#[derive(Debug, Serialize)]
pub(crate) struct MissedQuestion {
    pub step: String,
    pub step_title: String,
    /// The question's place in its step, from 0.
    pub index: usize,
    pub question: String,
    /// Recruits who answered it (a first try is known).
    pub answered: usize,
    /// Of them, those whose first try was wrong.
    pub missed: usize,
    /// `missed / answered`.
    pub rate: f64,
    /// The wrong choice picked most often at the first try, and how often.
    pub wrong_choice: Option<String>,
    pub wrong_choice_count: usize,
}

/// A step passed on a version of the content older than the current one.
#[derive(Debug, Serialize)]
pub(crate) struct Drift {
    pub recruit: String,
    pub file: String,
    pub step: String,
    pub step_title: String,
    pub passed_at: Option<Timestamp>,
    /// The step's fingerprint when it was passed, if the report says it.
    pub fingerprint: Option<String>,
}

/// A report set aside.
#[derive(Debug, Serialize)]
pub(crate) struct Skipped {
    pub file: String,
    pub reason: SkipReason,
    /// More about it: the parser's message, the version, the other file…
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SkipReason {
    MalformedJson,
    UnknownVersion,
    DuplicatePerson,
    OtherContent,
    TooBig,
    Unreadable,
    InvalidUtf8,
}

/// Reads the reports under `dir` (`source` is how the user named it) and
/// puts them together against the `current` content.
pub(crate) fn gather(
    dir: &Path,
    source: &str,
    current: &Current,
    signers: Option<&AllowedSigners>,
    now: Timestamp,
) -> crate::error::Result<Cohort> {
    let files = read::list(dir)?;
    let read = read::read_all(files, signers, now);
    Ok(tally::tally(read, source, current, signers.is_some(), now))
}

/// Whether an existing file is a cohort that onboard wrote, in any format.
pub(crate) fn written_by_onboard(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let titled = |lang| text.starts_with(&format!("{}\n\n", crate::i18n::texts(lang).cohort.title));
    text.ends_with(markdown::MARK)
        || text.contains(html::GENERATOR)
        || text.starts_with(&(csv::COLUMNS.join(",") + "\r\n"))
        || titled(crate::i18n::Lang::Fr)
        || titled(crate::i18n::Lang::En)
        || serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|json| json.get("cohort_version").is_some())
}
