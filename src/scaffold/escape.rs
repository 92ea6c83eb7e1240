//! Escaping of user values for the formats templates write: YAML, TOML and
//! Markdown. Templates never paste a user value raw into one of these files:
//! the renderer escapes every `{{ value }}` by the file's format.

use std::fmt::Write;

/// A YAML double-quoted scalar holding exactly `text`.
pub(crate) fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_yaml_escape(c) => {
                let code = u32::from(c);
                if code <= 0xffff {
                    let _ = write!(out, "\\u{code:04X}");
                } else {
                    let _ = write!(out, "\\U{code:08X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters outside YAML's printable set, plus the invisible ones that
/// are better seen as escapes (line and paragraph separators, BOM).
fn needs_yaml_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A YAML literal block scalar (`|-`) whose lines are indented by `indent`
/// spaces, for long texts that read better on several lines. Falls back to a
/// double-quoted scalar when the text could not be said safely as a block:
/// empty, a leading space, trailing spaces, tabs or special characters.
pub(crate) fn yaml_block(text: &str, indent: usize) -> String {
    let plain_lines = text.lines().all(|line| line.trim_end() == line);
    let safe = !text.is_empty()
        && !text.starts_with([' ', '\n'])
        && !text.ends_with('\n')
        && plain_lines
        && !text
            .chars()
            .any(|c| c == '\t' || c == '\r' || needs_yaml_escape(c) && c != '\n');
    if !safe {
        return yaml_quoted(text);
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in text.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// A TOML string holding exactly `text`.
pub(crate) fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Inline Markdown showing exactly `text`: characters that would start
/// emphasis, links, code, HTML or tables are backslash-escaped, and line
/// breaks become spaces, so a value never changes the document's structure.
pub(crate) fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for (i, c) in flat.chars().enumerate() {
        let special = "\\`*_[]<>#|~&".contains(c) || (i == 0 && "-+=".contains(c));
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
    use proptest::prelude::*;

    fn parse_yaml(doc: &str) -> String {
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(doc).unwrap();
        value["key"]["inner"].as_str().unwrap().to_string()
    }

    proptest! {
        #[test]
        fn yaml_quoted_round_trips(text in any::<String>()) {
            let doc = format!("key:\n  inner: {}\n", yaml_quoted(&text));
            prop_assert_eq!(parse_yaml(&doc), text);
        }

        #[test]
        fn yaml_block_round_trips(text in "[a-zA-Zé0-9 :#'\"{}%!&*|>\\-\n]{1,200}") {
            let doc = format!("key:\n  inner: {}\n", yaml_block(&text, 4));
            prop_assert_eq!(parse_yaml(&doc), text);
        }

        #[test]
        fn toml_string_round_trips(text in any::<String>()) {
            let doc = format!("key = {}\n", toml_string(&text));
            let value: toml::Table = toml::from_str(&doc).unwrap();
            prop_assert_eq!(value["key"].as_str().unwrap(), text.as_str());
        }
    }

    #[test]
    fn hostile_yaml_values_stay_strings() {
        for text in [
            "a: b",
            "- x",
            "\"quoted\"",
            "{{ x }}",
            "{% if %}",
            "#comment",
            "yes",
            "null",
            "1.0",
            "&anchor *alias",
            "line\nbreak",
        ] {
            let doc = format!("key:\n  inner: {}\n", yaml_quoted(text));
            assert_eq!(parse_yaml(&doc), text);
        }
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
    }
}
