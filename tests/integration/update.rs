//! `onboard update`, run as the real binary on repositories made by
//! `scaffold`: nothing to do on a fresh one; after a change of templates
//! (a copy of templates/ changed by the test, given with `--templates`),
//! untouched files updated, edits merged, same-place edits in conflict,
//! deletions kept unless a rule requires the file, new files added, new
//! questions asked; refusals that change nothing; a dry run that writes
//! nothing and says what the run does; kills that leave the repository as
//! it was; and a repository made before update existed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use tempfile::TempDir;

const CONTACT: &str = "equipe@exemple.gouv.fr";
const REPO_URL: &str = "https://github.com/ville-de-test/projet";
const NAME: &str = "Camille Configurée";
const EMAIL: &str = "camille@exemple.gouv.fr";

/// A work folder, a HOME with a git identity, and one scaffolded repository.
struct Sandbox {
    root: TempDir,
    repo: PathBuf,
}

impl Sandbox {
    /// A repository scaffolded with the built-in templates.
    fn new() -> Self {
        let sandbox = Sandbox::bare();
        sandbox
            .onboard_in(&sandbox.root.path().join("work"))
            .args([
                "scaffold",
                "projet",
                "--yes",
                "--contact",
                CONTACT,
                "--repository-url",
                REPO_URL,
            ])
            .assert()
            .success();
        sandbox
    }

    /// The folders and the identity, no repository yet.
    fn bare() -> Self {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        fs::create_dir_all(home.join(".config")).unwrap();
        fs::create_dir_all(root.path().join("work")).unwrap();
        fs::write(
            home.join(".gitconfig"),
            format!("[user]\n\tname = {NAME}\n\temail = {EMAIL}\n"),
        )
        .unwrap();
        let repo = root.path().join("work/projet");
        Sandbox { root, repo }
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    fn onboard_in(&self, dir: &Path) -> Command {
        Command::from_std(self.onboard_std(dir))
    }

    fn onboard_std(&self, dir: &Path) -> StdCommand {
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_onboard"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_DATA_HOME", self.root.path().join("data"))
            .env("XDG_CACHE_HOME", self.root.path().join("cache"))
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .current_dir(dir)
            .arg("--plain");
        cmd
    }

    /// `onboard update` in the repository, with more arguments.
    fn update(&self, args: &[&str]) -> Command {
        let mut cmd = self.onboard_in(&self.repo);
        cmd.arg("update").args(args);
        cmd
    }

