//! The open-by-default rules. Each says in words whether it holds and, when
//! it does not, what to do.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use super::files::{self, Unreadable};
use super::{licence_files, licence_match, publiccode, reuse};
use crate::i18n::{fill, t};

/// A rule's verdict, before it gets its id.
pub(crate) enum Outcome {
    Pass(String),
    Fail { message: String, fix: String },
}

/// A rule's verdict with what it concerns: the files (relative to the
/// repository's root) and, where a rule has them, structured details for
/// `--format json` (the licence rule's detected licence, score and runner-up).
/// A rule that returns a plain [`Outcome`] gets no files or details of its
/// own; the audit then names the file its rule depends on.
pub(crate) struct Finding {
    pub outcome: Outcome,
    pub files: Vec<String>,
    pub details: Option<serde_json::Value>,
}

impl From<Outcome> for Finding {
    fn from(outcome: Outcome) -> Finding {
        Finding {
            outcome,
            files: Vec::new(),
            details: None,
        }
    }
}

impl Finding {
    pub(crate) fn with_files(mut self, files: Vec<String>) -> Finding {
        self.files = files;
        self
    }

    pub(crate) fn with_details(mut self, details: serde_json::Value) -> Finding {
        self.details = Some(details);
        self
    }
}

/// Whether a failed rule sets the exit code (required), or only with
/// `--strict` (recommended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Required,
    Recommended,
}

/// A file the repository should hold: the rule id's name, its severity
/// (`None`: no presence rule of its own, another rule says it), and the
/// names accepted for it, in order of preference. Names match whatever
/// their case; a `*` in the last component stands for any characters
/// (`CONTRIBUTING.*` accepts `CONTRIBUTING.rst`).
pub(crate) struct RequiredFile {
    pub name: &'static str,
    pub severity: Option<Severity>,
    pub accepted: &'static [&'static str],
}

