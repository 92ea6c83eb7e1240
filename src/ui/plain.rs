//! The plain interface: lines in, lines out, no escape codes, every result
//! said in words. For screen readers, pipes, scripts and tests.

use std::io::{BufRead, Write};

use super::{Ui, Validator, markdown};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// Longest line taken as an answer; longer ones are refused with a hint.
const MAX_LINE: usize = 4096;

pub struct PlainUi<R, W> {
    input: R,
    output: W,
    /// Ends each answered prompt's line when no terminal echoes the Enter,
    /// so that a piped transcript reads one prompt per line.
    newline_after_answer: bool,
}

impl PlainUi<std::io::StdinLock<'static>, std::io::Stdout> {
    pub fn stdio() -> Self {
        Self::with_input(std::io::stdout())
    }
}

impl<W: Write> PlainUi<std::io::StdinLock<'static>, W> {
    /// Reads stdin, writes to `output`.
    pub fn with_input(output: W) -> Self {
        use std::io::IsTerminal;
        let stdin = std::io::stdin();
        let newline_after_answer = !stdin.is_terminal();
        PlainUi {
            input: stdin.lock(),
            output,
            newline_after_answer,
        }
    }
}

impl<R: BufRead, W: Write> PlainUi<R, W> {
    pub fn new(input: R, output: W) -> Self {
        PlainUi {
            input,
            output,
            newline_after_answer: false,
        }
    }

    /// What was written, for the tests that read the transcript.
    #[cfg(test)]
    pub fn into_output(self) -> W {
        self.output
    }

    /// Every line goes out here: text from content is shown, never obeyed.
    fn line(&mut self, text: &str) {
        let _ = writeln!(self.output, "{}", crate::text::visible(text, true));
    }

    fn ask(&mut self, prompt: &str) {
        let _ = write!(self.output, "{} ", crate::text::visible(prompt, true));
        let _ = self.output.flush();
    }

    /// Reads one answer line. End of input interrupts; a line that is not
    /// text, or too long, gives `Ok(None)` after saying why. At most
    /// `MAX_LINE + 1` bytes of a line are kept: the rest of a longer line is
    /// skipped as it comes, so endless input without a newline (`< /dev/zero`)
    /// does not fill the memory.
    fn read(&mut self) -> Result<Option<String>> {
        let mut bytes = Vec::new();
        let mut length = 0usize;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::msg(fill(t().core.stdin_failed, &[("error", &e)]))),
            };
            if chunk.is_empty() {
                break;
            }
            let (used, end) = match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = (MAX_LINE + 1).saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..used.min(room)]);
            length = length.saturating_add(used);
            self.input.consume(used);
            if end {
                break;
            }
        }
        if length == 0 {
            self.line("");
            return Err(Error::Interrupted(t().core.interrupted.to_string()));
        }
        if self.newline_after_answer {
            self.line("");
        }
        if length > MAX_LINE {
            self.line(&fill(t().core.hint_too_long, &[("max", &MAX_LINE)]));
            return Ok(None);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text.trim_end_matches(['\n', '\r']).to_string())),
            Err(_) => {
                self.line(t().core.hint_not_utf8);
                Ok(None)
            }
        }
    }

    /// Says in words which choices the numbers stood for.
    fn echo(&mut self, items: &[String], picked: &[usize]) {
        let given = super::chosen(items, picked);
        self.line(&fill(t().core.your_answer, &[("answer", &given)]));
    }

    fn show_choices(&mut self, prompt: &str, items: &[String]) {
        self.line(prompt);
        for (i, item) in items.iter().enumerate() {
            self.line(&format!("  {}. {item}", i + 1));
        }
    }

    /// Reads choice numbers: one, or exactly `count` when `count` is given.
    fn choices(
        &mut self,
        prompt: &str,
        items: &[String],
        count: Option<usize>,
    ) -> Result<Vec<usize>> {
        let core = &t().core;
        let multiple = count.is_some();
        let ask = match count {
            Some(count) => fill(
                core.answer_count_numbers,
                &[("count", &count), ("max", &items.len())],
            ),
            None => fill(core.answer_number, &[("max", &items.len())]),
        };
        self.show_choices(prompt, items);
        loop {
            self.ask(&ask);
            let Some(line) = self.read()? else {
                self.show_choices(prompt, items);
                continue;
            };
            match parse_choices(&line, items.len(), multiple) {
                Ok(picked) if count.is_none_or(|count| picked.len() == count) => {
                    return Ok(picked);
                }
                Ok(picked) => {
                    let count = count.unwrap_or(1);
                    self.line(&fill(
                        core.hint_count,
                        &[("count", &count), ("given", &picked.len())],
                    ));
                    self.show_choices(prompt, items);
                }
                Err(err) => {
                    let hint = match err {
                        InputError::Empty => core.hint_empty.to_string(),
                        InputError::NotANumber(word) => {
                            fill(core.hint_not_a_number, &[("word", &word)])
                        }
                        InputError::OutOfRange(n) => {
                            fill(core.hint_out_of_range, &[("n", &n), ("max", &items.len())])
                        }
                        InputError::OneOnly => core.hint_one_only.to_string(),
                    };
                    self.line(&hint);
                    self.show_choices(prompt, items);
                }
            }
        }
    }
}

