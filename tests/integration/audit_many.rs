//! `onboard audit PATH...` and `--from FILE`: fifty generated repositories,
//! some whole, some broken in known ways, one unreadable and one bad URL,
//! give the right summary in text, JSON, SARIF and CSV, audited on more
//! than one thread at a time.
#![cfg(unix)]

use std::fs;
use std::path::Path;

use crate::common::Env;

const CONTACT: &str = "equipe@exemple.gouv.fr";

/// What was done to a repository of the list, and what its line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Scaffolded, untouched.
    Whole,
    /// `.onboard.toml` without `templates`: made before templates had a
    /// version, so an update is available.
    OldTemplates,
    /// No `.onboard.toml`: not made with onboard.
    NoAnswers,
    /// `.onboard.toml` that is not TOML: not made with onboard either.
    GarbledAnswers,
    /// No SECURITY.md: a required file fails, its contact rule is skipped.
    NoSecurity,
    /// LICENSE is no licence: the licence text fails.
    BadLicence,
    /// No REUSE.toml: REUSE fails.
    NoReuse,
    /// No CHANGELOG.md: only a recommended rule fails, the audit passes.
    NoChangelog,
    /// A clone (file://) of a scaffolded git repository.
    Url,
    /// Not a readable folder (mode 000, or a named pipe when running as root).
    Unreadable,
    /// An address this build cannot clone.
    BadUrl,
}

impl Case {
    fn status(self) -> &'static str {
        match self {
            Case::NoSecurity | Case::BadLicence | Case::NoReuse => "fail",
            Case::Unreadable | Case::BadUrl => "error",
            _ => "pass",
        }
    }
}

/// The fifty cases, in list order.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for i in 0..50 {
        cases.push(match i {
            0..=19 => Case::Whole,
            20..=24 => Case::OldTemplates,
            25..=27 => Case::NoAnswers,
            28 => Case::GarbledAnswers,
            29 => Case::Url,
            30..=37 => Case::NoSecurity,
            38..=42 => Case::BadLicence,
            43..=45 => Case::NoReuse,
            46..=47 => Case::NoChangelog,
            48 => Case::Unreadable,
            _ => Case::BadUrl,
        });
    }
    cases
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn scaffold(env: &Env, path: &Path, forge: &str, git: bool) {
    let mut cmd = env.cmd();
    cmd.arg("scaffold")
        .arg(path)
        .args(["--yes", "--forge", forge, "--contact", CONTACT])
        .args([
            "--repository-url",
            &format!("https://{forge}.com/ville/depot"),
        ]);
    if git {
        cmd.args(["--author", "Camille Test <camille@exemple.gouv.fr>"]);
    } else {
        cmd.arg("--no-git");
    }
    cmd.assert().success();
}

/// The repositories under `root` (the commands run there), and the list
/// file `liste.txt` that names them, with comments and blank lines. One
/// whole repository has a name a spreadsheet would take for a formula.
struct Fleet {
    env: Env,
    sources: Vec<String>,
    cases: Vec<Case>,
}

