//! `onboard audit --fix`: the files a failed rule asks for, made from the
//! scaffold's templates, and written without touching what exists.
//!
//! - A file is only ever created (a temporary file linked into place, which
//!   fails if anything, a symbolic link included, holds the name): an
//!   existing file is never changed or replaced.
//! - The exceptions are REUSE's: `REUSE.toml` gets an `[[annotations]]`
//!   table appended for the files that had no licence information (the
//!   team's entries are kept byte for byte), and `LICENSES/` gets the texts
//!   of the licences in use that it lacks. Nothing is removed.
//! - The repository's licence is kept: it is what the new files name.
//! - Nothing is committed.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path};

use super::answers::{Given, forge_from_url};
use super::plan::{self, ANSWERS_FILE};
use super::render::RenderedFile;
use crate::audit::files::read_text;
use crate::audit::rules::{REQUIRED_FILES, Repo};
use crate::audit::{Report, Status, licence_files, licence_match, publiccode, reuse};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::Forge;
use crate::policy::licences::{self, LICENCES, Licence};
use crate::policy::validate;

/// The licence a repository already has, as far as it can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HasLicence {
    /// No licence file and no licence named anywhere.
    None,
    /// An allowed licence, and where it was read.
    Allowed(&'static Licence, String),
    /// A licence file or identifier that is not one of the allowed list
    /// (or that could not be recognised): it is kept, never replaced.
    Other(String),
}

/// What the repository already says: its `.onboard.toml` answers, its
/// licence, its forge and its folder's name.
#[derive(Debug)]
pub(crate) struct Known {
    pub given: Given,
    pub licence: HasLicence,
    pub default_name: Option<String>,
}

/// Reads what the repository says of itself. Invalid values are left out
/// (they are asked again).
pub(crate) fn known(root: &Path) -> Known {
    let mut given = Given::default();
    if let Ok(text) = read_text(&root.join(ANSWERS_FILE))
        && let Ok(table) = toml::from_str::<toml::Table>(&text)
        && let Some(answers) = table.get("answers").and_then(toml::Value::as_table)
    {
        given = super::answers::recorded(answers);
    }
    if given.repository_url.is_none() {
        given.repository_url = origin_url(root);
    }
    let licence = licence_of(root, given.licence);
    if let HasLicence::Allowed(licence, _) = &licence {
        given.licence = Some(licence);
    }
    let default_name = fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| validate::name(n).is_ok());
    Known {
        given,
        licence,
        default_name,
    }
}

/// The `origin` remote's web address, when it is an https one.
fn origin_url(root: &Path) -> Option<String> {
    let repo = git2::Repository::open(root).ok()?;
    let remote = repo.find_remote("origin").ok()?;
    let url = remote.url().ok()?.trim_end_matches(".git").to_string();
    validate::url(&url).ok()?;
    Some(validate::clean_url(&url))
}

/// The forge: GitLab's files say it, else the repository's address, else
/// a `.github` folder (which may hold only community files).
pub(crate) fn forge_of(root: &Path, url: Option<&str>) -> Option<Forge> {
    let exists = |p: &str| fs::symlink_metadata(root.join(p)).is_ok();
    if exists(".gitlab-ci.yml") || exists(".gitlab") {
        Some(Forge::Gitlab)
    } else if let Some(url) = url {
        Some(forge_from_url(Some(url)))
    } else if exists(".github") {
        Some(Forge::Github)
    } else {
        None
    }
}

