//! One file per command. Each takes the [`Context`] and its own arguments.

mod completions;
mod report;
mod reset;
mod start;
mod status;
mod steps;

use crate::cli::{Command, StepsCommand};
use crate::content::{self, Content, Outline};
use crate::context::Context;
use crate::error::Result;
use crate::progress::Store;

pub fn dispatch(ctx: &Context, command: Option<Command>) -> Result<()> {
    match command.unwrap_or(Command::Start) {
        Command::Start => start::run(ctx, None),
        Command::Step { id } => start::run(ctx, Some(&id)),
        Command::Status { format } => status::run(ctx, format),
        Command::Reset { id, yes } => reset::run(ctx, id.as_deref(), yes),
        Command::Steps {
            command: StepsCommand::List,
        } => steps::list(ctx),
        Command::Steps {
            command: StepsCommand::Check { dir },
        } => steps::check(ctx, dir.as_deref()),
        Command::Scaffold(args) => crate::scaffold::run(ctx, &args),
        Command::Audit { path, format } => crate::audit::run(ctx, &path, format),
        Command::Report { format, output } => report::run(ctx, format, output.as_deref()),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    }
}

/// The content in use: `--steps`, or the steps built into the binary,
/// through the user's cache.
fn load_content(ctx: &Context) -> Result<Content> {
    let cache = crate::cache::root();
    content::load_with(
        ctx.global.steps.as_deref(),
        ctx.global.lang,
        cache.as_deref(),
    )
}

/// What `status` and `steps list` show of the content in use.
fn load_outline(ctx: &Context) -> Result<Outline> {
    let cache = crate::cache::root();
    content::load_outline(
        ctx.global.steps.as_deref(),
        ctx.global.lang,
        cache.as_deref(),
    )
}

/// The progress file, read through the user's cache.
fn store(ctx: &Context) -> Result<Store> {
    Ok(Store::new(ctx.progress_path()?).with_cache(crate::cache::root()))
}