    fn git(&self, args: &[&str]) -> String {
        let out = StdCommand::new("git")
            .env("HOME", self.home())
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(&self.repo)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.repo.join(path)).unwrap()
    }

    fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} has no {from:?}");
        fs::write(self.repo.join(path), text.replacen(from, to, 1)).unwrap();
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// A copy of the repository's templates/, to change.
    fn templates(&self) -> Templates {
        let dir = self.root.path().join("modeles");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
            &dir,
        );
        Templates { dir }
    }

    fn audit_passes(&self) {
        let out = self
            .onboard_in(&self.repo)
            .args(["audit", "."])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "audit failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// A templates directory laid out like templates/.
struct Templates {
    dir: PathBuf,
}

impl Templates {
    fn arg(&self) -> String {
        self.dir.display().to_string()
    }

    fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.dir.join(name);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Version 2, with a change described, and `more` after it.
    fn next_version(&self, more: &str) {
        let path = self.dir.join("versions.toml");
        let text = fs::read_to_string(&path).unwrap();
        let text = text.replacen("\nversion = 1\n", "\nversion = 2\n", 1);
        fs::write(
            path,
            format!(
                "{text}\n[[changes]]\nversion = 2\nfr = \"Délai de réponse raccourci.\"\nen = \"Shorter response time.\"\n{more}"
            ),
        )
        .unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The lines of the plan (two spaces, a status, a path), in order.
fn plan_lines(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim_start().starts_with("version "))
        .map(|l| l.trim().replace('\u{a0}', " "))
        .collect()
}

/// A run that ends with conflicts: exit 1, the conflicts said on stderr,
/// the plan on stdout.
fn with_conflicts(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    (stdout, stderr)
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What `git status` and the disk say of a repository: the porcelain
/// status, and every file of the work tree and of `.git` (the index, HEAD,
/// refs, MERGE_HEAD), byte for byte, after `git status` refreshed the index.
fn state(sandbox: &Sandbox) -> (String, BTreeMap<String, Vec<u8>>) {
    let status = sandbox.git(&["status", "--porcelain"]);
    let mut files = BTreeMap::new();
    collect(&sandbox.repo, &sandbox.repo, &mut files);
    // The index by what it holds: `git status` itself may rewrite the
    // file's cached stat data (racily clean entries) without changing it.
    files.insert(
        ".git/index".to_string(),
        sandbox.git(&["ls-files", "--stage"]).into_bytes(),
    );
    (status, files)
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        // Objects written aside change nothing a repository shows; a
        // killed run's temporary folder is removed by the next run.
        if rel == ".git/objects" || rel == ".git/logs" || rel.starts_with(".git/onboard-update-") {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

/// The same-place edit (SECURITY.md), an edit elsewhere (README.md), and
/// the templates' side of both, plus an untouched file changed
/// (CONTRIBUTING.md) and a new file.
fn team_and_template_changes(sandbox: &Sandbox) -> Templates {
    sandbox.edit(
        "README.md",
        "seront ajoutées ici avec le premier code.",
        ": `make run`.",
    );
    sandbox.edit(
        "SECURITY.md",
        "sous 5 jours ouvrés",
        "sous 3 jours ouvrés, par l'équipe de garde",
    );
    sandbox.commit_all("Nos modifications");
    let templates = sandbox.templates();
    templates.edit(
        "common/SECURITY.md.j2",
        "sous 5 jours ouvrés",
        "sous 2 jours ouvrés",
    );
    templates.edit(
        "common/README.md.j2",
        "## Contribuer",
        "## Contribuer au projet",
    );
    templates.edit(
        "common/CONTRIBUTING.md.j2",
        "# ",
        "<!-- Relu par l'équipe des modèles. -->\n\n# ",
    );
    templates.write(
        "common/docs/ACCESSIBILITE.md.j2",
        "# Accessibilité de {{ name }}\n\nÉcrivez à {{ contact | email }}.\n",
    );
    templates.next_version("");
    templates
}

#[test]
fn a_fresh_repository_has_nothing_to_do() {
    let sandbox = Sandbox::new();
    let before = state(&sandbox);
    let out = stdout(&mut sandbox.update(&[]));
    assert!(out.contains("Rien à faire"), "{out}");
    assert_eq!(state(&sandbox), before);
    // The same templates from a directory: the same fingerprint, nothing to do.
    let templates = sandbox.templates();
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg()]));
    assert!(out.contains("Rien à faire"), "{out}");
}

#[test]
fn edits_are_kept_changes_come_in_and_the_one_conflict_is_marked() {
    let sandbox = Sandbox::new();
    let templates = team_and_template_changes(&sandbox);
    let (out, err) = with_conflicts(&mut sandbox.update(&["--templates", &templates.arg()]));
    assert_eq!(
        plan_lines(out.as_bytes()),
        [
            "mis à jour : .onboard.toml",
            "mis à jour : CONTRIBUTING.md",
            "fusionné : README.md",
            "en conflit : SECURITY.md",
            "ajouté : docs/ACCESSIBILITE.md",
        ],
        "{out}"
    );
    assert!(
        err.contains("1 conflit(s) à résoudre\u{a0}: SECURITY.md"),
        "{err}"
    );
    assert!(out.contains("Délai de réponse raccourci."), "{out}");
    // The team's edit and the template's change, merged.
    let readme = sandbox.read("README.md");
    assert!(readme.contains(": `make run`.") && readme.contains("## Contribuer au projet"));
    assert!(sandbox.read("CONTRIBUTING.md").starts_with("<!-- Relu"));
    assert!(sandbox.read("docs/ACCESSIBILITE.md").contains(CONTACT));
    let security = sandbox.read("SECURITY.md");
    for marker in [
        "<<<<<<< HEAD\n",
        "=======\n",
        ">>>>>>> onboard-templates-2\n",
    ] {
        assert!(security.contains(marker), "{security}");
    }
    // Staged, not committed; the conflict is unmerged, as git merge leaves it.
    let status = sandbox.git(&["status", "--porcelain"]);
    for line in [
        "M  .onboard.toml",
        "M  CONTRIBUTING.md",
        "M  README.md",
        "UU SECURITY.md",
        "A  docs/ACCESSIBILITE.md",
    ] {
        assert!(status.lines().any(|l| l == line), "{line} in\n{status}");
    }
    assert_eq!(sandbox.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
    let toml = sandbox.read(".onboard.toml");
    assert!(
        toml.contains("templates = 2") && toml.contains("base = \""),
        "{toml}"
    );
    // Resolved as the team wants, committed: the merge records the render.
    sandbox.edit("SECURITY.md", "<<<<<<< HEAD\n", "");
    let security = sandbox.read("SECURITY.md");
    let start = security.find("=======\n").unwrap();
    let end = security.find(">>>>>>> onboard-templates-2\n").unwrap()
        + ">>>>>>> onboard-templates-2\n".len();
    fs::write(
        sandbox.repo.join("SECURITY.md"),
        format!("{}{}", &security[..start], &security[end..]),
    )
    .unwrap();
    sandbox.git(&["add", "SECURITY.md"]);
    sandbox.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(
        sandbox
            .git(&["rev-list", "--parents", "-1", "HEAD"])
            .split(' ')
            .count(),
        3
    );
    sandbox.audit_passes();
    // The next update finds the render commit as its base: nothing to do.
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg()]));
    assert!(out.contains("Rien à faire"), "{out}");
}

