//! `parallel:` - run a job N times, or once per combination of a matrix.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#parallel>

use indexmap::IndexMap;
use serde::Serialize;

use super::Value;

/// `parallel:` - a count (1 to 200) or `matrix:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Parallel {
    /// `parallel: 5`.
    Count(u32),
    /// `parallel: {matrix: [...]}`.
    Matrix(Matrix),
}

/// `{matrix: [...]}` - each item maps variable names to one value or a list of values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Matrix {
    /// `matrix` - at most 200 items.
    pub matrix: Vec<IndexMap<String, MatrixValue>>,
}

/// One matrix entry's values: a scalar (string or number) or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum MatrixValue {
    /// `PROVIDER: aws`.
    One(Value),
    /// `STACK: [monitoring, app]`.
    Many(Vec<Value>),
}

impl MatrixValue {
    /// The values as strings, as GitLab names parallel jobs with them.
    pub fn values(&self) -> Vec<String> {
        let show = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.0.to_string(),
            Value::Bool(b) => b.to_string(),
            other => format!("{other:?}"),
        };
        match self {
            MatrixValue::One(v) => vec![show(v)],
            MatrixValue::Many(vs) => vs.iter().map(show).collect(),
        }
    }
}
