//! journey.toml's `id` (the name of the content) and `[feedback]` (where
//! recruits suggest improvements: a GitHub or GitLab project, or only a
//! contact), and the link to a new issue already filled in.

use serde::{Deserialize, Serialize};

use super::problem::{Problem, at_start};
use super::raw::RawFeedback;
use crate::i18n::{fill, t};

/// The forges whose "new issue" page takes a prefilled title and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Forge {
    Github,
    Gitlab,
}

/// `[feedback]` (or `[tracker]`): a project's issue tracker, and whom to
/// write to. Checked: `forge` and `url` come together, or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub forge: Option<Forge>,
    pub url: Option<String>,
    pub contact: Option<String>,
}

/// What a new issue says about a step.
pub struct Issue<'a> {
    pub title: &'a str,
    pub body: &'a str,
}

impl Feedback {
    /// The address of a new issue on the tracker, with its title and text
    /// filled in, every field percent-encoded; `None` without a tracker.
    pub fn new_issue_link(&self, issue: &Issue) -> Option<String> {
        let (forge, url) = (self.forge?, self.url.as_deref()?);
        let url = url.trim_end_matches('/');
        let (title, body) = (encode(issue.title), encode(issue.body));
        Some(match forge {
            Forge::Github => format!("{url}/issues/new?title={title}&body={body}"),
            Forge::Gitlab => {
                format!("{url}/-/issues/new?issue%5Btitle%5D={title}&issue%5Bdescription%5D={body}")
            }
        })
    }
}

/// Percent-encodes `text` for a query value: every byte of its UTF-8 but
/// the unreserved ones of RFC 3986 (letters, digits, `-`, `.`, `_`, `~`).
pub fn encode(text: &str) -> String {
    crate::text::percent_encode(text, b"")
}

/// The reverse of [`encode`] (any `%XX`), for the tests; `None` when the
/// bytes are not UTF-8 or a `%` is not followed by two hex digits.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `url` is a project's address on a forge: `https://host/a/b…`,
/// at least two path segments of the characters forges allow in names,
/// no credentials, port, query, fragment, nor `.git` at the end.
pub(crate) fn is_project_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let rest = rest.trim_end_matches('/');
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let segments: Vec<&str> = parts.collect();
    let segment_ok = |s: &&str| {
        !s.is_empty()
            && *s != "."
            && *s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    };
    host_ok
        && segments.len() >= 2
        && segments.iter().all(segment_ok)
        && !rest.ends_with(".git")
        && url.len() <= 512
}

/// Whether `id` is a content id: a short slug.
pub(crate) fn is_content_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Whether `contact` fits on one line without control characters.
pub(crate) fn is_contact(contact: &str) -> bool {
    !contact.trim().is_empty()
        && contact.chars().count() <= 200
        && !contact.chars().any(char::is_control)
        && crate::text::visible(contact, false) == contact
}

/// Checks journey.toml's `id` and `[feedback]`: `None` when one is wrong
/// (each problem is added), else the feedback settings, if any.
pub(super) fn check(
    name: &str,
    id: Option<&str>,
    raw: Option<RawFeedback>,
    problems: &mut Vec<Problem>,
) -> Option<Option<Feedback>> {
    let texts = &t().report;
    let before = problems.len();
    if let Some(id) = id.filter(|id| !is_content_id(id)) {
        let id = crate::text::visible(id, false);
        problems.push(at_start(
            name,
            &fill(texts.check_content_id, &[("id", &id)]),
        ));
    }
    let feedback = raw.map(|raw| Feedback {
        forge: raw.forge,
        url: raw.url.map(|u| u.trim_end_matches('/').to_string()),
        contact: raw.contact,
    });
    if let Some(feedback) = &feedback {
        if feedback.forge.is_some() != feedback.url.is_some()
            || (feedback.url.is_none() && feedback.contact.is_none())
        {
            problems.push(at_start(name, texts.check_feedback_pair));
        }
        if let Some(url) = feedback.url.as_deref().filter(|u| !is_project_url(u)) {
            let url = crate::text::visible(url, false);
            problems.push(at_start(
                name,
                &fill(texts.check_feedback_url, &[("url", &url)]),
            ));
        }
        if feedback.contact.as_deref().is_some_and(|c| !is_contact(c)) {
            problems.push(at_start(name, texts.check_feedback_contact));
        }
    }
    (problems.len() == before).then_some(feedback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_urls_are_https_addresses_of_a_project() {
        for good in [
            "https://github.com/org/repo",
            "https://github.com/org/repo/",
            "https://gitlab.com/groupe/sous-groupe/projet",
            "https://gitlab.example.gouv.fr/a_b/c.d",
        ] {
            assert!(is_project_url(good), "{good}");
        }
        for bad in [
            "http://github.com/org/repo",
            "https://github.com/org",
            "https://github.com/org/repo.git",
            "https://github.com/org/repo?x=1",
            "https://github.com/org/repo#x",
            "https://user@github.com/org/repo",
            "https://github.com:8443/org/repo",
            "https://github.com/org/../repo",
            "https://github.com/org/re po",
            "https://localhost/org/repo",
            "javascript:alert(1)",
        ] {
            assert!(!is_project_url(bad), "{bad}");
        }
    }

    #[test]
    fn content_ids_are_short_slugs() {
        assert!(is_content_id("fabrique-numerique"));
        assert!(is_content_id("equipe2"));
        for bad in [
            "",
            "Majuscule",
            "espace ici",
            "-tiret",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_content_id(bad), "{bad}");
        }
    }

    #[test]
    fn encoding_keeps_only_unreserved_bytes_and_decodes_back() {
        let hostile = "a b&c#d?e%f/g=h+i\nj\r\u{7}k é 漢 🎉 \u{202e}";
        let encoded = encode(hostile);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{encoded}"
        );
        assert_eq!(decode(&encoded).as_deref(), Some(hostile));
        assert_eq!(encode("a b"), "a%20b");
        assert_eq!(encode("é"), "%C3%A9");
    }
}