impl<R: BufRead, W: Write> Ui for PlainUi<R, W> {
    fn title(&mut self, text: &str) {
        self.line("");
        self.line(text);
    }

    fn text(&mut self, text: &str) {
        self.line(text.trim());
    }

    fn markdown(&mut self, source: &str) {
        let rendered = markdown::render(source, None, false);
        self.line(&rendered);
    }

    fn verdict(&mut self, _right: bool, text: &str) {
        self.line(text);
    }

    fn note(&mut self, text: &str) {
        self.line(text);
    }

    /// The label already says how far along it is: no bar in plain mode.
    fn progress(&mut self, _done: usize, _total: usize, label: &str) {
        self.line(&fill(t().core.progress_line, &[("label", &label)]));
    }

    fn pause(&mut self, prompt: &str) -> Result<()> {
        self.ask(prompt);
        // Whatever the line holds, it only says "go on".
        self.read().map(|_| ())
    }

    fn select(&mut self, prompt: &str, items: &[String], _default: usize) -> Result<usize> {
        let picked = self.choices(prompt, items, None)?;
        self.echo(items, &picked);
        Ok(picked[0])
    }

    fn multi_select(&mut self, prompt: &str, items: &[String], count: usize) -> Result<Vec<usize>> {
        let picked = self.choices(prompt, items, Some(count))?;
        self.echo(items, &picked);
        Ok(picked)
    }

    fn input(
        &mut self,
        prompt: &str,
        default: Option<&str>,
        validate: Validator,
    ) -> Result<String> {
        let prompt = match default {
            Some(d) if !d.is_empty() => fill(
                t().core.prompt_with_default,
                &[("prompt", &prompt), ("default", &d)],
            ),
            _ => prompt.to_string(),
        };
        loop {
            self.ask(&prompt);
            let Some(line) = self.read()? else { continue };
            let line = line.trim();
            let value = match default {
                Some(d) if line.is_empty() => d.to_string(),
                _ => line.to_string(),
            };
            match validate(&value) {
                Ok(()) => return Ok(value),
                Err(hint) => self.line(&hint),
            }
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        let choices = if default {
            t().core.yes_no_default_yes
        } else {
            t().core.yes_no_default_no
        };
        loop {
            self.ask(&format!("{prompt} {choices}"));
            let Some(line) = self.read()? else { continue };
            match crate::text::fold(&line).as_str() {
                "" => return Ok(default),
                "o" | "oui" | "y" | "yes" => return Ok(true),
                "n" | "non" | "no" => return Ok(false),
                _ => self.line(t().core.hint_yes_no),
            }
        }
    }
}

/// Why a typed choice line was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
enum InputError {
    Empty,
    NotANumber(String),
    OutOfRange(usize),
    /// Several numbers for a question with one right choice.
    OneOnly,
}

/// Reads a choice line: `2`, or for a multiple-answer question `1,3` or `1 3`.
/// Returns indices from 0, in the order given, without repeats.
fn parse_choices(line: &str, count: usize, multiple: bool) -> Result<Vec<usize>, InputError> {
    let parts: Vec<&str> = line
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(InputError::Empty);
    }
    if parts.len() > 1 && !multiple {
        return Err(InputError::OneOnly);
    }
    let mut picked = Vec::with_capacity(parts.len());
    for part in parts {
        let n: usize = part
            .parse()
            .map_err(|_| InputError::NotANumber(part.chars().take(40).collect()))?;
        if n == 0 || n > count {
            return Err(InputError::OutOfRange(n));
        }
        if !picked.contains(&(n - 1)) {
            picked.push(n - 1);
        }
    }
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(input: &str, f: impl FnOnce(&mut PlainUi<&[u8], Vec<u8>>) -> T) -> (T, String) {
        let mut ui = PlainUi::new(input.as_bytes(), Vec::new());
        let out = f(&mut ui);
        (out, String::from_utf8(ui.into_output()).unwrap())
    }

    fn items() -> Vec<String> {
        vec!["un".into(), "deux".into(), "trois".into()]
    }

