//! Finding a repository's licence files as people name them, and reading
//! them whatever their encoding.
//!
//! At the top of the repository: `LICENSE`, `LICENCE` (the British and
//! French spelling), `COPYING`, and any name that starts with one of them
//! (`LICENSE.md`, `LICENSE.AGPL.txt`, `COPYING.LESSER`, `license.txt`),
//! matched without regard to case so that Linux and macOS agree. A
//! repository with none of them but a REUSE `LICENSES/` folder is licensed
//! by the texts in that folder.

use std::fs;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::files::Unreadable;
use super::licence_match::{self, Detection};

/// At most this much of a licence file is read (the longest licence texts,
/// the GPL's, are under 40 KB; a bilingual CeCILL is under 60 KB).
pub(crate) const MAX_LICENCE_BYTES: u64 = 256 * 1024;

/// Where a licence file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// At the top of the repository (`LICENSE`, `COPYING`…).
    Top,
    /// In the REUSE folder `LICENSES/`, the repository having no top file.
    LicensesDir,
}

/// A licence file, by its path relative to the repository, with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceFile {
    pub path: String,
    pub place: Place,
}

/// Whether a top-level file name is a licence file's.
pub(crate) fn is_licence_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let starts = ["license", "licence", "copying"]
        .iter()
        .any(|prefix| lower.starts_with(prefix));
    // `LICENSES` is REUSE's folder; `*.license` files are REUSE sidecars.
    starts && lower != "licenses" && !lower.ends_with(".license")
}

/// The repository's licence files: those at its top, the plain names
/// first (`LICENSE`, `LICENCE`, `COPYING`), or else the texts of its
/// `LICENSES/` folder. `listed` is the audit's file list: when it is not
/// empty, a file outside it (not tracked by git) does not count.
pub fn find(root: &Path, listed: &[String]) -> Vec<LicenceFile> {
    let counts = |path: &str| listed.is_empty() || listed.iter().any(|l| l == path);
    let mut top: Vec<String> = entries(root)
        .into_iter()
        .filter(|name| is_licence_name(name) && root.join(name).is_file() && counts(name))
        .collect();
    top.sort_by_key(|name| {
        let lower = name.to_lowercase();
        let plain = matches!(lower.as_str(), "license" | "licence" | "copying");
        (!plain, lower)
    });
    if !top.is_empty() {
        return top
            .into_iter()
            .map(|path| LicenceFile {
                path,
                place: Place::Top,
            })
            .collect();
    }
    licences_dir_texts(root)
        .into_iter()
        .filter(|path| counts(path))
        .map(|path| LicenceFile {
            path,
            place: Place::LicensesDir,
        })
        .collect()
}

