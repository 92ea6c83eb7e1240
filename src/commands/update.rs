//! `onboard update [PATH]`: the answers (recorded, else asked as scaffold
//! asks them), the base, the plan; then, unless `--dry-run`, the update
//! (see [`crate::update`]) and what to do next.

use std::fmt::Write as _;

use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::interview;
use crate::policy::validate;
use crate::scaffold::answers::{self, Answers};
use crate::scaffold::render::Inputs;
use crate::scaffold::source::Templates;
use crate::ui::Ui;
use crate::update::base::Found;
use crate::update::merge::Status;
use crate::update::{self, Plan};

pub fn run(ctx: &Context, args: UpdateArgs) -> Result<()> {
    update(ctx, &args).map_err(|err| match err {
        Error::Interrupted(_) => Error::Interrupted(t().update.interrupted.to_string()),
        other => other,
    })
}

fn update(ctx: &Context, args: &UpdateArgs) -> Result<()> {
    let s = &t().update;
    let author = match &args.author {
        Some(value) => Some(validate::author(value).map_err(|hint| {
            Error::msg(fill(
                t().scaffold.bad_option,
                &[("option", &"--author"), ("hint", &hint)],
            ))
        })?),
        None => None,
    };
    let templates = ctx.templates()?;
    let repo = update::open(&args.path)?;
    let recorded = update::recorded(&repo)?;
    let base = update::base(&repo, args.base.as_deref(), &recorded)?;
    let mut ui = ctx.ui();
    let answers = answers(&repo, &recorded, args.yes, ui.as_mut())?;
    let extra = interview::template_answers(
        templates.questions(),
        &recorded.extra,
        args.yes,
        ui.as_mut(),
    )?;
    let inputs = Inputs {
        answers: &answers,
        maintainer: base.maintainer.as_deref(),
        year: base.year,
        extra: &extra,
    };
    let mut plan = update::plan(&repo, &templates, &inputs, &base, &recorded)?;
    let shown = args.path.display().to_string();
    if plan.nothing_to_do() {
        ui.verdict(
            true,
            &fill(
                s.nothing_to_do,
                &[("path", &shown), ("version", &templates.version())],
            ),
        );
        return Ok(());
    }
    crate::output::print(&plan_text(&shown, &plan, &base, &templates))?;
    if args.dry_run {
        ui.note(s.dry_run_done);
        return Ok(());
    }
    let identity = match author {
        Some((name, email)) => crate::scaffold::git::Identity { name, email },
        None => match repo.git.signature() {
            Ok(sig) if sig.name().is_ok() && sig.email().is_ok() => {
                crate::scaffold::git::Identity {
                    name: sig.name().unwrap_or_default().to_string(),
                    email: sig.email().unwrap_or_default().to_string(),
                }
            }
            _ => interview::identity(None, args.yes, ui.as_mut())?,
        },
    };
    let signature =
        git2::Signature::now(&identity.name, &identity.email).map_err(update::write::git_error)?;
    let applied = update::apply(
        &repo,
        &templates,
        &inputs,
        &base,
        &mut plan,
        &signature,
        args.commit,
    )?;
    report(ui.as_mut(), &plan, &applied, args.commit)
}

/// The recorded answers; a missing one is asked as scaffold asks it (or,
/// with `--yes`, defaulted as scaffold defaults it).
fn answers(
    repo: &update::Repo,
    recorded: &update::record::Recorded,
    yes: bool,
    ui: &mut dyn Ui,
) -> Result<Answers> {
    let given = &recorded.given;
    let copy = answers::Given {
        name: given.name.clone(),
        description: given.description.clone(),
        licence: given.licence,
        forge: given.forge,
        organisation: given.organisation.clone(),
        organisation_url: given.organisation_url.clone(),
        contact: given.contact.clone(),
        repository_url: given.repository_url.clone(),
        author: None,
    };
    let default_name = repo
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let complete = given.name.is_some()
        && given.description.is_some()
        && given.licence.is_some()
        && given.forge.is_some()
        && given.contact.is_some()
        && given.repository_url.is_some();
    if complete || yes {
        answers::with_defaults(copy, default_name)
    } else {
        interview::scaffold_answers(copy, default_name, ui)
    }
}

/// The plan, one line per file, and what the templates changed since the
/// repository's version: the same text with `--dry-run` and without.
fn plan_text(shown: &str, plan: &Plan, base: &update::Base, templates: &Templates) -> String {
    let s = &t().update;
    let how = match base.found {
        Found::Given => s.base_given,
        Found::Recorded => s.base_recorded,
        Found::Render => s.base_render,
        Found::FirstCommit => s.base_first_commit,
    };
    let id = base.id.to_string();
    let mut out = fill(
        s.plan_header,
        &[
            ("path", &crate::text::visible(shown, false)),
            ("from", &plan.from_version),
            ("to", &plan.to_version),
            ("base", &&id[..12]),
            ("how", &how),
        ],
    );
    out.push('\n');
    for change in &plan.changes {
        let _ = writeln!(
            out,
            "{}",
            fill(
                s.plan_line,
                &[
                    ("status", &status_word(change.status)),
                    ("path", &crate::text::visible(&change.path, false)),
                ],
            )
        );
    }
    let lang = crate::i18n::lang();
    let mut changes = templates
        .versions
        .changes_after(plan.from_version)
        .peekable();
    if changes.peek().is_some() {
        let _ = writeln!(
            out,
            "{}",
            fill(s.changes_header, &[("from", &plan.from_version)])
        );
        for change in changes {
            let _ = writeln!(
                out,
                "{}",
                fill(
                    s.change_line,
                    &[
                        ("version", &change.version),
                        ("text", &crate::text::visible(change.text(lang), false)),
                    ],
                )
            );
        }
    }
    out
}

pub(crate) fn status_word(status: Status) -> &'static str {
    let s = &t().update;
    match status {
        Status::Updated => s.status_updated,
        Status::Merged => s.status_merged,
        Status::Conflict => s.status_conflict,
        Status::Added => s.status_added,
        Status::Removed => s.status_removed,
        Status::Kept => s.status_kept,
        Status::Restored => s.status_restored,
    }
}

/// What happened, and what to do next. Conflicts make the exit code 1,
/// as `git merge` does, after the files are in place.
fn report(ui: &mut dyn Ui, plan: &Plan, applied: &update::Applied, commit: bool) -> Result<()> {
    let s = &t().update;
    let render = applied.render.to_string();
    for change in &plan.changes {
        let path = crate::text::visible(&change.path, false);
        match change.status {
            Status::Restored => ui.note(&fill(s.restored_note, &[("path", &path)])),
            Status::Kept => ui.note(&fill(
                s.kept_note,
                &[("path", &path), ("render", &&render[..12])],
            )),
            _ => {}
        }
    }
    let conflicts: Vec<String> = plan
        .conflicts()
        .map(|c| crate::text::visible(&c.path, false).into_owned())
        .collect();
    if !conflicts.is_empty() {
        if commit {
            ui.note(s.no_commit_with_conflicts);
        }
        return Err(Error::CheckFailed(fill(
            s.conflicts,
            &[
                ("count", &conflicts.len()),
                ("files", &conflicts.join(", ")),
            ],
        )));
    }
    match applied.commit {
        Some(id) => ui.verdict(true, &fill(s.done_committed, &[("commit", &id)])),
        None => ui.verdict(
            true,
            &fill(s.done_staged, &[("count", &plan.changes.len())]),
        ),
    }
    Ok(())
}
