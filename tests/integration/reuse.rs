//! REUSE by the specification: one small repository per case, made here,
//! checked by onboard's REUSE rules (`reuse-toml` and `licenses-dir`) and,
//! with `bash .ci/test`, by `reuse lint` too; both must agree, and both must
//! give the verdict written beside the case.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tempfile::TempDir;

// In pieces, so that REUSE tools do not read this file's own text as tags.
const L: &str = concat!("SPDX-", "License-Identifier:");
const C: &str = concat!("SPDX-", "FileCopyrightText:");
const MIT: &str = "MIT License\n";

fn header(prefix: &str, suffix: &str, licence: &str) -> String {
    format!("{prefix} {C} 2024 Élise Martin {suffix}\n{prefix} {L} {licence} {suffix}\nbody\n")
}

/// A repository with these files (`->` in a name makes a symbolic link).
fn repo(files: &[(&str, Vec<u8>)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        if let Some((link, target)) = path.split_once("->") {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, dir.path().join(link)).unwrap();
            let _ = (link, target);
            continue;
        }
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    dir
}

fn text(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn toml(body: &str) -> Vec<u8> {
    text(&format!("version = 1\n{body}"))
}

fn annotation(path: &str, precedence: &str, copyright: bool, licence: Option<&str>) -> String {
    let mut out = format!("[[annotations]]\npath = {path:?}\n");
    if !precedence.is_empty() {
        out += &format!("precedence = {precedence:?}\n");
    }
    if copyright {
        out += "SPDX-FileCopyrightText = \"2024 Élise Martin\"\n";
    }
    if let Some(l) = licence {
        out += &format!("SPDX-License-Identifier = {l:?}\n");
    }
    out
}

type Case = (&'static str, bool, fn() -> TempDir);

fn cases() -> Vec<Case> {
    vec![
        ("header only", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("src/a.py", text(&header("#", "", "MIT"))),
            ])
        }),
        ("header without copyright", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("a.py", text(&format!("# {L} MIT\n"))),
            ])
        }),
        ("header without licence", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("a.py", text(&format!("# {C} 2024 A\n"))),
            ])
        }),
        ("dep5", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("LICENSES/CC0-1.0.txt", text("CC0\n")),
                (
                    ".reuse/dep5",
                    text(
                        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\nFiles: *\nCopyright: 2024 Élise Martin\nLicense: MIT\n\nFiles: doc/*\nCopyright: 2024 Élise Martin\nLicense: CC0-1.0\n",
                    ),
                ),
                ("src/a.c", text("int x;\n")),
                ("doc/a/b.md", text("# doc\n")),
            ])
        }),
        ("dep5 without copyright for a file", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    ".reuse/dep5",
                    text("Format: x\n\nFiles: src/*\nCopyright: 2024 A\nLicense: MIT\n"),
                ),
                ("src/a.c", text("int x;\n")),
                ("b.c", text(&format!("// {L} MIT\n"))),
            ])
        }),
        ("dep5 and REUSE.toml together", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    ".reuse/dep5",
                    text("Format: x\n\nFiles: *\nCopyright: 2024 A\nLicense: MIT\n"),
                ),
                ("REUSE.toml", toml(&annotation("**", "", true, Some("MIT")))),
                ("a.c", text("int x;\n")),
            ])
        }),
        ("closest: the header wins", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("LICENSES/Apache-2.0.txt", text("Apache\n")),
                (
                    "REUSE.toml",
                    toml(&annotation("**", "closest", true, Some("MIT"))),
                ),
                ("a.py", text(&header("#", "", "Apache-2.0"))),
                ("b.txt", text("plain\n")),
            ])
        }),
        ("closest: the header's licence is missing", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("REUSE.toml", toml(&annotation("**", "", true, Some("MIT")))),
                ("a.py", text(&header("#", "", "Apache-2.0"))),
                ("b.txt", text("plain\n")),
            ])
        }),
        (
            "closest: REUSE.toml completes a header with a licence only",
            true,
            || {
                repo(&[
                    ("LICENSES/Apache-2.0.txt", text("Apache\n")),
                    ("REUSE.toml", toml(&annotation("*.py", "", true, None))),
                    ("a.py", text(&format!("# {L} Apache-2.0\n"))),
                ])
            },
        ),
        ("aggregate adds both", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("LICENSES/Apache-2.0.txt", text("Apache\n")),
                (
                    "REUSE.toml",
                    toml(&annotation("**", "aggregate", true, Some("MIT"))),
                ),
                ("a.py", text(&header("#", "", "Apache-2.0"))),
            ])
        }),
        ("aggregate: a licence that LICENSES/ lacks", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    toml(&annotation("**", "aggregate", true, Some("MIT"))),
                ),
                ("a.py", text(&header("#", "", "Apache-2.0"))),
            ])
        }),
        ("override: the file is not read", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    toml(&annotation("**", "override", true, Some("MIT"))),
                ),
                ("a.py", text(&header("#", "", "GPL-3.0-only"))),
            ])
        }),
        ("override without copyright", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    toml(&annotation("**", "override", false, Some("MIT"))),
                ),
                ("a.py", text(&header("#", "", "MIT"))),
            ])
        }),
        ("nested REUSE.toml", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("LICENSES/CC0-1.0.txt", text("CC0\n")),
                ("REUSE.toml", toml(&annotation("**", "", true, Some("MIT")))),
                (
                    "data/REUSE.toml",
                    toml(&annotation("*.csv", "", false, Some("CC0-1.0"))),
                ),
                ("data/a.csv", text("a,b\n")),
                ("src/a.rs", text("fn main() {}\n")),
            ])
        }),
        (
            "nested REUSE.toml: its paths are relative to it",
            false,
            || {
                repo(&[
                    ("LICENSES/MIT.txt", text(MIT)),
                    (
                        "data/REUSE.toml",
                        toml(&annotation("data/*.csv", "", true, Some("MIT"))),
                    ),
                    ("data/a.csv", text("a,b\n")),
                ])
            },
        ),
        ("sidecar with both", true, || {
            repo(&[
                ("LICENSES/CC-BY-4.0.txt", text("CC BY\n")),
                ("img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00".to_vec()),
                (
                    "img.png.license",
                    text(&format!("{C} 2024 A\n{L} CC-BY-4.0\n")),
                ),
            ])
        }),
        ("sidecar without copyright", false, || {
            repo(&[
                ("LICENSES/CC-BY-4.0.txt", text("CC BY\n")),
                ("img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00".to_vec()),
                ("img.png.license", text(&format!("{L} CC-BY-4.0\n"))),
            ])
        }),
        ("every comment style", true, || {
            let styles = [
                ("a.c", "/*", "*/"),
                ("b.txt", "|*", "*|"),
                ("c.j2", "{#", "#}"),
                ("d.ml", "(*", "*)"),
                ("e.html", "<!--", "-->"),
                ("f.hbs", "{{!--", "--}}"),
                ("g.jsp", "<%--", "--%>"),
                ("h.lisp", "#|", "|#"),
                ("i.lua", "--", ""),
                ("j.tex", "%", ""),
                ("k.rst", "..", ""),
                ("m.xq", "(:", ":)"),
                ("n.jl", "#=", "=#"),
                ("o.rs", "//", ""),
                ("p.sql", "/*", "*/"),
            ];
            let mut files = vec![("LICENSES/MIT.txt", text(MIT))];
            for (name, open, close) in styles {
                files.push((name, text(&header(open, close, "MIT"))));
            }
            repo(&files)
        }),
        (
            "Haskell's -} is not a comment ending reuse knows",
            false,
            || {
                repo(&[
                    ("LICENSES/MIT.txt", text(MIT)),
                    ("l.hs", text(&header("{-", "-}", "MIT"))),
                ])
            },
        ),
        ("Latin-1 and UTF-16 files", true, || {
            let latin1: Vec<u8> = header("#", "", "MIT").chars().map(|c| c as u8).collect();
            let mut utf16 = vec![0xFF, 0xFE];
            for unit in header("//", "", "MIT").encode_utf16() {
                utf16.extend(unit.to_le_bytes());
            }
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("latin1.py", latin1),
                ("utf16.cs", utf16),
            ])
        }),
        ("0-byte files and symbolic links are skipped", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("a.py", text(&header("#", "", "MIT"))),
                ("__init__.py", Vec::new()),
                ("link.py->a.py", Vec::new()),
                ("broken.py->nowhere", Vec::new()),
            ])
        }),
        ("what reuse ignores", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("a.py", text(&header("#", "", "MIT"))),
                ("LICENSE", text(MIT)),
                ("COPYING.LESSER", text("x\n")),
                ("sbom.spdx", text("x\n")),
                ("sbom.spdx.json", text("{}\n")),
                ("sub/LICENSES/x.txt", text("x\n")),
                (".hg/x", text("x\n")),
                ("subprojects/zlib/z.c", text("x\n")),
            ])
        }),
        ("ignored regions", false, || {
            let body = format!("# {C} 2024 A\nREUSE-IgnoreStart\n# {L} MIT\nREUSE-IgnoreEnd\n")
                .replace("REUSE-Ignore", concat!("REUSE-", "Ignore"));
            repo(&[("LICENSES/MIT.txt", text(MIT)), ("a.py", text(&body))])
        }),
        (
            "LICENSES/: unused, bad and deprecated licences",
            false,
            || {
                repo(&[
                    ("LICENSES/MIT.txt", text(MIT)),
                    ("LICENSES/GPL-3.0.txt", text("GPL\n")),
                    ("LICENSES/Foo.txt", text("foo\n")),
                    ("a.py", text(&header("#", "", "MIT"))),
                ])
            },
        ),
        ("LicenseRef and exceptions", true, || {
            repo(&[
                ("LICENSES/LicenseRef-Maison.txt", text("maison\n")),
                ("LICENSES/GPL-2.0-or-later.txt", text("GPL\n")),
                ("LICENSES/Classpath-exception-2.0.txt", text("CE\n")),
                ("a.py", text(&header("#", "", "LicenseRef-Maison"))),
                (
                    "b.java",
                    text(&header(
                        "//",
                        "",
                        "GPL-2.0-or-later WITH Classpath-exception-2.0",
                    )),
                ),
            ])
        }),
        ("an expression that is not one", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                ("a.py", text(&header("#", "", "MIT OR"))),
            ])
        }),
        ("invalid REUSE.toml", false, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    text("version = 1\n[[annotations]]\nSPDX-License-Identifier = \"MIT\"\n"),
                ),
                ("a.py", text(&header("#", "", "MIT"))),
            ])
        }),
        ("REUSE.toml with every optional key left out", true, || {
            repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    toml(&annotation("[]odd?.txt", "", true, Some("MIT"))),
                ),
                ("[]odd?.txt", text("x\n")),
                ("a.py", text(&header("#", "", "MIT"))),
            ])
        }),
        ("a pathological glob", true, || {
            let name = format!("{}.txt", "a".repeat(60));
            let dir = repo(&[
                ("LICENSES/MIT.txt", text(MIT)),
                (
                    "REUSE.toml",
                    toml(
                        &(annotation("**a**a**a**a**a**a**a**a**b", "", true, Some("MIT"))
                            + &annotation("*.txt", "", true, Some("MIT"))),
                    ),
                ),
            ]);
            fs::write(dir.path().join(name), "x\n").unwrap();
            dir
        }),
    ]
}

