//! `spec:` - the header document of a file that is included with inputs (a CI/CD
//! component or a configurable template), before the `---` line.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#spec>

use indexmap::IndexMap;
use serde::Serialize;

use super::{Include, Value};

/// `spec:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Spec {
    /// `inputs` - input name to its definition (null for a required string input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<IndexMap<String, Option<InputSpec>>>,
    /// `include` - files whose inputs this header takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<Include>>,
    /// `component` - the component context values the file uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<Vec<String>>,
}

/// One input's definition (`spec:inputs:NAME` and a job's `inputs:NAME`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct InputSpec {
    /// `type` - `string` (default), `number`, `boolean` or `array`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub input_type: Option<String>,
    /// `description` - at most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `options` - the allowed values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    /// `regex` - a pattern string values must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// `default` - makes the input optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// `rules` - options and defaults that depend on other inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<InputRule>>,
}

/// One `spec:inputs:NAME:rules` item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct InputRule {
    /// `if`.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// `options` - at most 50.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    /// `default` - required.
    pub default: Value,
}

/// The values of `spec:component`.
pub const SPEC_COMPONENT_VALUES: [&str; 4] = ["name", "sha", "version", "reference"];
