//! `script`, `before_script`, `after_script` and `hooks:pre_get_sources_script`: the shell
//! commands a job runs.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#script>

use serde::Serialize;

use super::{Reference, StringItem};

/// Shell commands: one string, a list (items may be nested lists or `!reference`s, which
/// GitLab flattens), or a `!reference` to another job's commands.
///
/// ```
/// use pipeline_dsl::model::Script;
///
/// let script = Script::from(["cargo build", "cargo test"]);
/// assert_eq!(script.lines().collect::<Vec<_>>(), ["cargo build", "cargo test"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Script {
    /// `script: make` (one command, written as a string).
    Line(String),
    /// `script: [...]`.
    Lines(Vec<StringItem>),
    /// `script: !reference [.setup, script]`.
    Reference(Reference),
}

impl Script {
    /// The commands written here, flattened (references yield nothing).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&str>, &[StringItem]) = match self {
            Script::Line(s) => (Some(s), &[]),
            Script::Lines(items) => (None, items),
            Script::Reference(_) => (None, &[]),
        };
        one.into_iter()
            .chain(many.iter().flat_map(StringItem::strings))
    }

    /// Whether nothing is written (an empty list or an empty string).
    pub fn is_empty(&self) -> bool {
        match self {
            Script::Line(s) => s.is_empty(),
            Script::Lines(items) => items.is_empty(),
            Script::Reference(_) => false,
        }
    }
}

impl From<&str> for Script {
    fn from(s: &str) -> Self {
        Script::Lines(vec![StringItem::from(s)])
    }
}

impl From<String> for Script {
    fn from(s: String) -> Self {
        Script::Lines(vec![StringItem::from(s)])
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for Script {
    fn from(lines: [S; N]) -> Self {
        Script::Lines(
            lines
                .into_iter()
                .map(|s| StringItem::One(s.into()))
                .collect(),
        )
    }
}

impl<S: Into<String>> From<Vec<S>> for Script {
    fn from(lines: Vec<S>) -> Self {
        Script::Lines(
            lines
                .into_iter()
                .map(|s| StringItem::One(s.into()))
                .collect(),
        )
    }
}

impl From<Reference> for Script {
    fn from(r: Reference) -> Self {
        Script::Reference(r)
    }
}

/// `hooks:` - commands the runner runs at fixed points of a job.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Hooks {
    /// `hooks:pre_get_sources_script` - runs before the repository is fetched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_get_sources_script: Option<Script>,
}
