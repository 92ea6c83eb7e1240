//! The base of the three-way merge: a commit whose tree is exactly the
//! files as onboard rendered them. Found, in order: `--base COMMIT`; the
//! commit `.onboard.toml` names; the newest commit reachable from HEAD that
//! `update` wrote (its message carries the [`TRAILER`]); the root commit
//! that `scaffold` made (its first line, and a sign-off by its author).

use git2::{Commit, Oid, Repository, Sort};

use crate::error::{Error, Result};
use crate::i18n::{fill, t};

/// The line that marks a commit of a pure render, followed by the
/// templates' version.
pub(crate) const TRAILER: &str = "Onboard-Render:";

/// How the base was found, for the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    Given,
    Recorded,
    Render,
    FirstCommit,
}

pub(crate) fn find<'r>(
    repo: &'r Repository,
    given: Option<&str>,
    recorded: Option<&str>,
) -> Result<(Commit<'r>, Found)> {
    let s = &t().update;
    let fail = |err: git2::Error| Error::msg(fill(s.git_failed, &[("error", &err.message())]));
    if let Some(spec) = given {
        let commit = repo
            .revparse_single(spec)
            .and_then(|object| object.peel_to_commit())
            .map_err(|_| Error::msg(fill(s.base_not_a_commit, &[("base", &spec)])))?;
        return Ok((commit, Found::Given));
    }
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(fail)?;
    if let Some(id) = recorded.and_then(|r| Oid::from_str(r).ok())
        && let Ok(commit) = repo.find_commit(id)
        && (commit.id() == head.id() || repo.graph_descendant_of(head.id(), id).unwrap_or(false))
    {
        return Ok((commit, Found::Recorded));
    }
    let mut walk = repo.revwalk().map_err(fail)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(fail)?;
    walk.push(head.id()).map_err(fail)?;
    let mut first = None;
    for id in walk {
        let commit = repo.find_commit(id.map_err(fail)?).map_err(fail)?;
        let message = commit.message().unwrap_or_default();
        if is_render(message) {
            return Ok((commit, Found::Render));
        }
        if commit.parent_count() == 0 && first.is_none() && is_first_commit(&commit) {
            first = Some(commit);
        }
    }
    first
        .map(|commit| (commit, Found::FirstCommit))
        .ok_or_else(|| Error::msg(s.no_base))
}

/// A message with the render marker on a line of its own.
pub(crate) fn is_render(message: &str) -> bool {
    message.lines().any(|line| {
        line.starts_with(TRAILER) && line[TRAILER.len()..].trim().parse::<u32>().is_ok()
    })
}

/// The first commit `scaffold` makes: its message, signed off by its author.
fn is_first_commit(commit: &Commit) -> bool {
    let message = commit.message().unwrap_or_default();
    let author = commit.author();
    let sign_off = format!(
        "Signed-off-by: {} <{}>",
        author.name().unwrap_or_default(),
        author.email().unwrap_or_default()
    );
    message.starts_with(crate::scaffold::git::MESSAGE) && message.lines().any(|l| l == sign_off)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_is_marked_by_its_trailer_with_a_version() {
        assert!(is_render(
            "Modèles\n\nOnboard-Render: 2\nSigned-off-by: A <a@b>\n"
        ));
        assert!(!is_render("Onboard-Render: deux\n"));
        assert!(!is_render("Merge: Onboard-Render: 2\n"));
    }
}
