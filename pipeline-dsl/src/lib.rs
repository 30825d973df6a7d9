//! GitLab CI pipelines as typed Rust: a model of `.gitlab-ci.yml`, an importer that reads
//! YAML the way GitLab does, and an emitter whose YAML GitLab reads exactly as meant.

pub mod diagnostic;
pub mod emit;
pub mod import;
pub mod model;
#[cfg(feature = "plan")]
pub mod plan;

pub use diagnostic::{Diagnostic, Diagnostics, KeyPath, Severity};
pub use model::{Job, Pipeline};

#[cfg(feature = "proptest")]
pub mod testing;
