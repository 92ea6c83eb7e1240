//! Licence files as real repositories have them: found by any usual name,
//! read whatever the encoding, recognised strictly (near copies refused with
//! the closest licence of the list named), and agreeing with publiccode.yml.
//! Each test makes a small repository and runs the audit's rules on it.

use std::fs;
use std::path::Path;

use onboard::audit::{self, licence_files, licence_match};
use onboard::policy::licences::{FRENCH_TEXTS, filled_text};
use tempfile::TempDir;

fn spdx_text(id: &str) -> &'static str {
    let licence: &dyn license::License = id.parse().expect("an SPDX identifier");
    licence.text()
}

fn french(id: &str) -> &'static str {
    FRENCH_TEXTS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| *text)
        .expect("a French text")
}

/// A repository holding these files (bytes), and nothing else.
fn repo(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    dir
}

/// The verdict and message (with the fix, when it fails) of one rule.
fn rule(root: &Path, id: &str) -> (bool, String) {
    let report = audit::audit(root, false);
    let rule = report
        .rules
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"));
    let text = format!("{} {}", rule.message, rule.fix.as_deref().unwrap_or(""));
    (rule.passed, text)
}

fn licence_rule(files: &[(&str, &[u8])]) -> (bool, String) {
    let dir = repo(files);
    rule(dir.path(), "license-text")
}

fn passes(files: &[(&str, &[u8])], expected: &[&str]) {
    let (passed, message) = licence_rule(files);
    assert!(passed, "{message}");
    for needle in expected {
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }
}

fn fails(files: &[(&str, &[u8])], expected: &[&str]) {
    let (passed, message) = licence_rule(files);
    assert!(!passed, "{message}");
    for needle in expected {
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }
    assert!(!message.contains("MIT conseillée"), "{message}");
}

fn mit() -> String {
    filled_text("MIT", 2024, "Ville de Test").unwrap()
}

#[test]
fn the_usual_names_are_found_in_any_case() {
    passes(
        &[("LICENCE", mit().as_bytes())],
        &["LICENCE", "MIT", "100 %"],
    );
    passes(
        &[("COPYING", spdx_text("GPL-3.0-or-later").as_bytes())],
        &["COPYING", "GPL-3.0-or-later"],
    );
    passes(
        &[(
            "LICENSE.AGPL.txt",
            spdx_text("AGPL-3.0-or-later").as_bytes(),
        )],
        &["LICENSE.AGPL.txt", "AGPL-3.0-or-later"],
    );
    passes(
        &[("license.txt", mit().as_bytes())],
        &["license.txt", "MIT"],
    );
    let dir = repo(&[("Licence.md", mit().as_bytes())]);
    let found = licence_files::find(dir.path(), &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "Licence.md");
}

#[test]
fn a_licences_folder_alone_counts() {
    let eupl = filled_text("EUPL-1.2", 2024, "x").unwrap();
    passes(
        &[("LICENSES/EUPL-1.2.txt", eupl.as_bytes())],
        &["LICENSES/", "EUPL-1.2"],
    );
}

#[test]
fn no_licence_file_is_told_to_add_one_never_which() {
    // monitorfish's case: an AGPL project must hear about AGPL, not MIT.
    // A missing licence file is reported once, by file:LICENSE (license-text
    // is then skipped), and that is where the advice is.
    let publiccode = "publiccodeYmlVersion: \"0.4\"\nlegal:\n  license: AGPL-3.0-or-later\n";
    let licence_file_rule = |files: &[(&str, &[u8])]| {
        let dir = repo(files);
        rule(dir.path(), "file:LICENSE")
    };
    let (passed, message) = licence_file_rule(&[("publiccode.yml", publiccode.as_bytes())]);
    assert!(!passed);
    assert!(message.contains("Aucun fichier de licence"), "{message}");
    assert!(message.contains("AGPL-3.0-or-later"), "{message}");
    assert!(!message.contains("MIT"), "{message}");
    let (passed, message) = licence_file_rule(&[("README.md", b"# Projet\n")]);
    assert!(!passed);
    assert!(!message.contains("MIT"), "{message}");
}

