//! `onboard update`: brings a scaffolded repository up to the current
//! templates, keeping the team's edits. Base: the commit of the files as
//! onboard last rendered them ([`base`]). Theirs: the templates rendered
//! again with the recorded answers. Ours: HEAD, with a clean work tree.
//! Each file is merged three ways ([`merge`]); the result is staged with
//! the new render as the merge's second parent ([`write`]).

pub(crate) mod base;
pub(crate) mod merge;
pub(crate) mod record;
pub(crate) mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature, StatusOptions, TreeWalkMode, TreeWalkResult};

use self::base::Found;
use self::merge::{Change, Side, Status};
use self::record::Recorded;
use self::write::git_error;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::scaffold::plan::ANSWERS_FILE;
use crate::scaffold::render::{self, Inputs, RenderedFile};
use crate::scaffold::source::Templates;

/// Files bigger than this are not read from history (templates are small).
const MAX_BLOB: usize = 4 << 20;

/// A repository to update: opened, and checked to be clean.
pub(crate) struct Repo {
    pub git: Repository,
    pub root: PathBuf,
}

/// The base commit, and what a render made from it needs.
pub(crate) struct Base {
    pub id: Oid,
    pub found: Found,
    pub year: i16,
    pub maintainer: Option<String>,
}

/// The plan of an update.
pub(crate) struct Plan {
    /// Sorted by path; `.onboard.toml` among them when anything changes.
    pub changes: Vec<Change>,
    /// The new pure render.
    pub theirs: Vec<RenderedFile>,
    pub from_version: u32,
    pub to_version: u32,
}

impl Plan {
    pub(crate) fn nothing_to_do(&self) -> bool {
        self.changes.is_empty()
    }

    pub(crate) fn conflicts(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.status == Status::Conflict)
    }
}

/// Opens the repository at `path` and refuses it unless it is a work tree
/// with a commit, no merge in progress, and nothing changed or untracked.
pub(crate) fn open(path: &Path) -> Result<Repo> {
    let s = &t().update;
    let shown = path.display();
    let git = Repository::open(path)
        .map_err(|_| Error::msg(fill(s.not_a_repository, &[("path", &shown)])))?;
    let Some(root) = git.workdir().map(Path::to_path_buf) else {
        return Err(Error::msg(fill(s.not_a_repository, &[("path", &shown)])));
    };
    // An update killed in the middle of its swap is undone first.
    if write::recover(&git, &root)? {
        crate::output::eprintln(s.rolled_back);
    }
    if git.state() != git2::RepositoryState::Clean || git.path().join("index.lock").exists() {
        return Err(Error::msg(fill(
            s.operation_in_progress,
            &[("path", &shown)],
        )));
    }
    if git.head().and_then(|h| h.peel_to_commit()).is_err() {
        return Err(Error::msg(fill(s.no_commit, &[("path", &shown)])));
    }
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .include_ignored(false)
        .recurse_untracked_dirs(false);
    let statuses = git.statuses(Some(&mut options)).map_err(git_error)?;
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|e| e.status() != git2::Status::CURRENT)
        .filter_map(|e| {
            e.path()
                .ok()
                .map(|p| crate::text::visible(p, false).into_owned())
        })
        .collect();
    if !dirty.is_empty() {
        let mut listed: Vec<String> = dirty.iter().take(5).cloned().collect();
        if dirty.len() > 5 {
            listed.push("…".to_string());
        }
        return Err(Error::msg(fill(
            s.dirty,
            &[("path", &shown), ("files", &listed.join(", "))],
        )));
    }
    drop(statuses);
    Ok(Repo { git, root })
}

/// HEAD's `.onboard.toml`.
pub(crate) fn recorded(repo: &Repo) -> Result<Recorded> {
    let s = &t().update;
    let head = repo
        .git
        .head()
        .and_then(|h| h.peel_to_tree())
        .map_err(git_error)?;
    let text =
        read_blob(&repo.git, &head, ANSWERS_FILE)?.ok_or_else(|| Error::msg(s.no_answers_file))?;
    let text = String::from_utf8(text.bytes).map_err(|_| Error::msg(s.no_answers_file))?;
    record::parse(&text).map_err(|why| {
        Error::msg(fill(
            s.bad_answers_file,
            &[("why", &crate::text::visible(&why, false))],
        ))
    })
}

