//! Rebuilds when the embedded content or templates change: include_dir!
//! alone does not tell cargo to watch them.

fn main() {
    println!("cargo:rerun-if-changed=steps");
    println!("cargo:rerun-if-changed=templates");
}
