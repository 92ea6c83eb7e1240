//! The content of a journey: steps and the journey texts, loaded from the
//! steps embedded in the binary, a directory, or a git repository.

mod check;
mod checked;
mod feedback;
mod files;
mod fingerprint;
mod git;
mod load;
mod parallel;
mod problem;
mod raw;
mod warn;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use check::{Parsed, check_dir, check_files};
pub use feedback::{Feedback, Forge, Issue, decode, encode};
pub use files::SourceFile;
pub use fingerprint::Fingerprint;
pub(crate) use git::fetch_into as fetch_git;
pub use load::{
    check_source, embedded_files, load, load_dir, load_outline, load_with, parse_files,
};
pub use problem::Problem;

// The audit clones the repositories it is given by URL the way content is.
pub(crate) use git::{FetchError, fetch_shallow, is_git_source, more_schemes};

/// Highest step format this version reads.
pub(crate) const FORMAT: i64 = 1;

/// The deepest nesting of lists a step's body is shown with, counted from 0
/// (the outer list): deeper lists are shown at this depth, and `steps
/// check` warns about them. A body of
/// nested list markers (`- - - - …`, hostile or careless) would otherwise
/// cost time and memory in the square of its length to render, every level
/// indenting every line more.
pub const MAX_LIST_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Vision,
    Mission,
    Value,
    Manifesto,
    Practice,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Vision => "vision",
            Kind::Mission => "mission",
            Kind::Value => "value",
            Kind::Manifesto => "manifesto",
            Kind::Practice => "practice",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub source: Option<String>,
    pub pass_mark: Option<usize>,
    pub body: String,
    pub questions: Vec<Question>,
    /// The ungraded question asked after the quiz, and its commitment.
    pub reflection: Option<Reflection>,
    /// The file it came from, for messages.
    #[serde(skip)]
    pub file: String,
    /// Fingerprints of the step's meaning in the content's first language
    /// (see [`Fingerprint`]): they change when the text, a question or a
    /// right answer changes. Empty for a translation before it is matched
    /// with its first-language step.
    #[serde(skip)]
    pub fingerprint: Fingerprint,
    /// Set when this step is shown in another language than asked for.
    #[serde(skip)]
    pub untranslated: bool,
}

impl Step {
    /// Right answers needed to pass: `pass_mark`, or every question.
    pub fn pass_mark(&self) -> usize {
        self.pass_mark.unwrap_or(self.questions.len())
    }

    /// Draws one variant and one order of choices for each question, for a
    /// new attempt. A question with `shuffle = false` keeps the file's order.
    pub fn draw(&self, rng: &mut fastrand::Rng) -> Vec<Draw> {
        self.questions.iter().map(|q| q.draw(rng)).collect()
    }

    /// The draws of attempt number `attempt` at this step, from the seed
    /// `rng`: reproducible, so that tests (and a demo with `ONBOARD_SEED`)
    /// know what is shown. When the step can be shown otherwise, they
    /// differ from `previous` (what the previous attempt showed).
    pub fn draws_for(
        &self,
        rng: &crate::random::Rng,
        attempt: u32,
        previous: &[Draw],
    ) -> Vec<Draw> {
        let mut stream = rng.stream(&self.id, u64::from(attempt));
        let mut draws = self.draw(&mut stream);
        for _ in 0..REDRAWS {
            if draws != previous {
                break;
            }
            draws = self.draw(&mut stream);
        }
        draws
    }

    /// Whether `draws` fit this step as it is now: one per question, each
    /// naming a variant it has and ordering exactly that variant's choices.
    /// Stored draws that do not fit (the step changed) are drawn again.
    pub fn draws_fit(&self, draws: &[Draw]) -> bool {
        draws.len() == self.questions.len()
            && self.questions.iter().zip(draws).all(|(question, draw)| {
                if draw.variant >= question.variant_count() {
                    return false;
                }
                let count = match &question.variant(draw.variant).answer {
                    Answer::Choices(choices) => choices.len(),
                    Answer::Accept(_) => 0,
                };
                let mut sorted = draw.order.clone();
                sorted.sort_unstable();
                sorted.into_iter().eq(0..count)
            })
    }
}

/// How many times a new attempt draws again when it would show exactly
/// what the previous attempt showed.
const REDRAWS: usize = 16;

/// What one attempt shows of a question: which variant, and in which order
/// its choices come (`order[k]` is the index in the file of the choice
/// shown k-th; empty for a free-text question).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub variant: usize,
    #[serde(default)]
    pub order: Vec<usize>,
}

/// `[reflection]`: an ungraded question asked after the quiz, whose answer
/// the mentor reads in the report, and a small commitment to try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub prompt: String,
    pub commitment: Option<String>,
}

/// What lists and `status` show of a step: no text, no questions. The
/// cache keeps it apart from the rest, so that they read only this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutline {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub questions: usize,
    pub fingerprint: Fingerprint,
}

impl StepOutline {
    pub(crate) fn of(step: &Step) -> StepOutline {
        StepOutline {
            id: step.id.clone(),
            title: step.title.clone(),
            kind: step.kind,
            questions: step.questions.len(),
            fingerprint: step.fingerprint.clone(),
        }
    }
}

