//! `onboard`: the Fabrique numérique's first-day journey, and a scaffold for
//! open-by-default repositories. `main.rs` only parses and calls [`run`].

pub mod audit;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod content;
pub mod context;
pub mod error;
pub mod grade;
pub mod i18n;
pub mod journey;
pub mod progress;
pub mod scaffold;
pub mod signals;
pub mod ui;
pub mod util;

pub use error::{Error, Result};

/// Runs one parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    i18n::set_lang(cli.global.lang);
    let ctx = context::Context::new(cli.global);
    commands::dispatch(&ctx, cli.command)
}
