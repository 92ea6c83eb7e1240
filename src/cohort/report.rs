//! A recruit's report as the cohort reads it: versions 1 and 2 of the
//! report's JSON (docs/report.md), only the fields the cohort uses; other
//! fields are ignored, so a report may carry more.

use jiff::Timestamp;
use serde::Deserialize;

use super::{Reviews, SkipReason};

/// The report versions the cohort reads.
pub(super) const VERSIONS: [u32; 2] = [1, 2];

#[derive(Debug, Deserialize)]
pub(super) struct Report {
    pub report_version: u32,
    pub recruit: String,
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub last_passed_at: Option<Timestamp>,
    /// Version 2: the latest activity of any kind.
    #[serde(default)]
    pub last_activity: Option<Timestamp>,
    #[serde(default)]
    pub content: ReportContent,
    /// Version 2.
    #[serde(default)]
    pub reviews: Option<Reviews>,
    pub steps: Vec<ReportStep>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct ReportContent {
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    pub commit: Option<String>,
    /// Version 2: the content's id (journey.toml's `id`).
    #[serde(default)]
    pub id: Option<String>,
    /// Version 2: the content's version.
    #[serde(default)]
    pub version: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ReportStep {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub passed_at: Option<Timestamp>,
    /// Version 2: the step's fingerprint when last attempted or passed.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Version 2: whether that fingerprint was the current one.
    #[serde(default)]
    pub current: Option<bool>,
    /// Version 2: each question's first try.
    #[serde(default)]
    pub questions_detail: Vec<Detail>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Detail {
    pub index: usize,
    pub question: String,
    /// Right at the first try of the step; `None` if never answered.
    #[serde(default)]
    pub first_try: Option<bool>,
    /// The choices picked at that first try, when it was wrong.
    #[serde(default)]
    pub picked: Vec<String>,
}

impl Report {
    /// The content version the report names: version 2's, else the commit, else the origin.
    pub(super) fn content_version(&self) -> Option<&str> {
        let c = &self.content;
        c.version
            .as_deref()
            .or(c.commit.as_deref())
            .or(c.origin.as_deref())
    }

    /// The last activity the report knows of.
    pub(super) fn last_activity(&self) -> Option<Timestamp> {
        self.last_activity
            .or(self.last_passed_at)
            .or(self.started_at)
    }
}

/// Why a text is not a report that the cohort counts.
#[derive(Debug, Deserialize)]
struct Probe {
    report_version: Option<serde_json::Value>,
}

/// Reads one report, or says why it is set aside: not JSON or not shaped
/// like a report (with the parser's line and column), or a version this
/// onboard does not know.
pub(super) fn parse(text: &str) -> Result<Report, (SkipReason, Option<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<Report>(text) {
        Ok(report) if VERSIONS.contains(&report.report_version) => Ok(report),
        Ok(report) => Err((
            SkipReason::UnknownVersion,
            Some(report.report_version.to_string()),
        )),
        Err(err) => {
            // A report of a later version may have another shape: its version says so.
            let version = serde_json::from_str::<Probe>(text)
                .ok()
                .and_then(|probe| probe.report_version);
            match version {
                Some(v) if !v.as_u64().is_some_and(|v| VERSIONS.contains(&(v as u32))) => {
                    Err((SkipReason::UnknownVersion, Some(v.to_string())))
                }
                // Where, as "line:column"; the views say it in words.
                _ => Err((
                    SkipReason::MalformedJson,
                    Some(format!("{}:{}", err.line(), err.column())),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_shapes() {
        let v1 = r#"{"report_version": 1, "recruit": "A", "steps": [], "extra": 3}"#;
        assert_eq!(parse(v1).unwrap().recruit, "A");
        let reason = |text: &str| parse(text).err().map(|(reason, _)| reason);
        assert_eq!(
            reason(r#"{"report_version": 3, "recruit": "A", "steps": []}"#),
            Some(SkipReason::UnknownVersion)
        );
        assert_eq!(
            reason(r#"{"report_version": "deux", "people": 1}"#),
            Some(SkipReason::UnknownVersion)
        );
        assert_eq!(
            reason("{\"report_version\": 1,"),
            Some(SkipReason::MalformedJson)
        );
        assert_eq!(
            reason(r#"{"report_version": 2, "recruit": 5, "steps": []}"#),
            Some(SkipReason::MalformedJson)
        );
        assert_eq!(
            reason(r#"{"recruit": "A"}"#),
            Some(SkipReason::MalformedJson)
        );
        assert_eq!(reason("[]"), Some(SkipReason::MalformedJson));
    }
}