/// The SPDX identifiers of the texts in `LICENSES/` (REUSE: one
/// `<identifier>.<extension>` file per licence), sorted.
pub(crate) fn licences_dir_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = licences_dir_texts(root)
        .iter()
        .filter_map(|path| {
            let name = path.rsplit('/').next()?;
            let id = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            (!id.is_empty()).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The files in the repository's `LICENSES/` folder, as `LICENSES/<name>`.
fn licences_dir_texts(root: &Path) -> Vec<String> {
    let Some(dir) = entries(root)
        .into_iter()
        .find(|name| name.eq_ignore_ascii_case("LICENSES") && root.join(name).is_dir())
    else {
        return Vec::new();
    };
    let mut texts: Vec<String> = entries(&root.join(&dir))
        .into_iter()
        .filter(|name| !name.starts_with('.') && !name.to_lowercase().ends_with(".license"))
        .filter(|name| root.join(&dir).join(name).is_file())
        .map(|name| format!("{dir}/{name}"))
        .collect();
    texts.sort();
    texts
}

/// The names in a folder that are valid UTF-8, or none.
fn entries(dir: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    read.filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect()
}

/// A licence file's text: at most [`MAX_LICENCE_BYTES`] read, and decoded
/// from UTF-8, UTF-16 (with its byte order mark) or else Latin-1, the
/// encoding of the texts cecill.info publishes. Never refuses an encoding.
pub(crate) fn read(path: &Path) -> Result<String, Unreadable> {
    // Never through a link planted in the audited repository, never a
    // named pipe or a device (/dev/zero would never end).
    let file = match crate::files::open_regular(path, false) {
        Ok(file) => file,
        Err(crate::files::Refused::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(Unreadable::Missing);
        }
        Err(crate::files::Refused::Io(err)) => {
            return Err(Unreadable::Io(crate::error::describe(&err)));
        }
        Err(crate::files::Refused::NotRegular) => {
            return Err(Unreadable::Io(
                crate::i18n::t().scaffold.not_regular_file.to_string(),
            ));
        }
    };
    let mut bytes = Vec::new();
    file.take(MAX_LICENCE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|err| Unreadable::Io(crate::error::describe(&err)))?;
    let cut = bytes.len() as u64 == MAX_LICENCE_BYTES;
    let text = decode(&bytes, cut);
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    Ok(text)
}

/// Bytes as text, never refused: the byte order mark decides, else UTF-8,
/// else Latin-1 (see [`crate::audit::reuse::decode::text`], which REUSE
/// headers are read with too). When the bytes were `cut` by the size cap, a
/// UTF-8 character cut at the end is dropped.
pub(crate) fn decode(bytes: &[u8], cut: bool) -> String {
    super::reuse::decode::text(bytes, cut)
}

/// A licence file with what it holds, or why it could not be read.
#[derive(Debug, Clone)]
pub(crate) struct Examined {
    pub file: LicenceFile,
    pub detection: Result<Detection, Unreadable>,
}

/// Finds the repository's licence files, and detects what each holds.
pub(crate) fn examine(root: &Path, listed: &[String]) -> Vec<Examined> {
    find(root, listed)
        .into_iter()
        .map(|file| {
            let detection = read(&root.join(&file.path)).map(|text| licence_match::detect(&text));
            Examined { file, detection }
        })
        .collect()
}

/// Files shorter than this, with no licence text, are notes beside the
/// texts ("dual licensed under…"), not licence files to recognise.
pub(crate) const NOTE_WORDS: usize = 120;

/// Whether an examined file is a short note rather than a licence text.
pub(crate) fn is_note(detection: &Detection) -> bool {
    detection.expression.is_none() && detection.words <= NOTE_WORDS
}

/// The expression of the repository's licence files together: each
/// file's expression, joined by `OR` when one of them speaks of a choice
/// ("dual licensed", "either"), by `AND` otherwise. `None` when no file
/// holds a recognised licence.
pub(crate) fn combined_expression(examined: &[Examined]) -> Option<String> {
    let detections: Vec<&Detection> = examined
        .iter()
        .filter_map(|e| e.detection.as_ref().ok())
        .collect();
    let mut parts: Vec<&str> = Vec::new();
    for d in &detections {
        if let Some(expression) = d.expression.as_deref()
            && !parts.contains(&expression)
        {
            parts.push(expression);
        }
    }
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_string()),
        many => {
            let choice = detections.iter().any(|d| d.offers_choice);
            let wrapped: Vec<String> = many
                .iter()
                .map(|p| {
                    if p.contains(' ') {
                        format!("({p})")
                    } else {
                        (*p).to_string()
                    }
                })
                .collect();
            Some(wrapped.join(if choice { " OR " } else { " AND " }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_names_are_matched_without_case() {
        for name in [
            "LICENSE",
            "LICENCE",
            "license.txt",
            "LICENSE.AGPL.txt",
            "COPYING",
            "COPYING.LESSER",
            "Licence.md",
            "LICENSE-MIT",
        ] {
            assert!(is_licence_name(name), "{name}");
        }
        for name in [
            "LICENSES",
            "README.md",
            "LICENSE.license",
            "MY-LICENSE",
            "copy",
        ] {
            assert!(!is_licence_name(name), "{name}");
        }
    }

    #[test]
    fn decoding_never_refuses() {
        assert_eq!(decode("Licence é".as_bytes(), false), "Licence é");
        assert_eq!(decode(b"Libert\xe9", false), "Liberté");
        assert_eq!(decode(b"Libert\xe9 \xe0 tous", false), "Liberté à tous");
        assert_eq!(decode(b"\xEF\xBB\xBFMIT", false), "MIT");
        assert_eq!(decode(b"\xFF\xFEM\x00I\x00T\x00", false), "MIT");
        assert_eq!(decode(b"\xFE\xFF\x00M\x00I\x00T", false), "MIT");
        // A character cut by the cap.
        assert_eq!(decode(b"Libert\xc3", true), "Libert");
    }
}