#[test]
fn commit_makes_a_signed_off_merge_and_audit_passes() {
    let sandbox = Sandbox::new();
    let templates = sandbox.templates();
    templates.edit("common/SUPPORT.md.j2", "# ", "<!-- v2 -->\n# ");
    templates.next_version("");
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg(), "--commit"]));
    assert!(out.contains("Mise à jour commitée"), "{out}");
    assert_eq!(sandbox.git(&["status", "--porcelain"]), "");
    let message = sandbox.git(&["log", "-1", "--format=%B"]);
    assert!(message.contains("- SUPPORT.md : mis à jour"), "{message}");
    assert!(
        message.contains(&format!("Signed-off-by: {NAME} <{EMAIL}>")),
        "{message}"
    );
    let parents = sandbox.git(&["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2);
    let render = sandbox.git(&["log", "-1", "--format=%B", "HEAD^2"]);
    assert!(render.contains("Onboard-Render: 2"), "{render}");
    assert!(sandbox.read("SUPPORT.md").starts_with("<!-- v2 -->"));
    sandbox.audit_passes();
    sandbox.git(&["fsck", "--no-progress"]);
}

#[test]
fn a_deleted_file_stays_deleted_unless_a_rule_requires_it() {
    let sandbox = Sandbox::new();
    sandbox.git(&["rm", "-q", "GOVERNANCE.md", "README.md"]);
    sandbox.commit_all("Pas de gouvernance ni de README ici");
    let templates = sandbox.templates();
    templates.edit("common/GOVERNANCE.md.j2", "# ", "<!-- v2 -->\n# ");
    templates.edit("common/README.md.j2", "# ", "<!-- v2 -->\n# ");
    templates.next_version("");
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg()]));
    let lines = plan_lines(out.as_bytes());
    assert!(
        lines.contains(&"gardé : GOVERNANCE.md".to_string()),
        "{out}"
    );
    assert!(lines.contains(&"restauré : README.md".to_string()), "{out}");
    assert!(
        out.contains("README.md\u{a0}: restauré, car une règle"),
        "{out}"
    );
    assert!(!sandbox.repo.join("GOVERNANCE.md").exists());
    assert!(sandbox.read("README.md").starts_with("<!-- v2 -->"));
    sandbox.git(&["commit", "-q", "--no-edit"]);
    sandbox.audit_passes();
}

#[test]
fn a_new_file_never_replaces_an_ignored_one() {
    let sandbox = Sandbox::new();
    let text = sandbox.read(".gitignore");
    fs::write(sandbox.repo.join(".gitignore"), format!("{text}docs/\n")).unwrap();
    sandbox.commit_all("docs/ est local");
    fs::create_dir(sandbox.repo.join("docs")).unwrap();
    fs::write(sandbox.repo.join("docs/ACCESSIBILITE.md"), "à nous\n").unwrap();
    let templates = team_and_template_changes(&sandbox);
    let before = state(&sandbox);
    let out = sandbox
        .update(&["--templates", &templates.arg()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git ne le suit pas"));
    assert_eq!(state(&sandbox), before);
}

#[test]
fn a_template_file_removed_goes_only_if_untouched() {
    let sandbox = Sandbox::new();
    sandbox.edit("SUPPORT.md", "# ", "<!-- à nous -->\n# ");
    sandbox.commit_all("Notre support");
    let templates = sandbox.templates();
    // A team's templates may drop files: these two are not required.
    fs::remove_file(templates.dir.join("common/SUPPORT.md.j2")).unwrap();
    fs::remove_file(templates.dir.join("common/CHANGELOG.md.j2")).unwrap();
    templates.next_version("");
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg()]));
    let lines = plan_lines(out.as_bytes());
    assert!(
        lines.contains(&"supprimé : CHANGELOG.md".to_string()),
        "{out}"
    );
    assert!(lines.contains(&"gardé : SUPPORT.md".to_string()), "{out}");
    assert!(!sandbox.repo.join("CHANGELOG.md").exists());
    assert!(sandbox.read("SUPPORT.md").starts_with("<!-- à nous -->"));
    let status = sandbox.git(&["status", "--porcelain"]);
    assert!(status.lines().any(|l| l == "D  CHANGELOG.md"), "{status}");
}

