//! `onboard audit [PATH]`: the open-by-default rules (see [`crate::audit`])
//! on one repository, in words or JSON; exit 1 when a rule fails.

use std::fmt::Write as _;
use std::path::Path;

use console::Style;

use crate::audit::{self, Report};
use crate::cli::TextOrJson;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::output;

pub fn run(ctx: &Context, path: &Path, format: TextOrJson) -> Result<()> {
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
    let report = audit::audit(path);
    match format {
        TextOrJson::Json => {
            let json =
                serde_json::to_string_pretty(&report).map_err(|err| Error::msg(err.to_string()))?;
            output::print(&(json + "\n"))?;
        }
        TextOrJson::Text => output::print(&text(&report, ctx.colour))?,
    }
    if report.passed {
        return Ok(());
    }
    let failed = report.rules.iter().filter(|r| !r.passed).count();
    Err(Error::CheckFailed(fill(
        s.audit_failed,
        &[("count", &failed), ("path", &report.path)],
    )))
}

/// One line per rule, "OK" or "ÉCHEC" in words; colour only adds to it.
fn text(report: &Report, colour: bool) -> String {
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
    let width = s.word_ok.chars().count().max(s.word_failed.chars().count());
    for rule in &report.rules {
        let (plain, style) = if rule.passed {
            (s.word_ok, Style::new().green().bold())
        } else {
            (s.word_failed, Style::new().red().bold())
        };
        let pad = " ".repeat(width - plain.chars().count());
        let word = format!("{}{pad}", paint(style, plain));
        let line = fill(
            s.audit_rule,
            &[("rule", &rule.id), ("message", &rule.message)],
        );
        let _ = match &rule.fix {
            Some(fix) => writeln!(out, "{word} {line} {} {fix}", s.fix_prefix),
            None => writeln!(out, "{word} {line}"),
        };
    }
    let passed = report.rules.iter().filter(|r| r.passed).count();
    let _ = writeln!(
        out,
        "{}",
        fill(
            s.audit_summary,
            &[("passed", &passed), ("total", &report.rules.len())]
        )
    );
    out
}
