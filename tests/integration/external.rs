//! The external checkers on freshly scaffolded repositories: `reuse lint`,
//! the forges' JSON schemas, `yamllint` and the git CLI. They need tools
//! from PyPI, which `.ci/test` installs into a virtual environment and
//! names in ONBOARD_TOOLS_BIN; plain `cargo test` skips these tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Env;

fn tool(name: &str) -> PathBuf {
    let bin = std::env::var_os("ONBOARD_TOOLS_BIN")
        .expect("ONBOARD_TOOLS_BIN names the venv's bin directory: run bash .ci/test");
    Path::new(&bin).join(name)
}

fn run(program: &Path, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|err| panic!("{}: {err}", program.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} {args:?} failed in {}:\n{text}",
        program.display(),
        dir.display()
    );
    text
}

fn scaffold(env: &Env, name: &str, forge: &str, licence: &str) -> PathBuf {
    let path = env.path(name);
    env.cmd()
        .args(["scaffold"])
        .arg(&path)
        .args(["--yes", "--forge", forge, "--license", licence])
        .args([
            "--description",
            "Un outil : « essai », avec des guillemets \" et un #",
        ])
        .args(["--contact", "equipe@example.org"])
        .args([
            "--repository-url",
            &format!("https://{forge}.com/mon-organisation/{name}"),
        ])
        .args(["--organisation", "Ministère des Essais"])
        .args(["--organisation-url", "https://essais.example.org"])
        .args(["--author", "Camille Essai <camille@example.org>"])
        .assert()
        .success();
    path
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }
    out
}

#[test]
#[ignore = "needs reuse, check-jsonschema and yamllint: run bash .ci/test"]
fn scaffolded_repositories_pass_reuse_schemas_yamllint_and_git() {
    let env = Env::new();
    for (forge, licence) in [
        ("github", "MIT"),
        ("gitlab", "EUPL-1.2"),
        ("github", "AGPL-3.0-or-later"),
    ] {
        let repo = scaffold(
            &env,
            &format!("depot-{forge}-{}", licence.to_lowercase()),
            forge,
            licence,
        );
        let lint = run(&tool("reuse"), &["lint"], &repo);
        assert!(
            lint.contains("compliant with version 3.3 of the REUSE Specification"),
            "{lint}"
        );

        let schemas: Vec<(&str, &str)> = if forge == "github" {
            vec![
                ("vendor.github-workflows", ".github/workflows/ci.yml"),
                ("vendor.dependabot", ".github/dependabot.yml"),
                (
                    "vendor.github-issue-forms",
                    ".github/ISSUE_TEMPLATE/bug_report.yml",
                ),
                (
                    "vendor.github-issue-config",
                    ".github/ISSUE_TEMPLATE/config.yml",
                ),
            ]
        } else {
            vec![("vendor.gitlab-ci", ".gitlab-ci.yml")]
        };
        for (schema, file) in schemas {
            assert!(
                repo.join(file).is_file(),
                "{file} in the {forge} repository"
            );
            let out = run(
                &tool("check-jsonschema"),
                &["--builtin-schema", schema, file],
                &repo,
            );
            assert!(
                out.contains("ok -- validation done"),
                "{schema} {file}: {out}"
            );
        }

        let yaml = yaml_files(&repo);
        assert!(yaml.iter().any(|p| p.ends_with("publiccode.yml")));
        for file in yaml {
            run(
                &tool("yamllint"),
                &["-d", "relaxed", file.to_str().unwrap()],
                &repo,
            );
        }

        let git = Path::new("git");
        let log = run(git, &["log", "--format=%an <%ae>|%s", "main"], &repo);
        assert_eq!(log.lines().count(), 1, "one commit: {log}");
        assert!(
            log.starts_with("Camille Essai <camille@example.org>|"),
            "{log}"
        );
        assert_eq!(run(git, &["status", "--porcelain"], &repo), "");
        run(git, &["fsck", "--strict"], &repo);
    }
}

#[test]
#[ignore = "needs reuse: run bash .ci/test"]
fn onboard_itself_is_reuse_compliant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lint = run(&tool("reuse"), &["lint"], root);
    assert!(
        lint.contains("compliant with version 3.3 of the REUSE Specification"),
        "{lint}"
    );
}
