//! The summary of an audit of many repositories: one line per repository
//! (rules passed, licence, REUSE, what made it, whether its templates are
//! older than onboard's), then each rule's counts across the repositories,
//! the most failed first. In words, as JSON, and as CSV (RFC 4180).

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::fleet::{Entry, update_available};
use super::{Report, Severity, Status, rules};
use crate::i18n::{fill, t};
use crate::text::visible;

/// One repository's line.
#[derive(Debug, Serialize)]
pub(crate) struct Line {
    pub source: String,
    /// `pass`, `fail`, or `error` (it could not be audited).
    pub status: &'static str,
    pub required: Tally,
    pub recommended: Tally,
    /// The licence detected in its licence files (an SPDX expression).
    pub licence: Option<String>,
    /// The REUSE rules (`reuse-toml`, `licenses-dir`) both pass.
    pub reuse: bool,
    /// `[onboard].version` of its `.onboard.toml`.
    pub onboard_version: Option<String>,
    /// `[onboard].templates` (0 when missing) of its `.onboard.toml`.
    pub templates: Option<u32>,
    pub update_available: bool,
    /// Why it could not be audited.
    pub error: Option<String>,
}

/// Rules of one severity that passed, out of how many.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct Tally {
    pub passed: usize,
    pub total: usize,
}

/// One rule's verdicts across the repositories audited.
#[derive(Debug, Serialize)]
pub(crate) struct RuleCount {
    pub id: &'static str,
    pub severity: Severity,
    pub failed: usize,
    pub passed: usize,
    pub skipped: usize,
}

/// The summary's line for each entry, in order.
pub(crate) fn lines(entries: &[Entry], current: u32) -> Vec<Line> {
    entries.iter().map(|entry| line(entry, current)).collect()
}

fn line(entry: &Entry, current: u32) -> Line {
    let audited = match &entry.outcome {
        Ok(audited) => audited,
        Err(why) => {
            return Line {
                source: entry.source.clone(),
                status: "error",
                required: Tally::default(),
                recommended: Tally::default(),
                licence: None,
                reuse: false,
                onboard_version: None,
                templates: None,
                update_available: false,
                error: Some(why.clone()),
            };
        }
    };
    let report = &audited.report;
    let tally = |severity: Severity| {
        let of: Vec<_> = report
            .rules
            .iter()
            .filter(|r| r.severity == severity)
            .collect();
        Tally {
            passed: of.iter().filter(|r| r.status == Status::Pass).count(),
            total: of.len(),
        }
    };
    let passes = |id: &str| {
        report
            .rules
            .iter()
            .any(|r| r.id == id && r.status == Status::Pass)
    };
    let made = audited.made.as_ref();
    Line {
        source: entry.source.clone(),
        status: if report.passed { "pass" } else { "fail" },
        required: tally(Severity::Required),
        recommended: tally(Severity::Recommended),
        licence: licence(report),
        reuse: passes("reuse-toml") && passes("licenses-dir"),
        onboard_version: made.map(|m| m.version.clone()),
        templates: made.map(|m| m.templates),
        update_available: update_available(made, current),
        error: None,
    }
}

