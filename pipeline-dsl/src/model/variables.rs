//! `variables:` - CI/CD variables defined in the file, globally or per job.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#variables>

use indexmap::IndexMap;
use serde::Serialize;

use super::Float;

/// An ordered `variables:` mapping.
///
/// ```
/// use pipeline_dsl::model::{Variables, VariableValue};
///
/// let mut vars = Variables::default();
/// vars.insert("DOCKER_DRIVER", "overlay2");
/// assert_eq!(vars.get("DOCKER_DRIVER").and_then(VariableValue::value), Some("overlay2".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Variables(pub IndexMap<String, VariableValue>);

impl Variables {
    /// Adds or replaces a variable.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<VariableValue>) {
        self.0.insert(name.into(), value.into());
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&VariableValue> {
        self.0.get(name)
    }

    /// The names and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &VariableValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Whether no variable is defined.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many variables are defined.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<K: Into<String>, V: Into<VariableValue>, const N: usize> From<[(K, V); N]> for Variables {
    fn from(pairs: [(K, V); N]) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// A scalar as written in YAML: GitLab accepts strings, numbers and booleans as variable
/// values and turns them into strings; the model keeps the written type so that re-emitting
/// gives the same data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Scalar {
    /// A string.
    String(String),
    /// An integer.
    Int(i64),
    /// A float.
    Float(Float),
    /// A boolean.
    Bool(bool),
}

impl Scalar {
    /// The value as the string GitLab sets in the environment.
    pub fn to_env_string(&self) -> String {
        match self {
            Scalar::String(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => ruby_float(f.0),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// Ruby's `Float#to_s`: `1.0`, `1.5`, `1.0e+20`.
fn ruby_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let s = format!("{f:?}");
    if s.contains('e') {
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.to_owned()
        } else {
            format!("{m}.0")
        };
        let e = if e.starts_with('-') {
            e.to_owned()
        } else {
            format!("+{e}")
        };
        return format!("{m}e{e}");
    }
    s
}

impl From<&str> for Scalar {
    fn from(s: &str) -> Self {
        Scalar::String(s.to_owned())
    }
}
impl From<String> for Scalar {
    fn from(s: String) -> Self {
        Scalar::String(s)
    }
}
impl From<i64> for Scalar {
    fn from(i: i64) -> Self {
        Scalar::Int(i)
    }
}
impl From<bool> for Scalar {
    fn from(b: bool) -> Self {
        Scalar::Bool(b)
    }
}

/// One variable: the short form (a value) or the long form with options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum VariableValue {
    /// `NAME: value`.
    Value(Scalar),
    /// `NAME: {value: ..., description: ..., options: [...], expand: false}`.
    Config(Box<VariableConfig>),
}

impl VariableValue {
    /// The value as GitLab sets it, if one is written.
    pub fn value(&self) -> Option<String> {
        match self {
            VariableValue::Value(s) => Some(s.to_env_string()),
            VariableValue::Config(c) => c.value.clone(),
        }
    }
}

impl<T: Into<Scalar>> From<T> for VariableValue {
    fn from(v: T) -> Self {
        VariableValue::Value(v.into())
    }
}

impl From<VariableConfig> for VariableValue {
    fn from(c: VariableConfig) -> Self {
        VariableValue::Config(Box::new(c))
    }
}

/// The long form of a variable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct VariableConfig {
    /// `value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `description` - shown when running a pipeline by hand (global variables only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `options` - the values offered when running a pipeline by hand (global only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    /// `expand` - whether `$VAR` references inside the value are expanded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expand: Option<bool>,
}

impl VariableConfig {
    /// The long form with a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: Some(value.into()),
            ..Self::default()
        }
    }
}