/// The outline of the content in use.
#[derive(Debug, Clone)]
pub struct Outline {
    pub steps: Vec<StepOutline>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub prompt: String,
    pub explanation: Option<String>,
    pub answer: Answer,
    /// Whether the choices come in a new order at each attempt (`shuffle`,
    /// true unless the author pins the order).
    pub shuffle: bool,
    /// Other wordings of the question (`[[questions.variants]]`), with the
    /// same kind and the same number of right choices. Variant 0 is the
    /// question itself; these are variants 1 and on.
    pub variants: Vec<Variant>,
}

/// One other wording of a question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Variant {
    pub prompt: String,
    pub explanation: Option<String>,
    pub answer: Answer,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Answer {
    /// Choices shown in file order; one or more are right.
    Choices(Vec<Choice>),
    /// Free text, right when it folds to one of these.
    Accept(Vec<String>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
}

impl Question {
    /// A question of its own, without variants.
    pub fn new(prompt: &str, explanation: Option<&str>, answer: Answer) -> Question {
        Question {
            prompt: prompt.to_string(),
            explanation: explanation.map(str::to_string),
            answer,
            shuffle: true,
            variants: Vec::new(),
        }
    }

    /// One variant, and one order of its choices (the file's order when
    /// `shuffle = false`): what an attempt or a review shows of it.
    pub fn draw(&self, rng: &mut fastrand::Rng) -> Draw {
        let variant = rng.usize(..self.variant_count());
        let mut order: Vec<usize> = match &self.variant(variant).answer {
            Answer::Choices(choices) => (0..choices.len()).collect(),
            Answer::Accept(_) => Vec::new(),
        };
        if self.shuffle {
            rng.shuffle(&mut order);
        }
        Draw { variant, order }
    }

    /// How many wordings the question has: itself and its variants.
    pub fn variant_count(&self) -> usize {
        1 + self.variants.len()
    }

    /// The question as variant `v` words it: the question itself for 0 (or
    /// a variant it does not have).
    pub fn variant(&self, v: usize) -> Question {
        match v.checked_sub(1).and_then(|i| self.variants.get(i)) {
            None => Question {
                variants: Vec::new(),
                ..self.clone()
            },
            Some(variant) => Question {
                prompt: variant.prompt.clone(),
                explanation: variant.explanation.clone(),
                answer: variant.answer.clone(),
                shuffle: self.shuffle,
                variants: Vec::new(),
            },
        }
    }

    /// How many choices are right: more than one makes a multiple-answer
    /// question, which says how many to pick.
    pub fn right_count(&self) -> usize {
        match &self.answer {
            Answer::Choices(c) => c.iter().filter(|c| c.correct).count(),
            Answer::Accept(_) => 0,
        }
    }

    /// A choice question with more than one right choice.
    pub(crate) fn is_multiple(&self) -> bool {
        self.right_count() > 1
    }

    /// The right answer, said in words: the right choices, or the first accepted text.
    pub(crate) fn right_answer(&self) -> String {
        match &self.answer {
            Answer::Choices(choices) => choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(crate::i18n::t().core.list_separator),
            Answer::Accept(accept) => accept.first().cloned().unwrap_or_default(),
        }
    }
}

/// Texts around the steps: steps/journey.toml.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JourneyText {
    pub title: Option<String>,
    pub welcome: Option<String>,
    pub closing: Option<String>,
    /// A short name of the content (`id`), which reports carry.
    pub id: Option<String>,
    /// Where recruits suggest improvements (`[feedback]`).
    pub feedback: Option<Feedback>,
}

/// The content to use, as `--steps` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The steps built into the binary.
    Embedded,
    /// A directory of steps, read as it is (a git work tree included).
    Dir(PathBuf),
    /// A git repository (URL or bare repository), cloned into the cache.
    Git(String),
}

impl Source {
    /// `--steps` (or `ONBOARD_STEPS`), or nothing for the embedded steps.
    pub(crate) fn from_option(steps: Option<&str>) -> Source {
        match steps {
            None => Source::Embedded,
            Some(source) if git::is_git_source(source) => Source::Git(source.to_string()),
            Some(dir) => Source::Dir(PathBuf::from(dir)),
        }
    }
}

/// Where the content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Dir(PathBuf),
    Git { url: String, commit: String },
}

impl Origin {
    /// A short label for status and reports.
    pub(crate) fn describe(&self) -> String {
        match self {
            Origin::Embedded => format!("onboard {}", env!("CARGO_PKG_VERSION")),
            Origin::Dir(dir) => dir.display().to_string(),
            Origin::Git { url, commit } => format!("{url} @ {}", &commit[..commit.len().min(12)]),
        }
    }

    pub(crate) fn commit(&self) -> Option<&str> {
        match self {
            Origin::Git { commit, .. } => Some(commit),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Content {
    pub journey: JourneyText,
    pub steps: Vec<Step>,
    pub origin: Origin,
}

impl Content {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub(crate) fn ids(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.id.as_str()).collect()
    }
}