impl Fleet {
    fn new() -> Fleet {
        let env = Env::new();
        let root = env.path("flotte");
        fs::create_dir_all(&root).unwrap();
        scaffold(&env, &env.path("modele-github"), "github", false);
        scaffold(&env, &env.path("modele-gitlab"), "gitlab", false);
        scaffold(&env, &env.path("avec-git"), "github", true);
        let mut sources = Vec::new();
        let cases = cases();
        let as_root = !crate::common::permissions_apply(&root);
        for (i, case) in cases.iter().enumerate() {
            let name = if i == 7 {
                "=HYPERLINK(1),b".to_string()
            } else {
                format!("depot-{i:02}")
            };
            let repo = root.join(&name);
            let model = env.path(if i % 2 == 0 {
                "modele-github"
            } else {
                "modele-gitlab"
            });
            let source = match case {
                Case::Url => format!("file://{}", env.path("avec-git").display()),
                Case::BadUrl => "ssh://forge.exemple.invalid/ville/depot.git".to_string(),
                _ => name.clone(),
            };
            match case {
                Case::Url | Case::BadUrl => {}
                Case::Unreadable if as_root => {
                    let made = std::process::Command::new("mkfifo")
                        .arg(&repo)
                        .status()
                        .expect("mkfifo");
                    assert!(made.success());
                }
                Case::Unreadable => {
                    use std::os::unix::fs::PermissionsExt;
                    fs::create_dir(&repo).unwrap();
                    fs::set_permissions(&repo, fs::Permissions::from_mode(0o000)).unwrap();
                }
                _ => copy_tree(&model, &repo),
            }
            let answers = repo.join(".onboard.toml");
            match case {
                Case::OldTemplates => {
                    let text = fs::read_to_string(&answers).unwrap();
                    let kept: Vec<&str> = text
                        .lines()
                        .filter(|l| !l.starts_with("templates"))
                        .collect();
                    assert!(kept.len() < text.lines().count());
                    fs::write(&answers, kept.join("\n")).unwrap();
                }
                Case::NoAnswers => fs::remove_file(&answers).unwrap(),
                Case::GarbledAnswers => fs::write(&answers, "[onboard\nversion = ").unwrap(),
                Case::NoSecurity => fs::remove_file(repo.join("SECURITY.md")).unwrap(),
                Case::BadLicence => fs::write(
                    repo.join("LICENSE"),
                    "Tous droits réservés. Aucune réutilisation sans accord écrit.\n",
                )
                .unwrap(),
                Case::NoReuse => fs::remove_file(repo.join("REUSE.toml")).unwrap(),
                Case::NoChangelog => fs::remove_file(repo.join("CHANGELOG.md")).unwrap(),
                _ => {}
            }
            sources.push(source);
        }
        let mut list = String::from("# Les dépôts de l'équipe\n\n");
        for (i, source) in sources.iter().enumerate() {
            list.push_str(source);
            list.push('\n');
            if i == 10 {
                list.push_str("   \n# fin du premier lot\n");
            }
        }
        fs::write(root.join("liste.txt"), list).unwrap();
        Fleet {
            env,
            sources,
            cases,
        }
    }

    /// `onboard audit --from liste.txt` with `args`, run in the fleet's
    /// folder: exit code, stdout, stderr.
    fn audit(&self, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
        let mut cmd = self.env.cmd();
        cmd.current_dir(self.env.path("flotte"))
            .args(["audit", "--from", "liste.txt"])
            .args(args);
        for (key, value) in vars {
            cmd.env(key, value);
        }
        let out = cmd.output().unwrap();
        // French messages put no-break spaces before colons and inside
        // quotes; the assertions below are written with plain spaces.
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap().replace('\u{a0}', " ");
        (
            out.status.code().unwrap_or(-1),
            text(out.stdout),
            text(out.stderr),
        )
    }

    fn count(&self, status: &str) -> usize {
        self.cases.iter().filter(|c| c.status() == status).count()
    }
}

/// The numbers in `line`, in order.
fn numbers(line: &str) -> Vec<usize> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[test]
fn fifty_repositories_give_the_right_summary_in_every_format() {
    let fleet = Fleet::new();
    assert_eq!(
        (
            fleet.count("pass"),
            fleet.count("fail"),
            fleet.count("error")
        ),
        (32, 16, 2)
    );
    text(&fleet);
    json(&fleet);
    sarif(&fleet);
    csv(&fleet);
}

