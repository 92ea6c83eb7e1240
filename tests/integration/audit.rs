//! `onboard audit`, run as the real binary on scaffolded repositories, whole
//! or with one thing broken: each broken thing fails its own rule.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

/// A scaffolded repository (no git), made once per test in a fresh folder.
struct Fixture {
    _root: TempDir,
    home: PathBuf,
    repo: PathBuf,
}

impl Fixture {
    fn new(forge: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        fs::create_dir_all(&home).unwrap();
        let fixture = Fixture {
            repo: root.path().join("depot"),
            home,
            _root: root,
        };
        fixture
            .onboard()
            .args(["scaffold"])
            .arg(&fixture.repo)
            .args([
                "--yes",
                "--no-git",
                "--forge",
                forge,
                "--contact",
                "equipe@exemple.gouv.fr",
            ])
            .args(["--repository-url", "https://github.com/ville/depot"])
            .assert()
            .success();
        fixture
    }

    fn onboard(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_onboard"));
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("ONBOARD_LANG")
            .arg("--plain");
        cmd
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.repo.join(relative)
    }

    /// `onboard audit --format json`: the exit code and the parsed report.
    fn audit_json(&self) -> (i32, serde_json::Value) {
        let output = self
            .onboard()
            .arg("audit")
            .arg(&self.repo)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report = serde_json::from_slice(&output.stdout).unwrap();
        (output.status.code().unwrap_or(-1), report)
    }

    /// The ids of the failed rules, after checking the report's shape.
    fn failed_rules(&self) -> (i32, Vec<String>) {
        let (code, report) = self.audit_json();
        assert_eq!(report["path"].as_str(), Some(self.repo.to_str().unwrap()));
        let rules = report["rules"].as_array().unwrap();
        for rule in rules {
            assert!(
                rule["id"].is_string()
                    && rule["passed"].is_boolean()
                    && rule["message"].is_string()
            );
            assert_eq!(rule["fix"].is_string(), rule["status"] == "fail", "{rule}");
        }
        // Failed and skipped rules: a rule skipped for a missing file is
        // listed with it, so that each case names what it breaks.
        let failed = rules
            .iter()
            .filter(|r| r["passed"] == false)
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>();
        let required_failed = rules
            .iter()
            .any(|r| r["status"] == "fail" && r["severity"] == "required");
        assert_eq!(report["passed"].as_bool(), Some(!required_failed));
        assert_eq!(code, i32::from(required_failed));
        (code, failed)
    }
}

#[test]
fn a_scaffolded_repository_passes_in_text_and_json() {
    for forge in ["github", "gitlab"] {
        let fixture = Fixture::new(forge);
        let (code, failed) = fixture.failed_rules();
        assert_eq!((code, failed), (0, vec![]));
        fixture
            .onboard()
            .arg("audit")
            .arg(&fixture.repo)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "OK     license-text (obligatoire)\u{a0}: ",
            ))
            .stdout(predicate::str::contains(
                "Résultat\u{a0}: 20 règles respectées sur 20.",
            ));
    }
}

#[test]
fn each_missing_file_fails_its_rule() {
    // (file, rule, required)
    let cases = [
        ("README.md", "file:README.md", true),
        // LICENSE alone is not missed: LICENSES/MIT.txt holds the licence.
        ("REUSE.toml", "reuse-toml", true),
        ("CONTRIBUTING.md", "file:CONTRIBUTING.md", false),
        ("CODE_OF_CONDUCT.md", "file:CODE_OF_CONDUCT.md", false),
        ("SECURITY.md", "file:SECURITY.md", true),
        ("GOVERNANCE.md", "file:GOVERNANCE.md", false),
        ("SUPPORT.md", "file:SUPPORT.md", false),
        ("CHANGELOG.md", "file:CHANGELOG.md", false),
        ("publiccode.yml", "file:publiccode.yml", false),
        (".editorconfig", "file:.editorconfig", false),
        (".gitignore", "file:.gitignore", false),
        ("LICENSES/MIT.txt", "licenses-dir", true),
        (".github/workflows/ci.yml", "ci", false),
    ];
    let fixture = Fixture::new("github");
    for (file, rule, required) in cases {
        let saved = fs::read(fixture.path(file)).unwrap();
        fs::remove_file(fixture.path(file)).unwrap();
        let (code, failed) = fixture.failed_rules();
        assert_eq!(code, i32::from(required), "{file}");
        assert!(failed.contains(&rule.to_string()), "{file}: {failed:?}");
        fs::write(fixture.path(file), saved).unwrap();
    }
    assert_eq!(fixture.failed_rules(), (0, vec![]));
}

#[test]
fn the_gitlab_ci_file_counts() {
    let fixture = Fixture::new("gitlab");
    fs::remove_file(fixture.path(".gitlab-ci.yml")).unwrap();
    let (code, failed) = fixture.failed_rules();
    assert_eq!((code, failed), (0, vec!["ci".to_string()]));
}

