//! The licences French administrations may use for their source code (CRPA
//! article D323-2-1, as mapped to SPDX identifiers by Etalab), with their
//! family, and their texts from the `license` crate.
//!
//! The family table is kept here on purpose: the `spdx` crate marks CECILL-B
//! as copyleft, while the French list counts it as permissive. This table
//! follows the French list.

use license::{License, licenses};

use crate::error::{Error, Result};
use crate::i18n::{fill, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Reuse anywhere, even in closed software.
    Permissive,
    /// Redistributed changes stay free.
    Reciprocal,
}

pub struct Licence {
    /// The SPDX identifier.
    pub id: &'static str,
    /// SPDX's data for it, from the `license` crate. Naming the 13 types
    /// (rather than looking identifiers up among the crate's 740 licences)
    /// lets the linker leave the other texts out of the binary: 4.6 MB less,
    /// and fewer relocations at every start (see BENCHMARKS.md).
    spdx: &'static (dyn License + Sync),
    pub family: Family,
}

impl PartialEq for Licence {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Licence {}

impl std::fmt::Debug for Licence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Licence")
            .field("id", &self.id)
            .field("family", &self.family)
            .finish()
    }
}

/// Permissive first: DINUM advises a permissive licence by default.
pub(crate) static LICENCES: [Licence; 13] = [
    Licence {
        id: "MIT",
        spdx: &licenses::Mit,
        family: Family::Permissive,
    },
    Licence {
        id: "Apache-2.0",
        spdx: &licenses::Apache2_0,
        family: Family::Permissive,
    },
    Licence {
        id: "BSD-2-Clause",
        spdx: &licenses::Bsd2Clause,
        family: Family::Permissive,
    },
    Licence {
        id: "BSD-3-Clause",
        spdx: &licenses::Bsd3Clause,
        family: Family::Permissive,
    },
    Licence {
        id: "CECILL-B",
        spdx: &licenses::CecillB,
        family: Family::Permissive,
    },
    Licence {
        id: "AGPL-3.0-or-later",
        spdx: &licenses::Agpl3_0OrLater,
        family: Family::Reciprocal,
    },
    Licence {
        id: "GPL-3.0-or-later",
        spdx: &licenses::Gpl3_0OrLater,
        family: Family::Reciprocal,
    },
    Licence {
        id: "LGPL-3.0-or-later",
        spdx: &licenses::Lgpl3_0OrLater,
        family: Family::Reciprocal,
    },
    Licence {
        id: "MPL-2.0",
        spdx: &licenses::Mpl2_0,
        family: Family::Reciprocal,
    },
    Licence {
        id: "EPL-2.0",
        spdx: &licenses::Epl2_0,
        family: Family::Reciprocal,
    },
    Licence {
        id: "EUPL-1.2",
        spdx: &licenses::Eupl1_2,
        family: Family::Reciprocal,
    },
    Licence {
        id: "CECILL-2.1",
        spdx: &licenses::Cecill2_1,
        family: Family::Reciprocal,
    },
    Licence {
        id: "CECILL-C",
        spdx: &licenses::CecillC,
        family: Family::Reciprocal,
    },
];

/// A licence that is not on the list but that the audit must tell apart
/// from one that is: near copies (SSPL beside AGPL, JSON beside MIT,
/// BSD-4-Clause beside BSD-3-Clause), earlier versions (EUPL-1.1,
/// CeCILL-2.0, GPL-2.0), and common licences a repository may hold beside
/// an allowed one (the Unlicense in "MIT or Unlicense").
pub(crate) struct Other {
    pub id: &'static str,
    spdx: &'static (dyn License + Sync),
}

