//! `services:` - extra containers (databases, `docker:dind`) linked to a job.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#services>

use serde::Serialize;

use super::{DockerOptions, Extra, KubernetesOptions, PullPolicies, Script, Variables};

/// One entry of `services:` - a name (`docker:27-dind`) or the long form.
///
/// ```
/// use pipeline_dsl::model::Service;
///
/// let dind = Service::from("docker:27-dind");
/// assert_eq!(dind.name(), "docker:27-dind");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Service {
    /// `- postgres:16`.
    Name(String),
    /// `- {name: ..., alias: ..., ...}`.
    Config(Box<ServiceConfig>),
}

impl Service {
    /// The image reference, whichever form was written.
    pub fn name(&self) -> &str {
        match self {
            Service::Name(n) => n,
            Service::Config(c) => &c.name,
        }
    }
}

impl From<&str> for Service {
    fn from(name: &str) -> Self {
        Service::Name(name.to_owned())
    }
}

impl From<String> for Service {
    fn from(name: String) -> Self {
        Service::Name(name)
    }
}

/// The long form of a service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ServiceConfig {
    /// `name` - the image reference.
    pub name: String,
    /// `entrypoint` - overrides the image's entrypoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    /// `docker` - options for the Docker executor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker: Option<DockerOptions>,
    /// `kubernetes` - options for the Kubernetes executor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesOptions>,
    /// `pull_policy` - when the runner pulls the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_policy: Option<PullPolicies>,
    /// `command` - overrides the image's command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Script>,
    /// `alias` - the host name the job reaches the service under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// `variables` - variables passed to the service container.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Variables>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ServiceConfig {
    /// The long form with only `name` set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}
