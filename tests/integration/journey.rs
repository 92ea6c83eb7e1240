//! The journey through the real binary in plain mode, with piped stdin.

use crate::common::*;
use onboard::i18n::Lang;
use predicates::prelude::*;

#[test]
fn a_whole_journey_answered_right_passes_every_step() {
    let env = Env::new();
    let content = load_fixture("basic");
    let out = env
        .fixture("basic")
        .write_stdin(right_journey(&content))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Bienvenue dans le parcours d'essai."));
    assert!(stdout.contains("Étape 1 sur 2\u{a0}: Alpha"));
    assert!(stdout.contains("Étape 2 sur 2\u{a0}: Bêta"));
    assert!(stdout.contains(
        "Question 2 sur 2\u{a0}: Quelles lettres sont grecques ? (2\u{a0}réponses à choisir)"
    ));
    assert!(stdout.contains("  1. Alpha\n  2. Aleph\n  3. Gamma\n"));
    assert_eq!(stdout.matches("Bonne réponse.").count(), 4);
    assert!(
        stdout.contains("Ta réponse\u{a0}: Alpha\u{a0}; Gamma\n"),
        "the numbers are said in words"
    );
    assert!(
        stdout.contains("Alpha vient en premier."),
        "explanation shown"
    );
    assert!(stdout.contains("Fin du parcours d'essai."), "closing text");
    assert!(stdout.contains("onboard scaffold"));
    assert!(stdout.contains("onboard report"));
    assert!(!stdout.contains('\u{1b}'), "no escape codes in plain mode");
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=passed"]);
    assert_eq!(json["passed"], 2);
    assert_eq!(json["total"], 2);
    assert_eq!(json["steps"][0]["score"], 2);
}

#[test]
fn the_shipped_journey_runs_to_the_end_in_plain_mode() {
    let env = Env::new();
    let content = load_shipped(Lang::Fr);
    assert!(content.steps.len() >= 2);
    let out = env
        .cmd()
        .arg("--plain")
        .write_stdin(right_journey(&content))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = env.status_json(env.cmd());
    assert_eq!(json["passed"], content.steps.len());
}

#[test]
fn wrong_answers_fail_the_step_which_comes_back_and_can_be_passed() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let beta = &content.steps[1];
    // Alpha: both wrong. Beta: first right (pass_mark 1), second wrong.
    let input = format!(
        "\n\n{}\n{}\n\n{}\n{}\n",
        wrong_line(&alpha.questions[0].answer),
        wrong_line(&alpha.questions[1].answer),
        right_line(&beta.questions[0].answer),
        wrong_line(&beta.questions[1].answer),
    );
    let out = env.fixture("basic").write_stdin(input).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(stdout.contains("Mauvaise réponse. La bonne réponse\u{a0}: Alpha"));
    assert!(
        stdout.contains("«\u{a0}Bêta\u{a0}»\u{a0}: Bêta vient après."),
        "why of the chosen choice"
    );
    assert!(stdout.contains("Mauvaise réponse. La bonne réponse\u{a0}: Alpha\u{a0}; Gamma"));
    assert!(stdout.contains("Étape à revoir\u{a0}: score de 0 sur 2, il en faut 2."));
    assert!(stdout.contains("Étape réussie, avec un score de 1 sur 2."));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=failed", "beta=passed"]);

    // The next run offers only the failed step, without the welcome.
    let input = format!(
        "\n{}\n{}\n",
        right_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer)
    );
    let out = env.fixture("basic").write_stdin(input).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(!stdout.contains("Bienvenue dans le parcours d'essai."));
    assert!(stdout.contains("Étape 1 sur 2\u{a0}: Alpha"));
    assert!(!stdout.contains("Étape 2 sur 2"));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=passed"]);
    let progress = env.progress_text();
    assert!(progress.contains("first_score = 0"), "{progress}");
    assert!(progress.contains("attempts = 2"), "{progress}");
}

#[test]
fn end_of_input_exits_130_and_the_next_run_resumes_at_the_right_question() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let beta = &content.steps[1];
    // Welcome, alpha fully, beta's text and its first question: then input ends.
    let input = format!(
        "\n\n{}\n{}\n\n{}\n",
        right_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer),
        right_line(&beta.questions[0].answer),
    );
    env.fixture("basic")
        .write_stdin(input)
        .assert()
        .code(130)
        .stderr(predicate::str::contains("relance onboard pour reprendre"));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=started"]);
    assert_eq!(json["steps"][1]["score"], 1);

    // The second run starts at beta's second question: one line is enough.
    let out = env
        .fixture("basic")
        .write_stdin(format!("{}\n", right_line(&beta.questions[1].answer)))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Tu reprends à la question 2 sur 2"));
    assert!(!stdout.contains("Question 1 sur 2\u{a0}: Écris"));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=passed"]);
    assert_eq!(json["steps"][1]["score"], 2);
}

#[test]
fn status_json_follows_each_answer() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=todo", "beta=todo"]);
    assert_eq!(json["progress_file"], env.progress().display().to_string());
    assert_eq!(json["steps"][0]["questions"], 2);
    assert_eq!(json["steps"][0]["title"], "Alpha");

    // The welcome and alpha's text, then nothing: alpha is started with no answer.
    env.fixture("basic").write_stdin("\n\n").assert().code(130);
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 0);

    // Alpha's text again (no answer yet), one right answer.
    env.fixture("basic")
        .write_stdin(format!("\n{}\n", right_line(&alpha.questions[0].answer)))
        .assert()
        .code(130);
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=started", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 1);
    assert_eq!(json["passed"], 0);
}

