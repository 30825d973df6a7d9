//! `release:` - create a GitLab release from a job.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#release>

use serde::Serialize;

/// `release:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Release {
    /// `tag_name` - required.
    pub tag_name: String,
    /// `tag_message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_message: Option<String>,
    /// `description` - required.
    pub description: String,
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `ref`.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// `milestones`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestones: Option<Vec<String>>,
    /// `released_at` - an ISO 8601 date and time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released_at: Option<String>,
    /// `assets`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<ReleaseAssets>,
}

/// `release:assets`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReleaseAssets {
    /// `links` - at least one.
    pub links: Vec<ReleaseLink>,
}

/// One `release:assets:links` item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReleaseLink {
    /// `name`.
    pub name: String,
    /// `url`.
    pub url: String,
    /// `filepath`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filepath: Option<String>,
    /// `link_type` - `runbook`, `package`, `image` or `other`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_type: Option<String>,
}
