//! The checker's warnings: what makes a quiz easy to guess, and French
//! typography. A warning never refuses the content (unless `--strict`); it
//! is placed at FILE:LINE:COL like a problem, and says « attention » or
//! "warning" so that a reader tells it apart.

use toml::Spanned;

use super::problem::{Problem, at};
use super::raw::{RawChoice, RawQuestion, RawStep};
use crate::i18n::{fill, t};
use crate::text::fold;

/// The right choice counts as "clearly longer" from this ratio to the next longest.
const LONGEST_RATIO: f64 = 1.3;

/// One wording of a question (the question itself, or one of its variants).
struct Wording<'a> {
    prompt: &'a Spanned<String>,
    explanation: Option<&'a Spanned<String>>,
    choices: Option<&'a Spanned<Vec<Spanned<RawChoice>>>>,
    accept: Option<&'a Spanned<Vec<Spanned<String>>>>,
}

fn wordings(question: &RawQuestion) -> Vec<Wording<'_>> {
    let mut all = vec![Wording {
        prompt: &question.prompt,
        explanation: question.explanation.as_ref(),
        choices: question.choices.as_ref(),
        accept: question.accept.as_ref(),
    }];
    all.extend(question.variants.iter().map(|v| {
        let v = v.get_ref();
        Wording {
            prompt: &v.prompt,
            explanation: v.explanation.as_ref(),
            choices: v.choices.as_ref(),
            accept: v.accept.as_ref(),
        }
    }));
    all
}

/// The warnings on a valid step, in file order of the questions.
pub(super) fn step(name: &str, text: &str, raw: &RawStep, french: bool, out: &mut Vec<Problem>) {
    let core = &t().core;
    let warn = |offset: usize, message: &str| at(name, text, offset, message);
    let title = fold(raw.title.get_ref());
    // Rendering counts levels from 0: MAX_LIST_DEPTH + 1 levels are shown.
    let shown = super::MAX_LIST_DEPTH + 1;
    if list_depth(raw.body.get_ref()) > shown {
        let message = fill(core.warn_deep_lists, &[("depth", &shown)]);
        out.push(warn(raw.body.span().start, &message));
    }
    if french {
        typography(name, text, &raw.title, out);
        typography(name, text, &raw.body, out);
        if let Some(reflection) = &raw.reflection {
            let r = reflection.get_ref();
            typography(name, text, &r.prompt, out);
            if let Some(commitment) = &r.commitment {
                typography(name, text, commitment, out);
            }
        }
    }
    for (index, question) in raw.questions.iter().enumerate() {
        for wording in wordings(question.get_ref()) {
            if let Some(choices) = wording.choices {
                choice_warnings(choices, &warn, out);
            }
            if let Some(accept) = wording.accept {
                for answer in accept.get_ref() {
                    let folded = fold(answer.get_ref());
                    if folded.is_empty() {
                        continue;
                    }
                    if contains_words(&title, &folded) {
                        let message = fill(
                            core.warn_answer_in_title,
                            &[("answer", &answer.get_ref().trim())],
                        );
                        out.push(warn(answer.span().start, &message));
                        continue;
                    }
                    let elsewhere = raw.questions.iter().enumerate().find(|(other, q)| {
                        *other != index
                            && wordings(q.get_ref())
                                .iter()
                                .any(|w| contains_words(&fold(w.prompt.get_ref()), &folded))
                    });
                    if let Some((other, _)) = elsewhere {
                        let message = fill(
                            core.warn_answer_in_prompt,
                            &[("answer", &answer.get_ref().trim()), ("n", &(other + 1))],
                        );
                        out.push(warn(answer.span().start, &message));
                    }
                }
            }
            if french {
                typography(name, text, wording.prompt, out);
                if let Some(explanation) = wording.explanation {
                    typography(name, text, explanation, out);
                }
                for choice in wording
                    .choices
                    .map(|c| c.get_ref().as_slice())
                    .unwrap_or(&[])
                {
                    let c = choice.get_ref();
                    typography(name, text, &c.text, out);
                    if let Some(why) = &c.why {
                        typography(name, text, why, out);
                    }
                }
            }
        }
    }
}