#[test]
fn dual_licences_in_one_file_or_in_several() {
    let dual = format!(
        "This project is dual-licensed: you may use it under either licence, at your choice.\n\n{}\n\n{}",
        spdx_text("MIT"),
        spdx_text("Unlicense")
    );
    passes(
        &[("LICENSE", dual.as_bytes())],
        &["MIT", "Unlicense", " OR "],
    );
    let detection = licence_match::detect(&dual);
    assert!(detection.offers_choice);
    assert_eq!(detection.found.len(), 2, "{detection:?}");

    let apache = filled_text("Apache-2.0", 2024, "x").unwrap();
    passes(
        &[
            ("LICENSE-MIT", mit().as_bytes()),
            ("LICENSE-APACHE", apache.as_bytes()),
            (
                "COPYING",
                b"Dual licensed under MIT or Apache-2.0, at your option.\n",
            ),
        ],
        &["LICENSE-APACHE, LICENSE-MIT", "Apache-2.0 OR MIT"],
    );
}

#[test]
fn gpl_and_lgpl_in_one_file_are_the_lgpl() {
    let both = format!(
        "{}\n\n{}",
        spdx_text("GPL-3.0-or-later"),
        spdx_text("LGPL-3.0-or-later")
    );
    let detection = licence_match::detect(&both);
    let ids: Vec<&str> = detection.found.iter().map(|f| f.id.as_str()).collect();
    assert!(ids.contains(&"GPL-3.0-or-later") && ids.contains(&"LGPL-3.0-or-later"));
    passes(&[("COPYING", both.as_bytes())], &["LGPL-3.0-or-later"]);
}

/// Latin-1 bytes, as cecill.info publishes its texts.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

#[test]
fn french_and_bilingual_cecill_texts_are_recognised() {
    let fr = french("CECILL-2.1");
    passes(&[("LICENCE", fr.as_bytes())], &["CECILL-2.1", "100 %"]);
    passes(&[("LICENSE", &latin1(fr))], &["CECILL-2.1"]);
    let bilingual = format!("{fr}\n\n{}", spdx_text("CECILL-2.1"));
    passes(&[("LICENSE", bilingual.as_bytes())], &["CECILL-2.1"]);
    passes(&[("LICENSE", french("CECILL-B").as_bytes())], &["CECILL-B"]);
    passes(&[("LICENSE", french("CECILL-C").as_bytes())], &["CECILL-C"]);
}

#[test]
fn near_copies_are_refused_with_the_closest_allowed_licence_named() {
    let cases = [
        (spdx_text("SSPL-1.0"), "SSPL-1.0", "AGPL-3.0-or-later"),
        (spdx_text("JSON"), "JSON", "MIT"),
        (spdx_text("BSD-4-Clause"), "BSD-4-Clause", "BSD-3-Clause"),
        (spdx_text("EUPL-1.1"), "EUPL-1.1", "EUPL-1.2"),
        (spdx_text("CECILL-2.0"), "CECILL-2.0", "CECILL-2.1"),
        (french("CECILL-2.0"), "CECILL-2.0", "CECILL-2.1"),
    ];
    for (text, id, closest) in cases {
        let (passed, message) = licence_rule(&[("LICENSE", text.as_bytes())]);
        assert!(!passed, "{id}: {message}");
        assert!(
            message.contains(&format!("le texte de {id} (ressemblance 100 %)")),
            "{id}: {message}"
        );
        assert!(
            message.contains(&format!("la plus proche de la liste est {closest} (")),
            "{id}: {message}"
        );
        assert!(
            message.contains("onboard ne choisit pas la licence"),
            "{message}"
        );
        let detection = licence_match::detect(text);
        assert_eq!(detection.expression.as_deref(), Some(id));
        assert!(detection.runner_up.is_some());
    }
}

