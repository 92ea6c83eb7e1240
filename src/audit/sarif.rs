//! The audit as SARIF 2.1.0, for GitHub code scanning and GitLab: one run
//! (one per repository when many are audited),
//! every rule in `tool.driver.rules`, one result per failed rule (`error`
//! for a required rule, `warning` for a recommended one), located at the
//! files it concerns, relative to the repository's root (`SRCROOT`).

use std::path::Path;

use serde_json::{Value, json};

use super::fleet::Entry;
use super::{Report, Severity, Status, describe, rules};

/// The schema's address, as the OASIS standard (errata 01) publishes it.
pub(crate) const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of `report`, for the repository at `root`.
pub(crate) fn log(report: &Report, root: &Path) -> Value {
    wrap(vec![run(report, root)])
}

/// The SARIF log of many repositories: one run per repository, in order,
/// each named by `automationDetails.id` (`onboard-audit/<n>/`, its place in
/// the list, so that code scanning tells the runs apart) and carrying
/// `properties.source`, the path or URL as given. A repository that could
/// not be audited is a run with no results whose invocation failed, and
/// says why.
pub(crate) fn logs(entries: &[Entry]) -> Value {
    let runs = entries
        .iter()
        .enumerate()
        .map(|(n, entry)| {
            let mut run = match &entry.outcome {
                Ok(audited) => run(&audited.report, &audited.dir),
                Err(why) => {
                    let mut run = json!({ "tool": tool(), "results": [] });
                    run["invocations"] = json!([{
                        "executionSuccessful": false,
                        "toolExecutionNotifications": [{
                            "level": "error",
                            "message": { "text": why },
                        }],
                    }]);
                    run
                }
            };
            run["automationDetails"] = json!({ "id": format!("onboard-audit/{}/", n + 1) });
            run["properties"] = json!({ "source": entry.source });
            run
        })
        .collect();
    wrap(runs)
}

fn wrap(runs: Vec<Value>) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": runs,
    })
}

/// The tool's description: onboard, and every rule.
fn tool() -> Value {
    let descriptors: Vec<Value> = rules()
        .iter()
        .map(|rule| {
            let (what, help) = describe(rule);
            json!({
                "id": rule.id,
                "shortDescription": { "text": what },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "severity": rule.severity },
            })
        })
        .collect();
    json!({
        "driver": {
            "name": "onboard",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": descriptors,
        }
    })
}

/// One run: the results of `report`, located under `root`.
fn run(report: &Report, root: &Path) -> Value {
    let rules = rules();
    let results: Vec<Value> = report
        .rules
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| {
            let mut text = r.message.clone();
            if let Some(fix) = &r.fix {
                text = format!("{text} {} {fix}", crate::i18n::t().scaffold.fix_prefix);
            }
            let mut result = json!({
                "ruleId": r.id,
                "level": level(r.severity),
                "message": { "text": text },
                "properties": { "severity": r.severity },
            });
            if let Some(index) = rules.iter().position(|rule| rule.id == r.id) {
                result["ruleIndex"] = json!(index);
            }
            let locations: Vec<Value> = r
                .files
                .iter()
                .map(|file| {
                    json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": encode(file), "uriBaseId": "SRCROOT" }
                        }
                    })
                })
                .collect();
            if !locations.is_empty() {
                result["locations"] = Value::Array(locations);
            }
            result
        })
        .collect();
    let mut run = json!({
        "tool": tool(),
        "results": results,
    });
    if let Some(uri) = root_uri(root) {
        run["originalUriBaseIds"] = json!({ "SRCROOT": { "uri": uri } });
    }
    run
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Required => "error",
        Severity::Recommended => "warning",
    }
}

/// A relative path as a URI reference: every byte but the unreserved ones
/// and `/` percent-encoded.
pub(crate) fn encode(path: &str) -> String {
    crate::text::percent_encode(path, b"/")
}

/// `file:///…/` for the repository's folder, when it can be resolved.
fn root_uri(root: &Path) -> Option<String> {
    let full = std::fs::canonicalize(root).ok()?;
    let text = full.to_str()?.replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    let mut uri = format!("file://{}", encode(&text));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(encode("docs/CONTRIBUTING.md"), "docs/CONTRIBUTING.md");
        assert_eq!(encode("a b/é#.md"), "a%20b/%C3%A9%23.md");
    }
}