/// The files, in a fixed order: the licence, REUSE and publiccode rules
/// read entries 0, 1, 2, 5 and 9 by index.
pub(crate) const REQUIRED_FILES: &[RequiredFile] = &[
    RequiredFile {
        name: "README.md",
        severity: Some(Severity::Required),
        accepted: &[
            "README.md",
            "README",
            "README.*",
            ".github/README.md",
            ".github/README.*",
            "docs/README.md",
            "docs/README.*",
        ],
    },
    RequiredFile {
        name: "LICENSE",
        severity: Some(Severity::Required),
        accepted: &[
            "LICENSE",
            "LICENCE",
            "COPYING",
            "LICENSE.md",
            "LICENSE.txt",
            "LICENCE.md",
            "LICENCE.txt",
            "COPYING.md",
            "COPYING.txt",
            "LICENSE*",
            "LICENCE*",
            "COPYING*",
            // A repository licensed through REUSE's folder alone.
            "LICENSES/*",
        ],
    },
    RequiredFile {
        // REUSE information may also be `.reuse/dep5` or headers alone:
        // the REUSE rules say what is missing.
        name: "REUSE.toml",
        severity: None,
        accepted: &["REUSE.toml"],
    },
    RequiredFile {
        name: "CONTRIBUTING.md",
        severity: Some(Severity::Recommended),
        accepted: &[
            "CONTRIBUTING.md",
            "CONTRIBUTING",
            "CONTRIBUTING.*",
            ".github/CONTRIBUTING.md",
            ".github/CONTRIBUTING.*",
            "docs/CONTRIBUTING.md",
            "docs/CONTRIBUTING.*",
            ".gitlab/CONTRIBUTING.*",
        ],
    },
    RequiredFile {
        name: "CODE_OF_CONDUCT.md",
        severity: Some(Severity::Recommended),
        accepted: &[
            "CODE_OF_CONDUCT.md",
            "CODE_OF_CONDUCT",
            "CODE_OF_CONDUCT.*",
            "CODE-OF-CONDUCT.*",
            ".github/CODE_OF_CONDUCT.md",
            ".github/CODE_OF_CONDUCT.*",
            "docs/CODE_OF_CONDUCT.md",
            "docs/CODE_OF_CONDUCT.*",
            ".gitlab/CODE_OF_CONDUCT.*",
        ],
    },
    RequiredFile {
        name: "SECURITY.md",
        severity: Some(Severity::Required),
        accepted: &[
            "SECURITY.md",
            "SECURITY",
            "SECURITY.*",
            ".github/SECURITY.md",
            ".github/SECURITY.*",
            "docs/SECURITY.md",
            "docs/SECURITY.*",
            ".gitlab/SECURITY.*",
            ".well-known/security.txt",
        ],
    },
    RequiredFile {
        name: "GOVERNANCE.md",
        severity: Some(Severity::Recommended),
        accepted: &[
            "GOVERNANCE.md",
            "GOVERNANCE",
            "GOVERNANCE.*",
            ".github/GOVERNANCE.md",
            ".github/GOVERNANCE.*",
            "docs/GOVERNANCE.md",
            "docs/GOVERNANCE.*",
            ".gitlab/GOVERNANCE.*",
        ],
    },
    RequiredFile {
        name: "SUPPORT.md",
        severity: Some(Severity::Recommended),
        accepted: &[
            "SUPPORT.md",
            "SUPPORT",
            "SUPPORT.*",
            ".github/SUPPORT.md",
            ".github/SUPPORT.*",
            "docs/SUPPORT.md",
            "docs/SUPPORT.*",
            ".gitlab/SUPPORT.*",
        ],
    },
    RequiredFile {
        name: "CHANGELOG.md",
        severity: Some(Severity::Recommended),
        accepted: &[
            "CHANGELOG.md",
            "CHANGELOG",
            "CHANGELOG.*",
            "CHANGES",
            "CHANGES.*",
            "HISTORY.md",
            "NEWS",
            "NEWS.md",
            "docs/CHANGELOG.md",
            "docs/CHANGELOG.*",
        ],
    },
    RequiredFile {
        name: "publiccode.yml",
        severity: Some(Severity::Recommended),
        accepted: &["publiccode.yml", "publiccode.yaml"],
    },
    RequiredFile {
        name: ".editorconfig",
        severity: Some(Severity::Recommended),
        accepted: &[".editorconfig"],
    },
    RequiredFile {
        name: ".gitignore",
        severity: Some(Severity::Recommended),
        accepted: &[".gitignore"],
    },
];

/// One entry of a folder: its name, and whether it is a file (else a folder).
struct Entry {
    name: String,
    is_file: bool,
}

/// The repository under audit, with its file list read once.
pub(crate) struct Repo<'a> {
    pub root: &'a Path,
    pub listed: Vec<String>,
    /// Folder listings, read once each: relative folder -> entries.
    folders: RefCell<HashMap<String, Rc<Vec<Entry>>>>,
}

