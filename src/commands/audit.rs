//! `onboard audit [PATH...] [--from FILE]`: the open-by-default rules (see
//! [`crate::audit`]) on one repository, in words, JSON or SARIF; exit 1
//! when a required rule fails (any rule with `--strict`). With `--fix`, the
//! missing files are created first (see [`crate::scaffold::fix`]). With
//! several repositories, each is audited on a worker thread, then comes a
//! summary (also as CSV); exit 1 when one fails or cannot be audited.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use console::Style;

use crate::audit::fleet;
use crate::audit::{self, Report, Severity, Status};
use crate::cli::{AnswerArgs, AuditFormat};
use crate::content;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::interview;
use crate::output;
use crate::policy::licences;
use crate::scaffold::answers::{self, forge_from_url};
use crate::scaffold::fix::{self as fixing, Change, HasLicence};
use crate::scaffold::{git, render};
use crate::text::visible;

mod many;

/// What `onboard audit` was asked.
pub struct Asked {
    pub format: AuditFormat,
    pub strict: bool,
    pub fix: bool,
    pub dry_run: bool,
    /// `--reuse-tool`: REUSE as `reuse lint` judges it.
    pub reuse_tool: bool,
    pub answers: AnswerArgs,
}

/// `onboard audit`: one folder as before, or several repositories (more
/// than one PATH, a git address, `--from`, or `--format csv`) with a summary.
pub fn run(ctx: &Context, paths: Vec<PathBuf>, from: Option<&Path>, asked: Asked) -> Result<()> {
    // One folder keeps the output it always had; one git address is
    // cloned and audited like the repositories of a list.
    let one_folder = match paths.as_slice() {
        [] => true,
        [path] => !content::is_git_source(&path.display().to_string()),
        _ => false,
    };
    if from.is_none() && one_folder && asked.format != AuditFormat::Csv {
        let path = paths
            .into_iter()
            .next()
            .unwrap_or_else(|| PathBuf::from("."));
        return run_one(ctx, &path, asked);
    }
    if asked.fix {
        return Err(Error::msg(t().fleet.fix_one_at_a_time));
    }
    let mut sources: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    if let Some(from) = from {
        let listed = fleet::listed(&many::read_list(from)?);
        if listed.is_empty() && sources.is_empty() {
            return Err(Error::msg(fill(
                t().fleet.from_empty,
                &[("path", &visible(&from.display().to_string(), false))],
            )));
        }
        sources.extend(listed);
    }
    if sources.is_empty() {
        sources.push(".".to_string());
    }
    many::run(ctx, fleet::without_repeats(sources), &asked)
}

fn run_one(ctx: &Context, path: &Path, asked: Asked) -> Result<()> {
    let s = &t().scaffold;
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::msg(fill(
                s.audit_not_a_dir,
                &[("path", &path.display())],
            )));
        }
        Err(err) => {
            return Err(Error::file(
                s.audit_cannot_open,
                path,
                err,
                s.hint_audit_path,
            ));
        }
    }
    if asked.fix {
        let Some(written) = fix(ctx, path, asked.answers, asked.dry_run)? else {
            return Ok(());
        };
        let report = audit::audit(path, asked.strict);
        output::print(&text(&report, ctx.colour))?;
        git_add(&written)?;
        return verdict(&report);
    }
    let report = if asked.reuse_tool {
        audit::audit_with_reuse_lint(path, asked.strict, reuse_lint(path)?)
    } else {
        audit::audit(path, asked.strict)
    };
    match asked.format {
        AuditFormat::Json => print_json(&report)?,
        AuditFormat::Sarif => print_json(&audit::sarif::log(&report, path))?,
        AuditFormat::Text | AuditFormat::Csv => output::print(&text(&report, ctx.colour))?,
    }
    verdict(&report)
}

