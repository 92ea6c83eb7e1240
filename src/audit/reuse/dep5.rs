//! `.reuse/dep5`, REUSE 3.0's format: Debian's machine-readable copyright
//! format 1.0. A header paragraph (with `Format:`), then paragraphs with
//! `Files:` (space-separated globs), `Copyright:` and `License:` (its first
//! line is the expression). The last paragraph that matches a path wins,
//! and it adds to what the file says (reuse's "aggregate").

use super::glob::{Index, Syntax};

pub(crate) struct Paragraph {
    pub expression: String,
    pub copyright: bool,
}

pub(crate) struct Dep5 {
    pub paragraphs: Vec<Paragraph>,
    index: Index,
}

impl Dep5 {
    pub(crate) fn find(&self, path: &str, scratch: &mut Vec<usize>) -> Option<&Paragraph> {
        self.index
            .last_match(path, scratch)
            .map(|i| &self.paragraphs[i])
    }
}

/// One paragraph's fields: (lowercased name, first line, continuation lines).
type Fields = Vec<(String, String, Vec<String>)>;

fn paragraphs(text: &str) -> Vec<Fields> {
    let mut out: Vec<Fields> = Vec::new();
    let mut current: Fields = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, _, more)) = current.last_mut() {
                more.push(line.trim().to_string());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            current.push((
                name.trim().to_ascii_lowercase(),
                value.trim().to_string(),
                Vec::new(),
            ));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a (String, String, Vec<String>)> {
    fields.iter().find(|(n, _, _)| n == name)
}

/// Reads `.reuse/dep5`; an error says what is wrong.
pub(crate) fn parse(text: &str) -> Result<Dep5, String> {
    let all = paragraphs(text);
    let Some(header) = all.first() else {
        return Err("Format:".to_string());
    };
    if field(header, "format").is_none() {
        return Err("Format:".to_string());
    }
    let mut paragraphs = Vec::new();
    let mut globs = Vec::new();
    for fields in &all[1..] {
        let Some((_, first, more)) = field(fields, "files") else {
            continue;
        };
        let (Some(copyright), Some(licence)) =
            (field(fields, "copyright"), field(fields, "license"))
        else {
            return Err(format!("Files: {first} (Copyright:, License:)"));
        };
        for glob in std::iter::once(first)
            .chain(more)
            .flat_map(|l| l.split_whitespace())
        {
            globs.push((paragraphs.len(), glob.to_string()));
        }
        paragraphs.push(Paragraph {
            expression: licence.1.clone(),
            copyright: !copyright.1.is_empty() || !copyright.2.is_empty(),
        });
    }
    let index = Index::build(Syntax::Dep5, globs.iter().map(|(i, g)| (*i, g.as_str())))?;
    Ok(Dep5 { paragraphs, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_debian_format() {
        let dep5 = parse(
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
             Upstream-Name: x\n\n\
             Files: *\nCopyright: 2024 A\n  2025 B\nLicense: MIT\n\n\
             Files: img/*.png\n doc/*\nCopyright: 2024 C\nLicense: CC0-1.0\n",
        )
        .unwrap();
        let mut scratch = Vec::new();
        assert_eq!(
            dep5.find("src/a.rs", &mut scratch).unwrap().expression,
            "MIT"
        );
        assert_eq!(
            dep5.find("doc/x/y.md", &mut scratch).unwrap().expression,
            "CC0-1.0"
        );
        assert!(parse("Files: *\n").is_err());
        assert!(parse("Format: x\n\nFiles: *\nLicense: MIT\n").is_err());
    }
}