#[test]
fn a_modified_text_is_refused_with_both_candidates_named() {
    // MIT with its warranty clause removed: close to MIT, not MIT.
    let text = mit();
    let cut = text.split("THE SOFTWARE IS PROVIDED").next().unwrap();
    fails(
        &[("LICENSE", cut.as_bytes())],
        &[
            "ne ressemble assez à aucune licence connue",
            "la plus proche est",
            "il faut 90 %",
        ],
    );
    let detection = licence_match::detect(cut);
    assert_eq!(detection.expression, None);
    assert!(detection.best.is_some() && detection.runner_up.is_some());
}

#[test]
fn an_unknown_text_is_not_a_licence() {
    fails(
        &[(
            "LICENSE",
            "Tous droits réservés à la Ville. Aucune réutilisation permise.\n".as_bytes(),
        )],
        &["ne ressemble assez à aucune licence connue", "renomme"],
    );
}

#[test]
fn a_huge_licence_file_is_read_up_to_its_cap() {
    let mut big = mit().into_bytes();
    for i in 0..200_000 {
        big.extend(format!("annex {i}: term {} applies\n", i % 97).as_bytes());
    }
    assert!(big.len() > 4 * 1024 * 1024);
    let (passed, message) = licence_rule(&[("LICENSE", &big)]);
    // The first 256 KB are read: far more than a licence, so not one.
    assert!(!passed, "{message}");
    assert!(message.contains("ne ressemble assez"), "{message}");
}

const PUBLICCODE: &str = "publiccodeYmlVersion: \"0.4\"\nlegal:\n  license: LICENCE_ID\n";

fn publiccode_rule(id: &str, files: &[(&str, &[u8])]) -> (bool, String) {
    let publiccode = PUBLICCODE.replace("LICENCE_ID", id);
    let mut all = files.to_vec();
    all.push(("publiccode.yml", publiccode.as_bytes()));
    let dir = repo(&all);
    rule(dir.path(), "publiccode-license")
}

#[test]
fn publiccode_licence_must_agree_with_the_licence_file() {
    let agpl = spdx_text("AGPL-3.0-or-later").as_bytes();
    let (passed, message) = publiccode_rule("MIT", &[("LICENSE", agpl)]);
    assert!(!passed);
    assert!(
        message.contains(
            "publiccode.yml déclare «\u{a0}MIT\u{a0}», mais LICENSE contient AGPL-3.0-or-later"
        ),
        "{message}"
    );
    assert!(
        message.contains("écris-y «\u{a0}AGPL-3.0-or-later\u{a0}»"),
        "{message}"
    );

    let (passed, message) = publiccode_rule("AGPL-3.0-or-later", &[("LICENSE", agpl)]);
    assert!(passed, "{message}");
    // -only and -or-later name the same text.
    let (passed, message) = publiccode_rule("AGPL-3.0-only", &[("LICENSE", agpl)]);
    assert!(passed, "{message}");
}

#[test]
fn publiccode_licence_must_be_on_the_list() {
    let (passed, message) = publiccode_rule("CC-BY-NC-SA-4.0", &[("LICENSE", mit().as_bytes())]);
    assert!(!passed);
    assert!(
        message.contains("«\u{a0}CC-BY-NC-SA-4.0\u{a0}», n'est pas dans la liste"),
        "{message}"
    );
    let (passed, message) = publiccode_rule("MIT OR Unlicense", &[("LICENSE", mit().as_bytes())]);
    assert!(!passed, "disagrees with LICENSE: {message}");
    let (passed, message) = publiccode_rule("Licence maison", &[]);
    assert!(!passed);
    assert!(
        message.contains("n'est pas une expression SPDX valable"),
        "{message}"
    );
}

#[test]
fn publiccode_licence_must_have_its_text_in_licenses() {
    let eupl = filled_text("EUPL-1.2", 2024, "x").unwrap();
    let (passed, message) = publiccode_rule(
        "EUPL-1.2",
        &[
            ("LICENSE", eupl.as_bytes()),
            ("LICENSES/MIT.txt", mit().as_bytes()),
        ],
    );
    assert!(!passed);
    assert!(
        message.contains("LICENSES/ n'a pas de texte pour EUPL-1.2"),
        "{message}"
    );
}
