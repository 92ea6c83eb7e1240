//! Command-line habits and the mentor's report: help, version, completions,
//! man page, English, no escape bytes, errors on stderr.

use crate::common::*;
use onboard::i18n::Lang;
use predicates::prelude::*;

#[test]
fn help_is_in_french_with_examples_and_version_is_there() {
    let env = Env::new();
    env.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Parcours d'accueil de la Fabrique numérique",
        ))
        .stdout(predicate::str::contains("Exemples\u{a0}:"))
        .stdout(predicate::str::contains("onboard scaffold mon-projet"))
        .stdout(predicate::str::contains("--plain"));
    env.cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("onboard {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_are_generated_for_every_shell() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef onboard"),
        ("fish", "complete -c onboard"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer"),
    ] {
        env.cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("scaffold"));
    }
    env.cmd().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn bash_completions_load_in_bash() {
    let env = Env::new();
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    let script = env.path("onboard.bash");
    std::fs::write(&script, out.stdout).unwrap();
    // Sourcing the script registers a completion function for onboard.
    let check = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p onboard",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("onboard"));
}

#[test]
fn the_man_page_is_roff() {
    let env = Env::new();
    env.cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH onboard"))
        .stdout(predicate::str::contains("scaffold"));
}

#[test]
fn the_whole_journey_works_in_english() {
    let env = Env::new();
    let content = load_shipped(Lang::En);
    assert!(content.steps.iter().all(|s| !s.untranslated));
    let out = env
        .cmd()
        .args(["--lang", "en"])
        .write_stdin(right_journey(&content))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    let total = content.steps.len();
    assert_eq!(total, 12);
    assert!(stdout.contains(&format!("Step 1 of {total}: ")), "{stdout}");
    assert!(stdout.contains("Right answer."));
    assert!(!stdout.contains("Bonne réponse"));
    assert!(!stdout.contains("Étape"));
    let mut cmd = env.cmd();
    cmd.env("ONBOARD_LANG", "en");
    let json = env.status_json(cmd);
    assert_eq!(json["passed"], total);
    env.cmd()
        .env("ONBOARD_LANG", "en")
        .arg("status")
        .assert()
        .stdout(predicate::str::contains(format!(
            "Steps passed: {total} of {total}"
        )));
}

#[test]
fn progress_is_shared_between_languages() {
    let env = Env::new();
    let content = load_shipped(Lang::Fr);
    env.cmd()
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    let mut cmd = env.cmd();
    cmd.args(["--lang", "en"]);
    assert_eq!(
        env.status_json(cmd)["passed"],
        content.steps.len(),
        "a step passed in French is passed in English"
    );
}

#[test]
fn plain_and_no_colour_output_hold_no_escape_bytes() {
    let env = Env::new();
    let content = load_fixture("basic");
    let runs: Vec<Vec<u8>> = vec![
        env.fixture("basic")
            .write_stdin(right_journey(&content))
            .output()
            .unwrap()
            .stdout,
        env.fixture("basic").arg("status").output().unwrap().stdout,
        env.fixture("basic")
            .args(["--no-color", "status"])
            .output()
            .unwrap()
            .stdout,
        env.fixture("basic")
            .env("NO_COLOR", "1")
            .arg("status")
            .output()
            .unwrap()
            .stdout,
        env.fixture("basic")
            .env("TERM", "dumb")
            .args(["steps", "list"])
            .output()
            .unwrap()
            .stdout,
        env.fixture("basic").arg("report").output().unwrap().stdout,
        env.fixture("basic")
            .args(["reset", "--yes"])
            .output()
            .unwrap()
            .stdout,
    ];
    for (i, out) in runs.iter().enumerate() {
        assert!(!out.is_empty(), "run {i} printed something");
        assert!(
            !out.contains(&0x1b),
            "run {i} has an escape byte: {}",
            String::from_utf8_lossy(out)
        );
    }
}

