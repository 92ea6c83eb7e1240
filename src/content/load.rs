//! Reading content: the steps embedded in the binary, a directory, or a git
//! repository; then choosing the language.

use std::borrow::Cow;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::cache;
use super::check::check_dir;
use super::check::{Parsed, Problem, at, at_start, check_files};
use super::{Content, Origin, Outline, Source, StepOutline};
use crate::cache::Entry as CacheEntry;
use crate::error::{Error, Result};
use crate::i18n::Lang;
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

/// Directories with at least this many entries are read on several threads:
/// opening and reading a file costs about 16 µs of system calls, starting a
/// thread about 0.8 ms (see `check::PARALLEL_FROM`).
const PARALLEL_FROM: usize = 128;

/// An entry of a content directory, before it is read.
pub(super) struct Entry {
    name: String,
    /// Its path inside the content directory, with '/' separators.
    pub(super) rel: String,
    pub(super) path: PathBuf,
    regular: bool,
    /// As the listing gave it: its type and status cost no path lookup.
    pub(super) listed: fs::DirEntry,
}

/// The entries of `dir` that may be content (hidden files and a directory's
/// own documents left out), named `prefix` + file name, in listing order;
/// with the error that ended the listing early, if one did. Reading the
/// content and stamping it for the cache (`cache::dir`) both list this way.
pub(super) fn list(
    dir: &Path,
    prefix: &str,
) -> std::io::Result<(Vec<Entry>, Option<std::io::Error>)> {
    let mut listed = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => return Ok((listed, Some(err))),
        };
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if skipped(&rel) {
            continue;
        }
        let path = entry.path();
        listed.push(Entry {
            name: path.display().to_string(),
            rel,
            // From the directory listing itself on most file systems: no
            // system call. A symbolic link is not regular: it is followed below.
            regular: entry.file_type().is_ok_and(|kind| kind.is_file()),
            path,
            listed: entry,
        });
    }
    Ok((listed, None))
}

/// What reading an entry gave: a file, or a language directory to read next.
enum Read {
    File(SourceFile),
    Dir(PathBuf, String),
}

fn read_level(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<SourceFile>,
    depth: usize,
) -> Result<(), Vec<Problem>> {
    let label = dir.display().to_string();
    let problem = |err: std::io::Error| vec![at_start(&label, &read_error(&err))];
    // An error while listing ends the listing; it is reported after the
    // directories listed before it, as when each entry was read in turn.
    let (listed, failure) = list(dir, prefix).map_err(problem)?;
    let failure = failure.map(problem);
    let parallel = listed.len() >= PARALLEL_FROM;
    for read in super::check::in_parallel(&listed, parallel, |entry| read_entry(entry, depth)) {
        match read {
            Read::File(file) => out.push(file),
            Read::Dir(path, rel) => read_level(&path, &format!("{rel}/"), out, 1)?,
        }
    }
    match failure {
        Some(problems) => Err(problems),
        None => Ok(()),
    }
}

fn read_entry(entry: &Entry, depth: usize) -> Read {
    let (name, rel) = (entry.name.clone(), entry.rel.clone());
    if entry.regular
        && let Some(file) = read_regular(&name, &rel, &entry.path)
    {
        return Read::File(file);
    }
    let file = match fs::metadata(&entry.path) {
        Ok(meta) if meta.is_dir() && depth == 0 => return Read::Dir(entry.path.clone(), rel),
        Ok(meta) if meta.is_dir() => bad(name, rel, t().core.check_not_a_step),
        // A named pipe or a device would block or never end: not a step.
        Ok(meta) if !meta.is_file() => bad(name, rel, t().core.check_not_a_step),
        Ok(meta) if meta.len() > MAX_FILE_SIZE => {
            let message = fill(t().core.check_too_big, &[("max", &(MAX_FILE_SIZE / 1024))]);
            bad(name, rel, &message)
        }
        Ok(_) => read_file(name, rel, &entry.path),
        Err(err) => bad(name, rel, &read_error(&err)),
    };
    Read::File(file)
}