/// Runs `reuse lint --json` (found on PATH) on `path`: whether the
/// reference tool finds the repository REUSE-compliant.
fn reuse_lint(path: &Path) -> Result<bool> {
    let s = &t().scaffold;
    let out = std::process::Command::new("reuse")
        .arg("--root")
        .arg(path)
        .args(["lint", "--json"])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|err| Error::msg(fill(s.reuse_tool_missing, &[("error", &err)])))?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| {
        let said = String::from_utf8_lossy(&out.stderr);
        let said: String = said.trim().chars().take(300).collect();
        Error::msg(fill(s.reuse_tool_failed, &[("error", &said)]))
    })?;
    json.pointer("/summary/compliant")
        .and_then(serde_json::Value::as_bool)
        .ok_or_else(|| {
            Error::msg(fill(
                s.reuse_tool_failed,
                &[("error", &"summary.compliant")],
            ))
        })
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let json = serde_json::to_string_pretty(value).map_err(|err| Error::msg(err.to_string()))?;
    output::print(&(json + "\n"))
}

/// Exit 0, or 1 with a message that counts what fails the audit.
fn verdict(report: &Report) -> Result<()> {
    if report.passed {
        return Ok(());
    }
    let s = &t().scaffold;
    let template = if report.strict {
        s.audit_failed_strict
    } else {
        s.audit_failed
    };
    let count = report.counted().count();
    Err(Error::CheckFailed(fill(
        template,
        &[("count", &count), ("path", &report.path)],
    )))
}

/// One line per rule: its verdict and its severity in words (colour only
/// adds to them), then a summary.
pub fn text(report: &Report, colour: bool) -> String {
    let s = &t().scaffold;
    let mut out = String::new();
    let _ = writeln!(out, "{}", fill(s.audit_header, &[("path", &report.path)]));
    let paint = |style: Style, word: &str| {
        if colour {
            style.apply_to(word).to_string()
        } else {
            word.to_string()
        }
    };
    let width = [s.word_ok, s.word_failed, s.word_skipped]
        .iter()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    for rule in &report.rules {
        let (plain, style) = match rule.status {
            Status::Pass => (s.word_ok, Style::new().green().bold()),
            Status::Fail if rule.counts(report.strict) => {
                (s.word_failed, Style::new().red().bold())
            }
            Status::Fail => (s.word_failed, Style::new().yellow().bold()),
            Status::Skipped => (s.word_skipped, Style::new().dim()),
        };
        let pad = " ".repeat(width.saturating_sub(plain.chars().count()));
        let word = format!("{}{pad}", paint(style, plain));
        let severity = match rule.severity {
            Severity::Required => s.severity_required,
            Severity::Recommended => s.severity_recommended,
        };
        let line = fill(
            s.audit_rule_severity,
            &[
                ("rule", &rule.id),
                ("severity", &severity),
                ("message", &visible(&rule.message, false)),
            ],
        );
        let _ = match &rule.fix {
            Some(fix) => writeln!(
                out,
                "{word} {line} {} {}",
                s.fix_prefix,
                visible(fix, false)
            ),
            None => writeln!(out, "{word} {line}"),
        };
    }
    let summary = &report.summary;
    let _ = writeln!(
        out,
        "{}",
        fill(
            s.audit_summary,
            &[("passed", &summary.passed), ("total", &summary.total)]
        )
    );
    if summary.passed < summary.total {
        let _ = writeln!(
            out,
            "{}",
            fill(
                s.audit_summary_detail,
                &[
                    ("required", &summary.failed_required),
                    ("recommended", &summary.failed_recommended),
                    ("skipped", &summary.skipped),
                ]
            )
        );
    }
    if summary.failed_recommended > 0 && !report.strict {
        let _ = writeln!(out, "{}", s.audit_recommended_note);
    }
    out
}

