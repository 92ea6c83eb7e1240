//! `onboard completions SHELL` and `onboard man`, in the language asked for.

use clap::CommandFactory;

use crate::cli::{self, Cli};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output;

/// The command line as the user's language describes it.
fn command(ctx: &Context) -> clap::Command {
    cli::localized(Cli::command(), ctx.lang)
}

pub fn completions(ctx: &Context, shell: clap_complete::Shell) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command(ctx), "onboard", &mut out);
    output::print_bytes(&out)
}

pub fn man(ctx: &Context) -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command(ctx))
        .render(&mut out)
        .map_err(|e| Error::msg(e.to_string()))?;
    output::print_bytes(&out)
}
