//! Content that teams own: the checker's messages, `--steps` on a directory
//! or a git repository, and progress that survives content changes.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use crate::common::*;
use predicates::prelude::*;

pub(crate) const STEP: &str = r#"format = 1
id = "alpha"
title = "Alpha"
kind = "value"
body = "Le texte."

[[questions]]
prompt = "Laquelle ?"
[[questions.choices]]
text = "La bonne"
correct = true
[[questions.choices]]
text = "La mauvaise"
"#;

/// `step` with its choices in the file's order (`shuffle = false`), for
/// the tests that answer by position and test something else than order.
fn pinned(step: &str) -> String {
    step.replace(
        "prompt = \"Laquelle ?\"",
        "prompt = \"Laquelle ?\"\nshuffle = false",
    )
}

/// A content directory holding `files` (relative path, text).
pub(crate) fn content_dir(env: &Env, name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = env.path(name);
    for (rel, text) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn the_shipped_content_passes_the_checker_in_both_languages() {
    let env = Env::new();
    // --strict: the quiz-quality and typography warnings fail it too.
    env.cmd()
        .args(["steps", "check", "--strict"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Contenu valide\u{a0}: steps (12 étapes",
        ))
        .stdout(predicate::str::contains("Traductions complètes\u{a0}: en."));
    env.cmd()
        .args([
            "steps",
            "check",
            &format!("{}/steps", env!("CARGO_MANIFEST_DIR")),
            "--strict",
        ])
        .assert()
        .success();
    env.cmd()
        .args(["--lang", "en", "steps", "check", "--strict"])
        .assert()
        .success();
}

/// One broken file per kind of problem, and the line the checker must print.
#[test]
fn each_kind_of_problem_is_reported_at_file_line_and_column() {
    let cases: &[(&str, String, &str)] = &[
        (
            "toml-syntax",
            STEP.replace("title = \"Alpha\"", "title = \"Alpha"),
            "01.toml:3:",
        ),
        (
            "unknown-key",
            STEP.replace("kind = \"value\"", "kind = \"value\"\ncolour = \"red\""),
            "01.toml:5:1: TOML invalide\u{a0}: unknown field `colour`",
        ),
        (
            "wrong-type",
            STEP.replace("body = \"Le texte.\"", "body = 12"),
            "01.toml:5:8: TOML invalide\u{a0}: invalid type: integer `12`, expected a string",
        ),
        (
            "bad-kind",
            STEP.replace("kind = \"value\"", "kind = \"valeur\""),
            "01.toml:4:8: TOML invalide\u{a0}: unknown variant `valeur`",
        ),
        (
            "format",
            STEP.replace("format = 1", "format = 2"),
            "01.toml:1:10: format 2 non pris en charge (cette version lit le format 1)",
        ),
        (
            "bad-id",
            STEP.replace("id = \"alpha\"", "id = \"Alpha_1\""),
            "01.toml:2:6: identifiant «\u{a0}Alpha_1\u{a0}» invalide",
        ),
        (
            "no-question",
            STEP[..STEP.find("[[questions]]").unwrap()].to_string(),
            "01.toml:2:6: l'étape n'a aucune question",
        ),
        (
            "both",
            STEP.replace(
                "prompt = \"Laquelle ?\"",
                "prompt = \"Laquelle ?\"\naccept = [\"x\"]",
            ),
            "01.toml:9:10: une question a soit des choix (choices), soit des réponses libres (accept), pas les deux",
        ),
        (
            "neither",
            STEP[..STEP.find("[[questions.choices]]").unwrap()].to_string(),
            "01.toml:7:1: la question n'a ni choix (choices) ni réponses acceptées (accept)",
        ),
        (
            "one-choice",
            STEP[..STEP.rfind("[[questions.choices]]").unwrap()].to_string(),
            "01.toml:9:1: une question à choix en demande au moins 2",
        ),
        (
            "no-correct",
            STEP.replace("correct = true\n", ""),
            "01.toml:9:1: aucun choix n'est marqué correct = true",
        ),
        (
            "duplicate-choice",
            STEP.replace("La mauvaise", "La bonne"),
            "01.toml:13:8: le choix «\u{a0}La bonne\u{a0}» apparaît deux fois",
        ),
        (
            "empty-accept",
            STEP[..STEP.find("[[questions.choices]]").unwrap()].to_string() + "accept = []\n",
            "01.toml:9:10: la liste accept est vide",
        ),
        (
            "pass-mark",
            STEP.replace("body = ", "pass_mark = 3\nbody = "),
            "01.toml:5:13: pass_mark vaut 3, mais l'étape a 1 question(s)",
        ),
        (
            "empty-body",
            STEP.replace("body = \"Le texte.\"", "body = \"  \""),
            "01.toml:5:8: le texte (body) est vide",
        ),
    ];
    let env = Env::new();
    for (name, text, expected) in cases {
        let dir = content_dir(&env, name, &[("01.toml", text)]);
        let out = env
            .cmd()
            .args(["steps", "check"])
            .arg(&dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}");
        let expected = format!("{}/{expected}", dir.display());
        assert!(
            stdout.contains(&expected),
            "{name}: expected {expected:?} in {stdout:?}"
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("problème(s) dans le contenu"),
            "{name}"
        );
    }
}

#[test]
fn duplicate_ids_files_that_are_not_steps_and_bad_translations_are_reported() {
    let env = Env::new();
    let dir = content_dir(
        &env,
        "mixed",
        &[
            ("01-alpha.toml", STEP),
            ("02-alpha-again.toml", STEP),
            ("notes.txt", "à trier"),
            (
                "en/01-alpha.toml",
                &STEP.replace("correct = true\n", "").replace(
                    "text = \"La mauvaise\"",
                    "text = \"La mauvaise\"\ncorrect = true",
                ),
            ),
        ],
    );
    let out = env
        .cmd()
        .args(["steps", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    let d = dir.display();
    assert!(stdout.contains(&format!("{d}/02-alpha-again.toml:2:6: l'identifiant «\u{a0}alpha\u{a0}» est déjà pris par {d}/01-alpha.toml")), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{d}/notes.txt:1:1: ce fichier n'est pas une étape"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{d}/en/01-alpha.toml:1:1: la traduction de «\u{a0}alpha\u{a0}» n'a pas les mêmes questions"
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
}

#[test]
fn a_missing_translation_is_reported_and_falls_back_to_french_with_a_note() {
    let env = Env::new();
    let beta = STEP
        .replace("\"alpha\"", "\"beta\"")
        .replace("Alpha", "Beta");
    let english = STEP
        .replace("Le texte.", "The text.")
        .replace("Laquelle ?", "Which one?");
    let dir = content_dir(
        &env,
        "partial",
        &[
            ("01.toml", STEP),
            ("02.toml", &beta),
            ("en/01.toml", &english),
        ],
    );
    env.cmd()
        .args(["steps", "check"])
        .arg(&dir)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "l'étape «\u{a0}beta\u{a0}» n'est pas traduite en «\u{a0}en\u{a0}»",
        ));
}

#[test]
fn a_malformed_step_stops_the_journey_with_its_position() {
    let env = Env::new();
    let dir = content_dir(
        &env,
        "broken",
        &[("01.toml", &STEP.replace("kind = \"value\"", "kind = 3"))],
    );
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .write_stdin("\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}/01.toml:4:8:",
            dir.display()
        )))
        .stderr(predicate::str::contains("onboard steps check"));
}

#[test]
fn a_team_runs_the_journey_on_its_own_directory_and_sees_a_changed_step_as_outdated() {
    let env = Env::new();
    let dir = content_dir(&env, "team", &[("01-alpha.toml", &pinned(STEP))]);
    env.cmd()
        .env("ONBOARD_STEPS", &dir)
        .write_stdin("\n\n1\n")
        .assert()
        .success();
    let json = env.status_json({
        let mut c = env.cmd();
        c.env("ONBOARD_STEPS", &dir);
        c
    });
    assert_eq!(statuses(&json), ["alpha=passed"]);

    // The team rewrites the step's text: passed becomes outdated.
    fs::write(
        dir.join("01-alpha.toml"),
        pinned(STEP).replace("Le texte.", "Le texte, réécrit."),
    )
    .unwrap();
    let mut cmd = env.cmd();
    cmd.arg("--steps").arg(&dir);
    assert_eq!(statuses(&env.status_json(cmd)), ["alpha=outdated"]);
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .arg("status")
        .assert()
        .stdout(predicate::str::contains("modifiée depuis"));

    // The journey offers it again with a note, and passing it makes it current.
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .write_stdin("\n1\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Cette étape a changé depuis ta dernière lecture",
        ))
        .stdout(predicate::str::contains("Le texte, réécrit."));
    let mut cmd = env.cmd();
    cmd.arg("--steps").arg(&dir);
    assert_eq!(statuses(&env.status_json(cmd)), ["alpha=passed"]);
}

