//! Text helpers with no dependency on the rest of the program.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
