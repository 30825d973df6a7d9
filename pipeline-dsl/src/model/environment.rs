//! `environment:` - where a job deploys to.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#environment>

use serde::Serialize;

use super::Value;

/// `environment:` - a name, or the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Environment {
    /// `environment: production`.
    Name(String),
    /// `environment: {name: ..., url: ..., action: ...}`.
    Config(Box<EnvironmentConfig>),
}

impl Environment {
    /// The environment's name.
    pub fn name(&self) -> &str {
        match self {
            Environment::Name(n) => n,
            Environment::Config(c) => &c.name,
        }
    }
}

/// The long form of `environment:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct EnvironmentConfig {
    /// `name`.
    pub name: String,
    /// `url` - `https://...` or a `$VARIABLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `on_stop` - the job that stops the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_stop: Option<String>,
    /// `action` - what the job does to the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<EnvironmentAction>,
    /// `auto_stop_in` - stop the environment after this long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_stop_in: Option<String>,
    /// `kubernetes` - agent and namespace settings (kept as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<Value>,
    /// `deployment_tier` - `production`, `staging`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_tier: Option<String>,
}

/// `environment:action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentAction {
    /// `start` (the default).
    Start,
    /// `prepare`.
    Prepare,
    /// `stop`.
    Stop,
    /// `verify`.
    Verify,
    /// `access`.
    Access,
}

impl EnvironmentAction {
    /// Every value with its YAML spelling.
    pub const ALL: [(&'static str, EnvironmentAction); 5] = [
        ("start", EnvironmentAction::Start),
        ("prepare", EnvironmentAction::Prepare),
        ("stop", EnvironmentAction::Stop),
        ("verify", EnvironmentAction::Verify),
        ("access", EnvironmentAction::Access),
    ];
}