#[test]
fn an_empty_required_file_fails() {
    let fixture = Fixture::new("github");
    fs::write(fixture.path("GOVERNANCE.md"), "  \n").unwrap();
    let (code, failed) = fixture.failed_rules();
    assert_eq!((code, failed), (0, vec!["file:GOVERNANCE.md".to_string()]));
}

/// Breaks one file, and expects exactly these rules to fail.
fn broken(edit: impl FnOnce(&Path), expected: &[&str]) {
    let fixture = Fixture::new("github");
    edit(&fixture.repo);
    let (_, failed) = fixture.failed_rules();
    assert_eq!(
        failed,
        expected.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
}

#[test]
fn a_licence_outside_the_list_fails_license_text() {
    broken(
        |repo| {
            fs::write(
                repo.join("LICENSE"),
                "Tous droits réservés à la Ville. Aucune réutilisation permise.\n",
            )
            .unwrap()
        },
        &["license-text"],
    );
}

#[test]
fn an_unused_licence_file_fails_licenses_dir() {
    broken(
        |repo| fs::write(repo.join("LICENSES/Apache-2.0.txt"), "Apache\n").unwrap(),
        &["licenses-dir"],
    );
}

#[test]
fn a_file_tagged_with_another_licence_needs_its_text() {
    let tag = concat!("SPDX-", "License-Identifier: Apache-2.0");
    broken(
        |repo| fs::write(repo.join("outil.sh"), format!("#!/bin/sh\n# {tag}\n")).unwrap(),
        &["licenses-dir"],
    );
}

#[test]
fn reuse_toml_without_a_catch_all_must_cover_every_file() {
    broken(
        |repo| {
            let text = fs::read_to_string(repo.join("REUSE.toml"))
                .unwrap()
                .replace("path = \"**\"", "path = \"*.md\"");
            fs::write(repo.join("REUSE.toml"), text).unwrap();
        },
        // licenses-dir is skipped (its MIT text is unused only because
        // files lost their licence): listed with the rule it needs.
        &["reuse-toml", "licenses-dir"],
    );
}

#[test]
fn an_invalid_reuse_toml_fails() {
    broken(
        |repo| fs::write(repo.join("REUSE.toml"), "version = 1\n[[annotations]\n").unwrap(),
        &["reuse-toml", "licenses-dir"],
    );
}

#[test]
fn a_bad_publiccode_value_fails_publiccode() {
    broken(
        |repo| {
            let text = fs::read_to_string(repo.join("publiccode.yml"))
                .unwrap()
                .replace("developmentStatus: concept", "developmentStatus: fini");
            fs::write(repo.join("publiccode.yml"), text).unwrap();
        },
        &["publiccode"],
    );
}

#[test]
fn a_publiccode_licence_that_is_not_spdx_fails() {
    broken(
        |repo| {
            let text = fs::read_to_string(repo.join("publiccode.yml"))
                .unwrap()
                .replace("license: \"MIT\"", "license: \"Licence maison\"");
            fs::write(repo.join("publiccode.yml"), text).unwrap();
        },
        &["publiccode-license"],
    );
}

#[test]
fn a_security_policy_without_contact_fails() {
    broken(
        |repo| {
            fs::write(
                repo.join("SECURITY.md"),
                "# Sécurité\n\nSignalez les vulnérabilités en privé.\n",
            )
            .unwrap()
        },
        &["security-contact"],
    );
}

#[test]
fn a_readme_without_issue_tracker_fails() {
    broken(
        |repo| fs::write(repo.join("README.md"), "# Projet\n\nUn projet.\n").unwrap(),
        &["readme-issue-tracker"],
    );
}

#[test]
fn text_output_names_the_failed_rule_in_words() {
    let fixture = Fixture::new("github");
    fs::remove_file(fixture.path("SECURITY.md")).unwrap();
    fixture
        .onboard()
        .arg("audit")
        .arg(&fixture.repo)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "ÉCHEC  file:SECURITY.md (obligatoire)\u{a0}: ",
        ))
        .stdout(predicate::str::contains("À faire\u{a0}:"))
        .stderr(predicate::str::contains(
            "règle(s) obligatoire(s) non respectée(s)",
        ));
    fixture
        .onboard()
        .args(["--lang", "en", "audit"])
        .arg(&fixture.repo)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAILED  file:SECURITY.md (required): ",
        ))
        .stdout(predicate::str::contains(" : ").not())
        .stdout(predicate::str::contains("\u{a0}:").not());
}

#[test]
fn a_missing_path_is_an_error_that_names_it() {
    let fixture = Fixture::new("github");
    let missing = fixture.path("nulle-part");
    fixture
        .onboard()
        .arg("audit")
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nulle-part"));
}
