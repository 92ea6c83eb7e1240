//! `onboard report`: the recruit's journey, for a mentor, in Markdown or
//! JSON; the recruit chooses whether it holds the reflections, is told what
//! it holds, and may sign it with an SSH key.

use std::path::Path;

use jiff::Timestamp;
use zeroize::Zeroizing;

use crate::cli::MdOrJson;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::files::{self, OutputRules, Written};
use crate::i18n::{fill, t};
use crate::output;
use crate::progress::store::backup_path;
use crate::progress::{Progress, Recruit, Store};
use crate::report::{self, Report};
use crate::signature::{self, Key};
use crate::ui::Ui;

/// Ends every Markdown report: invisible once rendered, it tells a later
/// `--output` that onboard wrote this file and may replace it.
const MARKDOWN_MARK: &str = "<!-- onboard report -->\n";

/// What `onboard report` was asked.
pub struct Asked<'a> {
    pub format: MdOrJson,
    pub output: Option<&'a Path>,
    pub force: bool,
    /// `--reflections` (true), `--no-reflections` (false), or ask (`None`).
    pub reflections: Option<bool>,
    /// `--sign` (`Some(None)`: the default key), `--sign KEY`, or no signature.
    pub sign: Option<Option<&'a Path>>,
}

pub fn run(ctx: &Context, asked: Asked) -> Result<()> {
    let to_file = asked.output.filter(|path| *path != Path::new("-"));
    if asked.sign.is_some() && to_file.is_none() {
        return Err(Error::msg(t().report.sign_needs_file));
    }
    let content = super::load_content(ctx)?;
    let store = ctx.store()?;
    let progress = store.load()?;
    // The report may go to stdout: in plain mode the questions go to stderr.
    let mut ui = ctx.ui_beside_output();
    let name = recruit_name(ui.as_mut(), &store, &progress)?;
    let mut report = report::build(&content, &progress, name, Timestamp::now());
    let include = match asked.reflections {
        Some(choice) => choice,
        None if report.has_reflections() => ask_reflections(ui.as_mut())?,
        None => true,
    };
    if !include {
        report = report.without_reflections();
    }
    say_what_it_holds(&report);
    let text = match asked.format {
        MdOrJson::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        // Names, titles and answers come from outside the binary: shown,
        // never obeyed, by a terminal that prints the report.
        MdOrJson::Md => {
            crate::text::visible(&report::markdown(&report), true).into_owned()
                + "\n"
                + MARKDOWN_MARK
        }
    };
    let Some(path) = to_file else {
        return crate::output::print(&text);
    };
    // Signed before anything is written: a key that fails leaves no report
    // without its signature.
    let signed = match asked.sign {
        Some(key) => {
            let key = key.map_or_else(signature::default_key, Key::from_path);
            let mut ask = |path: &Path| ask_passphrase(ctx, path);
            Some(signature::sign(&key, text.as_bytes(), &mut ask)?)
        }
        None => None,
    };
    let progress_path = store.path().to_path_buf();
    let protected = [progress_path.as_path(), &backup_path(&progress_path)];
    let rules = OutputRules {
        protected: &protected,
        ours: &written_by_onboard,
        force: asked.force,
    };
    write(path, text.as_bytes(), &rules)?;
    output::println(&fill(t().core.report_written, &[("path", &path.display())]))?;
    if let Some(signed) = signed {
        let sig_path = files::with_suffix(path, ".sig");
        let rules = OutputRules {
            ours: &signature::is_armored,
            ..rules
        };
        write(&sig_path, signed.as_bytes(), &rules)?;
        output::println(&fill(
            t().report.signature_written,
            &[("path", &sig_path.display())],
        ))?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8], rules: &OutputRules) -> Result<()> {
    if let Written::File {
        backup: Some(backup),
    } = files::write_output(path, bytes, rules)?
    {
        output::println(&fill(
            t().core.output_backup,
            &[("path", &backup.display())],
        ))?;
    }
    Ok(())
}

/// Asks whether the reflections go in the report: no one to answer (end
/// of input) means no.
fn ask_reflections(ui: &mut dyn Ui) -> Result<bool> {
    match ui.confirm(t().report.ask_reflections, false) {
        Ok(choice) => Ok(choice),
        Err(Error::Interrupted(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Tells the recruit, on stderr, what the report holds and that it stays here.
fn say_what_it_holds(report: &Report) {
    let texts = &t().report;
    let reflections = if !report.includes_reflections {
        texts.contents_without_reflections
    } else if report.has_reflections() {
        texts.contents_with_reflections
    } else {
        texts.contents_no_reflection
    };
    let name = crate::text::visible(&report.recruit, false);
    output::eprintln(&fill(
        texts.contents,
        &[("name", &name), ("reflections", &reflections)],
    ));
    output::eprintln(texts.stays_here);
}

/// The passphrase of an encrypted key, asked in the terminal without echo;
/// `None` in plain mode, where it could only be read as visible text.
fn ask_passphrase(ctx: &Context, path: &Path) -> Result<Option<Zeroizing<String>>> {
    if ctx.plain {
        return Ok(None);
    }
    let prompt = fill(t().report.ask_passphrase, &[("path", &path.display())]);
    dialoguer::Password::new()
        .with_prompt(prompt)
        .allow_empty_password(true)
        .interact()
        .map(|secret| Some(Zeroizing::new(secret)))
        .map_err(|_| Error::Interrupted(t().core.interrupted.to_string()))
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
fn recruit_name(ui: &mut dyn Ui, store: &Store, progress: &Progress) -> Result<String> {
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
