//! The audit's fairness and its output for other tools: severities in words
//! and in JSON, exit codes with and without `--strict`, a missing file
//! reported once, the common alternative names, and SARIF (checked against
//! the SARIF 2.1.0 schema with check-jsonschema when the CI tools are there).

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::Env;

/// A scaffolded repository (no git) in a fresh environment.
fn scaffolded(env: &Env) -> PathBuf {
    let repo = env.path("depot");
    env.cmd()
        .arg("scaffold")
        .arg(&repo)
        .args(["--yes", "--no-git", "--contact", "equipe@exemple.gouv.fr"])
        .args(["--repository-url", "https://github.com/ville/depot"])
        .assert()
        .success();
    repo
}

/// `onboard audit` with `args`: exit code, stdout and stderr.
fn audit(env: &Env, repo: &Path, args: &[&str]) -> (i32, String, String) {
    let out = env
        .cmd()
        .arg("audit")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(env: &Env, repo: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = audit(env, repo, &all);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, value)
}

fn rule<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id} in {report}"))
}

fn statuses(report: &serde_json::Value, status: &str) -> Vec<String> {
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn severity_is_said_in_words_and_in_json() {
    let env = Env::new();
    let repo = scaffolded(&env);
    fs::remove_file(repo.join("SUPPORT.md")).unwrap();
    fs::remove_file(repo.join("SECURITY.md")).unwrap();
    let (code, out, err) = audit(&env, &repo, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("ÉCHEC  file:SUPPORT.md (conseillée)\u{a0}: SUPPORT.md manque."),
        "{out}"
    );
    assert!(
        out.contains("ÉCHEC  file:SECURITY.md (obligatoire)\u{a0}: "),
        "{out}"
    );
    assert!(
        out.contains("OK     file:README.md (obligatoire)\u{a0}: "),
        "{out}"
    );
    assert!(
        out.contains("SAUTÉE security-contact (obligatoire)\u{a0}: "),
        "{out}"
    );
    let (_, out, _) = audit(&env, &repo, &["--lang", "en"]);
    assert!(
        out.contains("FAILED  file:SUPPORT.md (recommended): SUPPORT.md is missing."),
        "{out}"
    );
    assert!(
        out.contains("SKIPPED security-contact (required): "),
        "{out}"
    );
    let (_, report) = json(&env, &repo, &[]);
    assert_eq!(rule(&report, "file:SUPPORT.md")["severity"], "recommended");
    assert_eq!(rule(&report, "file:SECURITY.md")["severity"], "required");
    assert_eq!(rule(&report, "license-text")["severity"], "required");
    assert_eq!(rule(&report, "ci")["severity"], "recommended");
}

#[test]
fn only_required_rules_fail_unless_strict() {
    let env = Env::new();
    let repo = scaffolded(&env);
    assert_eq!(audit(&env, &repo, &["--strict"]).0, 0);
    for file in [
        "SUPPORT.md",
        "GOVERNANCE.md",
        "CHANGELOG.md",
        ".editorconfig",
    ] {
        fs::remove_file(repo.join(file)).unwrap();
    }
    fs::remove_dir_all(repo.join(".github")).unwrap();
    let (code, report) = json(&env, &repo, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["passed"], true);
    assert_eq!(report["strict"], false);
    assert_eq!(report["summary"]["failed_required"], 0);
    assert_eq!(report["summary"]["failed_recommended"], 6);
    let (code, out, err) = audit(&env, &repo, &["--strict"]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("l'audit strict a trouvé 6 règle(s)"), "{err}");
    let (code, report) = json(&env, &repo, &["--strict"]);
    assert_eq!((code, &report["passed"]), (1, &serde_json::json!(false)));
    // One required rule fails: exit 1 without --strict too.
    fs::write(repo.join("SECURITY.md"), "# Sécurité\n\nÉcris-nous.\n").unwrap();
    let (code, report) = json(&env, &repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report, "fail").len(), 7, "{report}");
    assert_eq!(report["summary"]["failed_required"], 1);
}