/// A regular file, opened once: its size from the open file, then its bytes.
/// `None` when it cannot be opened or measured: the general path then says why.
fn read_regular(name: &str, rel: &str, path: &Path) -> Option<SourceFile> {
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    if meta.len() > MAX_FILE_SIZE {
        let message = fill(t().core.check_too_big, &[("max", &(MAX_FILE_SIZE / 1024))]);
        return Some(bad(name.to_string(), rel.to_string(), &message));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    Some(match file.read_to_end(&mut bytes) {
        Ok(_) => decode(name.to_string(), rel.to_string(), bytes),
        Err(err) => bad(name.to_string(), rel.to_string(), &read_error(&err)),
    })
}

fn read_file(name: String, rel: String, path: &Path) -> SourceFile {
    match fs::read(path) {
        Ok(bytes) => decode(name, rel, bytes),
        Err(err) => bad(name, rel, &read_error(&err)),
    }
}

/// A file's bytes as text, or the problem that they are not UTF-8.
fn decode(name: String, rel: String, bytes: Vec<u8>) -> SourceFile {
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
    if let Some((journey, steps)) = entry.as_ref().and_then(cache::read_whole) {
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
    if let Some(steps) = entry.as_ref().and_then(cache::read_outline) {
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
        None => Some(cache::embedded(root, lang)),
        Some(dir) => cache::dir(root, dir, lang),
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
        cache::write(&entry, &content.journey, &content.steps);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_directory_read_on_several_threads_gives_every_file_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let count = PARALLEL_FROM * 2 + 3;
        for i in 0..count {
            fs::write(
                dir.path().join(format!("{i:03}.toml")),
                format!("n = {i}\n"),
            )
            .unwrap();
        }
        fs::create_dir(dir.path().join("en")).unwrap();
        fs::write(dir.path().join("en/000.toml"), "n = 0\n").unwrap();
        fs::create_dir(dir.path().join("en/deeper")).unwrap();
        fs::write(dir.path().join("README.md"), "not a step").unwrap();
        fs::write(dir.path().join("bom.toml"), "\u{feff}n = 1\n").unwrap();
        fs::write(dir.path().join("latin1.toml"), b"n = \"\xe9\"\n").unwrap();
        fs::write(
            dir.path().join("big.toml"),
            vec![b'#'; MAX_FILE_SIZE as usize + 1],
        )
        .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("001.toml"), dir.path().join("link.toml"))
            .unwrap();

        let files = read_dir_files(dir.path()).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        let find = |rel: &str| files.iter().find(|f| f.rel == rel).unwrap();
        for i in 0..count {
            let file = find(&format!("{i:03}.toml"));
            assert_eq!(file.text, format!("n = {i}\n"));
            assert!(file.problem.is_none());
        }
        assert_eq!(find("en/000.toml").text, "n = 0\n");
        assert!(find("en/deeper").problem.is_some());
        assert!(!rels.contains(&"README.md"));
        assert_eq!(find("bom.toml").text, "n = 1\n");
        assert!(find("latin1.toml").problem.is_some());
        assert!(find("big.toml").problem.is_some());
        #[cfg(unix)]
        assert_eq!(find("link.toml").text, "n = 1\n");
    }

    #[test]
    fn french_from_the_embedded_steps_is_the_same_without_the_translations() {
        let all = check_files(&embedded_files(), "steps").unwrap();
        let content = load(&Source::Embedded, Lang::Fr).unwrap();
        let ids = |steps: &[super::super::Step]| -> Vec<(String, String)> {
            steps
                .iter()
                .map(|s| (s.id.clone(), s.hash.clone()))
                .collect()
        };
        assert_eq!(ids(&content.steps), ids(&all.primary.steps));
        assert!(content.steps.iter().all(|s| !s.untranslated));
        assert_eq!(content.journey.title, all.primary.journey.title);
        let english = load(&Source::Embedded, Lang::En).unwrap();
        assert_eq!(ids(&english.steps).len(), ids(&all.primary.steps).len());
        assert!(english.steps.iter().all(|s| !s.untranslated));
    }
}
