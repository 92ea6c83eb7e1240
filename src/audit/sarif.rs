//! The audit as SARIF 2.1.0, for GitHub code scanning and GitLab: one run,
//! every rule in `tool.driver.rules`, one result per failed rule (`error`
//! for a required rule, `warning` for a recommended one), located at the
//! files it concerns, relative to the repository's root (`SRCROOT`).

use std::path::Path;

use serde_json::{Value, json};

use super::{Report, Severity, Status, describe, rules};

/// The schema's address, as the OASIS standard (errata 01) publishes it.
pub(crate) const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of `report`, for the repository at `root`.
pub(crate) fn log(report: &Report, root: &Path) -> Value {
    let rules = rules();
    let descriptors: Vec<Value> = rules
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
        "tool": {
            "driver": {
                "name": "onboard",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }
        },
        "results": results,
    });
    if let Some(uri) = root_uri(root) {
        run["originalUriBaseIds"] = json!({ "SRCROOT": { "uri": uri } });
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    })
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
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
