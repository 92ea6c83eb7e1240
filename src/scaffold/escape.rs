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
}
