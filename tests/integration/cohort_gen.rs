//! Reports made for the cohort tests: JSON that follows the report's
//! format, version 2 (docs/report.md, "CHANGES" of issue 16) or version 1,
//! for recruits whose journey is described in a few numbers, so that each
//! test knows the figures the cohort must give.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use onboard::content::{Answer, Content, Question};
use serde_json::{Value, json};

/// A wrong first try: step `step`, question `question` (indices in the
/// content), with the choice `picked` (its index in the file).
#[derive(Debug, Clone, Copy)]
pub struct Miss {
    pub step: usize,
    pub question: usize,
    pub picked: usize,
}

/// One recruit's journey.
#[derive(Debug, Clone)]
pub struct Recruit {
    pub name: String,
    /// The first `passed` steps are passed; the next one is started.
    pub passed: usize,
    /// Their first tries that were wrong (all others were right).
    pub misses: Vec<Miss>,
    /// Passed steps whose fingerprint is an older one.
    pub drift: Vec<usize>,
    /// Reviews (due, overdue).
    pub reviews: (u32, u32),
    /// Day of the last activity, in November 2026.
    pub day: u8,
}

impl Recruit {
    pub fn new(name: &str, passed: usize) -> Recruit {
        Recruit {
            name: name.to_string(),
            passed,
            misses: Vec::new(),
            drift: Vec::new(),
            reviews: (0, 0),
            day: 20,
        }
    }

    pub fn miss(mut self, step: usize, question: usize, picked: usize) -> Recruit {
        self.misses.push(Miss {
            step,
            question,
            picked,
        });
        self
    }

    pub fn drift(mut self, step: usize) -> Recruit {
        self.drift.push(step);
        self
    }

    pub fn reviews(mut self, due: u32, overdue: u32) -> Recruit {
        self.reviews = (due, overdue);
        self
    }

    pub fn day(mut self, day: u8) -> Recruit {
        self.day = day;
        self
    }
}

/// The id the shipped content's journey.toml gives (issue 16's design).
pub const CONTENT_ID: &str = "fabrique-numerique";

/// An older fingerprint than any of the current ones.
pub const OLD_FINGERPRINT: &str = "v1-000000000000000000000000";

fn at(day: u8, hour: u8) -> String {
    format!("2026-11-{day:02}T{hour:02}:00:00Z")
}

fn kind(question: &Question) -> &'static str {
    match &question.answer {
        Answer::Accept(_) => "text",
        Answer::Choices(_) if question.right_count() > 1 => "multiple",
        Answer::Choices(_) => "single",
    }
}

/// The texts a recruit picked: the wrong choice, plus right ones up to the
/// number asked for, as `picked` lists them.
fn picked(question: &Question, wrong: usize) -> Vec<String> {
    let Answer::Choices(choices) = &question.answer else {
        return Vec::new();
    };
    let mut texts = vec![choices[wrong].text.clone()];
    texts.extend(
        choices
            .iter()
            .enumerate()
            .filter(|(i, c)| c.correct && *i != wrong)
            .take(question.right_count().saturating_sub(1))
            .map(|(_, c)| c.text.clone()),
    );
    texts
}

/// The index of the first wrong choice of `question`.
pub fn wrong_choice(question: &Question) -> usize {
    match &question.answer {
        Answer::Choices(choices) => choices.iter().position(|c| !c.correct).unwrap(),
        Answer::Accept(_) => panic!("a free-text question has no choices"),
    }
}

/// The report, version 2, of `recruit` on `content`.
pub fn report_v2(content: &Content, recruit: &Recruit) -> Value {
    let version = format!("onboard {}", env!("CARGO_PKG_VERSION"));
    let steps: Vec<Value> = content
        .steps
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let passed = s < recruit.passed;
            let started = s == recruit.passed;
            let attempted = passed || started;
            let drifted = recruit.drift.contains(&s);
            let status = match (passed, drifted, started) {
                (true, true, _) => "outdated",
                (true, false, _) => "passed",
                (_, _, true) => "started",
                _ => "todo",
            };
            let fingerprint = if drifted {
                Value::from(OLD_FINGERPRINT)
            } else if attempted {
                Value::from(step.fingerprint.current.clone())
            } else {
                Value::Null
            };
            let misses: Vec<&Miss> = recruit.misses.iter().filter(|m| m.step == s).collect();
            let details: Vec<Value> = step
                .questions
                .iter()
                .enumerate()
                .map(|(q, question)| {
                    let miss = misses.iter().find(|m| m.question == q);
                    json!({
                        "index": q,
                        "question": question.prompt,
                        "kind": kind(question),
                        "first_try": if passed { Value::from(miss.is_none()) } else { Value::Null },
                        "picked": match miss {
                            Some(m) if passed => picked(question, m.picked),
                            _ => Vec::new(),
                        },
                    })
                })
                .collect();
            let n = step.questions.len();
            json!({
                "id": step.id,
                "title": step.title,
                "status": status,
                "questions": n,
                "first_score": if passed { Value::from(n - misses.len()) } else { Value::Null },
                "final_score": if passed { Value::from(n) } else { Value::Null },
                "attempts": if passed { 1 + u32::from(!misses.is_empty()) } else { u32::from(started) },
                "passed_at": if passed { Value::from(at(recruit.day, 9)) } else { Value::Null },
                "missed": misses.iter().map(|m| json!({
                    "question": step.questions[m.question].prompt,
                    "right_answer": "…",
                })).collect::<Vec<_>>(),
                "reflection_prompt": step.reflection.as_ref().map(|r| r.prompt.clone()),
                "reflection": Value::Null,
                "commitment": step.reflection.as_ref().and_then(|r| r.commitment.clone()),
                "fingerprint": fingerprint,
                "current": attempted && !drifted,
                "questions_detail": details,
            })
        })
        .collect();
    let passed = recruit.passed.min(content.steps.len());
    json!({
        "report_version": 2,
        "recruit": recruit.name,
        "generated_at": at(recruit.day, 18),
        "started_at": at(1, 9),
        "last_passed_at": if passed > 0 { Value::from(at(recruit.day, 9)) } else { Value::Null },
        "content": {
            "origin": version,
            "commit": Value::Null,
            "id": CONTENT_ID,
            "version": version,
        },
        "total": content.steps.len(),
        "passed": passed,
        "steps": steps,
        "last_activity": at(recruit.day, 10),
        "reviews": {
            "due": recruit.reviews.0,
            "overdue": recruit.reviews.1,
            "next": if recruit.reviews.0 > 0 { Value::from("2026-11-21") } else { Value::from("2026-12-01") },
        },
        "includes_reflections": false,
    })
}

/// The report, version 1 (no per-question detail, no fingerprint).
pub fn report_v1(content: &Content, recruit: &Recruit) -> Value {
    let mut report = report_v2(content, recruit);
    let object = report.as_object_mut().unwrap();
    object.insert("report_version".into(), 1.into());
    for key in ["last_activity", "reviews", "includes_reflections"] {
        object.remove(key);
    }
    object.insert(
        "content".into(),
        json!({ "origin": format!("onboard {}", env!("CARGO_PKG_VERSION")), "commit": null }),
    );
    for step in object["steps"].as_array_mut().unwrap() {
        let step = step.as_object_mut().unwrap();
        for key in ["fingerprint", "current", "questions_detail"] {
            step.remove(key);
        }
    }
    report
}

/// Writes `value` as pretty JSON, as `onboard report --format json` does.
pub fn write(dir: &Path, name: &str, value: &Value) {
    fs::create_dir_all(dir).unwrap();
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    fs::write(dir.join(name), text).unwrap();
}