impl<'a> Repo<'a> {
    pub(crate) fn new(root: &'a Path, listed: Vec<String>) -> Repo<'a> {
        Repo {
            root,
            listed,
            folders: RefCell::new(HashMap::new()),
        }
    }

    /// The entries of a folder (relative, "" for the root), sorted by name.
    fn entries(&self, folder: &str) -> Rc<Vec<Entry>> {
        if let Some(entries) = self.folders.borrow().get(folder) {
            return Rc::clone(entries);
        }
        let mut entries: Vec<Entry> = std::fs::read_dir(self.root.join(folder))
            .map(|read| {
                read.filter_map(Result::ok)
                    .filter_map(|e| {
                        let name = e.file_name().into_string().ok()?;
                        let meta = std::fs::metadata(e.path()).ok()?;
                        Some(Entry {
                            name,
                            is_file: meta.is_file(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let entries = Rc::new(entries);
        self.folders
            .borrow_mut()
            .insert(folder.to_string(), Rc::clone(&entries));
        entries
    }

    /// The first accepted name that exists as a file, relative with `/`,
    /// as it is spelled on disk. See [`RequiredFile`] for the patterns.
    pub(crate) fn find(&self, accepted: &[&str]) -> Option<String> {
        accepted.iter().find_map(|pattern| self.find_one(pattern))
    }

    fn find_one(&self, pattern: &str) -> Option<String> {
        // The usual case, a name spelled as the pattern, needs no listing.
        if !pattern.contains('*')
            && let Some(found) = files::find(self.root, &[pattern])
        {
            return Some(found);
        }
        let mut folder = String::new();
        let mut parts = pattern.split('/').peekable();
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            let entries = self.entries(&folder);
            let wanted = |e: &&Entry| e.is_file == last && name_matches(part, &e.name);
            // The exact spelling first, so case-sensitive systems agree
            // with the others whenever they can.
            let found = entries
                .iter()
                .filter(wanted)
                .find(|e| e.name == part)
                .or_else(|| entries.iter().find(wanted))?;
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(&found.name);
        }
        Some(folder)
    }

    /// The text of the first accepted name that exists, or why not.
    fn text(&self, accepted: &[&str]) -> Result<(String, String), (String, Unreadable)> {
        let Some(found) = self.find(accepted) else {
            return Err((accepted[0].to_string(), Unreadable::Missing));
        };
        match files::read_text(&self.root.join(&found)) {
            Ok(text) => Ok((found, text)),
            Err(why) => Err((found, why)),
        }
    }
}

/// A name against a pattern, whatever the case; `*` stands for any
/// characters. A `.license` sidecar is never the file itself.
fn name_matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let name = name.to_lowercase();
    if !pattern.contains('*') {
        return pattern == name;
    }
    if name.ends_with(".license") || name.ends_with('~') {
        return false;
    }
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i == pieces.len() - 1 {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

fn fail(message: String, fix: &str) -> Outcome {
    Outcome::Fail {
        message,
        fix: fix.to_string(),
    }
}

/// Why a file cannot be used, in words.
fn unreadable(name: &str, why: &Unreadable) -> String {
    let s = &t().scaffold;
    match why {
        Unreadable::Missing => fill(s.file_missing, &[("file", &name)]),
        Unreadable::Empty => fill(s.file_empty, &[("file", &name)]),
        Unreadable::TooBig => fill(s.file_too_big, &[("file", &name)]),
        Unreadable::NotText => fill(s.file_not_text, &[("file", &name)]),
        Unreadable::Io(err) => fill(s.file_unreadable, &[("file", &name), ("error", err)]),
    }
}

pub(crate) fn required_file(repo: &Repo, file: &RequiredFile) -> Finding {
    let s = &t().scaffold;
    if file.name == REQUIRED_FILES[1].name {
        return licence_file(repo);
    }
    match repo.text(file.accepted) {
        Ok((found, _)) => Finding::from(Outcome::Pass(fill(s.file_present, &[("file", &found)])))
            .with_files(vec![found]),
        Err((name, why)) => {
            let fix = fill(s.fix_file, &[("file", &file.name)]);
            Finding::from(fail(unreadable(&name, &why), &fix)).with_files(vec![name])
        }
    }
}

/// `file:LICENSE`: a licence file as people name it (`LICEN[CS]E*`,
/// `COPYING*`, any case, or `LICENSES/` alone), present whatever its
/// encoding or size; `license-text` then reads it. When there is none, the
/// advice names the licence the repository declares elsewhere, never MIT
/// by default.
fn licence_file(repo: &Repo) -> Finding {
    let s = &t().scaffold;
    let found = licence_files::find(repo.root, &repo.listed);
    if found.is_empty() {
        return Finding::from(fail(s.licence_none.to_string(), &fix_add_licence(repo)))
            .with_files(vec![REQUIRED_FILES[1].name.to_string()]);
    }
    let paths: Vec<String> = found.into_iter().map(|f| f.path).collect();
    Finding::from(Outcome::Pass(fill(
        s.file_present,
        &[("file", &paths.join(", "))],
    )))
    .with_files(paths)
}

/// `license-text`, with what was detected in each licence file: the
/// expression, the best match with its score, and the runner-up (for the
/// JSON and SARIF output), and the files read.
pub(crate) fn licence_finding(repo: &Repo) -> Finding {
    let examined = licence_files::examine(repo.root, &repo.listed);
    let files: Vec<String> = examined.iter().map(|e| e.file.path.clone()).collect();
    let detections: Vec<serde_json::Value> = examined
        .iter()
        .filter_map(|e| {
            let detection = e.detection.as_ref().ok()?;
            Some(serde_json::json!({ "file": e.file.path, "detection": detection }))
        })
        .collect();
    let finding = Finding::from(licence_text(repo, &examined)).with_files(files);
    if detections.is_empty() {
        finding
    } else {
        finding.with_details(serde_json::json!({ "licence_files": detections }))
    }
}

/// The licence files' texts, as `examined`: recognised, allowed, and one
/// licence (or a choice between several) for the whole repository.
fn licence_text(repo: &Repo, examined: &[licence_files::Examined]) -> Outcome {
    let s = &t().scaffold;
    if examined.is_empty() {
        return fail(s.licence_none.to_string(), &fix_add_licence(repo));
    }
    let mut recognised: Vec<(&str, f32)> = Vec::new();
    let mut unknown = None;
    for item in examined {
        let file = item.file.path.as_str();
        let detection = match &item.detection {
            Ok(detection) => detection,
            Err(why) => return fail(unreadable(file, why), &fix_add_licence(repo)),
        };
        if detection.expression.is_some() {
            let score = detection
                .found
                .iter()
                .map(|f| f.score)
                .fold(1.0_f32, f32::min);
            recognised.push((file, score));
        } else if unknown.is_none() {
            unknown = Some((file, detection));
        }
    }
    // A short unrecognised file beside recognised texts is a note ("dual
    // licensed under…"); any other unrecognised file fails.
    let Some(expression) = licence_files::combined_expression(examined) else {
        return unknown.map_or_else(
            || fail(s.licence_none.to_string(), &fix_add_licence(repo)),
            |(file, detection)| unknown_text(file, detection),
        );
    };
    if let Some((file, detection)) = unknown
        && !licence_files::is_note(detection)
    {
        return unknown_text(file, detection);
    }
    let files: Vec<&str> = recognised.iter().map(|(f, _)| *f).collect();
    let score = recognised
        .iter()
        .map(|(_, score)| *score)
        .fold(1.0_f32, f32::min);
    if !licence_match::expression_allowed(&expression) {
        let closest = examined
            .iter()
            .filter_map(|e| e.detection.as_ref().ok()?.closest_allowed.as_ref())
            .max_by(|a, b| a.1.total_cmp(&b.1));
        return fail(
            fill(
                s.licence_text_not_allowed,
                &[
                    ("file", &files.join(", ")),
                    ("expression", &expression),
                    ("score", &percent(score)),
                    ("closest", &candidate(closest)),
                ],
            ),
            s.fix_licence_not_allowed,
        );
    }
    let in_dir = examined
        .iter()
        .all(|e| e.file.place == licence_files::Place::LicensesDir);
    let message = if in_dir {
        fill(s.licence_in_dir, &[("expression", &expression)])
    } else if files.len() == 1 {
        fill(
            s.licence_recognised,
            &[
                ("file", &files[0]),
                ("id", &expression),
                ("score", &percent(score)),
            ],
        )
    } else {
        fill(
            s.licence_recognised_many,
            &[
                ("files", &files.join(", ")),
                ("expression", &expression),
                ("score", &percent(score)),
            ],
        )
    };
    Outcome::Pass(message)
}

fn unknown_text(file: &str, detection: &licence_match::Detection) -> Outcome {
    let s = &t().scaffold;
    fail(
        fill(
            s.licence_unknown,
            &[
                ("file", &file),
                ("best", &candidate(detection.best.as_ref())),
                ("runner_up", &candidate(detection.runner_up.as_ref())),
                ("threshold", &percent(licence_match::THRESHOLD)),
                ("margin", &points(licence_match::MARGIN)),
            ],
        ),
        &fill(s.fix_licence_text, &[("file", &file)]),
    )
}

/// What to do when no licence file holds a text: add one, with the licence
/// the repository already declares elsewhere when it does. Never a licence
/// of onboard's choosing.
fn fix_add_licence(repo: &Repo) -> String {
    let s = &t().scaffold;
    let declared = repo
        .text(REQUIRED_FILES[9].accepted)
        .ok()
        .and_then(|(found, text)| Some((found, publiccode::licence_expression(&text)?)))
        .filter(|(_, expression)| spdx::Expression::parse(expression).is_ok());
    if let Some((source, id)) = declared {
        return fill(s.fix_licence_known, &[("id", &id), ("source", &source)]);
    }
    let in_dir = licence_files::licences_dir_ids(repo.root);
    if !in_dir.is_empty() {
        let id = in_dir.join(" / ");
        return fill(
            s.fix_licence_known,
            &[("id", &id), ("source", &"LICENSES/")],
        );
    }
    s.fix_licence_none.to_string()
}

/// "MIT (93 %)", or a dash when there is no candidate.
fn candidate(entry: Option<&(String, f32)>) -> String {
    match entry {
        Some((id, score)) => fill(
            t().scaffold.candidate,
            &[("id", id), ("score", &percent(*score))],
        ),
        None => "—".to_string(),
    }
}

fn percent(score: f32) -> String {
    let n = format!("{:.0}", (score * 100.0).floor());
    fill(t().scaffold.percent, &[("n", &n)])
}

/// A difference of scores, in percentage points.
fn points(score: f32) -> String {
    let n = format!("{:.0}", (score * 100.0).round());
    fill(t().scaffold.points, &[("n", &n)])
}

/// At most this many files are named in a message; the count says the rest.
const SHOWN: usize = 20;

/// The first [`SHOWN`] of `items`, and how many more there are.
fn listing(items: &[String]) -> String {
    let list = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() <= SHOWN {
        return list;
    }
    fill(
        t().scaffold.reuse_list_more,
        &[("list", &list), ("more", &(items.len() - SHOWN))],
    )
}

/// The REUSE verdict's fatal problem (an unreadable REUSE.toml or dep5),
/// as a failed rule.
fn reuse_config_failure(verdict: &reuse::Verdict) -> Option<Outcome> {
    let s = &t().scaffold;
    let (file, what) = verdict.config_error.as_ref()?;
    let message = if what == ".reuse/dep5" {
        fill(s.reuse_config_conflict, &[("file", file), ("other", what)])
    } else {
        fill(s.reuse_config_invalid, &[("file", file), ("what", what)])
    };
    Some(fail(message, s.fix_reuse_config))
}

fn reuse_verdict(repo: &Repo) -> reuse::Verdict {
    reuse::check(repo.root, &repo.listed)
}

/// Every covered file has a licence and a copyright holder, as `reuse lint`
/// reads them (headers, `.license` files, REUSE.toml, `.reuse/dep5`).
pub(crate) fn reuse_coverage(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let verdict = reuse_verdict(repo);
    if let Some(outcome) = reuse_config_failure(&verdict) {
        return outcome;
    }
    let mut problems = Vec::new();
    if verdict.checked < verdict.total {
        problems.push(fill(
            s.reuse_partial,
            &[("checked", &verdict.checked), ("total", &verdict.total)],
        ));
    }
    for (file, error) in verdict.read_errors.iter().take(SHOWN) {
        problems.push(fill(
            s.reuse_read_error,
            &[("file", file), ("error", error)],
        ));
    }
    if !verdict.no_licence.is_empty() {
        problems.push(fill(
            s.reuse_no_licence,
            &[
                ("count", &verdict.no_licence.len()),
                ("files", &listing(&verdict.no_licence)),
            ],
        ));
    }
    if !verdict.no_copyright.is_empty() {
        problems.push(fill(
            s.reuse_no_copyright,
            &[
                ("count", &verdict.no_copyright.len()),
                ("files", &listing(&verdict.no_copyright)),
            ],
        ));
    }
    for (file, expression) in verdict.invalid.iter().take(SHOWN) {
        problems.push(fill(
            s.reuse_invalid_expression,
            &[("file", file), ("expression", expression)],
        ));
    }
    if verdict.dep5 {
        problems.push(s.reuse_dep5_note.to_string());
    }
    if verdict.files_ok() {
        let done = fill(s.reuse_files_ok, &[("count", &verdict.checked)]);
        return Outcome::Pass(
            std::iter::once(done)
                .chain(problems)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    fail(problems.join(" "), s.fix_reuse_files)
}

/// `LICENSES/` holds exactly the licences in use, each named as REUSE asks.
pub(crate) fn licences_dir(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let verdict = reuse_verdict(repo);
    if let Some(outcome) = reuse_config_failure(&verdict) {
        return outcome;
    }
    if verdict.licences_ok() {
        let list: Vec<&str> = verdict.used.iter().map(String::as_str).collect();
        return Outcome::Pass(fill(s.licences_match, &[("ids", &list.join(", "))]));
    }
    let mut problems = Vec::new();
    let groups = [
        (&verdict.missing, s.licences_missing, "ids"),
        (&verdict.unused, s.licences_extra, "ids"),
        (&verdict.bad, s.licences_bad, "files"),
        (&verdict.deprecated, s.licences_deprecated, "ids"),
        (&verdict.no_extension, s.licences_no_extension, "files"),
    ];
    for (items, template, key) in groups {
        if !items.is_empty() {
            problems.push(fill(template, &[(key, &listing(items))]));
        }
    }
    fail(problems.join(" "), s.fix_licences_dir)
}

pub(crate) fn publiccode_keys(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[9].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_publiccode),
    };
    let problems = publiccode::problems_in(&text, Some(repo.root));
    if problems.is_empty() {
        return Outcome::Pass(fill(s.publiccode_ok, &[("file", &found)]));
    }
    fail(
        fill(
            s.publiccode_problems,
            &[
                ("file", &found),
                ("problems", &problems.join(t().core.list_separator)),
            ],
        ),
        s.fix_publiccode,
    )
}

/// publiccode.yml's `legal.license`: a valid SPDX expression, that leaves a
/// licence of the list, and that names the licences of the licence files
/// and of `LICENSES/` (REUSE).
pub(crate) fn publiccode_licence(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[9].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_publiccode_licence),
    };
    let Some(declared) = publiccode::licence_expression(&text) else {
        return fail(
            fill(s.publiccode_no_licence, &[("file", &found)]),
            s.fix_publiccode_licence,
        );
    };
    if let Err(err) = spdx::Expression::parse(&declared) {
        return fail(
            fill(
                s.publiccode_licence_bad,
                &[
                    ("file", &found),
                    ("expression", &declared),
                    ("error", &err.reason),
                ],
            ),
            s.fix_publiccode_licence,
        );
    }
    if !licence_match::expression_allowed(&declared) {
        return fail(
            fill(
                s.publiccode_licence_not_allowed,
                &[("file", &found), ("expression", &declared)],
            ),
            s.fix_publiccode_not_allowed,
        );
    }
    let declared_ids = licence_match::base_ids(&declared);
    let examined = licence_files::examine(repo.root, &repo.listed);
    if let Some(detected) = licence_files::combined_expression(&examined)
        && licence_match::base_ids(&detected) != declared_ids
    {
        let licence_file = examined
            .iter()
            .filter(|e| e.detection.as_ref().is_ok_and(|d| d.expression.is_some()))
            .map(|e| e.file.path.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return fail(
            fill(
                s.publiccode_licence_disagrees,
                &[
                    ("file", &found),
                    ("declared", &declared),
                    ("licence_file", &licence_file),
                    ("detected", &detected),
                ],
            ),
            &fill(
                s.fix_publiccode_disagrees,
                &[("licence_file", &licence_file), ("detected", &detected)],
            ),
        );
    }
    let in_dir: Vec<String> = licence_files::licences_dir_ids(repo.root)
        .iter()
        .map(|id| crate::policy::licences::base_id(id))
        .collect();
    let missing: Vec<&str> = declared_ids
        .iter()
        .filter(|id| !in_dir.contains(id))
        .map(String::as_str)
        .collect();
    if !in_dir.is_empty() && !missing.is_empty() {
        return fail(
            fill(
                s.publiccode_licence_not_in_reuse,
                &[
                    ("file", &found),
                    ("declared", &declared),
                    ("ids", &missing.join(", ")),
                ],
            ),
            s.fix_licences_dir,
        );
    }
    Outcome::Pass(fill(
        s.publiccode_licence_ok,
        &[("file", &found), ("expression", &declared)],
    ))
}

pub(crate) fn security_contact(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[5].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_security),
    };
    let has_email = text
        .split(|c: char| c.is_whitespace() || "<>()[]\"',;".contains(c))
        .any(|word| {
            crate::policy::validate::email(word.trim_start_matches("mailto:").trim_end_matches('.'))
                .is_ok()
        });
    let has_url = text.contains("https://") || text.contains("http://");
    if has_email || has_url {
        Outcome::Pass(fill(s.security_ok, &[("file", &found)]))
    } else {
        fail(
            fill(s.security_no_contact, &[("file", &found)]),
            s.fix_security,
        )
    }
}

pub(crate) fn readme_tracker(repo: &Repo) -> Outcome {
    let s = &t().scaffold;
    let (found, text) = match repo.text(REQUIRED_FILES[0].accepted) {
        Ok(found) => found,
        Err((name, why)) => return fail(unreadable(&name, &why), s.fix_readme_tracker),
    };
    let links_tracker = ["/issues", "/-/issues", "/tickets"]
        .iter()
        .any(|needle| text.contains(needle));
    if links_tracker {
        Outcome::Pass(fill(s.readme_tracker_ok, &[("file", &found)]))
    } else {
        fail(
            fill(s.readme_no_tracker, &[("file", &found)]),
            s.fix_readme_tracker,
        )
    }
}

/// A CI file of GitHub, GitLab, Forgejo/Gitea or Woodpecker, not empty.
pub(crate) fn ci(repo: &Repo) -> Finding {
    let s = &t().scaffold;
    let is_ci = |path: &str| {
        let yaml = path.ends_with(".yml") || path.ends_with(".yaml");
        let in_workflows = [
            ".github/workflows/",
            ".forgejo/workflows/",
            ".gitea/workflows/",
            ".woodpecker/",
        ]
        .iter()
        .any(|dir| path.starts_with(dir) && !path[dir.len()..].contains('/'));
        (yaml && in_workflows) || matches!(path, ".gitlab-ci.yml" | ".woodpecker.yml")
    };
    let found = repo
        .listed
        .iter()
        .filter(|path| is_ci(path))
        .find(|path| files::read_text(&repo.root.join(path.as_str())).is_ok());
    match found {
        Some(path) => Finding::from(Outcome::Pass(fill(s.ci_ok, &[("file", path)])))
            .with_files(vec![path.clone()]),
        None => fail(s.ci_missing.to_string(), s.fix_ci).into(),
    }
}

/// Where forges look for issue and merge request templates.
pub(crate) const FORGE_TEMPLATES: &[&str] = &[
    ".github/ISSUE_TEMPLATE/*",
    ".github/ISSUE_TEMPLATE.*",
    ".github/PULL_REQUEST_TEMPLATE.*",
    ".github/PULL_REQUEST_TEMPLATE/*",
    "ISSUE_TEMPLATE.*",
    "PULL_REQUEST_TEMPLATE.*",
    "docs/ISSUE_TEMPLATE.*",
    "docs/PULL_REQUEST_TEMPLATE.*",
    ".gitlab/issue_templates/*",
    ".gitlab/merge_request_templates/*",
    ".gitea/ISSUE_TEMPLATE/*",
    ".gitea/PULL_REQUEST_TEMPLATE.*",
    ".forgejo/ISSUE_TEMPLATE/*",
    ".forgejo/PULL_REQUEST_TEMPLATE.*",
];

/// An issue or merge request template, for structured contributions.
pub(crate) fn forge_templates(repo: &Repo) -> Finding {
    let s = &t().scaffold;
    let found: Vec<String> = FORGE_TEMPLATES
        .iter()
        .filter_map(|pattern| repo.find(&[pattern]))
        .collect();
    if found.is_empty() {
        return fail(s.templates_missing.to_string(), s.fix_templates).into();
    }
    Finding::from(Outcome::Pass(fill(
        s.templates_ok,
        &[("files", &found.join(", "))],
    )))
    .with_files(found)
}