#[test]
fn renaming_or_reordering_files_keeps_progress_and_removed_steps_are_kept_but_not_counted() {
    let env = Env::new();
    let beta = pinned(STEP)
        .replace("\"alpha\"", "\"beta\"")
        .replace("Alpha", "Beta");
    let dir = content_dir(
        &env,
        "team",
        &[("01-alpha.toml", &pinned(STEP)), ("02-beta.toml", &beta)],
    );
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .write_stdin("\n\n1\n\n1\n")
        .assert()
        .success();

    // Reorder and rename: progress is keyed by id.
    fs::rename(dir.join("01-alpha.toml"), dir.join("09-alpha-renamed.toml")).unwrap();
    let mut cmd = env.cmd();
    cmd.arg("--steps").arg(&dir);
    let json = env.status_json(cmd);
    assert_eq!(statuses(&json), ["beta=passed", "alpha=passed"]);

    // Remove beta: it is no longer counted, but stays in the file.
    fs::remove_file(dir.join("02-beta.toml")).unwrap();
    let mut cmd = env.cmd();
    cmd.arg("--steps").arg(&dir);
    let json = env.status_json(cmd);
    assert_eq!(statuses(&json), ["alpha=passed"]);
    assert_eq!(
        (json["total"].as_u64(), json["passed"].as_u64()),
        (Some(1), Some(1))
    );
    // A run on the smaller content writes the file again and keeps beta.
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .args(["step", "alpha"])
        .write_stdin("\n1\n")
        .assert()
        .success();
    assert!(env.progress_text().contains("[steps.beta]"));
}

