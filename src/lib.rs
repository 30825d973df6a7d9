//! Workspace examples and integration tests live beside this crate.
