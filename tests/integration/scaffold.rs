//! `onboard scaffold`, run as the real binary: the file plan, every licence,
//! git, refusals that leave the disk as it was, plain-mode prompts and
//! hostile values.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const LICENCES: [&str; 13] = [
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "CECILL-B",
    "AGPL-3.0-or-later",
    "GPL-3.0-or-later",
    "LGPL-3.0-or-later",
    "MPL-2.0",
    "EPL-2.0",
    "EUPL-1.2",
    "CECILL-2.1",
    "CECILL-C",
];

const CONTACT: &str = "equipe@exemple.gouv.fr";
const REPO_URL: &str = "https://github.com/ville-de-test/projet";

/// A sandbox: a work folder where repositories are created, and a HOME
/// whose git configuration the test controls.
struct Sandbox {
    _root: TempDir,
    work: PathBuf,
    home: PathBuf,
}

impl Sandbox {
    /// HOME has a .gitconfig with this identity, or none.
    fn new(identity: Option<(&str, &str)>) -> Self {
        let root = tempfile::tempdir().unwrap();
        let work = root.path().join("work");
        let home = root.path().join("home");
        fs::create_dir_all(&work).unwrap();
        fs::create_dir_all(home.join(".config")).unwrap();
        if let Some((name, email)) = identity {
            fs::write(
                home.join(".gitconfig"),
                format!("[user]\n\tname = {name}\n\temail = {email}\n"),
            )
            .unwrap();
        }
        Sandbox {
            _root: root,
            work,
            home,
        }
    }

    fn with_git_identity() -> Self {
        Sandbox::new(Some(("Camille Configurée", "camille@exemple.gouv.fr")))
    }

    fn onboard(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_onboard"));
        self.isolate(&mut cmd);
        cmd.current_dir(&self.work)
            .arg("--plain")
            .env("NO_COLOR", "1")
            .env_remove("ONBOARD_LANG");
        cmd
    }

    fn git(&self, repo: &Path) -> StdCommand {
        let mut cmd = StdCommand::new("git");
        self.isolate_std(&mut cmd);
        cmd.current_dir(repo);
        cmd
    }

    fn isolate(&self, cmd: &mut Command) {
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_AUTHOR_EMAIL")
            .env_remove("GIT_COMMITTER_NAME")
            .env_remove("GIT_COMMITTER_EMAIL");
    }

    fn isolate_std(&self, cmd: &mut StdCommand) {
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1");
    }

    /// Every path under the work folder, hidden ones included, with sizes.
    fn listing(&self) -> Vec<String> {
        let mut out = Vec::new();
        list(&self.work, &self.work, &mut out);
        out.sort();
        out
    }

    fn git_output(&self, repo: &Path, args: &[&str]) -> String {
        let output = self.git(repo).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        out.push(format!(
            "{rel} {}",
            if meta.is_dir() { 0 } else { meta.len() }
        ));
        if meta.is_dir() {
            list(root, &path, out);
        }
    }
}

/// The options that make `--yes` complete.
fn complete(cmd: &mut Command) -> &mut Command {
    cmd.args(["--yes", "--contact", CONTACT, "--repository-url", REPO_URL])
}

fn audit_passes(sandbox: &Sandbox, repo: &Path) {
    sandbox
        .onboard()
        .arg("audit")
        .arg(repo)
        .assert()
        .success()
        .stdout(predicate::str::contains("ÉCHEC").not());
}