pub(crate) fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Autrice")
        .env("GIT_AUTHOR_EMAIL", "autrice@example.org")
        .env("GIT_COMMITTER_NAME", "Autrice")
        .env("GIT_COMMITTER_EMAIL", "autrice@example.org")
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

fn head(dir: &Path) -> String {
    let out = Process::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn content_from_a_git_repository_is_cloned_updated_and_its_commit_recorded() {
    let env = Env::new();
    let repo = content_dir(&env, "content-repo", &[("01-alpha.toml", &pinned(STEP))]);
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "Première étape"]);
    let first = head(&repo);
    let url = format!("file://{}", repo.display());

    env.cmd()
        .args(["--steps", &url])
        .write_stdin("\n\n1\n")
        .assert()
        .success();
    let mut cmd = env.cmd();
    cmd.args(["--steps", &url]);
    let json = env.status_json(cmd);
    assert_eq!(statuses(&json), ["alpha=passed"]);
    assert_eq!(json["content_commit"], first);
    assert!(
        env.progress_text()
            .contains(&format!("commit = \"{first}\""))
    );
    env.cmd()
        .args(["--steps", &url, "status"])
        .assert()
        .stdout(predicate::str::contains(format!(
            "Contenu\u{a0}: commit {first}"
        )));

    // A new commit upstream is fetched on the next run; the changed step is outdated.
    fs::write(
        repo.join("01-alpha.toml"),
        pinned(STEP).replace("Le texte.", "Le texte, version 2."),
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "Réécrire alpha"]);
    let second = head(&repo);
    let mut cmd = env.cmd();
    cmd.args(["--steps", &url]);
    let json = env.status_json(cmd);
    assert_eq!(json["content_commit"], second);
    assert_eq!(statuses(&json), ["alpha=outdated"]);
    env.cmd()
        .args(["--steps", &url, "steps", "check"])
        .assert()
        .success();
}

#[test]
fn an_unreachable_git_source_is_a_clear_error() {
    let env = Env::new();
    let url = format!("file://{}", env.path("nowhere.git").display());
    env.cmd()
        .args(["--steps", &url, "status"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "impossible de récupérer le dépôt de contenu",
        ))
        .stderr(predicate::str::contains("--steps"));
}

/// A valid step with one of each quiz-quality warning and two typography
/// warnings, and the lines `steps check` must print for them.
const WARNED: &str = "format = 1
id = \"alpha\"
title = \"L'ouverture par défaut\"
kind = \"value\"
body = \"Le texte\u{a0}: court !\"