/// The other licences the audit knows, by their SPDX texts.
pub(crate) static OTHERS: [Other; 19] = [
    Other {
        id: "SSPL-1.0",
        spdx: &licenses::Sspl1_0,
    },
    Other {
        id: "JSON",
        spdx: &licenses::Json,
    },
    Other {
        id: "BSD-4-Clause",
        spdx: &licenses::Bsd4Clause,
    },
    Other {
        id: "BSD-3-Clause-Clear",
        spdx: &licenses::Bsd3ClauseClear,
    },
    Other {
        id: "EUPL-1.0",
        spdx: &licenses::Eupl1_0,
    },
    Other {
        id: "EUPL-1.1",
        spdx: &licenses::Eupl1_1,
    },
    Other {
        id: "CECILL-1.1",
        spdx: &licenses::Cecill1_1,
    },
    Other {
        id: "CECILL-2.0",
        spdx: &licenses::Cecill2_0,
    },
    Other {
        id: "GPL-2.0-or-later",
        spdx: &licenses::Gpl2_0OrLater,
    },
    Other {
        id: "LGPL-2.1-or-later",
        spdx: &licenses::Lgpl2_1OrLater,
    },
    Other {
        id: "MPL-1.1",
        spdx: &licenses::Mpl1_1,
    },
    Other {
        id: "EPL-1.0",
        spdx: &licenses::Epl1_0,
    },
    Other {
        id: "Apache-1.1",
        spdx: &licenses::Apache1_1,
    },
    Other {
        id: "ISC",
        spdx: &licenses::Isc,
    },
    Other {
        id: "MIT-0",
        spdx: &licenses::Mit0,
    },
    Other {
        id: "Unlicense",
        spdx: &licenses::Unlicense,
    },
    Other {
        id: "CC0-1.0",
        spdx: &licenses::Cc0_1_0,
    },
    Other {
        id: "BSL-1.0",
        spdx: &licenses::Bsl1_0,
    },
    Other {
        id: "WTFPL",
        spdx: &licenses::Wtfpl,
    },
];

/// The official French texts of the CeCILL licences (the French version is
/// the one that prevails), which SPDX does not publish: SPDX's CeCILL
/// texts are the English ones. They come from ScanCode's licence database
/// as the `licensedcode-data` package ships it on PyPI (version 32.1.0,
/// files `cecill-2.1-fr`, `cecill-b`, `cecill-c` and `cecill-2.0-fr`, the
/// YAML front matter removed); ScanCode ships its data under CC-BY-4.0, and
/// the texts are those published by CEA, CNRS and Inria on cecill.info,
/// copied verbatim. See src/policy/texts/README.md.
pub static FRENCH_TEXTS: [(&str, &str); 4] = [
    ("CECILL-2.1", include_str!("texts/CECILL-2.1.fr.txt")),
    ("CECILL-B", include_str!("texts/CECILL-B.fr.txt")),
    ("CECILL-C", include_str!("texts/CECILL-C.fr.txt")),
    ("CECILL-2.0", include_str!("texts/CECILL-2.0.fr.txt")),
];

/// Whether `id` is on the list (exact SPDX identifier, any case).
/// `GPL-3.0-only` and the deprecated `GPL-3.0` count as the `-or-later`
/// of the list: the text is the same, and the list names the licence.
pub(crate) fn is_allowed(id: &str) -> bool {
    let base = base_id(id);
    LICENCES
        .iter()
        .any(|l| base_id(l.id).eq_ignore_ascii_case(&base))
}

/// An identifier without its `-only`, `-or-later` or `+` suffix: the
/// licence a text names, whichever versions the project allows.
pub(crate) fn base_id(id: &str) -> String {
    let id = id.trim();
    let id = id
        .strip_suffix("-or-later")
        .or_else(|| id.strip_suffix("-only"))
        .or_else(|| id.strip_suffix('+'))
        .unwrap_or(id);
    id.to_string()
}

/// Every reference text the audit compares a licence file with: the SPDX
/// texts of the list and of [`OTHERS`], and the French texts.
pub(crate) fn reference_texts() -> impl Iterator<Item = (&'static str, &'static str)> {
    LICENCES
        .iter()
        .map(|l| (l.id, l.spdx.text()))
        .chain(OTHERS.iter().map(|o| (o.id, o.spdx.text())))
        .chain(FRENCH_TEXTS.iter().copied())
}

/// MIT: permissive, as DINUM advises first.
pub(crate) fn default_licence() -> &'static Licence {
    &LICENCES[0]
}

