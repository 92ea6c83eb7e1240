//! Signed reports in a cohort: a signature made by OpenSSH's
//! `ssh-keygen -Y sign -n onboard-report` verifies against an
//! allowed_signers file, and a changed byte, a wrong key, a signer missing
//! from the file, another namespace and an unreadable `.sig` are each
//! reported, never counted as good. Needs ssh-keygen (openssh-client,
//! installed by .ci/apt).

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::cohort::{cohort_cmd, known_cohort, run_ok};
use crate::common::Env;

fn have_ssh_keygen() -> bool {
    // `ssh-keygen -?` prints its usage and exits 1: that it runs is enough.
    if Command::new("ssh-keygen").arg("-?").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "ssh-keygen is missing in CI: .ci/apt installs openssh-client"
    );
    eprintln!("SKIPPED: ssh-keygen is missing (Debian: apt-get install openssh-client)");
    false
}

/// A new ed25519 key at `path` (no passphrase); its public line.
fn keygen(path: &Path) -> String {
    keygen_typed(path, "ed25519")
}

fn keygen_typed(path: &Path, kind: &str) -> String {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", "", "-C", "test", "-f"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(path.with_extension("pub"))
        .unwrap()
        .trim()
        .to_string()
}

/// Signs `file` with `key` in `namespace`: `file.sig` beside it.
fn sign(key: &Path, namespace: &str, file: &Path) {
    let _ = fs::remove_file(sig_of(file));
    let out = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", namespace, "-f"])
        .arg(key)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn statuses(json: &Value) -> Vec<(String, String, String)> {
    json["recruits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = &r["signature"];
            let word = |v: &Value| v.as_str().unwrap_or("").to_string();
            (
                word(&r["name"]),
                word(&s["status"]),
                if s["status"] == "verified" {
                    word(&s["principal"])
                } else {
                    word(&s["reason"])
                },
            )
        })
        .collect()
}

fn sig_of(file: &Path) -> std::path::PathBuf {
    let mut name = file.file_name().unwrap().to_os_string();
    name.push(".sig");
    file.with_file_name(name)
}

#[test]
fn signatures_from_ssh_keygen_are_verified_and_every_fault_reported() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    let keys = env.path("keys");
    fs::create_dir_all(&keys).unwrap();
    let sacha = keygen(&keys.join("sacha"));
    let camille = keygen(&keys.join("camille"));
    let dominique = keygen(&keys.join("dominique"));
    keygen(&keys.join("stranger"));
    // Signed by its own recruit's key: verified.
    sign(
        &keys.join("sacha"),
        "onboard-report",
        &dir.join("sacha.json"),
    );
    // Signed, then one byte changed.
    sign(
        &keys.join("camille"),
        "onboard-report",
        &dir.join("camille.json"),
    );
    let text = fs::read_to_string(dir.join("camille.json")).unwrap();
    let changed = text.replacen("2026-11-28T10", "2026-11-28T11", 1);
    assert_ne!(text, changed);
    fs::write(dir.join("camille.json"), changed).unwrap();
    // Signed with a key that is not the one the file lists for Dominique.
    sign(
        &keys.join("stranger"),
        "onboard-report",
        &dir.join("dominique.json"),
    );
    // Signed for git, not for a report.
    sign(&keys.join("camille"), "git", &dir.join("archive/alex.json"));
    let allowed = env.path("allowed_signers");
    fs::write(
        &allowed,
        format!(
            "# the team\nsacha@example.org {sacha}\ncamille@example.org {camille}\ndominique@example.org {dominique}\n"
        ),
    )
    .unwrap();

    let mut cmd = cohort_cmd(&env, &dir, "json");
    cmd.arg("--allowed-signers").arg(&allowed);
    let json: Value = serde_json::from_str(&run_ok(cmd)).unwrap();
    let row = |name: &str, status: &str, detail: &str| {
        (name.to_string(), status.to_string(), detail.to_string())
    };
    assert_eq!(
        statuses(&json),
        [
            row("Alex Leroy", "invalid", "wrong_namespace"),
            row("Camille Martin", "invalid", "bad_signature"),
            row("Dominique Petit", "invalid", "unknown_key"),
            row("Sacha Bernard", "verified", "sacha@example.org"),
        ]
    );
    // Flagged, and still counted: the figures stay those of the cohort.
    assert_eq!(json["summary"]["verified"], 1);
    assert_eq!(json["summary"]["invalid"], 3);
    assert_eq!(json["summary"]["counted"], 4);
    assert_eq!(json["signers_checked"], true);
    crate::cohort::validate_schema(&json, &env);

    // The same in words.
    let mut cmd = cohort_cmd(&env, &dir, "text");
    cmd.arg("--allowed-signers").arg(&allowed);
    let text = run_ok(cmd);
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_string();
    assert!(
        line("Sacha Bernard").contains("signé et vérifié (sacha@example.org)"),
        "{text}"
    );
    assert!(
        line("Camille Martin")
            .contains("signature invalide\u{a0}: elle ne correspond pas au rapport"),
        "{text}"
    );
    assert!(
        line("Dominique Petit").contains("la clé n'est pas dans le fichier des signataires"),
        "{text}"
    );

    // A signer missing from the file: Sacha's key left out.
    let partial = env.path("allowed_partial");
    fs::write(&partial, format!("camille@example.org {camille}\n")).unwrap();
    let mut cmd = cohort_cmd(&env, &dir, "json");
    cmd.arg("--allowed-signers").arg(&partial);
    let json: Value = serde_json::from_str(&run_ok(cmd)).unwrap();
    assert_eq!(
        statuses(&json)[3],
        row("Sacha Bernard", "invalid", "unknown_key")
    );

    // Without a file of signers nothing is verified, and a bad signature
    // is still bad.
    let json: Value = serde_json::from_str(&run_ok(cohort_cmd(&env, &dir, "json"))).unwrap();
    let found = statuses(&json);
    assert_eq!(found[3], row("Sacha Bernard", "unverified", ""));
    assert_eq!(found[1], row("Camille Martin", "invalid", "bad_signature"));
    let text = run_ok(cohort_cmd(&env, &dir, "text"));
    assert!(text.contains("--allowed-signers"), "{text}");

    // An unreadable .sig.
    fs::write(dir.join("sacha.json.sig"), "pas une signature\n").unwrap();
    let mut cmd = cohort_cmd(&env, &dir, "json");
    cmd.arg("--allowed-signers").arg(&allowed);
    let json: Value = serde_json::from_str(&run_ok(cmd)).unwrap();
    assert_eq!(
        statuses(&json)[3],
        row("Sacha Bernard", "invalid", "unreadable")
    );
}

