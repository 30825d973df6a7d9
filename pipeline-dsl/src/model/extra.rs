//! `extra`: keys the model does not know yet, kept in order and emitted after the known
//! keys. The escape hatch for GitLab keywords newer than this crate; `validate` reports
//! each one as `unknown-keyword` unless the user allows it. A known keyword written as an
//! explicit `null` where GitLab's schema allows that (`rules: null`) is kept here too, as
//! `Value::Null`: GitLab reads it as absent, and re-emitting keeps the same data.

use indexmap::IndexMap;
use serde::Serialize;

use super::Value;

/// Keys this version does not model, in the order they were added or written.
///
/// ```
/// use pipeline_dsl::model::{Extra, Value};
///
/// let mut extra = Extra::default();
/// extra.insert("new_keyword", Value::from(true));
/// assert!(extra.contains_key("new_keyword"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Extra(pub IndexMap<String, Value>);

impl Extra {
    /// Adds or replaces `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        self.0.insert(key.into(), value);
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Whether there is no extra key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `key` is a known keyword kept here only because it was written as `null`.
    pub fn is_explicit_null(&self, key: &str, known: &[&str]) -> bool {
        known.contains(&key) && self.0.get(key) == Some(&Value::Null)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}
