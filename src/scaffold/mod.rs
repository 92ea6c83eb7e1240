//! `onboard scaffold`: an open-by-default repository, rendered into a
//! temporary directory, audited, committed with git2, then moved into place.
//!
//! Order matters: every check (options, target, answers, git identity)
//! happens before anything is written, and nothing appears at PATH until the
//! tree is complete, audited and committed.

pub mod answers;
pub(crate) mod escape;
pub mod fix;
pub mod git;
pub(crate) mod plan;
pub mod render;
pub mod source;
pub mod target;

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::Forge;

use self::answers::Answers;
use self::git::Identity;
use self::target::Target;

/// What `onboard scaffold` was asked, as given: [`answers::check_options`]
/// checks each value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub path: PathBuf,
    pub name: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub organisation: Option<String>,
    pub organisation_url: Option<String>,
    pub contact: Option<String>,
    pub repository_url: Option<String>,
    pub forge: Option<Forge>,
    pub author: Option<String>,
    pub dry_run: bool,
    pub no_git: bool,
    pub yes: bool,
}

/// The files `--dry-run` lists: the plan for the forge and licence that
/// the options give, or their defaults.
pub(crate) fn planned_files(
    templates: &source::Templates,
    given: &answers::Given,
) -> Result<Vec<plan::Planned>> {
    let forge = given
        .forge
        .unwrap_or_else(|| answers::forge_from_url(given.repository_url.as_deref()));
    let licence = given
        .licence
        .unwrap_or_else(crate::policy::licences::default_licence);
    plan::plan_for(templates, forge, licence)
}

/// `owner/name` for the next-step hints, else the project's name.
pub(crate) fn slug(answers: &Answers) -> String {
    owner_and_name(&answers.repository_url).unwrap_or_else(|| answers.name.clone())
}

/// Renders, audits and commits in a temporary folder, then moves it into
/// place. Holds a [`crate::signals::SaveGuard`] so Ctrl-C waits for the
/// folder to be whole (or gone) instead of leaving a half-built one; the
/// signal then takes effect when the guard is dropped, on return.
pub(crate) fn build(
    target: &Target,
    templates: &source::Templates,
    inputs: &render::Inputs,
    identity: Option<&Identity>,
) -> Result<usize> {
    let files = render::render_with(templates, inputs)?;
    let _saving = crate::signals::hold();
    let reserve = target::reserve(target)?;
    let tree = target::temporary(target)?;
    // Declared after `tree`, so given back before a failed tree is removed.
    let _reserve = reserve;
    target::write_files(tree.path(), &files)?;
    // Strict: a scaffolded repository follows the recommended rules too.
    let report = crate::audit::audit(tree.path(), true);
    if !report.all_passed() {
        let failed: Vec<&str> = report
            .rules
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.id.as_str())
            .collect();
        return Err(Error::msg(fill(
            t().scaffold.self_audit_failed,
            &[("rules", &failed.join(", "))],
        )));
    }
    if let Some(identity) = identity {
        git::commit(tree.path(), &files, identity)?;
    }
    target::install(tree, target)?;
    Ok(files.len())
}

/// This year, where the user is (for the copyright notice).
pub fn current_year() -> i16 {
    let tz = local_zone().unwrap_or_else(jiff::tz::TimeZone::system);
    jiff::Timestamp::now().to_zoned_datetime(tz).year()
}

/// The system time zone read from /etc/localtime when `TZ` is not set, as
/// the C library does. jiff's `TimeZone::system` gives the same offsets, but
/// first indexes the whole zoneinfo database: 1.2 ms of a 18 ms scaffold.
/// Elsewhere (Windows), jiff's system zone is the one.
fn local_zone() -> Option<jiff::tz::TimeZone> {
    if cfg!(not(unix)) || std::env::var_os("TZ").is_some() {
        return None;
    }
    let bytes = std::fs::read("/etc/localtime").ok()?;
    jiff::tz::TimeZone::tzif("localtime", &bytes).ok()
}

/// `owner/name` from a forge URL such as `https://github.com/owner/name`;
/// GitLab groups can be nested (`group/sub/name`).
fn owner_and_name(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let (_host, path) = rest.split_once('/')?;
    let path = path.trim_matches('/');
    (path.contains('/')).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_zone_gives_the_offsets_of_the_system_zone() {
        let now = jiff::Timestamp::now();
        let system = jiff::tz::TimeZone::system();
        if let Some(local) = local_zone() {
            for days in [0, 91, 182, 273] {
                let at = now + jiff::SignedDuration::from_hours(24 * days);
                assert_eq!(local.to_offset(at), system.to_offset(at), "{at}");
            }
        }
        let year = current_year();
        assert!((2026..3000).contains(&year), "{year}");
    }

    #[test]
    fn slugs_come_from_the_repository_url() {
        assert_eq!(
            owner_and_name("https://github.com/ville/projet"),
            Some("ville/projet".into())
        );
        assert_eq!(
            owner_and_name("https://gitlab.com/a/b/c"),
            Some("a/b/c".into())
        );
        assert_eq!(owner_and_name("https://exemple.fr/projet"), None);
    }
}