/// The licences recognised in the licence files, each once, in order.
fn licence(report: &Report) -> Option<String> {
    let rule = report.rules.iter().find(|r| r.id == "license-text")?;
    let files = rule.details.as_ref()?.get("licence_files")?.as_array()?;
    let mut found: Vec<&str> = Vec::new();
    for file in files {
        if let Some(expression) = file
            .pointer("/detection/expression")
            .and_then(Value::as_str)
            && !found.contains(&expression)
        {
            found.push(expression);
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

/// Every rule's counts across the repositories audited, the most failed
/// first (then the most skipped, then in the report's order).
pub(crate) fn rule_counts(entries: &[Entry]) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = rules()
        .iter()
        .map(|rule| RuleCount {
            id: rule.id,
            severity: rule.severity,
            failed: 0,
            passed: 0,
            skipped: 0,
        })
        .collect();
    for audited in entries.iter().filter_map(|e| e.outcome.as_ref().ok()) {
        for result in &audited.report.rules {
            let Some(count) = counts.iter_mut().find(|c| c.id == result.id) else {
                continue;
            };
            match result.status {
                Status::Pass => count.passed += 1,
                Status::Fail => count.failed += 1,
                Status::Skipped => count.skipped += 1,
            }
        }
    }
    // A stable sort keeps the report's order among equals.
    counts.sort_by(|a, b| b.failed.cmp(&a.failed).then(b.skipped.cmp(&a.skipped)));
    counts
}

/// How many repositories passed, failed, and could not be audited.
pub(crate) fn totals(lines: &[Line]) -> (usize, usize, usize) {
    let count = |status| lines.iter().filter(|l| l.status == status).count();
    (count("pass"), count("fail"), count("error"))
}

/// The summary in words.
pub(crate) fn text(entries: &[Entry], current: u32) -> String {
    let s = &t().scaffold;
    let f = &t().fleet;
    let lines = lines(entries, current);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        fill(f.summary_header, &[("count", &lines.len())])
    );
    let width = [s.word_ok, s.word_failed, f.word_error]
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    for line in &lines {
        let word = match line.status {
            "pass" => s.word_ok,
            "fail" => s.word_failed,
            _ => f.word_error,
        };
        let status = format!("{word:<width$}");
        let source = visible(&line.source, false);
        let text = match &line.error {
            Some(reason) => fill(
                f.summary_line_error,
                &[
                    ("status", &status),
                    ("source", &source),
                    ("reason", &visible(reason, false)),
                ],
            ),
            None => {
                let made = match (&line.onboard_version, line.templates) {
                    (Some(version), Some(templates)) => fill(
                        f.made_with,
                        &[
                            ("version", &visible(version, false)),
                            ("templates", &templates),
                        ],
                    ),
                    _ => f.made_unknown.to_string(),
                };
                let update = if line.update_available {
                    fill(f.update_available, &[("current", &current)])
                } else {
                    String::new()
                };
                let licence = line.licence.as_deref().unwrap_or(f.licence_none);
                let reuse = if line.reuse {
                    f.reuse_ok
                } else {
                    f.reuse_not_ok
                };
                fill(
                    f.summary_line,
                    &[
                        ("status", &status),
                        ("source", &source),
                        ("required_passed", &line.required.passed),
                        ("required_total", &line.required.total),
                        ("recommended_passed", &line.recommended.passed),
                        ("recommended_total", &line.recommended.total),
                        ("licence", &visible(licence, false)),
                        ("reuse", &reuse),
                        ("made", &made),
                        ("update", &update),
                    ],
                )
            }
        };
        let _ = writeln!(out, "  {text}");
    }
    let (passed, failed, errors) = totals(&lines);
    // With nothing audited, every rule would count zeros.
    let counts = if passed + failed > 0 {
        let _ = writeln!(out, "{}", f.rules_header);
        rule_counts(entries)
    } else {
        Vec::new()
    };
    for count in counts {
        let severity = match count.severity {
            Severity::Required => s.severity_required,
            Severity::Recommended => s.severity_recommended,
        };
        let text = fill(
            f.rule_count,
            &[
                ("rule", &count.id),
                ("severity", &severity),
                ("failed", &count.failed),
                ("passed", &count.passed),
                ("skipped", &count.skipped),
            ],
        );
        let _ = writeln!(out, "  {text}");
    }
    let _ = writeln!(
        out,
        "{}",
        fill(
            f.totals,
            &[
                ("count", &lines.len()),
                ("passed", &passed),
                ("failed", &failed),
                ("errors", &errors),
            ]
        )
    );
    out
}

/// The summary as JSON: the totals, the lines and the rules' counts.
pub(crate) fn json(entries: &[Entry], current: u32) -> Value {
    let lines = lines(entries, current);
    let (passed, failed, errors) = totals(&lines);
    serde_json::json!({
        "repositories": lines.len(),
        "passed": passed,
        "failed": failed,
        "errors": errors,
        "templates_current": current,
        "lines": lines,
        "rules": rule_counts(entries),
    })
}

/// The summary as CSV (RFC 4180, CRLF line ends): one row per repository,
/// fixed columns, then one column per rule (`pass`, `fail` or `skipped`;
/// empty when the repository could not be audited). The header's names are
/// the JSON keys, the same in every language, for scripts and spreadsheets.
pub(crate) fn csv(entries: &[Entry], current: u32) -> String {
    let rule_ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let mut out = String::new();
    let mut header: Vec<String> = [
        "source",
        "status",
        "required_passed",
        "required_total",
        "recommended_passed",
        "recommended_total",
        "licence",
        "reuse",
        "onboard_version",
        "templates",
        "update_available",
        "error",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(rule_ids.iter().map(|id| id.to_string()));
    push_row(&mut out, &header);
    for (entry, line) in entries.iter().zip(lines(entries, current)) {
        let number = |n: usize| n.to_string();
        let (required_passed, required_total, recommended_passed, recommended_total) =
            if line.error.is_some() {
                Default::default()
            } else {
                (
                    number(line.required.passed),
                    number(line.required.total),
                    number(line.recommended.passed),
                    number(line.recommended.total),
                )
            };
        let audited = line.error.is_none();
        let mut row = vec![
            line.source.clone(),
            line.status.to_string(),
            required_passed,
            required_total,
            recommended_passed,
            recommended_total,
            line.licence.clone().unwrap_or_default(),
            if audited {
                line.reuse.to_string()
            } else {
                String::new()
            },
            line.onboard_version.clone().unwrap_or_default(),
            line.templates.map(|n| n.to_string()).unwrap_or_default(),
            if audited {
                line.update_available.to_string()
            } else {
                String::new()
            },
            line.error.clone().unwrap_or_default(),
        ];
        let report = entry.outcome.as_ref().ok().map(|a| &a.report);
        row.extend(rule_ids.iter().map(|id| {
            let result = report.and_then(|r| r.rules.iter().find(|rule| rule.id == *id));
            match result.map(|r| r.status) {
                Some(Status::Pass) => "pass".to_string(),
                Some(Status::Fail) => "fail".to_string(),
                Some(Status::Skipped) => "skipped".to_string(),
                None => String::new(),
            }
        }));
        push_row(&mut out, &row);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells
        .iter()
        .map(|cell| crate::text::csv_cell(cell))
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}
