//! The report, version 2 (docs/report.md): its JSON Schema, first tries,
//! the recruit's choice about the reflections, and what it says it holds.
//! Every JSON report these tests (and the other report tests) produce goes
//! through [`valid_report`], which checks it against the shipped schema.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use assert_cmd::Command;
use serde_json::Value;

fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/report-v2.schema.json")
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
        jsonschema::draft202012::new(&schema).expect("the shipped schema compiles")
    })
}

/// Parses a JSON report and checks it against docs/schemas/report-v2.schema.json.
pub fn valid_report(bytes: &[u8]) -> Value {
    let json: Value = serde_json::from_slice(bytes).expect("the report is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the report does not match its schema:\n{}\n{json:#}",
        errors.join("\n")
    );
    json
}

/// `report --format json` with `args` and `stdin`: the JSON (validated) and stderr.
fn json_report(mut cmd: Command, args: &[&str], stdin: &str) -> (Value, String) {
    let out = cmd
        .args(["report", "--format", "json"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (valid_report(&out.stdout), stderr)
}

fn git_name(env: &Env) {
    std::fs::write(
        env.path("home/.gitconfig"),
        "[user]\n\tname = Camille Martin\n",
    )
    .unwrap();
}

#[test]
fn the_schema_refuses_what_version_2_forbids() {
    // The validator is no rubber stamp: a report missing a key, with an
    // unknown status, or with picks on a right first try, is refused.
    let env = Env::new();
    git_name(&env);
    let (good, _) = json_report(env.fixture("basic"), &[], "");
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut json = good.clone();
        change(&mut json);
        validator().is_valid(&json)
    };
    assert!(validator().is_valid(&good));
    assert!(!broken(&|j| {
        j.as_object_mut().unwrap().remove("reviews");
    }));
    assert!(!broken(&|j| j["report_version"] = 1.into()));
    assert!(!broken(&|j| j["steps"][0]["status"] = "finie".into()));
    assert!(!broken(&|j| j["steps"][0]["questions_detail"] = Value::Null));
    assert!(!broken(&|j| {
        j["includes_reflections"] = false.into();
        j["steps"][0]["reflection"] = "secret".into();
    }));
}

#[test]
fn a_missed_first_try_is_reported_with_the_choice_picked() {
    let env = Env::new();
    git_name(&env);
    let content = load_fixture("basic");
    let (alpha, beta) = (&content.steps[0], &content.steps[1]);
    // Alpha: the first question wrong (fails), then redone right.
    let input = format!(
        "\n\n{}\n{}\n\n{}\n{}\n",
        wrong_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer),
        right_line(&beta.questions[0].answer),
        right_line(&beta.questions[1].answer),
    );
    env.fixture("basic").write_stdin(input).assert().success();
    let redo = format!(
        "\n{}\n{}\n",
        right_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer)
    );
    env.fixture("basic").write_stdin(redo).assert().success();

    let (json, _) = json_report(env.fixture("basic"), &[], "");
    assert_eq!(json["report_version"], 2);
    assert_eq!(json["content"]["id"], Value::Null, "basic has no id");
    let version = json["content"]["version"].as_str().unwrap();
    assert!(
        version.len() == 12 && version.bytes().all(|b| b.is_ascii_hexdigit()),
        "{version}"
    );
    assert!(json["last_activity"].as_str().unwrap() >= json["last_passed_at"].as_str().unwrap());
    let a = &json["steps"][0];
    assert_eq!(a["attempts"], 2);
    assert_eq!(a["current"], true);
    assert_eq!(a["fingerprint"], alpha.fingerprint.current.as_str());
    let detail = &a["questions_detail"];
    assert_eq!(detail[0]["index"], 0);
    assert_eq!(detail[0]["kind"], "single");
    assert_eq!(detail[0]["first_try"], false);
    assert_eq!(detail[0]["picked"], serde_json::json!(["Bêta"]));
    assert_eq!(detail[0]["question"], "Quelle est la première lettre ?");
    assert_eq!(detail[1]["kind"], "multiple");
    assert_eq!(detail[1]["first_try"], true);
    assert_eq!(detail[1]["picked"], serde_json::json!([]));
    let b = &json["steps"][1]["questions_detail"];
    assert_eq!(b[0]["kind"], "text");
    assert_eq!(b[0]["first_try"], true);
    // Both steps passed today: their questions come back in two days.
    assert_eq!(json["reviews"]["due"], 0);
    assert_eq!(json["reviews"]["overdue"], 0);
    assert!(json["reviews"]["next"].is_string());

    // The Markdown names the choice picked at the first try.
    let md = env.fixture("basic").arg("report").output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("  - Choisi au premier essai\u{a0}: Bêta"),
        "{md}"
    );
}

