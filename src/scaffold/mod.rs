//! `onboard scaffold`: an open-by-default repository, rendered into a
//! temporary directory, audited, moved into place, then committed with git2.

use crate::cli::ScaffoldArgs;
use crate::context::Context;
use crate::error::{Error, Result};

pub fn run(_ctx: &Context, _args: &ScaffoldArgs) -> Result<()> {
    Err(Error::msg("scaffold: not yet implemented"))
}
