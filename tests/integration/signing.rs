//! `onboard report --sign`: signatures that stock OpenSSH verifies
//! (`ssh-keygen -Y verify -n onboard-report`), the default key, an
//! encrypted key asked in a terminal, ssh-agent, and each failure said.
//! ssh-keygen comes from Debian's openssh-client (.ci/apt installs it): a
//! test skips loudly without it, except in CI (`CI` set), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use crate::common::*;
use crate::report_v2::valid_report;

/// Whether OpenSSH's tools are here; outside CI, a missing tool skips the test.
fn have_openssh(test: &str) -> bool {
    let found = ["ssh-keygen", "ssh-agent", "ssh-add"].iter().all(|tool| {
        Std::new(tool)
            .arg("-?")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    });
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: ssh-keygen is needed in CI (bash .ci/apt installs it)"
        );
        eprintln!(
            "SKIPPED {test}: ssh-keygen, ssh-agent or ssh-add not found (apt install openssh-client)"
        );
    }
    found
}

/// A new key pair at `path` (and `path`.pub), with `passphrase` ("" for none).
fn keygen(path: &Path, kind: &str, passphrase: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let out = Std::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", passphrase, "-C", "camille", "-f"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// `ssh-keygen -Y verify` of `report` with its `.sig`, for the public key
/// `public` (an allowed_signers file naming camille@exemple.fr).
fn verify(report: &Path, public: &Path) -> std::process::Output {
    let dir = report.parent().unwrap();
    let allowed = dir.join("allowed_signers");
    let key = std::fs::read_to_string(public).unwrap();
    std::fs::write(&allowed, format!("camille@exemple.fr {key}")).unwrap();
    Std::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "camille@exemple.fr", "-n", "onboard-report", "-s"])
        .arg(sig_of(report))
        .stdin(std::fs::File::open(report).unwrap())
        .output()
        .unwrap()
}

fn sig_of(report: &Path) -> PathBuf {
    let mut name = report.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

fn named(env: &Env, extra: &str) {
    std::fs::write(
        env.path("home/.gitconfig"),
        format!("[user]\n\tname = Camille Martin\n{extra}"),
    )
    .unwrap();
}

#[test]
fn a_signed_report_verifies_with_ssh_keygen_and_a_changed_byte_does_not() {
    if !have_openssh("signing::verifies") {
        return;
    }
    for kind in ["ed25519", "ecdsa", "rsa"] {
        let env = Env::new();
        named(&env, "");
        let key = env.path(&format!("cles/{kind}"));
        keygen(&key, kind, "");
        let report = env.path("rapport.json");
        let out = env
            .fixture("basic")
            .args(["report", "--format", "json", "--output"])
            .arg(&report)
            .arg("--sign")
            .arg(&key)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{kind}: {out:?}");
        assert!(stdout.contains("rapport.json.sig"), "{stdout}");
        valid_report(&std::fs::read(&report).unwrap());
        let sig = std::fs::read_to_string(sig_of(&report)).unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"), "{sig}");
        let pubkey = PathBuf::from(format!("{}.pub", key.display()));
        let checked = verify(&report, &pubkey);
        assert!(
            checked.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&checked.stderr)
        );

        // One byte changed: OpenSSH refuses it.
        let mut bytes = std::fs::read(&report).unwrap();
        bytes[10] ^= 1;
        std::fs::write(&report, bytes).unwrap();
        assert!(!verify(&report, &pubkey).status.success(), "{kind}");
    }
}

#[test]
fn the_default_key_is_git_s_signing_key_else_id_ed25519() {
    if !have_openssh("signing::default_key") {
        return;
    }
    let env = Env::new();
    named(&env, "");
    let usual = env.path("home/.ssh/id_ed25519");
    keygen(&usual, "ed25519", "");
    let report = env.path("rapport.json");
    let sign = |env: &Env| {
        env.fixture("basic")
            .args(["report", "--format", "json", "--output"])
            .arg(&report)
            .arg("--sign")
            .assert()
            .success();
    };
    sign(&env);
    assert!(
        verify(&report, &env.path("home/.ssh/id_ed25519.pub"))
            .status
            .success()
    );

    // git's user.signingkey wins, written with ~/ as git allows.
    keygen(&env.path("home/.ssh/travail"), "ed25519", "");
    named(
        &env,
        "[gpg]\n\tformat = ssh\n[user]\n\tsigningkey = ~/.ssh/travail\n",
    );
    sign(&env);
    assert!(
        verify(&report, &env.path("home/.ssh/travail.pub"))
            .status
            .success()
    );
    assert!(
        !verify(&report, &env.path("home/.ssh/id_ed25519.pub"))
            .status
            .success()
    );
}