#[test]
fn dry_run_prints_the_github_plan_and_writes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let before = sandbox.listing();
    let output = sandbox
        .onboard()
        .args(["scaffold", "mon-projet", "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(sandbox.listing(), before);
    insta::assert_snapshot!("dry_run_github", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn dry_run_prints_the_gitlab_plan_and_writes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let before = sandbox.listing();
    let output = sandbox
        .onboard()
        .args([
            "scaffold",
            "mon-projet",
            "--dry-run",
            "--forge",
            "gitlab",
            "--license",
            "EUPL-1.2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(sandbox.listing(), before);
    insta::assert_snapshot!("dry_run_gitlab", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn every_allowed_licence_scaffolds_and_audits_clean() {
    let sandbox = Sandbox::with_git_identity();
    for (i, licence) in LICENCES.iter().enumerate() {
        let forge = if i % 2 == 0 { "github" } else { "gitlab" };
        let name = format!("projet-{i}");
        complete(sandbox.onboard().args([
            "scaffold",
            &name,
            "--no-git",
            "--license",
            licence,
            "--forge",
            forge,
        ]))
        .assert()
        .success();
        let repo = sandbox.work.join(&name);
        let licences: Vec<String> = fs::read_dir(repo.join("LICENSES"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(licences, vec![format!("{licence}.txt")]);
        let reuse = fs::read_to_string(repo.join("REUSE.toml")).unwrap();
        assert!(
            reuse.contains(&format!("SPDX-License-Identifier = \"{licence}\"")),
            "{reuse}"
        );
        audit_passes(&sandbox, &repo);
    }
}

#[test]
fn licence_notices_are_filled() {
    let sandbox = Sandbox::with_git_identity();
    complete(sandbox.onboard().args([
        "scaffold",
        "p",
        "--no-git",
        "--license",
        "Apache-2.0",
        "--organisation",
        "Ville de Test",
    ]))
    .assert()
    .success();
    let text = fs::read_to_string(sandbox.work.join("p/LICENSE")).unwrap();
    assert!(!text.contains("[yyyy]") && !text.contains("[name of copyright owner]"));
    assert!(text.contains("Ville de Test"));
}

#[test]
fn git_makes_one_clean_commit_on_main_with_the_configured_identity() {
    let sandbox = Sandbox::with_git_identity();
    complete(sandbox.onboard().args(["scaffold", "projet"]))
        .assert()
        .success();
    let repo = sandbox.work.join("projet");
    assert_eq!(
        sandbox
            .git_output(&repo, &["rev-list", "--count", "HEAD"])
            .trim(),
        "1"
    );
    assert_eq!(
        sandbox
            .git_output(&repo, &["branch", "--show-current"])
            .trim(),
        "main"
    );
    assert_eq!(
        sandbox.git_output(&repo, &["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    sandbox.git_output(&repo, &["fsck", "--strict", "--no-dangling"]);
    // The index's status data are the files' own (plumbing that does not
    // refresh the index sees no change), and each blob is the file's bytes.
    assert_eq!(
        sandbox.git_output(&repo, &["diff-files", "--name-only"]),
        ""
    );
    let listed = sandbox.git_output(&repo, &["ls-files", "-s"]);
    for line in listed.lines() {
        let (meta, path) = line.split_once('\t').unwrap();
        let blob = meta.split(' ').nth(1).unwrap();
        let hashed = sandbox.git_output(&repo, &["hash-object", "--no-filters", path]);
        assert_eq!(hashed.trim(), blob, "{path}");
        let mode = meta.split(' ').next().unwrap();
        #[cfg(unix)]
        let executable = {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(repo.join(path)).unwrap().permissions().mode() & 0o111 != 0
        };
        #[cfg(not(unix))]
        let executable = false;
        assert_eq!(mode, if executable { "100755" } else { "100644" }, "{path}");
    }
    assert!(listed.lines().count() >= 19, "{listed}");
    let author = sandbox.git_output(&repo, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]);
    assert_eq!(
        author.trim(),
        "Camille Configurée <camille@exemple.gouv.fr>|Camille Configurée <camille@exemple.gouv.fr>"
    );
    let tracked = sandbox.git_output(&repo, &["ls-files"]);
    assert!(tracked.lines().any(|l| l == ".github/workflows/ci.yml"));
    assert!(tracked.lines().any(|l| l == ".onboard.toml"));
    audit_passes(&sandbox, &repo);
}

#[test]
fn author_option_wins_over_git_config() {
    let sandbox = Sandbox::with_git_identity();
    complete(sandbox.onboard().args([
        "scaffold",
        "projet",
        "--author",
        "Alex Auteur <alex@exemple.fr>",
    ]))
    .assert()
    .success();
    let repo = sandbox.work.join("projet");
    let author = sandbox.git_output(&repo, &["log", "-1", "--format=%an <%ae>"]);
    assert_eq!(author.trim(), "Alex Auteur <alex@exemple.fr>");
}

#[test]
fn author_option_is_enough_without_git_config() {
    let sandbox = Sandbox::new(None);
    complete(sandbox.onboard().args([
        "scaffold",
        "projet",
        "--author",
        "Alex Auteur <alex@exemple.fr>",
    ]))
    .assert()
    .success();
    let repo = sandbox.work.join("projet");
    assert_eq!(
        sandbox
            .git_output(&repo, &["log", "-1", "--format=%ae"])
            .trim(),
        "alex@exemple.fr"
    );
}

#[test]
fn an_empty_existing_folder_is_filled() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.work.join("vide")).unwrap();
    complete(sandbox.onboard().args(["scaffold", "vide"]))
        .assert()
        .success();
    assert!(sandbox.work.join("vide/README.md").is_file());
    assert!(sandbox.work.join("vide/.git").is_dir());
    // Nothing else beside it: no temporary folder left behind.
    let names: Vec<String> = fs::read_dir(&sandbox.work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["vide"]);
}

/// Runs a command that must fail, and checks that the work folder is unchanged.
fn refused(sandbox: &Sandbox, args: &[&str], expected: &str) {
    let before = sandbox.listing();
    sandbox
        .onboard()
        .args(args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(expected));
    assert_eq!(sandbox.listing(), before, "{args:?} changed the disk");
}

#[test]
fn a_non_empty_folder_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.work.join("plein")).unwrap();
    fs::write(sandbox.work.join("plein/notes.txt"), "à garder").unwrap();
    refused(
        &sandbox,
        &[
            "scaffold",
            "plein",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "n'est pas vide",
    );
}

#[test]
fn a_file_at_path_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    fs::write(sandbox.work.join("fichier"), "x").unwrap();
    refused(
        &sandbox,
        &[
            "scaffold",
            "fichier",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "n'est pas un dossier",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_at_path_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.work.join("cible")).unwrap();
    std::os::unix::fs::symlink(sandbox.work.join("cible"), sandbox.work.join("lien")).unwrap();
    refused(
        &sandbox,
        &[
            "scaffold",
            "lien",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "lien symbolique",
    );
}

#[test]
fn an_unknown_licence_is_refused_with_the_list() {
    let sandbox = Sandbox::with_git_identity();
    for licence in ["GPL-2.0-only", "WTFPL", "pas-une-licence"] {
        refused(
            &sandbox,
            &[
                "scaffold",
                "p",
                "--yes",
                "--contact",
                CONTACT,
                "--repository-url",
                REPO_URL,
                "--license",
                licence,
            ],
            "EUPL-1.2",
        );
    }
}

#[test]
fn an_invalid_email_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    for email in ["pas-un-email", "a b@c.fr", "a@b", "<a@b.fr>"] {
        refused(
            &sandbox,
            &[
                "scaffold",
                "p",
                "--yes",
                "--contact",
                email,
                "--repository-url",
                REPO_URL,
            ],
            "--contact",
        );
    }
}

#[test]
fn no_identity_without_a_terminal_is_refused_before_writing() {
    let sandbox = Sandbox::new(None);
    refused(
        &sandbox,
        &[
            "scaffold",
            "p",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "--author",
    );
}

#[test]
fn yes_without_contact_or_repository_url_says_what_to_add() {
    let sandbox = Sandbox::with_git_identity();
    refused(
        &sandbox,
        &["scaffold", "p", "--yes"],
        "--contact, --repository-url",
    );
}

#[test]
fn a_missing_parent_folder_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    refused(
        &sandbox,
        &[
            "scaffold",
            "absent/p",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "mkdir -p",
    );
}

#[test]
fn plain_mode_asks_every_question_on_stdin() {
    let sandbox = Sandbox::with_git_identity();
    // name, description (default), licence 11 = EUPL-1.2, organisation,
    // organisation URL, contact, repository URL, forge 2 = GitLab.
    let answers = "Mon outil\n\n11\nVille de Test\nhttps://ville.example.fr\nequipe@ville.example.fr\nhttps://gitlab.com/ville/outil\n2\n";
    sandbox
        .onboard()
        .args(["scaffold", "outil"])
        .write_stdin(answers)
        .assert()
        .success()
        .stdout(predicate::str::contains("Licence du code"))
        .stdout(predicate::str::contains("11. EUPL-1.2 (réciproque)"))
        .stdout(predicate::str::contains("glab repo create ville/outil"));
    let repo = sandbox.work.join("outil");
    let answers_file = fs::read_to_string(repo.join(".onboard.toml")).unwrap();
    for expected in [
        "name = \"Mon outil\"",
        "license = \"EUPL-1.2\"",
        "forge = \"gitlab\"",
        "organisation = \"Ville de Test\"",
    ] {
        assert!(
            answers_file.contains(expected),
            "{expected} in {answers_file}"
        );
    }
    assert!(repo.join(".gitlab-ci.yml").is_file());
    assert!(repo.join("LICENSES/EUPL-1.2.txt").is_file());
    audit_passes(&sandbox, &repo);
}

#[test]
fn plain_mode_asks_again_after_an_invalid_answer() {
    let sandbox = Sandbox::with_git_identity();
    let answers =
        "a/b\nOutil\n\n1\n\npas-un-email\nequipe@ville.fr\nhttps://github.com/ville/outil\n1\n";
    sandbox
        .onboard()
        .args(["scaffold", "outil2"])
        .write_stdin(answers)
        .assert()
        .success()
        .stdout(predicate::str::contains("n'est pas un chemin"))
        .stdout(predicate::str::contains(
            "n'est pas une adresse e-mail valable",
        ));
    assert!(sandbox.work.join("outil2/README.md").is_file());
}

#[test]
fn end_of_input_while_asking_writes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let before = sandbox.listing();
    sandbox
        .onboard()
        .args(["scaffold", "outil"])
        .write_stdin("Outil\n")
        .assert()
        .code(130)
        .stderr(predicate::str::contains("rien n'a été créé"));
    assert_eq!(sandbox.listing(), before);
}

#[test]
fn inside_a_git_work_tree_needs_a_yes() {
    let sandbox = Sandbox::with_git_identity();
    let outer = sandbox.work.join("englobant");
    fs::create_dir(&outer).unwrap();
    sandbox.git_output(&outer, &["init", "-q"]);
    let before = sandbox.listing();
    // Every answer given by options; the only question left is the confirmation.
    sandbox
        .onboard()
        .args([
            "scaffold",
            "englobant/imbrique",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ])
        .args([
            "--name",
            "Imbriqué",
            "--description",
            "Un test.",
            "--license",
            "MIT",
            "--forge",
            "github",
            "--organisation",
            "Ville",
        ])
        .args(["--organisation-url", "https://ville.fr"])
        .write_stdin("n\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("à l'intérieur du dépôt git"))
        .stdout(predicate::str::contains("Rien n'a été créé"));
    assert_eq!(sandbox.listing(), before);
    complete(sandbox.onboard().args(["scaffold", "englobant/imbrique"]))
        .assert()
        .success()
        .stdout(predicate::str::contains("à l'intérieur du dépôt git"));
    assert!(sandbox.work.join("englobant/imbrique/.git").is_dir());
}

#[test]
fn hostile_names_are_refused_and_nothing_is_written() {
    let sandbox = Sandbox::with_git_identity();
    let long = "x".repeat(101);
    for name in [
        "..",
        "../evil",
        "a/b",
        "a\\b",
        "a\u{7}b",
        "a\nb",
        "a\u{202e}b",
        " espace",
        long.as_str(),
    ] {
        refused(
            &sandbox,
            &[
                "scaffold",
                "p",
                "--name",
                name,
                "--yes",
                "--contact",
                CONTACT,
                "--repository-url",
                REPO_URL,
            ],
            "--name",
        );
    }
    // A PATH made of `..` gives no name to default to: it is refused as well.
    refused(
        &sandbox,
        &[
            "scaffold",
            "..",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "n'est pas vide",
    );
}

#[test]
fn a_description_on_several_lines_is_refused() {
    let sandbox = Sandbox::with_git_identity();
    refused(
        &sandbox,
        &[
            "scaffold",
            "p",
            "--description",
            "ligne 1\nligne 2",
            "--yes",
            "--contact",
            CONTACT,
            "--repository-url",
            REPO_URL,
        ],
        "--description",
    );
}

#[test]
fn hostile_values_are_rendered_safely() {
    let sandbox = Sandbox::with_git_identity();
    let description = "Outil: \"guillemets\" 'simples' # dièse {{ moustaches }} {% bloc %} ${{ x }} *gras* [lien](x) <b> &amp; - : ?";
    let organisation = "Ville \"de\": {{ test }} {% if x %} & <Cie>";
    let name = "Projet: \"{{ nom }}\" {% raw %} - # *";
    complete(
        sandbox
            .onboard()
            .args([
                "scaffold",
                "hostile",
                "--no-git",
                "--name",
                name,
                "--description",
                description,
            ])
            .args([
                "--organisation",
                organisation,
                "--organisation-url",
                "https://ville.example.fr/?a=1&b=2",
            ]),
    )
    .assert()
    .success();
    let repo = sandbox.work.join("hostile");
    let publiccode: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&fs::read_to_string(repo.join("publiccode.yml")).unwrap()).unwrap();
    assert_eq!(publiccode["name"].as_str(), Some(name));
    assert_eq!(
        publiccode["description"]["fr"]["shortDescription"].as_str(),
        Some(description)
    );
    assert_eq!(
        publiccode["organisation"]["name"].as_str(),
        Some(organisation)
    );
    assert_eq!(
        publiccode["organisation"]["uri"].as_str(),
        Some("https://ville.example.fr/?a=1&b=2")
    );
    let long = publiccode["description"]["fr"]["longDescription"]
        .as_str()
        .unwrap();
    assert!(long.starts_with(description) && long.chars().count() >= 150);
    let reuse: toml::Table =
        toml::from_str(&fs::read_to_string(repo.join("REUSE.toml")).unwrap()).unwrap();
    let copyright = reuse["annotations"][0]["SPDX-FileCopyrightText"]
        .as_str()
        .unwrap();
    assert!(copyright.ends_with(organisation), "{copyright}");
    let answers: toml::Table =
        toml::from_str(&fs::read_to_string(repo.join(".onboard.toml")).unwrap()).unwrap();
    assert_eq!(
        answers["answers"]["description"].as_str(),
        Some(description)
    );
    let readme = fs::read_to_string(repo.join("README.md")).unwrap();
    assert!(readme.contains("\\*gras\\*") && readme.contains("\\<b\\>") && !readme.contains("<b>"));
    let security = fs::read_to_string(repo.join("SECURITY.md")).unwrap();
    assert!(security.contains(CONTACT));
    // Nothing outside the target.
    let top: Vec<String> = fs::read_dir(&sandbox.work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, vec!["hostile"]);
    audit_passes(&sandbox, &repo);
}

#[test]
fn english_interface_keeps_french_files() {
    let sandbox = Sandbox::with_git_identity();
    complete(
        sandbox
            .onboard()
            .args(["--lang", "en", "scaffold", "p", "--no-git"]),
    )
    .assert()
    .success()
    .stdout(predicate::str::contains("Repository created"));
    let readme = fs::read_to_string(sandbox.work.join("p/README.md")).unwrap();
    assert!(readme.contains("## Contribuer"));
}