#[test]
fn errors_go_to_stderr_and_nothing_else_does() {
    let env = Env::new();
    let out = env
        .fixture("basic")
        .args(["step", "inconnue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one error line: {stderr}");
    assert!(stderr.starts_with("onboard: "));

    let out = env.fixture("basic").arg("status").output().unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn the_report_in_markdown_names_the_recruit_scores_and_missed_questions() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let beta = &content.steps[1];
    // Alpha: first question wrong, so alpha fails; then redone right.
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

    // No git identity here: the name is asked once, then stored.
    let out = env
        .fixture("basic")
        .arg("report")
        .write_stdin("Camille Martin\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# Parcours d'accueil de Camille Martin\n"),
        "the question is not in the report: {md}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ton nom, pour le rapport"));
    assert!(md.contains("- Étapes réussies\u{a0}: 2 sur 2"));
    assert!(md.contains("| Étape | Statut | Premier essai | Dernier essai | Essais |"));
    assert!(md.contains("| Alpha | réussie | 1/2 | 2/2 | 2 |"), "{md}");
    assert!(md.contains("| Bêta | réussie | 2/2 | 2/2 | 1 |"), "{md}");
    assert!(md.contains("## Questions manquées"));
    assert!(
        md.contains("- Quelle est la première lettre ?\n  - Bonne réponse\u{a0}: Alpha"),
        "{md}"
    );

    // The name was stored: no question the second time, and written to a file.
    let file = env.path("rapport.md");
    env.fixture("basic")
        .args(["report", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("rapport.md"));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Camille Martin")
    );
}

#[test]
fn the_report_in_json_has_the_documented_shape() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    // The name comes from git's user.name when it is set.
    std::fs::write(
        env.path("home/.gitconfig"),
        "[user]\n\tname = Dominique Git\n",
    )
    .unwrap();
    let out = env
        .fixture("basic")
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = crate::report_v2::valid_report(&out.stdout);
    assert_eq!(json["report_version"], 2);
    assert_eq!(json["recruit"], "Dominique Git");
    assert_eq!(json["total"], 2);
    assert_eq!(json["passed"], 2);
    assert!(json["generated_at"].as_str().unwrap().ends_with('Z'));
    assert!(json["started_at"].is_string());
    assert!(
        json["content"]["origin"]
            .as_str()
            .unwrap()
            .contains("basic")
    );
    assert!(json["content"]["commit"].is_null());
    let alpha = &json["steps"][0];
    for key in [
        "id",
        "title",
        "status",
        "questions",
        "first_score",
        "final_score",
        "attempts",
        "passed_at",
        "missed",
    ] {
        assert!(alpha.get(key).is_some(), "step key {key}");
    }
    assert_eq!(alpha["status"], "passed");
    assert_eq!(alpha["final_score"], 2);
    assert_eq!(alpha["missed"].as_array().unwrap().len(), 0);
}

/// `onboard status | head -1`: a reader that goes away is no error, and
/// nothing panics. Enough steps that the output exceeds a pipe's buffer.
#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    use std::process::Stdio;
    let env = Env::new();
    let steps = env.path("grand");
    std::fs::create_dir_all(&steps).unwrap();
    for i in 0..400 {
        std::fs::write(
            steps.join(format!("{i:03}.toml")),
            format!(
                "format = 1\nid = \"etape-{i}\"\ntitle = \"{}\"\nkind = \"value\"\nbody = \"b\"\n\n[[questions]]\nprompt = \"p\"\naccept = [\"a\"]\n",
                "Un titre assez long pour remplir la ligne ".repeat(4)
            ),
        )
        .unwrap();
    }
    for args in [
        &["status"][..],
        &["status", "--format", "json"],
        &["steps", "list"],
    ] {
        let mut cmd = env.spawnable("basic");
        cmd.args(args)
            .env("ONBOARD_STEPS", &steps)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// Output that cannot be written (a full disk) is an error that says so.
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_error_that_says_so() {
    let env = Env::new();
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = env
        .spawnable("basic")
        .arg("status")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("la sortie standard"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
