//! The book's Rust blocks, compiled and run as doctests of this unpublished crate
//! (`mdbook test` cannot link workspace crates). See `build.rs`.

#[cfg(doctest)]
include!(concat!(env!("OUT_DIR"), "/chapters.rs"));