/// `--fix`: what the repository says, then the options, then (unless
/// `--yes`) questions for the rest; the plan; the files. `None` when
/// nothing was to be written (or `--dry-run`, or a "no"), else the paths
/// written, for `git add`.
fn fix(ctx: &Context, path: &Path, args: AnswerArgs, dry_run: bool) -> Result<Option<Vec<String>>> {
    let s = &t().scaffold;
    let options = super::scaffold::answer_options(args, path.to_path_buf());
    let yes = options.yes;
    let mut given = answers::check_options(&options)?;
    let known = fixing::known(path);
    // The repository's licence is kept: the new files name it.
    match &known.licence {
        HasLicence::Allowed(licence, source) => {
            if let Some(asked) = given.licence
                && asked != *licence
            {
                return Err(Error::msg(fill(
                    s.fix_licence_conflict,
                    &[("id", &licence.id), ("file", source), ("asked", &asked.id)],
                )));
            }
            given.licence = Some(licence);
        }
        HasLicence::Other(source) if given.licence.is_none() && yes && !dry_run => {
            return Err(Error::msg(fill(s.fix_licence_other, &[("file", source)])));
        }
        HasLicence::Other(_) | HasLicence::None => {}
    }
    let from_repo = known.given;
    given.name = given.name.or(from_repo.name);
    given.description = given.description.or(from_repo.description);
    given.organisation = given.organisation.or(from_repo.organisation);
    given.organisation_url = given.organisation_url.or(from_repo.organisation_url);
    given.contact = given.contact.or(from_repo.contact);
    given.repository_url = given.repository_url.or(from_repo.repository_url);
    given.forge = given
        .forge
        .or(from_repo.forge)
        .or_else(|| fixing::forge_of(path, given.repository_url.as_deref()));
    let report = audit::audit(path, false);
    let forge = given
        .forge
        .unwrap_or_else(|| forge_from_url(given.repository_url.as_deref()));
    let licence = given.licence.unwrap_or_else(licences::default_licence);
    let plan = fixing::plan(path, &report, forge, licence);
    if plan.changes.is_empty() || dry_run {
        output::print(&describe_plan(path, &plan))?;
        let note = if plan.changes.is_empty() {
            s.fix_nothing
        } else {
            s.fix_dry_run_note
        };
        output::println(note)?;
        return Ok(None);
    }
    let mut ui = ctx.ui();
    let answers = if yes {
        answers::with_defaults(given, known.default_name)?
    } else {
        if let HasLicence::Allowed(licence, source) = &known.licence {
            ui.note(&fill(
                s.fix_licence_kept,
                &[("id", &licence.id), ("file", source)],
            ));
        }
        interview::scaffold_answers(given, known.default_name, ui.as_mut())?
    };
    // The questions may have chosen another forge or licence: plan again.
    let plan = fixing::plan(path, &report, answers.forge, answers.licence);
    output::print(&describe_plan(path, &plan))?;
    if !yes && !ui.confirm(s.fix_confirm, true)? {
        ui.note(s.fix_cancelled);
        return Ok(None);
    }
    let maintainer = git::configured().map(|i| i.name);
    let year = crate::scaffold::current_year();
    let rendered = render::render(&answers, maintainer.as_deref(), year)?;
    let written = fixing::apply(path, &plan, &rendered)?;
    Ok(Some(written))
}

/// The plan in words: one line per change, then what `--fix` leaves to do.
fn describe_plan(path: &Path, plan: &fixing::Plan) -> String {
    let s = &t().scaffold;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        fill(
            s.fix_plan_header,
            &[("path", &path.display()), ("count", &plan.changes.len())]
        )
    );
    for change in &plan.changes {
        let line = match change {
            Change::Create(file) => fill(s.fix_change_create, &[("file", file)]),
            Change::LicenceText(id) => fill(
                s.fix_change_licence,
                &[("file", &change.path()), ("id", id)],
            ),
            Change::Annotate(files) => {
                let shown: Vec<&str> = files.iter().take(10).map(String::as_str).collect();
                fill(
                    s.fix_change_annotate,
                    &[("count", &files.len()), ("files", &shown.join(", "))],
                )
            }
        };
        let _ = writeln!(out, "  {line}");
    }
    for note in &plan.cannot {
        let _ = writeln!(out, "  {} {note}", s.fix_cannot_prefix);
    }
    out
}

/// The `git add` to review: --fix never commits.
fn git_add(written: &[String]) -> Result<()> {
    if written.is_empty() {
        return Ok(());
    }
    let quoted: Vec<String> = written
        .iter()
        .map(|p| {
            if p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
            {
                p.clone()
            } else {
                format!("'{}'", p.replace('\'', "'\\''"))
            }
        })
        .collect();
    let command = format!("git add -- {}", quoted.join(" "));
    output::println(&fill(t().scaffold.fix_git_add, &[("command", &command)]))
}
