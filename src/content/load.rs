//! Reading content: the steps embedded in the binary, a directory, or a git
//! repository; then choosing the language.

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use super::check::{Parsed, Problem, at, at_start, check_files};
use super::{Content, Origin};
use crate::cli::Lang;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/steps");

/// Step files larger than this are refused.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// One content file, read as text, or the problem that kept it from being read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How messages name it.
    pub name: String,
    /// Its path inside the content directory, with '/' separators.
    pub rel: String,
    pub text: Cow<'static, str>,
    pub problem: Option<Problem>,
}

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

/// Hidden files and a content directory's own documents are not steps.
fn skipped(rel: &str) -> bool {
    let base = rel.rsplit('/').next().unwrap_or(rel);
    base.starts_with('.')
        || ["README", "LICENSE", "CHANGELOG"]
            .iter()
            .any(|doc| base.starts_with(doc))
}

/// Reads a content directory and its language subdirectories, sorted by path.
/// `Err` only when the directory itself cannot be read.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Vec<Problem>> {
    let mut files = Vec::new();
    read_level(dir, "", &mut files, 0)?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(files)
}

fn read_level(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<SourceFile>,
    depth: usize,
) -> Result<(), Vec<Problem>> {
    let label = dir.display().to_string();
    let entries = fs::read_dir(dir).map_err(|err| vec![at_start(&label, &read_error(&err))])?;
    for entry in entries {
        let entry = entry.map_err(|err| vec![at_start(&label, &read_error(&err))])?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{file_name}");
        if skipped(&rel) {
            continue;
        }
        let path = entry.path();
        let name = path.display().to_string();
        let meta = fs::metadata(&path);
        match meta {
            Ok(meta) if meta.is_dir() && depth == 0 => {
                read_level(&path, &format!("{rel}/"), out, 1)?
            }
            Ok(meta) if meta.is_dir() => out.push(bad(name, rel, t().core.check_not_a_step)),
            Ok(meta) if meta.len() > MAX_FILE_SIZE => {
                let message = fill(t().core.check_too_big, &[("max", &(MAX_FILE_SIZE / 1024))]);
                out.push(bad(name, rel, &message));
            }
            Ok(_) => out.push(read_file(name, rel, &path)),
            Err(err) => out.push(bad(name, rel, &read_error(&err))),
        }
    }
    Ok(())
}

fn read_file(name: String, rel: String, path: &Path) -> SourceFile {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return bad(name, rel, &read_error(&err)),
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            // A byte-order mark is harmless: editors on Windows add it.
            let text = text
                .strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text);
            SourceFile {
                name,
                rel,
                text: Cow::Owned(text),
                problem: None,
            }
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let problem = at(&name, &text, valid, t().core.check_not_utf8);
            SourceFile {
                name,
                rel,
                text: Cow::Owned(String::new()),
                problem: Some(problem),
            }
        }
    }
}

fn bad(name: String, rel: String, message: &str) -> SourceFile {
    SourceFile {
        problem: Some(at_start(&name, message)),
        name,
        rel,
        text: Cow::Borrowed(""),
    }
}

fn read_error(err: &std::io::Error) -> String {
    fill(t().core.check_unreadable, &[("error", err)])
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

/// Loads the content in use: `--steps` (a directory or a git repository) or the embedded steps.
pub fn load(steps: Option<&str>, lang: Lang) -> Result<Content> {
    match steps {
        None => parse_files(&embedded_files(), "steps", Origin::Embedded, lang),
        Some(source) if super::git::is_git_source(source) => {
            let (dir, origin) = super::git::fetch(source)?;
            load_dir_with(&dir, origin, lang)
        }
        Some(dir) => load_dir(Path::new(dir), lang),
    }
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
                Some(other) => super::Step {
                    hash: step.hash,
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
    };
    Content {
        journey,
        steps,
        origin,
    }
}
