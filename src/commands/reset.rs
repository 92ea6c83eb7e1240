//! `onboard reset [ID] [--yes]`: forget a step or everything, keeping a backup.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::progress::store::backup_path;

pub fn run(ctx: &Context, id: Option<&str>, yes: bool) -> Result<()> {
    let core = &t().core;
    crate::signals::install();
    let store = ctx.store()?;
    if let Some(id) = id {
        let content = super::load_content(ctx).ok();
        let known_in_content = content.as_ref().is_some_and(|c| c.step(id).is_some());
        let known_in_file = store
            .load()
            .map(|p| p.steps.contains_key(id))
            .unwrap_or(false);
        if !known_in_content && !known_in_file {
            let ids = content.map(|c| c.ids().join(", ")).unwrap_or_default();
            return Err(Error::msg(fill(
                core.unknown_step,
                &[("id", &id), ("ids", &ids)],
            )));
        }
    }
    let backup = backup_path(store.path());
    if !yes {
        let question = match id {
            Some(id) => fill(
                core.reset_confirm_one,
                &[("id", &id), ("backup", &backup.display())],
            ),
            None => fill(core.reset_confirm_all, &[("backup", &backup.display())]),
        };
        let mut ui = ctx.ui();
        if !ui.confirm(&question, false)? {
            return crate::output::println(core.reset_cancelled);
        }
    }
    store.reset(id)?;
    let done = match id {
        Some(id) => fill(
            core.reset_done_one,
            &[("id", &id), ("backup", &backup.display())],
        ),
        None => fill(core.reset_done_all, &[("backup", &backup.display())]),
    };
    crate::output::println(&done)
}
