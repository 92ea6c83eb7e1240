//! Hostile input (issue 13): files, links and values planted by somebody
//! else, or by a careless hand. Each case was a hole found by an
//! adversarial review; each test failed on the code before its fix.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::*;

fn mode(path: &std::path::Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs `cmd` with a deadline: a command that blocks fails the test
/// instead of hanging it.
fn run_bounded(mut cmd: std::process::Command) -> std::process::Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("onboard starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("onboard blocked: {:?}", child.wait_with_output());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_lock_file_planted_as_a_link_is_refused_and_its_target_untouched() {
    let env = Env::new();
    let victim = env.path("victim.txt");
    fs::write(&victim, "not onboard's").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o644)).unwrap();
    let missing = env.path("would-be-created.txt");
    for target in [&victim, &missing] {
        let progress = env.path("shared/progress.toml");
        fs::create_dir_all(progress.parent().unwrap()).unwrap();
        let lock = progress.with_file_name("progress.toml.lock");
        let _ = fs::remove_file(&lock);
        symlink(target, &lock).unwrap();
        let mut cmd = env.spawnable("basic");
        cmd.arg("--progress")
            .arg(&progress)
            .args(["reset", "--yes"]);
        let out = run_bounded(cmd);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("progress.toml.lock"), "{stderr}");
        assert!(
            fs::symlink_metadata(&lock)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "not onboard's");
    assert_eq!(mode(&victim), 0o644, "the link's target was not chmod-ed");
    assert!(!missing.exists(), "nothing was created through the link");
}

#[test]
fn a_progress_file_swapped_for_a_named_pipe_is_refused_without_blocking() {
    let env = Env::new();
    let progress = env.progress();
    fs::create_dir_all(progress.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&progress)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for args in [&["status"][..], &["report"]] {
        let mut cmd = env.spawnable("basic");
        cmd.args(args);
        let out = run_bounded(cmd);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("progress.toml"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_named_pipe_planted_in_the_cache_blocks_nothing_and_the_cache_is_private() {
    let env = Env::new();
    let status = |env: &Env| {
        let mut cmd = env.spawnable("basic");
        cmd.arg("status");
        run_bounded(cmd)
    };
    assert!(status(&env).status.success());
    let cache = env.path("xdg-cache/onboard");
    assert_eq!(mode(&cache), 0o700, "the cache directory");
    let mut planted = 0;
    for kind in ["checked", "progress"] {
        let dir = cache.join(kind);
        if !dir.exists() {
            continue;
        }
        assert_eq!(mode(&dir), 0o700, "{kind}");
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            fs::remove_file(&path).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap();
            assert!(made.success());
            planted += 1;
        }
    }
    assert!(planted > 0, "status wrote cache entries to replace");
    let out = status(&env);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn content_links_that_leave_the_content_directory_are_refused() {
    let env = Env::new();
    let dir =
        crate::content::content_dir(&env, "equipe", &[("01-alpha.toml", crate::content::STEP)]);
    let outside = env.path("ailleurs.toml");
    fs::write(&outside, crate::content::STEP.replace("alpha", "ailleurs")).unwrap();
    symlink(&outside, dir.join("02-dehors.toml")).unwrap();
    symlink("/proc/self/pagemap", dir.join("03-proc.toml")).unwrap();
    symlink(dir.join("01-alpha.toml"), dir.join("04-dedans.toml")).unwrap();
    let mut cmd = env.spawnable("basic");
    cmd.arg("--steps").arg(&dir).args(["steps", "check"]);
    let out = run_bounded(cmd);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let outside_lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("hors du dossier de contenu"))
        .collect();
    assert_eq!(outside_lines.len(), 2, "{stdout}");
    assert!(outside_lines.iter().any(|l| l.contains("02-dehors.toml")));
    assert!(outside_lines.iter().any(|l| l.contains("03-proc.toml")));
    // The link inside the directory is read: a duplicate id, not a refusal.
    assert!(!stdout.contains("04-dedans.toml:1:1: lien"), "{stdout}");
}

#[test]
fn a_content_clone_is_reset_to_its_commit_and_links_in_it_stay_inside() {
    use crate::content::{STEP, content_dir, git};
    let env = Env::new();
    let repo = content_dir(&env, "depot-contenu", &[("01-alpha.toml", STEP)]);
    symlink("/etc/hostname", repo.join("02-hote.toml")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "Contenu"]);
    let url = format!("file://{}", repo.display());
    let list = |env: &Env| {
        let mut cmd = env.spawnable("basic");
        cmd.args(["--steps", &url, "steps", "check"]);
        run_bounded(cmd)
    };
    let first = list(&env);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        stdout.contains("02-hote.toml") && stdout.contains("hors du dossier"),
        "{stdout}"
    );
    // The clone's folder is private; a step planted in it, untracked, is
    // removed on the next run rather than read as content.
    let clones = env.path("xdg-cache/onboard/content");
    assert_eq!(mode(&clones), 0o700);
    let clone = fs::read_dir(&clones)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(mode(&clone), 0o700);
    let planted = clone.join("00-plante.toml");
    fs::write(&planted, STEP.replace("alpha", "plante")).unwrap();
    fs::write(clone.join("01-alpha.toml"), "modifié à la main").unwrap();
    let second = list(&env);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(!stdout.contains("plante"), "{stdout}");
    assert!(!planted.exists(), "the untracked file is removed");
    assert_eq!(
        fs::read_to_string(clone.join("01-alpha.toml")).unwrap(),
        STEP,
        "the changed file is restored"
    );
}