/// The text: each repository's audit, then one line per repository in
/// list order, the rules most failed first, the totals; and the run used
/// more than one thread at a time (`ONBOARD_AUDIT_DEBUG`).
fn text(fleet: &Fleet) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // On one core, two threads are asked for: they still run at once.
    let mut vars = vec![("ONBOARD_AUDIT_DEBUG", "1")];
    if cores < 2 {
        vars.push(("ONBOARD_AUDIT_JOBS", "2"));
    }
    let (code, out, err) = fleet.audit(&[], &vars);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sur 50 dépôt(s), 16 ne passe(nt) pas l'audit et 2 "),
        "{err}"
    );
    let debug = err
        .lines()
        .find(|l| l.contains("fil(s) de travail"))
        .unwrap_or_else(|| panic!("no line on the workers: {err}"));
    let [workers, said_cores, active, peak] = numbers(debug)[..] else {
        panic!("{debug}");
    };
    assert_eq!(said_cores, cores, "{debug}");
    assert_eq!(workers, cores.clamp(2, 50), "{debug}");
    assert!(active >= 2 && peak >= 2, "one thread at a time: {debug}");

    // Each repository's own audit comes first, in list order.
    let headers: Vec<usize> = fleet
        .sources
        .iter()
        .map(|s| {
            out.find(&format!("Audit de « {s} »"))
                .or_else(|| out.find(&format!("Dépôt « {s} » : impossible à vérifier")))
                .unwrap_or_else(|| panic!("no audit of {s}"))
        })
        .collect();
    assert!(headers.windows(2).all(|w| w[0] < w[1]));

    let summary = &out[out.find("Synthèse (50 dépôt(s)) :").expect("summary")..];
    let lines: Vec<&str> = summary.lines().skip(1).take(50).collect();
    for ((line, source), case) in lines.iter().zip(&fleet.sources).zip(&fleet.cases) {
        let word = match case.status() {
            "pass" => "OK    ",
            "fail" => "ÉCHEC ",
            _ => "ERREUR",
        };
        assert!(line.starts_with(&format!("  {word} {source} : ")), "{line}");
        let made = !matches!(
            case,
            Case::NoAnswers | Case::GarbledAnswers | Case::Unreadable | Case::BadUrl
        );
        if case.status() == "error" {
            assert!(line.contains("impossible à vérifier, "), "{line}");
            continue;
        }
        assert_eq!(line.contains("fait avec onboard 0.1.0 ("), made, "{line}");
        assert_eq!(line.contains("pas fait avec onboard"), !made, "{line}");
        assert_eq!(
            line.contains("mise à jour disponible"),
            *case == Case::OldTemplates,
            "{line}"
        );
        let expected = match case {
            Case::NoSecurity => "obligatoires 6/8, conseillées 12/12, licence MIT, REUSE conforme",
            Case::BadLicence => {
                "obligatoires 7/8, conseillées 12/12, licence non reconnue, REUSE conforme"
            }
            Case::NoReuse => "obligatoires 6/8, conseillées 12/12, licence MIT, REUSE non conforme",
            Case::NoChangelog => "obligatoires 8/8, conseillées 11/12, licence MIT, REUSE conforme",
            _ => "obligatoires 8/8, conseillées 12/12, licence MIT, REUSE conforme",
        };
        assert!(line.contains(expected), "{line}\nexpected {expected}");
    }
    let unreadable = lines[48];
    assert!(
        unreadable.contains("ce n'est pas un dossier")
            || unreadable.contains("impossible d'ouvrir"),
        "{unreadable}"
    );
    assert!(lines[49].contains("ne sait pas cloner"), "{}", lines[49]);
    let rules: Vec<&str> = summary
        .lines()
        .skip_while(|l| !l.starts_with("Règles, "))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(rules.len(), 20, "{summary}");
    assert_eq!(
        rules[0],
        "  file:SECURITY.md (obligatoire) : 8 en échec, 40 respectée(s), 0 sautée(s)"
    );
    let failed: Vec<usize> = rules
        .iter()
        .map(|l| numbers(l.rsplit(" : ").next().unwrap())[0])
        .collect();
    assert!(failed.windows(2).all(|w| w[0] >= w[1]), "{rules:?}");
    let line_of = |id: &str| {
        rules
            .iter()
            .find(|l| l.starts_with(&format!("  {id} (")))
            .unwrap()
            .to_string()
    };
    assert!(line_of("security-contact").ends_with(": 0 en échec, 40 respectée(s), 8 sautée(s)"));
    assert!(line_of("file:CHANGELOG.md").contains(": 2 en échec, 46 respectée(s)"));
    assert!(line_of("reuse-toml").contains(": 3 en échec, 45 respectée(s)"));
    assert!(line_of("file:README.md").contains(": 0 en échec, 48 respectée(s)"));
    assert!(summary.contains(
        "Bilan : 50 dépôt(s), 32 passe(nt) l'audit, 16 ne le passe(nt) pas, 2 impossible(s) à vérifier."
    ));
}

