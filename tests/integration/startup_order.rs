//! packaging/startup-order.txt, the functions that build.rs lays out first in
//! the shipped binary: every line is one that build.rs keeps, and the list
//! still names functions of this code. A function renamed or moved since the
//! list was written fails here: run `bash packaging/startup-order.sh`.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn names() -> Vec<String> {
    let path = root().join("packaging/startup-order.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run bash packaging/startup-order.sh",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The segments of a legacy-mangled path (`_ZN7onboard4main17h*E`), hash
/// left out; `None` for another form.
fn segments(name: &str) -> Option<Vec<String>> {
    let mut rest = name.strip_prefix("_ZN")?.strip_suffix("17h*E")?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let len: usize = rest[..digits].parse().ok()?;
        out.push(rest.get(digits..digits + len)?.to_string());
        rest = &rest[digits + len..];
    }
    Some(out)
}

#[test]
fn every_line_is_one_that_build_rs_keeps_and_none_twice() {
    let names = names();
    assert!(names.len() > 100, "only {} names", names.len());
    let mut seen = BTreeSet::new();
    for name in &names {
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_$.*".contains(&b)),
            "build.rs would leave out {name:?}"
        );
        assert!(seen.insert(name), "{name} is listed twice");
    }
}

#[test]
fn the_listed_functions_of_onboard_are_still_in_its_source() {
    let mut checked = 0;
    for name in names() {
        let Some(path) = segments(&name) else {
            continue;
        };
        if path.first().map(String::as_str) != Some("onboard")
            || path.iter().any(|s| s.contains('$') || s.starts_with('_'))
        {
            continue;
        }
        let (function, modules) = path[1..].split_last().expect("a path has a function");
        // The longest run of modules that is a file: methods add a type name.
        let file = (0..=modules.len())
            .rev()
            .flat_map(|n| {
                let dir = modules[..n].join("/");
                [format!("src/{dir}.rs"), format!("src/{dir}/mod.rs")]
            })
            .chain(["src/lib.rs".to_string(), "src/main.rs".to_string()])
            .find(|f| {
                let path = root().join(f);
                path.is_file()
                    && std::fs::read_to_string(&path)
                        .is_ok_and(|s| s.contains(&format!("fn {function}")))
            });
        assert!(
            file.is_some(),
            "{} is in packaging/startup-order.txt but no longer in src/: run bash packaging/startup-order.sh",
            path.join("::")
        );
        checked += 1;
    }
    assert!(
        checked >= 20,
        "only {checked} functions of onboard are listed"
    );
}
