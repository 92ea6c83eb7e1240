//! Puts the reports read together: who is where, what is missed on the
//! first try, which steps were passed on older content, and what is set
//! aside (with the duplicates and the reports for other content).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::Timestamp;

use super::read::Loaded;
use super::report::{Report, ReportStep};
use super::{
    COHORT_VERSION, Cohort, ContentSummary, Current, CurrentStep, Drift, InvalidReason,
    MissedQuestion, Recruit, Signature, SignatureStatus, SkipReason, Skipped, Summary,
};
use crate::signature::{Invalid, Verdict};

/// One question's first tries, summed over the cohort.
#[derive(Default)]
struct Tries {
    title: String,
    answered: usize,
    missed: usize,
    picks: HashMap<String, usize>,
}

/// Whether a report's step counts as passed on the current content.
#[derive(Debug, PartialEq, Eq)]
enum State {
    Passed,
    /// Passed on an older version of the step.
    Drifted,
    NotPassed,
}

pub(super) fn tally(
    loaded: Vec<Loaded>,
    source: &str,
    current: &Current,
    signers_checked: bool,
    now: Timestamp,
) -> Cohort {
    let mut summary = Summary {
        files: loaded.len(),
        ..Summary::default()
    };
    let mut recruits = Vec::new();
    let mut drift = Vec::new();
    let mut skipped = Vec::new();
    let mut people: HashMap<String, String> = HashMap::new();
    let mut tries: HashMap<(String, usize, String), Tries> = HashMap::new();
    for Loaded { rel, outcome } in loaded {
        let (report, verdict) = match outcome {
            Ok(pair) => pair,
            Err((reason, detail)) => {
                skipped.push(Skipped {
                    file: rel,
                    reason,
                    detail,
                });
                continue;
            }
        };
        if let Some(theirs) = other_content(&report, current) {
            skipped.push(Skipped {
                file: rel,
                reason: SkipReason::OtherContent,
                detail: Some(theirs),
            });
            continue;
        }
        match people.entry(report.recruit.trim().to_lowercase()) {
            Entry::Occupied(first) => {
                skipped.push(Skipped {
                    file: rel,
                    reason: SkipReason::DuplicatePerson,
                    detail: Some(first.get().clone()),
                });
                continue;
            }
            Entry::Vacant(slot) => {
                slot.insert(rel.clone());
            }
        }
        let mut passed = 0;
        let mut drifted = false;
        for step in &report.steps {
            let Some((_, cur)) = current.step(&step.id) else {
                continue;
            };
            match state(step, cur) {
                State::Passed => passed += 1,
                State::Drifted => {
                    drifted = true;
                    drift.push(Drift {
                        recruit: report.recruit.clone(),
                        file: rel.clone(),
                        step: step.id.clone(),
                        step_title: cur.title.clone(),
                        passed_at: step.passed_at,
                        fingerprint: step.fingerprint.clone(),
                    });
                }
                State::NotPassed => {}
            }
            add_tries(&mut tries, step, cur);
        }
        let signature = signature(verdict);
        count(&mut summary, &report, &signature, passed, current, drifted);
        recruits.push(Recruit {
            name: report.recruit.clone(),
            file: rel,
            report_version: report.report_version,
            passed,
            total: current.steps.len(),
            last_activity: report.last_activity(),
            reviews: report.reviews.clone(),
            content_version: report.content_version().map(str::to_string),
            signature,
        });
    }
    summary.skipped = skipped.len();
    summary.counted = recruits.len();
    Cohort {
        cohort_version: COHORT_VERSION,
        generated_at: now,
        source: source.to_string(),
        content: ContentSummary {
            id: current.id.clone(),
            version: current.version.clone(),
            steps: current.steps.len(),
        },
        signers_checked,
        summary,
        recruits,
        missed: missed(tries, current),
        drift,
        skipped,
    }
}

fn count(
    summary: &mut Summary,
    report: &Report,
    signature: &Signature,
    passed: usize,
    current: &Current,
    drifted: bool,
) {
    summary.finished += usize::from(passed == current.steps.len() && passed > 0);
    summary.drifted += usize::from(drifted);
    if let Some(reviews) = &report.reviews {
        summary.reviews_due += usize::from(reviews.due > 0);
        summary.reviews_overdue += usize::from(reviews.overdue > 0);
    }
    match signature.status {
        SignatureStatus::Verified => summary.verified += 1,
        SignatureStatus::Unverified => summary.unverified += 1,
        SignatureStatus::NotSigned => summary.not_signed += 1,
        SignatureStatus::Invalid => summary.invalid += 1,
    }
}

