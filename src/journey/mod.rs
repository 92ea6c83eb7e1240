//! The journey: welcome, each pending step (text, then questions), and a
//! summary. It speaks only to the [`Ui`] trait, and takes the clock as a
//! function, so tests drive it without a terminal or real time.

use jiff::Timestamp;

use crate::content::{Answer, Content, Draw, Question, Step};
use crate::error::{Error, Result};
use crate::grade::{self, Response};
use crate::i18n::{fill, t};
use crate::progress::{ContentRecord, FirstTry, Progress, Status, Store};
use crate::random::Rng;
use crate::ui::Ui;

pub struct Journey<'a> {
    pub content: &'a Content,
    pub store: &'a Store,
    pub ui: &'a mut dyn Ui,
    pub now: &'a dyn Fn() -> Timestamp,
    /// The seed of each attempt's draws (variants and orders of choices).
    pub rng: &'a Rng,
}

impl Journey<'_> {
    /// `onboard`: the welcome on the first run, then every step not passed, then a summary.
    pub fn run(&mut self) -> Result<()> {
        let progress = self.store.load()?;
        if !progress.welcomed {
            self.welcome()?;
        }
        let pending: Vec<&Step> = self
            .content
            .steps
            .iter()
            .filter(|s| progress.status(s).pending())
            .collect();
        if pending.is_empty() {
            self.ui.text(t().core.all_done_already);
        }
        for step in pending {
            self.step(step)?;
        }
        self.summary()
    }

    /// `onboard step ID`: one step, even if passed.
    pub fn run_one(&mut self, step: &Step) -> Result<()> {
        self.step(step)
    }

    fn welcome(&mut self) -> Result<()> {
        let core = &t().core;
        let journey = &self.content.journey;
        self.ui
            .title(journey.title.as_deref().unwrap_or(core.default_title));
        match &journey.welcome {
            Some(welcome) => self.ui.markdown(welcome),
            None => self.ui.text(core.default_welcome),
        }
        self.ui.note(&fill(
            core.progress_kept_in,
            &[("path", &self.store.path().display())],
        ));
        self.ui.note(core.welcome_report_note);
        self.ui.pause(core.press_enter_start)?;
        let record = self.content_record();
        self.store.update(|p| {
            p.welcomed = true;
            p.content = Some(record);
        })?;
        Ok(())
    }

    fn content_record(&self) -> ContentRecord {
        ContentRecord {
            origin: self.content.origin.describe(),
            commit: self.content.origin.commit().map(str::to_string),
        }
    }

    fn step(&mut self, step: &Step) -> Result<()> {
        let core = &t().core;
        let progress = self.store.load()?;
        let status = progress.status(step);
        let total = self.content.steps.len();
        let number = self
            .content
            .steps
            .iter()
            .position(|s| s.id == step.id)
            .unwrap_or(0)
            + 1;
        let done = self
            .content
            .steps
            .iter()
            .filter(|s| progress.status(s) == Status::Passed)
            .count();
        self.ui.progress(
            done,
            total,
            &fill(core.steps_passed, &[("done", &done), ("total", &total)]),
        );
        self.ui.title(&fill(
            core.step_heading,
            &[("n", &number), ("total", &total), ("title", &step.title)],
        ));
        if step.untranslated {
            self.ui.note(core.untranslated);
        }
        if status == Status::Outdated {
            self.ui.note(core.step_changed);
        }
        let mut next = progress.resume_at(step);
        let draws = if next > 0 {
            self.ui.note(&fill(
                core.resuming,
                &[
                    ("n", &(next + 1)),
                    ("count", &step.questions.len()),
                    ("id", &step.id),
                ],
            ));
            match progress.draws(step) {
                Some(draws) => draws.to_vec(),
                None => {
                    // Written by an earlier release, or damaged: the
                    // questions left are drawn now, for this attempt.
                    let attempt = progress.steps.get(&step.id).map_or(1, |e| e.attempts);
                    let draws = step.draws_for(self.rng, attempt, &[]);
                    self.store.update(|p| p.set_draws(step, draws.clone()))?;
                    draws
                }
            }
        } else {
            self.ui.body(&step.body)?;
            if let Some(source) = &step.source {
                self.ui.note(&fill(core.source, &[("url", source)]));
            }
            self.ui.pause(core.press_enter_quiz)?;
            let previous = progress
                .steps
                .get(&step.id)
                .map(|e| e.draws.clone())
                .unwrap_or_default();
            let attempt = progress.next_attempt(&step.id);
            let draws = step.draws_for(self.rng, attempt, &previous);
            let now = (self.now)();
            let record = self.content_record();
            self.store.update(|p| {
                p.migrate(&self.content.steps);
                p.start(step, now, draws.clone());
                p.content = Some(record);
            })?;
            draws
        };
        while next < step.questions.len() {
            let draw = draws.get(next).cloned().unwrap_or_default();
            self.question(step, next, &draw)?;
            next += 1;
        }
        let progress = self.store.load()?;
        self.step_result(step, &progress);
        self.reflection(step)?;
        // Content that says where to suggest improvements: one short line.
        if self.content.journey.feedback.is_some() {
            self.ui
                .note(&fill(t().report.feedback_hint, &[("id", &step.id)]));
        }
        Ok(())
    }

    /// The step's reflection prompt, ungraded (an empty answer is kept as
    /// such), then its commitment.
    fn reflection(&mut self, step: &Step) -> Result<()> {
        let Some(reflection) = &step.reflection else {
            return Ok(());
        };
        let core = &t().core;
        let anything = |_: &str| Ok(());
        let prompt = fill(core.reflection_prompt, &[("prompt", &reflection.prompt)]);
        let answer = self.ui.input(&prompt, Some(""), &anything)?;
        self.store
            .update(|p| p.set_reflection(step, answer.trim().to_string()))?;
        if let Some(commitment) = &reflection.commitment {
            self.ui
                .text(&fill(core.commitment, &[("commitment", commitment)]));
        }
        Ok(())
    }

    /// Question `index` of `step`, as `draw` shows it: its variant, its
    /// choices in the drawn order. Answers are graded and saved by the
    /// choices' indices in the file, never by the positions shown.
    fn question(&mut self, step: &Step, index: usize, draw: &Draw) -> Result<()> {
        let core = &t().core;
        let question = &step.questions[index].variant(draw.variant);
        let count = step.questions.len();
        let prompt = fill(
            core.question_heading,
            &[
                ("n", &(index + 1)),
                ("count", &count),
                ("prompt", &question.prompt),
            ],
        );
        let response = ask(self.ui, question, &draw.order, &prompt)?;
        let right = grade::is_right(question, &response);
        let now = (self.now)();
        let first = first_try(right, draw.variant, &response);
        // Saved before it is acknowledged: what the recruit was told is on disk.
        let (_, recorded) = self.store.update(|p| {
            p.migrate(&self.content.steps);
            let recorded = p.answer(step, index, right, now);
            if recorded {
                p.record_first_try(step, index, first);
            }
            recorded
        })?;
        if !recorded {
            // The stored attempt changed under the journey (`onboard reset`
            // elsewhere): never announce an answer that was not saved.
            return Err(Error::msg(fill(
                core.progress_changed,
                &[("path", &self.store.path().display())],
            )));
        }
        feedback(self.ui, question, &response, right);
        Ok(())
    }

    fn step_result(&mut self, step: &Step, progress: &Progress) {
        let core = &t().core;
        let score = progress.score(&step.id);
        let count = step.questions.len();
        match progress.status(step) {
            Status::Passed => self.ui.verdict(
                true,
                &fill(core.step_passed, &[("score", &score), ("count", &count)]),
            ),
            _ => self.ui.verdict(
                false,
                &fill(
                    core.step_failed,
                    &[
                        ("score", &score),
                        ("count", &count),
                        ("mark", &step.pass_mark()),
                    ],
                ),
            ),
        }
    }

    /// When the spaced review of the passed steps comes (issue 12: review).
    fn review_outlook(&mut self, progress: &Progress) {
        use crate::progress::schedule;
        let core = &t().core;
        let all = schedule::scheduled(
            progress,
            self.content
                .steps
                .iter()
                .map(|s| (s.id.as_str(), &s.fingerprint, s.questions.len())),
        );
        let outlook = schedule::outlook(&all, schedule::today((self.now)()));
        if outlook.due > 0 {
            self.ui
                .note(&fill(core.summary_review_due, &[("count", &outlook.due)]));
        } else if let Some(next) = outlook.next {
            self.ui
                .note(&fill(core.summary_next_review, &[("date", &next)]));
        }
    }

    fn summary(&mut self) -> Result<()> {
        let core = &t().core;
        let progress = self.store.load()?;
        let total = self.content.steps.len();
        let passed = self
            .content
            .steps
            .iter()
            .filter(|s| progress.status(s) == Status::Passed)
            .count();
        self.ui.title(core.summary_title);
        for step in &self.content.steps {
            let status = progress.status(step);
            let line = fill(
                core.summary_line,
                &[
                    ("title", &step.title),
                    ("status", &status.word()),
                    ("score", &progress.score(&step.id)),
                    ("count", &step.questions.len()),
                ],
            );
            self.ui.text(&line);
        }
        self.ui.progress(
            passed,
            total,
            &fill(core.steps_passed, &[("done", &passed), ("total", &total)]),
        );
        if passed == total {
            match &self.content.journey.closing {
                Some(closing) => self.ui.markdown(closing),
                None => self.ui.text(core.default_closing),
            }
        } else {
            self.ui
                .text(&fill(core.left_to_do, &[("count", &(total - passed))]));
        }
        self.review_outlook(&progress);
        self.ui.note(core.next_commands);
        Ok(())
    }
}

