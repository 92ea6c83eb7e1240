//! `onboard review`: the questions whose review is due (see
//! [`crate::progress::schedule`]), a few at a time, mixed across steps,
//! each with its choices in a new order. Every answer moves the question in
//! the schedule and is saved before it is acknowledged, as in the journey.
//! Like the journey, it speaks only to the [`Ui`] trait and takes the clock
//! and the seed of its random order, so tests drive it.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::content::{Content, Question};
use crate::error::Result;
use crate::grade::{self, Response};
use crate::i18n::{fill, t};
use crate::journey;
use crate::progress::schedule::{self, Outlook, Scheduled};
use crate::progress::{Progress, Store};
use crate::ui::Ui;

pub(crate) struct Review<'a> {
    pub content: &'a Content,
    pub store: &'a Store,
    pub ui: &'a mut dyn Ui,
    pub now: &'a dyn Fn() -> Timestamp,
    /// Seeds the order of the choices (`ONBOARD_SEED`, or the clock and pid).
    pub seed: u64,
}

impl Review<'_> {
    /// Asks the questions due today, at most [`schedule::SESSION`]; when
    /// none is due, says so and when the next review is.
    pub(crate) fn run(&mut self) -> Result<()> {
        let core = &t().core;
        let progress = self.store.load()?;
        let today = schedule::today((self.now)());
        let all = self.scheduled(&progress);
        let outlook = schedule::outlook(&all, today);
        let picked = schedule::session(&all, today, schedule::SESSION);
        if picked.is_empty() {
            nothing_due(self.ui, outlook, today);
            return Ok(());
        }
        let count = picked.len();
        self.ui
            .title(&fill(core.review_title, &[("count", &count)]));
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut right_answers = 0;
        for (n, item) in picked.iter().enumerate() {
            let Some(step) = self.content.steps.get(item.step) else {
                continue;
            };
            let Some(question) = step.questions.get(item.question) else {
                continue;
            };
            let heading = |prompt: &str| {
                fill(
                    core.review_heading,
                    &[
                        ("n", &(n + 1)),
                        ("count", &count),
                        ("title", &step.title),
                        ("prompt", &prompt),
                    ],
                )
            };
            let (right, response, shown) = ask(self.ui, question, heading, &mut rng)?;
            let day = schedule::today((self.now)());
            // Saved before it is acknowledged: what the recruit was told is on disk.
            let (_, card) = self.store.update(|p| {
                p.record_review(
                    &step.id,
                    &step.fingerprint,
                    step.questions.len(),
                    item.question,
                    right,
                    day,
                )
            })?;
            right_answers += usize::from(right);
            journey::feedback(self.ui, &shown, &response, right);
            if let Some(card) = card {
                self.ui
                    .note(&fill(core.review_comes_back, &[("date", &card.due.0)]));
            }
        }
        self.ui.text(&fill(
            core.review_done,
            &[("right", &right_answers), ("count", &count)],
        ));
        let waiting = outlook.due.saturating_sub(count);
        if waiting > 0 {
            self.ui
                .note(&fill(core.review_more_later, &[("count", &waiting)]));
        } else {
            let progress = self.store.load()?;
            let after = schedule::outlook(&self.scheduled(&progress), today);
            nothing_due_after(self.ui, after, today);
        }
        Ok(())
    }

    fn scheduled(&self, progress: &Progress) -> Vec<Scheduled> {
        schedule::scheduled(
            progress,
            self.content
                .steps
                .iter()
                .map(|s| (s.id.as_str(), &s.fingerprint, s.questions.len())),
        )
    }
}

/// What `onboard review` says when nothing is due on `today`.
pub(crate) fn nothing_due(ui: &mut dyn Ui, outlook: Outlook, today: Date) {
    ui.text(t().core.review_nothing_due);
    nothing_due_after(ui, outlook, today);
}

/// When the next review is, or how reviews come.
fn nothing_due_after(ui: &mut dyn Ui, outlook: Outlook, today: Date) {
    let core = &t().core;
    match outlook.next {
        Some(next) if outlook.due == 0 => ui.note(&fill(
            core.review_next,
            &[
                ("date", &next),
                ("days", &schedule::days_between(today, next)),
            ],
        )),
        Some(_) => {}
        None => ui.note(&fill(
            core.review_nothing_scheduled,
            &[("days", &schedule::INTERVALS[0])],
        )),
    }
}

/// Asks one review question as a new draw from `rng` shows it (a variant,
/// its choices in a new order), the way the journey asks (see
/// [`crate::journey::ask`]); `heading` words the prompt. Returns whether
/// the answer is right, the answer in the file's indices, and the variant
/// shown (for the feedback).
pub(crate) fn ask(
    ui: &mut dyn Ui,
    question: &Question,
    heading: impl Fn(&str) -> String,
    rng: &mut fastrand::Rng,
) -> Result<(bool, Response, Question)> {
    let draw = question.draw(rng);
    let shown = question.variant(draw.variant);
    let response = journey::ask(ui, &shown, &draw.order, &heading(&shown.prompt))?;
    Ok((grade::is_right(&shown, &response), response, shown))
}

#[cfg(test)]
mod tests;
