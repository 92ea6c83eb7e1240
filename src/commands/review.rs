//! `onboard review`: the questions whose spaced review is due.

use crate::context::Context;
use crate::error::Result;
use crate::progress::schedule;
use crate::review::Review;

pub fn run(ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let progress = store.load()?;
    let now = jiff::Timestamp::now;
    let today = schedule::today(now());
    // Whether anything is due needs only the outline (ids, fingerprints and
    // question counts): reading the steps' texts waits until it is.
    let outline = super::load_outline(ctx)?;
    let all = schedule::scheduled(
        &progress,
        outline
            .steps
            .iter()
            .map(|s| (s.id.as_str(), &s.fingerprint, s.questions)),
    );
    let outlook = schedule::outlook(&all, today);
    if outlook.due == 0 {
        let mut ui = ctx.ui();
        crate::review::nothing_due(ui.as_mut(), outlook, today);
        return Ok(());
    }
    let content = super::load_content(ctx)?;
    crate::signals::install();
    let mut ui = ctx.ui();
    Review {
        content: &content,
        store: &store,
        ui: ui.as_mut(),
        now: &now,
        seed: seed(),
    }
    .run()
}

/// `ONBOARD_SEED` when set (tests, reproducible demos), else the clock and
/// the process id.
fn seed() -> u64 {
    if let Some(seed) = std::env::var("ONBOARD_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return seed;
    }
    let nanos = jiff::Timestamp::now().as_nanosecond() as u64;
    nanos ^ (u64::from(std::process::id()) << 32)
}
