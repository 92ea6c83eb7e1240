//! A step's fingerprint: a digest of what the step means to a reader, kept
//! in each progress record (`hash = "..."`), so that a passed step whose
//! meaning has changed shows as `outdated`.
//!
//! # The current form, v1
//!
//! The stored string is `v1-` followed by the first 12 bytes (24 hex
//! digits) of the SHA-256 of these bytes, built by hand (not from the
//! serialised [`Step`], so a field added to `Step` never changes it):
//!
//! ```text
//! onboard step fingerprint v1\n
//! title <text>\n
//! body <text>\n
//! source <text or ->\n
//! pass_mark <n>\n                     the right answers needed, default applied
//! questions <n>\n
//! then for each question, in file order:
//!   prompt <text>\n
//!   explanation <text or ->\n
//!   either  choices <n>\n  and for each choice, in file order:
//!             choice <text>\n  correct <yes|no>\n  why <text or ->\n
//!   or      accept <n>\n  and for each accepted answer, in file order:
//!             answer <text>\n
//!   shuffle <yes|no>\n
//!   variants <n>\n  and for each variant, in file order, its prompt,
//!             explanation and choices or accepted answers as above
//! ```
//!
//! `<text>` is the text's length in UTF-8 bytes, in decimal, a `:`, then the
//! text exactly as written; `-` stands for an absent optional text. Each
//! text carries its length and each list its count, so no two steps give
//! the same bytes. The pass mark is the one that applies (`pass_mark`, or
//! every question): writing down the default changes nothing for the recruit.
//!
//! Left out on purpose:
//! - the `id`: it is already the key of the progress record, and a step
//!   whose id changes is a new step for every recruit anyway;
//! - the `kind`: it files the step (value, practice…), it is not something
//!   the recruit read or answered, so moving a step to another kind should
//!   not send anyone back to it;
//! - the file name, and the translations: a step shown in another language
//!   keeps the fingerprint of its first language;
//! - the `[reflection]`: it is not graded, and a recruit who passed a step
//!   has nothing to relearn when its reflection prompt is reworded.
//!
//! A change to this form must get a new version (`v2`), keep recognising
//! the stored v1 strings, and update the golden values in the tests.
//!
//! # The legacy form, v0
//!
//! Before v1, the stored hash was 24 hex digits (no prefix): the SHA-256
//! prefix of the step serialised by serde_json, as `Step` was serialised
//! then. [`legacy`] rebuilds those bytes from its own frozen copy of that
//! shape, so progress files written by earlier releases still match. A
//! record is rewritten in the v1 form when the journey next saves the file
//! (`Progress::migrate`, `Progress::start`, `Progress::record`).

use serde::{Deserialize, Serialize};

use super::{Answer, Kind, Step};
use crate::digest::short_digest;

/// What marks the current form, inside the hashed bytes and in front of the stored string.
const VERSION: &str = "v1";

/// The fingerprints of a step's meaning that a stored hash may hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The current form (`v1-…`): what a new record stores.
    pub current: String,
    /// The legacy form (v0), which earlier releases stored.
    pub legacy: String,
}

impl Fingerprint {
    /// Both fingerprints of `step`.
    pub(crate) fn of(step: &Step) -> Fingerprint {
        Fingerprint {
            current: current(step),
            legacy: legacy(step),
        }
    }

    /// Whether a stored hash is one of this step's fingerprints. An empty
    /// string (a step without fingerprints, or a damaged file) never matches.
    pub(crate) fn matches(&self, stored: &str) -> bool {
        !stored.is_empty() && (stored == self.current || stored == self.legacy)
    }
}

/// The v1 fingerprint: `v1-` and 24 hex digits.
pub(crate) fn current(step: &Step) -> String {
    format!("{VERSION}-{}", short_digest(&v1_bytes(step), 12))
}

/// The bytes the v1 fingerprint digests (see the module documentation).
fn v1_bytes(step: &Step) -> Vec<u8> {
    let mut out = Vec::with_capacity(step.body.len() + 256);
    out.extend_from_slice(b"onboard step fingerprint ");
    out.extend_from_slice(VERSION.as_bytes());
    out.push(b'\n');
    text(&mut out, "title", Some(&step.title));
    text(&mut out, "body", Some(&step.body));
    text(&mut out, "source", step.source.as_deref());
    number(&mut out, "pass_mark", step.pass_mark());
    number(&mut out, "questions", step.questions.len());
    for question in &step.questions {
        wording(
            &mut out,
            &question.prompt,
            question.explanation.as_deref(),
            &question.answer,
        );
        let shuffle = if question.shuffle { "yes" } else { "no" };
        line(&mut out, "shuffle", shuffle.as_bytes());
        number(&mut out, "variants", question.variants.len());
        for variant in &question.variants {
            wording(
                &mut out,
                &variant.prompt,
                variant.explanation.as_deref(),
                &variant.answer,
            );
        }
    }
    out
}

