//! The cohort as one CSV table for a spreadsheet (RFC 4180, UTF-8): one
//! row per recruit, per question, per step passed on older content and per
//! report set aside, told apart by the first column (`section`); each row
//! fills the columns of its section. Values are the JSON's (docs/cohort.md).

use super::{Cohort, SignatureStatus};

/// The columns, in order: the first line of the file.
pub(crate) const COLUMNS: [&str; 25] = [
    "section",
    "file",
    "recruit",
    "passed",
    "total",
    "last_activity",
    "reviews_due",
    "reviews_overdue",
    "reviews_next",
    "content_version",
    "signature",
    "signer",
    "signature_problem",
    "step",
    "step_title",
    "question_index",
    "question",
    "answered",
    "missed",
    "miss_rate",
    "wrong_choice",
    "wrong_choice_count",
    "passed_at",
    "reason",
    "detail",
];

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(0)
}

/// One row: the section, then `(column, value)` pairs; the rest stays empty.
fn row(out: &mut String, section: &str, cells: &[(&str, String)]) {
    let mut line = vec![String::new(); COLUMNS.len()];
    line[0] = section.to_string();
    for (name, value) in cells {
        line[column(name)] = value.clone();
    }
    let quoted: Vec<String> = line
        .iter()
        .map(|cell| crate::text::csv_cell(cell))
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

fn time(ts: Option<jiff::Timestamp>) -> String {
    ts.map(|ts| ts.to_string()).unwrap_or_default()
}

fn json_word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn csv(cohort: &Cohort) -> String {
    let mut out = COLUMNS.join(",") + "\r\n";
    for r in &cohort.recruits {
        let reviews = r.reviews.as_ref();
        row(
            &mut out,
            "recruit",
            &[
                ("file", r.file.clone()),
                ("recruit", r.name.clone()),
                ("passed", r.passed.to_string()),
                ("total", r.total.to_string()),
                ("last_activity", time(r.last_activity)),
                (
                    "reviews_due",
                    reviews.map(|v| v.due.to_string()).unwrap_or_default(),
                ),
                (
                    "reviews_overdue",
                    reviews.map(|v| v.overdue.to_string()).unwrap_or_default(),
                ),
                (
                    "reviews_next",
                    reviews
                        .and_then(|v| v.next)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                (
                    "content_version",
                    r.content_version.clone().unwrap_or_default(),
                ),
                ("signature", json_word(&r.signature.status)),
                ("signer", r.signature.principal.clone().unwrap_or_default()),
                (
                    "signature_problem",
                    r.signature
                        .reason
                        .filter(|_| r.signature.status == SignatureStatus::Invalid)
                        .map(|reason| json_word(&reason))
                        .unwrap_or_default(),
                ),
            ],
        );
    }
    for q in &cohort.missed {
        row(
            &mut out,
            "missed",
            &[
                ("step", q.step.clone()),
                ("step_title", q.step_title.clone()),
                ("question_index", q.index.to_string()),
                ("question", q.question.clone()),
                ("answered", q.answered.to_string()),
                ("missed", q.missed.to_string()),
                ("miss_rate", format!("{:.4}", q.rate)),
                ("wrong_choice", q.wrong_choice.clone().unwrap_or_default()),
                ("wrong_choice_count", q.wrong_choice_count.to_string()),
            ],
        );
    }
    for d in &cohort.drift {
        row(
            &mut out,
            "drift",
            &[
                ("file", d.file.clone()),
                ("recruit", d.recruit.clone()),
                ("step", d.step.clone()),
                ("step_title", d.step_title.clone()),
                ("passed_at", time(d.passed_at)),
            ],
        );
    }
    for s in &cohort.skipped {
        row(
            &mut out,
            "skipped",
            &[
                ("file", s.file.clone()),
                ("reason", json_word(&s.reason)),
                ("detail", s.detail.clone().unwrap_or_default()),
            ],
        );
    }
    out
}
