//! `retry:` - how often and on which failures GitLab retries a job.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#retry>

use serde::Serialize;

/// `retry:` - a count (0 to 2) or the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Retry {
    /// `retry: 2`.
    Max(u8),
    /// `retry: {max: 2, when: [...], exit_codes: [...]}`.
    Config(Box<RetryConfig>),
}

/// The long form of `retry:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct RetryConfig {
    /// `max` - 0 to 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
    /// `when` - one failure type or a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<OneOrMany<String>>,
    /// `exit_codes` - one code or a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_codes: Option<OneOrMany<i64>>,
}

/// A keyword that takes one value or a list of them, kept in the written form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// One value.
    One(T),
    /// A list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values, whichever form was written.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v),
            OneOrMany::Many(v) => v,
        }
    }
}

/// The failure types `retry:when` accepts.
pub const RETRY_WHEN: [&str; 22] = [
    "always",
    "unknown_failure",
    "script_failure",
    "api_failure",
    "stuck_or_timeout_failure",
    "stuck_pending_with_matching_runners",
    "stuck_pending_no_matching_runners",
    "no_updates_running",
    "no_updates_canceling",
    "runner_system_failure",
    "runner_configuration_error",
    "runner_external_dependency_failure",
    "runner_interrupted",
    "runner_unsupported",
    "stale_schedule",
    "job_execution_timeout",
    "server_timeout_running",
    "server_timeout_canceling",
    "archived_failure",
    "unmet_prerequisites",
    "scheduler_failure",
    "data_integrity_failure",
];

impl<T> From<T> for OneOrMany<T> {
    fn from(v: T) -> Self {
        OneOrMany::One(v)
    }
}

impl From<&str> for OneOrMany<String> {
    fn from(s: &str) -> Self {
        OneOrMany::One(s.to_owned())
    }
}
