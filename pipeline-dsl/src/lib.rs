//! GitLab CI pipelines as typed Rust: build a pipeline with a typed builder, validate it,
//! and write a `.gitlab-ci.yml` that GitLab reads exactly as meant.
//!
//! ```
//! use pipeline_dsl::Pipeline;
//! use pipeline_dsl::model::{Rule, When};
//! use pipeline_dsl::vars::{CI_COMMIT_SHA, CI_COMMIT_TAG};
//!
//! let mut p = Pipeline::builder();
//! let [build, release] = p.stages(["build", "release"]);
//! let compile = p.job("compile", |j| {
//!     j.stage(&build).image("rust:1.95").script(format!("cargo build --release # {CI_COMMIT_SHA}"))
//! });
//! p.job("publish", |j| {
//!     j.stage(&release)
//!         .image("rust:1.95")
//!         .need(&compile)
//!         .rule(Rule::condition(CI_COMMIT_TAG.to_string()).when(When::Manual))
//!         .script("cargo publish")
//! });
//! let validated = p.build().validate().expect("a valid pipeline");
//! let yaml = pipeline_dsl::emit::to_string(validated.pipeline()).unwrap();
//! assert!(yaml.contains("publish:\n  stage: release\n"));
//! assert!(yaml.contains("  - if: $CI_COMMIT_TAG\n    when: manual\n"));
//! ```
//!
//! Where to go next:
//! - [`builder`]: the typed builder ([`Pipeline::builder`], [`Stage`], [`JobRef`], [`vars`]);
//! - [`validate`]: [`Pipeline::validate`], every check GitLab would make and the lints;
//! - [`emit`]: YAML text ([`emit::to_string`]), safe file writing ([`emit::file`]) and one
//!   behaviour for generator programs and build scripts ([`emit::program`]);
//! - `import` (feature `import`): existing `.gitlab-ci.yml` files into the model, as GitLab
//!   reads them;
//! - [`model`]: the data model, one type per GitLab keyword.
//!
//! - `pipeline!`, `#[derive(Stages)]`, `#[derive(Variables)]`: the same pipeline in a
//!   YAML-shaped syntax checked at compile time (stages, job names, `$VARIABLES`,
//!   `rules:if` expressions, image references), expanding to builder calls;
//! - `plan` (feature `plan`): which jobs GitLab creates for a push, a tag, a merge request
//!   or a schedule, and lints over every context at once.
//!
//! Features: `macros` (default: the macros), `import` (the YAML reader; without it,
//! validation reports local includes as not read), `schema` (the model's JSON Schema, with
//! schemars), `plan` (the planner and the regex engine it needs; turns `import` on),
//! `proptest` (strategies in `testing` and `plan::strategies`). The default build is what a
//! generator needs (model, builder, validation, emitter), so a `build.rs` stays cheap.
//!
//! Details:
//! - Emission is deterministic: the same model gives the same bytes.
//! - Strings GitLab's YAML 1.1 loader would read as another type are always quoted.
//! - Keys GitLab does not know are refused on import, or kept in `extra` when asked, and
//!   reported by `validate` as `unknown-keyword`; nothing is dropped silently.

pub mod builder;
pub mod diagnostic;
pub mod emit;
#[cfg(feature = "import")]
pub mod import;
pub mod model;
#[cfg(feature = "plan")]
pub mod plan;
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

/// The README's Rust blocks are doctests too, so that the README cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
