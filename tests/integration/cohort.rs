//! `onboard cohort` on a generated cohort whose figures are known: the same
//! figures in every format, each kind of bad report set aside with its
//! reason while the others count, and a git repository read like a folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use onboard::content::Content;
use onboard::i18n::Lang;
use serde_json::{Value, json};

use crate::cohort_gen::{self, Recruit, report_v1, report_v2, wrong_choice};
use crate::common::{Env, load_shipped};

/// The known cohort, in `dir`: four reports that count and seven set aside.
///
/// | recruit | steps passed | first tries missed | drift | reviews |
/// |---|---|---|---|---|
/// | Camille Martin | 12 of 12 | vision 1 | | 2 due, 1 overdue |
/// | Dominique Petit | 4 of 12 (5, one on older content) | vision 1, mission 1 | step 3 | none |
/// | Sacha Bernard | 3 of 12 | | | none |
/// | Alex Leroy (version 1, in a subfolder) | 2 of 12 | unknown | | unknown |
pub fn known_cohort(dir: &Path) -> Content {
    let content = load_shipped(Lang::Fr);
    let w = |s: usize| wrong_choice(&content.steps[s].questions[0]);
    let camille = Recruit::new("Camille Martin", 12)
        .miss(0, 0, w(0))
        .reviews(2, 1)
        .day(28);
    let dominique = Recruit::new("Dominique Petit", 5)
        .miss(0, 0, w(0))
        .miss(1, 0, w(1))
        .drift(2)
        .day(25);
    let sacha = Recruit::new("Sacha Bernard", 3).day(22);
    let alex = Recruit::new("Alex Leroy", 2).day(21);
    cohort_gen::write(dir, "camille.json", &report_v2(&content, &camille));
    cohort_gen::write(dir, "dominique.json", &report_v2(&content, &dominique));
    cohort_gen::write(dir, "sacha.json", &report_v2(&content, &sacha));
    cohort_gen::write(
        &dir.join("archive"),
        "alex.json",
        &report_v1(&content, &alex),
    );
    // Set aside, one of each kind.
    fs::write(
        dir.join("bad-malformed.json"),
        "{\"report_version\": 2, \"recruit\": \"X\",",
    )
    .unwrap();
    cohort_gen::write(
        dir,
        "bad-version.json",
        &json!({"report_version": 9, "recruit": "Y", "steps": []}),
    );
    let again = Recruit::new("  camille MARTIN ", 1);
    cohort_gen::write(dir, "zz-camille.json", &report_v2(&content, &again));
    let mut other = report_v2(&content, &Recruit::new("Ailleurs", 0));
    other["content"]["id"] = "autre-parcours".into();
    other["steps"] = json!([{"id": "ailleurs", "status": "passed"}]);
    cohort_gen::write(dir, "other.json", &other);
    let mut huge = report_v2(&content, &Recruit::new("Gros", 1));
    huge["padding"] = " ".repeat(4 * 1024 * 1024).into();
    cohort_gen::write(dir, "huge.json", &huge);
    let mut latin1 = b"{\"report_version\": 2, \"recruit\": \"Ren".to_vec();
    latin1.extend_from_slice(b"\xe9\", \"steps\": []}");
    fs::write(dir.join("latin1.json"), latin1).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("sacha.json"), dir.join("link.json")).unwrap();
    // Not reports: another extension, and a hidden folder.
    fs::write(dir.join("README.md"), "# Rapports\n").unwrap();
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".git/x.json"), "{}").unwrap();
    content
}

pub fn cohort_cmd(env: &Env, source: &Path, format: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.arg("cohort").arg(source).args(["--format", format]);
    cmd
}

pub fn run_ok(mut cmd: assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "cohort failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn expected_skipped() -> Vec<(&'static str, &'static str)> {
    let mut skipped = vec![
        ("bad-malformed.json", "malformed_json"),
        ("bad-version.json", "unknown_version"),
        ("huge.json", "too_big"),
        ("latin1.json", "invalid_utf8"),
        ("other.json", "other_content"),
        ("zz-camille.json", "duplicate_person"),
    ];
    if cfg!(unix) {
        skipped.push(("link.json", "unreadable"));
        skipped.sort();
    }
    skipped
}

