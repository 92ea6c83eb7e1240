//! `onboard doctor [--format text|json]`: checks the setup, and says what
//! fixes each problem. Exit 0 when all is well, 1 otherwise. Never prompts,
//! and writes nothing but a temporary file in the cache (to see whether it
//! can be written).

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde::Serialize;

use crate::cli::TextOrJson;
use crate::context::Context;
use crate::doctor::{self, CacheFacts, ContentFacts, GitFacts, Platform, Problem, ProgressFacts};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

#[derive(Serialize)]
struct Report {
    ok: bool,
    platform: Platform,
    terminal: TerminalFacts,
    progress: ProgressFacts,
    content: ContentFacts,
    cache: CacheFacts,
    git: GitFacts,
    /// Every problem above, in order, for whoever reads only this.
    problems: Vec<Problem>,
}

#[derive(Serialize)]
struct TerminalFacts {
    stdin_terminal: bool,
    stdout_terminal: bool,
    /// Columns and rows, when standard output is a terminal.
    width: Option<u16>,
    height: Option<u16>,
    colour: bool,
    plain: bool,
    /// Why plain mode is chosen: `option`, `term_dumb`,
    /// `stdin_not_terminal`, `stdout_not_terminal`.
    plain_reasons: Vec<&'static str>,
    problems: Vec<Problem>,
}

fn terminal(ctx: &Context) -> TerminalFacts {
    let d = &t().core;
    let stdin_terminal = std::io::stdin().is_terminal();
    let stdout_terminal = std::io::stdout().is_terminal();
    let size = console::Term::stdout().size_checked();
    let mut reasons = Vec::new();
    if ctx.plain_asked {
        reasons.push("option");
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        reasons.push("term_dumb");
    }
    if !stdin_terminal {
        reasons.push("stdin_not_terminal");
    }
    if !stdout_terminal {
        reasons.push("stdout_not_terminal");
    }
    let mut problems = Vec::new();
    // Plain mode on purpose (a screen reader, a script) is a choice, not a
    // problem; plain mode only because nothing is a terminal may be one.
    if !reasons.contains(&"option") && !reasons.contains(&"term_dumb") && !reasons.is_empty() {
        problems.push(Problem::new(
            "not_a_terminal",
            d.doctor_not_a_terminal.to_string(),
            d.doctor_fix_not_a_terminal.to_string(),
        ));
    }
    TerminalFacts {
        stdin_terminal,
        stdout_terminal,
        width: size.map(|(_, cols)| cols),
        height: size.map(|(rows, _)| rows),
        colour: ctx.colour,
        plain: ctx.plain,
        plain_reasons: reasons,
        problems,
    }
}

pub fn run(ctx: &Context, format: TextOrJson) -> Result<()> {
    let terminal = terminal(ctx);
    let progress = doctor::progress(ctx.progress_path().ok());
    let content = doctor::content(&ctx.source);
    let cache = doctor::cache(ctx.cache.as_deref());
    let git = doctor::git();
    let problems: Vec<Problem> = [
        &terminal.problems,
        &progress.problems,
        &content.problems,
        &cache.problems,
        &git.problems,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let report = Report {
        ok: problems.is_empty(),
        platform: doctor::platform(),
        terminal,
        progress,
        content,
        cache,
        git,
        problems,
    };
    match format {
        TextOrJson::Json => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            crate::output::print(&(json + "\n"))?;
        }
        TextOrJson::Text => crate::output::print(&text(&report))?,
    }
    if report.ok {
        Ok(())
    } else {
        Err(Error::CheckFailed(fill(
            t().core.doctor_failed,
            &[("count", &report.problems.len())],
        )))
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        t().core.doctor_yes
    } else {
        t().core.doctor_no
    }
}

/// "label: value", with the language's typography.
fn pair(label: &str, value: &dyn std::fmt::Display) -> String {
    fill(t().core.doctor_pair, &[("label", &label), ("value", value)])
}