/// The repository's licence: its licence file's text first (the legal
/// text wins), then the answers file, REUSE.toml and publiccode.yml.
fn licence_of(root: &Path, answered: Option<&'static Licence>) -> HasLicence {
    let repo = Repo::new(root, Vec::new());
    if let Some(file) = repo.find(REQUIRED_FILES[1].accepted) {
        // Read as the audit reads it: capped, decoded, never refused.
        let text = licence_files::read(&root.join(&file)).unwrap_or_default();
        let detection = licence_match::detect(&text);
        return match detection.expression.as_deref().map(licences::parse) {
            Some(Ok(licence)) => HasLicence::Allowed(licence, file),
            _ => HasLicence::Other(file),
        };
    }
    if let Some(licence) = answered {
        return HasLicence::Allowed(licence, ANSWERS_FILE.to_string());
    }
    let named = |expressions: Vec<String>, source: &str| -> Option<HasLicence> {
        let ids: BTreeSet<String> = expressions
            .iter()
            .filter_map(|e| reuse::identifiers(e).ok())
            .flatten()
            .collect();
        let id = ids.iter().next()?;
        Some(match (ids.len(), licences::parse(id)) {
            (1, Ok(licence)) => HasLicence::Allowed(licence, source.to_string()),
            _ => HasLicence::Other(source.to_string()),
        })
    };
    if let Ok(text) = read_text(&root.join("REUSE.toml"))
        && let Ok(config) = reuse::config::parse(&text, "")
        && let Some(found) = named(
            config
                .annotations
                .into_iter()
                .flat_map(|a| a.expressions)
                .collect(),
            "REUSE.toml",
        )
    {
        return found;
    }
    let publiccode = repo.find(REQUIRED_FILES[9].accepted);
    if let Some(file) = publiccode
        && let Ok(text) = read_text(&root.join(&file))
        && let Some(expression) = publiccode::licence_expression(&text)
        && let Some(found) = named(vec![expression], &file)
    {
        return found;
    }
    HasLicence::None
}

/// One change of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// A new file, from the scaffold's plan (its path there).
    Create(String),
    /// A new `LICENSES/<id>.txt`.
    LicenceText(&'static str),
    /// An `[[annotations]]` table appended to REUSE.toml, for these files.
    Annotate(Vec<String>),
}

impl Change {
    pub(crate) fn path(&self) -> String {
        match self {
            Change::Create(path) => path.clone(),
            Change::LicenceText(id) => format!("LICENSES/{id}.txt"),
            Change::Annotate(_) => "REUSE.toml".to_string(),
        }
    }
}

/// What `--fix` will do, and what it cannot do (in words).
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub changes: Vec<Change>,
    pub cannot: Vec<String>,
}

/// The scaffold files that a failed rule asks for.
fn wanted(report: &Report, forge: Forge) -> Vec<&'static str> {
    let failed = |id: &str| {
        report
            .rules
            .iter()
            .any(|r| r.id == id && r.status == Status::Fail)
    };
    let mut out = Vec::new();
    for (rule, path) in [
        ("file:README.md", "README.md"),
        ("file:LICENSE", "LICENSE"),
        ("file:CONTRIBUTING.md", "CONTRIBUTING.md"),
        ("file:CODE_OF_CONDUCT.md", "CODE_OF_CONDUCT.md"),
        ("file:SECURITY.md", "SECURITY.md"),
        ("file:GOVERNANCE.md", "GOVERNANCE.md"),
        ("file:SUPPORT.md", "SUPPORT.md"),
        ("file:CHANGELOG.md", "CHANGELOG.md"),
        ("file:publiccode.yml", "publiccode.yml"),
        ("file:.editorconfig", ".editorconfig"),
        ("file:.gitignore", ".gitignore"),
    ] {
        if failed(rule) {
            out.push(path);
        }
    }
    if failed("ci") {
        out.push(match forge {
            Forge::Github => ".github/workflows/ci.yml",
            Forge::Gitlab => ".gitlab-ci.yml",
        });
    }
    if failed("forge-templates") {
        out.extend(match forge {
            Forge::Github => &[
                ".github/ISSUE_TEMPLATE/bug_report.yml",
                ".github/ISSUE_TEMPLATE/config.yml",
                ".github/PULL_REQUEST_TEMPLATE.md",
            ][..],
            Forge::Gitlab => &[
                ".gitlab/issue_templates/Default.md",
                ".gitlab/merge_request_templates/Default.md",
            ][..],
        });
    }
    out
}

/// Whether anything (a file, a folder, a link) holds `path` under `root`.
fn taken(root: &Path, path: &str) -> bool {
    fs::symlink_metadata(root.join(path)).is_ok()
}

