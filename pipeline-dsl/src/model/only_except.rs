//! `only:` / `except:` - the legacy way to choose when a job is created; `rules:`
//! replaces it. Kept separate so it can be deprecated alone.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/deprecated_keywords/#only--except>

use serde::Serialize;

use super::{Reference, StringItem};

/// `only:` or `except:` - a list of refs, or the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OnlyExcept {
    /// `only:` with no value (null): GitLab ignores the key.
    Null(()),
    /// `only: [tags, main, /^release-.*$/]`.
    Refs(Vec<StringItem>),
    /// `only: {refs: [...], variables: [...], changes: [...], kubernetes: active}`.
    Config(Box<OnlyExceptConfig>),
    /// `only: !reference [...]`.
    Reference(Reference),
}

impl OnlyExcept {
    /// The ref patterns written here (keywords such as `tags`, branch names, `/regex/`).
    pub fn refs(&self) -> Vec<&str> {
        match self {
            OnlyExcept::Refs(items) => items.iter().flat_map(StringItem::strings).collect(),
            OnlyExcept::Config(c) => c
                .refs
                .iter()
                .flatten()
                .flat_map(StringItem::strings)
                .collect(),
            OnlyExcept::Null(()) | OnlyExcept::Reference(_) => Vec::new(),
        }
    }
}

/// The long form of `only:` / `except:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OnlyExceptConfig {
    /// `refs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refs: Option<Vec<StringItem>>,
    /// `kubernetes: active`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<String>,
    /// `variables` - expressions; any true one matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
    /// `changes` - globs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<String>>,
}

/// The ref keywords `only`/`except` know (anything else is a branch name or a `/regex/`).
pub const REF_KEYWORDS: [&str; 12] = [
    "api",
    "branches",
    "chat",
    "external",
    "external_pull_requests",
    "merge_requests",
    "pipelines",
    "pushes",
    "schedules",
    "tags",
    "triggers",
    "web",
];
