//! Rebuilds when the embedded content or templates change: include_dir!
//! alone does not tell cargo to watch them.
//!
//! Also gives the code a digest of what makes checked content, as
//! `ONBOARD_CONTENT_BUILD`. The cache of checked content (src/content/checked.rs)
//! keeps an entry only for the build that wrote it, so a new build with
//! other steps or another way of checking them never reads an old entry.
//!
//! What checked content depends on is wider than src/content/: the
//! fingerprints (src/digest.rs), the folding of free-text answers
//! (src/text.rs), the messages of the checker (src/i18n/), the progress types
//! stored next to it, and the crates that serialise and hash it. Listing
//! those files would go stale the day one more is used, so the digest takes
//! all of it: steps/, every file under src/, and Cargo.lock (a new version of
//! serde, postcard, toml or sha2). A change that does not touch checked
//! content then only costs one rebuild of the cache, which is cheap.

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=steps");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut hasher = DefaultHasher::new();
    for path in ["steps", "src", "Cargo.lock"] {
        digest(Path::new(path), &mut hasher);
    }
    println!(
        "cargo:rustc-env=ONBOARD_CONTENT_BUILD={}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hasher.finish()
    );
}

/// The path and bytes of `path`, or of every file under it, in sorted order.
fn digest(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_file() {
        digest_file(path, hasher);
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        digest(&path, hasher);
    }
}

fn digest_file(path: &Path, hasher: &mut DefaultHasher) {
    if let Ok(bytes) = std::fs::read(path) {
        let name = path.to_string_lossy();
        hasher.write_usize(name.len());
        hasher.write(name.as_bytes());
        hasher.write_usize(bytes.len());
        hasher.write(&bytes);
    }
}
