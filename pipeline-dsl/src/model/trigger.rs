//! `trigger:` - start a downstream pipeline (multi-project or child).
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#trigger>

use serde::Serialize;

use super::{Include, Inputs};

/// `trigger:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Trigger {
    /// `trigger: group/project` (multi-project, short form).
    Project(String),
    /// `trigger: {project: ..., branch: ..., strategy: ...}`.
    ProjectConfig(Box<TriggerProject>),
    /// `trigger: {include: ..., strategy: ...}` (a child pipeline).
    Child(Box<TriggerChild>),
}

/// A multi-project trigger.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TriggerProject {
    /// `project` - the downstream project's path.
    pub project: String,
    /// `branch`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// `strategy` - `depend` or `mirror`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
    /// `forward`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<TriggerForward>,
}

/// A child-pipeline trigger.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TriggerChild {
    /// `include` - a file, or up to 3 include items (`local`, `template`, `artifact`+`job`,
    /// `project`+`file`, `component`, `remote`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<TriggerInclude>,
    /// `strategy` - `depend` or `mirror`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// `forward`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<TriggerForward>,
}

/// `trigger:include`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum TriggerInclude {
    /// `include: path/to/child.yml`.
    File(String),
    /// `include: [{local: ...}, {artifact: ..., job: ...}]`.
    Items(Vec<Include>),
}

/// `trigger:forward`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TriggerForward {
    /// `yaml_variables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yaml_variables: Option<bool>,
    /// `pipeline_variables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_variables: Option<bool>,
}
