//! `onboard audit`: the open-by-default rules, shared with scaffold's own
//! check of the tree it builds before moving it into place.
//!
//! Each rule is required or recommended. Only failed required rules fail
//! the audit, unless it is strict. A rule that depends on a file whose own
//! rule failed is skipped ("needs …"), so a missing file is reported once.

pub(crate) mod files;
pub(crate) mod fleet;
pub mod licence_files;
pub mod licence_match;
pub mod publiccode;
pub(crate) mod reuse;
pub(crate) mod rules;
pub(crate) mod sarif;
pub(crate) mod summary;

use std::path::Path;

use serde::Serialize;

pub(crate) use self::rules::Severity;
use self::rules::{Finding, Outcome, REQUIRED_FILES, Repo, RequiredFile};
use crate::i18n::{fill, t};

/// Where a rule's verdict comes from.
#[derive(Clone, Copy)]
enum Check {
    /// A file that must be present (one of its accepted names).
    File(&'static RequiredFile),
    /// A rule that reads the repository.
    Read(fn(&Repo) -> Finding),
}

/// One rule: its id, severity, the rule it depends on, and its check.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// The rule (a file's) that must pass for this one to be checked.
    pub needs: Option<&'static str>,
    check: Check,
}

/// Every rule, in the order of the report: the files first.
pub(crate) fn rules() -> Vec<Rule> {
    use Severity::{Recommended, Required};
    let mut out: Vec<Rule> = REQUIRED_FILES
        .iter()
        .filter_map(|file| {
            Some(Rule {
                id: file_rule_id(file.name),
                severity: file.severity?,
                needs: None,
                check: Check::File(file),
            })
        })
        .collect();
    let read = |id, severity, needs, check| Rule {
        id,
        severity,
        needs,
        check: Check::Read(check),
    };
    // Non-capturing closures: each rule may return an `Outcome` or a
    // `Finding` (with files and details) without this table changing.
    out.extend([
        read("license-text", Required, Some("file:LICENSE"), |r| {
            rules::licence_finding(r)
        }),
        read("reuse-toml", Required, None, |r| {
            rules::reuse_coverage(r).into()
        }),
        // Files without a licence leave LICENSES/ texts unused: that is
        // said once, by reuse-toml, and LICENSES/ is looked at after.
        read("licenses-dir", Required, Some("reuse-toml"), |r| {
            rules::licences_dir(r).into()
        }),
        read(
            "publiccode",
            Recommended,
            Some("file:publiccode.yml"),
            |r| rules::publiccode_keys(r).into(),
        ),
        read(
            "publiccode-license",
            Required,
            Some("file:publiccode.yml"),
            |r| rules::publiccode_licence(r).into(),
        ),
        read(
            "security-contact",
            Required,
            Some("file:SECURITY.md"),
            |r| rules::security_contact(r).into(),
        ),
        read(
            "readme-issue-tracker",
            Recommended,
            Some("file:README.md"),
            |r| rules::readme_tracker(r).into(),
        ),
        read("ci", Recommended, None, rules::ci),
        read("forge-templates", Recommended, None, rules::forge_templates),
    ]);
    out
}