/// Asks `question` (one variant of a step's question) with its choices in
/// `order` (indices in the file; the file's order when it does not fit):
/// the one place that decides how a question is shown and read, for the
/// journey and for review. The answer comes back in the file's indices.
pub(crate) fn ask(
    ui: &mut dyn Ui,
    question: &Question,
    order: &[usize],
    prompt: &str,
) -> Result<Response> {
    let core = &t().core;
    Ok(match &question.answer {
        Answer::Choices(choices) => {
            let order: Vec<usize> = if order.len() == choices.len() {
                order.to_vec()
            } else {
                (0..choices.len()).collect()
            };
            let items: Vec<String> = order.iter().map(|&i| choices[i].text.clone()).collect();
            // The cursor starts on the first choice shown, which the draw
            // made random (or the author pinned).
            let shown = if question.is_multiple() {
                let right = question.right_count();
                let mut prompt = prompt.to_string();
                prompt.push_str(&fill(core.answer_count, &[("count", &right)]));
                ui.multi_select(&prompt, &items, right)?
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
    })
}

/// What the report keeps of an answer in a first attempt: the choices
/// picked when wrong, never the words of a free-text answer.
fn first_try(right: bool, variant: usize, response: &Response) -> FirstTry {
    FirstTry {
        right,
        variant,
        picks: match response {
            Response::Choices(picked) if !right => picked.clone(),
            _ => Vec::new(),
        },
    }
}

/// The verdict first, then what each picked choice means, then the
/// explanation: after every answer, in the journey and in review.
pub(crate) fn feedback(ui: &mut dyn Ui, question: &Question, response: &Response, right: bool) {
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
            if let Some(why) = choices.get(i).and_then(|c| c.why.as_deref()) {
                ui.text(&fill(
                    core.about_choice,
                    &[("choice", &choices[i].text), ("why", &why)],
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
