//! Which licence or licences a licence file holds.
//!
//! Method: askalono's. The file and every reference text are normalised
//! (Unicode, punctuation, case, copyright lines, titles) and cut into word
//! bigrams; two texts score the Sørensen–Dice coefficient of their bigram
//! multisets. The references are the texts of the allowed licences, of the
//! licences that must not pass for them ([`licences::OTHERS`]: SSPL, JSON,
//! BSD-4-Clause, older EUPL and CeCILL versions…), and the French CeCILL
//! texts. A text is recognised when its best reference scores at least
//! [`THRESHOLD`] *and* beats the closest other licence by [`MARGIN`]: a near
//! copy of a licence (its clauses changed) scores high against it but not
//! high enough, or too close to a relative, and is refused.
//!
//! A file that holds several texts (GPL and LGPL, MIT and the Unlicense) is
//! read as askalono's "elimination" scan does: locate the best text's
//! lines, blank them, and look again. What is left must be short (a line
//! saying "dual licensed", a title); whether it speaks of a choice decides
//! between `OR` and `AND`.
//!
//! No installable package ships the French text of EUPL-1.2: it is
//! recognised by its title, its version line and its article headings
//! ([`french_eupl`]).

use std::sync::OnceLock;

use askalono::TextData;
use serde::Serialize;

use crate::cache::CacheEntry;
use crate::policy::licences;

/// The least score for a text to count as a licence (askalono's default).
pub(crate) const THRESHOLD: f32 = 0.9;
/// How far the best licence must lead the closest other licence.
pub(crate) const MARGIN: f32 = 0.02;
/// At most this many texts are looked for in one file.
const MAX_TEXTS: usize = 4;
/// Words left over besides the recognised texts, at most (a preamble, a
/// "dual licensed" line), or this share of the file's words.
const LEFTOVER_WORDS: usize = 120;
const LEFTOVER_SHARE: f32 = 0.08;
/// Longer files are not searched for several texts: three of the longest
/// licences (GPL, bilingual CeCILL) stay well under it, and the search
/// reprocesses the text at each step.
const MAX_SCAN_WORDS: usize = 25_000;

/// One licence text found in a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The SPDX identifier.
    pub id: String,
    /// The similarity with the reference text, 0 to 1.
    pub score: f32,
    /// How it was recognised.
    pub by: Method,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// By its whole text, against a reference text.
    Text,
    /// By its title, version line and headings (EUPL-1.2 in French).
    Headings,
}

/// What a licence file holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Detection {
    /// The SPDX expression of the licences found, when the whole file was
    /// recognised: `MIT`, `MIT OR Unlicense`, `LGPL-3.0-or-later`.
    pub expression: Option<String>,
    /// Every text recognised, in the order found.
    pub found: Vec<Found>,
    /// The reference closest to the whole file, with its score.
    pub best: Option<(String, f32)>,
    /// The closest reference of another licence, with its score.
    pub runner_up: Option<(String, f32)>,
    /// The closest reference among the allowed licences, with its score.
    pub closest_allowed: Option<(String, f32)>,
    /// Whether the text outside the licences speaks of a choice ("dual
    /// licensed", "either", "au choix").
    pub offers_choice: bool,
    /// How many words the file has, once normalised.
    pub words: usize,
}

struct Reference {
    id: &'static str,
    data: TextData,
}

/// The reference texts, prepared once. Preparing them (normalising some
/// thirty licence texts and cutting them into bigrams) takes about 100 ms,
/// more than the rest of a scaffold or an audit: what it gives is kept in
/// the user's cache, for this build only, and read back at about a tenth of
/// the cost (BENCHMARKS.md).
fn references() -> &'static [Reference] {
    static REFS: OnceLock<Vec<Reference>> = OnceLock::new();
    REFS.get_or_init(|| {
        let entry = crate::cache::root()
            .map(|root| CacheEntry::new(&root, "licences", "references".to_string(), &[]));
        let texts: Vec<(&'static str, &'static str)> = licences::reference_texts().collect();
        let cached: Option<Vec<TextData>> = entry.as_ref().and_then(|e| e.read(0));
        let data = match cached {
            Some(data) if data.len() == texts.len() => data,
            _ => {
                let data: Vec<TextData> = texts
                    .iter()
                    .map(|(_, text)| TextData::new(text).without_text())
                    .collect();
                if let (Some(entry), Ok(bytes)) = (&entry, postcard::to_allocvec(&data)) {
                    entry.write(&[bytes]);
                }
                data
            }
        };
        texts
            .into_iter()
            .zip(data)
            .map(|((id, _), data)| Reference { id, data })
            .collect()
    })
}

