//! Bad input, data-driven: step files, progress files, command lines and
//! answers typed in plain mode. Every row must give a clear message naming
//! the problem (and the file, where there is one), exit 1 or 2 (130 or 0 for
//! answers), no panic and no backtrace, and leave every existing file as it
//! was: the bytes, modes and modification times of everything in the test's
//! directory are compared before and after.
//!
//! The security checks (owner-only files, no shell, symbolic links) are at
//! the end.
#![cfg(unix)]

use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use crate::common::*;

/// Longer than any row needs, even on a loaded machine: a row that blocks
/// (a named pipe opened, endless input read whole) fails instead of hanging.
const LIMIT: Duration = Duration::from_secs(60);

/// The checks every row shares: no panic, no backtrace.
fn no_panic(out: &Output) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked")
        || stderr.contains("RUST_BACKTRACE")
        || stderr.contains("stack backtrace")
    {
        return Err(format!("panic or backtrace: {stderr}"));
    }
    Ok(())
}

fn expect_code(out: &Output, codes: &[i32]) -> Result<(), String> {
    match out.status.code() {
        Some(code) if codes.contains(&code) => Ok(()),
        other => Err(format!(
            "exit {other:?}, expected {codes:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn expect_text(text: &[u8], where_: &str, fragments: &[&str]) -> Result<(), String> {
    let text = String::from_utf8_lossy(text);
    for fragment in fragments {
        if !text.contains(fragment) {
            return Err(format!("{where_} lacks {fragment:?}: {text}"));
        }
    }
    Ok(())
}

/// Runs every row, collects the failures, and reports them all at once.
fn run_table<R>(
    title: &str,
    rows: &[R],
    name: impl Fn(&R) -> String,
    check: impl Fn(&R) -> Result<(), String>,
) -> usize {
    let mut failures = Vec::new();
    for row in rows {
        if let Err(err) = check(row) {
            failures.push(format!("[{}] {err}", name(row)));
        }
    }
    assert!(
        failures.is_empty(),
        "{title}: {} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
    println!("{title}: {} rows, each refused cleanly", rows.len());
    rows.len()
}

// ---------------------------------------------------------------------------
// Step files

const OK_STEP: &str = r#"format = 1
id = "ok"
title = "Bonne étape"
kind = "value"
body = "Un texte."

[[questions]]
prompt = "Une question ?"
[[questions.choices]]
text = "Oui"
correct = true
[[questions.choices]]
text = "Non"
"#;

/// The step each row breaks: valid as it is.
const BAD_STEP: &str = r#"format = 1
id = "bad"
title = "Mauvaise"
kind = "value"
body = "Texte."

[[questions]]
prompt = "Une question ?"
[[questions.choices]]
text = "Oui"
correct = true
[[questions.choices]]
text = "Non"
"#;

fn bad(from: &str, to: &str) -> Vec<u8> {
    assert!(BAD_STEP.contains(from), "{from:?}");
    BAD_STEP.replacen(from, to, 1).into_bytes()
}

enum Files {
    /// `01-ok.toml`, plus these files (relative path, bytes).
    WithOk(Vec<(&'static str, Vec<u8>)>),
    /// A symbolic link in the steps directory, to a missing file.
    DanglingLink(&'static str),
    /// The steps directory itself is odd: prepared by the function, which
    /// returns the path to give.
    Dir(fn(&Path) -> PathBuf),
}

struct StepRow {
    name: &'static str,
    files: Files,
    /// What the message names: a file (or directory) name.
    names: &'static str,
    /// What the message says.
    says: &'static str,
}

fn row(name: &'static str, bytes: Vec<u8>, says: &'static str) -> StepRow {
    StepRow {
        name,
        files: Files::WithOk(vec![("02-bad.toml", bytes)]),
        names: "02-bad.toml",
        says,
    }
}

/// What the checker says of text a terminal would act on.
const CONTROL: &str = "caractère de contrôle";

/// A steps directory with a valid step and `02-bad.toml`, a symbolic link
/// to `target`.
fn link_among_steps(root: &Path, target: &str) -> PathBuf {
    let dir = root.join("steps");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("01-ok.toml"), OK_STEP).unwrap();
    symlink(target, dir.join("02-bad.toml")).unwrap();
    dir
}

fn step_rows() -> Vec<StepRow> {
    let mut huge = String::from(BAD_STEP);
    huge.push_str(&format!("# {}\n", "x".repeat(1024 * 1024 + 10)));
    let deep = format!(
        "{BAD_STEP}\nextra = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut utf16 = vec![0xff, 0xfe];
    for unit in BAD_STEP.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut latin1 = BAD_STEP.replace("Mauvaise", "Mauvaise étape").into_bytes();
    let at = latin1.windows(2).position(|w| w == "é".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xe9]);
    vec![
        // TOML syntax
        row(
            "unterminated string",
            bad("title = \"Mauvaise\"", "title = \"Mauvaise"),
            "invalid basic string",
        ),
        row(
            "key without a value",
            bad("title = \"Mauvaise\"", "title ="),
            "string values must be quoted",
        ),
        row(
            "missing equals sign",
            bad("title = \"Mauvaise\"", "title \"Mauvaise\""),
            "expected `=`",
        ),
        row(
            "unclosed table header",
            bad("[[questions]]", "[[questions"),
            "unclosed array table",
        ),
        row(
            "duplicate key",
            bad("kind = \"value\"", "kind = \"value\"\ntitle = \"Encore\""),
            "duplicate key",
        ),
        row(
            "NUL byte",
            bad("Texte.", "Tex\0te."),
            "invalid basic string",
        ),
        row(
            "old Mac line endings (CR only)",
            BAD_STEP.replace('\n', "\r").into_bytes(),
            "carriage return must be followed by newline",
        ),
        row(
            "integer too large",
            bad("format = 1", "format = 99999999999999999999"),
            "99999999999999999999",
        ),
        row(
            "arrays nested 100 000 deep",
            deep.into_bytes(),
            "max recursion depth",
        ),
        row(
            "binary garbage",
            (0u8..=255).cycle().take(3000).collect(),
            "ce fichier n'est pas en UTF-8",
        ),
        // Wrong types
        row(
            "format is a string",
            bad("format = 1", "format = \"1\""),
            "invalid type: string \"1\", expected i64",
        ),
        row(
            "title is a number",
            bad("title = \"Mauvaise\"", "title = 3"),
            "invalid type: integer `3`",
        ),
        row(
            "body is an array",
            bad("body = \"Texte.\"", "body = [\"Texte.\"]"),
            "invalid type: sequence, expected a string",
        ),
        row(
            "unknown kind",
            bad("kind = \"value\"", "kind = \"poem\""),
            "unknown variant `poem`",
        ),
        row(
            "questions is a string",
            BAD_STEP[..BAD_STEP.find("[[questions]]").unwrap()]
                .replace(
                    "body = \"Texte.\"",
                    "body = \"Texte.\"\nquestions = \"aucune\"",
                )
                .into_bytes(),
            "invalid type: string \"aucune\", expected a sequence",
        ),
        row(
            "correct is a string",
            bad("correct = true", "correct = \"yes\""),
            "expected a boolean",
        ),
        row(
            "pass_mark is a string",
            bad("body = \"Texte.\"", "body = \"Texte.\"\npass_mark = \"1\""),
            "invalid type: string \"1\", expected i64",
        ),
        row(
            "accept is a string",
            bad(
                "prompt = \"Une question ?\"\n[[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n[[questions.choices]]\ntext = \"Non\"",
                "prompt = \"Une question ?\"\naccept = \"oui\"",
            ),
            "expected a sequence",
        ),
        // Unknown keys
        row(
            "unknown top-level key",
            bad("kind = \"value\"", "kind = \"value\"\ncolour = \"red\""),
            "unknown field `colour`",
        ),
        row(
            "unknown question key",
            bad(
                "prompt = \"Une question ?\"",
                "prompt = \"Une question ?\"\nhint = \"x\"",
            ),
            "unknown field `hint`",
        ),
        row(
            "unknown choice key",
            bad("correct = true", "correct = true\nweight = 2"),
            "unknown field `weight`",
        ),
        row(
            "misspelt key",
            bad("body = ", "bodi = "),
            "unknown field `bodi`",
        ),
        // Missing keys
        row(
            "missing format",
            bad("format = 1\n", ""),
            "missing field `format`",
        ),
        row(
            "missing id",
            bad("id = \"bad\"\n", ""),
            "missing field `id`",
        ),
        row(
            "missing title",
            bad("title = \"Mauvaise\"\n", ""),
            "missing field `title`",
        ),
        row(
            "missing kind",
            bad("kind = \"value\"\n", ""),
            "missing field `kind`",
        ),
        row(
            "missing body",
            bad("body = \"Texte.\"\n", ""),
            "missing field `body`",
        ),
        row(
            "missing prompt",
            bad("prompt = \"Une question ?\"\n", ""),
            "missing field `prompt`",
        ),
        row(
            "missing choice text",
            bad("text = \"Non\"", "correct = false"),
            "missing field `text`",
        ),
        // Format version
        row(
            "format 2",
            bad("format = 1", "format = 2"),
            "format 2 non pris en charge",
        ),
        row(
            "format 0",
            bad("format = 1", "format = 0"),
            "format 0 non pris en charge",
        ),
        row(
            "format -1",
            bad("format = 1", "format = -1"),
            "format -1 non pris en charge",
        ),
        // Encoding and size
        row(
            "a byte that is not UTF-8",
            cat(&[
                b"format = 1\nid = \"bad\"\ntitle = \"Mauvaise \xff\"\n",
                &BAD_STEP.as_bytes()[BAD_STEP.find("kind").unwrap()..],
            ]),
            "ce fichier n'est pas en UTF-8",
        ),
        row("Latin-1 accents", latin1, "ce fichier n'est pas en UTF-8"),
        row(
            "UTF-16 with its byte-order mark",
            utf16,
            "ce fichier n'est pas en UTF-8",
        ),
        row(
            "larger than 1 MiB",
            huge.into_bytes(),
            "ce fichier dépasse 1024 Kio",
        ),
        row("empty file", Vec::new(), "missing field `format`"),
        row(
            "only comments and blank lines",
            b"# rien\n\n   \n".to_vec(),
            "missing field `format`",
        ),
        // Content rules
        row(
            "id in capitals",
            bad("id = \"bad\"", "id = \"Bad\""),
            "identifiant «\u{a0}Bad\u{a0}» invalide",
        ),
        row(
            "id that climbs directories",
            bad("id = \"bad\"", "id = \"../etc\""),
            "identifiant «\u{a0}../etc\u{a0}» invalide",
        ),
        row(
            "id of 65 characters",
            bad("id = \"bad\"", &format!("id = \"{}\"", "a".repeat(65))),
            "identifiant «\u{a0}aaaaaaaaaa",
        ),
        row(
            "empty title",
            bad("title = \"Mauvaise\"", "title = \"  \""),
            "le titre est vide",
        ),
        row(
            "empty body",
            bad("body = \"Texte.\"", "body = \"\""),
            "le texte (body) est vide",
        ),
        row(
            "no question",
            BAD_STEP.as_bytes()[..BAD_STEP.find("[[questions]]").unwrap()].to_vec(),
            "l'étape n'a aucune question",
        ),
        row(
            "both choices and accept",
            bad(
                "prompt = \"Une question ?\"",
                "prompt = \"Une question ?\"\naccept = [\"oui\"]",
            ),
            "soit des réponses libres (accept), pas les deux",
        ),
        row(
            "neither choices nor accept",
            BAD_STEP.as_bytes()[..BAD_STEP.find("[[questions.choices]]").unwrap()].to_vec(),
            "la question n'a ni choix",
        ),
        row(
            "a single choice",
            BAD_STEP.as_bytes()[..BAD_STEP.rfind("[[questions.choices]]").unwrap()].to_vec(),
            "une question à choix en demande au moins 2",
        ),
        row(
            "no right choice",
            bad("correct = true\n", ""),
            "aucun choix n'est marqué correct = true",
        ),
        row(
            "the same choice twice",
            bad("text = \"Non\"", "text = \"oui\""),
            "apparaît deux fois",
        ),
        row(
            "empty accept list",
            bad(
                "prompt = \"Une question ?\"\n[[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n[[questions.choices]]\ntext = \"Non\"",
                "prompt = \"Une question ?\"\naccept = []",
            ),
            "la liste accept est vide",
        ),
        row(
            "accept with punctuation only",
            bad(
                "prompt = \"Une question ?\"\n[[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n[[questions.choices]]\ntext = \"Non\"",
                "prompt = \"Une question ?\"\naccept = [\"...\", \" \"]",
            ),
            "la liste accept est vide",
        ),
        row(
            "pass_mark 0",
            bad("body = \"Texte.\"", "body = \"Texte.\"\npass_mark = 0"),
            "pass_mark vaut 0",
        ),
        row(
            "pass_mark above the questions",
            bad("body = \"Texte.\"", "body = \"Texte.\"\npass_mark = 5"),
            "pass_mark vaut 5",
        ),
        row(
            "empty prompt",
            bad("prompt = \"Une question ?\"", "prompt = \"\""),
            "la question (prompt) est vide",
        ),
        StepRow {
            name: "an id already taken by another file",
            files: Files::WithOk(vec![("02-bad.toml", bad("id = \"bad\"", "id = \"ok\""))]),
            names: "02-bad.toml",
            says: "l'identifiant «\u{a0}ok\u{a0}» est déjà pris par",
        },
        // Other files
        StepRow {
            name: "journey.toml with an unknown key",
            files: Files::WithOk(vec![(
                "journey.toml",
                b"format = 1\ntitel = \"x\"\n".to_vec(),
            )]),
            names: "journey.toml",
            says: "unknown field `titel`",
        },
        StepRow {
            name: "journey.toml in format 2",
            files: Files::WithOk(vec![("journey.toml", b"format = 2\n".to_vec())]),
            names: "journey.toml",
            says: "format 2 non pris en charge",
        },
        StepRow {
            name: "a file that is not TOML",
            files: Files::WithOk(vec![("notes.txt", b"des notes\n".to_vec())]),
            names: "notes.txt",
            says: "n'est pas une étape",
        },
        StepRow {
            name: "a directory two levels down",
            files: Files::WithOk(vec![("en/profond/01-ok.toml", OK_STEP.as_bytes().to_vec())]),
            names: "profond",
            says: "n'est pas une étape",
        },
        StepRow {
            name: "a translation that lacks a step",
            files: Files::WithOk(vec![(
                "en/02-extra.toml",
                bad("id = \"bad\"", "id = \"extra\""),
            )]),
            names: "en",
            says: "n'est pas traduite en «\u{a0}en\u{a0}»",
        },
        // Text a terminal would act on, in each field a step shows (issue
        // 13): refused by the checker at FILE:LINE:COL.
        row(
            "OSC 52 (clipboard) in the title",
            bad(
                "title = \"Mauvaise\"",
                "title = \"Mauvaise\\u001b]52;c;ZWNobw==\\u0007\"",
            ),
            CONTROL,
        ),
        row(
            "a screen clear in the body",
            bad("body = \"Texte.\"", "body = \"Texte.\\u001b[2J\""),
            CONTROL,
        ),
        row(
            "a cursor move in a prompt",
            bad(
                "prompt = \"Une question ?\"",
                "prompt = \"Une question ?\\u001b[1A\\u001b[2K\"",
            ),
            CONTROL,
        ),
        row(
            "an OSC 8 link in a choice",
            bad(
                "text = \"Oui\"",
                "text = \"\\u001b]8;;https://ailleurs.example\\u001b\\\\Oui\\u001b]8;;\\u001b\\\\\"",
            ),
            CONTROL,
        ),
        row(
            "an OSC 0 window title in a why",
            bad(
                "text = \"Non\"",
                "text = \"Non\"\nwhy = \"\\u001b]0;onboard\\u0007Parce que.\"",
            ),
            CONTROL,
        ),
        row(
            "a C1 CSI in an explanation",
            bad(
                "prompt = \"Une question ?\"",
                "prompt = \"Une question ?\"\nexplanation = \"\\u009b2J\"",
            ),
            CONTROL,
        ),
        row(
            "an escape in an accepted answer",
            bad(
                "[[questions.choices]]\ntext = \"Oui\"\ncorrect = true\n[[questions.choices]]\ntext = \"Non\"\n",
                "accept = [\"oui\\u001b[31m\"]\n",
            ),
            CONTROL,
        ),
        row(
            "a right-to-left override in a choice",
            bad("text = \"Oui\"", "text = \"Oui\\u202e\""),
            CONTROL,
        ),
        row(
            "a bell in the body",
            bad("body = \"Texte.\"", "body = \"Texte.\\u0007\""),
            CONTROL,
        ),
        row(
            "a DEL in the title",
            bad("title = \"Mauvaise\"", "title = \"Mauv\\u007faise\""),
            CONTROL,
        ),
        row(
            "an escape in the source address",
            bad(
                "body = \"Texte.\"",
                "body = \"Texte.\"\nsource = \"https://exemple.org/\\u001b[2J\"",
            ),
            CONTROL,
        ),
        StepRow {
            name: "an escape in journey.toml's welcome",
            files: Files::WithOk(vec![(
                "journey.toml",
                b"format = 1\ntitle = \"Parcours\"\nwelcome = \"Bienvenue\\u001b[2J\"\nclosing = \"Fin.\"\n"
                    .to_vec(),
            )]),
            names: "journey.toml",
            says: CONTROL,
        },
        StepRow {
            name: "a file name holding an escape sequence",
            files: Files::WithOk(vec![(
                "02-\x1b[2J.toml",
                bad("format = 1", "format = 2"),
            )]),
            names: "02-\\u{1b}[2J.toml",
            says: "format",
        },
        // Links and special files among the steps.
        StepRow {
            name: "a symbolic link to /proc/self/pagemap",
            files: Files::Dir(|root| link_among_steps(root, "/proc/self/pagemap")),
            names: "02-bad.toml",
            says: "hors du dossier de contenu",
        },
        StepRow {
            name: "a symbolic link to /etc/hostname",
            files: Files::Dir(|root| link_among_steps(root, "/etc/hostname")),
            names: "02-bad.toml",
            says: "hors du dossier de contenu",
        },
        StepRow {
            name: "a symbolic link to /dev/zero",
            files: Files::Dir(|root| link_among_steps(root, "/dev/zero")),
            names: "02-bad.toml",
            says: "hors du dossier de contenu",
        },
        StepRow {
            name: "a symbolic link to itself",
            files: Files::Dir(|root| {
                let dir = link_among_steps(root, "/nulle-part");
                fs::remove_file(dir.join("02-bad.toml")).unwrap();
                symlink("02-bad.toml", dir.join("02-bad.toml")).unwrap();
                dir
            }),
            names: "02-bad.toml",
            says: "illisible",
        },
        StepRow {
            name: "a socket among the steps",
            files: Files::Dir(|root| {
                let dir = link_among_steps(root, "/nulle-part");
                fs::remove_file(dir.join("02-bad.toml")).unwrap();
                drop(std::os::unix::net::UnixListener::bind(dir.join("02-bad.toml")).unwrap());
                dir
            }),
            names: "02-bad.toml",
            says: "ce fichier n'est pas une étape",
        },
        StepRow {
            name: "a dangling symbolic link",
            files: Files::DanglingLink("02-bad.toml"),
            names: "02-bad.toml",
            says: "illisible",
        },
        StepRow {
            name: "an empty steps directory",
            files: Files::Dir(|root| {
                let dir = root.join("vide");
                fs::create_dir_all(&dir).unwrap();
                dir
            }),
            names: "vide",
            says: "aucune étape trouvée",
        },
        StepRow {
            name: "a steps directory that does not exist",
            files: Files::Dir(|root| root.join("absent")),
            names: "absent",
            says: "illisible",
        },
        StepRow {
            name: "a file given as the steps directory",
            files: Files::Dir(|root| {
                let file = root.join("un-fichier.toml");
                fs::write(&file, OK_STEP).unwrap();
                file
            }),
            names: "un-fichier.toml",
            says: "illisible",
        },
    ]
}

fn prepare_steps(env: &Env, files: &Files) -> PathBuf {
    let root = env.path("content");
    fs::create_dir_all(&root).unwrap();
    match files {
        Files::Dir(make) => make(&root),
        Files::DanglingLink(name) => {
            let dir = root.join("steps");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("01-ok.toml"), OK_STEP).unwrap();
            symlink(dir.join("absent.toml"), dir.join(name)).unwrap();
            dir
        }
        Files::WithOk(files) => {
            let dir = root.join("steps");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("01-ok.toml"), OK_STEP).unwrap();
            for (rel, bytes) in files {
                let path = dir.join(rel);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
            dir
        }
    }
}

fn check_step_row(row: &StepRow) -> Result<(), String> {
    let env = Env::new();
    let dir = prepare_steps(&env, &row.files);
    let before = snapshot(env.dir.path());
    // The content in use: the first problem, with its file, on stderr.
    let out = env
        .cmd()
        .arg("--steps")
        .arg(&dir)
        .arg("status")
        .timeout(LIMIT)
        .output()
        .unwrap();
    no_panic(&out)?;
    expect_code(&out, &[1])?;
    expect_text(&out.stderr, "status stderr", &[row.names, row.says])?;
    // The authors' check: every problem as FILE:LINE:COL on stdout.
    let out = env
        .cmd()
        .args(["steps", "check"])
        .arg(&dir)
        .timeout(LIMIT)
        .output()
        .unwrap();
    no_panic(&out)?;
    expect_code(&out, &[1])?;
    let listing = if out.stdout.is_empty() {
        &out.stderr
    } else {
        &out.stdout
    };
    if std::env::var_os("ONBOARD_SHOW_MESSAGES").is_some() {
        println!(
            "[{}]\n  {}",
            row.name,
            String::from_utf8_lossy(listing)
                .trim()
                .replace('\n', "\n  ")
        );
    }
    expect_text(listing, "steps check output", &[row.names, row.says])?;
    let text = String::from_utf8_lossy(listing);
    let located = text.lines().any(|l| {
        l.contains(row.names)
            && l.split(": ")
                .next()
                .is_some_and(|head| head.matches(':').count() >= 2)
    });
    if !out.stdout.is_empty() && !located {
        return Err(format!("no FILE:LINE:COL line: {text}"));
    }
    let diff = snapshot_diff(&before, &snapshot(env.dir.path()));
    if !diff.is_empty() {
        return Err(format!("files changed: {diff:?}"));
    }
    Ok(())
}

#[test]
fn bad_step_files_are_refused_with_the_file_and_the_problem() {
    let rows = step_rows();
    assert!(rows.len() >= 50);
    run_table("step files", &rows, |r| r.name.to_string(), check_step_row);
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted_by_design() {
    // Editors on Windows write both; such files load like any other.
    let env = Env::new();
    let dir = env.path("steps");
    fs::create_dir_all(&dir).unwrap();
    let windows = |text: &str| {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        bytes
    };
    fs::write(dir.join("01-ok.toml"), windows(OK_STEP)).unwrap();
    fs::write(dir.join("02-bad.toml"), windows(BAD_STEP)).unwrap();
    fs::write(
        dir.join("journey.toml"),
        windows("format = 1\ntitle = \"Parcours Windows\"\n"),
    )
    .unwrap();
    env.cmd()
        .args(["steps", "check"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 étapes"));
    let out = env
        .cmd()
        .arg("--steps")
        .arg(&dir)
        .args(["status", "--format", "json"])
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["steps"][1]["title"], "Mauvaise");
    // And the journey runs on them.
    env.cmd()
        .arg("--steps")
        .arg(&dir)
        .args(["step", "ok"])
        .write_stdin("\r\n1\r\n")
        .assert()
        .success()
        .stdout(predicates::str::contains("Bonne réponse."));
}

/// A named pipe among the steps: reading it would block for ever, so the
/// loader refuses what is not a regular file, as the progress store does.
/// The time limit below turns a regression into a failure, not a hang.
#[test]
fn a_named_pipe_among_the_steps_is_refused() {
    let env = Env::new();
    let dir = prepare_steps(&env, &Files::WithOk(vec![]));
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("02-pipe.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("onboard"))
        .args(["steps", "check"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("onboard steps check blocks on a named pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

// ---------------------------------------------------------------------------
// Progress files

/// A valid progress file, as the tool writes it: alpha passed, beta started.
fn valid_progress(env: &Env) -> Vec<u8> {
    let content = load_fixture("basic");
    let alpha = &content.steps[0];
    let beta = &content.steps[1];
    let mut input = String::from("\n\n");
    for line in answer_lines(alpha, 0, |_| true) {
        input.push_str(&line);
        input.push('\n');
    }
    input.push('\n');
    input.push_str(&right_line(&beta.questions[0].answer));
    input.push('\n');
    let scratch = Env::new();
    scratch
        .fixture("basic")
        .write_stdin(input)
        .assert()
        .code(130);
    let _ = env;
    fs::read(scratch.progress()).unwrap()
}

fn replace(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replacen(from, to, 1).into_bytes()
}

/// Puts something bad at (or around) the progress file, given a valid one.
type Setup = Box<dyn Fn(&Env, &[u8])>;

struct ProgressRow {
    name: &'static str,
    /// Puts something bad at (or around) `env.progress()`.
    setup: Setup,
    says: &'static str,
    /// Only meaningful when file permissions apply (not as root).
    needs_permissions: bool,
}

fn write_progress(env: &Env, bytes: &[u8]) {
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    fs::write(env.progress(), bytes).unwrap();
}

fn prow(
    name: &'static str,
    says: &'static str,
    make: impl Fn(&[u8]) -> Vec<u8> + 'static,
) -> ProgressRow {
    ProgressRow {
        name,
        setup: Box::new(move |env, valid| write_progress(env, &make(valid))),
        says,
        needs_permissions: false,
    }
}

fn special(
    name: &'static str,
    says: &'static str,
    setup: impl Fn(&Env, &[u8]) + 'static,
) -> ProgressRow {
    ProgressRow {
        name,
        setup: Box::new(setup),
        says,
        needs_permissions: false,
    }
}

fn progress_rows() -> Vec<ProgressRow> {
    let corrupt = "est illisible";
    let link = "lien symbolique";
    let beyond = "dépassent ses";
    vec![
        prow("truncated in the middle", corrupt, |v| {
            v[..v.len() / 2].to_vec()
        }),
        prow("truncated inside a string", corrupt, |v| {
            let text = String::from_utf8(v.to_vec()).unwrap();
            let at = text.find("hash = \"").unwrap() + 10;
            v[..at].to_vec()
        }),
        prow("binary garbage", "UTF-8", |_| {
            (0u8..=255).rev().cycle().take(5000).collect()
        }),
        prow("text garbage", corrupt, |_| b"n'importe quoi\n".to_vec()),
        prow("empty file", "schema = 1", |_| Vec::new()),
        prow("a future schema (2)", "schéma 2", |v| {
            replace(v, "schema = 1", "schema = 2")
        }),
        prow("a far future schema", "schéma 99999", |v| {
            replace(v, "schema = 1", "schema = 99999")
        }),
        prow("schema 0", "schema = 1", |v| {
            replace(v, "schema = 1", "schema = 0")
        }),
        prow("schema as a string", "schema = 1", |v| {
            replace(v, "schema = 1", "schema = \"1\"")
        }),
        prow("no schema", "schema = 1", |v| {
            replace(v, "schema = 1\n", "")
        }),
        prow("an unknown status", corrupt, |v| {
            replace(v, "status = \"passed\"", "status = \"done\"")
        }),
        prow("score as a string", corrupt, |v| {
            replace(v, "score = 2", "score = \"two\"")
        }),
        prow("a negative score", corrupt, |v| {
            replace(v, "score = 2", "score = -1")
        }),
        prow("answers as numbers", corrupt, |v| {
            replace(v, "answers = [true, true]", "answers = [1, 2]")
        }),
        prow("a missing hash", corrupt, |v| {
            let text = String::from_utf8(v.to_vec()).unwrap();
            let start = text.find("hash = ").unwrap();
            let end = start + text[start..].find('\n').unwrap() + 1;
            format!("{}{}", &text[..start], &text[end..]).into_bytes()
        }),
        prow("a date that is not one", corrupt, |v| {
            let text = String::from_utf8(v.to_vec()).unwrap();
            let start = text.find("started_at = ").unwrap();
            let end = start + text[start..].find('\n').unwrap();
            format!("{}started_at = \"hier\"{}", &text[..start], &text[end..]).into_bytes()
        }),
        prow("steps as an array", corrupt, |_| {
            b"schema = 1\nsteps = []\n".to_vec()
        }),
        prow("a step as a number", corrupt, |_| {
            b"schema = 1\n[steps]\nalpha = 3\n".to_vec()
        }),
        prow("welcomed as a string", corrupt, |v| {
            replace(v, "welcomed = true", "welcomed = \"oui\"")
        }),
        prow("a table twice", corrupt, |v| {
            let mut v = v.to_vec();
            v.extend_from_slice(b"\n[steps.alpha]\nstatus = \"passed\"\n");
            v
        }),
        prow("a byte that is not UTF-8", "UTF-8", |v| {
            let mut v = v.to_vec();
            v.extend_from_slice(b"# \xff\xfe\n");
            v
        }),
        prow("larger than 16 MiB", "16 Mio", |v| {
            let mut v = v.to_vec();
            v.extend(std::iter::repeat_n(b'#', 16 * 1024 * 1024 + 1));
            v
        }),
        // Records no run of onboard writes: refused, never shown as
        // "question 3 sur 2" or a score above the questions.
        prow("more answers than questions", beyond, |v| {
            replace(
                v,
                "answers = [true, true]",
                "answers = [true, false, true, true, true]",
            )
        }),
        prow("a started step answered past its questions", beyond, |v| {
            replace(v, "answers = [true]", "answers = [true, true, true]")
        }),
        prow("a score above the questions", beyond, |v| {
            replace(v, "score = 2", "score = 3")
        }),
        prow("the largest score TOML holds", beyond, |v| {
            replace(v, "score = 2", "score = 9223372036854775807")
        }),
        prow("a score beyond 64 bits", corrupt, |v| {
            replace(v, "score = 2", "score = 18446744073709551615")
        }),
        prow("attempts beyond 32 bits", corrupt, |v| {
            replace(v, "attempts = 1", "attempts = 4294967296")
        }),
        prow("a negative number of questions", corrupt, |v| {
            replace(v, "questions = 2", "questions = -2")
        }),
        prow("zero questions with answers", beyond, |v| {
            replace(v, "questions = 2", "questions = 0")
        }),
        prow("an escape sequence in a step id", beyond, |v| {
            replace(
                v,
                "[steps.beta]\n",
                "[steps.\"\\u001b]52;c;ZWNobw==\\u0007\"]\nstatus = \"started\"\nscore = 0\nquestions = 0\nanswers = [true]\nhash = \"x\"\nstarted_at = \"2026-01-01T00:00:00Z\"\n\n[steps.beta]\n",
            )
        }),
        prow("questions beyond 64 bits", corrupt, |v| {
            replace(v, "questions = 2", "questions = 18446744073709551616")
        }),
        prow("negative attempts", corrupt, |v| {
            replace(v, "attempts = 1", "attempts = -1")
        }),
        prow("a score as a float", corrupt, |v| {
            replace(v, "score = 2", "score = 2.0")
        }),
        prow("schema as a float", "schema = 1", |v| {
            replace(v, "schema = 1", "schema = 1.0")
        }),
        prow("schema beyond 64 bits", corrupt, |v| {
            replace(v, "schema = 1", "schema = 18446744073709551616")
        }),
        prow("a year beyond 9999", corrupt, |v| {
            let text = String::from_utf8(v.to_vec()).unwrap();
            let start = text.find("started_at = ").unwrap();
            let end = start + text[start..].find('\n').unwrap();
            format!(
                "{}started_at = \"99999-01-01T00:00:00Z\"{}",
                &text[..start],
                &text[end..]
            )
            .into_bytes()
        }),
        prow("welcomed as a number", corrupt, |v| {
            replace(v, "welcomed = true", "welcomed = 1")
        }),
        prow("the recruit as a string", corrupt, |v| {
            replace(
                v,
                "welcomed = true\n",
                "welcomed = true\nrecruit = \"Camille\"\n",
            )
        }),
        prow("a negative missed question", corrupt, |v| {
            replace(v, "missed = []", "missed = [-1]")
        }),
        prow("a review box below zero", corrupt, |v| {
            replace(v, "box = 1", "box = -1")
        }),
        prow("UTF-16", "UTF-8", |v| {
            let text = String::from_utf8(v.to_vec()).unwrap();
            let mut bytes = vec![0xff, 0xfe];
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            bytes
        }),
        prow("a NUL byte in a key", corrupt, |v| {
            replace(v, "welcomed = true", "welc\0omed = true")
        }),
        special("a directory in its place", "est un dossier", |env, _| {
            fs::create_dir_all(env.progress()).unwrap();
            fs::write(env.progress().join("dedans.txt"), "x").unwrap();
        }),
        special(
            "a named pipe in its place",
            "n'est pas un fichier ordinaire",
            |env, _| {
                fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
                let status = std::process::Command::new("mkfifo")
                    .arg(env.progress())
                    .status()
                    .unwrap();
                assert!(status.success());
            },
        ),
        special(
            "a socket in its place",
            "n'est pas un fichier ordinaire",
            |env, _| {
                fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
                // Bound, then left: the socket file stays.
                let listener = std::os::unix::net::UnixListener::bind(env.progress()).unwrap();
                drop(listener);
            },
        ),
        special(
            "a file in place of its directory",
            "impossible de lire",
            |env, _| {
                fs::write(env.progress().parent().unwrap(), "pas un dossier").unwrap();
            },
        ),
        special("a symbolic link to itself", link, |env, _| {
            fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
            symlink(env.progress(), env.progress()).unwrap();
        }),
        special("a dangling symbolic link", link, |env, _| {
            fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
            symlink(env.path("nulle-part/progress.toml"), env.progress()).unwrap();
        }),
        special("a symbolic link to a directory", link, |env, _| {
            fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
            fs::create_dir_all(env.path("un-dossier")).unwrap();
            symlink(env.path("un-dossier"), env.progress()).unwrap();
        }),
        special(
            "a symbolic link to a named pipe",
            "n'est pas un fichier ordinaire",
            |env, _| {
                fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
                let status = std::process::Command::new("mkfifo")
                    .arg(env.path("tube"))
                    .status()
                    .unwrap();
                assert!(status.success());
                symlink(env.path("tube"), env.progress()).unwrap();
            },
        ),
        ProgressRow {
            name: "unreadable (mode 000)",
            setup: Box::new(|env, valid| {
                write_progress(env, valid);
                fs::set_permissions(env.progress(), fs::Permissions::from_mode(0o000)).unwrap();
            }),
            says: "impossible de lire",
            needs_permissions: true,
        },
    ]
}

fn check_progress_row(row: &ProgressRow, valid: &[u8], permissions: bool) -> Result<(), String> {
    if row.needs_permissions && !permissions {
        println!(
            "  note: [{}] skipped: file permissions do not apply to this user (root?)",
            row.name
        );
        return Ok(());
    }
    let env = Env::new();
    (row.setup)(&env, valid);
    let before = snapshot(env.dir.path());
    let path = env.progress().display().to_string();
    let commands: [(&[&str], &str); 6] = [
        (&["status"], ""),
        (&["status", "--format", "json"], ""),
        (&[], "\n\n2\n1,3\n"),
        (&["step", "alpha"], "\n2\n1,3\n"),
        (&["reset", "alpha", "--yes"], ""),
        (&["report", "--format", "json"], "Camille\n"),
    ];
    for (args, input) in commands {
        let out = env
            .fixture("basic")
            .args(args)
            .write_stdin(input)
            .timeout(LIMIT)
            .output()
            .unwrap();
        if std::env::var_os("ONBOARD_SHOW_MESSAGES").is_some() && args == ["status"] {
            println!(
                "[{}]\n  {}",
                row.name,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        no_panic(&out)?;
        expect_code(&out, &[1]).map_err(|e| format!("{args:?}: {e}"))?;
        expect_text(&out.stderr, &format!("{args:?} stderr"), &[&path, row.says])?;
        if !out.stdout.is_empty()
            && !String::from_utf8_lossy(&out.stdout).trim().is_empty()
            && args == ["status", "--format", "json"]
        {
            return Err(format!(
                "{args:?} printed a status: {}",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        let diff = snapshot_diff(&before, &snapshot(env.dir.path()));
        if !diff.is_empty() {
            return Err(format!("{args:?} changed files: {diff:?}"));
        }
    }
    Ok(())
}

#[test]
fn bad_progress_files_are_refused_named_and_left_untouched() {
    let valid = valid_progress(&Env::new());
    let scratch = Env::new();
    let permissions = permissions_apply(scratch.dir.path());
    let rows = progress_rows();
    run_table(
        "progress files",
        &rows,
        |r| r.name.to_string(),
        |r| check_progress_row(r, &valid, permissions),
    );
}

/// The largest number of attempts a file can hold stays there at the next
/// attempt: it never wraps to 0.
#[test]
fn the_largest_number_of_attempts_never_wraps() {
    let env = Env::new();
    let valid = valid_progress(&env);
    write_progress(
        &env,
        &replace(&valid, "attempts = 1", "attempts = 4294967295"),
    );
    // Whatever order the choices come in: one choice, then two.
    let input = "\n1\n1,2\n";
    let out = env
        .fixture("basic")
        .args(["step", "alpha"])
        .write_stdin(input)
        .timeout(LIMIT)
        .output()
        .unwrap();
    no_panic(&out).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    assert_eq!(progress.steps["alpha"].attempts, u32::MAX);
    assert_eq!(progress.next_attempt("alpha"), u32::MAX);
}

#[test]
fn a_read_only_directory_refuses_saves_and_keeps_the_file() {
    let env = Env::new();
    if !permissions_apply(env.dir.path()) {
        println!("note: skipped: file permissions do not apply to this user (root?)");
        return;
    }
    write_progress(&env, &valid_progress(&env));
    let data = env.progress().parent().unwrap().to_path_buf();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(env.dir.path());
    // Reading still works.
    env.fixture("basic").arg("status").assert().success();
    // A save is refused, naming where it could not write.
    for (args, input) in [
        (&["step", "alpha"][..], "\n2\n1,3\n"),
        (&["reset", "alpha", "--yes"][..], ""),
    ] {
        let out = env
            .fixture("basic")
            .args(args)
            .write_stdin(input)
            .timeout(LIMIT)
            .output()
            .unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        no_panic(&out).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&data.display().to_string()), "{stderr}");
        assert!(stderr.contains("impossible"), "{stderr}");
        fs::set_permissions(&data, fs::Permissions::from_mode(0o555)).unwrap();
    }
    assert_eq!(
        snapshot_diff(&before, &snapshot(env.dir.path())),
        Vec::<String>::new()
    );
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
}

// ---------------------------------------------------------------------------
// Command lines: clap's own errors, exit 2.

struct CliRow {
    name: &'static str,
    args: Vec<OsString>,
    env: Option<(&'static str, &'static str)>,
    says: &'static str,
}

fn cli(name: &'static str, args: &[&str], says: &'static str) -> CliRow {
    CliRow {
        name,
        args: args.iter().map(OsString::from).collect(),
        env: None,
        says,
    }
}

fn cli_rows() -> Vec<CliRow> {
    vec![
        cli("unknown flag", &["--frobnicate"], "--frobnicate"),
        cli(
            "unknown flag after a subcommand",
            &["status", "--vite"],
            "--vite",
        ),
        cli("unknown subcommand", &["frobnicate"], "frobnicate"),
        cli(
            "bad --format for status",
            &["status", "--format", "xml"],
            "xml",
        ),
        cli(
            "bad --format for report",
            &["report", "--format", "pdf"],
            "pdf",
        ),
        cli(
            "bad --format for audit",
            &["audit", "--format", "yaml"],
            "yaml",
        ),
        cli("bad --lang", &["--lang", "de", "status"], "'de'"),
        CliRow {
            name: "bad ONBOARD_LANG",
            args: vec!["status".into()],
            env: Some(("ONBOARD_LANG", "klingon")),
            says: "klingon",
        },
        cli("missing step id", &["step"], "<ID>"),
        cli(
            "missing --progress value",
            &["status", "--progress"],
            "--progress",
        ),
        cli("flag given twice", &["reset", "--yes", "--yes"], "--yes"),
        cli("unexpected argument", &["status", "en-trop"], "en-trop"),
        cli("unknown shell", &["completions", "tcsh"], "tcsh"),
        cli("steps without its subcommand", &["steps"], "steps"),
        CliRow {
            name: "an argument that is not UTF-8",
            args: vec!["step".into(), OsString::from_vec(b"\xff\xfe".to_vec())],
            env: None,
            says: "UTF-8",
        },
    ]
}

#[test]
fn bad_command_lines_exit_2_with_clap_s_message() {
    let rows = cli_rows();
    run_table(
        "command lines",
        &rows,
        |r| r.name.to_string(),
        |row| {
            let env = Env::new();
            let before = snapshot(env.dir.path());
            let mut cmd = env.fixture("basic");
            cmd.args(&row.args);
            if let Some((key, value)) = row.env {
                cmd.env(key, value);
            }
            let out = cmd.timeout(LIMIT).output().unwrap();
            no_panic(&out)?;
            expect_code(&out, &[2])?;
            expect_text(&out.stderr, "stderr", &[row.says])?;
            let diff = snapshot_diff(&before, &snapshot(env.dir.path()));
            if diff.is_empty() {
                Ok(())
            } else {
                Err(format!("files changed: {diff:?}"))
            }
        },
    );
}

// ---------------------------------------------------------------------------
// Answers in plain mode: asked again, never counted.

struct InputRow {
    name: &'static str,
    args: &'static [&'static str],
    stdin: Vec<u8>,
    code: i32,
    /// The step's status and score afterwards (`None`: no progress file).
    after: Option<(&'static str, u64)>,
    says: &'static str,
}

fn input(
    name: &'static str,
    stdin: &[u8],
    code: i32,
    after: Option<(&'static str, u64)>,
    says: &'static str,
) -> InputRow {
    InputRow {
        name,
        args: &["step", "alpha"],
        stdin: stdin.to_vec(),
        code,
        after,
        says,
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn input_rows() -> Vec<InputRow> {
    // Alpha: question 1 is answered right by "2", question 2 by "1,3".
    let long_line = "1".repeat(100 * 1024);
    let endless = "2".repeat(20 * 1024 * 1024);
    let many = "x\n".repeat(10_000);
    let started = Some(("started", 0));
    let passed = Some(("passed", 2));
    vec![
        input(
            "empty lines",
            b"\n\n\n\n",
            130,
            started,
            "Tu n'as rien écrit.",
        ),
        input(
            "spaces and tabs",
            b"\n  \t \n",
            130,
            started,
            "Tu n'as rien écrit.",
        ),
        input("zero", b"\n0\n", 130, started, "Il n'y a pas de choix 0."),
        input(
            "out of range",
            b"\n3\n",
            130,
            started,
            "Il n'y a pas de choix 3.",
        ),
        input(
            "negative",
            b"\n-1\n",
            130,
            started,
            "«\u{a0}-1\u{a0}» n'est pas un numéro.",
        ),
        input(
            "a huge number",
            b"\n99999999999999999999999\n",
            130,
            started,
            "n'est pas un numéro.",
        ),
        input(
            "a word",
            b"\ndeux\n",
            130,
            started,
            "«\u{a0}deux\u{a0}» n'est pas un numéro.",
        ),
        input(
            "full-width digit",
            "\n２\n".as_bytes(),
            130,
            started,
            "n'est pas un numéro.",
        ),
        input(
            "NUL bytes",
            b"\n\0\0\n",
            130,
            started,
            "n'est pas un numéro.",
        ),
        input(
            "two numbers for one answer",
            b"\n1 2\n",
            130,
            started,
            "Une seule réponse est attendue ici",
        ),
        input(
            "out of range in a list",
            b"\n2\n1,9\n1,3\n",
            0,
            passed,
            "Il n'y a pas de choix 9.",
        ),
        input(
            "a line of 100 KB, then right answers",
            &cat(&[b"\n", long_line.as_bytes(), b"\n2\n1,3\n"]),
            0,
            passed,
            "Cette ligne est trop longue",
        ),
        input(
            "20 MB without a newline",
            &cat(&[b"\n", endless.as_bytes()]),
            130,
            started,
            "Cette ligne est trop longue",
        ),
        input(
            "invalid UTF-8, then right answers",
            b"\n\xff\xfe\xfd\n2\n1,3\n",
            0,
            passed,
            "n'est pas du texte lisible",
        ),
        input(
            "CRLF line endings",
            b"\r\n2\r\n1,3\r\n",
            0,
            passed,
            "Étape réussie",
        ),
        input(
            "10 000 invalid lines",
            &cat(&[b"\n", many.as_bytes()]),
            130,
            started,
            "«\u{a0}x\u{a0}» n'est pas un numéro.",
        ),
        input(
            "nothing at all",
            b"",
            130,
            None,
            "relance onboard pour reprendre",
        ),
        InputRow {
            name: "free text: punctuation and spaces only",
            args: &["step", "beta"],
            stdin: "\n...\n   \n« »\nbêta\n1\n".as_bytes().to_vec(),
            code: 0,
            after: passed,
            says: "Tu n'as rien écrit. Écris ta réponse en quelques mots.",
        },
        InputRow {
            name: "free text: invalid UTF-8",
            args: &["step", "beta"],
            stdin: b"\n\xc3\x28\nbeta\n1\n".to_vec(),
            code: 0,
            after: passed,
            says: "n'est pas du texte lisible",
        },
        InputRow {
            name: "reset: neither yes nor no, then end of input",
            args: &["reset"],
            stdin: "peut-être\n".as_bytes().to_vec(),
            code: 130,
            after: None,
            says: "Réponds par oui ou par non",
        },
        // Hostile answers (issue 13): shown visibly, never obeyed, and
        // never counted.
        input(
            "an escape sequence",
            b"\n\x1b[2J\n",
            130,
            started,
            "«\u{a0}\\u{1b}[2J\u{a0}» n'est pas un numéro.",
        ),
        input(
            "a right-to-left override",
            "\n\u{202e}2\n".as_bytes(),
            130,
            started,
            "«\u{a0}\\u{202e}2\u{a0}» n'est pas un numéro.",
        ),
        input(
            "an OSC 52 clipboard write",
            b"\n\x1b]52;c;ZWNobw==\x07\n",
            130,
            started,
            "Une seule réponse est attendue ici",
        ),
        input(
            "the largest 64-bit number",
            b"\n18446744073709551615\n",
            130,
            started,
            "Il n'y a pas de choix 18446744073709551615.",
        ),
        input(
            "a decimal number",
            b"\n2.0\n",
            130,
            started,
            "«\u{a0}2.0\u{a0}» n'est pas un numéro.",
        ),
        input(
            "a hexadecimal number",
            b"\n0x2\n",
            130,
            started,
            "«\u{a0}0x2\u{a0}» n'est pas un numéro.",
        ),
        input(
            "a choice given twice",
            b"\n2\n1,1\n",
            130,
            Some(("started", 1)),
            "tu en as donné 1.",
        ),
        input(
            "three choices where two are asked",
            b"\n2\n1,2,3\n",
            130,
            Some(("started", 1)),
            "tu en as donné 3.",
        ),
    ]
}

fn check_input_row(row: &InputRow) -> Result<(), String> {
    let env = Env::new();
    let out = env
        .fixture("basic")
        .args(row.args)
        .write_stdin(row.stdin.clone())
        .timeout(LIMIT)
        .output()
        .unwrap();
    no_panic(&out)?;
    expect_code(&out, &[row.code])?;
    let all = cat(&[&out.stdout, &out.stderr]);
    expect_text(&all, "output", &[row.says])?;
    let step = row.args.get(1).copied().unwrap_or("alpha");
    let progress = read_progress(&env.progress())
        .map_err(|e| format!("the progress file does not parse: {e}"))?;
    match (row.after, progress) {
        (None, None) => {}
        (None, Some(p)) if p.steps.is_empty() => {}
        (Some((status, score)), Some(_)) => {
            let json = env.status_json(env.fixture("basic"));
            let entry = json["steps"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == step)
                .unwrap();
            if entry["status"] != status || entry["score"] != score {
                return Err(format!("expected {status} {score}, found {entry}"));
            }
        }
        (expected, found) => return Err(format!("expected {expected:?}, found {found:?}")),
    }
    // Nothing counted for the invalid lines: one answer per question at most.
    if let Some(p) = read_progress(&env.progress()).unwrap() {
        for entry in p.steps.values() {
            if entry.answers.len() > entry.questions {
                return Err(format!("too many answers: {entry:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn bad_answers_are_asked_again_and_never_counted() {
    let rows = input_rows();
    run_table("answers", &rows, |r| r.name.to_string(), check_input_row);
}

#[test]
fn the_bad_input_table_has_at_least_170_rows() {
    let total = step_rows().len() + progress_rows().len() + cli_rows().len() + input_rows().len();
    println!(
        "bad input: {total} rows ({} step files, {} progress files, {} command lines, {} answers), \
         plus a read-only directory",
        step_rows().len(),
        progress_rows().len(),
        cli_rows().len(),
        input_rows().len()
    );
    // 130 rows before issue 13, which asked for 40 more.
    assert!(total >= 170, "{total}");
}

// ---------------------------------------------------------------------------
// Security

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn security_the_progress_file_its_backup_and_its_lock_are_private() {
    let env = Env::new();
    let content = load_fixture("basic");
    env.fixture("basic")
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    assert_eq!(mode(&env.progress()), 0o600, "progress file");
    env.fixture("basic")
        .args(["reset", "alpha", "--yes"])
        .assert()
        .success();
    let backup = env.progress().with_file_name("progress.toml.bak");
    assert_eq!(mode(&backup), 0o600, "backup");
    assert_eq!(mode(&env.progress()), 0o600, "progress file after reset");
    assert_eq!(
        mode(&env.progress().with_file_name("progress.toml.lock")),
        0o600,
        "lock file"
    );
    // A file made readable by others is private again after the next save.
    fs::set_permissions(env.progress(), fs::Permissions::from_mode(0o644)).unwrap();
    env.fixture("basic")
        .args(["reset", "--yes"])
        .assert()
        .success();
    assert_eq!(mode(&env.progress()), 0o600);
    assert_eq!(mode(&backup), 0o600);
}

#[test]
fn security_no_shell_or_other_program_is_needed() {
    // With an empty PATH, nothing can be run: the journey, status, reset and
    // the check of the content all work without any other program.
    let env = Env::new();
    let empty = env.path("empty-path");
    fs::create_dir_all(&empty).unwrap();
    let content = load_fixture("basic");
    let with_empty_path = || {
        let mut cmd = env.fixture("basic");
        cmd.env("PATH", &empty).env("SHELL", "/nonexistent");
        cmd
    };
    with_empty_path()
        .write_stdin(right_journey(&content))
        .assert()
        .success();
    with_empty_path().arg("status").assert().success();
    with_empty_path()
        .args(["steps", "check"])
        .assert()
        .success();
    with_empty_path()
        .args(["reset", "beta", "--yes"])
        .assert()
        .success();
    let report = with_empty_path()
        .args(["report", "--format", "json"])
        .assert()
        .success();
    crate::report_v2::valid_report(&report.get_output().stdout);
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=todo"]);
}

#[test]
fn security_a_link_to_the_user_s_own_file_is_followed_and_stays_a_link() {
    let env = Env::new();
    let content = load_fixture("basic");
    let real = env.path("ailleurs/progress.toml");
    fs::create_dir_all(real.parent().unwrap()).unwrap();
    fs::write(&real, valid_progress(&env)).unwrap();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    symlink(&real, env.progress()).unwrap();

    let beta = &content.steps[1];
    env.fixture("basic")
        .args(["step", "beta"])
        .write_stdin(format!("{}\n", right_line(&beta.questions[1].answer)))
        .assert()
        .success();
    let meta = fs::symlink_metadata(env.progress()).unwrap();
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(fs::read_link(env.progress()).unwrap(), real);
    let json = env.status_json(env.fixture("basic"));
    assert_eq!(statuses(&json), ["alpha=passed", "beta=passed"]);
    assert_eq!(json["progress_file"], env.progress().display().to_string());
    assert_eq!(mode(&real), 0o600);
    // The backup and the lock go beside the real file.
    env.fixture("basic")
        .args(["reset", "beta", "--yes"])
        .assert()
        .success();
    assert!(real.with_file_name("progress.toml.bak").exists());
    assert!(
        fs::symlink_metadata(env.progress())
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn security_a_dangling_link_is_refused_and_nothing_is_created() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    let target = env.path("cible/progress.toml");
    symlink(&target, env.progress()).unwrap();
    let before = snapshot(env.dir.path());
    for (args, input) in [
        (&[][..], "\n\n2\n1,3\n"),
        (&["step", "alpha"][..], "\n2\n1,3\n"),
        (&["reset", "--yes"][..], ""),
        (&["status"][..], ""),
    ] {
        let out = env
            .fixture("basic")
            .args(args)
            .write_stdin(input)
            .timeout(LIMIT)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("lien symbolique"), "{stderr}");
        assert!(
            stderr.contains(&env.progress().display().to_string()),
            "{stderr}"
        );
        assert!(stderr.contains("--progress"), "says what to do: {stderr}");
    }
    assert!(!target.exists());
    assert!(!env.path("cible").exists());
    assert_eq!(
        snapshot_diff(&before, &snapshot(env.dir.path())),
        Vec::<String>::new()
    );
}

#[test]
fn security_a_link_to_somebody_else_s_file_is_refused() {
    let env = Env::new();
    fs::create_dir_all(env.progress().parent().unwrap()).unwrap();
    let target = env.path("autre/progress.toml");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, valid_progress(&env)).unwrap();
    // As root, give the file to "nobody"; otherwise it is already ours, so
    // the link points at a file of root's instead.
    let link_to = if permissions_apply(env.dir.path()) {
        PathBuf::from("/etc/passwd")
    } else {
        std::os::unix::fs::chown(&target, Some(65534), Some(65534)).unwrap();
        target.clone()
    };
    symlink(&link_to, env.progress()).unwrap();
    let before = snapshot(env.dir.path());
    let target_before = fs::read(&link_to).unwrap();
    for (args, input) in [
        (&["step", "alpha"][..], "\n2\n1,3\n"),
        (&["reset", "--yes"][..], ""),
    ] {
        let out = env
            .fixture("basic")
            .args(args)
            .write_stdin(input)
            .timeout(LIMIT)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("le fichier de quelqu'un d'autre"),
            "{stderr}"
        );
    }
    assert_eq!(fs::read(&link_to).unwrap(), target_before);
    assert_eq!(
        snapshot_diff(&before, &snapshot(env.dir.path())),
        Vec::<String>::new()
    );
}

/// Endless input without a newline (`onboard < /dev/zero`) must not be
/// read whole into memory: only the first bytes of a line are kept.
#[cfg(target_os = "linux")]
#[test]
fn endless_input_without_a_newline_is_read_in_bounded_memory() {
    use std::io::Write;
    let env = Env::new();
    let mut child = env
        .spawnable("basic")
        .args(["step", "alpha"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n").unwrap();
    let chunk = vec![b'7'; 1024 * 1024];
    // 256 MiB in one line: the writes only return once the tool has read them.
    for _ in 0..256 {
        stdin.write_all(&chunk).unwrap();
    }
    let status = fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    let peak_kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(
        peak_kib < 64 * 1024,
        "peak memory {peak_kib} KiB after a 256 MiB line: the line was kept whole"
    );
    let progress = read_progress(&env.progress()).unwrap().unwrap();
    assert!(progress.steps["alpha"].answers.is_empty());
}