#[test]
fn a_wrong_free_text_answer_never_reaches_the_report() {
    let env = Env::new();
    git_name(&env);
    let content = load_fixture("basic");
    let beta = &content.steps[1];
    let input = format!(
        "\n\nmon secret à moi\n{}\n",
        right_line(&beta.questions[1].answer)
    );
    env.fixture("basic")
        .args(["step", "beta"])
        .write_stdin(input)
        .assert()
        .success();
    let (json, _) = json_report(env.fixture("basic"), &[], "");
    let detail = &json["steps"][1]["questions_detail"][0];
    assert_eq!(detail["first_try"], false);
    assert_eq!(detail["picked"], serde_json::json!([]));
    assert!(!json.to_string().contains("mon secret"));
}

#[test]
fn an_outdated_step_and_overdue_reviews_are_reported() {
    let env = Env::new();
    git_name(&env);
    let dir = env.path("contenu");
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["01-alpha.toml", "02-beta.toml", "journey.toml"] {
        std::fs::copy(fixture_dir("basic").join(file), dir.join(file)).unwrap();
    }
    let content = load_fixture("basic");
    let mut cmd = env.cmd();
    cmd.env("ONBOARD_STEPS", &dir);
    cmd.write_stdin(right_journey(&content)).assert().success();
    let run = || {
        let mut cmd = env.cmd();
        cmd.env("ONBOARD_STEPS", &dir);
        cmd
    };
    let (before, _) = json_report(run(), &[], "");

    // Every review date moved to the past: all due, all overdue.
    let progress = env.progress_text();
    let re = regex::Regex::new(r"due = \d{4}-\d{2}-\d{2}").unwrap();
    assert!(re.is_match(&progress), "{progress}");
    std::fs::write(
        env.progress(),
        re.replace_all(&progress, "due = 2020-01-01").as_ref(),
    )
    .unwrap();
    // Alpha's text changes: passed on an older version.
    let alpha = std::fs::read_to_string(dir.join("01-alpha.toml")).unwrap();
    std::fs::write(
        dir.join("01-alpha.toml"),
        alpha.replace("Le texte d'*alpha*", "Le nouveau texte d'*alpha*"),
    )
    .unwrap();
    let (after, _) = json_report(run(), &[], "");
    assert_eq!(after["steps"][0]["status"], "outdated");
    assert_eq!(after["steps"][0]["current"], false);
    assert_eq!(
        after["steps"][0]["fingerprint"],
        before["steps"][0]["fingerprint"]
    );
    assert_eq!(after["steps"][1]["current"], true);
    assert_ne!(after["content"]["version"], before["content"]["version"]);
    // Only beta's two questions still count: alpha is no longer passed.
    assert_eq!(after["reviews"]["due"], 2);
    assert_eq!(after["reviews"]["overdue"], 2);
    assert_eq!(after["reviews"]["next"], Value::Null);
}

