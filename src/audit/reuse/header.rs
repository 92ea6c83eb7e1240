//! The REUSE information in a file's text: its licence expressions and
//! whether it holds a copyright notice, read line by line as reuse reads
//! them (its `extract_reuse_info`), whatever the comment style.
//!
//! A line counts from its first `SPDX-…:` tag, `Copyright` or `©`. What
//! came before on the line (the comment's opening: `#`, `//`, `/*`, `|*`,
//! `{#`, `(*`, `<!--`…) is trimmed, and that opening reversed is cut from the
//! end of the line (`|*` closes with `*|`). Then any run of comment endings
//! that reuse knows (`*/`, `-->`, `#}`, `*)`, `--}}`…, and `">`, `'>`, `] ::`
//! of markup) is cut from the end of the value. Text between
//! `REUSE-IgnoreStart` and `REUSE-IgnoreEnd` is skipped.

// Written in pieces so that REUSE tools do not read this file's own text as
// tags.
const LICENCE_TAG: &str = concat!("SPDX-", "License-Identifier:");
const IGNORE_START: &str = concat!("REUSE-", "IgnoreStart");
const IGNORE_END: &str = concat!("REUSE-", "IgnoreEnd");
const COPYRIGHT_TAGS: [&str; 2] = [
    concat!("SPDX-", "FileCopyrightText:"),
    concat!("SPDX-", "SnippetCopyrightText:"),
];

/// Every multi-line comment ending of reuse's comment styles.
const ENDINGS: &[&str] = &[
    "}", ":)", "=#", "'/", "-/", "*)", "*/", "#}", "*#", "-->", "--}}", "--%>",
];

/// What a file (or a `.license` sidecar) says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Info {
    /// The licence expressions, as written.
    pub expressions: Vec<String>,
    pub copyright: bool,
}

impl Info {
    pub(crate) fn is_empty(&self) -> bool {
        self.expressions.is_empty() && !self.copyright
    }
}

/// The information in `text`.
pub(crate) fn extract(text: &str) -> Info {
    let text = without_ignored(text);
    let mut info = Info::default();
    for line in text.split(['\n', '\r']) {
        let Some(start) = first_marker(line) else {
            continue;
        };
        let prefix: String = line[..start].trim().chars().rev().collect();
        let line = line.strip_suffix(prefix.as_str()).unwrap_or(line);
        if is_copyright(line) {
            info.copyright = true;
        } else if let Some(at) = line.find(LICENCE_TAG) {
            let value = value_of(&line[at + LICENCE_TAG.len()..]);
            if !info.expressions.iter().any(|e| e == value) {
                info.expressions.push(value.to_string());
            }
        }
    }
    info
}

/// `text` without its ignored regions.
fn without_ignored(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(IGNORE_START) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(IGNORE_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + IGNORE_START.len()..];
        match after.find(IGNORE_END) {
            Some(end) => rest = &after[end + IGNORE_END.len()..],
            None => return out.into(),
        }
    }
    out.push_str(rest);
    out.into()
}

/// Where the first `SPDX-…:`, `Copyright` or `©` of a line starts.
fn first_marker(line: &str) -> Option<usize> {
    let candidates = [line.find("SPDX-"), line.find("Copyright"), line.find('©')];
    let mut best: Option<usize> = None;
    for found in candidates.into_iter().flatten() {
        best = Some(best.map_or(found, |b| b.min(found)));
    }
    let first = best?;
    if line[first..].starts_with("SPDX-") && !spdx_tag_at(&line[first..]) {
        // Not a tag (no colon before a space): look past it.
        let next = first + "SPDX-".len();
        return first_marker(&line[next..]).map(|i| i + next);
    }
    Some(first)
}

/// `SPDX-` followed by non-space characters and a colon.
fn spdx_tag_at(text: &str) -> bool {
    let rest = &text["SPDX-".len()..];
    let word = rest.split(char::is_whitespace).next().unwrap_or("");
    word.len() > 1 && word[1..].contains(':')
}

