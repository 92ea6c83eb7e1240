//! `onboard doctor`: clean on a healthy setup, and each problem found and
//! named with its fix, in words and in JSON.

use std::fs;

use crate::common::*;
use assert_cmd::Command;

/// A git identity in the test's own home, as `git config --global` writes it.
fn with_identity(env: &Env) {
    fs::write(
        env.path("home/.gitconfig"),
        "[user]\n\tname = Camille Test\n\temail = camille@example.org\n",
    )
    .unwrap();
}

/// `doctor --format json` with `cmd`, and its exit code.
fn doctor_json(mut cmd: Command) -> (serde_json::Value, Option<i32>) {
    let out = cmd.args(["doctor", "--format", "json"]).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "doctor JSON: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code())
}

/// The codes of the problems found, in order.
fn codes(json: &serde_json::Value) -> Vec<String> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

/// The fix given for the problem `code`.
fn fix(json: &serde_json::Value, code: &str) -> String {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .map(|p| p["fix"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {code} in {json:#}"))
}

/// A healthy setup, in plain mode on purpose (as a screen reader user runs it).
fn healthy() -> Env {
    let env = Env::new();
    with_identity(&env);
    env
}

#[test]
fn a_healthy_setup_is_clean_and_exits_0() {
    let env = healthy();
    let out = env
        .fixture("basic")
        .args(["--plain", "doctor"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Tout va bien"), "{stdout}");
    assert!(
        stdout.contains(&env.progress().display().to_string()),
        "{stdout}"
    );
    assert!(stdout.contains("Camille Test"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut cmd = env.fixture("basic");
    cmd.args(["--lang", "en", "--plain", "doctor"]);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("All is well"), "{stdout}");
}

#[test]
fn the_json_report_says_each_fact() {
    let env = healthy();
    // A progress file with its backup.
    fs::create_dir_all(env.path("data")).unwrap();
    fs::write(env.progress(), "schema = 1\n").unwrap();
    fs::write(env.path("data/progress.toml.bak"), "schema = 1\n").unwrap();
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, code) = doctor_json(cmd);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["ok"], true);
    assert_eq!(json["problems"], serde_json::json!([]));
    assert_eq!(json["platform"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["platform"]["os"], std::env::consts::OS);
    assert_eq!(json["platform"]["arch"], std::env::consts::ARCH);

    let term = &json["terminal"];
    assert_eq!(term["stdin_terminal"], false);
    assert_eq!(term["stdout_terminal"], false);
    assert_eq!(term["width"], serde_json::Value::Null);
    assert_eq!(term["colour"], false);
    assert_eq!(term["plain"], true);
    assert_eq!(
        term["plain_reasons"],
        serde_json::json!(["option", "stdin_not_terminal", "stdout_not_terminal"])
    );

    let progress = &json["progress"];
    assert_eq!(progress["path"], env.progress().display().to_string());
    assert_eq!(progress["exists"], true);
    assert_eq!(progress["readable"], true);
    assert_eq!(progress["locked"], false);
    assert_eq!(progress["damaged"], false);
    assert_eq!(progress["schema"], 1);
    assert_eq!(progress["backup"], true);

    let content = &json["content"];
    assert_eq!(content["source"], "directory");
    assert_eq!(
        content["location"],
        fixture_dir("basic").display().to_string()
    );
    assert_eq!(content["valid"], true);
    assert_eq!(content["errors"], 0);

    let cache = &json["cache"];
    assert_eq!(
        cache["path"],
        env.path("xdg-cache/onboard").display().to_string()
    );
    assert_eq!(cache["writable"], true);
    assert!(cache["size"].as_u64().is_some());

    assert_eq!(json["git"]["user_name"], "Camille Test");
    assert_eq!(json["git"]["user_email"], "camille@example.org");

    // The embedded content, with no progress file yet.
    let env = healthy();
    let mut cmd = env.cmd();
    cmd.arg("--plain");
    let (json, _) = doctor_json(cmd);
    assert_eq!(json["content"]["source"], "embedded");
    assert_eq!(
        json["content"]["location"],
        format!("onboard {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(json["content"]["valid"], true);
    assert_eq!(json["progress"]["exists"], false);
    assert_eq!(json["progress"]["schema"], serde_json::Value::Null);
    assert_eq!(json["progress"]["backup"], false);
}

#[test]
fn not_a_terminal_is_named_unless_plain_mode_is_asked_for() {
    let env = healthy();
    let out = env.fixture("basic").arg("doctor").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("ne tourne pas dans un terminal"),
        "{stdout}"
    );
    assert!(stdout.contains("onboard --plain doctor"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 problème(s) trouvé(s)"), "{stderr}");

    let (json, code) = doctor_json(env.fixture("basic"));
    assert_eq!(code, Some(1));
    assert_eq!(json["ok"], false);
    assert_eq!(codes(&json), ["not_a_terminal"]);
    assert!(fix(&json, "not_a_terminal").contains("--plain"));
    // TERM=dumb is a choice too.
    let mut cmd = env.fixture("basic");
    cmd.env("TERM", "dumb");
    let (json, code) = doctor_json(cmd);
    assert_eq!((codes(&json).len(), code), (0, Some(0)), "{json:#}");
}

#[test]
fn a_damaged_progress_file_is_named_with_reset() {
    let env = healthy();
    fs::create_dir_all(env.path("data")).unwrap();
    fs::write(env.progress(), "schema = 1\n[steps.alpha\n").unwrap();
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, code) = doctor_json(cmd);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["progress_damaged"]);
    assert_eq!(json["progress"]["damaged"], true);
    assert_eq!(json["progress"]["readable"], true);
    assert!(fix(&json, "progress_damaged").contains("onboard reset --yes"));
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&env.progress().display().to_string()),
        "{message}"
    );

    // A schema from the future is damage of another kind; its version is said.
    fs::write(env.progress(), "schema = 99\n").unwrap();
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, _) = doctor_json(cmd);
    assert_eq!(codes(&json), ["progress_damaged"]);
    assert_eq!(json["progress"]["schema"], 99);
}

#[test]
fn a_progress_file_locked_by_another_process_is_named() {
    let env = healthy();
    fs::create_dir_all(env.path("data")).unwrap();
    fs::write(env.progress(), "schema = 1\n").unwrap();
    // The lock the store takes while it saves (src/progress/store.rs).
    let lock = fs::File::create(env.path("data/progress.toml.lock")).unwrap();
    lock.lock().unwrap();
    let out = env
        .fixture("basic")
        .args(["--plain", "doctor"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("verrouillé par un autre onboard en cours"),
        "{stdout}"
    );
    assert!(stdout.contains("ferme l'autre onboard"), "{stdout}");
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, _) = doctor_json(cmd);
    assert_eq!(codes(&json), ["progress_locked"]);
    assert_eq!(json["progress"]["locked"], true);

    lock.unlock().unwrap();
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, code) = doctor_json(cmd);
    assert_eq!(
        (json["progress"]["locked"].clone(), code),
        (false.into(), Some(0))
    );
}

#[test]
fn content_that_fails_steps_check_is_named_with_the_check_command() {
    let env = healthy();
    let steps = env.path("steps");
    fs::create_dir_all(&steps).unwrap();
    for entry in fs::read_dir(fixture_dir("basic")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), steps.join(entry.file_name())).unwrap();
        }
    }
    fs::write(
        steps.join("999-broken.toml"),
        "format = 1\nid = \"Broken!\"\n",
    )
    .unwrap();
    let mut cmd = env.cmd();
    cmd.args(["--plain", "--steps"]).arg(&steps);
    let (json, code) = doctor_json(cmd);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["content_invalid"]);
    assert_eq!(json["content"]["valid"], false);
    assert!(json["content"]["errors"].as_u64().unwrap() >= 1);
    let fix = fix(&json, "content_invalid");
    assert!(
        fix.contains(&format!("onboard steps check \"{}\"", steps.display())),
        "{fix}"
    );
}

