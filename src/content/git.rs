//! Content from a git repository: cloned, or updated, into the cache
//! directory with git2; the commit used is recorded by the caller.

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

/// Clones `source`, or fetches it again, and checks out its default branch.
pub(crate) fn fetch(source: &str) -> Result<(PathBuf, Origin)> {
    fetch_into(source, "content")
}

/// [`fetch`] into the cache folder `kind` (`content` for steps, `cohort`
/// for a repository of reports): one clone per source under it.
pub(crate) fn fetch_into(source: &str, kind: &str) -> Result<(PathBuf, Origin)> {
    if !supported(source) {
        let more = if cfg!(feature = "https") {
            ", https://"
        } else {
            ""
        };
        return Err(Error::msg(fill(
            t().core.git_scheme_unsupported,
            &[("url", &source), ("more", &more)],
        )));
    }
    let dir = cache_dir(source, kind)?;
    let repo = match git2::Repository::open(&dir) {
        Ok(repo) => {
            if let Err(err) = update(&repo) {
                // Offline: the copy fetched before is better than nothing.
                crate::output::eprintln(&fill(
                    t().core.git_stale,
                    &[("url", &source), ("error", &err.message())],
                ));
            }
            clean(&repo).map_err(|err| git_error(source, &err))?;
            repo
        }
        Err(_) => {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|err| {
                    Error::file(t().core.cannot_write, &dir, err, t().core.hint_check_dir)
                })?;
            }
            // The clone's folder is the user's alone, like the rest of the cache.
            crate::files::create_private_dir_all(&dir).map_err(|err| {
                Error::file(t().core.cannot_write, &dir, err, t().core.hint_check_dir)
            })?;
            git2::Repository::clone(source, &dir).map_err(|err| git_error(source, &err))?
        }
    };
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

fn update(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut remote = repo.find_remote("origin")?;
    remote.fetch(&["+refs/heads/*:refs/remotes/origin/*"], None, None)?;
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

/// One cache directory per source, named by a hash of it.
fn cache_dir(source: &str, kind: &str) -> Result<PathBuf> {
    let base = crate::cache::root().ok_or_else(|| Error::msg(t().core.no_data_dir))?;
    Ok(base
        .join(kind)
        .join(crate::digest::short_digest(source.as_bytes(), 8)))
}
