//! `cache:` - files kept between pipelines, such as dependency downloads.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#cache>

use serde::Serialize;

use super::{ArtifactsWhen, Reference};

/// `cache:` - one cache or a list of caches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Caches {
    /// `cache: {key: ..., paths: [...]}`.
    One(Box<Cache>),
    /// `cache: [{...}, {...}]`.
    Many(Vec<Cache>),
}

/// One cache.
///
/// ```
/// use pipeline_dsl::model::Cache;
///
/// let cache = Cache::paths(["target/"]);
/// assert!(cache.paths.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Cache {
    /// `key` - a string or `{files: [...], prefix: ...}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<CacheKey>,
    /// `paths` - globs to cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<PathList>,
    /// `policy` - `pull`, `push`, `pull-push` or a `$VARIABLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// `unprotect` - share the cache between protected and unprotected branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unprotect: Option<bool>,
    /// `untracked` - also cache files git does not track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untracked: Option<bool>,
    /// `when` - save on success (default), failure, or always.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<ArtifactsWhen>,
    /// `fallback_keys` - keys to try when `key` has no cache (at most 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_keys: Option<Vec<String>>,
}

impl Cache {
    /// A cache of these paths.
    pub fn paths<I, S>(paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            paths: Some(PathList::Paths(paths.into_iter().map(Into::into).collect())),
            ..Self::default()
        }
    }
}

/// A list of paths, or a `!reference` to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PathList {
    /// The paths.
    Paths(Vec<String>),
    /// `!reference [...]`.
    Reference(Reference),
}

/// `cache:key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum CacheKey {
    /// `key: $CI_COMMIT_REF_SLUG`.
    Name(String),
    /// `key: {files: [Cargo.lock], prefix: ...}`.
    Files(CacheKeyFiles),
}

/// `cache:key` computed from files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CacheKeyFiles {
    /// `files` - 1 to 10 files whose content makes the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
    /// `files_commits` - 1 or 2 files whose last commit makes the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files_commits: Option<Vec<String>>,
    /// `prefix` - put before the computed key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}