#[test]
fn a_missing_file_is_reported_once() {
    // (what to remove, the failed rules, the rule they depend on, the rules
    // skipped for it). Without LICENSE and LICENSES/, two files are missing:
    // the licence file, and the licence text REUSE asks for.
    type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a str, &'a [&'a str]);
    let cases: [Case; 5] = [
        (
            &["LICENSE", "LICENSES"],
            &["file:LICENSE", "licenses-dir"],
            "file:LICENSE",
            &["license-text"],
        ),
        (
            &["SECURITY.md"],
            &["file:SECURITY.md"],
            "file:SECURITY.md",
            &["security-contact"],
        ),
        (
            &["publiccode.yml"],
            &["file:publiccode.yml"],
            "file:publiccode.yml",
            &["publiccode", "publiccode-license"],
        ),
        (
            &["README.md"],
            &["file:README.md"],
            "file:README.md",
            &["readme-issue-tracker"],
        ),
        (
            &["REUSE.toml"],
            &["reuse-toml"],
            "reuse-toml",
            &["licenses-dir"],
        ),
    ];
    for (remove, failed, needed, skipped) in cases {
        let env = Env::new();
        let repo = scaffolded(&env);
        for path in remove {
            let path = repo.join(path);
            if path.is_dir() {
                fs::remove_dir_all(path).unwrap();
            } else {
                fs::remove_file(path).unwrap();
            }
        }
        let (_, report) = json(&env, &repo, &[]);
        assert_eq!(
            statuses(&report, "fail"),
            failed.to_vec(),
            "{remove:?}: {report}"
        );
        assert_eq!(statuses(&report, "skipped"), skipped.to_vec(), "{remove:?}");
        for id in skipped {
            let skipped = rule(&report, id);
            assert_eq!(skipped["needs"], needed, "{skipped}");
            assert_eq!(skipped["passed"], false);
            assert!(skipped["fix"].is_null());
            assert!(skipped["message"].as_str().unwrap().contains(needed));
        }
    }
}

