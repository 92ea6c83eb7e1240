//! The cache of checked content and parsed progress (src/cache.rs): what
//! it gives is what parsing the files gives, every kind of change to the
//! files is seen, and a damaged or unwritable cache changes nothing.
//!
//! A file changed less than a second ago is never cached (its times cannot
//! be trusted yet), so these tests wait a little over a second before the
//! run that should write an entry.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::*;
use onboard::content::{self, Fingerprint};
use onboard::i18n::Lang;

/// Long enough for every file written before it to be trusted.
fn settle() {
    std::thread::sleep(Duration::from_millis(1100));
}

/// A copy of a fixture, which the test may change.
fn own_copy(env: &Env, fixture: &str) -> PathBuf {
    let dir = env.path("contenu");
    fs::create_dir_all(&dir).unwrap();
    for entry in fs::read_dir(fixture_dir(fixture)).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

/// The cache's entries, by kind ("checked" or "progress").
fn entries(env: &Env, kind: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(env.path("xdg-cache/onboard").join(kind))
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

/// Runs `args` on `dir`; returns stdout, asserting success.
fn run(env: &Env, dir: &Path, args: &[&str], stdin: &str) -> String {
    let mut cmd = env.cmd();
    cmd.env("ONBOARD_STEPS", dir);
    stdout_of(cmd, args, stdin)
}

/// Runs `cmd` with `args`; returns stdout, asserting success.
fn stdout_of(mut cmd: assert_cmd::Command, args: &[&str], stdin: &str) -> String {
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `status --format json` on `dir`.
fn status_on(env: &Env, dir: &Path) -> serde_json::Value {
    let mut cmd = env.cmd();
    cmd.env("ONBOARD_STEPS", dir);
    env.status_json(cmd)
}

/// The same, with no usable cache: what parsing the files gives.
fn run_uncached(env: &Env, dir: &Path, args: &[&str]) -> String {
    let blocker = env.path("pas-un-dossier");
    fs::write(&blocker, "").unwrap();
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", dir)
        .env("XDG_CACHE_HOME", blocker.join("cache"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Rewrites a file, then puts its modification time back as it was: an
/// edit that only the change time (which nobody can set) still shows.
fn edit_in_place(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len(), "the edit keeps the size");
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    fs::write(path, text.replacen(from, to, 1)).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

#[test]
fn status_and_list_from_the_cache_are_what_parsing_gives() {
    let env = Env::new();
    let dir = own_copy(&env, "many");
    run(&env, &dir, &["step", "etape-1"], "\n1\n1\n1\n1\n");
    settle();
    let commands: [&[&str]; 3] = [
        &["status", "--format", "json"],
        &["status"],
        &["steps", "list"],
    ];
    for args in commands {
        let fresh = run_uncached(&env, &dir, args);
        let first = run(&env, &dir, args, "");
        let second = run(&env, &dir, args, "");
        assert_eq!(first, fresh, "{args:?}");
        assert_eq!(second, fresh, "{args:?}");
    }
    assert_eq!(entries(&env, "checked").len(), 1);
    assert_eq!(entries(&env, "progress").len(), 1);
}

#[test]
fn an_edit_that_keeps_the_size_and_the_time_is_seen() {
    let env = Env::new();
    let dir = own_copy(&env, "basic");
    run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    settle();
    let status = |env: &Env| statuses(&status_on(env, &dir));
    assert_eq!(status(&env)[0], "alpha=passed");
    let cached = fs::read(&entries(&env, "checked")[0]).unwrap();

    // A choice's text changes, not the file's length nor its time.
    edit_in_place(
        &dir.join("01-alpha.toml"),
        "text = \"Bêta\"",
        "text = \"Zêta\"",
    );
    assert_eq!(status(&env)[0], "alpha=outdated");
    let journey = run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    assert!(
        journey.contains("Zêta"),
        "the journey shows the new text: {journey}"
    );
    assert_eq!(status(&env)[0], "alpha=passed");
    // The file changed a moment ago: the old entry stays, unused, until the
    // change is a second old; then the entry is written again.
    assert_eq!(fs::read(&entries(&env, "checked")[0]).unwrap(), cached);
    settle();
    assert_eq!(status(&env)[0], "alpha=passed");
    assert_ne!(fs::read(&entries(&env, "checked")[0]).unwrap(), cached);
}

#[test]
fn added_removed_and_renamed_steps_are_seen() {
    let env = Env::new();
    let dir = own_copy(&env, "many");
    settle();
    let count = |env: &Env| status_on(env, &dir)["total"].as_u64().unwrap();
    assert_eq!(count(&env), 8);
    assert_eq!(count(&env), 8);
    fs::remove_file(dir.join("08-huit.toml")).unwrap();
    assert_eq!(count(&env), 7);
    fs::rename(dir.join("07-sept.toml"), dir.join("00-sept.toml")).unwrap();
    let list = run(&env, &dir, &["steps", "list"], "");
    assert!(list.starts_with(" 1. etape-7"), "{list}");
    fs::copy(
        fixture_dir("many").join("08-huit.toml"),
        dir.join("08-huit.toml"),
    )
    .unwrap();
    assert_eq!(count(&env), 8);
    // A directory that becomes a language directory.
    fs::create_dir(dir.join("en")).unwrap();
    let out = env
        .cmd()
        .env("ONBOARD_STEPS", &dir)
        .args(["--lang", "en", "status"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn a_damaged_cache_is_ignored_and_written_again() {
    let env = Env::new();
    let dir = own_copy(&env, "basic");
    run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    settle();
    let expected = run(&env, &dir, &["status"], "");
    let report = run(&env, &dir, &["report"], "");
    let files: Vec<PathBuf> = [entries(&env, "checked"), entries(&env, "progress")].concat();
    assert_eq!(files.len(), 2);
    let good: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).unwrap()).collect();
    for damage in [
        Vec::new(),
        b"onboard-cache-1\n".to_vec(),
        vec![0xff; 300],
        good[0][..good[0].len() / 2].to_vec(),
    ] {
        for file in &files {
            fs::write(file, &damage).unwrap();
        }
        assert_eq!(run(&env, &dir, &["status"], ""), expected);
        // `status` reads only the steps' outline; the report needs the rest.
        assert_eq!(run(&env, &dir, &["report"], ""), report);
        let again: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).unwrap()).collect();
        assert_eq!(again, good, "written again, whole");
    }
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing() {
    let env = Env::new();
    let dir = own_copy(&env, "basic");
    settle();
    let expected = run(&env, &dir, &["status"], "");
    // The cache directory is a file: nothing can be created under it.
    fs::remove_dir_all(env.path("xdg-cache")).unwrap();
    fs::write(env.path("xdg-cache"), "").unwrap();
    assert_eq!(run(&env, &dir, &["status"], ""), expected);
    run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    assert_eq!(statuses(&status_on(&env, &dir))[0], "alpha=passed");
}

#[test]
fn progress_changed_by_hand_or_by_a_save_is_seen() {
    let env = Env::new();
    let dir = own_copy(&env, "basic");
    run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    settle();
    let status = |env: &Env| statuses(&status_on(env, &dir));
    assert_eq!(status(&env), ["alpha=passed", "beta=todo"]);
    assert_eq!(entries(&env, "progress").len(), 1);
    edit_in_place(
        &env.progress(),
        "status = \"passed\"",
        "status = \"failed\"",
    );
    assert_eq!(status(&env), ["alpha=failed", "beta=todo"]);
    // A save replaces the file (a new inode), whatever its times.
    run(&env, &dir, &["step", "beta"], "\nbeta\n1\n");
    assert_eq!(status(&env), ["alpha=failed", "beta=passed"]);
}

#[test]
fn the_journey_runs_on_cached_content_with_the_same_fingerprints() {
    let env = Env::new();
    settle();
    let shipped = load_shipped(Lang::Fr);
    // The first status writes the entry; the journey then reads it.
    env.cmd().arg("status").assert().success();
    assert_eq!(entries(&env, "checked").len(), 1);
    env.cmd()
        .write_stdin(right_journey(&shipped))
        .assert()
        .success();
    let progress = env.progress_text();
    for step in &shipped.steps {
        assert!(
            progress.contains(&format!("hash = \"{}\"", step.fingerprint.current)),
            "{}",
            step.id
        );
    }
    let json = env.status_json(env.cmd());
    assert_eq!(json["passed"], json["total"]);
}

#[test]
fn each_language_has_its_own_entry() {
    let env = Env::new();
    for (lang, code) in [
        (Lang::Fr, "fr"),
        (Lang::En, "en"),
        (Lang::Fr, "fr"),
        (Lang::En, "en"),
    ] {
        let out = env
            .cmd()
            .args(["--lang", code, "steps", "list"])
            .output()
            .unwrap();
        let list = String::from_utf8(out.stdout).unwrap();
        let shipped = content::load(&content::Source::Embedded, lang).unwrap();
        assert_eq!(list.lines().count(), shipped.steps.len());
        for step in &shipped.steps {
            assert!(list.contains(&step.title), "{code}: {}", step.title);
        }
    }
    assert_eq!(entries(&env, "checked").len(), 2);
}

#[test]
fn in_process_the_cache_gives_back_the_whole_content() {
    let root = tempfile::tempdir().unwrap();
    let dir = fixture_dir("basic");
    let plain = content::load_dir(&dir, Lang::Fr).unwrap();
    let steps = &content::Source::Dir(dir.clone());
    let first = content::load_with(steps, Lang::Fr, Some(root.path())).unwrap();
    let second = content::load_with(steps, Lang::Fr, Some(root.path())).unwrap();
    let outline = content::load_outline(steps, Lang::Fr, Some(root.path())).unwrap();
    for loaded in [&first, &second] {
        assert_eq!(
            serde_json::to_string(&loaded.steps).unwrap(),
            serde_json::to_string(&plain.steps).unwrap()
        );
        for (a, b) in loaded.steps.iter().zip(&plain.steps) {
            assert_eq!(
                (&a.fingerprint, &a.file, a.untranslated),
                (&b.fingerprint, &b.file, b.untranslated)
            );
        }
        assert_eq!(loaded.journey.title, plain.journey.title);
        assert_eq!(loaded.origin, plain.origin);
    }
    let ids: Vec<(&str, &Fingerprint, usize)> = outline
        .steps
        .iter()
        .map(|s| (s.id.as_str(), &s.fingerprint, s.questions))
        .collect();
    let expected: Vec<(&str, &Fingerprint, usize)> = plain
        .steps
        .iter()
        .map(|s| (s.id.as_str(), &s.fingerprint, s.questions.len()))
        .collect();
    assert_eq!(ids, expected);
    // The fixture is in the repository, older than a second: an entry exists.
    assert_eq!(
        fs::read_dir(root.path().join("checked")).unwrap().count(),
        1
    );
}

#[cfg(unix)]
#[test]
fn cache_entries_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = own_copy(&env, "basic");
    run(&env, &dir, &["step", "alpha"], "\n2\n1,3\n");
    settle();
    run(&env, &dir, &["status"], "");
    let files = [entries(&env, "checked"), entries(&env, "progress")].concat();
    assert_eq!(files.len(), 2);
    for file in files {
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

/// `audit --format json` on `repo`, with the licence found and its score.
fn audit_json(env: &Env, repo: &Path) -> String {
    let repo = repo.to_str().unwrap();
    stdout_of(env.cmd(), &["audit", "--format", "json", repo], "")
}

#[test]
fn the_prepared_licence_texts_are_kept_and_a_damaged_entry_is_prepared_again() {
    let env = Env::new();
    let repo = env.path("depot");
    env.cmd()
        .arg("scaffold")
        .arg(&repo)
        .args([
            "--yes",
            "--no-git",
            "--license",
            "EUPL-1.2",
            "--forge",
            "github",
        ])
        .args(["--contact", "equipe@exemple.gouv.fr"])
        .args(["--repository-url", "https://github.com/ville/depot"])
        .assert()
        .success();
    // Scaffold checks what it wrote: the licence texts were prepared once,
    // and kept.
    let kept = entries(&env, "licences");
    assert_eq!(kept.len(), 1, "{kept:?}");
    let written = fs::read(&kept[0]).unwrap();
    assert!(written.len() > 100_000, "{} bytes", written.len());

    // Read back, they find what preparing them finds.
    let first = audit_json(&env, &repo);
    assert!(first.contains("EUPL-1.2"), "{first}");
    assert_eq!(
        fs::read(&kept[0]).unwrap(),
        written,
        "the entry was rewritten"
    );

    // A damaged entry is not read: the texts are prepared again, with the
    // same result, and the entry is written anew.
    // (Its bytes may come in another order: the bigrams are hash maps.)
    fs::write(&kept[0], b"onboard-cache-1\n\xff\xff\xff\xff garbage").unwrap();
    assert_eq!(audit_json(&env, &repo), first);
    assert_eq!(fs::read(&kept[0]).unwrap().len(), written.len());

    // So is an entry cut short.
    let mut short = written.clone();
    short.truncate(written.len() / 2);
    fs::write(&kept[0], &short).unwrap();
    assert_eq!(audit_json(&env, &repo), first);
    assert_eq!(fs::read(&kept[0]).unwrap().len(), written.len());
}
