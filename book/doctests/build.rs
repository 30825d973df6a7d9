//! Writes one `#[doc = include_str!(chapter)] mod chapter {}` per book chapter into
//! `OUT_DIR`, so that `cargo test` runs every Rust block of the book as a doctest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn chapters(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            chapters(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let src = manifest.join("../src");
    println!("cargo:rerun-if-changed={}", src.display());
    let mut files = Vec::new();
    chapters(&src, &mut files);
    files.sort();
    let mut code = String::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&src).expect("under src");
        let name: String = rel
            .to_string_lossy()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let _ = writeln!(
            code,
            "#[doc = include_str!({:?})]\nmod chapter_{name} {{}}",
            file.display().to_string()
        );
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("chapters.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