/// A question's or a variant's prompt, explanation and answer.
fn wording(out: &mut Vec<u8>, prompt: &str, explanation: Option<&str>, answer: &Answer) {
    text(out, "prompt", Some(prompt));
    text(out, "explanation", explanation);
    match answer {
        Answer::Choices(choices) => {
            number(out, "choices", choices.len());
            for choice in choices {
                text(out, "choice", Some(&choice.text));
                let correct = if choice.correct { "yes" } else { "no" };
                line(out, "correct", correct.as_bytes());
                text(out, "why", choice.why.as_deref());
            }
        }
        Answer::Accept(accepted) => {
            number(out, "accept", accepted.len());
            for answer in accepted {
                text(out, "answer", Some(answer));
            }
        }
    }
}

fn line(out: &mut Vec<u8>, label: &str, value: &[u8]) {
    out.extend_from_slice(label.as_bytes());
    out.push(b' ');
    out.extend_from_slice(value);
    out.push(b'\n');
}

fn number(out: &mut Vec<u8>, label: &str, n: usize) {
    line(out, label, n.to_string().as_bytes());
}

/// `label <len>:<text>`, or `label -` when absent.
fn text(out: &mut Vec<u8>, label: &str, value: Option<&str>) {
    match value {
        Some(value) => {
            let mut field = format!("{}:", value.len()).into_bytes();
            field.extend_from_slice(value.as_bytes());
            line(out, label, &field);
        }
        None => line(out, label, b"-"),
    }
}

/// The v0 fingerprint: 24 hex digits, as earlier releases stored them.
pub(crate) fn legacy(step: &Step) -> String {
    short_digest(&v0_bytes(step), 12)
}

/// The step as serde_json wrote `Step` before v1: these structs copy that
/// shape (field names, order, the externally tagged answer) and must never
/// change, whatever becomes of `Step`.
fn v0_bytes(step: &Step) -> Vec<u8> {
    let frozen = V0Step {
        id: &step.id,
        title: &step.title,
        kind: v0_kind(step.kind),
        source: step.source.as_deref(),
        pass_mark: step.pass_mark,
        body: &step.body,
        questions: step
            .questions
            .iter()
            .map(|q| V0Question {
                prompt: &q.prompt,
                explanation: q.explanation.as_deref(),
                answer: match &q.answer {
                    Answer::Choices(choices) => V0Answer::Choices(
                        choices
                            .iter()
                            .map(|c| V0Choice {
                                text: &c.text,
                                correct: c.correct,
                                why: c.why.as_deref(),
                            })
                            .collect(),
                    ),
                    Answer::Accept(accepted) => V0Answer::Accept(accepted),
                },
            })
            .collect(),
    };
    // Serialising strings, numbers and booleans cannot fail; should it
    // ever, the empty digest matches no stored hash written by a release.
    serde_json::to_vec(&frozen).unwrap_or_default()
}

/// The kinds as v0 wrote them. A kind added after v0 was never stored in
/// that form: any name will do for it.
fn v0_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Vision => "vision",
        Kind::Mission => "mission",
        Kind::Value => "value",
        Kind::Manifesto => "manifesto",
        Kind::Practice => "practice",
    }
}

#[derive(Serialize)]
struct V0Step<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    source: Option<&'a str>,
    pass_mark: Option<usize>,
    body: &'a str,
    questions: Vec<V0Question<'a>>,
}

#[derive(Serialize)]
struct V0Question<'a> {
    prompt: &'a str,
    explanation: Option<&'a str>,
    answer: V0Answer<'a>,
}

