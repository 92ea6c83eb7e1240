//! The globs of REUSE.toml and of `.reuse/dep5`, matched in linear time,
//! and indexed: one [`GlobSet`] per file answers "which annotations match
//! this path" in one lookup (literal paths by hash, extensions, prefixes,
//! then one automaton for the rest), instead of trying every annotation.
//!
//! REUSE.toml's grammar is reuse's own (its `AnnotationsItem` translation):
//! `*` is any run of characters but `/`; `**` is any run at all, even inside
//! a name, and swallows a `/` that follows it; `\*` is a star and `\\` a
//! backslash; `?` and `[` are plain characters. dep5's is Debian's: `*` is
//! any run, `?` any one character.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    /// Any run of characters but `/`.
    Star,
    /// Any run of characters.
    Any,
    /// Any one character.
    One,
}

/// REUSE.toml's `path`, as tokens: a port of reuse's state machine, quirks
/// included (so that both tools give every path the same annotation).
fn reuse_tokens(glob: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let (mut escaping, mut globstar) = (false, false);
    let mut prev: Option<char> = None;
    for c in glob.chars() {
        match c {
            '\\' => {
                if prev == Some('\\') && escaping {
                    escaping = false;
                    out.push(Token::Char('\\'));
                } else {
                    escaping = true;
                }
            }
            '*' => {
                if escaping {
                    out.push(Token::Char('*'));
                    escaping = false;
                } else if prev == Some('*') && !globstar {
                    globstar = true;
                    out.push(Token::Any);
                }
            }
            '/' => {
                if !globstar {
                    if prev == Some('*') {
                        out.push(Token::Star);
                    }
                    out.push(Token::Char('/'));
                }
                escaping = false;
            }
            _ => {
                if prev == Some('*') && !globstar {
                    out.push(Token::Star);
                }
                out.push(Token::Char(c));
                globstar = false;
                escaping = false;
            }
        }
        prev = Some(c);
    }
    if prev == Some('*') && !globstar {
        out.push(Token::Star);
    }
    out
}

/// A dep5 `Files:` pattern, as tokens.
fn dep5_tokens(glob: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = glob.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '*' => Token::Any,
            '?' => Token::One,
            '\\' => match chars.next() {
                Some(next) => Token::Char(next),
                None => Token::Char('\\'),
            },
            c => Token::Char(c),
        });
    }
    out
}

/// Where an annotation's glob goes: the set, or (rarely) its own regex.
enum Compiled {
    Glob(globset::Glob),
    Regex(regex::Regex),
}

fn compile(tokens: &[Token]) -> Result<Compiled, String> {
    let stars = tokens.contains(&Token::Star);
    let anys = tokens.contains(&Token::Any);
    if stars && anys {
        let mut pattern = String::from("^(?s:");
        for token in tokens {
            match token {
                Token::Char(c) => pattern.push_str(&regex::escape(&c.to_string())),
                Token::Star => pattern.push_str("[^/]*"),
                Token::Any => pattern.push_str(".*"),
                Token::One => pattern.push('.'),
            }
        }
        pattern.push_str(")$");
        return regex::Regex::new(&pattern)
            .map(Compiled::Regex)
            .map_err(|err| err.to_string());
    }
    let mut pattern = String::new();
    for token in tokens {
        match token {
            Token::Char(c) => {
                if "*?[]{}\\!".contains(*c) {
                    pattern.push('\\');
                }
                pattern.push(*c);
            }
            Token::Star | Token::Any => pattern.push('*'),
            Token::One => pattern.push('?'),
        }
    }
    GlobBuilder::new(&pattern)
        .literal_separator(!anys)
        .backslash_escape(true)
        .empty_alternates(false)
        .build()
        .map(Compiled::Glob)
        .map_err(|err| err.to_string())
}

/// Which glob syntax.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Syntax {
    ReuseToml,
    Dep5,
}

/// Globs compiled together: a [`GlobSet`], and the rare regexes.
#[derive(Default)]
struct Batch {
    set: GlobSet,
    owners: Vec<usize>,
    regexes: Vec<(usize, regex::Regex)>,
}

impl Batch {
    fn build(globs: &[(usize, Vec<Token>, String)]) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        let mut out = Batch::default();
        for (owner, tokens, glob) in globs {
            match compile(tokens).map_err(|err| format!("{glob}: {err}"))? {
                Compiled::Glob(glob) => {
                    builder.add(glob);
                    out.owners.push(*owner);
                }
                Compiled::Regex(regex) => out.regexes.push((*owner, regex)),
            }
        }
        out.set = builder.build().map_err(|err| err.to_string())?;
        Ok(out)
    }

    fn last_match(&self, path: &str, scratch: &mut Vec<usize>) -> Option<usize> {
        self.set.matches_into(path, scratch);
        let from_set = scratch.iter().map(|&i| self.owners[i]).max();
        let from_regexes = self
            .regexes
            .iter()
            .filter(|(_, regex)| regex.is_match(path))
            .map(|(owner, _)| *owner)
            .max();
        from_set.max(from_regexes)
    }
}

/// The globs under one literal directory, compiled when first needed.
struct Group {
    globs: Vec<(usize, Vec<Token>, String)>,
    compiled: std::cell::OnceCell<Batch>,
}