#[test]
fn alternative_names_and_places_are_accepted() {
    let env = Env::new();
    let repo = scaffolded(&env);
    let moves = [
        ("SECURITY.md", ".github/SECURITY.md"),
        ("CONTRIBUTING.md", "docs/CONTRIBUTING.rst"),
        ("CODE_OF_CONDUCT.md", ".gitlab/code_of_conduct.md"),
        ("GOVERNANCE.md", "governance.md"),
        ("SUPPORT.md", "SUPPORT.txt"),
        ("CHANGELOG.md", "CHANGES.md"),
        ("LICENSE", "LICENCE"),
        ("README.md", "Readme.rst"),
    ];
    for (from, to) in moves {
        let to = repo.join(to);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::rename(repo.join(from), to).unwrap();
    }
    let (code, report) = json(&env, &repo, &["--strict"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(statuses(&report, "fail"), Vec::<String>::new());
    let files = |id: &str| rule(&report, id)["files"].clone();
    assert_eq!(
        files("file:SECURITY.md"),
        serde_json::json!([".github/SECURITY.md"])
    );
    assert_eq!(
        files("security-contact"),
        serde_json::json!([".github/SECURITY.md"])
    );
    assert_eq!(
        files("file:CONTRIBUTING.md"),
        serde_json::json!(["docs/CONTRIBUTING.rst"])
    );
    assert_eq!(
        files("file:CODE_OF_CONDUCT.md"),
        serde_json::json!([".gitlab/code_of_conduct.md"])
    );
    assert_eq!(files("file:LICENSE"), serde_json::json!(["LICENCE"]));
    assert_eq!(files("license-text"), serde_json::json!(["LICENCE"]));
    assert_eq!(files("file:README.md"), serde_json::json!(["Readme.rst"]));
    // SECURITY.txt, COPYING, and a LICENSES/ folder alone count too.
    fs::rename(repo.join(".github/SECURITY.md"), repo.join("SECURITY.txt")).unwrap();
    fs::rename(repo.join("LICENCE"), repo.join("COPYING")).unwrap();
    let (code, report) = json(&env, &repo, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(files_of(&report, "file:SECURITY.md"), vec!["SECURITY.txt"]);
    assert_eq!(files_of(&report, "file:LICENSE"), vec!["COPYING"]);
    fs::remove_file(repo.join("COPYING")).unwrap();
    let (code, report) = json(&env, &repo, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(files_of(&report, "file:LICENSE"), vec!["LICENSES/MIT.txt"]);
    // A name that is only close is not taken for the file.
    fs::rename(repo.join("SECURITY.txt"), repo.join("INSECURITY.md")).unwrap();
    let (code, report) = json(&env, &repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report, "fail"), vec!["file:SECURITY.md"]);
}

fn files_of(report: &serde_json::Value, id: &str) -> Vec<String> {
    rule(report, id)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn json_has_structured_fields_per_rule() {
    let env = Env::new();
    let repo = scaffolded(&env);
    fs::remove_file(repo.join("SUPPORT.md")).unwrap();
    fs::remove_file(repo.join("SECURITY.md")).unwrap();
    let (_, report) = json(&env, &repo, &[]);
    let rules = report["rules"].as_array().unwrap();
    assert_eq!(report["summary"]["total"], rules.len());
    let mut counts = [0usize; 3];
    for r in rules {
        let status = r["status"].as_str().unwrap();
        let index = ["pass", "fail", "skipped"]
            .iter()
            .position(|s| *s == status)
            .unwrap_or_else(|| panic!("status {status}"));
        counts[index] += 1;
        assert!(r["id"].is_string(), "{r}");
        assert!(
            r["severity"] == "required" || r["severity"] == "recommended",
            "{r}"
        );
        assert_eq!(r["passed"], status == "pass", "{r}");
        assert!(r["message"].as_str().is_some_and(|m| !m.is_empty()), "{r}");
        assert_eq!(r["fix"].is_string(), status == "fail", "{r}");
        assert!(r["files"].is_array(), "{r}");
        assert!(r["details"].is_null() || r["details"].is_object(), "{r}");
    }
    assert_eq!(report["summary"]["passed"], counts[0]);
    assert_eq!(
        report["summary"]["failed_required"].as_u64().unwrap()
            + report["summary"]["failed_recommended"].as_u64().unwrap(),
        counts[1] as u64
    );
    assert_eq!(report["summary"]["skipped"], counts[2]);
    assert_eq!(files_of(&report, "file:SUPPORT.md"), vec!["SUPPORT.md"]);
    assert_eq!(files_of(&report, "ci"), vec![".github/workflows/ci.yml"]);
}

/// The SARIF log of `repo`, with the audit's exit code.
fn sarif(env: &Env, repo: &Path) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = audit(env, repo, &["--format", "sarif"]);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, value)
}

/// A repository with a required and a recommended failure, and a name to
/// encode.
fn broken_repository(env: &Env) -> PathBuf {
    let repo = scaffolded(env);
    fs::remove_file(repo.join("SUPPORT.md")).unwrap();
    fs::rename(repo.join("SECURITY.md"), repo.join("docs sécurité.md")).unwrap();
    fs::write(repo.join("SECURITY.md"), "# Sécurité\n\nÉcris-nous.\n").unwrap();
    repo
}

#[test]
fn sarif_has_one_run_with_rules_and_located_results() {
    let env = Env::new();
    let repo = broken_repository(&env);
    let (code, log) = sarif(&env, &repo);
    assert_eq!(code, 1);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "onboard");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 20);
    for r in rules {
        assert!(
            r["id"].is_string() && r["shortDescription"]["text"].is_string(),
            "{r}"
        );
        assert!(r["help"]["text"].is_string(), "{r}");
    }
    let results = runs[0]["results"].as_array().unwrap();
    let by_rule = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("no result for {id}: {results:?}"))
    };
    assert_eq!(results.len(), 2, "{results:?}");
    let security = by_rule("security-contact");
    assert_eq!(security["level"], "error");
    assert_eq!(
        security["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "SECURITY.md"
    );
    assert_eq!(
        security["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "SRCROOT"
    );
    let support = by_rule("file:SUPPORT.md");
    assert_eq!(support["level"], "warning");
    let index = support["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "file:SUPPORT.md");
    let root = runs[0]["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with("/depot/"),
        "{root}"
    );
}

fn tool(name: &str) -> PathBuf {
    let bin = std::env::var_os("ONBOARD_TOOLS_BIN")
        .expect("ONBOARD_TOOLS_BIN names the venv's bin directory: run bash .ci/test");
    Path::new(&bin).join(name)
}

/// The SARIF 2.1.0 schema that .ci/test takes out of a PyPI package.
fn sarif_schema() -> PathBuf {
    match std::env::var_os("ONBOARD_SARIF_SCHEMA") {
        Some(path) => PathBuf::from(path),
        None => tool("../share/sarif-schema-2.1.0.json"),
    }
}

fn check_jsonschema(schema: &Path, document: &Path) -> (bool, String) {
    let out = std::process::Command::new(tool("check-jsonschema"))
        .arg("--schemafile")
        .arg(schema)
        .arg(document)
        .output()
        .expect("check-jsonschema");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
#[ignore = "needs check-jsonschema and the SARIF schema: run bash .ci/test"]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let env = Env::new();
    let schema = sarif_schema();
    assert!(schema.is_file(), "{}", schema.display());
    let passing = scaffolded(&env);
    let other = Env::new();
    let broken = broken_repository(&other);
    let empty = env.path("vide");
    fs::create_dir(&empty).unwrap();
    for repo in [&passing, &broken, &empty] {
        let (_, log) = sarif(&env, repo);
        let file = env.path("audit.sarif");
        fs::write(&file, serde_json::to_vec_pretty(&log).unwrap()).unwrap();
        let (ok, text) = check_jsonschema(&schema, &file);
        assert!(
            ok && text.contains("ok -- validation done"),
            "{}: {text}",
            repo.display()
        );
    }
    // The schema is really applied: a log with a level SARIF does not
    // know is refused.
    let (_, mut log) = sarif(&env, &broken);
    log["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    let file = env.path("invalide.sarif");
    fs::write(&file, serde_json::to_vec_pretty(&log).unwrap()).unwrap();
    let (ok, text) = check_jsonschema(&schema, &file);
    assert!(!ok, "an invalid log passed: {text}");
}

/// The licence rule's JSON carries what was detected: the expression, the
/// best match with its score, and the runner-up.
#[test]
fn the_json_licence_rule_names_the_detected_licence_and_the_runner_up() {
    let env = Env::new();
    let repo = scaffolded(&env);
    let (_, report) = json(&env, &repo, &[]);
    let licence = rule(&report, "license-text");
    assert_eq!(licence["status"], "pass", "{licence}");
    assert_eq!(licence["files"][0], "LICENSE", "{licence}");
    let detection = &licence["details"]["licence_files"][0]["detection"];
    assert_eq!(detection["expression"], "MIT", "{licence}");
    assert_eq!(detection["best"][0], "MIT", "{licence}");
    assert!(detection["best"][1].as_f64().unwrap() >= 0.9, "{licence}");
    let runner_up = &detection["runner_up"];
    assert!(
        runner_up[0].is_string() && runner_up[0] != "MIT",
        "{licence}"
    );
    assert!(runner_up[1].as_f64().unwrap() < detection["best"][1].as_f64().unwrap());
}
