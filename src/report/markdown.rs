//! The report as Markdown, pleasant to read as text or rendered: the same
//! facts as the JSON, and the same choice about the reflections.

use super::{Report, StepReport};
use crate::i18n::{fill, t};
use crate::text::markdown_inline as escape;

fn day(ts: Option<jiff::Timestamp>) -> String {
    ts.map(|ts| ts.strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// The report as Markdown.
pub(crate) fn markdown(report: &Report) -> String {
    let core = &t().core;
    let mut md = String::new();
    md.push_str(&fill(
        core.report_title,
        &[("name", &escape(&report.recruit))],
    ));
    md.push_str("\n\n");
    let origin = match &report.content.commit {
        Some(commit) => format!("{} ({})", escape(&report.content.origin), escape(commit)),
        None => escape(&report.content.origin),
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
            escape(&step.title),
            step.status.word(),
            score(step.first_score, step.questions),
            score(step.final_score, step.questions),
            step.attempts,
        ));
    }
    missed(report, &mut md);
    reflections(report, &mut md);
    md
}

/// The questions missed, each with its right answer and, when the first
/// try missed it, the choices picked then.
fn missed(report: &Report, md: &mut String) {
    let core = &t().core;
    let steps: Vec<&StepReport> = report
        .steps
        .iter()
        .filter(|s| !s.missed.is_empty())
        .collect();
    md.push('\n');
    md.push_str(core.report_missed_title);
    md.push_str("\n\n");
    if steps.is_empty() {
        md.push_str(core.report_nothing_missed);
        md.push('\n');
    }
    for step in steps {
        md.push_str(&format!("### {}\n\n", escape(&step.title)));
        for m in &step.missed {
            md.push_str(&fill(
                core.report_missed_line,
                &[
                    ("question", &escape(m.question.trim())),
                    ("answer", &escape(&m.right_answer)),
                ],
            ));
            md.push('\n');
            let picked = step
                .questions_detail
                .get(m.index)
                .map(|d| escape(&d.picked.join(t().core.list_separator)))
                .unwrap_or_default();
            if !picked.is_empty() {
                md.push_str(&fill(t().report.first_picks, &[("picks", &picked)]));
                md.push('\n');
            }
        }
        md.push('\n');
    }
}

/// The reflection answers and commitments, in the recruit's own words,
/// when the recruit chose to share them.
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
    if !report.includes_reflections {
        md.push_str(t().report.reflections_left_out);
        md.push('\n');
        return;
    }
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
                ("title", &escape(&step.title)),
                (
                    "prompt",
                    &escape(step.reflection_prompt.as_deref().unwrap_or("").trim()),
                ),
                ("answer", &escape(answer.trim())),
                (
                    "commitment",
                    &escape(step.commitment.as_deref().unwrap_or("—").trim()),
                ),
            ],
        ));
        md.push_str("\n\n");
    }
}
