//! `workflow:` - whether a pipeline is created at all, its name and auto-cancel policy.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#workflow>

use serde::Serialize;

use super::{OrReference, RuleItem};

/// `workflow:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Workflow {
    /// `name` - the pipeline's name (1 to 255 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `auto_cancel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_cancel: Option<AutoCancel>,
    /// `rules` - the first match decides whether the pipeline is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<OrReference<Vec<RuleItem>>>,
}

/// `auto_cancel:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AutoCancel {
    /// `on_new_commit` - `conservative`, `interruptible` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_new_commit: Option<String>,
    /// `on_job_failure` - `none` or `all`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_job_failure: Option<String>,
}
