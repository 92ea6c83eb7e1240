//! `onboard cohort`: the reports of a folder or a git repository read
//! together, against the content in use, in the format asked for.

use std::path::Path;

use jiff::Timestamp;

use crate::cli::{CohortArgs, CohortFormat};
use crate::cohort::{self, Current};
use crate::content::{self, Content};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::files::{self, OutputRules, Written};
use crate::i18n::{fill, t};
use crate::output;
use crate::progress::store::backup_path;
use crate::signature::{AllowedSigners, Problem};

/// The largest allowed_signers file read.
const SIGNERS_LIMIT: u64 = 1024 * 1024;

pub fn run(ctx: &Context, args: CohortArgs) -> Result<()> {
    let content = super::load_content(ctx)?;
    let current = Current::of(&content, content_id(&content));
    let signers = match &args.allowed_signers {
        Some(path) => Some(read_signers(path)?),
        None => None,
    };
    let dir = if content::is_git_source(&args.source) {
        content::fetch_git(&args.source, "cohort")?.0
    } else {
        Path::new(&args.source).to_path_buf()
    };
    let cohort = cohort::gather(
        &dir,
        &args.source,
        &current,
        signers.as_ref(),
        Timestamp::now(),
    )?;
    let text = match args.format {
        // Names and texts come from the reports: shown, never obeyed.
        CohortFormat::Text => crate::text::visible(&cohort::text(&cohort), true).into_owned(),
        CohortFormat::Markdown => {
            crate::text::visible(&cohort::markdown(&cohort), true).into_owned()
        }
        CohortFormat::Json => serde_json::to_string_pretty(&cohort).unwrap_or_default() + "\n",
        CohortFormat::Csv => cohort::csv(&cohort),
        CohortFormat::Html => cohort::html(&cohort),
    };
    let Some(path) = args.output.as_deref().filter(|p| *p != Path::new("-")) else {
        return output::print(&text);
    };
    let progress = ctx.progress_path().ok().map(Path::to_path_buf);
    let protected: Vec<std::path::PathBuf> = progress
        .iter()
        .flat_map(|p| [p.clone(), backup_path(p)])
        .collect();
    let protected: Vec<&Path> = protected.iter().map(|p| p.as_path()).collect();
    let rules = OutputRules {
        protected: &protected,
        ours: &cohort::written_by_onboard,
        force: args.force,
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
    output::println(&fill(t().cohort.written, &[("path", &path.display())]))
}

/// The id of the content in use (journey.toml's `id`), compared with the
/// reports' `content.id`. Content without an id is told apart by its steps:
/// a report is for other content when it has no step in common with it.
fn content_id(content: &Content) -> Option<String> {
    content.journey.id.clone()
}

/// The allowed_signers file; lines that cannot be read are said and left out.
fn read_signers(path: &Path) -> Result<AllowedSigners> {
    let core = &t().core;
    let c = &t().cohort;
    let unreadable = |err| Error::file(core.cannot_read, path, err, c.hint_signers);
    let file = match files::open_regular(path, true) {
        Ok(file) => file,
        Err(files::Refused::Io(err)) => return Err(unreadable(err)),
        Err(files::Refused::NotRegular) => {
            return Err(unreadable(std::io::Error::from(
                std::io::ErrorKind::InvalidInput,
            )));
        }
    };
    let bytes = files::read_capped(file, SIGNERS_LIMIT)
        .map_err(unreadable)?
        .ok_or_else(|| unreadable(std::io::Error::from(std::io::ErrorKind::FileTooLarge)))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| unreadable(std::io::Error::from(std::io::ErrorKind::InvalidData)))?;
    let (signers, problems) = AllowedSigners::parse(&text);
    let shown = path.display().to_string();
    for problem in problems {
        let what = match &problem.what {
            Problem::NoKey => c.signers_no_key.to_string(),
            Problem::BadKey => c.signers_bad_key.to_string(),
            Problem::BadOption(option) => fill(c.signers_bad_option, &[("option", option)]),
            Problem::BadTime(option) => fill(c.signers_bad_time, &[("option", option)]),
        };
        let line = fill(
            c.signers_line,
            &[
                ("path", &shown),
                ("line", &problem.line),
                ("problem", &what),
            ],
        );
        output::eprintln(&crate::text::visible(&line, false));
    }
    if signers.is_empty() {
        output::eprintln(&crate::text::visible(
            &fill(c.signers_empty, &[("path", &shown)]),
            false,
        ));
    }
    Ok(signers)
}