/// A template set that asks one more question, used in the README.
fn templates_with_a_question(sandbox: &Sandbox) -> Templates {
    let templates = sandbox.templates();
    templates.edit(
        "common/README.md.j2",
        "## Contribuer",
        "Discussion : {{ extra.salon | url }}\n\n## Contribuer",
    );
    templates.next_version(
        "\n[[questions]]\nkey = \"salon\"\nkind = \"url\"\nfr = \"Adresse du salon de discussion de l'équipe\"\nen = \"Address of the team's chat room\"\ndefault = \"https://tchap.gouv.fr/salon\"\n",
    );
    templates
}

#[test]
fn a_new_question_is_asked_in_plain_mode() {
    let sandbox = Sandbox::new();
    let templates = templates_with_a_question(&sandbox);
    let out = stdout(
        sandbox
            .update(&["--templates", &templates.arg()])
            .write_stdin("https://chat.exemple.fr/projet\n"),
    );
    assert!(out.contains("Adresse du salon de discussion"), "{out}");
    assert!(
        sandbox
            .read("README.md")
            .contains("https://chat.exemple.fr/projet")
    );
    assert!(
        sandbox
            .read(".onboard.toml")
            .contains("salon = \"https://chat.exemple.fr/projet\"")
    );
}

#[test]
fn a_new_question_takes_its_default_with_yes() {
    let sandbox = Sandbox::new();
    let templates = templates_with_a_question(&sandbox);
    let out = stdout(&mut sandbox.update(&["--templates", &templates.arg(), "--yes"]));
    assert!(!out.contains("Adresse du salon"), "{out}");
    assert!(
        sandbox
            .read("README.md")
            .contains("https://tchap.gouv.fr/salon")
    );
}