/// The report's content id when it is for other content than the current
/// one: another id, or (with no ids to compare) no step in common.
fn other_content(report: &Report, current: &Current) -> Option<String> {
    if let (Some(theirs), Some(ours)) = (&report.content.id, &current.id) {
        return (theirs != ours).then(|| theirs.clone());
    }
    let none_in_common = !report.steps.is_empty()
        && !report
            .steps
            .iter()
            .any(|step| current.step(&step.id).is_some());
    none_in_common.then(|| {
        report
            .content
            .id
            .clone()
            .or_else(|| report.content_version().map(str::to_string))
            .unwrap_or_default()
    })
}

/// Passed on the current version of the step, on an older one, or not passed.
fn state(step: &ReportStep, current: &CurrentStep) -> State {
    let status = step.status.as_str();
    if status != "passed" && status != "outdated" {
        return State::NotPassed;
    }
    let fresh = match step.fingerprint.as_deref().filter(|f| !f.is_empty()) {
        Some(fingerprint) => current.fingerprint.matches(fingerprint),
        None => status == "passed" && step.current != Some(false),
    };
    if fresh { State::Passed } else { State::Drifted }
}

fn add_tries(
    tries: &mut HashMap<(String, usize, String), Tries>,
    step: &ReportStep,
    cur: &CurrentStep,
) {
    for detail in &step.questions_detail {
        let Some(right) = detail.first_try else {
            continue;
        };
        let key = (step.id.clone(), detail.index, detail.question.clone());
        let entry = tries.entry(key).or_insert_with(|| Tries {
            title: cur.title.clone(),
            ..Tries::default()
        });
        entry.answered += 1;
        if !right {
            entry.missed += 1;
            let right_texts = cur.right.get(detail.index);
            for pick in &detail.picked {
                if !right_texts.is_some_and(|texts| texts.contains(pick)) {
                    *entry.picks.entry(pick.clone()).or_default() += 1;
                }
            }
        }
    }
}

/// Every question answered, the most missed first.
fn missed(
    tries: HashMap<(String, usize, String), Tries>,
    current: &Current,
) -> Vec<MissedQuestion> {
    let mut out: Vec<(usize, MissedQuestion)> = tries
        .into_iter()
        .map(|((step, index, question), tries)| {
            let wrong = tries
                .picks
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
            let place = current.step(&step).map_or(usize::MAX, |(i, _)| i);
            (
                place,
                MissedQuestion {
                    step,
                    step_title: tries.title,
                    index,
                    question,
                    answered: tries.answered,
                    missed: tries.missed,
                    rate: tries.missed as f64 / tries.answered as f64,
                    wrong_choice_count: wrong.as_ref().map_or(0, |w| w.1),
                    wrong_choice: wrong.map(|w| w.0),
                },
            )
        })
        .collect();
    out.sort_by(|(pa, a), (pb, b)| {
        // a.missed / a.answered against b's, without rounding.
        (b.missed * a.answered)
            .cmp(&(a.missed * b.answered))
            .then_with(|| b.missed.cmp(&a.missed))
            .then_with(|| pa.cmp(pb))
            .then_with(|| a.index.cmp(&b.index))
            .then_with(|| a.question.cmp(&b.question))
    });
    out.into_iter().map(|(_, q)| q).collect()
}

fn signature(verdict: Verdict) -> Signature {
    let (status, principal, reason) = match verdict {
        Verdict::Verified { principal } => (SignatureStatus::Verified, Some(principal), None),
        Verdict::Unverified => (SignatureStatus::Unverified, None, None),
        Verdict::NotSigned => (SignatureStatus::NotSigned, None, None),
        Verdict::Invalid { reason } => (
            SignatureStatus::Invalid,
            None,
            Some(match reason {
                Invalid::BadSignature => InvalidReason::BadSignature,
                Invalid::UnknownKey => InvalidReason::UnknownKey,
                Invalid::WrongNamespace => InvalidReason::WrongNamespace,
                Invalid::Unreadable => InvalidReason::Unreadable,
            }),
        ),
    };
    Signature {
        status,
        principal,
        reason,
    }
}
