//! `include:` - pull configuration from other files, projects, templates and components.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#include>

use indexmap::IndexMap;
use serde::Serialize;

use super::{OneOrMany, RuleItem, Value};

/// `include:` - one item or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Includes {
    /// `include: ci/lint.yml` or `include: {local: ...}`.
    One(Include),
    /// `include: [...]`.
    Many(Vec<Include>),
}

impl Includes {
    /// The items, whichever form was written.
    pub fn items(&self) -> &[Include] {
        match self {
            Includes::One(i) => std::slice::from_ref(i),
            Includes::Many(v) => v,
        }
    }
}

/// `inputs:` passed to an included file, component or downstream pipeline.
pub type Inputs = IndexMap<String, Value>;

/// One include.
///
/// ```
/// use pipeline_dsl::model::Include;
///
/// let include = Include::local("ci/lint.yml");
/// assert!(matches!(include, Include::Local(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Include {
    /// `- ci/lint.yml` or `- https://.../ci.yml` (GitLab picks local or remote).
    Path(String),
    /// `- local: ci/lint.yml`.
    Local(IncludeLocal),
    /// `- project: group/repo` with `file:`.
    Project(IncludeProject),
    /// `- template: Auto-DevOps.gitlab-ci.yml`.
    Template(IncludeTemplate),
    /// `- component: $CI_SERVER_FQDN/group/component@1.0`.
    Component(IncludeComponent),
    /// `- remote: https://.../ci.yml`.
    Remote(IncludeRemote),
    /// `- artifact: generated.yml` with `job:` (only in `trigger:include`).
    Artifact(IncludeArtifact),
}

impl Include {
    /// A local file of this repository.
    pub fn local(path: impl Into<String>) -> Self {
        Include::Local(IncludeLocal {
            local: path.into(),
            rules: None,
            inputs: None,
        })
    }

    /// A CI/CD component.
    pub fn component(reference: impl Into<String>) -> Self {
        Include::Component(IncludeComponent {
            component: reference.into(),
            rules: None,
            inputs: None,
        })
    }
}

/// `include:local`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeLocal {
    /// `local` - a path in this repository.
    pub local: String,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleItem>>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}

/// `include:project`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeProject {
    /// `project` - `group/repo`.
    pub project: String,
    /// `ref`.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// `file` - one path or a list.
    pub file: OneOrMany<String>,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleItem>>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}

/// `include:template`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeTemplate {
    /// `template` - a GitLab template name.
    pub template: String,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleItem>>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}

/// `include:component`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeComponent {
    /// `component` - `host/path/name@version`.
    pub component: String,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleItem>>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}

/// `include:remote`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeRemote {
    /// `remote` - an `http(s)://` URL of a YAML file.
    pub remote: String,
    /// `integrity` - `sha256-...=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrity: Option<String>,
    /// `cache` - `true` or a duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<Value>,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleItem>>,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}

/// `trigger:include:artifact`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IncludeArtifact {
    /// `artifact` - the file the job produced.
    pub artifact: String,
    /// `job` - the job that produced it.
    pub job: String,
    /// `inputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Inputs>,
}
