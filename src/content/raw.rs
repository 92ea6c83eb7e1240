//! The step file format as written, with positions kept for messages.

use serde::Deserialize;
use toml::Spanned;

use super::Kind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStep {
    pub format: Spanned<i64>,
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub kind: Kind,
    pub source: Option<String>,
    pub pass_mark: Option<Spanned<i64>>,
    pub body: Spanned<String>,
    #[serde(default)]
    pub questions: Vec<Spanned<RawQuestion>>,
    pub reflection: Option<Spanned<RawReflection>>,
}

/// `[reflection]`: an ungraded question after the quiz, and a commitment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReflection {
    pub prompt: Spanned<String>,
    pub commitment: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub prompt: Spanned<String>,
    pub explanation: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    pub accept: Option<Spanned<Vec<Spanned<String>>>>,
    pub shuffle: Option<bool>,
    #[serde(default)]
    pub variants: Vec<Spanned<RawVariant>>,
}

/// `[[questions.variants]]`: the same question in other words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariant {
    pub prompt: Spanned<String>,
    pub explanation: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    pub accept: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice {
    pub text: Spanned<String>,
    #[serde(default)]
    pub correct: bool,
    pub why: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawJourney {
    pub format: Spanned<i64>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub welcome: Option<String>,
    pub closing: Option<String>,
    #[serde(alias = "tracker")]
    pub feedback: Option<RawFeedback>,
}

/// `[feedback]` (or `[tracker]`): the content's issue tracker, and a contact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFeedback {
    pub forge: Option<super::Forge>,
    pub url: Option<String>,
    pub contact: Option<String>,
}
