//! `onboard review`: the questions whose review is due (see
//! [`crate::progress::schedule`]), a few at a time, mixed across steps,
//! each with its choices in a new order. Every answer moves the question in
//! the schedule and is saved before it is acknowledged, as in the journey.
//! Like the journey, it speaks only to the [`Ui`] trait and takes the clock
//! and the seed of its random order, so tests drive it.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::content::{Answer, Content, Question};
use crate::error::Result;
use crate::grade::{self, Response};
use crate::i18n::{fill, t};
use crate::progress::schedule::{self, Outlook, Scheduled};
use crate::progress::{Progress, Store};
use crate::ui::Ui;

pub struct Review<'a> {
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
    pub fn run(&mut self) -> Result<()> {
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
            let prompt = fill(
                core.review_heading,
                &[
                    ("n", &(n + 1)),
                    ("count", &count),
                    ("title", &step.title),
                    ("prompt", &question.prompt),
                ],
            );
            let (right, response) = ask(self.ui, question, &prompt, &mut rng)?;
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
            feedback(self.ui, question, &response, right);
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
pub fn nothing_due(ui: &mut dyn Ui, outlook: Outlook, today: Date) {
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

/// Asks one review question, its choices in a new order drawn from `rng`;
/// returns whether the answer is right, and the answer in the file's
/// indices. The one place that decides how a review question is shown.
pub fn ask(
    ui: &mut dyn Ui,
    question: &Question,
    prompt: &str,
    rng: &mut fastrand::Rng,
) -> Result<(bool, Response)> {
    let core = &t().core;
    let response = match &question.answer {
        Answer::Choices(choices) => {
            let mut order: Vec<usize> = (0..choices.len()).collect();
            rng.shuffle(&mut order);
            let items: Vec<String> = order.iter().map(|&i| choices[i].text.clone()).collect();
            let shown = if question.is_multiple() {
                let mut prompt = prompt.to_string();
                prompt.push_str(core.several_answers);
                ui.multi_select(&prompt, &items)?
            } else {
                vec![ui.select(prompt, &items, 0)?]
            };
            Response::Choices(
                shown
                    .iter()
                    .filter_map(|&k| order.get(k).copied())
                    .collect(),
            )
        }
        Answer::Accept(_) => {
            let not_empty = |s: &str| {
                if crate::text::fold(s).is_empty() {
                    Err(core.hint_empty_text.to_string())
                } else {
                    Ok(())
                }
            };
            Response::Text(ui.input(prompt, None, &not_empty)?)
        }
    };
    Ok((grade::is_right(question, &response), response))
}

/// The verdict, what the picked choices mean, and the explanation.
fn feedback(ui: &mut dyn Ui, question: &Question, response: &Response, right: bool) {
    let core = &t().core;
    if right {
        ui.verdict(true, core.right);
    } else {
        ui.verdict(
            false,
            &fill(core.wrong, &[("answer", &question.right_answer())]),
        );
    }
    if let (Answer::Choices(choices), Response::Choices(picked)) = (&question.answer, response) {
        for &i in picked {
            if let Some(choice) = choices.get(i)
                && let Some(why) = choice.why.as_deref()
            {
                ui.text(&fill(
                    core.about_choice,
                    &[("choice", &choice.text), ("why", &why)],
                ));
            }
        }
    }
    if let Some(explanation) = &question.explanation {
        ui.text(explanation);
    }
}

#[cfg(test)]
mod tests;