/// A content of one step with a reflection, and a journey through it that
/// answers the reflection; `extra` goes at the end of journey.toml.
pub fn reflective_content(env: &Env, extra: &str) -> PathBuf {
    let dir = env.path("reflexion");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("journey.toml"),
        format!("format = 1\nid = \"essai-reflexion\"\ntitle = \"Essai\"\n{extra}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("01-gamma.toml"),
        "format = 1\nid = \"gamma\"\ntitle = \"Gamma\"\nkind = \"value\"\nbody = \"Le texte.\"\n\n\
         [[questions]]\nprompt = \"Laquelle ?\"\nshuffle = false\n\
         [[questions.choices]]\ntext = \"La bonne\"\ncorrect = true\n\
         [[questions.choices]]\ntext = \"La mauvaise\"\n\n\
         [reflection]\nprompt = \"Que feras-tu ?\"\ncommitment = \"Essaie.\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_recruit_chooses_whether_the_reflections_go_in_the_report() {
    let env = Env::new();
    git_name(&env);
    let dir = reflective_content(&env, "");
    let run = || {
        let mut cmd = env.cmd();
        cmd.env("ONBOARD_STEPS", &dir);
        cmd
    };
    run()
        .write_stdin("\n\n1\nMon engagement personnel.\n")
        .assert()
        .success();
    let secret = "Mon engagement personnel.";
    let asked = "Mettre dans le rapport tes réponses aux questions de réflexion";

    // Asked, in plain mode too: yes.
    let (json, stderr) = json_report(run(), &[], "o\n");
    assert!(stderr.contains(asked), "{stderr}");
    assert_eq!(json["includes_reflections"], true);
    assert_eq!(json["steps"][0]["reflection"], secret);
    assert_eq!(json["content"]["id"], "essai-reflexion");
    assert!(
        stderr.contains("et tes réponses aux questions de réflexion"),
        "{stderr}"
    );

    // No one to answer (end of input): left out.
    let (json, stderr) = json_report(run(), &[], "");
    assert!(stderr.contains(asked), "{stderr}");
    assert_eq!(json["includes_reflections"], false);
    assert_eq!(json["steps"][0]["reflection"], Value::Null);
    assert!(!json.to_string().contains(secret));
    assert!(stderr.contains("mais pas tes réponses"), "{stderr}");

    // The flags choose without a question.
    let (json, stderr) = json_report(run(), &["--no-reflections"], "o\n");
    assert!(!stderr.contains(asked), "{stderr}");
    assert_eq!(json["includes_reflections"], false);
    let (json, stderr) = json_report(run(), &["--reflections"], "");
    assert!(!stderr.contains(asked), "{stderr}");
    assert_eq!(json["steps"][0]["reflection"], secret);
    run()
        .args(["report", "--reflections", "--no-reflections"])
        .assert()
        .failure();

    // What it holds, and that it stays here, before it is written.
    for part in [
        "Camille Martin",
        "les dates",
        "score",
        "premier essai",
        "rien n'est envoyé",
    ] {
        assert!(stderr.contains(part), "{part}: {stderr}");
    }

    // The Markdown follows the same choice.
    let out = run().args(["report", "--no-reflections"]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains(secret), "{md}");
    assert!(md.contains("Tu as choisi de ne pas mettre"), "{md}");
    let out = run().args(["report", "--reflections"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(secret));
}

#[test]
fn a_json_report_written_to_a_file_is_valid_and_english_too() {
    let env = Env::new();
    git_name(&env);
    let file = env.path("report.json");
    let out = env
        .fixture("basic")
        .args(["--lang", "en", "report", "--format", "json", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing is sent"), "{stderr}");
    valid_report(&std::fs::read(&file).unwrap());
}

#[test]
fn the_shipped_content_is_named_and_versioned_by_the_build() {
    let env = Env::new();
    git_name(&env);
    let (json, _) = json_report(env.cmd(), &[], "");
    assert_eq!(json["content"]["id"], "fabrique-numerique");
    assert_eq!(
        json["content"]["version"],
        format!("onboard {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(json["steps"][0]["fingerprint"], Value::Null);
    assert_eq!(
        json["steps"][0]["questions_detail"][0]["first_try"],
        Value::Null
    );
}

/// A content author's step title and a recruit's name are text in the
/// Markdown report, never structure: an image that would call a tracker
/// when the mentor opens the report, raw HTML, a table cell's end.
#[test]
fn markdown_from_the_content_or_the_recruit_never_changes_the_report_s_structure() {
    let env = Env::new();
    std::fs::write(
        env.path("home/.gitconfig"),
        "[user]\n\tname = <img src=x onerror=alert(1)> **Camille**\n",
    )
    .unwrap();
    let steps = env.path("hostile");
    std::fs::create_dir_all(&steps).unwrap();
    for entry in std::fs::read_dir(fixture_dir("basic")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, steps.join(path.file_name().unwrap())).unwrap();
        }
    }
    let alpha = steps.join("01-alpha.toml");
    let text = std::fs::read_to_string(&alpha).unwrap().replace(
        "title = \"Alpha\"",
        "title = \"Alpha ![pixel](https://suivi.example/p.png) <script>x</script> | fin\"",
    );
    std::fs::write(&alpha, text).unwrap();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    // The first question wrong: the step's title heads a missed question.
    let input = format!(
        "\n\n{}\n{}\n",
        wrong_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer),
    );
    let run = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.env("ONBOARD_STEPS", &steps).args(args);
        cmd
    };
    run(&["step", "alpha"])
        .write_stdin(input)
        .assert()
        .success();
    let out = run(&["report"]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{md}");
    // Raw: not preceded by the backslash that makes it text.
    let raw = |sign: &str| {
        md.match_indices(sign)
            .any(|(at, _)| at == 0 || md.as_bytes()[at - 1] != b'\\')
    };
    for sign in ["![pixel]", "<script>", "<img", "**Camille**", "> | fin"] {
        assert!(!raw(sign), "{sign:?} is raw in:\n{md}");
    }
    assert!(
        md.contains("\\!\\[pixel\\](https://suivi.example/p.png)"),
        "{md}"
    );
    assert!(
        md.contains("\\<img src=x onerror=alert(1)\\> \\*\\*Camille\\*\\*"),
        "{md}"
    );
    // The table keeps its five cells per row.
    let row = md
        .lines()
        .find(|l| l.contains("pixel") && l.starts_with('|'))
        .unwrap();
    assert_eq!(row.matches(" | ").count(), 4, "{row}");
}
