//! Renders a step's Markdown body as readable text: wrapped paragraphs,
//! indented lists, links as "text (address)". With `style`, emphasis uses
//! terminal attributes; without, it is plain words, so a screen reader
//! reads no asterisks.

use console::Style;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::MAX_LIST_DEPTH;

/// `width`: wrap at this many columns; `None` keeps one paragraph per line.
pub fn render(source: &str, width: Option<usize>, style: bool) -> String {
    // Each block, and whether it belongs to a list (list items stay together).
    let mut blocks: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut prefix = String::new();
    let mut links: Vec<String> = Vec::new();
    let mut emphasis = 0usize;
    let mut strong = 0usize;

    let flush =
        |current: &mut String, prefix: &str, blocks: &mut Vec<(String, bool)>, indent: usize| {
            let text = current.trim().to_string();
            current.clear();
            if text.is_empty() {
                return;
            }
            let rest = " ".repeat(indent);
            let block = match width {
                Some(w) => {
                    let options = textwrap::Options::new(w.max(20))
                        .initial_indent(prefix)
                        .subsequent_indent(&rest)
                        .word_splitter(textwrap::WordSplitter::NoHyphenation);
                    textwrap::fill(&text, options)
                }
                None => format!("{prefix}{text}"),
            };
            blocks.push((block, !prefix.is_empty()));
        };

    for event in Parser::new(source) {
        match event {
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &prefix, &mut blocks, indent_of(&lists));
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &prefix, &mut blocks, indent_of(&lists));
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &prefix, &mut blocks, indent_of(&lists));
                let depth = lists.len().saturating_sub(1).min(MAX_LIST_DEPTH);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "-".to_string(),
                };
                prefix = format!("{}{marker} ", "  ".repeat(depth + 1));
            }
            Event::End(TagEnd::Item) => {
                flush(&mut current, &prefix, &mut blocks, indent_of(&lists));
                prefix.clear();
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::BlockQuote(_)) => {
                let indent = if prefix.is_empty() {
                    0
                } else {
                    indent_of(&lists)
                };
                flush(&mut current, &prefix, &mut blocks, indent);
                if !prefix.is_empty() {
                    prefix = " ".repeat(indent_of(&lists));
                }
            }
            Event::Start(Tag::Emphasis) => {
                emphasis += 1;
            }
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop()
                    && !current.trim_end().ends_with(url.as_str())
                {
                    current.push_str(&format!(" ({url})"));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                let styled = if style && (emphasis > 0 || strong > 0) {
                    let mut s = Style::new().force_styling(true);
                    if emphasis > 0 {
                        s = s.italic();
                    }
                    if strong > 0 {
                        s = s.bold();
                    }
                    s.apply_to(text.as_ref()).to_string()
                } else {
                    text.to_string()
                };
                current.push_str(&styled);
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Rule => blocks.push(("—".repeat(width.unwrap_or(20).min(20)), false)),
            _ => {}
        }
    }
    flush(&mut current, &prefix, &mut blocks, indent_of(&lists));
    let mut out = String::new();
    let mut previous_in_list = false;
    for (i, (block, in_list)) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if previous_in_list && *in_list {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(block);
        previous_in_list = *in_list;
    }
    out
}

fn indent_of(lists: &[Option<u64>]) -> usize {
    lists.len().min(MAX_LIST_DEPTH + 1) * 2 + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_drops_markup_and_keeps_links() {
        let md = "Un *texte* avec **force** et un [lien](https://beta.gouv.fr).\n\n- un\n- deux\n\n1. a\n2. b\n";
        let out = render(md, None, false);
        assert_eq!(
            out,
            "Un texte avec force et un lien (https://beta.gouv.fr).\n\n  - un\n  - deux\n  1. a\n  2. b"
        );
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width() {
        let md = "mot ".repeat(60);
        let out = render(&md, Some(30), false);
        assert!(out.lines().count() > 5);
        assert!(out.lines().all(|l| l.chars().count() <= 30));
    }

    #[test]
    fn styled_rendering_uses_terminal_attributes() {
        let out = render("un *mot*", Some(80), true);
        assert!(out.contains('\u{1b}'));
        assert!(out.contains("mot"));
    }

    /// Nested list markers cost output (and time) in proportion to their
    /// length, not its square: before the cap, 20,000 markers rendered
    /// 400 million spaces of indentation.
    #[test]
    fn deeply_nested_lists_are_rendered_at_a_bounded_depth() {
        let md = "- ".repeat(20_000);
        for width in [None, Some(80)] {
            let out = render(&md, width, false);
            assert!(out.len() < 60 * md.len(), "{} bytes", out.len());
            let widest = out.lines().map(|l| l.len()).max().unwrap_or(0);
            assert!(widest <= 80, "{widest}");
        }
        let out = render("- a\n  - b\n    - c\n", None, false);
        assert_eq!(out, "  - a\n    - b\n      - c");
    }

    #[test]
    fn a_bare_link_is_not_repeated() {
        assert_eq!(
            render("<https://code.gouv.fr>", None, false),
            "https://code.gouv.fr"
        );
    }
}
