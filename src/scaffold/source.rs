//! The set of templates a repository is rendered from: the one built into
//! the binary (`templates/`), or a team's own directory laid out the same
//! way (`--templates DIR`: common/, github/, gitlab/, fragments/ and
//! versions.toml). Each set has its version history and a fingerprint of
//! its files, which `.onboard.toml` records.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::templates::{VERSIONS_FILE, Versions};

static TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// At most this many files in a templates directory, of at most this size.
const MAX_FILES: usize = 500;
const MAX_BYTES: u64 = 1 << 20;

pub struct Templates {
    /// Template name (relative path with `/`, ending in `.j2`) -> source.
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) versions: Versions,
    /// A digest of every file of the set, the versions file included.
    pub fingerprint: String,
    /// The directory, for a team's own set.
    pub dir: Option<PathBuf>,
}

impl Templates {
    /// The templates built into the binary.
    pub fn embedded() -> Templates {
        let mut files = BTreeMap::new();
        collect(&TEMPLATES, &mut files);
        let versions_text = TEMPLATES
            .get_file(VERSIONS_FILE)
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        Templates {
            fingerprint: fingerprint(&files, versions_text),
            files,
            versions: Versions::embedded(),
            dir: None,
        }
    }

    /// A team's templates directory, read whole and checked: regular files
    /// only (a symbolic link is refused), UTF-8, capped in number and size.
    pub fn from_dir(dir: &Path) -> Result<Templates> {
        let s = &t().update;
        let mut files = BTreeMap::new();
        read_dir(dir, dir, &mut files)?;
        let versions_path = dir.join(VERSIONS_FILE);
        let versions_text = read_text(&versions_path)?;
        let versions = Versions::parse(&versions_text).map_err(|why| {
            Error::msg(fill(
                s.bad_versions,
                &[("path", &versions_path.display()), ("why", &why)],
            ))
        })?;
        Ok(Templates {
            fingerprint: fingerprint(&files, &versions_text),
            files,
            versions,
            dir: Some(dir.to_path_buf()),
        })
    }

    /// The version of this set (`versions.toml`).
    pub fn version(&self) -> u32 {
        self.versions.version
    }

    /// The questions the set adds to scaffold's own.
    pub(crate) fn questions(&self) -> &[crate::policy::templates::Question] {
        &self.versions.questions
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }
}

fn collect(dir: &Dir, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        if let (true, Some(text)) = (name.ends_with(".j2"), file.contents_utf8()) {
            out.insert(name, text.to_string());
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

fn read_dir(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<()> {
    let s = &t().update;
    let fail = |path: &Path, err: std::io::Error| {
        Error::file(s.cannot_read_templates, path, err, s.hint_templates)
    };
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|err| fail(dir, err))?
        .collect::<std::io::Result<_>>()
        .map_err(|err| fail(dir, err))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|err| fail(&path, err))?;
        if kind.is_dir() {
            read_dir(root, &path, out)?;
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if !name.ends_with(".j2") {
            continue;
        }
        if out.len() >= MAX_FILES {
            return Err(fail(dir, std::io::Error::other(format!("> {MAX_FILES}"))));
        }
        out.insert(name, read_text(&path)?);
    }
    Ok(())
}

/// A regular file (never through a link), UTF-8, at most [`MAX_BYTES`].
fn read_text(path: &Path) -> Result<String> {
    let s = &t().update;
    let fail =
        |err: std::io::Error| Error::file(s.cannot_read_templates, path, err, s.hint_templates);
    let file = crate::files::open_regular(path, false).map_err(|refused| match refused {
        crate::files::Refused::Io(err) => fail(err),
        crate::files::Refused::NotRegular => fail(std::io::Error::other(s.not_a_file)),
    })?;
    let bytes = crate::files::read_capped(file, MAX_BYTES)
        .map_err(fail)?
        .ok_or_else(|| fail(std::io::Error::other(format!("> {MAX_BYTES} B"))))?;
    String::from_utf8(bytes).map_err(|err| fail(std::io::Error::other(err.to_string())))
}

fn fingerprint(files: &BTreeMap<String, String>, versions: &str) -> String {
    let mut all = Vec::new();
    for (name, text) in files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([(VERSIONS_FILE, versions)])
    {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(text.as_bytes());
        all.push(0);
    }
    crate::digest::short_digest(&all, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_the_embedded_templates_has_the_same_fingerprint() {
        let embedded = Templates::embedded();
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &embedded.files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let versions = TEMPLATES.get_file(VERSIONS_FILE).unwrap().contents();
        fs::write(dir.path().join(VERSIONS_FILE), versions).unwrap();
        let copy = Templates::from_dir(dir.path()).unwrap();
        assert_eq!(copy.fingerprint, embedded.fingerprint);
        assert_eq!(copy.version(), embedded.version());
        fs::write(dir.path().join("common/README.md.j2"), "# {{ name }}\n").unwrap();
        let changed = Templates::from_dir(dir.path()).unwrap();
        assert_ne!(changed.fingerprint, embedded.fingerprint);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_a_templates_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("a.j2")).unwrap();
        assert!(Templates::from_dir(dir.path()).is_err());
    }
}
