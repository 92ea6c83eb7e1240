//! Progress files written before step fingerprints were versioned: their
//! hashes (the v0 form) keep their meaning, and the next save rewrites them
//! in the current form (src/content/fingerprint.rs).

use crate::common::*;

/// A progress file as onboard 0.1.0 writes it, with v0 hashes: `vision`
/// passed, `mission` started with one question answered, and `artisanat`
/// passed on a text that has changed since (its hash is neither form).
const V0_PROGRESS: &str = r#"schema = 1
welcomed = true

[content]
origin = "onboard 0.1.0"

[steps.artisanat]
status = "passed"
score = 3
questions = 3
answers = [true, true, true]
first_score = 3
missed = []
attempts = 1
hash = "c2fca48cb001726982acf595"
started_at = "2026-01-05T09:00:00Z"
passed_at = "2026-01-05T09:10:00Z"

[steps.mission]
status = "started"
score = 1
questions = 3
answers = [true]
missed = []
attempts = 1
hash = "4ce14aa16de97992eb7f6d62"
started_at = "2026-01-05T09:20:00Z"

[steps.vision]
status = "passed"
score = 3
questions = 3
answers = [true, true, true]
first_score = 3
missed = []
attempts = 1
hash = "998fff5aad1d100c831b3cd7"
started_at = "2026-01-05T09:00:00Z"
passed_at = "2026-01-05T09:05:00Z"
"#;

#[test]
fn a_progress_file_with_v0_hashes_keeps_its_statuses_and_migrates_at_the_next_save() {
    let env = Env::new();
    std::fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    std::fs::write(env.progress(), V0_PROGRESS).unwrap();

    let before = statuses(&env.status_json(env.fixture("v010")));
    assert_eq!(
        before[..3],
        ["vision=passed", "mission=started", "artisanat=outdated"]
    );

    // `mission` resumes at its second question: only two answers are given.
    // The steps as onboard 0.1.0 shipped them (tests/fixtures/v010): the
    // content this file was written against.
    let content = load_fixture("v010");
    let mission = content.step("mission").unwrap();
    assert_eq!(mission.questions.len(), 3);
    // Written before draws were stored: the questions left are drawn for
    // this attempt (the first), as a first attempt draws them.
    let draws = first_draws(mission);
    let mut input: String = mission.questions[1..]
        .iter()
        .zip(&draws[1..])
        .map(|(q, d)| shown_right_line(q, d) + "\n")
        .collect();
    if mission.reflection.is_some() {
        input.push('\n');
    }
    let out = env
        .fixture("v010")
        .args(["step", "mission"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let progress = read_progress(&env.progress()).unwrap().unwrap();
    let mission = &progress.steps["mission"];
    assert_eq!(mission.answers, [true, true, true]);
    assert_eq!(mission.attempts, 1);
    // Saved again: the v0 hashes of unchanged steps are now v1; the hash
    // of the changed step is left as it was.
    let v1 = |id: &str| content.step(id).unwrap().fingerprint.current.clone();
    assert_eq!(mission.hash, v1("mission"));
    assert_eq!(progress.steps["vision"].hash, v1("vision"));
    assert!(mission.hash.starts_with("v1-"));
    assert_eq!(mission.draws, draws, "the draws are stored for the attempt");
    assert_eq!(progress.steps["artisanat"].hash, "c2fca48cb001726982acf595");

    let after = statuses(&env.status_json(env.fixture("v010")));
    assert_eq!(
        after[..3],
        ["vision=passed", "mission=passed", "artisanat=outdated"]
    );
}
