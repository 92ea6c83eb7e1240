//! `onboard feedback [STEP]`: a link to a new issue on the content's
//! tracker, filled in with the step's id, title, content version and
//! fingerprint (and the question concerned); without a tracker, whom to
//! write to instead. Nothing is sent: the recruit reads the issue first.

use std::process::{Command, Stdio};

use crate::content::{Content, Issue, Step};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::output;
use crate::text::visible;

pub fn run(ctx: &Context, id: Option<&str>, question: Option<usize>, open: bool) -> Result<()> {
    let content = super::load_content(ctx)?;
    let step = match id {
        Some(id) => content.step(id).ok_or_else(|| {
            Error::msg(fill(
                t().core.unknown_step,
                &[
                    ("id", &visible(id, false)),
                    ("ids", &content.ids().join(", ")),
                ],
            ))
        })?,
        None => last_started(ctx, &content)?,
    };
    let count = step.questions.len();
    if question.is_some_and(|n| n == 0 || n > count) {
        return Err(Error::msg(fill(
            t().report.feedback_bad_question,
            &[("title", &visible(&step.title, false)), ("count", &count)],
        )));
    }
    let version = crate::report::content_version(&content);
    let (title, body) = issue_text(step, &version, question);
    let texts = &t().report;
    let feedback = content.journey.feedback.as_ref();
    let link = feedback.and_then(|f| {
        f.new_issue_link(&Issue {
            title: &title,
            body: &body,
        })
    });
    let shown_title = visible(&step.title, false);
    let Some(link) = link else {
        let contact = feedback.and_then(|f| f.contact.as_deref());
        let line = match contact {
            Some(contact) => fill(
                texts.feedback_write_to_contact,
                &[
                    ("title", &shown_title),
                    ("contact", &visible(contact, false)),
                    ("id", &step.id),
                    ("version", &version),
                ],
            ),
            None => fill(
                texts.feedback_write_to_mentor,
                &[
                    ("title", &shown_title),
                    ("id", &step.id),
                    ("version", &version),
                ],
            ),
        };
        return output::println(&line);
    };
    output::println(&fill(texts.feedback_link, &[("title", &shown_title)]))?;
    // Every byte of the link is a letter, a digit or `-._~%/:?&=[]`: no
    // escape sequence can hide in it.
    output::println(&link)?;
    if open {
        match open_in_browser(&link) {
            Ok(()) => output::eprintln(texts.feedback_opened),
            Err(error) => {
                output::eprintln(&fill(texts.feedback_no_browser, &[("error", &error)]));
            }
        }
    }
    Ok(())
}

/// The step last started, when no step is named.
fn last_started<'a>(ctx: &Context, content: &'a Content) -> Result<&'a Step> {
    let progress = ctx.store()?.load()?;
    content
        .steps
        .iter()
        .filter_map(|s| progress.steps.get(&s.id).map(|e| (e.started_at, s)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, step)| step)
        .ok_or_else(|| {
            let example = content.steps.first().map_or("", |s| s.id.as_str());
            Error::msg(fill(t().report.feedback_no_step, &[("id", &example)]))
        })
}

/// The new issue's title and text, in the interface's language.
fn issue_text(step: &Step, version: &str, question: Option<usize>) -> (String, String) {
    let texts = &t().report;
    let title = fill(
        texts.issue_title,
        &[("title", &step.title.trim()), ("id", &step.id)],
    );
    let mut body = fill(
        texts.issue_body,
        &[
            ("id", &step.id),
            ("title", &step.title.trim()),
            ("version", &version),
            ("fingerprint", &step.fingerprint.current),
        ],
    );
    if let Some(n) = question
        && let Some(q) = step.questions.get(n - 1)
    {
        body.push_str(&fill(
            texts.issue_question,
            &[("n", &n), ("prompt", &q.prompt.trim())],
        ));
    }
    body.push_str(texts.issue_ask);
    (title, body)
}

/// Opens `link` with the system's opener, given as one argument (never
/// through a shell); an error when there is none or it fails.
fn open_in_browser(link: &str) -> std::result::Result<(), String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let status = Command::new(opener)
        .arg(link)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|err| format!("{opener}: {err}"))?;
    // explorer.exe exits with 1 even when it opened the link.
    if status.success() || cfg!(windows) {
        Ok(())
    } else {
        Err(format!("{opener}: {status}"))
    }
}
