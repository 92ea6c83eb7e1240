//! The message catalogue: every string the interface shows, in French and in
//! English. Each language is a value of the same structs, so a missing message
//! is a compile error, not a runtime surprise.

/// Declares a catalogue struct and `all()`, which lists its messages by key.
macro_rules! catalogue {
    ($name:ident { $($field:ident),* $(,)? }) => {
        pub struct $name { $(pub $field: &'static str,)* }
        impl $name {
            /// Every message with its key, for the consistency tests.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

mod core;
pub mod help;
mod scaffold;

use std::sync::OnceLock;

pub use self::core::Core;
pub use self::scaffold::Scaffold;

/// The language of the interface and of the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

pub struct Texts {
    pub core: Core,
    pub scaffold: Scaffold,
}

static FR: Texts = Texts {
    core: core::FR,
    scaffold: scaffold::FR,
};

static EN: Texts = Texts {
    core: core::EN,
    scaffold: scaffold::EN,
};

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Chooses the interface language once, at start-up.
pub fn set_lang(lang: Lang) {
    let _ = CURRENT.set(lang);
}

pub fn lang() -> Lang {
    CURRENT.get().copied().unwrap_or_default()
}

/// The catalogue of the language in use.
pub fn t() -> &'static Texts {
    texts(lang())
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
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
    }

    #[test]
    fn languages_differ_and_placeholders_match() {
        // Every message that takes values must take the same ones in both languages.
        let placeholders = |s: &str| {
            let mut names: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
                .collect();
            names.sort();
            names
        };
        let fr = core::FR.all();
        let en = core::EN.all();
        assert_eq!(fr.len(), en.len());
        for ((key, f), (_, e)) in fr.iter().zip(en.iter()) {
            assert!(!f.is_empty() && !e.is_empty(), "empty message {key}");
            assert_eq!(placeholders(f), placeholders(e), "placeholders of {key}");
        }
        let fr = scaffold::FR.all();
        let en = scaffold::EN.all();
        for ((key, f), (_, e)) in fr.iter().zip(en.iter()) {
            assert!(!f.is_empty() && !e.is_empty(), "empty message {key}");
            assert_eq!(placeholders(f), placeholders(e), "placeholders of {key}");
        }
    }
}