/// reuse's copyright notice: an SPDX copyright tag, `©`, or `Copyright`
/// followed by a space, `©` or `(c)`.
fn is_copyright(line: &str) -> bool {
    if line.contains('©') || COPYRIGHT_TAGS.iter().any(|tag| line.contains(tag)) {
        return true;
    }
    line.match_indices("Copyright").any(|(at, word)| {
        let after = &line[at + word.len()..];
        after.starts_with(char::is_whitespace) || {
            let after = after.trim_start();
            after.starts_with("(c)") || after.starts_with("(C)")
        }
    })
}

/// The expression after the tag: without the spaces around it and the
/// comment endings after it.
fn value_of(after_tag: &str) -> &str {
    let value = after_tag.trim_start();
    let bytes = value.as_bytes();
    let n = bytes.len();
    // ends[q]: from q, only endings and spaces remain.
    let mut ends = vec![false; n + 1];
    let mut tail = vec![false; n + 1];
    ends[n] = true;
    tail[n] = true;
    for q in (0..n).rev() {
        let rest = &value.as_bytes()[q..];
        let ws = bytes[q].is_ascii_whitespace();
        let mut ok = ws && tail[q + 1];
        if !ok {
            ok = ENDINGS
                .iter()
                .any(|e| rest.starts_with(e.as_bytes()) && ends[q + e.len()]);
        }
        if !ok && matches!(bytes[q], b'"' | b'\'') {
            let mut i = q + 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            while i < n && bytes[i] == b'/' {
                i += 1;
            }
            ok = i < n && bytes[i] == b'>' && ends[i + 1];
        }
        if !ok && bytes[q] == b']' {
            let mut i = q + 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            ok = value.as_bytes()[i..].starts_with(b"::") && ends[i + 2];
        }
        tail[q] = ws && tail[q + 1];
        ends[q] = ok || tail[q];
    }
    let cut = (0..=n)
        .find(|&q| value.is_char_boundary(q) && ends[q])
        .unwrap_or(n);
    value[..cut].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn licences(text: &str) -> Vec<String> {
        extract(text).expressions
    }

    #[test]
    fn every_comment_style_gives_the_bare_expression() {
        let t = LICENCE_TAG;
        for line in [
            format!("# {t} MIT"),
            format!("// {t} MIT"),
            format!("/* {t} MIT */"),
            format!("<!-- {t} MIT -->"),
            format!("|* {t} MIT *|"),
            format!("{{# {t} MIT #}}"),
            format!("(* {t} MIT *)"),
            format!("{{{{!-- {t} MIT --}}}}"),
            format!("<%-- {t} MIT --%>"),
            format!("-- {t} MIT"),
            format!("% {t} MIT"),
            format!(".. {t} MIT"),
            format!("<tag value=\"{t} MIT\" />"),
            format!("[{t} MIT] ::"),
            format!("#| {t} MIT |#"),
            format!("\"\"\" {t} MIT"),
            format!("{t}MIT"),
        ] {
            assert_eq!(licences(&line), vec!["MIT"], "{line}");
        }
        assert_eq!(
            licences(&format!("# {t} MIT OR Apache-2.0\n")),
            vec!["MIT OR Apache-2.0"]
        );
    }

    #[test]
    fn copyright_takes_the_forms_reuse_accepts() {
        for line in [
            concat!("# SPDX-", "FileCopyrightText: 2024 Élise"),
            "// Copyright 2024 Élise",
            "Copyright (C) 2024 Élise",
            "Copyright© Élise",
            "/* © 2024 Élise */",
            concat!("SPDX-", "SnippetCopyrightText: x"),
        ] {
            assert!(extract(line).copyright, "{line}");
        }
        for line in [
            "Copyrighted",
            "Copyright:",
            "# Copyright",
            "copyright 2024 x",
        ] {
            assert!(!extract(line).copyright, "{line}");
        }
    }

    #[test]
    fn ignored_regions_are_skipped() {
        let text = format!(
            "{IGNORE_START}\n# {LICENCE_TAG} GPL-3.0-only\n{IGNORE_END}\n# {LICENCE_TAG} MIT\n{IGNORE_START}\n© x"
        );
        let info = extract(&text);
        assert_eq!(info.expressions, vec!["MIT"]);
        assert!(!info.copyright);
    }

    #[test]
    fn a_tag_without_a_value_is_an_empty_expression() {
        assert_eq!(licences(&format!("# {LICENCE_TAG}")), vec![""]);
        assert!(licences("SPDX-nothing here").is_empty());
    }
}