/// Many globs, each owned by an item (an annotation, a dep5 paragraph),
/// indexed three ways: literal paths in a hash map; globs that start with a
/// literal directory (`src/m1/*.c`) by that directory, compiled only when a
/// file there is looked up; the rest in one set.
pub(crate) struct Index {
    exact: std::collections::HashMap<String, usize>,
    by_dir: std::collections::HashMap<String, Group>,
    rest: Batch,
}

impl Index {
    /// `globs`: (owner, glob). An error names the glob.
    pub(crate) fn build<'a>(
        syntax: Syntax,
        globs: impl IntoIterator<Item = (usize, &'a str)>,
    ) -> Result<Self, String> {
        let mut exact = std::collections::HashMap::new();
        let mut by_dir: std::collections::HashMap<String, Group> = Default::default();
        let mut rest = Vec::new();
        for (owner, glob) in globs {
            let tokens = match syntax {
                Syntax::ReuseToml => reuse_tokens(glob),
                Syntax::Dep5 => dep5_tokens(glob),
            };
            let literal: String = tokens
                .iter()
                .map_while(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect();
            if literal.chars().count() == tokens.len() {
                let slot = exact.entry(literal).or_insert(owner);
                *slot = (*slot).max(owner);
                continue;
            }
            match literal.rfind('/') {
                Some(cut) => {
                    by_dir
                        .entry(literal[..=cut].to_string())
                        .or_insert_with(|| Group {
                            globs: Vec::new(),
                            compiled: std::cell::OnceCell::new(),
                        })
                        .globs
                        .push((owner, tokens, glob.to_string()));
                }
                None => rest.push((owner, tokens, glob.to_string())),
            }
        }
        Ok(Index {
            exact,
            by_dir,
            rest: Batch::build(&rest)?,
        })
    }

    /// The last owner (the highest number) whose glob matches `path`.
    pub(crate) fn last_match(&self, path: &str, scratch: &mut Vec<usize>) -> Option<usize> {
        let mut best = self.exact.get(path).copied();
        best = best.max(self.rest.last_match(path, scratch));
        if !self.by_dir.is_empty() {
            for (cut, _) in path.match_indices('/') {
                let Some(group) = self.by_dir.get(&path[..=cut]) else {
                    continue;
                };
                // A glob that does not compile matches nothing.
                let compiled = group
                    .compiled
                    .get_or_init(|| Batch::build(&group.globs).unwrap_or_default());
                best = best.max(compiled.last_match(path, scratch));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, path: &str) -> bool {
        let index = Index::build(Syntax::ReuseToml, [(0, glob)]).unwrap();
        index.last_match(path, &mut Vec::new()).is_some()
    }

    #[test]
    fn reuse_globs_follow_reuse() {
        assert!(matches("**", "a/b/c.rs"));
        assert!(matches("*.md", "README.md"));
        assert!(!matches("*.md", "docs/README.md"));
        assert!(matches("docs/**", "docs/a/b.md"));
        assert!(matches("src/*.rs", "src/main.rs"));
        assert!(!matches("src/*.rs", "src/a/main.rs"));
        assert!(matches("a\\*b", "a*b"));
        assert!(!matches("a\\*b", "axb"));
        assert!(matches("**/*.py", "a.py"));
        assert!(matches("**/*.py", "x/y/a.py"));
        assert!(matches("**.po", "po/fr.po"));
        assert!(matches("a?[b]", "a?[b]"));
        assert!(!matches("a?", "ab"));
        // `**` inside a name, beside a `*`: reuse's `.*` and `[^/]*`.
        assert!(matches("x**y/*.c", "xa/b/cy/d.c"));
        assert!(!matches("x**y/*.c", "xy/d/e.c"));
    }

    #[test]
    fn dep5_globs_follow_debian() {
        let index = Index::build(Syntax::Dep5, [(0, "src/*"), (1, "*.p?g")]).unwrap();
        let mut scratch = Vec::new();
        assert_eq!(index.last_match("src/a/b.c", &mut scratch), Some(0));
        assert_eq!(index.last_match("img/a.png", &mut scratch), Some(1));
        assert_eq!(index.last_match("other", &mut scratch), None);
    }

    #[test]
    fn pathological_globs_match_in_linear_time() {
        let start = std::time::Instant::now();
        let name = "a".repeat(60);
        assert!(!matches("**a**a**a**a**a**a**a**a**b", &name));
        assert!(!matches("*a*a*a*a*a*a*a*a*b", &name));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn the_last_matching_owner_wins_among_many() {
        let globs: Vec<String> = (0..20_000).map(|i| format!("src/f{i}.c")).collect();
        let start = std::time::Instant::now();
        let index = Index::build(
            Syntax::ReuseToml,
            globs
                .iter()
                .enumerate()
                .map(|(i, g)| (i, g.as_str()))
                .chain([(20_000, "**/*.c")]),
        )
        .unwrap();
        let mut scratch = Vec::new();
        for i in 0..3_000 {
            assert_eq!(
                index.last_match(&format!("src/f{i}.c"), &mut scratch),
                Some(20_000)
            );
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }
}
