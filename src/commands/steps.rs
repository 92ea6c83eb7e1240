//! `onboard steps list` and `onboard steps check [DIR]`.

use std::fmt::Write as _;
use std::path::Path;

use crate::content::{self, Answer};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

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
            step.title,
            fill(t().core.question_count, &[("count", &step.questions)]),
        );
    }
    crate::util::print(&out)
}

pub fn check(ctx: &Context, dir: Option<&Path>) -> Result<()> {
    let core = &t().core;
    let result = match (dir, ctx.global.steps.as_deref()) {
        (Some(dir), _) => content::check_dir(dir).map(|p| (p, dir.display().to_string())),
        (None, Some(source)) if content::is_git_source(source) => {
            let (dir, origin) = content::fetch_git(source)?;
            content::check_dir(&dir).map(|p| (p, origin.describe()))
        }
        (None, Some(dir)) => content::check_dir(Path::new(dir)).map(|p| (p, dir.to_string())),
        (None, None) => {
            content::check_files(&content::embedded_files(), "steps").map(|p| (p, "steps".into()))
        }
    };
    match result {
        Ok((parsed, label)) => {
            let langs: Vec<&str> = parsed.translations.keys().map(String::as_str).collect();
            let questions: usize = parsed.primary.steps.iter().map(|s| s.questions.len()).sum();
            let free = parsed
                .primary
                .steps
                .iter()
                .flat_map(|s| &s.questions)
                .filter(|q| matches!(q.answer, Answer::Accept(_)))
                .count();
            println!(
                "{}",
                fill(
                    core.check_ok,
                    &[
                        ("dir", &label),
                        ("steps", &parsed.primary.steps.len()),
                        ("questions", &questions),
                        ("free", &free),
                    ]
                )
            );
            if !langs.is_empty() {
                println!(
                    "{}",
                    fill(core.check_langs, &[("langs", &langs.join(", "))])
                );
            }
            Ok(())
        }
        Err(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            Err(Error::CheckFailed(fill(
                core.check_failed,
                &[("count", &problems.len())],
            )))
        }
    }
}