/// JSON: `repositories` (each one's report as `audit --format json` gives
/// it, or its error) and `summary` (totals, lines, rules).
fn json(fleet: &Fleet) {
    let (code, out, err) = fleet.audit(&["--format", "json"], &[]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let repositories = json["repositories"].as_array().unwrap();
    assert_eq!(repositories.len(), 50);
    let summary = &json["summary"];
    assert_eq!(
        (
            &summary["repositories"],
            &summary["passed"],
            &summary["failed"],
            &summary["errors"]
        ),
        (&50.into(), &32.into(), &16.into(), &2.into())
    );
    let lines = summary["lines"].as_array().unwrap();
    for (i, case) in fleet.cases.iter().enumerate() {
        let (entry, line) = (&repositories[i], &lines[i]);
        assert_eq!(entry["source"], fleet.sources[i].as_str());
        assert_eq!(line["source"], fleet.sources[i].as_str());
        assert_eq!(line["status"], case.status(), "{line}");
        if case.status() == "error" {
            assert!(entry["report"].is_null() && entry["error"].is_string());
            assert_eq!(line["error"], entry["error"]);
            continue;
        }
        let report = &entry["report"];
        assert_eq!(report["path"], fleet.sources[i].as_str());
        assert_eq!(report["passed"], case.status() == "pass");
        assert_eq!(report["rules"].as_array().unwrap().len(), 20);
        assert_eq!(line["update_available"], *case == Case::OldTemplates);
        let templates = match case {
            Case::NoAnswers | Case::GarbledAnswers => serde_json::Value::Null,
            Case::OldTemplates => 0.into(),
            _ => 1.into(),
        };
        assert_eq!(line["templates"], templates, "{line}");
        let licence = if *case == Case::BadLicence {
            serde_json::Value::Null
        } else {
            "MIT".into()
        };
        assert_eq!(line["licence"], licence);
        assert_eq!(line["reuse"], *case != Case::NoReuse);
    }
    let rules = summary["rules"].as_array().unwrap();
    assert_eq!(rules[0]["id"], "file:SECURITY.md");
    assert_eq!(rules[0]["failed"], 8);
    let licence = rules.iter().find(|r| r["id"] == "license-text").unwrap();
    assert_eq!(licence["failed"], 5);
}

/// SARIF: one run per repository, in order; a failing repository has
/// error-level results, a passing one none; one that could not be audited
/// has a failed invocation that says why.
fn sarif(fleet: &Fleet) {
    let (code, out, err) = fleet.audit(&["--format", "sarif"], &[]);
    assert_eq!(code, 1, "{err}");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 50);
    let mut ids = std::collections::BTreeSet::new();
    for ((run, case), source) in runs.iter().zip(&fleet.cases).zip(&fleet.sources) {
        assert_eq!(run["properties"]["source"], source.as_str());
        assert!(ids.insert(run["automationDetails"]["id"].to_string()));
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 20);
        let results = run["results"].as_array().unwrap();
        let errors = results.iter().filter(|r| r["level"] == "error").count();
        let warnings = results.iter().filter(|r| r["level"] == "warning").count();
        let invocation = &run["invocations"][0];
        match case.status() {
            "error" => {
                assert!(results.is_empty());
                assert_eq!(invocation["executionSuccessful"], false);
                let why = &invocation["toolExecutionNotifications"][0]["message"]["text"];
                assert!(why.as_str().is_some_and(|t| !t.is_empty()));
            }
            status => {
                assert!(invocation.is_null());
                assert_eq!(errors > 0, status == "fail", "{source}: {results:?}");
                assert_eq!(
                    warnings,
                    usize::from(*case == Case::NoChangelog),
                    "{source}"
                );
            }
        }
    }
}

