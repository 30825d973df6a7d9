//! THE key order of emitted files: the one place to change it.
//!
//! Top level: the `spec:` header document first (before `---`), then the global keywords
//! in [`GLOBAL_ORDER`], then jobs and hidden keys in definition order. Inside a job and
//! every nested mapping, keys follow the field order of the model type (for a job:
//! `extends`, `stage`, `image`, `services`, `tags`, `variables`, ..., `script`, ...),
//! and keys kept in `extra` come last.

/// Global keywords, in the order they are written.
pub const GLOBAL_ORDER: [&str; 11] = [
    "$schema",
    "workflow",
    "include",
    "stages",
    "variables",
    "default",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
];