#[test]
fn no_git_identity_is_named_with_git_config() {
    let env = Env::new();
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    let (json, code) = doctor_json(cmd);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["git_no_name", "git_no_email"]);
    assert_eq!(json["git"]["user_name"], serde_json::Value::Null);
    assert!(fix(&json, "git_no_name").starts_with("git config --global user.name"));
    assert!(fix(&json, "git_no_email").starts_with("git config --global user.email"));
}

fn cache_problem(env: &Env) -> (serde_json::Value, Option<i32>) {
    let mut cmd = env.fixture("basic");
    cmd.arg("--plain");
    doctor_json(cmd)
}

#[test]
fn a_cache_that_cannot_be_written_is_named() {
    // A file where the cache directory should be: nobody can create it,
    // not even root.
    let env = healthy();
    fs::write(env.path("xdg-cache"), "not a directory").unwrap();
    let (json, code) = cache_problem(&env);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["cache_not_writable"]);
    assert_eq!(json["cache"]["writable"], false);
    assert!(fix(&json, "cache_not_writable").contains("onboard le recrée"));
}

#[cfg(unix)]
#[test]
fn a_read_only_cache_directory_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let env = healthy();
    let cache = env.path("xdg-cache/onboard");
    fs::create_dir_all(&cache).unwrap();
    if !permissions_apply(&cache) {
        eprintln!("skipped: permissions do not bind this user (root)");
        return;
    }
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o500)).unwrap();
    let (json, code) = cache_problem(&env);
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(code, Some(1));
    assert_eq!(codes(&json), ["cache_not_writable"]);
    let fix = fix(&json, "cache_not_writable");
    assert!(
        fix.contains(&format!("chmod -R u+w \"{}\"", cache.display())),
        "{fix}"
    );
}

/// In a real terminal, nothing is chosen for the recruit: no problem.
#[cfg(unix)]
#[test]
fn in_a_terminal_the_setup_is_clean() {
    use expectrl::{Eof, Expect, Session};
    let env = healthy();
    let mut cmd = env.terminal("basic");
    cmd.args(["--no-color", "doctor"]);
    let mut session = Session::spawn(cmd).expect("spawn onboard in a pseudo-terminal");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let rest = session.expect(Eof).unwrap();
    let mut bytes = rest.before().to_vec();
    for m in rest.matches() {
        bytes.extend_from_slice(m);
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains("interactif\u{a0}: oui"), "{text}");
    assert!(text.contains("Tout va bien"), "{text}");
}
