//! Property tests: the step checker, the progress loader and answer folding
//! never panic, whatever text they get; folding is idempotent; progress
//! survives a save and a load unchanged.
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 256).
//! Failures are not persisted to files: a failing case is printed, shrunk.

use std::borrow::Cow;

use jiff::Timestamp;
use onboard::content::{
    Answer, Choice, Fingerprint, Kind, Question, SourceFile, Step, check_files,
};
use onboard::progress::store::parse;
use onboard::progress::{ContentRecord, Progress, Recruit};
use onboard::text::fold;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const STEP: &str = r#"format = 1
id = "ouverture-par-defaut"
title = "L'ouverture par défaut"
kind = "value"
source = "https://example.org"
pass_mark = 2
body = """
Un *texte* avec une [source](https://example.org).
"""

[[questions]]
prompt = "Quelle est la règle ?"
explanation = "Parce que."
[[questions.choices]]
text = "Ouvrir"
correct = true
why = "Oui."
[[questions.choices]]
text = "Fermer"

[[questions]]
prompt = "Écris-la."
accept = ["ouverture", "ouvert"]
"#;

const JOURNEY: &str = "format = 1\ntitle = \"Parcours\"\nwelcome = \"Bienvenue\"\n";

const PROGRESS: &str = r#"schema = 1
welcomed = true

[recruit]
name = "Camille"

[content]
origin = "onboard 0.1.0"

[steps.alpha]
status = "passed"
score = 2
questions = 2
answers = [true, true]
first_score = 2
missed = [1]
attempts = 2
hash = "0123456789abcdef01234567"
started_at = "2026-01-05T09:00:00Z"
passed_at = "2026-01-05T09:01:00.123456789Z"

[steps.beta]
status = "started"
score = 0
questions = 3
answers = [false]
missed = [0]
attempts = 1
hash = "fedcba9876543210fedcba98"
started_at = "2026-01-05T09:02:00Z"
"#;

fn source(rel: &str, text: String) -> SourceFile {
    SourceFile {
        name: format!("steps/{rel}"),
        rel: rel.to_string(),
        text: Cow::Owned(text),
        problem: None,
    }
}

/// One edit of a text: cut a range, insert a string, or repeat a line.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Insert(usize, String),
    RepeatLine(usize),
    SwapLines(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = prop_oneof![
        any::<String>(),
        Just("\"".to_string()),
        Just("[[questions]]\n".to_string()),
        Just("[[questions.choices]]\ntext = \"x\"\n".to_string()),
        Just("\n[steps.x]\n".to_string()),
        Just("= ".to_string()),
        Just("'''".to_string()),
        Just("\"\"\"".to_string()),
        Just("[".repeat(200)),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("99999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        Just("true".to_string()),
        Just("{ a = 1 }".to_string()),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..80).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<usize>(), piece).prop_map(|(at, s)| Edit::Insert(at, s)),
        any::<usize>().prop_map(Edit::RepeatLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match edit {
            Edit::Cut(at, len) => {
                let at = at % (chars.len() + 1);
                let end = (at + len).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Insert(at, piece) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, piece.chars());
            }
            Edit::RepeatLine(n) => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let i = n % lines.len();
                lines.insert(i, lines[i]);
                chars = lines.join("\n").chars().collect();
            }
            Edit::SwapLines(a, b) => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let len = lines.len();
                lines.swap(a % len, b % len);
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

fn rel_path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("01-a.toml".to_string()),
        Just("02-b.toml".to_string()),
        Just("journey.toml".to_string()),
        Just("en/01-a.toml".to_string()),
        Just("en/journey.toml".to_string()),
        Just("notes.txt".to_string()),
        Just("a/b/c.toml".to_string()),
        "[a-z0-9/._-]{0,12}",
    ]
}