#[test]
fn json_gives_the_known_figures() {
    let env = Env::new();
    let dir = env.path("reports");
    let content = known_cohort(&dir);
    let json: Value = serde_json::from_str(&run_ok(cohort_cmd(&env, &dir, "json"))).unwrap();
    assert_eq!(json["cohort_version"], 1);
    let recruits: Vec<(String, u64, u64, String)> = json["recruits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["passed"].as_u64().unwrap(),
                r["total"].as_u64().unwrap(),
                r["signature"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let row = |name: &str, passed| (name.to_string(), passed, 12, "not_signed".to_string());
    assert_eq!(
        recruits,
        [
            row("Alex Leroy", 2),
            row("Camille Martin", 12),
            row("Dominique Petit", 4),
            row("Sacha Bernard", 3),
        ]
    );
    assert_eq!(json["recruits"][0]["file"], "archive/alex.json");
    assert_eq!(json["recruits"][0]["reviews"], Value::Null);
    assert_eq!(
        json["recruits"][1]["reviews"],
        json!({"due": 2, "overdue": 1, "next": "2026-11-21"})
    );
    assert_eq!(json["recruits"][1]["last_activity"], "2026-11-28T10:00:00Z");

    let missed = json["missed"].as_array().unwrap();
    let vision = &content.steps[0];
    let mission = &content.steps[1];
    let wrong = |s: &onboard::content::Step| match &s.questions[0].answer {
        onboard::content::Answer::Choices(c) => c[wrong_choice(&s.questions[0])].text.clone(),
        _ => unreachable!(),
    };
    assert_eq!(missed[0]["step"], "vision");
    assert_eq!(missed[0]["index"], 0);
    assert_eq!(missed[0]["question"], vision.questions[0].prompt.as_str());
    assert_eq!(
        (missed[0]["answered"].as_u64(), missed[0]["missed"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(missed[0]["wrong_choice"], wrong(vision).as_str());
    assert_eq!(missed[0]["wrong_choice_count"], 2);
    assert_eq!(missed[1]["step"], "mission");
    assert_eq!(
        (missed[1]["answered"].as_u64(), missed[1]["missed"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(missed[1]["wrong_choice"], wrong(mission).as_str());
    assert!(missed[2..].iter().all(|q| q["missed"] == 0), "{missed:?}");
    // Every question of the steps someone passed: 3 questions × 12 steps.
    assert_eq!(
        missed.len(),
        content
            .steps
            .iter()
            .map(|s| s.questions.len())
            .sum::<usize>()
    );

    let drift = json["drift"].as_array().unwrap();
    assert_eq!(drift.len(), 1);
    assert_eq!(
        (drift[0]["recruit"].as_str(), drift[0]["step"].as_str()),
        (Some("Dominique Petit"), Some(content.steps[2].id.as_str()))
    );

    let skipped: Vec<(&str, &str)> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    let mut sorted = skipped.clone();
    sorted.sort();
    assert_eq!(sorted, expected_skipped());
    let detail = |file: &str| {
        json["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["file"] == file)
            .map(|s| s["detail"].clone())
            .unwrap()
    };
    assert_eq!(detail("zz-camille.json"), "camille.json");
    assert_eq!(detail("other.json"), "autre-parcours");
    assert_eq!(detail("bad-version.json"), "9");

    let files = 4 + expected_skipped().len();
    assert_eq!(
        json["summary"],
        json!({
            "files": files, "counted": 4, "skipped": files - 4, "finished": 1,
            "verified": 0, "unverified": 0, "not_signed": 4, "invalid": 0,
            "reviews_due": 1, "reviews_overdue": 1, "drifted": 1,
        })
    );
    validate_schema(&json, &env);
}

/// The cohort's JSON against docs/schemas/cohort-v1.schema.json, with
/// check-jsonschema (ONBOARD_TOOLS_BIN, installed by .ci/test).
pub fn validate_schema(json: &Value, env: &Env) {
    let Some(bin) = std::env::var_os("ONBOARD_TOOLS_BIN") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "ONBOARD_TOOLS_BIN is not set in CI: .ci/test sets it"
        );
        eprintln!("SKIPPED: the schema check needs check-jsonschema (run bash .ci/test)");
        return;
    };
    let instance = env.path("cohort.json");
    fs::write(&instance, serde_json::to_string(json).unwrap()).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/cohort-v1.schema.json");
    let out = Command::new(PathBuf::from(bin).join("check-jsonschema"))
        .arg("--schemafile")
        .arg(&schema)
        .arg(&instance)
        .output()
        .expect("check-jsonschema");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn text_and_markdown_give_the_known_figures() {
    let env = Env::new();
    let dir = env.path("reports");
    let content = known_cohort(&dir);
    let question = content.steps[0].questions[0].prompt.trim();
    let text = run_ok(cohort_cmd(&env, &dir, "text"));
    assert!(text.starts_with("Cohorte\n"), "{text}");
    let files = 4 + expected_skipped().len();
    assert!(text.contains(&format!("{files} rapport(s) dans")), "{text}");
    assert!(
        text.contains("4 compté(s), 7 écarté(s)") || !cfg!(unix),
        "{text}"
    );
    for (name, steps) in [
        ("Camille Martin", "12/12"),
        ("Dominique Petit", "4/12"),
        ("Sacha Bernard", "3/12"),
        ("Alex Leroy", "2/12"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {text}"));
        assert!(line.contains(steps), "{line}");
        assert!(line.contains("non signé"), "{line}");
    }
    let camille = text.lines().find(|l| l.contains("Camille Martin")).unwrap();
    assert!(
        camille.contains("2026-11-28") && camille.contains("2 à faire, dont 1 en retard"),
        "{camille}"
    );
    assert!(
        text.contains("67\u{a0}% (2/3)") && text.contains("33\u{a0}% (1/3)"),
        "{text}"
    );
    assert!(text.find("67\u{a0}%").unwrap() < text.find("33\u{a0}%").unwrap());
    assert!(text.contains(question), "{text}");
    assert!(text.contains("(2 fois)"), "{text}");
    for (file, reason) in [
        ("bad-malformed.json", "JSON mal formé"),
        ("bad-version.json", "version de rapport inconnue (9)"),
        (
            "zz-camille.json",
            "deuxième rapport de la même personne (camille.json)",
        ),
        (
            "other.json",
            "rapport pour un autre contenu (autre-parcours)",
        ),
        ("huge.json", "fichier trop gros"),
        ("latin1.json", "texte qui n'est pas en UTF-8"),
    ] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(file))
            .unwrap_or_else(|| panic!("{file} in {text}"));
        assert!(line.contains(reason), "{line}");
    }

    let md = run_ok(cohort_cmd(&env, &dir, "markdown"));
    assert!(md.starts_with("# Cohorte\n"), "{md}");
    assert!(
        md.contains("| Camille Martin | 12/12 | 2026-11-28 | 2 à faire, dont 1 en retard |"),
        "{md}"
    );
    assert!(md.contains("| Dominique Petit | 4/12 |"), "{md}");
    assert!(md.contains("| 67\u{a0}% | 2/3 |"), "{md}");
    assert!(
        md.contains("| zz-camille.json | deuxième rapport de la même personne | camille.json |"),
        "{md}"
    );
}

#[test]
fn csv_opens_with_python_and_gives_the_known_figures() {
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    let path = env.path("cohort.csv");
    let mut cmd = cohort_cmd(&env, &dir, "csv");
    cmd.arg("--output").arg(&path);
    run_ok(cmd);
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8') as f:\n    rows = list(csv.DictReader(f))\n\
        print(json.dumps(rows))\n";
    let out = match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: python3 is missing");
            return;
        }
        Err(err) => panic!("python3: {err}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let section = |name: &str| {
        rows.iter()
            .filter(|r| r["section"] == name)
            .collect::<Vec<_>>()
    };
    let recruits = section("recruit");
    let figures: Vec<(&str, &str, &str)> = recruits
        .iter()
        .map(|r| {
            (
                r["recruit"].as_str().unwrap(),
                r["passed"].as_str().unwrap(),
                r["signature"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("Alex Leroy", "2", "not_signed"),
            ("Camille Martin", "12", "not_signed"),
            ("Dominique Petit", "4", "not_signed"),
            ("Sacha Bernard", "3", "not_signed"),
        ]
    );
    assert_eq!(recruits[1]["reviews_due"], "2");
    assert_eq!(recruits[1]["reviews_overdue"], "1");
    assert_eq!(recruits[0]["reviews_due"], "");
    let missed = section("missed");
    assert_eq!(
        (
            missed[0]["step"].as_str(),
            missed[0]["answered"].as_str(),
            missed[0]["missed"].as_str(),
            missed[0]["miss_rate"].as_str()
        ),
        (Some("vision"), Some("3"), Some("2"), Some("0.6667"))
    );
    assert_eq!(missed[0]["wrong_choice_count"], "2");
    assert_eq!(section("drift").len(), 1);
    let mut skipped: Vec<(&str, &str)> = section("skipped")
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    skipped.sort();
    assert_eq!(skipped, expected_skipped());
}

#[test]
fn a_git_repository_is_read_like_a_folder() {
    let env = Env::new();
    let repo_dir = env.path("repo");
    known_cohort(&repo_dir);
    fs::remove_dir_all(repo_dir.join(".git")).unwrap();
    fs::remove_file(repo_dir.join("huge.json")).unwrap();
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who = git2::Signature::now("Coordination", "coordination@example.org").unwrap();
    repo.commit(Some("HEAD"), &who, &who, "Rapports de novembre", &tree, &[])
        .unwrap();
    let url = format!("file://{}", repo_dir.display());
    let mut cmd = env.cmd();
    cmd.args(["cohort", &url, "--format", "json"]);
    let json: Value = serde_json::from_str(&run_ok(cmd)).unwrap();
    assert_eq!(json["summary"]["counted"], 4);
    assert_eq!(json["source"], url.as_str());
    assert_eq!(json["missed"][0]["missed"], 2);
    // The clone is kept in the cache, beside the content's, not in it.
    let cache = env.path("xdg-cache/onboard/cohort");
    assert!(cache.is_dir(), "{}", cache.display());
    assert!(!env.path("xdg-cache/onboard/content").exists());
}

#[test]
fn a_missing_folder_is_an_error_that_names_it() {
    let env = Env::new();
    let out = cohort_cmd(&env, &env.path("nowhere"), "text")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nowhere") && err.contains("Vérifie que le dossier des rapports existe"),
        "{err}"
    );
}

#[test]
fn hostile_names_are_shown_not_obeyed() {
    let env = Env::new();
    let dir = env.path("reports");
    let content = load_shipped(Lang::Fr);
    let name = "<script>alert(1)</script>\u{1b}[31m|*x*\u{202e}";
    cohort_gen::write(&dir, "a.json", &report_v2(&content, &Recruit::new(name, 1)));
    let html = run_ok(cohort_cmd(&env, &dir, "html"));
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains('\u{1b}'));
    let text = run_ok(cohort_cmd(&env, &dir, "text"));
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    let md = run_ok(cohort_cmd(&env, &dir, "markdown"));
    assert!(
        md.contains("\\<script\\>") && md.contains("\\|\\*x\\*"),
        "{md}"
    );
    let mut csv_cmd = cohort_cmd(&env, &dir, "csv");
    let formula = "=HYPERLINK(\"http://x\")";
    cohort_gen::write(
        &dir,
        "b.json",
        &report_v2(&content, &Recruit::new(formula, 1)),
    );
    let csv = run_ok({
        csv_cmd.env("ONBOARD_LANG", "fr");
        csv_cmd
    });
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
}

#[test]
fn the_page_and_the_text_are_in_the_chosen_language() {
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    let mut cmd = cohort_cmd(&env, &dir, "html");
    cmd.args(["--lang", "en"]);
    let html = run_ok(cmd);
    assert!(html.contains("<html lang=\"en\">"), "{}", &html[..200]);
    assert!(html.contains("<h2 id=\"who\">Who is where</h2>"));
    assert!(html.contains("not signed") && !html.contains("non signé"));
    let mut cmd = cohort_cmd(&env, &dir, "text");
    cmd.args(["--lang", "en"]);
    let text = run_ok(cmd);
    assert!(
        text.starts_with("Cohort\n") && text.contains("67% (2/3)"),
        "{text}"
    );
    assert!(text.contains("2 to do, 1 overdue"), "{text}");
    assert!(text.contains("  huge.json: file too big"), "{text}");
    // The reports' own texts are French; onboard's words are not.
    let ours: Vec<&str> = text.lines().take(6).collect();
    assert!(
        !ours.concat().contains('\u{a0}'),
        "French spacing in English: {ours:?}"
    );
}

#[test]
fn an_output_file_is_replaced_only_when_onboard_wrote_it() {
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    for format in ["text", "markdown", "json", "csv", "html"] {
        let path = env.path(&format!("out-{format}"));
        for _ in 0..2 {
            let mut cmd = cohort_cmd(&env, &dir, format);
            cmd.arg("--output").arg(&path);
            run_ok(cmd);
        }
        fs::write(&path, "mes notes\n").unwrap();
        let mut cmd = cohort_cmd(&env, &dir, format);
        cmd.arg("--output").arg(&path);
        assert!(!cmd.output().unwrap().status.success(), "{format}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "mes notes\n");
    }
}