[[questions]]
prompt = \"Laquelle\u{a0}?\"
[[questions.choices]]
text = \"La bonne réponse, nettement plus longue que les autres\"
correct = true
[[questions.choices]]
text = \"La mauvaise\"
why = \"Parce que.\"
[[questions.choices]]
text = \"Une autre\"

[[questions]]
prompt = \"Lesquelles\u{a0}?\"
[[questions.choices]]
text = \"Un\"
correct = true
why = \"Oui.\"
[[questions.choices]]
text = \"Deux\"
correct = true
why = \"Oui.\"
[[questions.choices]]
text = \"Trois\"
why = \"Non.\"

[[questions]]
prompt = \"Quel principe\u{a0}?\"
accept = [\"ouverture par défaut\"]

[[questions]]
prompt = \"Et ici, « Lesquelles » compte\u{a0}?\"
accept = [\"lesquelles\"]
";

#[test]
fn each_warning_is_placed_and_strict_turns_warnings_into_exit_1() {
    let env = Env::new();
    let dir = content_dir(&env, "warned", &[("01.toml", WARNED)]);
    let file = format!("{}/01.toml", dir.display());
    let out = env
        .cmd()
        .args(["steps", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "warnings alone pass: {stdout}");
    let expected = [
        // French typography: a plain space before '!', and inside « ».
        format!("{file}:5:26: attention\u{a0}: il manque une espace insécable"),
        format!("{file}:10:8: attention\u{a0}: la bonne réponse est nettement la plus longue"),
        format!("{file}:16:8: attention\u{a0}: ce mauvais choix n'a pas d'explication"),
        format!(
            "{file}:20:1: attention\u{a0}: cette question à plusieurs réponses a au plus un mauvais choix"
        ),
        format!(
            "{file}:34:11: attention\u{a0}: la réponse acceptée «\u{a0}ouverture par défaut\u{a0}» figure dans le titre"
        ),
        format!("{file}:37:19: attention\u{a0}: les guillemets"),
        format!(
            "{file}:38:11: attention\u{a0}: la réponse acceptée «\u{a0}lesquelles\u{a0}» figure dans l'énoncé de la question 2"
        ),
    ];
    for line in &expected {
        assert!(
            stdout.lines().any(|l| l.starts_with(line.as_str())),
            "missing {line:?} in:\n{stdout}"
        );
    }
    assert!(stdout.contains("Contenu valide"), "{stdout}");
    assert!(stdout.contains("avertissement(s)"), "{stdout}");

    // --strict: the same lines, and exit 1.
    let out = env
        .cmd()
        .args(["steps", "check", "--strict"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in &expected {
        assert!(
            stdout.lines().any(|l| l.starts_with(line.as_str())),
            "{stdout}"
        );
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));

    // Content without warnings passes --strict; an English file gets no
    // typography warning, and warnings are said as such in English.
    let clean = WARNED
        .replace("court !", "court\u{a0}!")
        .replace("« Lesquelles »", "«\u{a0}Lesquelles\u{a0}»")
        .replace(
            "text = \"Une autre\"",
            "text = \"Une autre\"\nwhy = \"Non.\"",
        )
        .replace(
            "La bonne réponse, nettement plus longue que les autres",
            "La bonne",
        )
        .replace("[\"ouverture par défaut\"]", "[\"transparence\"]")
        .replace("[\"lesquelles\"]", "[\"celles-ci\"]")
        .replace(
            "text = \"Trois\"",
            "text = \"Quatre\"\nwhy = \"Non.\"\n[[questions.choices]]\ntext = \"Trois\"",
        );
    let dir = content_dir(&env, "clean", &[("01.toml", &clean)]);
    let out = env
        .cmd()
        .args(["steps", "check", "--strict"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The same questions, one choice clearly longer, and plain spaces.
    let english = clean
        .replace(
            "text = \"La bonne\"",
            "text = \"La bonne réponse, nettement plus longue\"",
        )
        .replace('\u{a0}', " ");
    let dir = content_dir(
        &env,
        "english",
        &[("01.toml", &clean), ("en/01.toml", &english)],
    );
    let out = env
        .cmd()
        .args(["--lang", "en", "steps", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("en/01.toml:10:8: warning: the right choice is clearly the longest"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("non-breaking"),
        "no typography warning in English: {stdout}"
    );
}
