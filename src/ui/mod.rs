//! Everything the user sees and types goes through [`Ui`]. Two
//! implementations: [`terminal::TerminalUi`] (dialoguer, indicatif, colour)
//! and [`plain::PlainUi`] (one line in, plain lines out, no escape codes) for
//! screen readers, pipes and tests. The journey, scaffold and reset logic only
//! know this trait.

mod keys;
pub mod markdown;
pub mod plain;
pub mod terminal;

use crate::error::Result;

/// A check run on a typed answer: `Err` holds the hint shown before asking again.
pub type Validator<'a> = &'a dyn Fn(&str) -> Result<(), String>;

pub trait Ui {
    /// A heading, such as a step's title.
    fn title(&mut self, text: &str);
    /// One or more paragraphs of plain text.
    fn text(&mut self, text: &str);
    /// Markdown (the welcome, the closing words), rendered for the reader.
    fn markdown(&mut self, source: &str);
    /// A step's text: Markdown, shown page by page when it is taller than
    /// the screen, so that its title is read before it scrolls away.
    fn body(&mut self, source: &str) -> Result<()> {
        self.markdown(source);
        Ok(())
    }
    /// The verdict on an answer. `text` says it in words; colour only adds to it.
    fn verdict(&mut self, right: bool, text: &str);
    /// Secondary information, such as a note or a hint.
    fn note(&mut self, text: &str);
    /// Where the user stands: a bar on a terminal, a sentence in plain mode.
    fn progress(&mut self, done: usize, total: usize, label: &str);

    /// Waits until the user is ready to go on (Enter).
    fn pause(&mut self, prompt: &str) -> Result<()>;
    /// One choice among `items`; returns its index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize>;
    /// Exactly `count` choices; returns their indices in the order given.
    /// Another number of choices is refused with a hint and asked again.
    fn multi_select(&mut self, prompt: &str, items: &[String], count: usize) -> Result<Vec<usize>>;
    /// A line of text, checked by `validate`; an empty answer takes `default` when given.
    fn input(&mut self, prompt: &str, default: Option<&str>, validate: Validator)
    -> Result<String>;
    /// Yes or no, in the user's language.
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool>;
}

/// The chosen items, in words, as both interfaces echo them.
pub fn chosen(items: &[String], picked: &[usize]) -> String {
    picked
        .iter()
        .filter_map(|&i| items.get(i).map(String::as_str))
        .collect::<Vec<_>>()
        .join(crate::i18n::t().core.list_separator)
}

/// Whether the contract's conditions for colour hold.
pub fn colour_wanted(no_color_flag: bool, stdout_is_terminal: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    stdout_is_terminal && !no_color_flag && !no_color_env && !dumb
}
