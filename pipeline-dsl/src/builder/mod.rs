//! The builder: write a pipeline as Rust, with typed handles for stages and jobs.
//!
//! The builder is a layer over the [`model`](crate::model): it produces an ordinary
//! [`Pipeline`](crate::Pipeline), which [`emit`](crate::emit) writes and validation
//! checks. It adds three things the plain data cannot:
//!
//! - **Handles.** [`PipelineBuilder::stage`] declares a stage and returns a [`Stage`];
//!   [`PipelineBuilder::job`] defines a job and returns a [`JobRef`]. `stage`, `needs`,
//!   `dependencies`, `extends`, `environment:on_stop`, `trigger:include:job` and
//!   `rules:needs` take handles, so a misspelt job is a compile error. A handle made by
//!   another pipeline builder still writes its name, and its place is recorded on the
//!   built pipeline; validation reports it as `foreign-handle`.
//! - **Ergonomic forms.** Strings, `String`s, arrays and iterators are accepted where a
//!   key takes text or lists; short forms are written by default (`image: rust:1.95`)
//!   and `_with` setters write the long form through a closure.
//! - **One convention for every keyword**: setters are named after the YAML
//!   key; the singular adds one item, the plural adds many; list setters always append;
//!   nested keys take closures; `script`-like setters take one command, an array, a `Vec`
//!   or a `!reference`. Rules are values ([`Rule::condition`](crate::model::Rule::condition)
//!   and its chained methods), so one rule can be shared.
//!
//! Builders never panic and refuse nothing: what types cannot prevent (a job without
//! `script`, an undeclared stage, a duplicate or reserved job name) is for validation.
//! Each builder has an escape hatch, `modify`, that edits the model directly, and job
//! and image builders have `extra` for keywords newer than the model.
//!
//! # Examples
//!
//! ```
//! use pipeline_dsl::model::{Rule, When};
//! use pipeline_dsl::{emit, vars, Pipeline};
//!
//! let mut p = Pipeline::builder();
//! let build = p.stage("build");
//! let release = p.stage("release");
//! p.variable("DOCKER_DRIVER", "overlay2");
//! let image = p.job("build-image", |j| {
//!     j.stage(&build)
//!         .image("docker:27")
//!         .service("docker:27-dind")
//!         .script(format!("docker build -t {}:{} .", vars::CI_REGISTRY_IMAGE, vars::CI_COMMIT_SHA))
//! });
//! p.job("publish", |j| {
//!     j.stage(&release)
//!         .image("docker:27")
//!         .need(&image)
//!         .rule(Rule::condition(vars::CI_COMMIT_TAG.to_string()).when(When::Manual))
//!         .script(["docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"])
//! });
//! let yaml = emit::to_string(&p.build()).unwrap();
//! assert_eq!(
//!     yaml,
//!     "\
//! stages:
//! - build
//! - release
//! variables:
//!   DOCKER_DRIVER: overlay2
//! build-image:
//!   stage: build
//!   image: docker:27
//!   services:
//!   - docker:27-dind
//!   script:
//!   - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
//! publish:
//!   stage: release
//!   image: docker:27
//!   needs:
//!   - build-image
//!   rules:
//!   - if: $CI_COMMIT_TAG
//!     when: manual
//!   script:
//!   - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG
//! "
//! );
//! ```
//!
//! # Where things are
//!
//! - [`PipelineBuilder`]: stages, jobs, global keywords, deprecated top-level defaults.
//! - [`JobBuilder`]: every job keyword, in documented sections.
//! - [`Stage`], [`JobRef`], [`BuilderId`]: handles.
//! - Nested builders, one per long form: [`ImageBuilder`], [`ServiceBuilder`],
//!   [`ArtifactsBuilder`], [`CacheBuilder`], [`NeedBuilder`], [`EnvironmentBuilder`],
//!   [`WorkflowBuilder`], [`DefaultsBuilder`], [`SpecBuilder`], ...
//! - Value-style constructors on model types: rules (`Rule::condition(..).changes(..)`),
//!   needs on other pipelines ([`Need::project`](crate::model::Need::project),
//!   [`Need::pipeline`](crate::model::Need::pipeline)), includes
//!   ([`Include::remote`](crate::model::Include::remote),
//!   [`IncludeProject::new`](crate::model::IncludeProject::new), ...).
//! - [`vars`]: GitLab's predefined variables as constants (also at `pipeline_dsl::vars`).

mod artifacts;
mod cache;
mod defaults;
mod environment;
mod handles;
mod image;
mod include;
mod job;
mod keywords;
mod lists;
mod needs;
mod parallel;
mod pipeline;
mod release;
mod rules;
mod spec;
mod trigger;
mod variables;
pub mod vars;
mod workflow;

pub use artifacts::ArtifactsBuilder;
pub use cache::{CacheBuilder, CacheKeyBuilder};
pub use defaults::DefaultsBuilder;
pub use environment::EnvironmentBuilder;
pub use handles::{BuilderId, JobRef, Stage};
pub use image::{DockerBuilder, ImageBuilder, KubernetesBuilder, ServiceBuilder};
pub use job::JobBuilder;
pub use keywords::{
    DastBuilder, HooksBuilder, InheritBuilder, OnlyExceptBuilder, PagesBuilder, RetryBuilder,
    SecretBuilder,
};
pub use needs::{IntoNeed, NeedBuilder, RuleNeedBuilder, RuleNeedsBuilder};
pub use parallel::{MatrixBuilder, MatrixEntryBuilder};
pub use pipeline::PipelineBuilder;
pub use release::{ReleaseBuilder, ReleaseLinkBuilder};
pub use rules::{ChangesBuilder, ExistsBuilder, rules_reference};
pub use spec::{InputBuilder, InputRuleBuilder, SpecBuilder};
pub use trigger::{ForwardBuilder, TriggerChildBuilder, TriggerProjectBuilder};
pub use variables::VariableBuilder;
pub use workflow::{AutoCancelBuilder, WorkflowBuilder};

#[cfg(test)]
mod tests;
