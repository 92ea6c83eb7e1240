//! Quiz grading: pure functions, no I/O.

use crate::content::{Answer, Question, Step};

/// An answer as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Indices of the chosen choices, from 0.
    Choices(Vec<usize>),
    Text(String),
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
            let given = crate::text::fold(text);
            !given.is_empty() && accept.iter().any(|a| crate::text::fold(a) == given)
        }
        _ => false,
    }
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
        Question::new("?", None, Answer::Choices(list))
    }

    fn free(accept: &[&str]) -> Question {
        Question::new(
            "?",
            None,
            Answer::Accept(accept.iter().map(|s| s.to_string()).collect()),
        )
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
            fingerprint: Default::default(),
            reflection: None,
            untranslated: false,
        };
        assert!(passes(&step, 3));
        assert!(!passes(&step, 2));
        step.pass_mark = Some(2);
        assert!(passes(&step, 2));
        assert!(!passes(&step, 1));
    }
}
