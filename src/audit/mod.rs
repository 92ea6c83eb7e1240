//! `onboard audit`: the open-by-default rules, shared with scaffold's own
//! check of the tree it builds before moving it into place.

mod files;
pub mod licence_files;
pub mod licence_match;
pub mod publiccode;
pub mod reuse;
pub mod rules;

use std::path::Path;

use serde::Serialize;

use self::rules::{Outcome, REQUIRED_FILES, Repo};

/// A rule past the required files: it reads the repository, and says.
type Rule = fn(&Repo) -> Outcome;

/// Every rule's result for one repository.
#[derive(Debug, Serialize)]
pub struct Report {
    pub path: String,
    /// Whether every rule holds (all rules are required).
    pub passed: bool,
    pub rules: Vec<RuleResult>,
}

#[derive(Debug, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub passed: bool,
    /// What holds or what is wrong, in words.
    pub message: String,
    /// What to do, when the rule fails.
    pub fix: Option<String>,
}

/// Checks `path` against every rule. Never fails: a problem is a failed rule.
pub fn audit(path: &Path) -> Report {
    let repo = Repo {
        root: path,
        listed: files::listed(path),
    };
    let mut results = Vec::new();
    for file in REQUIRED_FILES {
        results.push(result(
            format!("file:{}", file.name),
            rules::required_file(&repo, file),
        ));
    }
    let checks: [(&str, Rule); 8] = [
        ("license-text", rules::licence_text),
        ("licenses-dir", rules::licences_dir),
        ("reuse-toml", rules::reuse_coverage),
        ("publiccode", rules::publiccode_keys),
        ("publiccode-license", rules::publiccode_licence),
        ("security-contact", rules::security_contact),
        ("readme-issue-tracker", rules::readme_tracker),
        ("ci", rules::ci),
    ];
    for (id, check) in checks {
        results.push(result(id.to_string(), check(&repo)));
    }
    Report {
        path: path.display().to_string(),
        passed: results.iter().all(|r| r.passed),
        rules: results,
    }
}

fn result(id: String, outcome: Outcome) -> RuleResult {
    match outcome {
        Outcome::Pass(message) => RuleResult {
            id,
            passed: true,
            message,
            fix: None,
        },
        Outcome::Fail { message, fix } => RuleResult {
            id,
            passed: false,
            message,
            fix: Some(fix),
        },
    }
}