/// Finds the base (see [`base::find`]), and the year and maintainer of its
/// render when `.onboard.toml` is older than their keys.
pub(crate) fn base(repo: &Repo, given: Option<&str>, recorded: &Recorded) -> Result<Base> {
    let (commit, found) = base::find(&repo.git, given, recorded.base.as_deref())?;
    let (year, maintainer) = match recorded.year {
        Some(year) => (year, recorded.maintainer.clone()),
        None => (
            commit_year(&commit),
            commit.author().name().ok().map(str::to_string),
        ),
    };
    Ok(Base {
        id: commit.id(),
        found,
        year,
        maintainer,
    })
}

fn commit_year(commit: &git2::Commit) -> i16 {
    let time = commit.time();
    let offset =
        jiff::tz::Offset::from_seconds(time.offset_minutes() * 60).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(time.seconds())
        .map(|ts| {
            ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
                .year()
        })
        .unwrap_or_else(|_| crate::scaffold::current_year())
}

/// Renders the templates again and merges each file: nothing is written.
pub(crate) fn plan(
    repo: &Repo,
    templates: &Templates,
    inputs: &Inputs,
    base: &Base,
    recorded: &Recorded,
) -> Result<Plan> {
    let theirs = render::render_with(templates, inputs)?;
    let theirs_map: BTreeMap<String, Vec<u8>> = theirs
        .iter()
        .map(|f| (f.path.clone(), f.content.as_bytes().to_vec()))
        .collect();
    let base_tree = repo
        .git
        .find_commit(base.id)
        .and_then(|c| c.tree())
        .map_err(git_error)?;
    let base_map: BTreeMap<String, Vec<u8>> = tree_files(&repo.git, &base_tree)?
        .into_iter()
        .map(|(path, side)| (path, side.bytes))
        .collect();
    let head = repo
        .git
        .head()
        .and_then(|h| h.peel_to_tree())
        .map_err(git_error)?;
    let all_ours = tree_paths(&head)?;
    let ours = |path: &str| read_blob(&repo.git, &head, path);
    let label = format!("onboard-templates-{}", templates.version());
    let mut changes = merge::plan(&base_map, &theirs_map, &ours, &all_ours, &label)?;
    let record_current = recorded.templates == templates.version()
        && recorded.fingerprint.as_deref() == Some(templates.fingerprint.as_str())
        && recorded.year.is_some()
        && &recorded.extra == inputs.extra;
    if !changes.is_empty() || !record_current {
        let mode = read_blob(&repo.git, &head, ANSWERS_FILE)?.map_or(merge::FILE_MODE, |s| s.mode);
        changes.push(Change {
            path: ANSWERS_FILE.to_string(),
            status: Status::Updated,
            content: Some(Vec::new()),
            mode,
            sides: None,
        });
        changes.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(Plan {
        changes,
        theirs,
        from_version: recorded.templates,
        to_version: templates.version(),
    })
}

/// What an update did.
pub(crate) struct Applied {
    /// The commit of the new pure render (the merge's second parent).
    pub render: Oid,
    /// The merge commit, with `--commit` and no conflict.
    pub commit: Option<Oid>,
}

/// Writes the plan: the commit of the new render (objects only), then the
/// files and the index (see [`write`]). `commit`: make the merge commit.
pub(crate) fn apply(
    repo: &Repo,
    templates: &Templates,
    inputs: &Inputs,
    base: &Base,
    plan: &mut Plan,
    signature: &Signature,
    commit: bool,
) -> Result<Applied> {
    let sign_off = format!(
        "Signed-off-by: {} <{}>\n",
        signature.name().unwrap_or_default(),
        signature.email().unwrap_or_default()
    );
    let render = render_commit(
        repo,
        &plan.theirs,
        base.id,
        plan.to_version,
        signature,
        &sign_off,
    )?;
    let render_id = render.to_string();
    let answers = render::answers_text(templates, inputs, Some(&render_id))?;
    for change in &mut plan.changes {
        if change.path == ANSWERS_FILE {
            change.content = Some(answers.clone().into_bytes());
        }
    }
    let message = merge_message(plan, &sign_off);
    let signature_ref = signature;
    let commit_with =
        (commit && plan.conflicts().next().is_none()).then_some((message.as_str(), signature_ref));
    let done = write::write(
        &repo.git,
        &write::Writing {
            root: &repo.root,
            changes: &plan.changes,
            render,
            commit: commit_with,
            merge_message: &message,
        },
    )?;
    Ok(Applied {
        render,
        commit: done,
    })
}

/// The commit of a pure render, whose parent is the previous base: the
/// base of the next update, kept in history as a vendor branch is.
fn render_commit(
    repo: &Repo,
    files: &[RenderedFile],
    parent: Oid,
    version: u32,
    signature: &Signature,
    sign_off: &str,
) -> Result<Oid> {
    let git = &repo.git;
    let mut index = git2::Index::new().map_err(git_error)?;
    for file in files {
        let id = git.blob(file.content.as_bytes()).map_err(git_error)?;
        let zero = git2::IndexTime::new(0, 0);
        index
            .add(&git2::IndexEntry {
                ctime: zero,
                mtime: zero,
                dev: 0,
                ino: 0,
                mode: merge::FILE_MODE,
                uid: 0,
                gid: 0,
                file_size: file.content.len() as u32,
                id,
                flags: file.path.len().min(0xfff) as u16,
                flags_extended: 0,
                path: file.path.as_bytes().to_vec(),
            })
            .map_err(git_error)?;
    }
    let tree = index.write_tree_to(git).map_err(git_error)?;
    let tree = git.find_tree(tree).map_err(git_error)?;
    let parent = git.find_commit(parent).map_err(git_error)?;
    let message = format!(
        "Modèles d'onboard, version {version} : les fichiers tels qu'onboard les écrit\n\n\
         Ce commit garde le rendu des modèles avec les réponses de .onboard.toml,\n\
         sans les modifications de l'équipe : c'est la base de la prochaine\n\
         mise à jour (onboard update).\n\n{} {version}\n{sign_off}",
        base::TRAILER
    );
    git.commit(None, signature, signature, &message, &tree, &[&parent])
        .map_err(git_error)
}

/// The message of the merge (repository content: French, like the
/// scaffold's first commit), listing each file and what happened to it.
fn merge_message(plan: &Plan, sign_off: &str) -> String {
    let mut message = format!(
        "Mise à jour des modèles d'onboard : version {} vers {}\n\n",
        plan.from_version, plan.to_version
    );
    for change in &plan.changes {
        let word = match change.status {
            Status::Updated => "mis à jour",
            Status::Merged => "fusionné",
            Status::Conflict => "en conflit",
            Status::Added => "ajouté",
            Status::Removed => "supprimé",
            Status::Kept => "gardé tel que l'équipe l'a laissé",
            Status::Restored => "restauré (une règle l'exige)",
        };
        message.push_str(&format!("- {} : {word}\n", change.path));
    }
    message.push('\n');
    message.push_str(sign_off);
    message
}

/// A file of `tree` at `path`: `None` when absent; a link or a folder
/// comes with its mode and no bytes.
fn read_blob(git: &Repository, tree: &git2::Tree, path: &str) -> Result<Option<Side>> {
    let Ok(entry) = tree.get_path(Path::new(path)) else {
        return Ok(None);
    };
    let mode = entry.filemode() as u32;
    if entry.kind() != Some(git2::ObjectType::Blob) || !(mode == 0o100644 || mode == 0o100755) {
        return Ok(Some(Side {
            bytes: Vec::new(),
            mode,
        }));
    }
    let blob = git.find_blob(entry.id()).map_err(git_error)?;
    if blob.size() > MAX_BLOB {
        return Err(Error::msg(fill(
            t().update.too_big,
            &[("path", &crate::text::visible(path, false))],
        )));
    }
    Ok(Some(Side {
        bytes: blob.content().to_vec(),
        mode,
    }))
}

/// Every regular file of a (small) tree: the base's pure render.
fn tree_files(git: &Repository, tree: &git2::Tree) -> Result<BTreeMap<String, Side>> {
    let mut out = BTreeMap::new();
    for path in tree_paths(tree)? {
        if let Some(side) = read_blob(git, tree, &path)?
            && (side.mode == 0o100644 || side.mode == 0o100755)
        {
            out.insert(path, side);
        }
    }
    Ok(out)
}

/// The paths of every file of a tree.
fn tree_paths(tree: &git2::Tree) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() != Some(git2::ObjectType::Tree)
            && let Ok(name) = entry.name()
        {
            out.insert(format!("{dir}{name}"));
        }
        TreeWalkResult::Ok
    })
    .map_err(git_error)?;
    Ok(out)
}
