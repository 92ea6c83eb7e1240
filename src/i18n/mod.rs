//! The message catalogue: every string the interface shows, in French and in
//! English. Each language is a value of the same structs, so a missing message
//! is a compile error, not a runtime surprise.

/// Declares a catalogue struct and `all()`, which lists its messages by key.
macro_rules! catalogue {
    ($name:ident { $($field:ident),* $(,)? }) => {
        pub(crate) struct $name { $(pub $field: &'static str,)* }
        impl $name {
            /// Every message with its key, for the consistency tests.
            #[cfg(test)]
            pub(crate) fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

mod cohort;
mod core;
mod fleet;
pub(crate) mod help;
mod report;
mod scaffold;
mod update;

use std::sync::OnceLock;

pub(crate) use self::cohort::Cohort;
pub(crate) use self::core::Core;
pub(crate) use self::fleet::Fleet;
pub(crate) use self::report::Sharing;
pub(crate) use self::scaffold::Scaffold;
pub(crate) use self::update::Update;

/// The language of the interface and of the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

pub(crate) struct Texts {
    pub core: Core,
    pub scaffold: Scaffold,
    /// `report`'s sharing and signature, and `feedback`.
    pub report: Sharing,
    pub update: Update,
    pub fleet: Fleet,
    pub cohort: Cohort,
}

static FR: Texts = Texts {
    core: core::FR,
    scaffold: scaffold::FR,
    report: report::FR,
    update: update::FR,
    fleet: fleet::FR,
    cohort: cohort::FR,
};

static EN: Texts = Texts {
    core: core::EN,
    scaffold: scaffold::EN,
    report: report::EN,
    update: update::EN,
    fleet: fleet::EN,
    cohort: cohort::EN,
};

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Chooses the interface language once, at start-up.
pub(crate) fn set_lang(lang: Lang) {
    let _ = CURRENT.set(lang);
}

pub(crate) fn lang() -> Lang {
    CURRENT.get().copied().unwrap_or_default()
}

/// The catalogue of the language in use.
pub(crate) fn t() -> &'static Texts {
    texts(lang())
}

pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Replaces each `{name}` in `template` by its value, in one pass (a value
/// that contains braces is copied as it is).
///
/// A placeholder is `{` + an identifier (ASCII letters, digits and `_`, not
/// starting with a digit) + `}`. Any other brace is literal text, so a
/// message may mention `{{ x }}`, `{}` or JSON.
///
/// In debug builds, panics when the template keeps a placeholder that no
/// value fills, or when a value is given that the template does not use:
/// a check of our own catalogue and call sites, run by the test suite.
/// Release builds leave an unfilled placeholder as it is.
pub(crate) fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len());
    #[cfg(debug_assertions)]
    let mut used = vec![false; values.len()];
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(name) = placeholder_at(after) else {
            out.push('{');
            rest = &after[1..];
            continue;
        };
        match values.iter().position(|(key, _)| *key == name) {
            Some(i) => {
                let _ = write!(out, "{}", values[i].1);
                #[cfg(debug_assertions)]
                {
                    used[i] = true;
                }
            }
            None => {
                debug_assert!(false, "no value for {{{name}}} in {template:?}");
                out.push_str(&after[..name.len() + 2]);
            }
        }
        rest = &after[name.len() + 2..];
    }
    out.push_str(rest);
    #[cfg(debug_assertions)]
    for (i, (name, _)) in values.iter().enumerate() {
        assert!(used[i], "value {name:?} unused by {template:?}");
    }
    out
}

/// The name of the placeholder `text` starts with, if it starts with one.
fn placeholder_at(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('{')?;
    let end = inner.find('}')?;
    let name = &inner[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some(name)
}

/// Every placeholder of `template`, in order (see [`fill`]).
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    template
        .match_indices('{')
        .filter_map(|(at, _)| placeholder_at(&template[at..]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill("Étape {n} sur {total}", &[("n", &2), ("total", &13)]),
            "Étape 2 sur 13"
        );
        // A value is copied as it is, even with braces in it; braces that
        // do not enclose an identifier are literal text.
        assert_eq!(
            fill("{{ x }} {} {\"a\": 1} {path}", &[("path", &"{n}")]),
            "{{ x }} {} {\"a\": 1} {n}"
        );
        assert_eq!(placeholders("{a} {{ b }} {c_1} {1x} {}"), ["a", "c_1"]);
    }

    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "no value for {total}")]
    fn fill_refuses_a_placeholder_left_unfilled() {
        fill("Étape {n} sur {total}", &[("n", &2)]);
    }

    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "value \"count\" unused")]
    fn fill_refuses_a_value_it_does_not_use() {
        fill("Étape {n}", &[("n", &2), ("count", &13)]);
    }

    #[test]
    fn languages_differ_and_placeholders_match() {
        // Every message that takes values must take the same ones in both
        // languages, and every brace pair that looks like a placeholder
        // must be one (an identifier).
        let sorted = |s: &'static str| {
            let mut names = placeholders(s);
            names.sort_unstable();
            names.dedup();
            names
        };
        let suspicious = |s: &str| {
            s.match_indices('{').any(|(at, _)| {
                let rest = &s[at + 1..];
                let looks = rest.split('}').next().is_some_and(|inner| {
                    rest.contains('}') && !inner.is_empty() && !inner.contains(['{', ' ', '"'])
                });
                looks && placeholder_at(&s[at..]).is_none()
            })
        };
        let pairs = [
            (core::FR.all(), core::EN.all()),
            (scaffold::FR.all(), scaffold::EN.all()),
            (report::FR.all(), report::EN.all()),
            (update::FR.all(), update::EN.all()),
            (fleet::FR.all(), fleet::EN.all()),
            (cohort::FR.all(), cohort::EN.all()),
        ];
        let mut count = 0;
        for (fr, en) in pairs {
            assert_eq!(fr.len(), en.len());
            for ((key, f), (en_key, e)) in fr.iter().zip(en.iter()) {
                assert_eq!(key, en_key);
                assert!(!f.is_empty() && !e.is_empty(), "empty message {key}");
                assert!(!suspicious(f) && !suspicious(e), "odd placeholder in {key}");
                assert_eq!(sorted(f), sorted(e), "placeholders of {key}");
                // English typography: no space before a colon, “…” quotes.
                for french in [" :", " ;", " !", " ?", " %", "«", "»"] {
                    assert!(
                        !e.contains(french),
                        "French typography in English {key}: {e}"
                    );
                }
                assert!(!f.contains('“'), "English quotes in French {key}: {f}");
                // French typography: a non-breaking space before : ; ! ?
                // and », and after «, so that they never start a line.
                for plain in [" :", " ;", " !", " ?", " »", "« "] {
                    assert!(
                        !f.contains(plain),
                        "a plain space in French {key} ({plain:?}): {f}"
                    );
                }
                count += 1;
            }
        }
        assert!(count > 200, "{count} messages");
    }
}
