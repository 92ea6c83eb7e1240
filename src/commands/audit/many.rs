//! `onboard audit` on many repositories: each one audited on a worker
//! thread, then the results in order and the summary.

use std::path::{Path, PathBuf};

use super::{Asked, print_json, reuse_lint, text};
use crate::audit::fleet::{self, Audited};
use crate::audit::{self, summary};
use crate::cli::AuditFormat;
use crate::content::{self, FetchError};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::output;
use crate::text::visible;

/// The list of `--from` (`-`: standard input), read whole, at most 16 MB.
pub(super) fn read_list(from: &Path) -> Result<String> {
    const LIMIT_MB: u64 = 16;
    let f = &t().fleet;
    let shown = visible(&from.display().to_string(), false).into_owned();
    let bytes = if from == Path::new("-") {
        crate::files::read_capped(std::io::stdin().lock(), LIMIT_MB << 20)
    } else {
        // A named pipe is read like a file (`--from <(ls -d */)`): the list
        // is the user's own, and the cap holds for a stream without end.
        std::fs::File::open(from).and_then(|file| crate::files::read_capped(file, LIMIT_MB << 20))
    }
    .map_err(|err| Error::file(f.from_cannot_read, from, err, f.hint_from))?
    .ok_or_else(|| {
        Error::msg(fill(
            f.from_too_large,
            &[("path", &shown), ("limit", &LIMIT_MB)],
        ))
    })?;
    String::from_utf8(bytes).map_err(|_| Error::msg(fill(f.from_not_utf8, &[("path", &shown)])))
}

/// The audit of every source, on every core (`ONBOARD_AUDIT_JOBS` sets
/// how many threads; `ONBOARD_AUDIT_DEBUG` says on standard error how many
/// ran, and how many audits ran at once), then the results in `format`.
pub(super) fn run(ctx: &Context, sources: Vec<String>, asked: &Asked) -> Result<()> {
    let f = &t().fleet;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = match std::env::var("ONBOARD_AUDIT_JOBS") {
        Err(_) => cores,
        Ok(value) if value.trim().is_empty() => cores,
        Ok(value) => value
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1024).contains(n))
            .ok_or_else(|| {
                Error::msg(fill(f.jobs_invalid, &[("value", &visible(&value, false))]))
            })?,
    };
    let (strict, reuse_tool) = (asked.strict, asked.reuse_tool);
    let run = fleet::run_all(&sources, jobs, f.internal_error, |source| {
        audit_source(source, strict, reuse_tool)
    });
    if std::env::var_os("ONBOARD_AUDIT_DEBUG").is_some_and(|v| !v.is_empty()) {
        output::eprintln(&fill(
            f.workers,
            &[
                ("workers", &run.workers),
                ("cores", &cores),
                ("active", &run.active),
                ("peak", &run.peak),
            ],
        ));
    }
    let entries = &run.entries;
    let current = crate::policy::templates::current_version();
    match asked.format {
        AuditFormat::Text => {
            let mut out = String::new();
            for entry in entries {
                match &entry.outcome {
                    Ok(audited) => out.push_str(&text(&audited.report, ctx.colour)),
                    Err(why) => {
                        out.push_str(&fill(
                            f.repo_error,
                            &[
                                ("source", &visible(&entry.source, false)),
                                ("reason", &visible(why, false)),
                            ],
                        ));
                        out.push('\n');
                    }
                }
                out.push('\n');
            }
            out.push_str(&summary::text(entries, current));
            output::print(&out)?;
        }
        AuditFormat::Json => {
            let repositories: Vec<serde_json::Value> = entries
                .iter()
                .map(|entry| match &entry.outcome {
                    Ok(audited) => serde_json::json!({
                        "source": entry.source,
                        "error": null,
                        "report": audited.report,
                    }),
                    Err(why) => serde_json::json!({
                        "source": entry.source,
                        "error": why,
                        "report": null,
                    }),
                })
                .collect();
            print_json(&serde_json::json!({
                "repositories": repositories,
                "summary": summary::json(entries, current),
            }))?;
        }
        AuditFormat::Sarif => print_json(&audit::sarif::logs(entries))?,
        AuditFormat::Csv => output::print(&summary::csv(entries, current))?,
    }
    let lines = summary::lines(entries, current);
    let (_, failed, errors) = summary::totals(&lines);
    if errors == lines.len() {
        return Err(Error::msg(fill(f.nothing_audited, &[("count", &errors)])));
    }
    if failed + errors > 0 {
        return Err(Error::CheckFailed(fill(
            f.failed_many,
            &[
                ("failed", &failed),
                ("count", &lines.len()),
                ("errors", &errors),
            ],
        )));
    }
    Ok(())
}

/// One source of many: its folder, or its clone in the cache for a git
/// address; its audit; what made it. The reason in words when it fails.
fn audit_source(
    source: &str,
    strict: bool,
    reuse_tool: bool,
) -> std::result::Result<Audited, String> {
    let f = &t().fleet;
    let dir = if content::is_git_source(source) {
        content::fetch_shallow(source).map_err(|err| match err {
            FetchError::Unsupported => {
                fill(f.clone_unsupported, &[("more", &content::more_schemes())])
            }
            FetchError::NoCache => f.clone_no_cache.to_string(),
            FetchError::Folder(dir, err) => {
                fill(f.clone_folder, &[("path", &dir.display()), ("error", &err)])
            }
            FetchError::Git(err) => fill(f.clone_failed, &[("error", &err.message())]),
        })?
    } else {
        let dir = PathBuf::from(source);
        fleet::readable_dir(&dir, f.not_a_dir, f.cannot_open)?;
        dir
    };
    let mut report = if reuse_tool {
        let compliant = reuse_lint(&dir).map_err(|err| err.to_string())?;
        audit::audit_with_reuse_lint(&dir, strict, compliant)
    } else {
        audit::audit(&dir, strict)
    };
    // The report names the repository as it was given (a URL, not the cache).
    report.path = source.to_string();
    Ok(Audited {
        made: fleet::made_with(&dir),
        report,
        dir,
    })
}