#[test]
fn an_allowed_signers_file_with_bad_lines_is_used_and_they_are_said() {
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    let allowed = env.path("allowed_signers");
    fs::write(&allowed, "alone\nx@y bogus=1 ssh-ed25519 AAAA\n").unwrap();
    let mut cmd = cohort_cmd(&env, &dir, "text");
    cmd.arg("--allowed-signers").arg(&allowed);
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ligne 1 ignorée\u{a0}: il manque la clé"),
        "{err}"
    );
    assert!(
        err.contains("ligne 2 ignorée\u{a0}: option inconnue «\u{a0}bogus=1\u{a0}»"),
        "{err}"
    );
    assert!(err.contains("n'autorise aucune clé"), "{err}");

    let mut cmd = cohort_cmd(&env, &dir, "text");
    cmd.arg("--allowed-signers").arg(env.path("missing"));
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing") && err.contains("allowed_signers"),
        "{err}"
    );
}

#[test]
fn ecdsa_and_rsa_signatures_verify_too() {
    if !have_ssh_keygen() {
        return;
    }
    let env = Env::new();
    let dir = env.path("reports");
    known_cohort(&dir);
    let keys = env.path("keys");
    fs::create_dir_all(&keys).unwrap();
    let mut allowed = String::new();
    for (kind, file) in [("ecdsa", "sacha.json"), ("rsa", "camille.json")] {
        let public = keygen_typed(&keys.join(kind), kind);
        allowed.push_str(&format!("{kind}@example.org {public}\n"));
        sign(&keys.join(kind), "onboard-report", &dir.join(file));
    }
    fs::write(env.path("allowed_signers"), allowed).unwrap();
    let mut cmd = cohort_cmd(&env, &dir, "json");
    cmd.arg("--allowed-signers")
        .arg(env.path("allowed_signers"));
    let json: Value = serde_json::from_str(&run_ok(cmd)).unwrap();
    let found = statuses(&json);
    let row = |name: &str, status: &str, detail: &str| {
        (name.to_string(), status.to_string(), detail.to_string())
    };
    assert_eq!(
        found[1],
        row("Camille Martin", "verified", "rsa@example.org")
    );
    assert_eq!(
        found[3],
        row("Sacha Bernard", "verified", "ecdsa@example.org")
    );
}
