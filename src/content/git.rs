//! Repositories fetched with git2 into the cache directory: the content
//! (cloned, or updated; the commit used is recorded by the caller), and the
//! repositories that `onboard audit` is given by URL (shallow where the
//! transport allows it).

use std::path::{Path, PathBuf};

use super::Origin;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// A URL (`file://`, `https://`, `ssh://`, `git@…`), or a bare repository on disk.
/// A work tree on disk is read as a plain directory, so authors see their edits.
pub(crate) fn is_git_source(source: &str) -> bool {
    if source.contains("://") || source.starts_with("git@") {
        return true;
    }
    let path = Path::new(source);
    path.join("HEAD").is_file() && path.join("objects").is_dir() && !path.join(".git").exists()
}

/// Whether this build can fetch from `source`: local repositories and
/// `file://` always; `https://` and `http://` with the `https` feature.
/// SSH (`ssh://`, `git@host:path`) is not built in.
fn supported(source: &str) -> bool {
    let scheme = source.split_once("://").map(|(scheme, _)| scheme);
    match scheme {
        None => !source.starts_with("git@"),
        Some("file") => true,
        Some("https" | "http") => cfg!(feature = "https"),
        Some(_) => false,
    }
}

/// `", https://"` when this build fetches https, for the messages that
/// list the schemes it knows.
pub(crate) fn more_schemes() -> &'static str {
    if cfg!(feature = "https") {
        ", https://"
    } else {
        ""
    }
}

/// Why a repository could not be fetched; each caller says it in its words.
#[derive(Debug)]
pub(crate) enum FetchError {
    /// This build does not fetch this scheme (see `supported`).
    Unsupported,
    /// There is no cache directory to clone into.
    NoCache,
    /// The clone's folder cannot be made or emptied.
    Folder(PathBuf, std::io::Error),
    /// git2 failed (network, address, repository).
    Git(git2::Error),
}

/// How a repository is kept in the cache.
#[derive(Clone, Copy)]
struct Kind {
    /// The cache's sub-folder.
    area: &'static str,
    /// Only the last commit, where the transport allows it.
    shallow: bool,
}

/// Clones `source`, or fetches it again, and checks out its default branch.
pub(crate) fn fetch(source: &str) -> Result<(PathBuf, Origin)> {
    fetch_into(source, "content")
}

/// [`fetch`] into the cache folder `area` (`content` for steps, `cohort`
/// for a repository of reports): one clone per source under it.
pub(crate) fn fetch_into(source: &str, area: &'static str) -> Result<(PathBuf, Origin)> {
    let kind = Kind {
        area,
        shallow: false,
    };
    let stale = |err: &git2::Error| {
        // Offline: the copy fetched before is better than nothing.
        crate::output::eprintln(&fill(
            t().core.git_stale,
            &[("url", &source), ("error", &err.message())],
        ));
        true
    };
    let (dir, repo) = get(source, kind, stale).map_err(|err| match err {
        FetchError::Unsupported => Error::msg(fill(
            t().core.git_scheme_unsupported,
            &[("url", &source), ("more", &more_schemes())],
        )),
        FetchError::NoCache => Error::msg(t().core.no_data_dir),
        FetchError::Folder(dir, err) => {
            Error::file(t().core.cannot_write, &dir, err, t().core.hint_check_dir)
        }
        FetchError::Git(err) => git_error(source, &err),
    })?;
    let commit = repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .map_err(|err| git_error(source, &err))?
        .id()
        .to_string();
    let origin = Origin::Git {
        url: source.to_string(),
        commit,
    };
    Ok((dir, origin))
}

/// A repository to audit, given by URL: its default branch's last commit
/// in the cache (`audit/` beside the content's clones), fetched again when
/// it is there already. Shallow (depth 1) over the network; libgit2's
/// local transport (`file://`, a bare repository on disk) cannot make a
/// shallow clone, and copies the whole history.
pub(crate) fn fetch_shallow(source: &str) -> std::result::Result<PathBuf, FetchError> {
    let kind = Kind {
        area: "audit",
        shallow: true,
    };
    // An audit reads what the repository holds now: a copy that cannot be
    // brought up to date is cloned again, not read as it was.
    get(source, kind, |_| false).map(|(dir, _)| dir)
}

/// The clone of `source` for `kind`, made or updated. When an existing
/// clone cannot be updated, `keep_stale` says whether to use it as it is
/// (else it is cloned again).
fn get(
    source: &str,
    kind: Kind,
    keep_stale: impl FnOnce(&git2::Error) -> bool,
) -> std::result::Result<(PathBuf, git2::Repository), FetchError> {
    if !supported(source) {
        return Err(FetchError::Unsupported);
    }
    let dir = cache_dir(kind.area, source).ok_or(FetchError::NoCache)?;
    let depth = if kind.shallow && !is_local(source) {
        1
    } else {
        0
    };
    if let Ok(repo) = git2::Repository::open(&dir) {
        let usable = match update(&repo, depth) {
            Ok(()) => true,
            Err(err) => keep_stale(&err),
        };
        if usable {
            clean(&repo).map_err(FetchError::Git)?;
            return Ok((dir, repo));
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|err| FetchError::Folder(dir.clone(), err))?;
    }
    // The clone's folder is the user's alone, like the rest of the cache.
    crate::files::create_private_dir_all(&dir)
        .map_err(|err| FetchError::Folder(dir.clone(), err))?;
    let mut options = git2::FetchOptions::new();
    options.depth(depth);
    let repo = git2::build::RepoBuilder::new()
        .fetch_options(options)
        .clone(source, &dir)
        .map_err(FetchError::Git)?;
    Ok((dir, repo))
}

/// Whether git2 reads `source` with its local transport: a path, or `file://`.
fn is_local(source: &str) -> bool {
    match source.split_once("://") {
        None => !source.starts_with("git@"),
        Some((scheme, _)) => scheme == "file",
    }
}

fn update(repo: &git2::Repository, depth: i32) -> Result<(), git2::Error> {
    let mut remote = repo.find_remote("origin")?;
    let mut options = git2::FetchOptions::new();
    options.depth(depth);
    remote.fetch(
        &["+refs/heads/*:refs/remotes/origin/*"],
        Some(&mut options),
        None,
    )?;
    let branch = repo.head()?.shorthand().unwrap_or("main").to_string();
    let target = repo
        .find_reference(&format!("refs/remotes/origin/{branch}"))?
        .peel_to_commit()?;
    repo.reset(target.as_object(), git2::ResetType::Hard, None)?;
    Ok(())
}

/// Puts the clone's work tree back to its commit exactly: changed files
/// restored, and files that are in no commit (untracked or ignored, added
/// by hand or by anything else) removed, so the content read is the commit
/// that `status` and the report name.
fn clean(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force().remove_untracked(true).remove_ignored(true);
    repo.checkout_head(Some(&mut checkout))
}

fn git_error(source: &str, err: &git2::Error) -> Error {
    Error::msg(fill(
        t().core.git_failed,
        &[("url", &source), ("error", &err.message())],
    ))
}

/// One cache directory per source and area, named by a hash of the source.
fn cache_dir(area: &str, source: &str) -> Option<PathBuf> {
    let base = crate::cache::root()?;
    Some(
        base.join(area)
            .join(crate::digest::short_digest(source.as_bytes(), 8)),
    )
}