#[test]
fn a_dirty_work_tree_is_refused_and_nothing_changes() {
    let sandbox = Sandbox::new();
    let templates = team_and_template_changes(&sandbox);
    for dirty in ["modified", "untracked"] {
        match dirty {
            "modified" => sandbox.edit("CHANGELOG.md", "# ", "# !"),
            _ => fs::write(sandbox.repo.join("brouillon.txt"), "x").unwrap(),
        }
        let before = state(&sandbox);
        let out = sandbox
            .update(&["--templates", &templates.arg()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{dirty}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("modifications non commitées"), "{err}");
        assert_eq!(state(&sandbox), before, "{dirty}");
        sandbox.git(&["stash", "-u", "-q"]);
    }
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_the_run_does() {
    let sandbox = Sandbox::new();
    let templates = team_and_template_changes(&sandbox);
    let before = state(&sandbox);
    let objects = sandbox.git(&["count-objects"]);
    let dry = stdout(&mut sandbox.update(&["--templates", &templates.arg(), "--dry-run"]));
    assert!(dry.contains("Simulation"), "{dry}");
    assert_eq!(state(&sandbox), before);
    assert_eq!(sandbox.git(&["count-objects"]), objects);
    let (run, _) = with_conflicts(&mut sandbox.update(&["--templates", &templates.arg()]));
    assert_eq!(plan_lines(dry.as_bytes()), plan_lines(run.as_bytes()));
    // And the run did what the plan said, file by file.
    let status = sandbox.git(&["status", "--porcelain"]);
    for line in plan_lines(dry.as_bytes()) {
        let (word, path) = line.split_once(" : ").unwrap();
        let code = match word {
            "mis à jour" | "fusionné" => "M ",
            "en conflit" => "UU",
            "ajouté" | "restauré" => "A ",
            "supprimé" => "D ",
            other => panic!("{other}"),
        };
        assert!(
            status.lines().any(|l| l == format!("{code} {path}")),
            "{line} in\n{status}"
        );
    }
}

#[test]
fn a_repository_made_before_update_is_found_by_its_first_commit() {
    let sandbox = Sandbox::bare();
    sandbox
        .onboard_in(&sandbox.root.path().join("work"))
        .args([
            "scaffold",
            "projet",
            "--no-git",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ])
        .assert()
        .success();
    // .onboard.toml as scaffold wrote it before templates were versioned.
    let toml = sandbox.read(".onboard.toml");
    let old: Vec<&str> = toml
        .lines()
        .filter(|l| {
            !["templates", "fingerprint", "year", "maintainer"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect();
    fs::write(sandbox.repo.join(".onboard.toml"), old.join("\n") + "\n").unwrap();
    sandbox.git(&["init", "-q", "-b", "main"]);
    sandbox.git(&["add", "-A"]);
    sandbox.git(&[
        "commit",
        "-q",
        "-s",
        "-m",
        "Premier commit : dépôt ouvert par défaut créé par onboard",
    ]);
    sandbox.edit("README.md", "# projet", "# projet, par l'équipe");
    sandbox.commit_all("Titre");
    let out = stdout(&mut sandbox.update(&[]));
    assert!(out.contains("premier commit de scaffold"), "{out}");
    assert!(out.contains("modèles version 0 vers 1"), "{out}");
    // The same templates, the year and maintainer taken from the commit:
    // only .onboard.toml changes, and it now records them.
    assert_eq!(
        plan_lines(out.as_bytes()),
        ["mis à jour : .onboard.toml"],
        "{out}"
    );
    let toml = sandbox.read(".onboard.toml");
    assert!(
        toml.contains("templates = 1") && toml.contains(&format!("maintainer = \"{NAME}\"")),
        "{toml}"
    );
    assert!(
        sandbox
            .read("README.md")
            .starts_with("# projet, par l'équipe")
    );
}

#[test]
fn without_an_onboard_commit_the_base_is_asked_for() {
    let sandbox = Sandbox::bare();
    sandbox
        .onboard_in(&sandbox.root.path().join("work"))
        .args([
            "scaffold",
            "projet",
            "--no-git",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ])
        .assert()
        .success();
    sandbox.git(&["init", "-q", "-b", "main"]);
    sandbox.commit_all("Import");
    let out = sandbox.update(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base COMMIT"));
    let out = stdout(&mut sandbox.update(&["--base", "main"]));
    assert!(out.contains("Rien à faire"), "{out}");
}

/// SIGKILL at spread-out moments of an update: each time, the repository
/// is either exactly as it was, or exactly as a complete update leaves it.
#[cfg(unix)]
#[test]
fn a_kill_during_update_leaves_the_repository_as_it_was() {
    let sandbox = Sandbox::new();
    let templates = team_and_template_changes(&sandbox);
    let pristine = sandbox.root.path().join("pristine");
    copy_dir(&sandbox.repo, &pristine);
    let reset = || {
        fs::remove_dir_all(&sandbox.repo).unwrap();
        copy_dir(&pristine, &sandbox.repo);
    };
    // One run to the end: the state after, and how long a run lasts.
    let started = std::time::Instant::now();
    with_conflicts(&mut sandbox.update(&["--templates", &templates.arg()]));
    let length = started.elapsed();
    let after_status = sandbox.git(&["status", "--porcelain"]);
    let runs: u32 = std::env::var("ONBOARD_UPDATE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let (mut as_before, mut as_after, mut rolled_back) = (0, 0, 0);
    for run in 0..runs {
        reset();
        let before = state(&sandbox);
        let mut child = sandbox
            .onboard_std(&sandbox.repo)
            .args(["update", "--templates", &templates.arg()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill points spread over the whole run, start-up included.
        std::thread::sleep(length.mul_f64(f64::from(run) / f64::from(runs)));
        let _ = child.kill();
        child.wait().unwrap();
        let now = state(&sandbox);
        if now == before {
            as_before += 1;
        } else if now.0 == after_status {
            as_after += 1;
        } else {
            // Killed inside the swap itself: the next update rolls the
            // swap back from its journal before anything else.
            let recovery = sandbox
                .onboard_std(&sandbox.repo)
                .args(["update", "--dry-run", "--templates", &templates.arg()])
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&recovery.stderr).into_owned();
            assert!(
                said.contains("annulée"),
                "run {run}: no roll-back said: {said}"
            );
            let recovered = state(&sandbox);
            let differ: Vec<&String> = before
                .1
                .keys()
                .chain(recovered.1.keys())
                .filter(|k| before.1.get(*k) != recovered.1.get(*k))
                .collect();
            assert!(
                recovered == before,
                "run {run}: not rolled back to the state before: status {:?} vs {:?}, files {differ:?}",
                recovered.0,
                before.0
            );
            rolled_back += 1;
        }
    }
    eprintln!(
        "update kills: {runs} runs, {as_before} left as before, {as_after} complete, \
         {rolled_back} rolled back by the next update"
    );
    assert!(as_before > 0, "no kill landed before the end");
    // A killed run leaves at most a folder in .git, removed by the next run.
    reset();
    with_conflicts(&mut sandbox.update(&["--templates", &templates.arg()]));
    assert_eq!(sandbox.git(&["status", "--porcelain"]), after_status);
}

/// A swap killed half-way, laid out by hand as `update` leaves it: README.md
/// replaced (its original put aside), a new file written, the index and
/// the merge state changed, and the journal that says so.
fn plant_a_killed_swap(sandbox: &Sandbox, journal: &str) -> PathBuf {
    let git = sandbox.repo.join(".git");
    let temp = git.join("onboard-update-planted");
    fs::create_dir_all(&temp).unwrap();
    fs::copy(git.join("index"), temp.join("index.orig")).unwrap();
    fs::rename(sandbox.repo.join("README.md"), temp.join("original-0")).unwrap();
    fs::write(
        sandbox.repo.join("README.md"),
        "# Changé par la mise à jour\n",
    )
    .unwrap();
    fs::create_dir_all(sandbox.repo.join("docs")).unwrap();
    fs::write(sandbox.repo.join("docs/NOUVEAU.md"), "# Nouveau\n").unwrap();
    sandbox.git(&["add", "docs/NOUVEAU.md", "README.md"]);
    let head = sandbox.git(&["rev-parse", "HEAD"]);
    fs::write(git.join("MERGE_HEAD"), &head).unwrap();
    fs::write(git.join("MERGE_MSG"), "Mise à jour\n").unwrap();
    fs::write(
        temp.join("journal.json"),
        journal.replace("HEAD", head.trim()),
    )
    .unwrap();
    temp
}

#[test]
fn a_journal_left_by_a_kill_is_rolled_back_before_anything_else() {
    let sandbox = Sandbox::new();
    let before = state(&sandbox);
    let temp = plant_a_killed_swap(
        &sandbox,
        r#"{"head":"HEAD","files":[["README.md","original-0"],["docs/NOUVEAU.md",null]],"merge_state":true}"#,
    );
    assert_ne!(state(&sandbox), before);
    let out = sandbox.update(&[]).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("a été annulée"), "{stderr}");
    assert!(stdout.contains("Rien à faire"), "{stdout}");
    assert_eq!(state(&sandbox), before);
    assert!(!temp.exists(), "the journal's folder is removed");
    assert!(
        !sandbox.repo.join("docs").exists(),
        "an emptied folder goes too"
    );
}

/// The journal sits in `.git`, where it can be planted: one that names an
/// original outside its folder, a path outside the work tree, or no commit
/// is refused whole. Nothing moves, and the folder stays for a person to
/// look at.
#[test]
fn a_journal_not_shaped_like_onboard_s_is_refused_and_nothing_moves() {
    for journal in [
        r#"{"head":"HEAD","files":[["README.md","../../../dehors.txt"]],"merge_state":false}"#,
        r#"{"head":"HEAD","files":[["README.md","original-0"],["../dehors.txt",null]],"merge_state":false}"#,
        r#"{"head":"HEAD","files":[["README.md","/etc/passwd"]],"merge_state":false}"#,
        r#"{"head":"pas un commit","files":[["README.md","original-0"]],"merge_state":false}"#,
    ] {
        let sandbox = Sandbox::new();
        let outside = sandbox.root.path().join("work/dehors.txt");
        fs::write(&outside, "à ne pas toucher\n").unwrap();
        let temp = plant_a_killed_swap(&sandbox, journal);
        let planted = state(&sandbox);
        let out = sandbox.update(&[]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{journal}: {stderr}");
        assert!(stderr.contains("n'a pas la forme"), "{journal}: {stderr}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "à ne pas toucher\n");
        assert_eq!(state(&sandbox), planted, "{journal}");
        assert!(temp.join("journal.json").is_file() && temp.join("original-0").is_file());
    }
}
