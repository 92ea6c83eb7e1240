//! `onboard report`: the recruit's journey, for a mentor, in Markdown or JSON.

use std::path::Path;

use jiff::Timestamp;

use crate::cli::MdOrJson;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::files::{self, OutputRules, Written};
use crate::i18n::{fill, t};
use crate::output;
use crate::progress::store::backup_path;
use crate::progress::{Progress, Recruit, Store};
use crate::report;

/// Ends every Markdown report: invisible once rendered, it tells a later
/// `--output` that onboard wrote this file and may replace it.
const MARKDOWN_MARK: &str = "<!-- onboard report -->\n";

pub fn run(ctx: &Context, format: MdOrJson, output: Option<&Path>, force: bool) -> Result<()> {
    let content = super::load_content(ctx)?;
    let store = ctx.store()?;
    let progress = store.load()?;
    let name = recruit_name(ctx, &store, &progress)?;
    let report = report::build(&content, &progress, name, Timestamp::now());
    let text = match format {
        MdOrJson::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        // Names, titles and answers come from outside the binary: shown,
        // never obeyed, by a terminal that prints the report.
        MdOrJson::Md => {
            crate::text::visible(&report::markdown(&report), true).into_owned()
                + "\n"
                + MARKDOWN_MARK
        }
    };
    let Some(path) = output.filter(|path| *path != Path::new("-")) else {
        return crate::output::print(&text);
    };
    let progress_path = store.path().to_path_buf();
    let protected = [progress_path.as_path(), &backup_path(&progress_path)];
    let rules = OutputRules {
        protected: &protected,
        ours: &written_by_onboard,
        force,
    };
    let written = files::write_output(path, text.as_bytes(), &rules)?;
    if let Written::File {
        backup: Some(backup),
    } = written
    {
        output::println(&fill(
            t().core.output_backup,
            &[("path", &backup.display())],
        ))?;
    }
    output::println(&fill(t().core.report_written, &[("path", &path.display())]))
}

/// Whether an existing file is a report that onboard wrote, in either format.
fn written_by_onboard(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    text.ends_with(MARKDOWN_MARK)
        || serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|json| json.get("report_version").is_some() && json.get("steps").is_some())
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
            // The report needs no write: a name that cannot be kept (a
            // read-only data directory) is said, and the report still comes.
            if let Err(err) = store.update(|p| p.recruit = Some(Recruit { name: stored })) {
                output::eprintln(&fill(t().core.name_not_saved, &[("error", &err)]));
            }
            Ok(name)
        }
        // No one to ask: the report still comes, without a name.
        Err(Error::Interrupted(_)) => Ok(t().core.unknown_name.to_string()),
        Err(other) => Err(other),
    }
}
