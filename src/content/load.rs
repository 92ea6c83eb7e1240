//! Reading content: the steps embedded in the binary, a directory, or a git
//! repository; then choosing the language.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::check::check_dir;
use super::check::{Parsed, check_files};
use super::checked;
use super::files::{SourceFile, read_dir_files, skipped};
use super::problem::Problem;
use super::{Content, Origin, Outline, Source, StepOutline};
use crate::cache::CacheEntry;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::i18n::{fill, t};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/steps");

/// The steps built into the binary from steps/.
pub fn embedded_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if skipped(&rel) {
            continue;
        }
        let text = std::str::from_utf8(file.contents()).unwrap_or_default();
        out.push(SourceFile {
            name: format!("steps/{rel}"),
            rel,
            text: Cow::Borrowed(text),
            problem: None,
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Checks the files, then keeps the language asked for.
pub fn parse_files(
    files: &[SourceFile],
    label: &str,
    origin: Origin,
    lang: Lang,
) -> Result<Content> {
    match check_files(files, label) {
        Ok(parsed) => Ok(select_lang(parsed, origin, lang)),
        Err(problems) => Err(content_error(label, &problems)),
    }
}

/// Loads the content in use: `--steps` (a directory or a git repository) or
/// the embedded steps, read and checked.
pub fn load(source: &Source, lang: Lang) -> Result<Content> {
    load_with(source, lang, None)
}

/// [`load`], through the cache of checked content in `cache` (a cache
/// root, see [`crate::cache`]): what it stored is used when it matches.
pub fn load_with(source: &Source, lang: Lang, cache: Option<&Path>) -> Result<Content> {
    let (dir, origin) = resolve(source)?;
    let entry = cache.and_then(|root| cache_entry(root, dir.as_deref(), lang));
    if let Some((journey, steps)) = entry.as_ref().and_then(checked::read_whole) {
        return Ok(Content {
            journey,
            steps,
            origin,
        });
    }
    load_checked(dir.as_deref(), origin, lang, entry)
}

/// The outline of the content in use: from the cache in `cache`, without
/// reading the steps' texts, when it matches; else from the content, checked.
pub fn load_outline(source: &Source, lang: Lang, cache: Option<&Path>) -> Result<Outline> {
    let (dir, origin) = resolve(source)?;
    let entry = cache.and_then(|root| cache_entry(root, dir.as_deref(), lang));
    if let Some(steps) = entry.as_ref().and_then(checked::read_outline) {
        return Ok(Outline { steps, origin });
    }
    let content = load_checked(dir.as_deref(), origin, lang, entry)?;
    Ok(Outline {
        steps: content.steps.iter().map(StepOutline::of).collect(),
        origin: content.origin,
    })
}

/// Where the content is: a directory (a git repository is fetched into the
/// cache first), or `None` for the embedded steps.
fn resolve(source: &Source) -> Result<(Option<PathBuf>, Origin)> {
    match source {
        Source::Embedded => Ok((None, Origin::Embedded)),
        Source::Git(url) => {
            let (dir, origin) = super::git::fetch(url)?;
            Ok((Some(dir), origin))
        }
        Source::Dir(dir) => Ok((Some(dir.clone()), Origin::Dir(dir.clone()))),
    }
}

/// `onboard steps check`: the content of `source` checked, every file in
/// every language, with how messages name it. `Err` when it cannot be
/// fetched; the problems found are in the inner result.
pub fn check_source(source: &Source) -> Result<(String, Result<Parsed, Vec<Problem>>)> {
    Ok(match source {
        Source::Embedded => ("steps".to_string(), check_files(&embedded_files(), "steps")),
        Source::Dir(dir) => (dir.display().to_string(), check_dir(dir)),
        Source::Git(url) => {
            let (dir, origin) = super::git::fetch(url)?;
            (origin.describe(), check_dir(&dir))
        }
    })
}

/// The cache entry for this content; for a directory, its files are stamped now.
fn cache_entry(root: &Path, dir: Option<&Path>, lang: Lang) -> Option<CacheEntry> {
    match dir {
        None => Some(checked::embedded(root, lang)),
        Some(dir) => checked::dir(root, dir, lang),
    }
}

/// Reads and checks the content, and stores it in `entry` when valid.
fn load_checked(
    dir: Option<&Path>,
    origin: Origin,
    lang: Lang,
    entry: Option<CacheEntry>,
) -> Result<Content> {
    let content = match dir {
        None => load_embedded(lang)?,
        Some(dir) => load_dir_with(dir, origin, lang)?,
    };
    if let Some(entry) = entry {
        checked::write(&entry, &content.journey, &content.steps);
    }
    Ok(content)
}

fn load_embedded(lang: Lang) -> Result<Content> {
    let mut files = embedded_files();
    if lang == Lang::Fr {
        // French is the first language: the translations would be
        // parsed and compared only to be dropped. The shipped ones
        // are valid (`onboard steps check` and the tests check them),
        // so leaving them out changes nothing but the time taken.
        files.retain(|file| !file.rel.contains('/'));
    }
    parse_files(&files, "steps", Origin::Embedded, lang)
}

pub fn load_dir(dir: &Path, lang: Lang) -> Result<Content> {
    load_dir_with(dir, Origin::Dir(dir.to_path_buf()), lang)
}

fn load_dir_with(dir: &Path, origin: Origin, lang: Lang) -> Result<Content> {
    let label = dir.display().to_string();
    let files = read_dir_files(dir).map_err(|problems| content_error(&label, &problems))?;
    parse_files(&files, &label, origin, lang)
}

fn content_error(label: &str, problems: &[Problem]) -> Error {
    let first = problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    Error::msg(fill(
        t().core.content_invalid,
        &[
            ("count", &problems.len()),
            ("dir", &label),
            ("first", &first),
        ],
    ))
}

/// Shows each step in `lang` where a translation exists, else in the first language.
fn select_lang(parsed: Parsed, origin: Origin, lang: Lang) -> Content {
    let Parsed {
        primary,
        mut translations,
        ..
    } = parsed;
    let code = match lang {
        Lang::Fr => None,
        Lang::En => Some("en"),
    };
    let Some(translation) = code.and_then(|code| translations.remove(code)) else {
        let untranslated = code.is_some();
        let steps = primary
            .steps
            .into_iter()
            .map(|mut step| {
                step.untranslated = untranslated;
                step
            })
            .collect();
        return Content {
            journey: primary.journey,
            steps,
            origin,
        };
    };
    let steps = primary
        .steps
        .into_iter()
        .map(
            |step| match translation.steps.iter().find(|s| s.id == step.id) {
                // A translation keeps the first language's fingerprints:
                // the same step, said in another language.
                Some(other) => super::Step {
                    fingerprint: step.fingerprint,
                    file: other.file.clone(),
                    ..other.clone()
                },
                None => super::Step {
                    untranslated: true,
                    ..step
                },
            },
        )
        .collect();
    let journey = super::JourneyText {
        title: translation.journey.title.or(primary.journey.title),
        welcome: translation.journey.welcome.or(primary.journey.welcome),
        closing: translation.journey.closing.or(primary.journey.closing),
        // The same content in another language: the same name.
        id: primary.journey.id,
        feedback: translation.journey.feedback.or(primary.journey.feedback),
    };
    Content {
        journey,
        steps,
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_from_the_embedded_steps_is_the_same_without_the_translations() {
        let all = check_files(&embedded_files(), "steps").unwrap();
        let content = load(&Source::Embedded, Lang::Fr).unwrap();
        let ids = |steps: &[super::super::Step]| -> Vec<(String, super::super::Fingerprint)> {
            steps
                .iter()
                .map(|s| (s.id.clone(), s.fingerprint.clone()))
                .collect()
        };
        assert_eq!(ids(&content.steps), ids(&all.primary.steps));
        assert!(content.steps.iter().all(|s| !s.untranslated));
        assert_eq!(content.journey.title, all.primary.journey.title);
        let english = load(&Source::Embedded, Lang::En).unwrap();
        // Shown in English, each step keeps its French fingerprints.
        assert_eq!(ids(&english.steps), ids(&all.primary.steps));
        assert!(english.steps.iter().all(|s| !s.untranslated));
    }
}