/// `file:README.md` for README.md. The ids are fixed: scripts rely on them.
fn file_rule_id(name: &'static str) -> &'static str {
    match name {
        "README.md" => "file:README.md",
        "LICENSE" => "file:LICENSE",
        "REUSE.toml" => "file:REUSE.toml",
        "CONTRIBUTING.md" => "file:CONTRIBUTING.md",
        "CODE_OF_CONDUCT.md" => "file:CODE_OF_CONDUCT.md",
        "SECURITY.md" => "file:SECURITY.md",
        "GOVERNANCE.md" => "file:GOVERNANCE.md",
        "SUPPORT.md" => "file:SUPPORT.md",
        "CHANGELOG.md" => "file:CHANGELOG.md",
        "publiccode.yml" => "file:publiccode.yml",
        ".editorconfig" => "file:.editorconfig",
        ".gitignore" => "file:.gitignore",
        _ => "file",
    }
}

/// What a rule is about and how to satisfy it, in words (for SARIF's rule
/// descriptions and help).
pub(crate) fn describe(rule: &Rule) -> (String, String) {
    let s = &t().scaffold;
    match rule.check {
        Check::File(file) => (
            fill(s.rule_file, &[("file", &file.name)]),
            fill(s.fix_file, &[("file", &file.name)]),
        ),
        Check::Read(_) => {
            let (what, fix) = match rule.id {
                "license-text" => (s.rule_license_text, s.fix_licence_text),
                "licenses-dir" => (s.rule_licenses_dir, s.fix_licences_dir),
                "reuse-toml" => (s.rule_reuse, s.fix_reuse),
                "publiccode" => (s.rule_publiccode, s.fix_publiccode),
                "publiccode-license" => (s.rule_publiccode_license, s.fix_publiccode_licence),
                "security-contact" => (s.rule_security_contact, s.fix_security),
                "readme-issue-tracker" => (s.rule_readme_tracker, s.fix_readme_tracker),
                "ci" => (s.rule_ci, s.fix_ci),
                _ => (s.rule_forge_templates, s.fix_templates),
            };
            (what.to_string(), fix.to_string())
        }
    }
}

/// A rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Not checked: the rule it depends on failed.
    Skipped,
}

/// Every rule's result for one repository.
#[derive(Debug, Serialize)]
pub struct Report {
    pub path: String,
    /// Whether the audit passes: no required rule failed (with `strict`,
    /// no rule at all). This is what the exit code says.
    pub passed: bool,
    pub strict: bool,
    pub summary: Summary,
    pub rules: Vec<RuleResult>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub total: usize,
    pub passed: usize,
    pub failed_required: usize,
    pub failed_recommended: usize,
    pub skipped: usize,
}

#[derive(Debug, Serialize)]
pub struct RuleResult {
    pub id: String,
    pub severity: Severity,
    pub status: Status,
    /// `status == pass`, for the scripts written before `status`.
    pub passed: bool,
    /// What holds or what is wrong, in words.
    pub message: String,
    /// What to do, when the rule fails.
    pub fix: Option<String>,
    /// The files concerned, relative to the repository's root (for a
    /// missing file, the name it should have).
    pub files: Vec<String>,
    /// Structured facts of the rule, when it has some (the licence rule:
    /// the licence detected, its score and the runner-up).
    pub details: Option<serde_json::Value>,
    /// The rule this one was skipped for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<String>,
}

impl RuleResult {
    pub(crate) fn failed(&self) -> bool {
        self.status == Status::Fail
    }

    /// Whether this result fails the audit.
    pub(crate) fn counts(&self, strict: bool) -> bool {
        self.failed() && (strict || self.severity == Severity::Required)
    }
}

impl Report {
    /// Whether every rule passed (skipped ones did not).
    pub fn all_passed(&self) -> bool {
        self.rules.iter().all(|r| r.status == Status::Pass)
    }

    /// The failed rules that fail the audit.
    pub(crate) fn counted(&self) -> impl Iterator<Item = &RuleResult> {
        self.rules.iter().filter(|r| r.counts(self.strict))
    }
}

/// The repository's files that count, relative with `/` (see `files::listed`).
pub(crate) fn repository_files(path: &Path) -> Vec<String> {
    files::listed(path)
}

/// Checks `path` against every rule. Never fails: a problem is a failed rule.
pub fn audit(path: &Path, strict: bool) -> Report {
    let repo = Repo::new(path, files::listed(path));
    let mut results: Vec<RuleResult> = Vec::new();
    for rule in rules() {
        let needed = rule
            .needs
            .and_then(|id| results.iter().find(|r| r.id == id));
        if let Some(needed) = needed.filter(|r| r.status != Status::Pass) {
            let files = needed.files.clone();
            results.push(skipped(&rule, needed.id.clone(), files));
            continue;
        }
        let finding = match rule.check {
            Check::File(file) => rules::required_file(&repo, file),
            Check::Read(check) => check(&repo),
        };
        let mut result = result(&rule, finding);
        if result.files.is_empty()
            && let Some(needed) = needed
        {
            result.files = needed.files.clone();
        }
        // Two rules that fail for the same reason (REUSE.toml missing, for
        // the coverage and the LICENSES/ rules) say it once.
        let same = results
            .iter()
            .find(|r| r.failed() && result.failed() && r.message == result.message);
        if let Some(first) = same {
            let (id, files) = (first.id.clone(), first.files.clone());
            result = skipped(&rule, id, files);
        }
        results.push(result);
    }
    finish(path, strict, results)
}

