//! `image:` - the container image a job runs in.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#image>

use serde::Serialize;

use super::{Extra, Value};

/// `image:` - a name (`rust:1.95`) or the long form with options.
///
/// ```
/// use pipeline_dsl::model::Image;
///
/// let image = Image::from("docker:27");
/// assert_eq!(image.name(), "docker:27");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Image {
    /// `image: docker:27`.
    Name(String),
    /// `image: {name: ..., entrypoint: ..., ...}`.
    Config(Box<ImageConfig>),
}

impl Image {
    /// The image reference, whichever form was written.
    pub fn name(&self) -> &str {
        match self {
            Image::Name(n) => n,
            Image::Config(c) => &c.name,
        }
    }
}

impl From<&str> for Image {
    fn from(name: &str) -> Self {
        Image::Name(name.to_owned())
    }
}

impl From<String> for Image {
    fn from(name: String) -> Self {
        Image::Name(name)
    }
}

/// The long form of `image:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ImageConfig {
    /// `image:name` - the image reference.
    pub name: String,
    /// `image:entrypoint` - overrides the image's entrypoint (at least one item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<Value>>,
    /// `image:docker` - options for the Docker executor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker: Option<DockerOptions>,
    /// `image:kubernetes` - options for the Kubernetes executor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubernetesOptions>,
    /// `image:pull_policy` - when the runner pulls the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_policy: Option<PullPolicies>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ImageConfig {
    /// The long form with only `name` set.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

/// `docker:` options of an image or service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DockerOptions {
    /// `docker:platform` - such as `linux/arm64`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// `docker:user` - the user the container runs as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// `kubernetes:` options of an image or service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct KubernetesOptions {
    /// `kubernetes:user` - a user name or a numeric id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Value>,
}

/// `pull_policy:` - one policy or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PullPolicies {
    /// `pull_policy: always`.
    One(PullPolicy),
    /// `pull_policy: [always, if-not-present]`.
    Many(Vec<PullPolicy>),
}

/// One image pull policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PullPolicy {
    /// `always`.
    Always,
    /// `never`.
    Never,
    /// `if-not-present`.
    IfNotPresent,
}

impl PullPolicy {
    /// Every policy with its YAML spelling.
    pub const ALL: [(&'static str, PullPolicy); 3] = [
        ("always", PullPolicy::Always),
        ("never", PullPolicy::Never),
        ("if-not-present", PullPolicy::IfNotPresent),
    ];
}