/// `report --output` onto what is not a report onboard wrote.
#[test]
fn report_output_never_replaces_what_onboard_did_not_write() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    let progress_before = fs::read(env.progress()).unwrap();
    let report = |args: &[&str]| {
        let mut cmd = env.spawnable("basic");
        cmd.arg("report").args(args);
        run_bounded(cmd)
    };
    fs::create_dir_all(env.path("home")).unwrap();
    fs::write(env.path("home/.gitconfig"), "[user]\n\tname = Camille\n").unwrap();

    // The progress file and its backup: refused, even with --force.
    let backup = env.progress().with_file_name("progress.toml.bak");
    fs::write(&backup, "sauvegarde").unwrap();
    for target in [env.progress(), backup.clone()] {
        for force in [&[][..], &["--force"]] {
            let mut args = vec!["--output", target.to_str().unwrap()];
            args.extend_from_slice(force);
            let out = report(&args);
            assert_eq!(out.status.code(), Some(1), "{target:?} {force:?}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("progression"));
        }
    }
    assert_eq!(fs::read(env.progress()).unwrap(), progress_before);
    assert_eq!(fs::read_to_string(&backup).unwrap(), "sauvegarde");

    // A file of the user's: refused, then replaced with --force and a .bak kept.
    let notes = env.path("notes.md");
    fs::write(&notes, "mes notes").unwrap();
    let out = report(&["--output", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(fs::read_to_string(&notes).unwrap(), "mes notes");
    let out = report(&["--output", notes.to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        fs::read_to_string(env.path("notes.md.bak")).unwrap(),
        "mes notes"
    );
    assert!(fs::read_to_string(&notes).unwrap().contains("Camille"));

    // A report onboard wrote is replaced without --force, in either format.
    let out = report(&["--output", notes.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let json = env.path("rapport.json");
    assert!(
        report(&["--format", "json", "--output", json.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        report(&["--format", "json", "--output", json.to_str().unwrap()])
            .status
            .success()
    );

    // A link: refused, and its target untouched.
    let link = env.path("lien.md");
    symlink(&notes, &link).unwrap();
    let before = fs::read(&notes).unwrap();
    let out = report(&["--output", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read(&notes).unwrap(), before);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A named pipe and a device are written into, never replaced.
    let fifo = env.path("tube");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let out = report(&["--output", fifo.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&reader.join().unwrap()).contains("Camille"));
    assert!(!fs::symlink_metadata(&fifo).unwrap().file_type().is_file());
    let out = report(&["--output", "/dev/null"]);
    assert!(out.status.success());
    assert!(!fs::metadata("/dev/null").unwrap().file_type().is_file());

    // "-" is standard output.
    let out = report(&["--output", "-"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Camille"));
    assert!(!env.path("-").exists());
}

/// A data directory where nothing can be saved: the report needs no write.
/// (A directory where the lock file goes refuses the save even to root,
/// which a read-only mode would not.)
#[test]
fn report_with_a_data_directory_that_refuses_writes_still_comes() {
    let env = Env::new();
    let dir = env.progress().parent().unwrap().to_path_buf();
    fs::create_dir_all(dir.join("progress.toml.lock")).unwrap();
    let mut cmd = env.spawnable("basic");
    cmd.arg("--plain").arg("report");
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Dominique\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Dominique"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pas pu être gardé"));
    assert!(!env.progress().exists());
}

/// Help and version that cannot be written are errors, not silent
/// successes; into a closed pipe they end quietly.
#[cfg(target_os = "linux")]
#[test]
fn help_that_cannot_be_written_is_an_error_that_says_so() {
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["--version"],
        &["status", "--help"],
        &["--lang", "en", "-h"],
    ] {
        let full = fs::File::options().write(true).open("/dev/full").unwrap();
        let mut cmd = env.spawnable("basic");
        cmd.args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .stdin(Stdio::null());
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("sortie standard") || stderr.contains("standard output"),
            "{args:?}: {stderr}"
        );
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut cmd = env.spawnable("basic");
        cmd.args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .stdin(Stdio::null());
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?} into a closed pipe");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A scheme this build cannot fetch says which ones it can, and how to get
/// the others, instead of libgit2's "no TLS stream available".
#[test]
fn an_unsupported_git_address_says_what_this_build_reads() {
    let env = Env::new();
    let https = if cfg!(feature = "https") {
        vec![]
    } else {
        vec!["https://exemple.invalid/contenu.git"]
    };
    let mut sources = vec![
        "ssh://git@exemple.invalid/contenu.git",
        "git@exemple.invalid:contenu.git",
    ];
    sources.extend(https);
    for source in sources {
        let mut cmd = env.spawnable("basic");
        cmd.args(["--steps", source, "status"]);
        let out = run_bounded(cmd);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{source}: {stderr}");
        assert!(
            stderr.contains("file://") && stderr.contains("git clone"),
            "{source}: {stderr}"
        );
        assert!(!stderr.contains("TLS"), "{stderr}");
    }
}

/// The sequences of the adversarial review: clipboard write (OSC 52),
/// screen clear and cursor moves, a disguised link (OSC 8), a window title
/// (OSC 0), a C1 introducer, and a bidi override.
const SEQUENCES: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}[H\u{1b}]8;;https://x\u{1b}\\\u{1b}]0;t\u{7}\u{9b}1m\u{202e}";

fn raw_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
}

/// Untrusted text from content, the progress file, file names and audited
/// repositories reaches no output raw, in plain mode or in any command.
#[test]
fn untrusted_text_never_reaches_the_terminal_raw() {
    let env = Env::new();
    let evil = format!("Étape {SEQUENCES}");
    let step = crate::content::STEP.replacen(
        "title = \"Alpha\"",
        &format!(
            "title = \"{}\"",
            evil.replace('\u{1b}', "\\u001b")
                .replace('\u{7}', "\\u0007")
                .replace('\u{9b}', "\\u009b")
                .replace('\u{202e}', "\\u202e")
                .replace('\\', "\\\\")
                .replace("\\\\u", "\\u")
        ),
        1,
    );
    assert!(step.contains("\\u001b"), "{step}");
    let dir = crate::content::content_dir(&env, "hostile", &[("01-alpha.toml", &step)]);
    // A progress file naming the recruit with the same sequences.
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(
        env.progress(),
        format!(
            "schema = 1\nwelcomed = true\n\n[recruit]\nname = \"{}\"\n",
            "Camille \\u001b]0;titre\\u0007 \\u001b[2J"
        ),
    )
    .unwrap();
    // An audited repository whose SPDX header carries them.
    let repo = env.path("depot");
    fs::create_dir_all(&repo).unwrap();
    fs::write(
        repo.join("evil.rs"),
        // Spelled in two parts, so that this file's own REUSE check does not
        // read it as a tag of this file.
        format!(
            "// SPDX-{copyright}: 2026 X\n// SPDX-{licence}: MIT{SEQUENCES}\nfn main() {{}}\n",
            copyright = "FileCopyrightText",
            licence = "License-Identifier"
        ),
    )
    .unwrap();
    fs::write(repo.join("README.md"), "# Dépôt\n").unwrap();
    fs::write(
        repo.join("REUSE.toml"),
        "version = 1\n\n[[annotations]]\npath = \"README.md\"\nSPDX-FileCopyrightText = \"2026 X\"\nSPDX-License-Identifier = \"MIT\"\n",
    )
    .unwrap();
    let progress_dir = env.path(&format!("dossier{SEQUENCES}"));
    fs::create_dir_all(&progress_dir).unwrap();
    let status_progress = progress_dir.join("progress.toml");

    // `steps`: the hostile content, or the valid fixture (the checker
    // refuses the hostile content before any of it is shown).
    let run_on = |steps: &Path, args: &[&std::ffi::OsStr], stdin: &str| {
        let mut cmd = env.spawnable("basic");
        cmd.arg("--steps").arg(steps).args(args);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        use std::io::Write as _;
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().unwrap()
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    // Content that carries the sequences is refused by the checker, with
    // FILE:LINE:COL, by every command that loads it.
    for args in [
        &[os("steps"), os("check")][..],
        &[os("steps"), os("list")],
        &[os("--plain")],
    ] {
        let out = run_on(&dir, args, "\n1\n");
        let all = String::from_utf8_lossy(&[out.stdout.clone(), out.stderr.clone()].concat())
            .into_owned();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {all}");
        assert!(
            all.contains("01-alpha.toml:") && all.contains("U+001B"),
            "{args:?}: {all}"
        );
        assert!(!raw_control(all.as_bytes()), "{args:?}: {all:?}");
    }
    let fixture = fixture_dir("basic");
    let run = |args: &[&std::ffi::OsStr], stdin: &str| run_on(&fixture, args, stdin);
    let cases: Vec<(String, Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            "status".into(),
            vec![os("--progress"), status_progress.as_os_str(), os("status")],
            "",
        ),
        ("report".into(), vec![os("report")], ""),
        ("audit".into(), vec![os("audit"), repo.as_os_str()], ""),
        (
            "error".into(),
            vec![os("--progress"), progress_dir.as_os_str(), os("status")],
            "",
        ),
    ];
    for (name, args, stdin) in cases {
        let out = run(&args, stdin);
        assert!(
            !raw_control(&out.stdout),
            "{name}: raw control on stdout: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !raw_control(&out.stderr),
            "{name}: raw control on stderr: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all = [out.stdout, out.stderr].concat();
        assert!(
            String::from_utf8_lossy(&all).contains("\\u{1b}"),
            "{name}: the sequence is shown visibly: {:?}",
            String::from_utf8_lossy(&all)
        );
    }
}

/// A step whose body nests lists `depth` levels deep.
fn nested_lists_step(depth: usize) -> String {
    format!(
        "format = 1\nid = \"listes\"\ntitle = \"Des listes\"\nkind = \"value\"\n\
         body = \"\"\"\n{}texte\n\"\"\"\n\n[[questions]]\nprompt = \"Oui\u{a0}?\"\n\
         [[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n\
         [[questions.choices]]\ntext = \"Non\"\nwhy = \"Non.\"\n",
        "- ".repeat(depth)
    )
}

/// Lists nested deeper than rendering shows them are valid, but `steps
/// check` warns about them at the body (and `--strict` fails): from a
/// careless hand or a hostile one (`- - - - …` ×200,000), which renders at
/// the capped depth. Up to the cap, no warning.
#[test]
fn steps_check_warns_about_lists_nested_deeper_than_shown() {
    let env = Env::new();
    for (depth, warned) in [(9, false), (10, true), (200_000, true)] {
        let dir = env.path(&format!("listes-{depth}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("01-listes.toml"), nested_lists_step(depth)).unwrap();
        let out = env
            .cmd()
            .args(["steps", "check"])
            .arg(&dir)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{depth}: {stdout}");
        let line = "01-listes.toml:5:8: attention\u{a0}: le texte imbrique des listes sur plus de 9 niveaux";
        assert_eq!(stdout.contains(line), warned, "{depth}: {stdout}");
        let strict = env
            .cmd()
            .args(["steps", "check", "--strict"])
            .arg(&dir)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(strict.status.success(), !warned, "{depth}");
    }
}

/// Keys a newer onboard (same schema) may write, at each level where
/// records live: kept when this version saves an answer, even when the
/// read-only commands before it read the progress through the cache. A
/// newer schema is refused instead, with a message that says to update.
#[test]
fn unknown_keys_of_the_progress_file_survive_an_answer() {
    let env = Env::new();
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let beta = &content.steps[1];
    // alpha answered, beta started with its first answer.
    let mut input = String::from("\n\n");
    for line in answer_lines(alpha, 0, |_| true) {
        input.push_str(&line);
        input.push('\n');
    }
    input.push('\n');
    input.push_str(&right_line(&beta.questions[0].answer));
    input.push('\n');
    env.fixture("basic").write_stdin(input).assert().code(130);
    let text = env.progress_text();
    let planted = text
        .replacen(
            "welcomed = true\n",
            "welcomed = true\nfuture_top = \"haut\"\n\n[recruit]\nname = \"Camille\"\npronoun = \"iel\"\n",
            1,
        )
        .replacen(
            "[content]\n",
            "[content]\nmirror = \"https://miroir.example\"\n",
            1,
        )
        .replacen("[steps.alpha]\n", "[steps.alpha]\nmood = \"fier\"\n", 1)
        .replacen("[steps.beta]\n", "[steps.beta]\nhints = [1, 2]\n", 1);
    for key in ["future_top", "pronoun", "mirror", "mood", "hints"] {
        assert!(planted.contains(key), "{key} planted: {planted}");
    }
    fs::write(env.progress(), &planted).unwrap();

    // Read-only commands first: they parse, and fill the cache.
    for _ in 0..2 {
        let json = env.status_json(env.fixture("basic"));
        assert_eq!(statuses(&json), ["alpha=passed", "beta=started"]);
    }
    // The last answer of beta is saved, and every unknown key with it.
    env.fixture("basic")
        .args(["step", "beta"])
        .write_stdin(format!("\n{}\n", right_line(&beta.questions[1].answer)))
        .assert()
        .success();
    let saved = read_progress(&env.progress()).unwrap().unwrap();
    assert_eq!(saved.status(beta), onboard::progress::Status::Passed);
    let table: toml::Table = toml::from_str(&env.progress_text()).unwrap();
    assert_eq!(table["future_top"].as_str(), Some("haut"));
    assert_eq!(table["recruit"]["pronoun"].as_str(), Some("iel"));
    assert_eq!(table["recruit"]["name"].as_str(), Some("Camille"));
    assert_eq!(
        table["content"]["mirror"].as_str(),
        Some("https://miroir.example")
    );
    assert_eq!(table["steps"]["alpha"]["mood"].as_str(), Some("fier"));
    assert_eq!(
        table["steps"]["beta"]["hints"].as_array().map(Vec::len),
        Some(2)
    );
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=passed"]);

    // A newer schema: refused for the answer, the file left as it is.
    let newer = env.progress_text().replacen("schema = 1", "schema = 2", 1);
    fs::write(env.progress(), &newer).unwrap();
    let out = env
        .fixture("basic")
        .args(["step", "alpha"])
        .write_stdin("\n1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mets onboard à jour"), "{err}");
    assert_eq!(env.progress_text(), newer);
}