/// [`audit`], with the REUSE rules judged by `reuse lint` (`--reuse-tool`):
/// `compliant` is its verdict, which replaces the built-in one.
pub(crate) fn audit_with_reuse_lint(path: &Path, strict: bool, compliant: bool) -> Report {
    let s = &t().scaffold;
    let mut rules = audit(path, strict).rules;
    for rule in rules.iter_mut() {
        match rule.id.as_str() {
            "reuse-toml" => {
                let (status, message, fix) = if compliant {
                    (Status::Pass, s.reuse_tool_pass, None)
                } else {
                    (
                        Status::Fail,
                        s.reuse_tool_fail,
                        Some(s.reuse_tool_fix.to_string()),
                    )
                };
                rule.status = status;
                rule.passed = compliant;
                rule.message = message.to_string();
                rule.fix = fix;
                rule.needs = None;
            }
            // reuse lint judges LICENSES/ too: one verdict for both.
            "licenses-dir" if compliant => {
                rule.status = Status::Pass;
                rule.passed = true;
                rule.message = s.reuse_tool_pass.to_string();
                rule.fix = None;
                rule.needs = None;
            }
            "licenses-dir" => {
                *rule = RuleResult {
                    status: Status::Skipped,
                    passed: false,
                    message: fill(s.skipped_needs, &[("rule", &"reuse-toml")]),
                    fix: None,
                    needs: Some("reuse-toml".to_string()),
                    ..std::mem::replace(rule, placeholder())
                };
            }
            _ => {}
        }
    }
    finish(path, strict, rules)
}

/// An empty result, to move a result's fields out of it.
fn placeholder() -> RuleResult {
    RuleResult {
        id: String::new(),
        severity: Severity::Recommended,
        status: Status::Skipped,
        passed: false,
        message: String::new(),
        fix: None,
        files: Vec::new(),
        details: None,
        needs: None,
    }
}

/// The report of `results`: the summary, and whether the audit passes.
fn finish(path: &Path, strict: bool, results: Vec<RuleResult>) -> Report {
    let count = |f: &dyn Fn(&RuleResult) -> bool| results.iter().filter(|r| f(r)).count();
    let summary = Summary {
        total: results.len(),
        passed: count(&|r| r.status == Status::Pass),
        failed_required: count(&|r| r.failed() && r.severity == Severity::Required),
        failed_recommended: count(&|r| r.failed() && r.severity == Severity::Recommended),
        skipped: count(&|r| r.status == Status::Skipped),
    };
    let passed = !results.iter().any(|r| r.counts(strict));
    Report {
        path: path.display().to_string(),
        passed,
        strict,
        summary,
        rules: results,
    }
}

fn skipped(rule: &Rule, needs: String, files: Vec<String>) -> RuleResult {
    RuleResult {
        id: rule.id.to_string(),
        severity: rule.severity,
        status: Status::Skipped,
        passed: false,
        message: fill(t().scaffold.skipped_needs, &[("rule", &needs)]),
        fix: None,
        files,
        details: None,
        needs: Some(needs),
    }
}

fn result(rule: &Rule, finding: Finding) -> RuleResult {
    let (status, message, fix) = match finding.outcome {
        Outcome::Pass(message) => (Status::Pass, message, None),
        Outcome::Fail { message, fix } => (Status::Fail, message, Some(fix)),
    };
    RuleResult {
        id: rule.id.to_string(),
        severity: rule.severity,
        passed: status == Status::Pass,
        status,
        message,
        fix,
        files: finding.files,
        details: finding.details,
        needs: None,
    }
}