/// Each licence's best score against `data`, best first, with the index of
/// its best reference text.
fn rank(data: &TextData) -> Vec<(&'static str, f32, usize)> {
    let mut best: Vec<(&'static str, f32, usize)> = Vec::new();
    for (index, reference) in references().iter().enumerate() {
        let score = reference.data.match_score(data);
        let score = if score.is_finite() { score } else { 0.0 };
        match best.iter_mut().find(|(id, _, _)| *id == reference.id) {
            Some(entry) if entry.1 < score => *entry = (reference.id, score, index),
            Some(_) => {}
            None => best.push((reference.id, score, index)),
        }
    }
    best.sort_by(|a, b| b.1.total_cmp(&a.1));
    best
}

fn pair(entry: Option<&(&'static str, f32, usize)>) -> Option<(String, f32)> {
    entry.map(|(id, score, _)| ((*id).to_string(), *score))
}

/// Whether a ranking names one licence clearly.
fn clear(ranked: &[(&'static str, f32, usize)]) -> bool {
    match ranked {
        [(_, best, _), (_, second, _), ..] => *best >= THRESHOLD && best - second >= MARGIN,
        [(_, best, _)] => *best >= THRESHOLD,
        [] => false,
    }
}

/// What licence or licences `text` holds.
pub fn detect(text: &str) -> Detection {
    let data = TextData::new(text);
    let words = data
        .text_processed()
        .map_or(0, |t| t.split_whitespace().count());
    if words == 0 {
        return Detection::default();
    }
    let ranked = rank(&data);
    let mut detection = Detection {
        words,
        best: pair(ranked.first()),
        runner_up: pair(ranked.get(1)),
        closest_allowed: pair(ranked.iter().find(|(id, _, _)| licences::is_allowed(id))),
        ..Detection::default()
    };
    if clear(&ranked) {
        let (id, score, _) = ranked[0];
        detection.found.push(Found {
            id: id.to_string(),
            score,
            by: Method::Text,
        });
    } else if words <= MAX_SCAN_WORDS
        && let Some((found, leftover)) = eliminate(&data, words)
    {
        detection.offers_choice = speaks_of_choice(&leftover);
        detection.found = found;
    } else if let Some(found) = french_eupl(text) {
        detection.found.push(found);
    } else if words <= LEFTOVER_WORDS {
        // A short note beside the texts: "dual licensed under…".
        detection.offers_choice = data.text_processed().is_some_and(speaks_of_choice);
    }
    detection.expression = expression(&detection.found, detection.offers_choice);
    detection
}

/// Whether an SPDX expression leaves the user a licence of the list: every
/// licence of an `AND`, one of an `OR`. An invalid expression is not.
pub(crate) fn expression_allowed(expression: &str) -> bool {
    let Ok(parsed) = spdx::Expression::parse(expression) else {
        return false;
    };
    parsed.evaluate(|req| match &req.license {
        spdx::LicenseItem::Spdx { id, .. } => licences::is_allowed(id.name),
        spdx::LicenseItem::Other(_) => false,
    })
}

/// The licence identifiers of an expression, without `-only`/`-or-later`,
/// sorted: what two declarations must share to agree.
pub(crate) fn base_ids(expression: &str) -> Vec<String> {
    let mut ids: Vec<String> = match spdx::Expression::parse(expression) {
        Ok(parsed) => parsed
            .requirements()
            .map(|r| match &r.req.license {
                spdx::LicenseItem::Spdx { id, .. } => licences::base_id(id.name),
                spdx::LicenseItem::Other(other) => format!("LicenseRef-{}", other.lic_ref),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    ids.sort();
    ids.dedup();
    ids
}

/// askalono's elimination scan: the texts found, and the words left over,
/// or `None` unless the whole file is made of recognised texts.
fn eliminate(data: &TextData, words: usize) -> Option<(Vec<Found>, String)> {
    let refs = references();
    let mut current = data.clone();
    let mut found = Vec::new();
    for _ in 0..MAX_TEXTS {
        let ranked = rank(&current);
        let &(id, _, index) = ranked.first()?;
        let (optimised, score) = current.optimize_bounds(&refs[index].data);
        if score < THRESHOLD {
            break;
        }
        // The located lines must name that licence clearly, too.
        let located = rank(&optimised);
        if located.first().map(|r| r.0) != Some(id) || !clear(&located) {
            return None;
        }
        found.push(Found {
            id: id.to_string(),
            score,
            by: Method::Text,
        });
        current = optimised.white_out();
    }
    if found.is_empty() {
        return None;
    }
    let leftover = current.text_processed().unwrap_or_default().to_string();
    let left = leftover.split_whitespace().count();
    let allowed = LEFTOVER_WORDS.max((words as f32 * LEFTOVER_SHARE) as usize);
    (left <= allowed).then_some((found, leftover))
}

/// Whether the words outside the licence texts offer a choice.
fn speaks_of_choice(leftover: &str) -> bool {
    let words: Vec<&str> = leftover.split_whitespace().collect();
    let has = |w: &str| words.contains(&w);
    has("either")
        || has("dual")
        || has("choice")
        || has("choose")
        || has("or")
        || has("ou")
        || has("choix")
        || has("option")
}

/// The expression the texts found make. The GPL's text that comes with the
/// LGPL is part of it (LGPL-3.0 is a set of permissions added to GPL-3.0).
fn expression(found: &[Found], choice: bool) -> Option<String> {
    let mut ids: Vec<&str> = Vec::new();
    for f in found {
        if !ids.contains(&f.id.as_str()) {
            ids.push(&f.id);
        }
    }
    if ids.contains(&"LGPL-3.0-or-later") {
        ids.retain(|id| *id != "GPL-3.0-or-later");
    }
    if ids.is_empty() {
        return None;
    }
    Some(ids.join(if choice { " OR " } else { " AND " }))
}

/// EUPL in French, by its title and version line, with its article
/// headings and a body long enough to be the whole licence. Returns the
/// version found (EUPL-1.2, or an older one, which is not allowed).
pub(crate) fn french_eupl(text: &str) -> Option<Found> {
    let folded = crate::text::fold(text);
    let title = "licence publique de l union europeenne";
    let at = folded.find(title)?;
    let after: String = folded[at + title.len()..].chars().take(40).collect();
    let version = ["1 2", "1 1", "1 0"]
        .into_iter()
        .find(|v| after.contains(&format!("v {v}")) || after.contains(&format!("version {v}")))?;
    let headings = [
        "definitions",
        "etendue des droits concedes",
        "communication du code source",
        "droits de l auteur",
        "exclusion de garantie",
        "exclusion de responsabilite",
        "resiliation",
        "droit applicable",
    ];
    let seen = headings.iter().filter(|h| folded.contains(*h)).count();
    let words = folded.split_whitespace().count();
    (seen >= 6 && words >= 2500).then(|| Found {
        id: format!("EUPL-{}", version.replace(' ', ".")),
        score: 1.0,
        by: Method::Headings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::licences::{LICENCES, filled_text};

    #[test]
    fn every_filled_licence_is_recognised_as_itself() {
        for licence in &LICENCES {
            let filled = filled_text(licence.id, 2031, "Commune de Test").unwrap();
            let d = detect(&filled);
            assert_eq!(d.expression.as_deref(), Some(licence.id), "{d:?}");
            assert!(d.found[0].score > 0.97, "{d:?}");
        }
    }

    #[test]
    fn rewrapped_text_is_still_recognised() {
        let mit = filled_text("MIT", 2031, "X").unwrap();
        let rewrapped = textwrap::fill(&mit.replace('\n', " "), 60);
        assert_eq!(detect(&rewrapped).expression.as_deref(), Some("MIT"));
    }

    /// A stand-in for the French EUPL (no package ships it): its title,
    /// version line and article headings, in a body of licence length.
    fn french_eupl_like(version: &str, headings: bool) -> String {
        let mut text = format!(
            "LICENCE PUBLIQUE DE L'UNION EUROPÉENNE (EUPL)\nv. {version}\nEUPL © Union européenne 2007, 2016\n"
        );
        if headings {
            for h in [
                "1. Définitions",
                "2. Étendue des droits concédés par la licence",
                "3. Communication du code source",
                "4. Limitations des droits d'auteur",
                "5. Obligations du licencié",
                "6. Chaîne d'auteurs",
                "7. Exclusion de garantie",
                "8. Exclusion de responsabilité",
                "12. Résiliation de la licence",
                "15. Droit applicable",
            ] {
                text.push_str(h);
                text.push('\n');
            }
        }
        for i in 0..700 {
            text.push_str(&format!("La présente licence {i} s'applique à l'œuvre.\n"));
        }
        text
    }

    #[test]
    fn french_eupl_is_recognised_by_its_title_version_and_headings() {
        let d = detect(&french_eupl_like("1.2", true));
        assert_eq!(d.expression.as_deref(), Some("EUPL-1.2"), "{d:?}");
        assert_eq!(d.found[0].by, Method::Headings);
        let d = detect(&french_eupl_like("1.1", true));
        assert_eq!(d.expression.as_deref(), Some("EUPL-1.1"));
        assert_eq!(detect(&french_eupl_like("1.2", false)).expression, None);
        let short: String = french_eupl_like("1.2", true).lines().take(20).collect();
        assert_eq!(detect(&short).expression, None);
    }

    #[test]
    fn other_texts_are_not_recognised() {
        let d = detect("Tous droits réservés. Ce logiciel est la propriété de la Ville.");
        assert_eq!(d.expression, None);
        assert_eq!(detect("").expression, None);
        assert_eq!(detect("\u{0}\u{1} ,;:").expression, None);
    }
}
