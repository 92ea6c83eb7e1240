//! OpenSSH's allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"): one
//! key per line, with the principals it may sign for and options.
//!
//! `principals [options] keytype base64-key [comment]`, where options are
//! `namespaces="…"`, `valid-after="…"`, `valid-before="…"` and
//! `cert-authority`. Certificate authorities are kept aside: a signature
//! made with a plain key never matches them, as in OpenSSH.

use jiff::Timestamp;
use ssh_key::public::KeyData;

/// The keys of an allowed_signers file that may sign reports.
#[derive(Debug, Default)]
pub struct AllowedSigners {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    principals: String,
    key: KeyData,
    /// `namespaces="…"`: the patterns of the namespaces the key may sign in.
    namespaces: Option<Vec<String>>,
    valid_after: Option<Timestamp>,
    valid_before: Option<Timestamp>,
}

/// A line of the file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based.
    pub line: usize,
    pub what: Problem,
}

/// Why a line of an allowed_signers file was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Principals alone, or options without a key.
    NoKey,
    /// The key's type or base64 cannot be read.
    BadKey,
    /// An option OpenSSH does not define (its text).
    BadOption(String),
    /// A `valid-after` or `valid-before` time that cannot be read (its text).
    BadTime(String),
}

/// What [`AllowedSigners::find`] says of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// The principals of every line that allows it, comma-separated.
    Allowed(String),
    /// The key is listed, but not for this namespace.
    OtherNamespace,
    /// The key is listed, but not valid at this time.
    Expired,
    /// The key is not listed.
    Unknown,
}

impl AllowedSigners {
    /// Reads the text of an allowed_signers file. Lines that cannot be read
    /// are left out and reported; the others still count.
    pub fn parse(text: &str) -> (AllowedSigners, Vec<LineProblem>) {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Ok(Some(entry)) => entries.push(entry),
                Ok(None) => {}
                Err(what) => problems.push(LineProblem { line: i + 1, what }),
            }
        }
        (AllowedSigners { entries }, problems)
    }

    /// How many keys the file allows.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `key` may sign in `namespace` at `now`, and for whom.
    pub(crate) fn find(&self, key: &KeyData, namespace: &str, now: Timestamp) -> Found {
        let mut found = Found::Unknown;
        let mut principals: Vec<&str> = Vec::new();
        for entry in self.entries.iter().filter(|e| &e.key == key) {
            let in_namespace = entry
                .namespaces
                .as_ref()
                .is_none_or(|list| list.iter().any(|p| pattern_matches(p, namespace)));
            let in_time = entry.valid_after.is_none_or(|t| now >= t)
                && entry.valid_before.is_none_or(|t| now <= t);
            if !in_namespace {
                found = Found::OtherNamespace;
            } else if !in_time {
                if found == Found::Unknown {
                    found = Found::Expired;
                }
            } else {
                principals.push(&entry.principals);
            }
        }
        if principals.is_empty() {
            found
        } else {
            Found::Allowed(principals.join(","))
        }
    }
}

/// One line: `Ok(None)` for a certificate authority (never matched here).
fn parse_line(line: &str) -> Result<Option<Entry>, Problem> {
    let (principals, rest) = next_field(line).ok_or(Problem::NoKey)?;
    let rest = rest.trim_start();
    let (first, after_first) = next_field(rest).ok_or(Problem::NoKey)?;
    let (options, key_text) = if is_key_type(&first) {
        (None, rest)
    } else {
        (Some(first), after_first.trim_start())
    };
    let mut namespaces = None;
    let mut valid_after = None;
    let mut valid_before = None;
    // The options first: a line with an unknown one is refused for it.
    for option in options.as_deref().map(split_options).unwrap_or_default() {
        let (name, value) = match option.split_once('=') {
            Some((name, value)) => (name.to_ascii_lowercase(), Some(value.trim_matches('"'))),
            None => (option.to_ascii_lowercase(), None),
        };
        match (name.as_str(), value) {
            ("cert-authority", None) => return Ok(None),
            ("namespaces", Some(value)) => {
                namespaces = Some(value.split(',').map(str::to_string).collect());
            }
            ("valid-after", Some(value)) => valid_after = Some(time(value)?),
            ("valid-before", Some(value)) => valid_before = Some(time(value)?),
            _ => return Err(Problem::BadOption(option.clone())),
        }
    }
    if key_text.is_empty() {
        return Err(Problem::NoKey);
    }
    let key = ssh_key::PublicKey::from_openssh(key_text).map_err(|_| Problem::BadKey)?;
    Ok(Some(Entry {
        principals: principals.trim_matches('"').to_string(),
        key: key.key_data().clone(),
        namespaces,
        valid_after,
        valid_before,
    }))
}

