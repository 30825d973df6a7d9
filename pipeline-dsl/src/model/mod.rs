//! The typed model of `.gitlab-ci.yml`: one file per GitLab concept, plain data.
//!
//! Every front end (builder, `pipeline!`, import) produces a [`Pipeline`]; every back end
//! (validate, emit, plan) reads one. Short and long forms GitLab accepts are kept as
//! written, so that import then emit gives the same data.

mod artifacts;
mod cache;
mod default;
mod environment;
mod extra;
mod image;
mod include;
mod inherit;
mod job;
mod needs;
mod only_except;
mod parallel;
mod pipeline;
mod reference;
mod release;
mod retry;
mod rules;
mod script;
mod secrets;
mod service;
mod spec;
mod trigger;
mod value;
mod variables;
mod workflow;

pub use artifacts::{
    Artifacts, ArtifactsAccess, ArtifactsWhen, CoverageReport, REPORT_NAMES, Report, Reports,
};
pub use cache::{Cache, CacheKey, CacheKeyFiles, Caches, PathList};
pub use default::JobDefaults;
pub use environment::{Environment, EnvironmentAction, EnvironmentConfig};
pub use extra::Extra;
pub use image::{DockerOptions, Image, ImageConfig, KubernetesOptions, PullPolicies, PullPolicy};
pub use include::{
    Include, IncludeArtifact, IncludeComponent, IncludeLocal, IncludeProject, IncludeRemote,
    IncludeTemplate, Includes, Inputs,
};
pub use inherit::{INHERITABLE_DEFAULTS, Inherit, InheritList};
pub use job::{AllowFailure, JOB_KEYWORDS, Job, Pages, PagesConfig, When};
pub use needs::{Need, NeedConfig};
pub use only_except::{OnlyExcept, OnlyExceptConfig, REF_KEYWORDS};
pub use parallel::{Matrix, MatrixValue, Parallel};
pub use pipeline::{DEFAULT_STAGES, GLOBAL_KEYWORDS, JobEntry, Pipeline};
pub use reference::{OrReference, StringItem};
pub use release::{Release, ReleaseAssets, ReleaseLink};
pub use retry::{OneOrMany, RETRY_WHEN, Retry, RetryConfig};
pub use rules::{Changes, ChangesConfig, Exists, ExistsConfig, Rule, RuleItem, RuleNeed};
pub use script::{Hooks, Script};
pub use secrets::{IdToken, IdTokens, Secret, Secrets};
pub use service::{Service, ServiceConfig};
pub use spec::{InputRule, InputSpec, SPEC_COMPONENT_VALUES, Spec};
pub use trigger::{Trigger, TriggerChild, TriggerForward, TriggerInclude, TriggerProject};
pub use value::{Float, Mapping, REFERENCE_MARKER, Reference, Value};
pub use variables::{Scalar, VariableConfig, VariableValue, Variables};
pub use workflow::{AutoCancel, Workflow};
