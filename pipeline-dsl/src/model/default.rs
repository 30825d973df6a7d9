//! `default:` - keywords every job takes unless it sets its own (no merging: a job's own
//! value replaces the default). Named `JobDefaults` so it never shadows `Default`.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#default>

use serde::Serialize;

use super::{
    Artifacts, Caches, Hooks, IdTokens, Image, OrReference, Retry, Script, Service, StringItem,
};

/// `default:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct JobDefaults {
    /// `image`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// `services`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<OrReference<Vec<Service>>>,
    /// `tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<OrReference<Vec<StringItem>>>,
    /// `before_script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_script: Option<Script>,
    /// `after_script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_script: Option<Script>,
    /// `hooks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hooks: Option<Hooks>,
    /// `artifacts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Option<Artifacts>>,
    /// `cache`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<Caches>,
    /// `retry`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// `timeout`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// `interruptible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interruptible: Option<bool>,
    /// `id_tokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_tokens: Option<Box<IdTokens>>,
    /// `identity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// `!reference` - GitLab's schema allows this key inside `default:`.
    #[serde(rename = "!reference", skip_serializing_if = "Option::is_none")]
    pub reference: Option<Vec<String>>,
}
