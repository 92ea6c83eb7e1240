//! Which allowed licence a `LICENSE` file holds.
//!
//! Method: both the file and each reference text (SPDX's, from the `license`
//! crate) are normalised — copyright notice lines dropped (they hold the
//! year and holder, or placeholders such as `<year>`), lowercase, every run
//! of punctuation and whitespace made one space — then compared as word
//! multisets with the Sørensen–Dice coefficient: 2·|A∩B| / (|A|+|B|). The
//! best-scoring allowed licence wins if it scores at least [`THRESHOLD`].
//! Close relatives (GPL and AGPL, BSD-2 and BSD-3, the CeCILL family) score
//! high against each other too, which is why the best score decides.

use std::collections::HashMap;

use crate::policy::licences::{LICENCES, text};

/// The least similarity for a text to count as a licence.
pub const THRESHOLD: f64 = 0.9;

/// The best allowed licence for `candidate`, with its score, if any
/// reaches [`THRESHOLD`]; otherwise the best score seen.
pub fn identify(candidate: &str) -> Result<(&'static str, f64), f64> {
    let normalised = normalise(candidate);
    let key = words(&normalised);
    let counts = bag(&normalised);
    let mut best: Option<(&'static str, f64)> = None;
    for licence in &LICENCES {
        let Ok(reference) = text(licence.id) else {
            continue;
        };
        let reference = normalise(reference);
        // The usual case, an unchanged text, needs no counting.
        if words(&reference) == key {
            return Ok((licence.id, 1.0));
        }
        let score = dice(&counts, &bag(&reference));
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((licence.id, score));
        }
    }
    match best {
        Some((id, score)) if score >= THRESHOLD => Ok((id, score)),
        Some((_, score)) => Err(score),
        None => Err(0.0),
    }
}

/// A notice line: "Copyright (c) 2025 Someone", "© …", "(c) …", short.
fn is_notice(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let starts =
        lower.starts_with("copyright") || lower.starts_with("(c)") || lower.starts_with('©');
    starts && lower.split_whitespace().count() < 25
}

fn normalise(text: &str) -> String {
    let kept: Vec<&str> = text.lines().filter(|line| !is_notice(line)).collect();
    kept.join("\n")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The words of a normalised text, in order.
fn words(normalised: &str) -> Vec<&str> {
    normalised.split_whitespace().collect()
}

/// How many times each word of a normalised text occurs.
fn bag(normalised: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in normalised.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

fn dice(a: &HashMap<&str, usize>, b: &HashMap<&str, usize>) -> f64 {
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let common: usize = a
        .iter()
        .map(|(word, n)| (*n).min(b.get(word).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::licences::filled_text;

    #[test]
    fn every_filled_licence_is_identified_as_itself() {
        for licence in &LICENCES {
            let filled = filled_text(licence.id, 2031, "Commune de Test").unwrap();
            let (id, score) = identify(&filled).unwrap();
            assert_eq!(id, licence.id, "score {score}");
            assert!(score > 0.99, "{} {score}", licence.id);
        }
    }

    #[test]
    fn a_slightly_changed_text_is_scored_rather_than_matched() {
        let mit = filled_text("MIT", 2031, "X")
            .unwrap()
            .replace("without restriction", "freely");
        let (id, score) = identify(&mit).unwrap();
        assert_eq!(id, "MIT");
        assert!(score < 1.0 && score > 0.95, "{score}");
    }

    #[test]
    fn rewrapped_text_is_still_recognised() {
        let mit = filled_text("MIT", 2031, "X").unwrap();
        let rewrapped = textwrap::fill(&mit.replace('\n', " "), 60);
        assert_eq!(identify(&rewrapped).unwrap().0, "MIT");
    }

    #[test]
    fn other_texts_are_not_recognised() {
        assert!(
            identify("Tous droits réservés. Ce logiciel est la propriété de la Ville.").is_err()
        );
        let unlicense = "This is free and unencumbered software released into the public domain.";
        assert!(identify(unlicense).is_err());
    }
}
