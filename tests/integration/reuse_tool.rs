//! `onboard audit --reuse-tool`: REUSE judged by `reuse lint`, the
//! reference tool, when it is installed.

use std::path::{Path, PathBuf};

use crate::common::*;

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

/// The REUSE rule of `onboard audit --reuse-tool --format json`, with
/// `path` as the PATH it runs under; and the exit code.
fn reuse_rule(env: &Env, repo: &Path, path: &std::ffi::OsStr) -> (i32, serde_json::Value, String) {
    let out = env
        .cmd()
        .env("PATH", path)
        .arg("audit")
        .arg(repo)
        .args(["--reuse-tool", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let rule = json["rules"]
        .as_array()
        .and_then(|rules| rules.iter().find(|r| r["id"] == "reuse-toml").cloned())
        .unwrap_or_default();
    (out.status.code().unwrap_or(-1), rule, stderr)
}

#[test]
fn without_reuse_installed_the_option_says_how_to_get_it() {
    let env = Env::new();
    let repo = scaffolded(&env);
    let empty = env.path("no-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = reuse_rule(&env, &repo, empty.as_os_str());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("pipx install reuse"), "{stderr}");
}

/// Needs `reuse` (ONBOARD_TOOLS_BIN, installed by .ci/test).
#[test]
#[ignore = "needs reuse: run through bash .ci/test"]
fn reuse_lint_s_verdict_replaces_the_built_in_one() {
    let bin = std::env::var_os("ONBOARD_TOOLS_BIN")
        .expect("ONBOARD_TOOLS_BIN names the venv's bin directory: run bash .ci/test");
    let mut path = std::ffi::OsString::from(&bin);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let env = Env::new();
    let repo = scaffolded(&env);
    let (code, rule, stderr) = reuse_rule(&env, &repo, &path);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rule["status"], "pass", "{rule}");
    assert!(
        rule["message"].as_str().unwrap().contains("reuse lint"),
        "{rule}"
    );

    // A file with no licence anywhere: reuse lint refuses, and so does the audit.
    std::fs::write(
        repo.join("REUSE.toml"),
        "version = 1\n\n[[annotations]]\npath = \"README.md\"\nSPDX-FileCopyrightText = \"2026 X\"\nSPDX-License-Identifier = \"MIT\"\n",
    )
    .unwrap();
    let (code, rule, stderr) = reuse_rule(&env, &repo, &path);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(rule["status"], "fail", "{rule}");
    assert!(
        rule["message"].as_str().unwrap().contains("reuse lint"),
        "{rule}"
    );
}
