//! `onboard status`: where the recruit stands. Never prompts.

use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::TextOrJson;
use crate::context::Context;
use crate::error::Result;
use crate::i18n::{fill, t};
use crate::progress::Status;
use crate::progress::schedule;
use crate::text::visible;

#[derive(Serialize)]
struct Report<'a> {
    progress_file: String,
    total: usize,
    passed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_commit: Option<&'a str>,
    steps: Vec<StepLine<'a>>,
    review: Review,
}

/// The spaced review: questions due today, and the next later day with some.
#[derive(Serialize)]
struct Review {
    due: usize,
    /// `YYYY-MM-DD`, or null when nothing is scheduled after today.
    next: Option<String>,
    #[serde(skip)]
    days: i64,
}

#[derive(Serialize)]
struct StepLine<'a> {
    id: &'a str,
    title: &'a str,
    status: Status,
    score: usize,
    questions: usize,
}

pub fn run(ctx: &Context, format: TextOrJson, now: jiff::Timestamp) -> Result<()> {
    let content = super::load_outline(ctx)?;
    let store = ctx.store()?;
    let progress = store.load()?;
    let today = schedule::today(now);
    let scheduled = schedule::scheduled(
        &progress,
        content
            .steps
            .iter()
            .map(|s| (s.id.as_str(), &s.fingerprint, s.questions)),
    );
    let outlook = schedule::outlook(&scheduled, today);
    let review = Review {
        due: outlook.due,
        next: outlook.next.map(|d| d.to_string()),
        days: outlook.next.map_or(0, |d| schedule::days_between(today, d)),
    };
    let steps: Vec<StepLine> = content
        .steps
        .iter()
        .map(|s| StepLine {
            id: &s.id,
            title: &s.title,
            status: progress.status_of(&s.id, &s.fingerprint),
            score: progress.score(&s.id),
            questions: s.questions,
        })
        .collect();
    let report = Report {
        progress_file: store.path().display().to_string(),
        total: steps.len(),
        passed: steps.iter().filter(|s| s.status == Status::Passed).count(),
        content_commit: content.origin.commit(),
        steps,
        review,
    };
    match format {
        TextOrJson::Json => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            crate::output::print(&(json + "\n"))
        }
        // One write: a thousand lines are a thousand system calls otherwise.
        TextOrJson::Text => crate::output::print(&text(&report, ctx.colour)),
    }
}

fn text(report: &Report, colour: bool) -> String {
    let core = &t().core;
    let mut out = String::new();
    let width = report
        .steps
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(0);
    for (i, step) in report.steps.iter().enumerate() {
        let word = step.status.word();
        let word = if colour {
            let style = match step.status {
                Status::Passed => console::Style::new().green(),
                Status::Failed | Status::Outdated => console::Style::new().yellow(),
                _ => console::Style::new(),
            };
            style.apply_to(word).to_string()
        } else {
            word.to_string()
        };
        let _ = writeln!(
            out,
            "{:>2}. {:<width$}  {}  ({})",
            i + 1,
            step.id,
            word,
            fill(
                core.score_of,
                &[("score", &step.score), ("count", &step.questions)]
            ),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", progress_bar(report.passed, report.total));
    let _ = writeln!(
        out,
        "{}",
        fill(
            core.progress_file_is,
            &[("path", &visible(&report.progress_file, false))]
        )
    );
    if report.review.due > 0 {
        let _ = writeln!(
            out,
            "{}",
            fill(core.status_review_due, &[("count", &report.review.due)])
        );
    }
    if let Some(next) = &report.review.next {
        let _ = writeln!(
            out,
            "{}",
            fill(
                core.review_next,
                &[("date", next), ("days", &report.review.days)]
            )
        );
    }
    if let Some(commit) = report.content_commit {
        let _ = writeln!(
            out,
            "{}",
            fill(core.content_commit_is, &[("commit", &commit)])
        );
    }
    out
}

/// `[#####-----] étapes réussies : 5 sur 11`, in plain characters.
pub fn progress_bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fill(t().core.steps_passed, &[("done", &done), ("total", &total)])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        assert!(progress_bar(0, 10).starts_with("[--------------------]"));
        assert!(progress_bar(5, 10).starts_with("[##########----------]"));
        assert!(progress_bar(10, 10).starts_with("[####################]"));
        assert!(progress_bar(0, 0).starts_with("[--------------------]"));
    }
}
