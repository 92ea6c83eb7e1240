//! `onboard feedback`: links to a new, prefilled issue on GitHub and GitLab
//! whose every field survives hostile text, the fallback without a
//! tracker, the browser opened without a shell, the line after each step,
//! and journey.toml's `[feedback]` checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use onboard::content::decode;

/// A title and a question full of what a URL must encode.
const TITLE: &str = "Ouvrir & publier #1 ? 100 % «\u{a0}libre\u{a0}» 漢字 🎉";
const PROMPT: &str = "Que fait-on\nd'un secret & d'une clé ? a=b#c %20 / +\ttab";

/// Content with one hostile step, and `feedback` as journey.toml's table.
fn content(env: &Env, feedback: &str) -> PathBuf {
    let dir = env.path("contenu");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("journey.toml"),
        format!("format = 1\nid = \"essai\"\ntitle = \"Essai\"\n{feedback}"),
    )
    .unwrap();
    let title = toml::Value::String(TITLE.into()).to_string();
    let prompt = toml::Value::String(PROMPT.into()).to_string();
    std::fs::write(
        dir.join("01-ouvrir.toml"),
        format!(
            "format = 1\nid = \"ouvrir\"\ntitle = {title}\nkind = \"value\"\nbody = \"Le texte.\"\n\n\
             [[questions]]\nprompt = \"Première ?\"\nshuffle = false\n\
             [[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n\
             [[questions.choices]]\ntext = \"Non\"\n\n\
             [[questions]]\nprompt = {prompt}\naccept = [\"rien\"]\n"
        ),
    )
    .unwrap();
    dir
}

fn run(env: &Env, dir: &Path, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("ONBOARD_STEPS", dir)
        .args(args)
        .output()
        .unwrap()
}

/// The link printed by `feedback`: its last line of output.
fn link_of(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    stdout.lines().last().unwrap().to_string()
}

/// Splits a link into its address and its decoded query fields.
fn parse(link: &str) -> (String, BTreeMap<String, String>) {
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%/:?&=".contains(&b)),
        "only encoded bytes: {link}"
    );
    let (base, query) = link.split_once('?').expect("a query");
    let fields = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("key=value");
            (decode(key).unwrap(), decode(value).unwrap())
        })
        .collect();
    (base.to_string(), fields)
}