/// The allowed identifiers, by family, for error messages.
pub(crate) fn list_for_humans() -> String {
    let ids = |family: Family| {
        LICENCES
            .iter()
            .filter(|l| l.family == family)
            .map(|l| l.id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    fill(
        t().scaffold.licence_list,
        &[
            ("permissive", &ids(Family::Permissive)),
            ("reciprocal", &ids(Family::Reciprocal)),
        ],
    )
}

/// Reads a `--license` value: one identifier of the list (case does not
/// matter). Anything else is refused with a message listing the list.
pub(crate) fn parse(value: &str) -> Result<&'static Licence, String> {
    let value = value.trim();
    let known = LICENCES.iter().find(|l| l.id.eq_ignore_ascii_case(value));
    if let Some(licence) = known {
        // The table and the SPDX list must agree; the unit tests hold this.
        if spdx::license_id(licence.id).is_some() {
            return Ok(licence);
        }
    }
    let s = &t().scaffold;
    let why = match spdx::Expression::parse(value) {
        Ok(_) => fill(s.licence_not_allowed, &[("value", &value)]),
        Err(_) => fill(s.licence_not_spdx, &[("value", &value)]),
    };
    Err(format!("{why} {}", list_for_humans()))
}

/// The licence text as SPDX publishes it, from the `license` crate.
pub(crate) fn text(id: &str) -> Result<&'static str> {
    LICENCES
        .iter()
        .find(|l| l.id == id)
        .map(|l| l.spdx.text())
        .ok_or_else(|| Error::msg(fill(t().scaffold.licence_text_missing, &[("id", &id)])))
}

/// The text for the repository's `LICENSE` file: the SPDX text with the
/// copyright notice filled where the licence has one (MIT, BSD, Apache).
/// The GNU licences' "How to apply" appendix and the licences without a
/// notice (MPL, EPL, EUPL, CeCILL) are kept verbatim, as their authors ask:
/// the holder and year go in REUSE.toml instead.
pub fn filled_text(id: &str, year: i16, holder: &str) -> Result<String> {
    let text = text(id)?;
    let year = year.to_string();
    let filled = match id {
        "MIT" => text
            .replace("<year>", &year)
            .replace("<copyright holders>", holder),
        "BSD-2-Clause" | "BSD-3-Clause" => text.replace("<year>", &year).replace("<owner>", holder),
        "Apache-2.0" => text
            .replace("[yyyy]", &year)
            .replace("[name of copyright owner]", holder),
        _ => text.to_string(),
    };
    Ok(with_final_newline(trim_line_ends(&filled)))
}

/// The text for `LICENSES/<id>.txt`: SPDX's text, unchanged but for line ends.
pub(crate) fn reuse_text(id: &str) -> Result<String> {
    Ok(with_final_newline(trim_line_ends(text(id)?)))
}

fn trim_line_ends(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn with_final_newline(mut text: String) -> String {
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_licence_is_known_to_spdx_and_has_a_text() {
        for licence in &LICENCES {
            assert!(spdx::license_id(licence.id).is_some(), "{}", licence.id);
            assert!(text(licence.id).unwrap().len() > 500, "{}", licence.id);
        }
    }

    #[test]
    fn each_identifier_is_paired_with_the_spdx_data_of_that_licence() {
        for licence in &LICENCES {
            assert_eq!(licence.spdx.id(), licence.id);
        }
        assert!(text("GPL-2.0-only").is_err());
    }

    #[test]
    fn cecill_b_is_permissive_here_though_spdx_calls_it_copyleft() {
        let id = spdx::license_id("CECILL-B").unwrap();
        assert!(id.is_copyleft());
        assert_eq!(parse("CECILL-B").unwrap().family, Family::Permissive);
    }

    #[test]
    fn parse_accepts_the_list_in_any_case_and_refuses_the_rest() {
        assert_eq!(parse("mit").unwrap().id, "MIT");
        assert_eq!(
            parse(" agpl-3.0-or-later ").unwrap().id,
            "AGPL-3.0-or-later"
        );
        for bad in [
            "GPL-2.0-only",
            "Unlicense",
            "MIT OR Apache-2.0",
            "n'importe quoi",
            "",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(
                err.contains("EUPL-1.2") && err.contains("MIT"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn notices_are_filled_where_the_licence_has_one() {
        let mit = filled_text("MIT", 2030, "Ville de Test").unwrap();
        assert!(mit.contains("Copyright (c) 2030 Ville de Test"));
        let apache = filled_text("Apache-2.0", 2030, "Ville de Test").unwrap();
        assert!(apache.contains("Copyright 2030 Ville de Test") && !apache.contains("[yyyy]"));
        let bsd = filled_text("BSD-3-Clause", 2030, "Ville de Test").unwrap();
        assert!(bsd.starts_with("Copyright (c) 2030 Ville de Test."));
        assert!(filled_text("EUPL-1.2", 2030, "x").unwrap().ends_with('\n'));
    }
}