/// The field at the start of `text`, up to a blank outside double quotes,
/// and what follows it.
fn next_field(text: &str) -> Option<(String, &str)> {
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                return (at > 0).then(|| (text[..at].to_string(), &text[at..]));
            }
            _ => {}
        }
    }
    (!text.is_empty() && !quoted).then(|| (text.to_string(), ""))
}

/// Options, split at the commas outside double quotes.
fn split_options(options: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in options.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out.into_iter().filter(|o| !o.is_empty()).collect()
}

fn is_key_type(word: &str) -> bool {
    word.starts_with("ssh-") || word.starts_with("ecdsa-sha2-") || word.starts_with("sk-")
}

/// `YYYYMMDD[HHMM[SS]]`, in UTC with a final `Z`, else in local time.
fn time(value: &str) -> Result<Timestamp, Problem> {
    let bad = || Problem::BadTime(value.to_string());
    let (digits, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(digits) => (digits, true),
        None => (value, false),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad());
    }
    let num =
        |range: std::ops::Range<usize>| digits.get(range).map_or(0, |d| d.parse().unwrap_or(0));
    let datetime = jiff::civil::DateTime::new(
        num(0..4) as i16,
        num(4..6) as i8,
        num(6..8) as i8,
        num(8..10) as i8,
        num(10..12) as i8,
        num(12..14) as i8,
        0,
    )
    .map_err(|_| bad())?;
    let zone = if utc {
        jiff::tz::TimeZone::UTC
    } else {
        jiff::tz::TimeZone::system()
    };
    zone.to_timestamp(datetime).map_err(|_| bad())
}

/// OpenSSH's patterns: `*` any run, `?` one character, a leading `!` negates.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    if let Some(negated) = pattern.strip_prefix('!') {
        return !glob(negated.as_bytes(), text.as_bytes());
    }
    glob(pattern.as_bytes(), text.as_bytes())
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAQhE0NkaUEM4tPgVj7QrQtnVLG5rJltbkKAPMdPCKVr";

    fn key() -> KeyData {
        ssh_key::PublicKey::from_openssh(KEY)
            .unwrap()
            .key_data()
            .clone()
    }

    fn now() -> Timestamp {
        "2026-06-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_plain_line_allows_its_principals() {
        let (signers, problems) = AllowedSigners::parse(&format!(
            "# the team\n\ncamille@example.org,cm@example.org {KEY} laptop\n"
        ));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(signers.len(), 1);
        assert_eq!(
            signers.find(&key(), "onboard-report", now()),
            Found::Allowed("camille@example.org,cm@example.org".into())
        );
    }

    #[test]
    fn options_restrict_namespace_and_time() {
        let text = format!("a@x namespaces=\"git,file\" {KEY}\n");
        let (signers, _) = AllowedSigners::parse(&text);
        assert_eq!(
            signers.find(&key(), "onboard-report", now()),
            Found::OtherNamespace
        );
        let text = format!("a@x namespaces=\"onboard-*\",valid-before=\"20260101Z\" {KEY}\n");
        let (signers, problems) = AllowedSigners::parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            signers.find(&key(), "onboard-report", now()),
            Found::Expired
        );
        let text = format!("a@x valid-after=\"202601011200Z\" {KEY}\n");
        let (signers, _) = AllowedSigners::parse(&text);
        assert_eq!(
            signers.find(&key(), "onboard-report", now()),
            Found::Allowed("a@x".into())
        );
    }

    #[test]
    fn bad_lines_are_reported_and_the_others_kept() {
        let text = format!(
            "broken\nx@y nonsense=1 {KEY}\nca@x cert-authority {KEY}\nz@y ssh-ed25519 AAAA\nok@x {KEY}\n"
        );
        let (signers, problems) = AllowedSigners::parse(&text);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 4]);
        assert_eq!(signers.len(), 1);
        assert_eq!(
            signers.find(&key(), "onboard-report", now()),
            Found::Allowed("ok@x".into())
        );
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches("onboard-*", "onboard-report"));
        assert!(pattern_matches("*", "x"));
        assert!(pattern_matches("a?c", "abc"));
        assert!(!pattern_matches("git", "onboard-report"));
        assert!(!pattern_matches("!onboard-report", "onboard-report"));
    }
}