/// Whether a folder on the way to `path` is a symbolic link (or a file).
fn through_link(root: &Path, path: &str) -> bool {
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// The plan for `report`'s failed rules, for `forge` and `licence`.
pub(crate) fn plan(root: &Path, report: &Report, forge: Forge, licence: &'static Licence) -> Plan {
    let s = &t().scaffold;
    let mut out = Plan::default();
    // A file that exists but fails its rule (empty, unreadable, without a
    // contact) is the team's: it is never replaced.
    for path in wanted(report, forge) {
        if through_link(root, path) {
            out.cannot
                .push(fill(s.fix_through_link, &[("path", &path)]));
        } else if taken(root, path) {
            out.cannot.push(fill(s.fix_exists, &[("file", &path)]));
        } else {
            out.changes.push(Change::Create(path.to_string()));
        }
    }
    for result in report.rules.iter().filter(|r| r.status == Status::Fail) {
        if !result.id.starts_with("file:")
            && !matches!(
                result.id.as_str(),
                "ci" | "forge-templates" | "reuse-toml" | "licenses-dir"
            )
        {
            out.cannot.push(fill(
                s.fix_by_hand,
                &[("rule", &result.id), ("message", &result.message)],
            ));
        }
    }
    let created: Vec<String> = out.changes.iter().map(Change::path).collect();
    let listed = crate::audit::repository_files(root);
    // The REUSE verdict on the repository as it is: the files that lack a
    // licence or a copyright, and the licences in use.
    let verdict = reuse::check(root, &listed);
    if taken(root, "REUSE.toml") {
        match fs::read_to_string(root.join("REUSE.toml"))
            .ok()
            .and_then(|text| reuse::config::parse(&text, "").ok())
        {
            Some(existing) => {
                let mut uncovered: BTreeSet<String> = verdict
                    .no_licence
                    .iter()
                    .chain(&verdict.no_copyright)
                    .cloned()
                    .collect();
                // The files --fix creates hold no tags: covered only when
                // an annotation gives them both a licence and a copyright.
                let mut scratch = Vec::new();
                for path in &created {
                    let covered = existing
                        .find(path, &mut scratch)
                        .is_some_and(|a| !a.expressions.is_empty() && a.copyright);
                    if !covered {
                        uncovered.insert(path.clone());
                    }
                }
                if !uncovered.is_empty() {
                    out.changes
                        .push(Change::Annotate(uncovered.into_iter().collect()));
                }
            }
            None => out.cannot.push(s.fix_reuse_unreadable.to_string()),
        }
    } else if taken(root, ".reuse/dep5") {
        out.cannot.push(s.fix_dep5.to_string());
    } else {
        out.changes.push(Change::Create("REUSE.toml".to_string()));
    }
    // LICENSES/: the texts of the licences in use (the repository's, and
    // those of the files' own tags) that it lacks.
    let mut used: BTreeSet<String> = verdict
        .used
        .iter()
        .filter_map(|e| reuse::identifiers(e).ok())
        .flatten()
        .collect();
    if out
        .changes
        .iter()
        .any(|c| matches!(c, Change::Annotate(_)) || c.path() == "REUSE.toml")
    {
        used.insert(licence.id.to_string());
    }
    let present = reuse::licences_present(root);
    for id in used.difference(&present) {
        match LICENCES.iter().find(|l| l.id == id) {
            Some(known)
                if !taken(root, &format!("LICENSES/{id}.txt"))
                    && !through_link(root, &format!("LICENSES/{id}.txt")) =>
            {
                out.changes.push(Change::LicenceText(known.id));
            }
            _ => out.cannot.push(fill(s.fix_licence_download, &[("id", id)])),
        }
    }
    out
}

/// Writes the plan under `root` from the scaffold's rendered files; returns
/// the paths written, for `git add`. Stops at the first failure, saying
/// which file; what was written before it stays (each file is whole).
pub(crate) fn apply(root: &Path, plan: &Plan, rendered: &[RenderedFile]) -> Result<Vec<String>> {
    let s = &t().scaffold;
    let rendered_of = |path: &str| {
        rendered
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.content.clone())
            .ok_or_else(|| Error::msg(fill(s.template_missing, &[("name", &path)])))
    };
    let mut written = Vec::new();
    for change in &plan.changes {
        let path = change.path();
        match change {
            Change::Create(path) => create(root, path, &rendered_of(path)?)?,
            Change::LicenceText(id) => create(root, &path, &licences::reuse_text(id)?)?,
            Change::Annotate(files) => {
                let reuse_toml = rendered_of("REUSE.toml")?;
                append_annotation(root, files, &reuse_toml)?;
            }
        }
        written.push(path);
    }
    Ok(written)
}