/// One section: its title, then one fact a line.
fn section(out: &mut String, title: &str, facts: &[String]) {
    let _ = writeln!(out, "\n{title}");
    for fact in facts {
        let _ = writeln!(out, "  {fact}");
    }
}

fn text(report: &Report) -> String {
    let d = &t().core;
    let unknown = d.doctor_unknown;
    let opt = |value: &Option<String>| value.clone().unwrap_or_else(|| unknown.to_string());
    let mut out = fill(
        d.doctor_version,
        &[
            ("version", &report.platform.version),
            ("os", &report.platform.os),
            ("arch", &report.platform.arch),
        ],
    );
    out.push('\n');

    let term = &report.terminal;
    let reasons: Vec<&str> = term
        .plain_reasons
        .iter()
        .map(|reason| match *reason {
            "option" => d.doctor_reason_option,
            "term_dumb" => d.doctor_reason_dumb,
            "stdin_not_terminal" => d.doctor_reason_stdin,
            _ => d.doctor_reason_stdout,
        })
        .collect();
    let size = match (term.width, term.height) {
        (Some(w), Some(h)) => fill(d.doctor_size_value, &[("width", &w), ("height", &h)]),
        _ => unknown.to_string(),
    };
    let plain = if term.plain {
        format!("{} ({})", d.doctor_yes, reasons.join(", "))
    } else {
        d.doctor_no.to_string()
    };
    section(
        &mut out,
        d.doctor_section_terminal,
        &[
            pair(
                d.doctor_interactive,
                &yes_no(term.stdin_terminal && term.stdout_terminal),
            ),
            pair(d.doctor_size, &size),
            pair(d.doctor_colour, &yes_no(term.colour)),
            pair(d.doctor_plain, &plain),
        ],
    );

    let p = &report.progress;
    section(
        &mut out,
        d.doctor_section_progress,
        &[
            pair(d.doctor_path, &opt(&p.path)),
            pair(d.doctor_exists, &yes_no(p.exists)),
            pair(d.doctor_readable, &yes_no(p.readable)),
            pair(d.doctor_locked, &yes_no(p.locked)),
            pair(d.doctor_damaged, &yes_no(p.damaged)),
            pair(
                d.doctor_schema,
                &p.schema
                    .map_or_else(|| unknown.to_string(), |s| s.to_string()),
            ),
            pair(d.doctor_backup, &yes_no(p.backup)),
        ],
    );

    let c = &report.content;
    let kind = match c.source {
        "embedded" => d.doctor_source_embedded,
        "directory" => d.doctor_source_directory,
        _ => d.doctor_source_git,
    };
    section(
        &mut out,
        d.doctor_section_content,
        &[
            pair(d.doctor_source, &kind),
            pair(d.doctor_location, &c.location),
            pair(d.doctor_valid, &yes_no(c.valid)),
            pair(d.doctor_commit, &opt(&c.commit)),
        ],
    );

    let cache = &report.cache;
    section(
        &mut out,
        d.doctor_section_cache,
        &[
            pair(d.doctor_path, &opt(&cache.path)),
            pair(
                d.doctor_size,
                &fill(d.doctor_bytes, &[("size", &cache.size)]),
            ),
            pair(d.doctor_writable, &yes_no(cache.writable)),
        ],
    );

    let git = &report.git;
    section(
        &mut out,
        d.doctor_section_git,
        &[
            pair("user.name", &opt(&git.user_name)),
            pair("user.email", &opt(&git.user_email)),
        ],
    );

    out.push('\n');
    if report.problems.is_empty() {
        out.push_str(d.doctor_all_good);
        out.push('\n');
    } else {
        out.push_str(&fill(
            d.doctor_problems,
            &[("count", &report.problems.len())],
        ));
        out.push('\n');
        for problem in &report.problems {
            let _ = writeln!(out, "\n- {}", problem.message);
            let _ = writeln!(out, "  {}", pair(d.doctor_fix, &problem.fix));
        }
    }
    out
}