/// CSV read back with Python's csv module: a header, fifty rows in list
/// order, the formula-like name neutralised, the comma in it quoted.
fn csv(fleet: &Fleet) {
    let (code, out, err) = fleet.audit(&["--format", "csv"], &[]);
    assert_eq!(code, 1, "{err}");
    let csv_file = fleet.env.path("synthese.csv");
    fs::write(&csv_file, &out).unwrap();
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    print(json.dumps(list(csv.DictReader(f))))\n";
    let Some(rows) = python(script, &csv_file) else {
        return;
    };
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 50);
    for ((row, case), source) in rows.iter().zip(&fleet.cases).zip(&fleet.sources) {
        let shown = if source.starts_with('=') {
            format!("'{source}")
        } else {
            source.clone()
        };
        assert_eq!(row["source"], shown.as_str());
        assert_eq!(row["status"], case.status(), "{row}");
        let (required, recommended) = match case {
            Case::NoSecurity | Case::NoReuse => ("6", "12"),
            Case::BadLicence => ("7", "12"),
            Case::NoChangelog => ("8", "11"),
            Case::Unreadable | Case::BadUrl => ("", ""),
            _ => ("8", "12"),
        };
        assert_eq!(row["required_passed"], required, "{row}");
        assert_eq!(row["recommended_passed"], recommended, "{row}");
        assert_eq!(
            row["update_available"] == "true",
            *case == Case::OldTemplates
        );
        assert_eq!(row["error"] != "", case.status() == "error");
        let security = match case {
            Case::NoSecurity => "fail",
            Case::Unreadable | Case::BadUrl => "",
            _ => "pass",
        };
        assert_eq!(row["file:SECURITY.md"], security, "{row}");
    }
    assert!(
        out.contains("\"'=HYPERLINK(1),b\""),
        "quoted and neutralised"
    );
}

/// Runs a Python script on `file` and parses what it prints as JSON; `None`
/// (said loudly) when python3 is missing outside CI.
fn python(script: &str, file: &Path) -> Option<serde_json::Value> {
    let out = match std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file)
        .output()
    {
        Ok(out) => out,
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: python3 is missing ({err}); CI runs this check");
            return None;
        }
        Err(err) => panic!("python3 is needed in CI: {err}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn one_repository_without_from_keeps_the_output_of_today() {
    let env = Env::new();
    let repo = env.path("depot");
    scaffold(&env, &repo, "github", false);
    let one = env.cmd().arg("audit").arg(&repo).output().unwrap();
    assert!(one.status.success());
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(text.starts_with(&format!("Audit de «\u{a0}{}\u{a0}»", repo.display())));
    assert!(!text.contains("Synthèse"));
    let json = env
        .cmd()
        .arg("audit")
        .arg(&repo)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["path"], repo.to_str().unwrap());
    assert!(json.get("repositories").is_none());
    // Two paths, or --from with one line: the summary follows.
    let two = env
        .cmd()
        .arg("audit")
        .arg(&repo)
        .arg(&repo)
        .arg(env.path("absent"))
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(1));
    let text = String::from_utf8(two.stdout).unwrap();
    // The same repository twice is audited once.
    assert!(text.contains("Synthèse (2 dépôt(s))"), "{text}");
    // One git address is cloned, and has its summary.
    let remote = env.path("distant");
    scaffold(&env, &remote, "gitlab", true);
    let url = format!("file://{}", remote.display());
    let one_url = env.cmd().args(["audit", &url]).output().unwrap();
    assert!(one_url.status.success());
    let text = String::from_utf8(one_url.stdout).unwrap();
    assert!(
        text.contains(&format!("Audit de «\u{a0}{url}\u{a0}»")),
        "{text}"
    );
    assert!(text.contains("Synthèse (1 dépôt(s))"), "{text}");
}

