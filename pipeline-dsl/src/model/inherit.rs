//! `inherit:` - which global defaults and variables a job takes.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#inherit>

use serde::Serialize;

/// `inherit:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Inherit {
    /// `default` - `true`, `false`, or the `default:` keywords to take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<InheritList>,
    /// `variables` - `true`, `false`, or the global variables to take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<InheritList>,
}

/// All, nothing, or a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum InheritList {
    /// `true` / `false`.
    All(bool),
    /// A list of names.
    Only(Vec<String>),
}

impl InheritList {
    /// Whether `name` is inherited.
    pub fn includes(&self, name: &str) -> bool {
        match self {
            InheritList::All(b) => *b,
            InheritList::Only(names) => names.iter().any(|n| n == name),
        }
    }
}

/// The `default:` keywords `inherit:default` may list.
pub const INHERITABLE_DEFAULTS: [&str; 10] = [
    "after_script",
    "artifacts",
    "before_script",
    "cache",
    "image",
    "interruptible",
    "retry",
    "services",
    "tags",
    "timeout",
];
