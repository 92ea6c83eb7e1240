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
//!
//! And, for the shipped build (static musl, release), it asks the linker to
//! place first the functions that the quick commands run, listed in
//! packaging/startup-order.txt (see packaging/startup-order.sh). Scattered
//! over the binary's 7 MB of code, they cost about fifty page faults at each
//! start; together, under twenty (BENCHMARKS.md). `ONBOARD_STARTUP_ORDER=0`
//! turns it off, for a linker that takes no linker script (mold).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

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
    startup_order();
}

/// Writes a linker script that puts the listed functions in an output
/// section of their own before `.text`, and passes it to the binary's link.
/// `INSERT` keeps the linker's own layout for everything else; GNU ld and
/// lld both take it.
fn startup_order() {
    const LIST: &str = "packaging/startup-order.txt";
    println!("cargo:rerun-if-changed={LIST}");
    println!("cargo:rerun-if-env-changed=ONBOARD_STARTUP_ORDER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let shipped = var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "musl"
        && var("PROFILE") == "release";
    if !shipped || var("ONBOARD_STARTUP_ORDER") == "0" {
        return;
    }
    let Ok(list) = std::fs::read_to_string(LIST) else {
        return;
    };
    let mut script = String::from("SECTIONS\n{\n  .text.startup_order :\n  {\n");
    for name in list.lines().map(str::trim) {
        // A name the script's syntax could misread is left out, not quoted.
        let plain = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_$.*".contains(&b));
        if !name.is_empty() && plain {
            script.push_str(&format!("    *(.text.{name})\n"));
        }
    }
    script.push_str("  }\n}\nINSERT BEFORE .text;\n");
    let path = PathBuf::from(var("OUT_DIR")).join("startup-order.ld");
    if std::fs::write(&path, script).is_ok() {
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", path.display());
    }
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