#[test]
fn status_text_shows_statuses_in_words_a_bar_and_the_file() {
    let env = Env::new();
    env.fixture("basic")
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("alpha  à faire  (0 sur 2)"))
        .stdout(predicate::str::contains(
            "[--------------------] Étapes réussies\u{a0}: 0 sur 2",
        ))
        .stdout(predicate::str::contains(
            env.progress().display().to_string(),
        ));
}

#[test]
fn invalid_answers_are_asked_again_and_not_counted() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let input = format!(
        "\n\n\n0\n7\ndeux\n1 2\n{}\n{}\n",
        right_line(&alpha.questions[0].answer),
        right_line(&alpha.questions[1].answer)
    );
    let out = env.fixture("basic").write_stdin(input).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(stdout.contains("Tu n'as rien écrit."));
    assert!(stdout.contains("Il n'y a pas de choix 0."));
    assert!(stdout.contains("Il n'y a pas de choix 7."));
    assert!(stdout.contains("«\u{a0}deux\u{a0}» n'est pas un numéro."));
    assert!(stdout.contains("Une seule réponse est attendue ici"));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=todo"]);
    assert_eq!(json["steps"][0]["score"], 2);
}

#[test]
fn onboard_step_redoes_a_passed_step_and_rejects_unknown_ids() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    let beta = &content.steps[1];
    let input = format!(
        "\n{}\n{}\n",
        wrong_line(&beta.questions[0].answer),
        wrong_line(&beta.questions[1].answer)
    );
    env.fixture("basic")
        .args(["step", "beta"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("Étape 2 sur 2\u{a0}: Bêta"))
        .stdout(predicate::function(|out: &str| {
            out.matches("Étape à revoir").count() == 1
        }));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=failed"]);

    env.fixture("basic")
        .args(["step", "gamma"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "l'étape «\u{a0}gamma\u{a0}» n'existe pas. Étapes possibles\u{a0}: alpha, beta.",
        ));
}

#[test]
fn a_corrupt_progress_file_stops_with_exit_1_and_is_left_byte_for_byte() {
    let env = Env::new();
    std::fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    let garbage = b"schema = 1\n[steps.alpha\nstatus = \xff\n";
    std::fs::write(env.progress(), garbage).unwrap();
    for args in [
        &[][..],
        &["status"][..],
        &["step", "alpha"][..],
        &["reset", "alpha", "--yes"][..],
    ] {
        env.fixture("basic")
            .args(args)
            .write_stdin("\n1\n1,3\n")
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                env.progress().display().to_string(),
            ))
            .stderr(predicate::str::contains("onboard reset --yes"));
        assert_eq!(
            std::fs::read(env.progress()).unwrap(),
            garbage,
            "after {args:?}"
        );
    }
}

#[test]
fn reset_one_step_or_everything_keeps_a_backup() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    let before = env.progress_text();

    env.fixture("basic")
        .args(["reset", "alpha", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("progress.toml.bak"));
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=todo", "beta=passed"]);
    let backup = env.progress().with_file_name("progress.toml.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), before);

    // Without --yes it asks; "non" changes nothing.
    env.fixture("basic")
        .arg("reset")
        .write_stdin("non\n")
        .assert()
        .success();
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=todo", "beta=passed"]);

    let before_all = env.progress_text();
    env.fixture("basic")
        .arg("reset")
        .write_stdin("oui\n")
        .assert()
        .success();
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=todo", "beta=todo"]);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), before_all);

    // A corrupt file can be reset as a whole; the backup keeps it.
    std::fs::write(env.progress(), "n'importe quoi").unwrap();
    env.fixture("basic")
        .args(["reset", "--yes"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "n'importe quoi");
    env.fixture("basic").arg("status").assert().success();
}

#[test]
fn steps_list_shows_id_kind_title_and_question_count() {
    let env = Env::new();
    env.fixture("basic")
        .args(["steps", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            " 1. alpha  value      Alpha  (2 questions)",
        ))
        .stdout(predicate::str::contains(
            " 2. beta   practice   Bêta  (2 questions)",
        ));
}

#[test]
fn the_default_progress_file_is_under_xdg_data_home() {
    let env = Env::new();
    let mut cmd = env.fixture("basic");
    cmd.env_remove("ONBOARD_PROGRESS");
    let json = env.status_json(cmd);
    let expected = env.path("xdg-data/onboard/progress.toml");
    assert_eq!(json["progress_file"], expected.display().to_string());

    // --progress wins over the environment.
    let other = env.path("ailleurs.toml");
    let mut cmd = env.fixture("basic");
    cmd.args(["--progress", other.to_str().unwrap()]);
    let json = env.status_json(cmd);
    assert_eq!(json["progress_file"], other.display().to_string());
}

#[test]
fn the_progress_file_is_versioned_and_private() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    let text = env.progress_text();
    assert!(text.starts_with("schema = 1\n"), "{text}");
    assert!(text.contains("[steps.alpha]"));
    assert!(text.contains("status = \"passed\""));
    assert!(text.contains("hash = "));
    assert!(text.contains("passed_at = "));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.progress())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
