//! GitLab CI pipelines as typed Rust: a model of `.gitlab-ci.yml`, an importer that reads
//! YAML the way GitLab does, and an emitter whose YAML GitLab reads exactly as meant.

pub mod builder;
pub mod diagnostic;
pub mod emit;
pub mod import;
pub mod model;
pub mod validate;
mod yaml11;

pub use builder::{JobRef, PipelineBuilder, Stage, vars};
pub use diagnostic::{Diagnostic, Diagnostics, KeyPath, Severity};
pub use model::{Job, Pipeline};
pub use validate::{ValidateOptions, Validated};

#[cfg(feature = "macros")]
pub use pipeline_macros::{Stages, Variables, pipeline};

#[doc(hidden)]
pub mod __private;

#[cfg(feature = "proptest")]
pub mod testing;
