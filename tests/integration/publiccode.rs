//! publiccode.yml against the standard: a fixture set written for onboard
//! from the standard's rules (tests/fixtures/publiccode). Each invalid file
//! says on its first line, `# expect: …`, the problem it must be refused
//! for; the valid ones must have none.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use onboard::audit::publiccode::{MAX_BYTES, problems, problems_in};

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/publiccode")
        .join(kind)
}

fn files(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    dir("")
}

#[test]
fn the_valid_files_have_no_problem() {
    let valid = files("valid");
    assert!(valid.len() >= 2);
    for path in valid {
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            problems_in(&text, Some(&root())),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn each_invalid_file_is_refused_for_its_reason() {
    let invalid = files("invalid");
    assert!(invalid.len() >= 30, "{}", invalid.len());
    for path in invalid {
        let text = fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no # expect: line", path.display()));
        let found = problems_in(&text, Some(&root()));
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{}: {expected:?} not in {found:?}",
            path.display()
        );
    }
}

#[test]
fn deep_nesting_is_refused_quickly() {
    for text in ["[".repeat(80_000), "{a: ".repeat(40_000)] {
        let start = Instant::now();
        let found = problems(&text);
        assert!(start.elapsed() < Duration::from_secs(1));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("imbriqué"), "{found:?}");
    }
}

#[test]
fn a_huge_file_is_not_parsed() {
    let valid = fs::read_to_string(dir("valid").join("minimal.yml")).unwrap();
    let huge = format!("{valid}\n# {}\n", "x".repeat(MAX_BYTES));
    let found = problems(&huge);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("256 Ko"), "{found:?}");
}

#[test]
fn the_audit_reports_the_reason() {
    let repo = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(dir("invalid").join("status_unknown.yml")).unwrap();
    fs::write(repo.path().join("publiccode.yml"), text).unwrap();
    let report = onboard::audit::audit(repo.path(), false);
    let rule = report.rules.iter().find(|r| r.id == "publiccode").unwrap();
    assert!(!rule.passed);
    assert!(
        rule.message
            .contains("developmentStatus vaut «\u{a0}fini\u{a0}», valeurs permises\u{a0}: concept"),
        "{}",
        rule.message
    );
}
