//! `onboard`, `onboard start` and `onboard step ID`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::journey::Journey;

pub fn run(ctx: &Context, id: Option<&str>) -> Result<()> {
    let content = super::load_content(ctx)?;
    let store = ctx.store()?;
    // Check the file before the first question, not after.
    store.load()?;
    crate::signals::install();
    let mut ui = ctx.ui();
    let now = jiff::Timestamp::now;
    let rng = crate::random::Rng::from_environment();
    let mut journey = Journey {
        content: &content,
        store: &store,
        ui: ui.as_mut(),
        now: &now,
        rng: &rng,
    };
    match id {
        None => journey.run(),
        Some(id) => {
            let step = content.step(id).ok_or_else(|| {
                Error::msg(fill(
                    t().core.unknown_step,
                    &[("id", &id), ("ids", &content.ids().join(", "))],
                ))
            })?;
            journey.run_one(step)
        }
    }
}
