//! The module graph follows ARCHITECTURE.md: every top-level module has a
//! layer, imports go only down or sideways, and there is no cycle, neither
//! among the top-level modules nor among the files of one module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 4] = ["infrastructure", "domain", "interaction", "application"];

/// Each top-level module's layer (0 at the bottom), read from ARCHITECTURE.md.
fn layers(doc: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 {
            continue;
        }
        if let Some(rank) = LAYERS.iter().position(|l| *l == cells[1]) {
            for module in cells[2].split(',').map(str::trim).filter(|m| !m.is_empty()) {
                assert!(
                    out.insert(module.to_string(), rank).is_none(),
                    "{module} is listed twice in ARCHITECTURE.md"
                );
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and string literals, so that a
/// path named in a doc comment or a message is not taken for an import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let mut in_string = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        out.push('\n');
    }
    out
}

/// The names that follow `prefix` (`crate::name`, `super::name`), including
/// those in a grouped import such as `use crate::{a, b::c}`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// Top-level module of a file under src/ (`content` for src/content/load.rs).
fn top_module(rel: &Path) -> String {
    let first = rel.components().next().expect("a path under src/");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut path = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut path) {
                return Some(cycle);
            }
        }
    }
    None
}

struct Tree {
    /// Top-level module → the top-level modules it imports.
    top: BTreeMap<String, BTreeSet<String>>,
    /// Module with files → (file → sibling files it imports).
    inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

fn read_tree(src: &Path) -> Tree {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src/").to_path_buf();
        let module = top_module(&rel);
        if module == "main" || module == "lib" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(&file).expect("readable"));
        let deps = top.entry(module.clone()).or_default();
        for name in names_after(&code, "crate::") {
            if name != module {
                deps.insert(name);
            }
        }
        // Files of a directory module: src/content/load.rs is `load` in `content`.
        let parts: Vec<String> = rel
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .collect();
        if parts.len() == 2 && parts[1] != "mod" {
            let siblings = inner.entry(module.clone()).or_default();
            let mut uses: BTreeSet<String> = names_after(&code, "super::");
            for name in names_after(&code, &format!("crate::{module}::")) {
                uses.insert(name);
            }
            uses.remove(&parts[1]);
            siblings.insert(parts[1].clone(), uses);
        }
    }
    // Keep only edges to sibling files (an item of mod.rs is the parent's).
    for siblings in inner.values_mut() {
        let names: BTreeSet<String> = siblings.keys().cloned().collect();
        for uses in siblings.values_mut() {
            uses.retain(|u| names.contains(u));
        }
    }
    Tree { top, inner }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn modules_follow_the_layers_of_architecture_md() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let layer = layers(&doc);
    let tree = read_tree(&root().join("src"));
    let mut problems = Vec::new();
    for (module, deps) in &tree.top {
        let Some(&own) = layer.get(module) else {
            problems.push(format!("{module} has no layer in ARCHITECTURE.md"));
            continue;
        };
        for dep in deps {
            match layer.get(dep) {
                None if tree.top.contains_key(dep) => {
                    problems.push(format!("{dep} has no layer in ARCHITECTURE.md"))
                }
                // Not a module of ours (a macro or a name such as `crate::Result`).
                None => {}
                Some(&theirs) if theirs > own => problems.push(format!(
                    "{module} ({}) imports {dep} ({})",
                    LAYERS[own], LAYERS[theirs]
                )),
                Some(_) => {}
            }
        }
    }
    for module in layer.keys() {
        if !tree.top.contains_key(module) {
            problems.push(format!(
                "ARCHITECTURE.md lists {module}, which src/ does not have"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn no_import_cycle_among_modules_or_inside_one() {
    let tree = read_tree(&root().join("src"));
    let top: BTreeMap<String, BTreeSet<String>> = tree
        .top
        .iter()
        .map(|(m, deps)| {
            let deps = deps.iter().filter(|d| tree.top.contains_key(*d)).cloned();
            (m.clone(), deps.collect())
        })
        .collect();
    assert_eq!(find_cycle(&top), None, "a cycle among top-level modules");
    for (module, files) in &tree.inner {
        assert_eq!(
            find_cycle(files),
            None,
            "a cycle among the files of {module}"
        );
    }
}

/// The checks above find what they look for: a made-up tree with an upward
/// import and a cycle is refused.
#[test]
fn the_checks_find_an_upward_import_and_a_cycle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir(src.join("content")).expect("mkdir");
    std::fs::write(src.join("error.rs"), "use crate::content::Step;\n").expect("write");
    std::fs::write(
        src.join("content/load.rs"),
        "// use crate::cli::X; is a comment\nuse super::{check, Step};\nlet s = \"crate::commands\";\n",
    )
    .expect("write");
    std::fs::write(
        src.join("content/check.rs"),
        "use crate::content::load::x;\n",
    )
    .expect("write");
    std::fs::write(src.join("content/mod.rs"), "use crate::error::Error;\n").expect("write");
    let tree = read_tree(src);
    assert_eq!(
        tree.top["content"],
        BTreeSet::from(["error".to_string()]),
        "comments and strings are not imports"
    );
    assert_eq!(tree.top["error"], BTreeSet::from(["content".to_string()]));
    assert!(
        find_cycle(&tree.top).is_some(),
        "error ↔ content is a cycle"
    );
    assert!(
        find_cycle(&tree.inner["content"]).is_some(),
        "load ↔ check is a cycle"
    );
    let layer = layers("| domain | content |\n| infrastructure | error |\n");
    assert!(layer["error"] < layer["content"], "error → content goes up");
}
