//! Rebuilds when the embedded content or templates change: include_dir!
//! alone does not tell cargo to watch them.
//!
//! Also gives the code a digest of what makes checked content (the steps
//! embedded from steps/ and the code in src/content/), as
//! `ONBOARD_CONTENT_BUILD`. The cache of checked content (src/content/checked.rs)
//! keeps an entry only for the build that wrote it, so a new build with
//! other steps or another way of checking them never reads an old entry.

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=steps");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src/content");
    let mut hasher = DefaultHasher::new();
    for dir in ["steps", "src/content"] {
        digest(Path::new(dir), &mut hasher);
    }
    println!(
        "cargo:rustc-env=ONBOARD_CONTENT_BUILD={}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hasher.finish()
    );
}

/// Every file's path and bytes under `dir`, in sorted order.
fn digest(dir: &Path, hasher: &mut DefaultHasher) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            digest(&path, hasher);
        } else if let Ok(bytes) = std::fs::read(&path) {
            hasher.write(path.to_string_lossy().as_bytes());
            hasher.write_usize(bytes.len());
            hasher.write(&bytes);
        }
    }
}
