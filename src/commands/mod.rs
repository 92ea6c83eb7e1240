//! One file per command. Each takes the [`Context`] and its own arguments.

mod audit;
mod cohort;
mod completions;
mod doctor;
mod feedback;
mod report;
mod reset;
mod review;
mod scaffold;
mod start;
mod status;
mod steps;
mod update;

use crate::cli::{
    AuditArgs, Cli, Command, CompletionsArgs, DoctorArgs, FeedbackArgs, ReportArgs, ResetArgs,
    StatusArgs, StepArgs, StepsArgs, StepsCommand,
};
use crate::content::{self, Content, Outline};
use crate::context::Context;
use crate::error::Result;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::new(cli.root.global);
    crate::i18n::set_lang(ctx.lang);
    dispatch(&ctx, cli.command)
}

fn dispatch(ctx: &Context, command: Option<Command>) -> Result<()> {
    match command.unwrap_or(Command::Start) {
        Command::Start => start::run(ctx, None),
        Command::Step(StepArgs { id }) => start::run(ctx, Some(&id)),
        Command::Review => review::run(ctx),
        Command::Status(StatusArgs { format }) => status::run(ctx, format, jiff::Timestamp::now()),
        Command::Reset(ResetArgs { id, yes }) => reset::run(ctx, id.as_deref(), yes),
        Command::Steps(StepsArgs { command }) => match command {
            StepsCommand::List => steps::list(ctx),
            StepsCommand::Check { dir, strict } => steps::check(ctx, dir, strict),
        },
        Command::Scaffold(args) => scaffold::run(ctx, args),
        Command::Audit(AuditArgs {
            path,
            from,
            format,
            strict,
            fix,
            dry_run,
            reuse_tool,
            answers,
        }) => audit::run(
            ctx,
            path,
            from.as_deref(),
            audit::Asked {
                format,
                strict,
                fix,
                dry_run,
                reuse_tool,
                answers,
            },
        ),
        Command::Report(ReportArgs {
            format,
            output,
            force,
            no_reflections,
            reflections,
            sign,
        }) => report::run(
            ctx,
            report::Asked {
                format,
                output: output.as_deref(),
                force,
                reflections: match (reflections, no_reflections) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                sign: sign.as_ref().map(|key| key.as_deref()),
            },
        ),
        Command::Feedback(FeedbackArgs { id, question, open }) => {
            feedback::run(ctx, id.as_deref(), question, open)
        }
        Command::Cohort(args) => cohort::run(ctx, args),
        Command::Completions(CompletionsArgs { shell }) => completions::completions(ctx, shell),
        Command::Man => completions::man(ctx),
        Command::Doctor(DoctorArgs { format }) => doctor::run(ctx, format),
        Command::Update(args) => update::run(ctx, args),
    }
}

/// The content in use, through the user's cache.
fn load_content(ctx: &Context) -> Result<Content> {
    content::load_with(&ctx.source, ctx.lang, ctx.cache.as_deref())
}

/// What `status` and `steps list` show of the content in use.
fn load_outline(ctx: &Context) -> Result<Outline> {
    content::load_outline(&ctx.source, ctx.lang, ctx.cache.as_deref())
}
