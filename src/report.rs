//! The report of a recruit's journey, for a mentor: built from the content
//! and the progress, and written as Markdown or JSON (see docs/report.md).

use jiff::Timestamp;
use serde::Serialize;

use crate::content::Content;
use crate::i18n::{fill, t};
use crate::progress::{Progress, Status};

/// The JSON report; docs/report.md documents it field by field.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub report_version: u32,
    pub recruit: String,
    pub generated_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub last_passed_at: Option<Timestamp>,
    pub content: ContentInfo,
    pub total: usize,
    pub passed: usize,
    pub steps: Vec<StepReport>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ContentInfo {
    pub origin: String,
    pub commit: Option<String>,
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
    /// The recruit's answer to it: absent until asked, empty when left empty.
    pub reflection: Option<String>,
    /// The small commitment the step proposes, when it has one.
    pub commitment: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Missed {
    pub question: String,
    pub right_answer: String,
}

/// Builds the report from the content in use and the progress.
pub(crate) fn build(
    content: &Content,
    progress: &Progress,
    recruit: String,
    now: Timestamp,
) -> Report {
    let steps: Vec<StepReport> = content
        .steps
        .iter()
        .map(|step| {
            let entry = progress.steps.get(&step.id);
            let finished =
                entry.is_some_and(|e| e.status != crate::progress::StoredStatus::Started);
            StepReport {
                id: step.id.clone(),
                title: step.title.clone(),
                status: progress.status(step),
                questions: step.questions.len(),
                first_score: entry.and_then(|e| e.first_score),
                final_score: entry.filter(|_| finished).map(|e| e.score),
                attempts: entry.map_or(0, |e| e.attempts),
                passed_at: entry.and_then(|e| e.passed_at),
                missed: entry
                    .map(|e| {
                        e.missed
                            .iter()
                            .filter_map(|&i| {
                                // As the last attempt worded it (its variant).
                                let variant = e.draws.get(i).map_or(0, |d| d.variant);
                                step.questions.get(i).map(|q| q.variant(variant))
                            })
                            .map(|q| Missed {
                                question: q.prompt.clone(),
                                right_answer: q.right_answer(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                reflection_prompt: step.reflection.as_ref().map(|r| r.prompt.clone()),
                reflection: entry.and_then(|e| e.reflection.clone()),
                commitment: step.reflection.as_ref().and_then(|r| r.commitment.clone()),
            }
        })
        .collect();
    let entries = || progress.steps.values();
    Report {
        report_version: 1,
        recruit,
        generated_at: now,
        started_at: entries().map(|e| e.started_at).min(),
        last_passed_at: entries().filter_map(|e| e.passed_at).max(),
        content: ContentInfo {
            origin: content.origin.describe(),
            commit: content.origin.commit().map(str::to_string),
        },
        total: steps.len(),
        passed: steps.iter().filter(|s| s.status == Status::Passed).count(),
        steps,
    }
}

fn day(ts: Option<Timestamp>) -> String {
    ts.map(|ts| ts.strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// The report as Markdown, pleasant to read as text or rendered.
pub(crate) fn markdown(report: &Report) -> String {
    let core = &t().core;
    let mut md = String::new();
    md.push_str(&fill(core.report_title, &[("name", &report.recruit)]));
    md.push_str("\n\n");
    let origin = match &report.content.commit {
        Some(commit) => format!("{} ({commit})", report.content.origin),
        None => report.content.origin.clone(),
    };
    let facts = fill(
        core.report_facts,
        &[
            ("passed", &report.passed),
            ("total", &report.total),
            ("started", &day(report.started_at)),
            ("last", &day(report.last_passed_at)),
            ("generated", &day(Some(report.generated_at))),
            ("content", &origin),
        ],
    );
    md.push_str(&facts);
    md.push_str("\n\n");
    md.push_str(core.report_table_head);
    md.push('\n');
    let score = |s: Option<usize>, n: usize| s.map_or("—".to_string(), |s| format!("{s}/{n}"));
    for step in &report.steps {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            step.title.replace('|', "\\|"),
            step.status.word(),
            score(step.first_score, step.questions),
            score(step.final_score, step.questions),
            step.attempts,
        ));
    }
    let missed: Vec<&StepReport> = report
        .steps
        .iter()
        .filter(|s| !s.missed.is_empty())
        .collect();
    md.push('\n');
    md.push_str(core.report_missed_title);
    md.push_str("\n\n");
    if missed.is_empty() {
        md.push_str(core.report_nothing_missed);
        md.push('\n');
    }
    for step in missed {
        md.push_str(&format!("### {}\n\n", step.title));
        for m in &step.missed {
            md.push_str(&fill(
                core.report_missed_line,
                &[
                    ("question", &m.question.trim()),
                    ("answer", &m.right_answer),
                ],
            ));
            md.push('\n');
        }
        md.push('\n');
    }
    reflections(report, &mut md);
    md
}

/// The reflection answers and commitments, in the recruit's own words.
fn reflections(report: &Report, md: &mut String) {
    let core = &t().core;
    let steps: Vec<&StepReport> = report
        .steps
        .iter()
        .filter(|s| s.reflection_prompt.is_some())
        .collect();
    if steps.is_empty() {
        return;
    }
    md.push_str(core.report_reflections_title);
    md.push_str("\n\n");
    if steps.iter().all(|s| s.reflection.is_none()) {
        md.push_str(core.report_no_reflection);
        md.push('\n');
        return;
    }
    for step in steps.iter().filter(|s| s.reflection.is_some()) {
        let answer = step
            .reflection
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or(core.report_no_answer);
        md.push_str(&fill(
            core.report_reflection_line,
            &[
                ("title", &step.title),
                (
                    "prompt",
                    &step.reflection_prompt.as_deref().unwrap_or("").trim(),
                ),
                ("answer", &answer.trim()),
                (
                    "commitment",
                    &step.commitment.as_deref().unwrap_or("—").trim(),
                ),
            ],
        ));
        md.push_str("\n\n");
    }
}