/// The deepest nesting of lists in a Markdown text (0: no list).
fn list_depth(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Whether `needle`'s words appear, in a row, among `haystack`'s (both folded).
fn contains_words(haystack: &str, needle: &str) -> bool {
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

fn choice_warnings(
    choices: &Spanned<Vec<Spanned<RawChoice>>>,
    warn: &dyn Fn(usize, &str) -> Problem,
    out: &mut Vec<Problem>,
) {
    let core = &t().core;
    let list = choices.get_ref();
    let right = list.iter().filter(|c| c.get_ref().correct).count();
    let wrong = list.len() - right;
    if right > 1 && wrong <= 1 {
        out.push(warn(choices.span().start, core.warn_single_wrong));
    }
    // The longest choice is right, and clearly longer than the next longest.
    let length = |c: &Spanned<RawChoice>| c.get_ref().text.get_ref().trim().chars().count();
    if let Some(longest) = list.iter().max_by_key(|c| length(c))
        && longest.get_ref().correct
    {
        let next = list
            .iter()
            .filter(|c| !std::ptr::eq(*c, longest))
            .map(length)
            .max()
            .unwrap_or(0);
        if next > 0 && length(longest) as f64 >= LONGEST_RATIO * next as f64 {
            let message = fill(
                core.warn_longest_right,
                &[("long", &length(longest)), ("next", &next)],
            );
            out.push(warn(longest.get_ref().text.span().start, &message));
        }
    }
    for choice in list {
        let c = choice.get_ref();
        if !c.correct && c.why.as_ref().is_none_or(|w| w.get_ref().trim().is_empty()) {
            out.push(warn(c.text.span().start, core.warn_no_why));
        }
    }
}

/// The journey file's texts, in French typography.
pub(super) fn journey(name: &str, text: &str, out: &mut Vec<Problem>) {
    #[derive(serde::Deserialize)]
    struct Texts {
        title: Option<Spanned<String>>,
        welcome: Option<Spanned<String>>,
        closing: Option<Spanned<String>>,
    }
    let Ok(texts) = toml::from_str::<Texts>(text) else {
        return;
    };
    for value in [texts.title, texts.welcome, texts.closing].iter().flatten() {
        typography(name, text, value, out);
    }
}

/// Whether a character is a non-breaking space as French typography wants
/// it: U+00A0, or the narrow U+202F.
fn is_nbsp(c: char) -> bool {
    c == '\u{a0}' || c == '\u{202f}'
}

/// French typography in one string value: a non-breaking space before
/// `: ; ! ?` and inside « », outside `code` spans and URLs. The value is
/// read as written in the file when it holds no escape, so each warning
/// points at its character; otherwise the warning points at the value.
fn typography(name: &str, text: &str, value: &Spanned<String>, out: &mut Vec<Problem>) {
    let span = value.span();
    let source = text.get(span.clone()).unwrap_or("");
    let (scanned, base, exact) = if source.contains('\\') || source.is_empty() {
        (value.get_ref().as_str(), span.start, false)
    } else {
        (source, span.start, true)
    };
    for (offset, message) in typography_faults(scanned) {
        let place = if exact { base + offset } else { base };
        out.push(at(name, text, place, &message));
        if !exact {
            // One warning per value when it cannot be placed exactly.
            return;
        }
    }
}

/// The byte offsets (in `s`) of typography faults, and their messages.
fn typography_faults(s: &str) -> Vec<(usize, String)> {
    let core = &t().core;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut faults = Vec::new();
    let mut in_code = false;
    let mut word_start = 0;
    for (k, &(offset, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if c.is_whitespace() {
            word_start = k + 1;
        }
        if in_code || in_url(&chars[word_start..]) {
            continue;
        }
        let before = k.checked_sub(1).map(|i| chars[i].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let bad = match c {
            ':' | ';' | '!' | '?' => match before {
                // At the start of a line, after another mark (« ?! »), or
                // between digits (10:30): nothing to add.
                None | Some('\n' | '"' | '\'' | '!' | '?' | '(' | '[') => false,
                Some(b) if b.is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit()) => false,
                // A colon glued to a word in the middle of a token (a key,
                // "v1:2"): only a following space marks punctuation.
                Some(b)
                    if c == ':' && !b.is_whitespace() && !after.is_none_or(char::is_whitespace) =>
                {
                    false
                }
                Some(b) => !is_nbsp(b),
            },
            '«' => !after.is_some_and(is_nbsp),
            '»' => !before.is_some_and(is_nbsp),
            _ => false,
        };
        if bad {
            let message = if matches!(c, '«' | '»') {
                core.warn_typo_quotes.to_string()
            } else {
                fill(core.warn_typo_space, &[("mark", &c)])
            };
            faults.push((offset, message));
        }
    }
    faults
}

/// Whether the word starting here (up to the next space) is a URL, or
/// holds one, as a Markdown link's target does.
fn in_url(word: &[(usize, char)]) -> bool {
    let token: String = word
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| !c.is_whitespace())
        .collect();
    let token = token.trim_start_matches(['(', '<', '[']);
    token.contains("://") || token.starts_with("mailto:") || token.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(s: &str) -> Vec<usize> {
        typography_faults(s).into_iter().map(|(o, _)| o).collect()
    }

    #[test]
    fn french_marks_want_a_non_breaking_space() {
        assert!(faults("Bonjour\u{a0}! Ça va\u{202f}? Oui\u{a0}: bien\u{a0};").is_empty());
        assert_eq!(faults("Bonjour !"), vec![8]);
        assert_eq!(faults("Quoi?"), vec![4]);
        // « is two bytes.
        assert_eq!(faults("« texte »"), vec![0, 9]);
        assert!(faults("«\u{a0}texte\u{a0}»").is_empty());
        // Code, URLs, times and marks in a row are left alone.
        assert!(faults("Lance `onboard step:1 ?` puis").is_empty());
        assert!(faults("Voir https://example.org/a?b=c:d et [lien](https://x.org/?q)").is_empty());
        assert!(faults("À 10:30\u{a0}?!").is_empty());
    }
}