    #[test]
    fn select_repeats_the_question_on_invalid_input() {
        let (picked, out) = run("\nabc\n9\n2\n", |ui| ui.select("Q ?", &items(), 0).unwrap());
        assert_eq!(picked, 1);
        assert_eq!(out.matches("Q ?").count(), 4);
        assert!(out.contains("  1. un\n  2. deux\n  3. trois\n"));
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn multi_select_takes_commas_or_spaces() {
        let (picked, _) = run("1,3\n", |ui| ui.multi_select("Q", &items(), 2).unwrap());
        assert_eq!(picked, vec![0, 2]);
        let (picked, _) = run("3 1\n", |ui| ui.multi_select("Q", &items(), 2).unwrap());
        assert_eq!(picked, vec![2, 0]);
    }

    #[test]
    fn multi_select_refuses_another_count_with_a_hint_and_asks_again() {
        let (picked, out) = run("1\n1,2,3\n2 3\n", |ui| {
            ui.multi_select("Q ?", &items(), 2).unwrap()
        });
        assert_eq!(picked, vec![1, 2]);
        assert_eq!(out.matches("Q ?").count(), 3, "{out}");
        let hint = |given: usize| fill(t().core.hint_count, &[("count", &2), ("given", &given)]);
        assert!(out.contains(&hint(1)), "{out}");
        assert!(out.contains(&hint(3)), "{out}");
        assert!(out.contains("Ta réponse\u{a0}: deux\u{a0}; trois"), "{out}");
        assert!(out.contains("(2\u{a0}numéros de 1 à 3"), "{out}");
    }

    #[test]
    fn end_of_input_interrupts() {
        let (result, _) = run("", |ui| ui.select("Q", &items(), 0));
        assert!(matches!(result, Err(Error::Interrupted(_))));
    }

    #[test]
    fn invalid_utf8_is_refused_and_asked_again() {
        let mut ui = PlainUi::new(&b"\xff\xfe\n2\n"[..], Vec::new());
        assert_eq!(ui.select("Q", &items(), 0).unwrap(), 1);
    }

    #[test]
    fn a_line_too_long_is_refused_without_being_kept_whole() {
        let long = "1".repeat(MAX_LINE * 50);
        let input = format!("{long}\n{}\n2\n", "2".repeat(MAX_LINE));
        let (picked, out) = run(&input, |ui| ui.select("Q", &items(), 0).unwrap());
        assert_eq!(picked, 1);
        assert_eq!(out.matches("trop longue").count(), 2);
        // A last line without a newline still counts; endless bytes without
        // one end as a refused line at the end of input.
        let (picked, _) = run("3", |ui| ui.select("Q", &items(), 0).unwrap());
        assert_eq!(picked, 2);
        let (result, out) = run(&"x".repeat(MAX_LINE * 3), |ui| ui.select("Q", &items(), 0));
        assert!(matches!(result, Err(Error::Interrupted(_))));
        assert!(out.contains("trop longue"));
    }

    #[test]
    fn confirm_understands_french_and_english() {
        for (line, expected) in [
            ("o", true),
            ("Oui", true),
            ("yes", true),
            ("y", true),
            ("n", false),
            ("NON", false),
            ("no", false),
            ("", false),
        ] {
            let (answer, _) = run(&format!("{line}\n"), |ui| {
                ui.confirm("Sûr ?", false).unwrap()
            });
            assert_eq!(answer, expected, "{line:?}");
        }
        let (answer, _) = run("peut-être\noui\n", |ui| {
            ui.confirm("Sûr ?", false).unwrap()
        });
        assert!(answer);
    }

    #[test]
    fn input_uses_the_default_and_the_validator() {
        let not_empty = |s: &str| {
            if s.is_empty() {
                Err("vide".to_string())
            } else {
                Ok(())
            }
        };
        let (value, _) = run("\n", |ui| ui.input("Nom", Some("x"), &not_empty).unwrap());
        assert_eq!(value, "x");
        let (value, out) = run("\n  Camille \n", |ui| {
            ui.input("Nom", None, &not_empty).unwrap()
        });
        assert_eq!(value, "Camille");
        assert!(out.contains("vide"));
    }

    #[test]
    fn choice_lines_are_numbers_from_one() {
        assert_eq!(parse_choices("2", 3, false), Ok(vec![1]));
        assert_eq!(parse_choices(" 3 ", 3, false), Ok(vec![2]));
        assert_eq!(parse_choices("1,3", 3, true), Ok(vec![0, 2]));
        assert_eq!(parse_choices("1 3", 3, true), Ok(vec![0, 2]));
        assert_eq!(parse_choices("3, 1, 3", 3, true), Ok(vec![2, 0]));
        assert_eq!(parse_choices("", 3, false), Err(InputError::Empty));
        assert_eq!(parse_choices(" , ", 3, true), Err(InputError::Empty));
        assert_eq!(parse_choices("0", 3, false), Err(InputError::OutOfRange(0)));
        assert_eq!(parse_choices("4", 3, false), Err(InputError::OutOfRange(4)));
        assert_eq!(parse_choices("1 2", 3, false), Err(InputError::OneOnly));
        assert_eq!(
            parse_choices("deux", 3, false),
            Err(InputError::NotANumber("deux".into()))
        );
        assert_eq!(
            parse_choices("99999999999999999999999", 3, false),
            Err(InputError::NotANumber("99999999999999999999999".into()))
        );
    }
}