#[derive(Serialize)]
enum V0Answer<'a> {
    Choices(Vec<V0Choice<'a>>),
    Accept(&'a [String]),
}

#[derive(Serialize)]
struct V0Choice<'a> {
    text: &'a str,
    correct: bool,
    why: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Choice, Question, check_files, embedded_files};

    /// Every shipped step: id, v1, v0. The v0 values were printed by the
    /// code before v1 existed (`short_digest(serde_json::to_vec(&Step))`):
    /// they are what progress files written by earlier releases hold. The
    /// v1 values agree with benches/helper.py, written apart.
    /// The fingerprints of the steps of onboard 0.1.0, in both forms.
    const GOLDEN: [(&str, &str, &str); 11] = [
        (
            "vision",
            "v1-a5e10774677b930a32a1eb80",
            "998fff5aad1d100c831b3cd7",
        ),
        (
            "mission",
            "v1-06596ea7dc39e188b04da7a1",
            "4ce14aa16de97992eb7f6d62",
        ),
        (
            "artisanat",
            "v1-13c61bf3fd0fdc9a44d0af75",
            "c2fca48cb001726982acf594",
        ),
        (
            "autonomie",
            "v1-0f62001b46eaebeea0718ddf",
            "a8f6e90c0a0563e6a78fe4e6",
        ),
        (
            "humilite",
            "v1-78d4ca769c20300a83d18c00",
            "59766044287b44bbf2ae70e4",
        ),
        (
            "bienveillance",
            "v1-06e0fe87aa3d65f967271265",
            "706de9ad6232c586345537db",
        ),
        (
            "ouverture-par-defaut",
            "v1-59edbf4b9295efe3c1430a77",
            "1bafb961d53715892dec25f1",
        ),
        (
            "antifragilite",
            "v1-cf2603855355852bcd23c2eb",
            "ce375e280c1e45e598dc185f",
        ),
        (
            "manifeste-beta",
            "v1-1da5d2fe9a72a4ecc36af209",
            "451ba6f69b31016362fda421",
        ),
        (
            "manifeste-agile",
            "v1-9fc57ecf7da5625bf09430b2",
            "1a9034f304166e8ed8d52f41",
        ),
        (
            "code-ouvert",
            "v1-eac8b33e59b51c246ef6de7a",
            "7bee957c734af338452fce4c",
        ),
    ];

    /// The shipped steps' current fingerprints.
    const SHIPPED: [(&str, &str); 12] = [
        ("vision", "v1-5c9ad330fd57263ceb9470cb"),
        ("mission", "v1-ea52d1e63e079deb0b7fa890"),
        ("artisanat", "v1-6ed7b2fc967763ce463fd379"),
        ("autonomie", "v1-c23a33b3e102b1b9cd570eeb"),
        ("humilite", "v1-9d6590169ba050a220bb6dc7"),
        ("bienveillance", "v1-c449e1309b3893e9c7ac6fb0"),
        ("ouverture-par-defaut", "v1-72d83803f30ed060ed232f76"),
        ("antifragilite", "v1-01a11e1d9dcf52a6506ed2fd"),
        ("manifeste-beta", "v1-b926ebc91a79da3c487255c1"),
        ("manifeste-agile", "v1-7b65eb4a5c8af7d7b6c45508"),
        ("code-ouvert", "v1-2f67d1ab61daad309d2eb568"),
        ("synthese", "v1-75336099108e0cc4b6554838"),
    ];

    fn shipped() -> Vec<Step> {
        check_files(&embedded_files(), "steps")
            .expect("shipped steps")
            .primary
            .steps
    }

    /// The steps as onboard 0.1.0 shipped them (tests/fixtures/v010), whose
    /// v0 hashes real progress files hold.
    fn shipped_in_0_1_0() -> Vec<Step> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v010");
        crate::content::check_dir(&dir)
            .expect("the 0.1.0 steps")
            .primary
            .steps
    }

    #[test]
    fn the_steps_of_0_1_0_keep_their_fingerprints_in_both_forms() {
        let found: Vec<(String, String, String)> = shipped_in_0_1_0()
            .iter()
            .map(|s| {
                let f = &s.fingerprint;
                (s.id.clone(), f.current.clone(), f.legacy.clone())
            })
            .collect();
        let golden: Vec<(String, String, String)> = GOLDEN
            .iter()
            .map(|(id, v1, v0)| (id.to_string(), v1.to_string(), v0.to_string()))
            .collect();
        assert_eq!(found, golden);
        // Computed again from the step, not only carried by the checker.
        for step in shipped_in_0_1_0() {
            assert_eq!(Fingerprint::of(&step), step.fingerprint);
        }
    }

    /// The shipped steps' current fingerprints. A change here is a
    /// deliberate decision: every recruit who passed a changed step sees
    /// it `outdated`. Update the values only with a content change.
    #[test]
    fn the_shipped_steps_keep_their_fingerprints() {
        let found: Vec<(String, String)> = shipped()
            .iter()
            .map(|s| (s.id.clone(), s.fingerprint.current.clone()))
            .collect();
        let golden: Vec<(String, String)> = SHIPPED
            .iter()
            .map(|(id, v1)| (id.to_string(), v1.to_string()))
            .collect();
        assert_eq!(found, golden);
    }

    /// A step with a question of each sort, every optional text present.
    fn sample() -> Step {
        let mut step = shipped().swap_remove(0);
        step.questions = vec![
            Question::new(
                "Combien ?",
                Some("Parce que."),
                Answer::Accept(vec!["deux".into(), "2".into()]),
            ),
            Question::new(
                "Lequel ?",
                None,
                Answer::Choices(vec![
                    Choice {
                        text: "A".into(),
                        correct: true,
                        why: Some("Oui.".into()),
                    },
                    Choice {
                        text: "B".into(),
                        correct: false,
                        why: None,
                    },
                ]),
            ),
        ];
        step.source = Some("https://example.org".into());
        step.pass_mark = None;
        step.fingerprint = Fingerprint::of(&step);
        step
    }

    /// `edit` changes what the recruit reads or answers: both forms change.
    fn changes(what: &str, edit: impl Fn(&mut Step)) {
        let before = sample();
        let mut after = before.clone();
        edit(&mut after);
        let fingerprint = Fingerprint::of(&after);
        assert_ne!(fingerprint.current, before.fingerprint.current, "{what}");
        assert_ne!(fingerprint.legacy, before.fingerprint.legacy, "{what}");
        assert!(!before.fingerprint.matches(&fingerprint.current), "{what}");
        assert!(!fingerprint.matches(&before.fingerprint.legacy), "{what}");
    }

    /// `edit` changes what v1 covers and v0 did not exist for.
    fn changes_v1(what: &str, edit: impl Fn(&mut Step)) {
        let before = sample();
        let mut after = before.clone();
        edit(&mut after);
        let fingerprint = Fingerprint::of(&after);
        assert_ne!(fingerprint.current, before.fingerprint.current, "{what}");
        assert!(!before.fingerprint.matches(&fingerprint.current), "{what}");
    }

    fn choices(step: &mut Step) -> &mut Vec<Choice> {
        match &mut step.questions[1].answer {
            Answer::Choices(choices) => choices,
            Answer::Accept(_) => unreachable!("the sample's second question has choices"),
        }
    }

    #[test]
    fn what_the_recruit_reads_or_answers_changes_the_fingerprint() {
        changes("body", |s| s.body.push('.'));
        changes("title", |s| s.title.push('!'));
        changes("source", |s| s.source = None);
        changes("pass mark", |s| s.pass_mark = Some(1));
        changes("prompt", |s| s.questions[0].prompt = "Combien ?!".into());
        changes("explanation", |s| {
            s.questions[1].explanation = Some(String::new())
        });
        changes("accepted answer", |s| {
            s.questions[0].answer = Answer::Accept(vec!["deux".into()])
        });
        changes("right choice", |s| {
            let choices = choices(s);
            choices[0].correct = false;
            choices[1].correct = true;
        });
        changes("choice order", |s| choices(s).swap(0, 1));
        changes("why", |s| choices(s)[1].why = Some("Non.".into()));
        changes("question order", |s| s.questions.swap(0, 1));
        // Only v1 knows these: v0 is frozen as earlier releases wrote it.
        changes_v1("pinned order", |s| s.questions[1].shuffle = false);
        changes_v1("a variant", |s| {
            let other = s.questions[1].clone();
            s.questions[1].variants.push(crate::content::Variant {
                prompt: "Lequel donc ?".into(),
                explanation: None,
                answer: other.answer,
            })
        });
        // Text moved from one field to the next: the lengths tell them apart.
        changes("boundary", |s| {
            let last = s.title.pop().expect("a title");
            s.body.insert(0, last);
        });
    }

    #[test]
    fn the_file_the_id_and_the_kind_leave_the_current_fingerprint_alone() {
        let before = sample();
        let mut after = before.clone();
        after.file = "ailleurs/99-renomme.toml".into();
        after.untranslated = true;
        assert_eq!(Fingerprint::of(&after), before.fingerprint);
        after.id = "autre-id".into();
        after.kind = Kind::Practice;
        assert_eq!(Fingerprint::of(&after).current, before.fingerprint.current);
        // The default pass mark, written down, is the same pass mark.
        after.pass_mark = Some(after.questions.len());
        assert_eq!(Fingerprint::of(&after).current, before.fingerprint.current);
    }

    #[test]
    fn a_stored_hash_matches_either_form_and_nothing_else() {
        let step = sample();
        let f = &step.fingerprint;
        assert!(f.current.starts_with("v1-") && f.current.len() == 27);
        assert!(f.legacy.len() == 24 && f.legacy.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(f.matches(&f.current));
        assert!(f.matches(&f.legacy));
        assert!(!f.matches(""));
        assert!(!f.matches(&f.current[3..]));
        assert!(!f.matches(&format!("v1-{}", f.legacy)));
        assert!(!Fingerprint::default().matches(""));
    }
}
