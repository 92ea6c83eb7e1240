//! `onboard steps list` and `onboard steps check [DIR]`.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::content::{self, Answer, Source};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::output;
use crate::text::visible;

pub fn list(ctx: &Context) -> Result<()> {
    let content = super::load_outline(ctx)?;
    let width = content
        .steps
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(2);
    let mut out = String::new();
    for (i, step) in content.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {:<width$}  {:<9}  {}  ({})",
            i + 1,
            step.id,
            step.kind.as_str(),
            visible(&step.title, false),
            fill(t().core.question_count, &[("count", &step.questions)]),
        );
    }
    output::print(&out)
}

/// Exit 0 when the content is valid, with its warnings if any; 1 on a
/// problem, or on a warning with `strict`.
pub fn check(ctx: &Context, dir: Option<PathBuf>, strict: bool) -> Result<()> {
    let core = &t().core;
    let source = match dir {
        Some(dir) => Source::Dir(dir),
        None => ctx.source.clone(),
    };
    let (label, result) = content::check_source(&source)?;
    match result {
        Ok(parsed) => {
            let langs: Vec<&str> = parsed.translations.keys().map(String::as_str).collect();
            let questions: usize = parsed.primary.steps.iter().map(|s| s.questions.len()).sum();
            let free = parsed
                .primary
                .steps
                .iter()
                .flat_map(|s| &s.questions)
                .filter(|q| matches!(q.answer, Answer::Accept(_)))
                .count();
            let mut out = String::new();
            for warning in &parsed.warnings {
                let _ = writeln!(out, "{warning}");
            }
            let warnings = parsed.warnings.len();
            if strict && warnings > 0 {
                output::print(&out)?;
                return Err(Error::CheckFailed(fill(
                    core.check_strict_failed,
                    &[("count", &warnings)],
                )));
            }
            out.push_str(&fill(
                core.check_ok,
                &[
                    ("dir", &label),
                    ("steps", &parsed.primary.steps.len()),
                    ("questions", &questions),
                    ("free", &free),
                ],
            ));
            out.push('\n');
            if warnings > 0 {
                out.push_str(&fill(core.check_warnings, &[("count", &warnings)]));
                out.push('\n');
            }
            if !langs.is_empty() {
                out.push_str(&fill(core.check_langs, &[("langs", &langs.join(", "))]));
                out.push('\n');
            }
            output::print(&out)
        }
        Err(problems) => {
            let mut out = String::new();
            for problem in &problems {
                let _ = writeln!(out, "{}", visible(&problem.to_string(), false));
            }
            output::print(&out)?;
            Err(Error::CheckFailed(fill(
                core.check_failed,
                &[("count", &problems.len())],
            )))
        }
    }
}
