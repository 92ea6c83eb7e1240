//! `onboard review` and the review part of `onboard status`, through the real
//! binary in plain mode. The binary reads the real clock, so the progress
//! files here hold dates long past (due) or far ahead (not yet due).

use std::fs;

use crate::common::*;

const PAST: &str = "2020-01-01";
const FUTURE: &str = "2099-01-01";

/// A progress file where every step of `fixture` is passed, with the
/// current fingerprints, and the review cards `cards(step index, question
/// index)` as `(box, due)`.
fn progress_file(fixture: &str, cards: impl Fn(usize, usize) -> (u8, &'static str)) -> String {
    let content = load_fixture(fixture);
    let mut text = String::from("schema = 1\nwelcomed = true\n");
    for (s, step) in content.steps.iter().enumerate() {
        let n = step.questions.len();
        text.push_str(&format!(
            "\n[steps.{}]\nstatus = \"passed\"\nscore = {n}\nquestions = {n}\nhash = \"{}\"\nstarted_at = \"2026-11-01T10:00:00Z\"\npassed_at = \"2026-11-01T10:05:00Z\"\nreview = [\n",
            step.id, step.fingerprint.current
        ));
        for q in 0..n {
            let (level, due) = cards(s, q);
            text.push_str(&format!("  {{ box = {level}, due = {due} }},\n"));
        }
        text.push_str("]\n");
    }
    text
}

/// Every `(step id, box, due)` of the progress file, in order; checks that
/// each `due` is a TOML date (not a string, no time of day).
fn cards(env: &Env) -> Vec<(String, i64, String)> {
    let table: toml::Table = toml::from_str(&env.progress_text()).expect("the file is TOML");
    let mut out = Vec::new();
    for (id, step) in table["steps"].as_table().unwrap() {
        let Some(review) = step.get("review") else {
            continue;
        };
        for card in review.as_array().unwrap() {
            let due = card["due"]
                .as_datetime()
                .unwrap_or_else(|| panic!("due is not a TOML date: {card:?}"));
            assert!(due.date.is_some() && due.time.is_none(), "{due}");
            let level = card["box"].as_integer().expect("box is an integer");
            out.push((id.clone(), level, due.to_string()));
        }
    }
    out
}

#[test]
fn the_journey_schedules_every_question_with_toml_dates_and_nothing_is_due_yet() {
    let env = Env::new();
    let content = load_fixture("basic");
    let out = env
        .fixture("basic")
        .write_stdin(right_journey(&content))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Tes réponses reviendront en révision le "),
        "{stdout}"
    );

    let cards = cards(&env);
    let questions: usize = content.steps.iter().map(|s| s.questions.len()).sum();
    assert_eq!(cards.len(), questions, "{cards:?}");
    assert!(cards.iter().all(|(_, level, _)| *level == 1), "{cards:?}");

    let json = env.status_json(env.fixture("basic"));
    assert_eq!(json["review"]["due"], 0, "{json}");
    assert_eq!(json["review"]["next"], cards[0].2.as_str(), "{json}");

    let out = env.fixture("basic").arg("review").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Rien à revoir aujourd'hui."), "{stdout}");
    assert!(
        stdout.contains(&format!("Prochaine révision\u{a0}: le {}", cards[0].2)),
        "{stdout}"
    );
}

#[test]
fn status_counts_the_questions_due_and_gives_the_next_review() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    // alpha: one due, one in 2099; beta: one due, one on the next day.
    let text = progress_file("basic", |s, q| match (s, q) {
        (0, 0) => (1, PAST),
        (0, _) => (3, "2099-06-01"),
        (1, 0) => (2, "2024-05-05"),
        _ => (1, FUTURE),
    });
    fs::write(env.progress(), &text).unwrap();
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(json["review"]["due"], 2, "{json}");
    assert_eq!(json["review"]["next"], FUTURE, "{json}");
    // Every key that was there before is still there.
    for key in ["progress_file", "total", "passed", "steps"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["passed"], 2);

    let out = env.fixture("basic").arg("status").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Révision\u{a0}: 2 question(s) à revoir maintenant"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Prochaine révision\u{a0}: le {FUTURE}")),
        "{stdout}"
    );

    // A step changed since it was passed is not reviewed.
    let changed = text.replacen("hash = \"v1-", "hash = \"v1-0", 1);
    fs::write(env.progress(), changed).unwrap();
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(json["review"]["due"], 1, "{json}");
    assert_eq!(json["steps"][0]["status"], "outdated");
}

#[test]
fn a_plain_review_asks_at_most_five_and_saves_each_answer() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(env.progress(), progress_file("many", |_, _| (1, PAST))).unwrap();
    let before = cards(&env);
    assert!(before.len() > 5);

    let out = env
        .fixture("many")
        .args(["review", "--plain"])
        .env("ONBOARD_SEED", "12")
        // "1,2" answers a two-answer question; a one-answer question
        // refuses it (not counted) and takes the "1" that follows.
        .write_stdin("1,2\n1\n".repeat(20))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("\nRévision\u{a0}: 5 question(s)"),
        "{stdout}"
    );
    for n in 1..=5 {
        assert!(stdout.contains(&format!("Question {n} sur 5, de l'étape «")));
    }
    assert!(!stdout.contains("Question 6"), "{stdout}");
    assert!(
        stdout.contains("autre(s) question(s) attendent leur tour"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no escape codes in plain mode");

    let after = cards(&env);
    let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count();
    assert_eq!(moved, 5, "{after:?}");
    // Each answer is right (box 2) or wrong (box 1, tomorrow): never past.
    let asked: Vec<_> = after.iter().filter(|(_, _, due)| due != PAST).collect();
    assert_eq!(asked.len(), 5, "{after:?}");
}

#[test]
fn end_of_input_mid_review_exits_130_and_keeps_what_was_answered() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(env.progress(), progress_file("many", |_, _| (1, PAST))).unwrap();
    let out = env
        .fixture("many")
        .args(["review", "--plain"])
        .write_stdin("1\n2\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("interrompu"), "{stderr}");
    let answered = cards(&env)
        .into_iter()
        .filter(|(_, _, due)| due != PAST)
        .count();
    assert_eq!(answered, 2);
}

#[test]
fn nothing_due_says_so_and_exits_0_in_both_languages() {
    let env = Env::new();
    // No progress at all.
    let out = env.fixture("basic").arg("review").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Rien à revoir aujourd'hui."), "{stdout}");
    assert!(stdout.contains("2 jours après"), "{stdout}");

    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(env.progress(), progress_file("basic", |_, _| (2, FUTURE))).unwrap();
    let out = env
        .fixture("basic")
        .args(["review", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Nothing to review today."), "{stdout}");
    assert!(
        stdout.contains(&format!("Next review: {FUTURE}, in ")),
        "{stdout}"
    );
    let out = env
        .fixture("basic")
        .args(["status", "--lang", "en"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("Next review: {FUTURE}")),
        "{stdout}"
    );
}

#[test]
fn a_review_in_english_asks_in_english() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(env.progress(), progress_file("basic", |_, _| (1, PAST))).unwrap();
    let out = env
        .fixture("basic")
        .args(["review", "--plain", "--lang", "en"])
        .write_stdin("1,2\n1\n".repeat(8))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Review: 4 question(s)"), "{stdout}");
    assert!(
        stdout.contains("Question 1 of 4, from the step “"),
        "{stdout}"
    );
    assert!(stdout.contains("Review done: "), "{stdout}");
    assert!(!stdout.contains("Révision"), "{stdout}");
}
