//! Every command that prints ends quietly, with exit 0, when its reader has
//! already gone away: `onboard audit . | head -1` must not abort.

use std::process::Stdio;

use crate::common::Env;

/// A pipe whose reading end is already closed: every write to it fails
/// with EPIPE, whatever the timing.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer
}

/// Runs onboard with `args`, its standard output on a closed pipe.
fn run_into_closed_pipe(env: &Env, args: &[&str]) -> std::process::Output {
    let mut cmd = env.spawnable("basic");
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(closed_pipe())
        .stderr(Stdio::piped());
    cmd.output().expect("onboard runs")
}

#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let env = Env::new();
    let repo = env.path("depot");
    let made = env
        .spawnable("basic")
        .args([
            "scaffold",
            "--yes",
            "--no-git",
            "--contact",
            "equipe@exemple.gouv.fr",
            "--repository-url",
            "https://github.com/exemple/depot",
        ])
        .arg(&repo)
        .stdin(Stdio::null())
        .output()
        .expect("scaffold runs");
    assert!(made.status.success(), "{made:?}");
    let repo = repo.to_str().expect("a UTF-8 path");
    let cases: [&[&str]; 12] = [
        &["status"],
        &["status", "--format", "json"],
        &["steps", "list"],
        &["steps", "check"],
        &["audit", repo],
        &["audit", repo, "--format", "json"],
        &["report"],
        &["report", "--format", "json"],
        &["completions", "bash"],
        &["man"],
        &["--lang", "en", "man"],
        &["scaffold", "--dry-run", "autre"],
    ];
    for args in cases {
        let out = run_into_closed_pipe(&env, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        // `report` may ask for a name on standard error; nothing else is said.
        assert!(
            !stderr.contains("panicked") && !stderr.contains("onboard:"),
            "{args:?} said something: {stderr}"
        );
    }
}

/// The same commands still print in full when the reader stays.
#[test]
fn the_same_commands_print_when_read() {
    let env = Env::new();
    let cases: [(&[&str], &str); 3] = [
        (&["steps", "list"], "alpha"),
        (&["man"], ".TH onboard"),
        (&["completions", "bash"], "_onboard()"),
    ];
    for (args, expected) in cases {
        let out = env
            .spawnable("basic")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("onboard runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(expected), "{args:?} printed {stdout}");
    }
}