/// The step's fingerprint and the content's version, as onboard sees them.
fn facts(env: &Env, dir: &Path) -> (String, String) {
    let content = onboard::content::load_dir(dir, onboard::i18n::Lang::Fr).unwrap();
    let fingerprint = content.steps[0].fingerprint.current.clone();
    let out = run(env, dir, &["report", "--format", "json"]);
    let json = crate::report_v2::valid_report(&out.stdout);
    (
        fingerprint,
        json["content"]["version"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_github_link_carries_every_field_encoded() {
    let env = Env::new();
    let dir = content(
        &env,
        "[feedback]\nforge = \"github\"\nurl = \"https://github.com/fabrique/contenu/\"\n",
    );
    let link = link_of(&run(&env, &dir, &["feedback", "ouvrir", "--question", "2"]));
    let (base, fields) = parse(&link);
    assert_eq!(base, "https://github.com/fabrique/contenu/issues/new");
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["body", "title"]);
    let (fingerprint, version) = facts(&env, &dir);
    assert_eq!(
        fields["title"],
        format!("Étape «\u{a0}{TITLE}\u{a0}» (ouvrir)\u{a0}: une remarque")
    );
    let body = &fields["body"];
    for part in [
        format!("Étape\u{a0}: ouvrir ({TITLE})"),
        format!("Version du contenu\u{a0}: {version}"),
        format!("Empreinte de l'étape\u{a0}: {fingerprint}"),
        format!("Question 2\u{a0}: {PROMPT}"),
    ] {
        assert!(body.contains(&part), "{part:?} in {body:?}");
    }
}

#[test]
fn a_gitlab_link_uses_gitlab_s_field_names() {
    let env = Env::new();
    let dir = content(
        &env,
        "[tracker]\nforge = \"gitlab\"\nurl = \"https://gitlab.example.fr/groupe/sous/contenu\"\n",
    );
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .args(["--lang", "en", "feedback", "ouvrir", "--question", "2"])
        .output()
        .unwrap();
    let (base, fields) = parse(&link_of(&out));
    assert_eq!(
        base,
        "https://gitlab.example.fr/groupe/sous/contenu/-/issues/new"
    );
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        ["issue[description]", "issue[title]"]
    );
    assert_eq!(
        fields["issue[title]"],
        format!("Step “{TITLE}” (ouvrir): a remark")
    );
    assert!(fields["issue[description]"].contains(&format!("Question 2: {PROMPT}")));
    // Without --question, no question is named.
    let out = run(&env, &dir, &["feedback", "ouvrir"]);
    let (_, fields) = parse(&link_of(&out));
    assert!(!fields["issue[description]"].contains("Question"));
}

#[test]
fn without_a_tracker_the_recruit_is_told_whom_to_write_to() {
    let env = Env::new();
    let dir = content(&env, "");
    let out = run(&env, &dir, &["feedback", "ouvrir"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ta ou ton mentor"), "{stdout}");
    assert!(!stdout.contains("https://"), "{stdout}");

    let dir = content(
        &env,
        "[feedback]\ncontact = \"accueil@fabrique.example.fr\"\n",
    );
    let out = run(&env, &dir, &["feedback", "ouvrir"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("accueil@fabrique.example.fr"), "{stdout}");

    // The shipped content has no tracker: the same fallback, exit 0.
    env.cmd()
        .args(["feedback", "vision"])
        .assert()
        .success()
        .stdout(predicates::str::contains("mentor"));
}

#[test]
fn a_step_is_needed_and_the_question_must_exist() {
    let env = Env::new();
    let dir = content(&env, "");
    let out = run(&env, &dir, &["feedback"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("onboard feedback ouvrir"));
    let out = run(&env, &dir, &["feedback", "ouvrir", "--question", "3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("de 1 à 2"));
    let out = run(&env, &dir, &["feedback", "inconnue"]);
    assert_eq!(out.status.code(), Some(1));

    // After a step was started, it is the default.
    env.cmd()
        .env("ONBOARD_STEPS", &dir)
        .write_stdin("\n\n1\nrien\n")
        .assert()
        .success();
    let out = run(&env, &dir, &["feedback"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("ouvrir"));
}

#[cfg(unix)]
#[test]
fn open_hands_the_link_to_the_opener_as_one_argument_and_never_fails() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = content(
        &env,
        "[feedback]\nforge = \"github\"\nurl = \"https://github.com/fabrique/contenu\"\n",
    );
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opener = bin.join("xdg-open");
    let seen = env.path("seen");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$1\" > '{}'\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .env("PATH", &path)
        .args(["feedback", "ouvrir", "--question", "2", "--open"])
        .output()
        .unwrap();
    let link = link_of(&out);
    let seen = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(seen, format!("1\n{link}\n"));

    // No opener at all: the link is printed, and that is all.
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .env("PATH", env.path("nothing-here"))
        .args(["feedback", "ouvrir", "--open"])
        .output()
        .unwrap();
    assert!(link_of(&out).starts_with("https://github.com/"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("copie le lien"));
}

#[test]
fn a_line_after_each_step_points_to_feedback_when_the_content_has_a_tracker() {
    let env = Env::new();
    let hint = "Une remarque sur cette étape\u{a0}? onboard feedback ouvrir";
    let dir = content(
        &env,
        "[feedback]\nforge = \"github\"\nurl = \"https://github.com/fabrique/contenu\"\n",
    );
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .write_stdin("\n\n1\nrien\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches(hint).count(), 1, "{stdout}");

    let other = Env::new();
    let dir = content(&other, "");
    let out = other
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .write_stdin("\n\n1\nrien\n")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("onboard feedback")
    );
}

#[test]
fn steps_check_refuses_a_bad_tracker_or_content_id() {
    let env = Env::new();
    for (table, says) in [
        (
            "[feedback]\nforge = \"github\"\nurl = \"https://github.com/org/depot.git\"\n",
            "n'est pas l'adresse d'un projet",
        ),
        (
            "[feedback]\nforge = \"github\"\nurl = \"javascript:alert(1)\"\n",
            "n'est pas l'adresse d'un projet",
        ),
        (
            "[feedback]\nurl = \"https://github.com/org/depot\"\n",
            "forge et url ensemble",
        ),
        (
            "[feedback]\nforge = \"gitea\"\nurl = \"https://x.fr/a/b\"\n",
            "gitea",
        ),
        ("[feedback]\ncontact = \"a\\u0007b\"\n", "contact"),
        ("[feedback]\nmentor = \"x\"\n", "mentor"),
    ] {
        let dir = content(&env, table);
        let out = run(&env, &dir, &["steps", "check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{table}: {stdout}{stderr}");
        assert!(
            stdout.contains(says) || stderr.contains(says),
            "{table}: {says} in {stdout}{stderr}"
        );
    }
    let dir = env.path("mauvais-id");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture_dir("basic").join("01-alpha.toml"),
        dir.join("01-alpha.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("journey.toml"),
        "format = 1\nid = \"Avec Espaces\"\n",
    )
    .unwrap();
    let out = run(&env, &dir, &["steps", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("nom court"), "{all}");
}
