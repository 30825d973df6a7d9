//! `needs:` - jobs that must finish before this one starts, regardless of stages.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#needs>

use serde::Serialize;

use super::{Matrix, Reference};

/// One item of `needs:`.
///
/// ```
/// use pipeline_dsl::model::Need;
///
/// let need = Need::from("build");
/// assert_eq!(need.job(), Some("build"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Need {
    /// `- build` (a job of this pipeline, with its artifacts).
    Job(String),
    /// `- {job: build, artifacts: false, optional: true, ...}` and the cross-pipeline forms.
    Config(Box<NeedConfig>),
    /// `- !reference [.template, needs]`.
    Reference(Reference),
}

impl Need {
    /// The name of the needed job, when it is a job of this pipeline.
    pub fn job(&self) -> Option<&str> {
        match self {
            Need::Job(j) => Some(j),
            Need::Config(c) if c.pipeline.is_none() && c.project.is_none() => Some(&c.job),
            _ => None,
        }
    }

    /// Whether GitLab may create the pipeline without the needed job (`optional: true`).
    pub fn is_optional(&self) -> bool {
        matches!(self, Need::Config(c) if c.optional == Some(true))
    }
}

impl From<&str> for Need {
    fn from(job: &str) -> Self {
        Need::Job(job.to_owned())
    }
}

impl From<String> for Need {
    fn from(job: String) -> Self {
        Need::Job(job)
    }
}

/// The long form of a need.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NeedConfig {
    /// `job` - the job name.
    pub job: String,
    /// `pipeline` - another pipeline's id (usually `$PARENT_PIPELINE_ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// `project` - another project's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// `ref` - the ref of `project`.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// `artifacts` - whether to download the job's artifacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<bool>,
    /// `optional` - whether the job may be absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    /// `parallel:matrix` - which parallel instances of the job are needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<Matrix>,
}

impl NeedConfig {
    /// The long form for a job of this pipeline.
    pub fn new(job: impl Into<String>) -> Self {
        Self {
            job: job.into(),
            ..Self::default()
        }
    }
}