/// Letters that fold in surprising ways: ligatures, dotted capitals,
/// title-case digraphs, compatibility forms, combining marks, scripts
/// without case, digits of other scripts, spaces of all kinds.
fn tricky_text() -> impl Strategy<Value = String> {
    let tricky: Vec<char> = "İıǅǄǆßẞœŒæÆﬁﬂſK℃ÅΩΣςσ①²Ⅻ٣߃ǰΐΰ\u{301}\u{327}\u{308}\u{345}\u{20dd}\u{fe0f}\u{200d}\u{a0}\u{2009}\u{3000}\t\n'-.,;!?«»œ̃ÉéèêëÇçÖöÑñ한글日本ᾈᾼ𝔄𝒜ﬀﬃ"
        .chars()
        .collect();
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(tricky),
            any::<char>(),
            prop::char::range('a', 'z')
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_step_checker_never_panics_on_arbitrary_text(
        files in prop::collection::vec((rel_path(), any::<String>()), 0..4)
    ) {
        let files: Vec<SourceFile> = files.into_iter().map(|(rel, text)| source(&rel, text)).collect();
        let _ = check_files(&files, "steps");
    }

    #[test]
    fn the_step_checker_never_panics_on_damaged_steps(
        step_edits in prop::collection::vec(edit(), 1..6),
        journey_edits in prop::collection::vec(edit(), 0..3),
        translated in any::<bool>(),
    ) {
        let mut files = vec![
            source("01-a.toml", apply(STEP, &step_edits)),
            source("journey.toml", apply(JOURNEY, &journey_edits)),
        ];
        if translated {
            files.push(source("en/01-a.toml", STEP.to_string()));
        }
        match check_files(&files, "steps") {
            Ok(parsed) => {
                // What passes the checker is usable: questions, choices, answers.
                for step in &parsed.primary.steps {
                    prop_assert!(!step.questions.is_empty());
                    prop_assert!(step.pass_mark() >= 1 && step.pass_mark() <= step.questions.len());
                    prop_assert!(step.fingerprint.current.starts_with("v1-"));
                    prop_assert!(!step.fingerprint.legacy.is_empty());
                }
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for p in &problems {
                    prop_assert!(p.line >= 1 && p.col >= 1, "{p}");
                    prop_assert!(!p.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn the_progress_loader_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn the_progress_loader_never_panics_on_damaged_files(edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(PROGRESS, &edits);
        if let Ok(progress) = parse(&text) {
            // Whatever it accepts, it can write back and read again.
            let again = toml::to_string(&progress).expect("serialize");
            prop_assert_eq!(parse(&again), Ok(progress));
        }
    }

    #[test]
    fn folding_never_panics_and_is_idempotent(text in prop_oneof![any::<String>(), tricky_text()]) {
        let once = fold(&text);
        let twice = fold(&once);
        prop_assert_eq!(&twice, &once, "fold({:?})", text);
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
        prop_assert!(!once.contains("  "));
    }

    #[test]
    fn progress_round_trips_through_a_save_and_a_load(
        steps in prop::collection::vec(step_spec(), 1..5),
        ops in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, any::<bool>(), timestamp()), 0..40),
        welcomed in any::<bool>(),
        recruit in prop::option::of(any::<String>()),
        content in prop::option::of((any::<String>(), prop::option::of("[0-9a-f]{40}"))),
    ) {
        let steps: Vec<Step> = steps.into_iter().map(build_step).collect();
        let mut progress = Progress {
            welcomed,
            recruit: recruit.map(|name| Recruit { name }),
            content: content.map(|(origin, commit)| ContentRecord { origin, commit }),
            ..Progress::default()
        };
        for (which, index, right, now) in ops {
            let step = which.get(&steps);
            progress.record(step, index, right, now);
        }
        let text = toml::to_string(&progress).expect("serialize");
        prop_assert_eq!(parse(&text), Ok(progress.clone()));
        prop_assert!(text.starts_with("schema = 1"));
    }
}

/// A step's shape: id, question count, pass mark, hash.
fn step_spec() -> impl Strategy<Value = (String, usize, Option<usize>, String)> {
    (
        prop_oneof![any::<String>(), "[a-z][a-z0-9-]{0,20}"],
        1usize..5,
        prop::option::of(1usize..5),
        any::<String>(),
    )
}

fn build_step((id, count, pass_mark, hash): (String, usize, Option<usize>, String)) -> Step {
    Step {
        id: id.clone(),
        title: id,
        kind: Kind::Value,
        source: None,
        pass_mark: pass_mark.map(|m| m.min(count)),
        body: "b".into(),
        questions: (0..count)
            .map(|i| Question {
                prompt: format!("q{i}"),
                explanation: None,
                answer: if i.is_multiple_of(2) {
                    Answer::Accept(vec!["x".into()])
                } else {
                    Answer::Choices(vec![
                        Choice {
                            text: "a".into(),
                            correct: true,
                            why: None,
                        },
                        Choice {
                            text: "b".into(),
                            correct: false,
                            why: None,
                        },
                    ])
                },
                shuffle: true,
                variants: Vec::new(),
            })
            .collect(),
        file: String::new(),
        fingerprint: Fingerprint {
            current: hash.clone(),
            legacy: hash,
        },
        reflection: None,
        untranslated: false,
    }
}

/// Any instant jiff can hold, to the nanosecond.
fn timestamp() -> impl Strategy<Value = Timestamp> {
    let min = Timestamp::MIN.as_second() + 1;
    let max = Timestamp::MAX.as_second() - 1;
    prop_oneof![
        (min..max, 0i32..1_000_000_000),
        (1_700_000_000i64..1_900_000_000, 0i32..1_000_000_000),
    ]
    .prop_map(|(s, n)| Timestamp::new(s, n).unwrap())
}

#[test]
fn the_damaging_edits_do_damage() {
    // The edits are real: cutting the start loses the format key.
    let text = apply(STEP, &[Edit::Cut(0, 11)]);
    assert!(!text.starts_with("format"));
    assert!(check_files(&[source("01-a.toml", text)], "steps").is_err());
    // And the undamaged texts are valid.
    assert!(
        check_files(
            &[
                source("01-a.toml", STEP.into()),
                source("journey.toml", JOURNEY.into())
            ],
            "steps"
        )
        .is_ok()
    );
    assert!(parse(PROGRESS).is_ok());
}