/// Creates `root/path` with `content`: refuses a path that leaves the
/// repository or goes through a symbolic link; writes a temporary file
/// beside it, then links it into place, which fails if the name is taken.
fn create(root: &Path, path: &str, content: &str) -> Result<()> {
    let s = &t().scaffold;
    plan::check_relative(path)?;
    let target = root.join(path);
    let fail = |err| Error::file(s.cannot_write_file, &target, err, s.hint_check_parent);
    // Each folder on the way: created if missing, refused if a link.
    let mut dir = root.to_path_buf();
    let parents: Vec<Component> = Path::new(path).components().collect();
    for part in &parents[..parents.len().saturating_sub(1)] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
                return Err(Error::msg(fill(s.fix_through_link, &[("path", &path)])));
            }
            Ok(_) => {}
            Err(_) => fs::create_dir(&dir).map_err(fail)?,
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".onboard-fix-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(content.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    #[cfg(unix)]
    {
        // Like a file created by the user: the umask decides, not 0600.
        use std::os::unix::fs::PermissionsExt;
        let mode = 0o666 & !umask();
        let _ = fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode));
    }
    tmp.persist_noclobber(&target)
        .map_err(|err| fail(err.error))?;
    crate::files::sync_dir(&dir);
    Ok(())
}

/// The process's umask, read from /proc where it can be (022 otherwise).
#[cfg(unix)]
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Appends to REUSE.toml an `[[annotations]]` table for `files`, with the
/// holder and licence of the scaffold's own REUSE.toml. The existing text
/// is kept as it is; the result must still be a valid REUSE.toml, or
/// nothing is written.
fn append_annotation(root: &Path, files: &[String], scaffold_reuse: &str) -> Result<()> {
    let s = &t().scaffold;
    let target = root.join("REUSE.toml");
    let refuse = || Error::msg(s.fix_reuse_unreadable);
    match fs::symlink_metadata(&target) {
        Ok(meta) if meta.is_file() => {}
        _ => return Err(refuse()),
    }
    let existing = fs::read_to_string(&target).map_err(|_| refuse())?;
    let model: toml::Table = toml::from_str(scaffold_reuse).map_err(|_| refuse())?;
    let first = model
        .get("annotations")
        .and_then(toml::Value::as_array)
        .and_then(|a| a.first())
        .and_then(toml::Value::as_table)
        .ok_or_else(refuse)?;
    let field = |key: &str| first.get(key).and_then(toml::Value::as_str).unwrap_or("");
    let quote = super::escape::toml_string;
    let paths: Vec<String> = files
        .iter()
        .map(|f| quote(&reuse_glob_literal(f)))
        .collect();
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n# {}\n[[annotations]]\npath = [{}]\nSPDX-FileCopyrightText = {}\nSPDX-License-Identifier = {}\n",
        s.fix_reuse_comment,
        paths.join(", "),
        quote(field("SPDX-FileCopyrightText")),
        quote(field("SPDX-License-Identifier")),
    ));
    if reuse::config::parse(&text, "").is_err() {
        return Err(refuse());
    }
    crate::files::write_atomic(&target, text.as_bytes(), false)
}

/// A path as a REUSE.toml glob that matches only itself (`*` escaped).
fn reuse_glob_literal(path: &str) -> String {
    path.replace('\\', "\\\\").replace('*', "\\*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_in_paths_are_escaped() {
        assert_eq!(reuse_glob_literal("a*b.md"), "a\\*b.md");
        // Read back as the audit reads REUSE.toml: it matches only itself.
        let toml = format!(
            "version = 1\n[[annotations]]\npath = \"{}\"\nSPDX-FileCopyrightText = \"x\"\nSPDX-License-Identifier = \"MIT\"\n",
            reuse_glob_literal("a*b.md").replace('\\', "\\\\")
        );
        let config = reuse::config::parse(&toml, "").unwrap();
        let mut scratch = Vec::new();
        assert!(config.find("a*b.md", &mut scratch).is_some());
        assert!(config.find("axb.md", &mut scratch).is_none());
    }
}
