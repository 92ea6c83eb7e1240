//! `onboard audit`: the open-by-default rules, shared with scaffold's own check.

use std::path::Path;

use crate::cli::TextOrJson;
use crate::context::Context;
use crate::error::{Error, Result};

pub fn run(_ctx: &Context, _path: &Path, _format: TextOrJson) -> Result<()> {
    Err(Error::msg("audit: not yet implemented"))
}
