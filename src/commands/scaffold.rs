//! `onboard scaffold PATH`: asks what the options did not give, then builds
//! the repository (see [`crate::scaffold`]) and says what to do next.

use std::fmt::Write as _;

use crate::cli::{AnswerArgs, ScaffoldArgs};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::interview;
use crate::policy::Forge;
use crate::scaffold::answers::{self, Answers};
use crate::scaffold::git::{self, Identity};
use crate::scaffold::source::Templates;
use crate::scaffold::target::{self, Target};
use crate::scaffold::{self, Options};
use crate::ui::Ui;

pub fn run(ctx: &Context, args: ScaffoldArgs) -> Result<()> {
    scaffold(ctx, &options(args)).map_err(|err| match err {
        // The journey's "progress is kept" does not apply: say that nothing was written.
        Error::Interrupted(_) => Error::Interrupted(t().scaffold.interrupted.to_string()),
        other => other,
    })
}

fn options(args: ScaffoldArgs) -> Options {
    Options {
        author: args.author,
        dry_run: args.dry_run,
        no_git: args.no_git,
        ..answer_options(args.answers, args.path)
    }
}

/// The answers' options as scaffold takes them (also for `audit --fix`),
/// so that both check them the same way ([`answers::check_options`]).
pub fn answer_options(args: AnswerArgs, path: std::path::PathBuf) -> Options {
    Options {
        path,
        name: args.name,
        description: args.description,
        license: args.license,
        organisation: args.organisation,
        organisation_url: args.organisation_url,
        contact: args.contact,
        repository_url: args.repository_url,
        forge: args.forge.map(Forge::from),
        yes: args.yes,
        ..Options::default()
    }
}

fn scaffold(ctx: &Context, options: &Options) -> Result<()> {
    let given = answers::check_options(options)?;
    let target = target::inspect(&options.path)?;
    let templates = ctx.templates()?;
    if options.dry_run {
        return dry_run(&target, &templates, &given);
    }
    crate::signals::on_interruption_say(t().scaffold.interrupted);
    crate::signals::install();
    let mut ui = ctx.ui();
    let author = given.author.clone();
    let answers = if options.yes {
        answers::with_defaults(given, target.default_name.clone())?
    } else {
        interview::scaffold_answers(given, target.default_name.clone(), ui.as_mut())?
    };
    let extra = interview::template_answers(
        templates.questions(),
        &std::collections::BTreeMap::new(),
        options.yes,
        ui.as_mut(),
    )?;
    if !confirm_nested(&target, options.yes, ui.as_mut())? {
        ui.note(t().scaffold.cancelled);
        return Ok(());
    }
    let identity = if options.no_git {
        None
    } else {
        Some(interview::identity(
            author.clone(),
            options.yes,
            ui.as_mut(),
        )?)
    };
    // publiccode.yml names a maintainer: the committer, when one is known.
    let maintainer = identity
        .clone()
        .or_else(|| author.map(|(name, email)| Identity { name, email }))
        .or_else(git::configured)
        .map(|i| i.name);
    let inputs = scaffold::render::Inputs {
        answers: &answers,
        maintainer: maintainer.as_deref(),
        year: scaffold::current_year(),
        extra: &extra,
    };
    let count = scaffold::build(&target, &templates, &inputs, identity.as_ref())?;
    report_success(ui.as_mut(), &target, &answers, count, identity.is_some());
    Ok(())
}

/// `--dry-run`: the sorted file plan, with a header line; nothing written.
fn dry_run(target: &Target, templates: &Templates, given: &answers::Given) -> Result<()> {
    let files = scaffold::planned_files(templates, given)?;
    let mut out = fill(
        t().scaffold.plan_header,
        &[("path", &target.shown.display()), ("count", &files.len())],
    );
    out.push('\n');
    for file in files {
        let _ = writeln!(out, "{}", file.path);
    }
    crate::output::print(&out)
}

/// A PATH inside an existing git work tree is said plainly, and needs a yes.
fn confirm_nested(target: &Target, yes: bool, ui: &mut dyn Ui) -> Result<bool> {
    let Some(work_tree) = git::enclosing_work_tree(&target.parent) else {
        return Ok(true);
    };
    let s = &t().scaffold;
    ui.note(&fill(
        s.inside_work_tree,
        &[
            ("path", &target.shown.display()),
            ("repo", &work_tree.display()),
        ],
    ));
    if yes {
        return Ok(true);
    }
    ui.confirm(s.confirm_inside_work_tree, false)
}

fn report_success(
    ui: &mut dyn Ui,
    target: &Target,
    answers: &Answers,
    count: usize,
    committed: bool,
) {
    let s = &t().scaffold;
    let path = target.shown.display();
    let done = if committed {
        fill(
            s.done_with_git,
            &[("path", &path), ("count", &count), ("branch", &git::BRANCH)],
        )
    } else {
        fill(s.done_without_git, &[("path", &path), ("count", &count)])
    };
    ui.verdict(true, &done);
    ui.text(s.audit_passed_note);
    ui.title(s.next_steps);
    ui.text(&fill(s.next_cd, &[("path", &path)]));
    let slug = scaffold::slug(answers);
    if !committed {
        ui.text(s.next_git_init);
    }
    match answers.forge {
        Forge::Github => ui.text(&fill(s.next_github, &[("slug", &slug)])),
        Forge::Gitlab => ui.text(&fill(
            s.next_gitlab,
            &[("slug", &slug), ("branch", &git::BRANCH)],
        )),
    }
    ui.note(s.next_organisation_rule);
    ui.note(s.next_secrets);
}
