//! `onboard report`: the recruit's journey, for a mentor, in Markdown or JSON.

use std::path::Path;

use jiff::Timestamp;

use crate::cli::MdOrJson;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::progress::{Progress, Recruit, Store};
use crate::report;

pub fn run(ctx: &Context, format: MdOrJson, output: Option<&Path>) -> Result<()> {
    let content = super::load_content(ctx)?;
    let store = ctx.store()?;
    let progress = store.load()?;
    let name = recruit_name(ctx, &store, &progress)?;
    let report = report::build(&content, &progress, name, Timestamp::now());
    let text = match format {
        MdOrJson::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        MdOrJson::Md => report::markdown(&report),
    };
    match output {
        None => crate::output::print(&text)?,
        Some(path) => {
            crate::files::write_atomic(path, text.as_bytes(), false)?;
            crate::output::println(&fill(t().core.report_written, &[("path", &path.display())]))?;
        }
    }
    Ok(())
}

/// The name stored in the progress file, else git's user.name, else asked once and stored.
fn recruit_name(ctx: &Context, store: &Store, progress: &Progress) -> Result<String> {
    if let Some(recruit) = &progress.recruit {
        return Ok(recruit.name.clone());
    }
    let from_git = git2::Config::open_default()
        .and_then(|c| c.get_string("user.name"))
        .ok()
        .filter(|n| !n.trim().is_empty());
    if let Some(name) = from_git {
        return Ok(name);
    }
    let not_empty = |s: &str| {
        if s.trim().is_empty() {
            Err(t().core.hint_empty_text.to_string())
        } else {
            Ok(())
        }
    };
    // The report may go to stdout: in plain mode the question goes to stderr.
    let mut ui = ctx.ui_beside_output();
    match ui.input(t().core.ask_name, None, &not_empty) {
        Ok(name) => {
            let stored = name.clone();
            store.update(|p| p.recruit = Some(Recruit { name: stored }))?;
            Ok(name)
        }
        // No one to ask: the report still comes, without a name.
        Err(Error::Interrupted(_)) => Ok(t().core.unknown_name.to_string()),
        Err(other) => Err(other),
    }
}
