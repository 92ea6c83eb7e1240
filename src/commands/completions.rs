//! `onboard completions SHELL` and `onboard man`.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "onboard", &mut std::io::stdout());
    Ok(())
}

pub fn man() -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::msg(e.to_string()))?;
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| Error::msg(e.to_string()))
}
