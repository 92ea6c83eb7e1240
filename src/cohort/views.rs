//! The cohort's views in words, shared by the text, Markdown and HTML
//! formats: the summary lines and the four tables.

use super::{Cohort, InvalidReason, MissedQuestion, Recruit, SignatureStatus, SkipReason, Skipped};
use crate::i18n::{fill, t};

/// A table: its column headings and its rows of cells, in words.
pub(super) struct Table {
    pub head: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The lines that say what was read and how the cohort stands.
pub(super) fn summary(cohort: &Cohort) -> Vec<String> {
    let c = &t().cohort;
    let s = &cohort.summary;
    let mut lines = vec![
        fill(
            c.summary_reports,
            &[
                ("files", &s.files),
                ("source", &cohort.source),
                ("counted", &s.counted),
                ("skipped", &s.skipped),
            ],
        ),
        fill(
            c.summary_content,
            &[
                ("id", &cohort.content.id.as_deref().unwrap_or(c.no_id)),
                ("version", &cohort.content.version),
                ("steps", &cohort.content.steps),
            ],
        ),
        fill(
            c.summary_done,
            &[
                ("finished", &s.finished),
                ("counted", &s.counted),
                ("due", &s.reviews_due),
                ("overdue", &s.reviews_overdue),
                ("drifted", &s.drifted),
            ],
        ),
        fill(
            c.summary_signatures,
            &[
                ("verified", &s.verified),
                ("unverified", &s.unverified),
                ("not_signed", &s.not_signed),
                ("invalid", &s.invalid),
            ],
        ),
    ];
    if !cohort.signers_checked && s.unverified > 0 {
        lines.push(c.no_signers.to_string());
    }
    lines
}

pub(super) fn day(ts: Option<jiff::Timestamp>) -> String {
    ts.map_or_else(|| "—".to_string(), |ts| ts.strftime("%Y-%m-%d").to_string())
}

/// A rate as a whole percentage, rounded half up.
pub(super) fn percent(missed: usize, answered: usize) -> String {
    let n = (missed * 200 + answered) / (2 * answered.max(1));
    fill(t().cohort.percent, &[("n", &n)])
}

pub(super) fn signature(recruit: &Recruit) -> String {
    let c = &t().cohort;
    let sig = &recruit.signature;
    match sig.status {
        SignatureStatus::Verified => fill(
            c.sig_verified,
            &[("principal", &sig.principal.as_deref().unwrap_or(""))],
        ),
        SignatureStatus::Unverified => c.sig_unverified.to_string(),
        SignatureStatus::NotSigned => c.sig_not_signed.to_string(),
        SignatureStatus::Invalid => {
            let reason = match sig.reason {
                Some(InvalidReason::BadSignature) | None => c.invalid_bad_signature,
                Some(InvalidReason::UnknownKey) => c.invalid_unknown_key,
                Some(InvalidReason::WrongNamespace) => c.invalid_wrong_namespace,
                Some(InvalidReason::Unreadable) => c.invalid_unreadable,
            };
            fill(c.sig_invalid, &[("reason", &reason)])
        }
    }
}

pub(super) fn reviews(recruit: &Recruit) -> String {
    let c = &t().cohort;
    match &recruit.reviews {
        None => "—".to_string(),
        Some(r) if r.due == 0 => c.reviews_none.to_string(),
        Some(r) => fill(c.reviews_due, &[("due", &r.due), ("overdue", &r.overdue)]),
    }
}

pub(super) fn who(cohort: &Cohort) -> Table {
    let c = &t().cohort;
    Table {
        head: vec![
            c.col_name,
            c.col_steps,
            c.col_last,
            c.col_reviews,
            c.col_content,
            c.col_signature,
        ],
        rows: cohort
            .recruits
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    format!("{}/{}", r.passed, r.total),
                    day(r.last_activity),
                    reviews(r),
                    r.content_version.clone().unwrap_or_else(|| "—".into()),
                    signature(r),
                ]
            })
            .collect(),
    }
}

pub(super) fn question_label(q: &MissedQuestion) -> String {
    fill(
        t().cohort.question_label,
        &[("step", &q.step_title), ("n", &(q.index + 1))],
    )
}

pub(super) fn wrong_choice(q: &MissedQuestion) -> String {
    match &q.wrong_choice {
        Some(choice) => fill(
            t().cohort.wrong_choice,
            &[("choice", choice), ("count", &q.wrong_choice_count)],
        ),
        None => "—".to_string(),
    }
}

pub(super) fn missed(cohort: &Cohort) -> Table {
    let c = &t().cohort;
    Table {
        head: vec![
            c.col_rate,
            c.col_missed,
            c.col_question,
            c.col_step,
            c.col_wrong,
        ],
        rows: cohort
            .missed
            .iter()
            .map(|q| {
                vec![
                    percent(q.missed, q.answered),
                    format!("{}/{}", q.missed, q.answered),
                    q.question.trim().to_string(),
                    question_label(q),
                    wrong_choice(q),
                ]
            })
            .collect(),
    }
}

pub(super) fn drift(cohort: &Cohort) -> Table {
    let c = &t().cohort;
    Table {
        head: vec![c.col_name, c.col_step, c.col_passed_at, c.col_file],
        rows: cohort
            .drift
            .iter()
            .map(|d| {
                vec![
                    d.recruit.clone(),
                    d.step_title.clone(),
                    day(d.passed_at),
                    d.file.clone(),
                ]
            })
            .collect(),
    }
}

pub(super) fn reason(skipped: &Skipped) -> &'static str {
    let c = &t().cohort;
    match skipped.reason {
        SkipReason::MalformedJson => c.skip_malformed_json,
        SkipReason::UnknownVersion => c.skip_unknown_version,
        SkipReason::DuplicatePerson => c.skip_duplicate_person,
        SkipReason::OtherContent => c.skip_other_content,
        SkipReason::TooBig => c.skip_too_big,
        SkipReason::Unreadable => c.skip_unreadable,
        SkipReason::InvalidUtf8 => c.skip_invalid_utf8,
    }
}

pub(super) fn skipped(cohort: &Cohort) -> Table {
    let c = &t().cohort;
    Table {
        head: vec![c.col_file, c.col_reason, c.col_detail],
        rows: cohort
            .skipped
            .iter()
            .map(|s| {
                vec![
                    s.file.clone(),
                    reason(s).to_string(),
                    detail(s).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
    }
}

/// A set-aside report's detail in words: a place in the file, said in the
/// reader's language, or the detail as it is.
pub(super) fn detail(skipped: &Skipped) -> Option<String> {
    let c = &t().cohort;
    let detail = skipped.detail.as_deref()?;
    Some(match skipped.reason {
        SkipReason::MalformedJson => match detail.split_once(':') {
            Some((line, column)) => fill(c.at_line_column, &[("line", &line), ("column", &column)]),
            None => detail.to_string(),
        },
        SkipReason::InvalidUtf8 => fill(c.at_byte, &[("at", &detail)]),
        _ => detail.to_string(),
    })
}