/// onboard's REUSE verdict: both REUSE rules pass.
fn onboard_compliant(root: &Path) -> bool {
    let report = onboard::audit::audit(root, false);
    let rules: Vec<_> = report
        .rules
        .iter()
        .filter(|r| r.id == "reuse-toml" || r.id == "licenses-dir")
        .collect();
    assert_eq!(rules.len(), 2);
    rules.iter().all(|r| r.passed)
}

fn reuse_compliant(root: &Path) -> (bool, String) {
    let bin = std::env::var_os("ONBOARD_TOOLS_BIN")
        .expect("ONBOARD_TOOLS_BIN names the venv's bin directory: run bash .ci/test");
    let out = Command::new(Path::new(&bin).join("reuse"))
        .arg("--root")
        .arg(root)
        .arg("lint")
        .output()
        .expect("reuse runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn git_init(root: &Path) {
    let ok = Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git init");
}

#[test]
fn onboard_gives_each_case_its_verdict() {
    for (name, expected, make) in cases() {
        let dir = make();
        assert_eq!(onboard_compliant(dir.path()), expected, "{name}");
    }
}

#[test]
#[ignore = "needs reuse: run bash .ci/test"]
fn reuse_lint_agrees_on_each_case() {
    for (name, expected, make) in cases() {
        let dir = make();
        let (reuse, output) = reuse_compliant(dir.path());
        assert_eq!(reuse, expected, "{name}: reuse lint says\n{output}");
        assert_eq!(onboard_compliant(dir.path()), reuse, "{name}");
    }
}

/// A `.gitignore`d `target/`, with and without git.
fn gitignored() -> TempDir {
    repo(&[
        ("LICENSES/MIT.txt", text(MIT)),
        (
            ".gitignore",
            text(&header("#", "", "MIT").replace("body\n", "target/\n")),
        ),
        ("a.py", text(&header("#", "", "MIT"))),
        ("target/debug/build.o", b"\x7fELF\x00".to_vec()),
        ("target/notes.txt", text("no header\n")),
    ])
}

#[test]
fn gitignore_applies_with_or_without_git() {
    let dir = gitignored();
    assert!(onboard_compliant(dir.path()));
    git_init(dir.path());
    assert!(onboard_compliant(dir.path()));
    fs::write(dir.path().join("b.py"), "no header\n").unwrap();
    assert!(!onboard_compliant(dir.path()));
}

#[test]
#[ignore = "needs reuse: run bash .ci/test"]
fn reuse_lint_agrees_on_gitignore_with_git() {
    let dir = gitignored();
    git_init(dir.path());
    assert!(reuse_compliant(dir.path()).0);
    assert!(onboard_compliant(dir.path()));
}

/// More than 20,000 files, the last one (in order) without a licence.
fn many_files() -> TempDir {
    let dir = repo(&[
        ("LICENSES/MIT.txt", text(MIT)),
        (
            "REUSE.toml",
            toml(&annotation("gen/**", "", true, Some("MIT"))),
        ),
    ]);
    fs::create_dir_all(dir.path().join("gen")).unwrap();
    for i in 0..20_050 {
        fs::write(dir.path().join(format!("gen/f{i:05}.txt")), "x\n").unwrap();
    }
    fs::write(dir.path().join("zz-last.txt"), "x\n").unwrap();
    dir
}

#[test]
fn no_file_cap_hides_the_last_file() {
    let dir = many_files();
    let start = Instant::now();
    let report = onboard::audit::audit(dir.path(), false);
    assert!(start.elapsed() < Duration::from_secs(60));
    let rule = report.rules.iter().find(|r| r.id == "reuse-toml").unwrap();
    assert!(!rule.passed);
    assert!(rule.message.contains("zz-last.txt"), "{}", rule.message);
    fs::remove_file(dir.path().join("zz-last.txt")).unwrap();
    assert!(onboard_compliant(dir.path()));
}

#[test]
#[ignore = "needs reuse: run bash .ci/test"]
fn reuse_lint_agrees_past_20000_files() {
    let dir = many_files();
    assert!(!reuse_compliant(dir.path()).0);
    assert!(!onboard_compliant(dir.path()));
}

#[test]
fn the_report_names_files_and_counts_past_twenty() {
    let mut files = vec![("LICENSES/MIT.txt".to_string(), text(MIT))];
    for i in 0..25 {
        files.push((format!("n{i:02}.py"), text(&format!("# {L} MIT\n"))));
    }
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(p, b)| (p.as_str(), b.clone())).collect();
    let dir = repo(&files);
    let report = onboard::audit::audit(dir.path(), false);
    let rule = report.rules.iter().find(|r| r.id == "reuse-toml").unwrap();
    assert!(!rule.passed);
    assert!(rule.message.contains("25"), "{}", rule.message);
    assert!(
        rule.message.contains("n19.py") && !rule.message.contains("n20.py"),
        "{}",
        rule.message
    );
}

#[test]
fn twenty_thousand_annotations_on_three_thousand_files_are_quick() {
    let mut body = String::new();
    for i in 0..20_000 {
        body += &annotation(&format!("src/m{i}/*.c"), "", true, Some("MIT"));
    }
    body += &annotation("src/**", "", true, Some("MIT"));
    let dir = repo(&[("LICENSES/MIT.txt", text(MIT)), ("REUSE.toml", toml(&body))]);
    for i in 0..3_000 {
        let d = dir.path().join(format!("src/m{}", i % 50));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join(format!("f{i}.c")), "int x;\n").unwrap();
    }
    let start = Instant::now();
    assert!(onboard_compliant(dir.path()));
    // Two rules each check the whole tree; a debug build.
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}
