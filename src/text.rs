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

/// Text from outside the binary (content, progress files, file names,
/// audited repositories), made safe to print on a terminal: every control
/// character (C0, DEL, C1: escape sequences, OSC 52 clipboard writes,
/// cursor moves, window titles…) and every character that reorders text
/// (bidi controls) is shown visibly, as `\u{1b}`. Line breaks and tabs are
/// kept where the text may hold them (`lines`), shown otherwise.
pub fn visible(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && !(lines && (c == '\n' || c == '\t')))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One CSV cell: control characters shown visibly (the CSV may go to a
/// terminal), a leading `=`, `+`, `-`, `@`, tab or carriage return
/// neutralised with `'` (a spreadsheet would run it as a formula), and
/// quoted when it holds a comma, a quote or a line break (RFC 4180).
pub(crate) fn csv_cell(cell: &str) -> String {
    let mut text = visible(cell, false).into_owned();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Percent-encodes every byte of `text`'s UTF-8 but the unreserved ones
/// of RFC 3986 (letters, digits, `-`, `.`, `_`, `~`) and those in `keep`
/// (`b"/"` for a path).
pub(crate) fn percent_encode(text: &str, keep: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Inline Markdown showing exactly `text`: characters that would start
/// emphasis, links, images, code, HTML or tables are backslash-escaped,
/// and line breaks become spaces, so a value from outside (an answer, a
/// report, a step's title) never changes the document's structure. The one
/// escape of scaffold's templates, the report and the cohort.
pub(crate) fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for (i, c) in flat.chars().enumerate() {
        let special = "\\`*_[]<>#|~&!".contains(c) || (i == 0 && "-+=".contains(c));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    escape_leading_ordered_list(out)
}

/// `1. text` or `1) text` at the start of a line would make a list.
fn escape_leading_ordered_list(text: String) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    match text[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => {
            format!("{}\\{c}{}", &text[..digits], &text[digits + 1..])
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("MIT"), "MIT");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(csv_cell(""), "");
    }

    /// Each kind of sequence the adversarial review used.
    #[test]
    fn control_sequences_are_shown_not_obeyed() {
        let cases = [
            (
                "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}",
                "\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}",
            ),
            ("\u{1b}[2J\u{1b}[H", "\\u{1b}[2J\\u{1b}[H"),
            (
                "\u{1b}]8;;https://x\u{1b}\\lien\u{1b}]8;;\u{1b}\\",
                "\\u{1b}]8;;https://x\\u{1b}\\lien\\u{1b}]8;;\\u{1b}\\",
            ),
            ("\u{1b}]0;titre\u{7}", "\\u{1b}]0;titre\\u{7}"),
            ("a\u{9b}31mb", "a\\u{9b}31mb"),
            ("a\u{7f}b\u{8}c\rd", "a\\u{7f}b\\u{8}c\\u{d}d"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
        ];
        for (raw, shown) in cases {
            let out = visible(raw, true);
            assert_eq!(out, shown, "{raw:?}");
            assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        }
        assert_eq!(visible("deux\nlignes\tici", true), "deux\nlignes\tici");
        assert_eq!(visible("deux\nlignes", false), "deux\\u{a}lignes");
        assert!(matches!(
            visible("Café « ouvert » !", false),
            std::borrow::Cow::Borrowed(_)
        ));
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
    fn markdown_escapes_structure() {
        assert_eq!(
            markdown_inline("a *b* [c](d) <e>"),
            "a \\*b\\* \\[c\\](d) \\<e\\>"
        );
        assert_eq!(markdown_inline("# titre"), "\\# titre");
        assert_eq!(markdown_inline("- item"), "\\- item");
        assert_eq!(markdown_inline("12. x"), "12\\. x");
        assert_eq!(markdown_inline("a\nb"), "a b");
        assert_eq!(markdown_inline("Ville de Paris"), "Ville de Paris");
        assert_eq!(markdown_inline("![x](y)"), "\\!\\[x\\](y)");
        assert_eq!(markdown_inline("a | b"), "a \\| b");
    }
}