#[test]
fn fix_takes_one_repository_and_an_empty_list_is_refused() {
    let env = Env::new();
    let a = env.path("a");
    let b = env.path("b");
    scaffold(&env, &a, "github", false);
    copy_tree(&a, &b);
    let before = crate::common::snapshot(env.dir.path());
    env.cmd()
        .arg("audit")
        .arg(&a)
        .arg(&b)
        .args(["--fix", "--yes"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--fix corrige un dépôt à la fois",
        ));
    assert!(
        crate::common::snapshot_diff(&before, &crate::common::snapshot(env.dir.path())).is_empty()
    );
    let list = env.path("liste.txt");
    fs::write(&list, "# rien\n\n").unwrap();
    env.cmd()
        .args(["audit", "--from"])
        .arg(&list)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("Aucun dépôt à vérifier"));
    // From standard input, in English, all passing: exit 0.
    env.cmd()
        .args(["--lang", "en", "audit", "--from", "-"])
        .write_stdin(format!("{}\n{}\n", a.display(), b.display()))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Overall: 2 repositories, 2 pass the audit, 0 do not, 0 cannot be audited.",
        ));
    // Nothing could be audited: the error, not a failed check.
    env.cmd()
        .args(["audit", "--format", "csv"])
        .arg(env.path("absent"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "aucun des 1 dépôt(s) n'a pu être vérifié",
        ));
    // A name with escape sequences reaches the terminal shown, not obeyed.
    let out = env
        .cmd()
        .arg("audit")
        .arg(&a)
        .arg("absent\u{1b}]0;titre\u{7}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("absent\\u{1b}]0;titre\\u{7}"), "{text}");
    // A bad ONBOARD_AUDIT_JOBS is said, not guessed.
    env.cmd()
        .env("ONBOARD_AUDIT_JOBS", "0")
        .arg("audit")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("ONBOARD_AUDIT_JOBS"));
}

/// The SARIF of many repositories, a failed invocation included, is valid
/// against the SARIF 2.1.0 schema (check-jsonschema, from .ci/test).
#[test]
#[ignore = "needs check-jsonschema and the SARIF schema: run bash .ci/test"]
fn sarif_of_many_repositories_is_valid_against_the_schema() {
    let bin = std::env::var_os("ONBOARD_TOOLS_BIN")
        .expect("ONBOARD_TOOLS_BIN names the venv's bin directory: run bash .ci/test");
    let bin = Path::new(&bin);
    let schema = std::env::var_os("ONBOARD_SARIF_SCHEMA")
        .map_or_else(|| bin.join("../share/sarif-schema-2.1.0.json"), Into::into);
    let env = Env::new();
    let (a, b) = (env.path("a"), env.path("b"));
    scaffold(&env, &a, "github", false);
    copy_tree(&a, &b);
    fs::remove_file(b.join("SECURITY.md")).unwrap();
    let out = env
        .cmd()
        .arg("audit")
        .arg(&a)
        .arg(&b)
        .args(["ssh://forge.exemple.invalid/depot.git", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log = env.path("audit.sarif");
    fs::write(&log, &out.stdout).unwrap();
    let check = std::process::Command::new(bin.join("check-jsonschema"))
        .arg("--schemafile")
        .arg(&schema)
        .arg(&log)
        .output()
        .expect("check-jsonschema");
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
