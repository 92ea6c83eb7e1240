//! `onboard audit`: the open-by-default rules, shared with scaffold's own
//! check of the tree it builds before moving it into place.

mod files;
pub mod licence_match;
pub mod publiccode;
pub mod reuse;
pub mod rules;

use std::path::Path;

use console::Style;
use serde::Serialize;

use self::rules::{Outcome, REQUIRED_FILES, Repo};
use crate::cli::TextOrJson;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

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

pub fn run(ctx: &Context, path: &Path, format: TextOrJson) -> Result<()> {
    let s = &t().scaffold;
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::msg(fill(
                s.audit_not_a_dir,
                &[("path", &path.display())],
            )));
        }
        Err(err) => {
            return Err(Error::file(
                s.audit_cannot_open,
                path,
                err,
                s.hint_audit_path,
            ));
        }
    }
    let report = audit(path);
    match format {
        TextOrJson::Json => {
            let json =
                serde_json::to_string_pretty(&report).map_err(|err| Error::msg(err.to_string()))?;
            crate::util::print(&(json + "\n"))?;
        }
        TextOrJson::Text => print_text(&report, ctx.colour),
    }
    if report.passed {
        return Ok(());
    }
    let failed = report.rules.iter().filter(|r| !r.passed).count();
    Err(Error::CheckFailed(fill(
        s.audit_failed,
        &[("count", &failed), ("path", &report.path)],
    )))
}

/// One line per rule, "OK" or "ÉCHEC" in words; colour only adds to it.
fn print_text(report: &Report, colour: bool) {
    let s = &t().scaffold;
    println!("{}", fill(s.audit_header, &[("path", &report.path)]));
    let paint = |style: Style, word: &str| {
        if colour {
            style.apply_to(word).to_string()
        } else {
            word.to_string()
        }
    };
    let width = s.word_ok.chars().count().max(s.word_failed.chars().count());
    for rule in &report.rules {
        let (plain, style) = if rule.passed {
            (s.word_ok, Style::new().green().bold())
        } else {
            (s.word_failed, Style::new().red().bold())
        };
        let pad = " ".repeat(width - plain.chars().count());
        let word = format!("{}{pad}", paint(style, plain));
        match &rule.fix {
            Some(fix) => println!(
                "{word} {} : {} {} {fix}",
                rule.id, rule.message, s.fix_prefix
            ),
            None => println!("{word} {} : {}", rule.id, rule.message),
        }
    }
    let passed = report.rules.iter().filter(|r| r.passed).count();
    println!(
        "{}",
        fill(
            s.audit_summary,
            &[("passed", &passed), ("total", &report.rules.len())]
        )
    );
}