#[test]
fn a_key_held_by_ssh_agent_signs_through_ssh_keygen() {
    if !have_openssh("signing::agent") {
        return;
    }
    let env = Env::new();
    let key = env.path("cles/agent");
    keygen(&key, "ed25519", "une phrase");
    let socket = env.path("agent.sock");
    let agent = Std::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _agent = Stop(agent);
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // ssh-add reads the passphrase from SSH_ASKPASS when there is no terminal.
    let askpass = env.path("askpass.sh");
    std::fs::write(&askpass, "#!/bin/sh\necho 'une phrase'\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let added = Std::new("ssh-add")
        .arg(&key)
        .env("SSH_AUTH_SOCK", &socket)
        .env("SSH_ASKPASS", &askpass)
        .env("SSH_ASKPASS_REQUIRE", "force")
        .env("DISPLAY", ":0")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let public = std::fs::read_to_string(env.path("cles/agent.pub")).unwrap();
    named(
        &env,
        &format!("[user]\n\tsigningkey = key::{}\n", public.trim()),
    );
    let report = env.path("rapport.json");
    let out = env
        .fixture("basic")
        .env("SSH_AUTH_SOCK", &socket)
        .args(["report", "--format", "json", "--output"])
        .arg(&report)
        .arg("--sign")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        verify(&report, &env.path("cles/agent.pub"))
            .status
            .success()
    );

    // No agent: the message says what to check.
    let out = env
        .fixture("basic")
        .env("SSH_AUTH_SOCK", env.path("pas-d-agent.sock"))
        .args(["report", "--format", "json", "--force", "--output"])
        .arg(&report)
        .arg("--sign")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ssh-add -l"),
        "{out:?}"
    );
}

#[test]
fn a_missing_key_or_stdout_output_is_refused_with_what_to_do() {
    let env = Env::new();
    named(&env, "");
    let report = env.path("rapport.json");
    let out = env
        .fixture("basic")
        .args(["report", "--format", "json", "--output"])
        .arg(&report)
        .arg("--sign")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let usual = env.path("home/.ssh/id_ed25519");
    assert!(stderr.contains(&usual.display().to_string()), "{stderr}");
    assert!(stderr.contains("ssh-keygen -t ed25519"), "{stderr}");
    assert!(!report.exists() && !sig_of(&report).exists());

    for output in [&[][..], &["--output", "-"]] {
        let out = env
            .fixture("basic")
            .arg("report")
            .args(output)
            .arg("--sign")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--sign signe un fichier"),
            "{out:?}"
        );
    }
}

#[test]
fn an_encrypted_key_without_a_terminal_points_to_ssh_agent() {
    if !have_openssh("signing::encrypted_plain") {
        return;
    }
    let env = Env::new();
    named(&env, "");
    let key = env.path("cles/protegee");
    keygen(&key, "ed25519", "phrase secrète");
    let report = env.path("rapport.json");
    let out = env
        .fixture("basic")
        .args(["report", "--format", "json", "--output"])
        .arg(&report)
        .arg("--sign")
        .arg(&key)
        .write_stdin("phrase secrète\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("ssh-add"), "{stderr}");
    assert!(stderr.contains("phrase de passe"), "{stderr}");
    assert!(!report.exists());
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use expectrl::{Eof, Expect, Session};
    use std::time::Duration;

    /// `report --sign KEY` in a pseudo-terminal, with `passphrase` typed.
    fn signed_in_a_terminal(env: &Env, key: &Path, passphrase: &str) -> (String, i32) {
        let report = env.path("rapport.json");
        let mut cmd = env.terminal("basic");
        cmd.args(["report", "--format", "json", "--no-reflections", "--output"])
            .arg(&report)
            .arg("--sign")
            .arg(key);
        let mut s = Session::spawn(cmd).expect("spawn onboard in a pseudo-terminal");
        // Generous: a loaded CI machine runs the key derivation of a debug build.
        s.set_expect_timeout(Some(Duration::from_secs(120)));
        s.expect("Phrase de passe de la clé").unwrap();
        // The prompt sets the terminal with TCSAFLUSH, which drops what was
        // typed before: type only once onboard waits in its read.
        let pid = s.get_process().pid();
        let proc = |file: &str| std::fs::read_to_string(format!("/proc/{pid}/{file}"));
        // Asleep in the terminal's read; or, where the kernel hides wchan,
        // in the read system call (0 on x86-64).
        let waiting = || {
            proc("wchan").is_ok_and(|w| w == "wait_woken")
                || (cfg!(target_arch = "x86_64")
                    && proc("syscall").is_ok_and(|s| s.starts_with("0 ")))
        };
        for _ in 0..1200 {
            if waiting() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(waiting(), "onboard waits for the passphrase");
        s.send(format!("{passphrase}\r")).unwrap();
        let rest = s.expect(Eof).unwrap_or_else(|err| {
            let pid = s.get_process().pid();
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
            panic!("{err:?}: onboard is {stat:?}, waiting in {wchan:?}")
        });
        let mut bytes = rest.before().to_vec();
        for m in rest.matches() {
            bytes.extend_from_slice(m);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let code = match s.get_process().wait().unwrap() {
            ptyprocess::WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}"),
        };
        assert!(
            !text.contains(passphrase),
            "the passphrase is not echoed: {text}"
        );
        (text, code)
    }

    #[test]
    fn an_encrypted_key_signs_with_its_passphrase_typed_in_the_terminal() {
        if !have_openssh("signing::encrypted_terminal") {
            return;
        }
        let env = Env::new();
        named(&env, "");
        let key = env.path("cles/protegee");
        keygen(&key, "ed25519", "phrase secrète");
        let report = env.path("rapport.json");

        let (text, code) = signed_in_a_terminal(&env, &key, "pas la bonne");
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("ne déchiffre pas la clé"), "{text}");
        assert!(!report.exists() && !sig_of(&report).exists());

        let (text, code) = signed_in_a_terminal(&env, &key, "phrase secrète");
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("Signature écrite"), "{text}");
        let pubkey = env.path("cles/protegee.pub");
        assert!(verify(&report, &pubkey).status.success());
        // The passphrase is written nowhere onboard writes.
        for file in [report.clone(), sig_of(&report), env.progress()] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("phrase secrète"),
                "{}",
                file.display()
            );
        }
    }
}
