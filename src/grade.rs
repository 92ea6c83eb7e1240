//! Quiz grading: pure functions, no I/O.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::content::{Answer, Question, Step};

/// An answer as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Indices of the chosen choices, from 0.
    Choices(Vec<usize>),
    Text(String),
}

/// Folds text for comparison: lower case, no accents, punctuation as spaces,
/// runs of spaces as one, no spaces around.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    // Ligatures and letters that do not decompose.
    out.replace('œ', "oe").replace('æ', "ae").replace('ß', "ss")
}

/// Whether a response is right: exactly the right choices, or an accepted text.
pub fn is_right(question: &Question, response: &Response) -> bool {
    match (&question.answer, response) {
        (Answer::Choices(choices), Response::Choices(picked)) => {
            let mut picked = picked.clone();
            picked.sort_unstable();
            picked.dedup();
            let right: Vec<usize> = choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.correct)
                .map(|(i, _)| i)
                .collect();
            picked == right
        }
        (Answer::Accept(accept), Response::Text(text)) => {
            let given = fold(text);
            !given.is_empty() && accept.iter().any(|a| fold(a) == given)
        }
        _ => false,
    }
}

/// Why a typed choice line was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Empty,
    NotANumber(String),
    OutOfRange(usize),
    /// Several numbers for a question with one right choice.
    OneOnly,
}

/// Reads a choice line: `2`, or for a multiple-answer question `1,3` or `1 3`.
/// Returns indices from 0, in the order given, without repeats.
pub fn parse_choices(line: &str, count: usize, multiple: bool) -> Result<Vec<usize>, InputError> {
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

/// Whether `score` right answers pass the step.
pub fn passes(step: &Step, score: usize) -> bool {
    score >= step.pass_mark()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Choice, Kind};

    fn choice(text: &str, correct: bool) -> Choice {
        Choice {
            text: text.into(),
            correct,
            why: None,
        }
    }

    fn choices(list: Vec<Choice>) -> Question {
        Question {
            prompt: "?".into(),
            explanation: None,
            answer: Answer::Choices(list),
        }
    }

    fn free(accept: &[&str]) -> Question {
        Question {
            prompt: "?".into(),
            explanation: None,
            answer: Answer::Accept(accept.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn folding_ignores_case_accents_punctuation_and_spaces() {
        assert_eq!(
            fold("  L'Ouverture   par DÉFAUT ! "),
            "l ouverture par defaut"
        );
        assert_eq!(fold("Humilité"), "humilite");
        assert_eq!(fold("«antifragilité»."), "antifragilite");
        assert_eq!(fold("cœur"), "coeur");
        assert_eq!(fold("Ça"), "ca");
        assert_eq!(fold("  ...  "), "");
        assert_eq!(fold("open-source"), "open source");
    }

    #[test]
    fn free_text_is_right_after_folding() {
        let q = free(&["ouverture par défaut", "ouverture"]);
        assert!(is_right(&q, &Response::Text("OUVERTURE PAR DEFAUT".into())));
        assert!(!is_right(&q, &Response::Text(" l'ouverture ".into())));
        assert!(is_right(&q, &Response::Text("Ouverture.".into())));
        assert!(!is_right(&q, &Response::Text("fermeture".into())));
        assert!(!is_right(&q, &Response::Text("   ".into())));
    }

    #[test]
    fn single_choice_is_right_only_on_the_right_choice() {
        let q = choices(vec![
            choice("a", false),
            choice("b", true),
            choice("c", false),
        ]);
        assert!(is_right(&q, &Response::Choices(vec![1])));
        assert!(!is_right(&q, &Response::Choices(vec![0])));
        assert!(!is_right(&q, &Response::Choices(vec![0, 1])));
        assert!(!is_right(&q, &Response::Text("b".into())));
    }

    #[test]
    fn multiple_choice_needs_exactly_the_right_set() {
        let q = choices(vec![
            choice("a", true),
            choice("b", false),
            choice("c", true),
        ]);
        assert!(q.is_multiple());
        assert!(is_right(&q, &Response::Choices(vec![2, 0])));
        assert!(is_right(&q, &Response::Choices(vec![0, 2, 2])));
        assert!(!is_right(&q, &Response::Choices(vec![0])));
        assert!(!is_right(&q, &Response::Choices(vec![0, 1, 2])));
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

    #[test]
    fn the_pass_mark_defaults_to_every_question() {
        let mut step = Step {
            id: "s".into(),
            title: "S".into(),
            kind: Kind::Value,
            source: None,
            pass_mark: None,
            body: "b".into(),
            questions: vec![free(&["a"]), free(&["b"]), free(&["c"])],
            file: String::new(),
            hash: String::new(),
            untranslated: false,
        };
        assert!(passes(&step, 3));
        assert!(!passes(&step, 2));
        step.pass_mark = Some(2);
        assert!(passes(&step, 2));
        assert!(!passes(&step, 1));
    }
}
