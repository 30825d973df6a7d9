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
/// Almost every job, rule and long form has none, so the map is allocated on the first
/// insert: an empty `Extra` is one pointer wide, which keeps the model's structs small
/// (a pipeline of 100k jobs holds several of them per job).
///
/// ```
/// use pipeline_dsl::model::{Extra, Value};
///
/// let mut extra = Extra::default();
/// assert!(extra.is_empty());
/// extra.insert("new_keyword", Value::from(true));
/// assert!(extra.contains_key("new_keyword"));
/// assert_eq!(extra.get("new_keyword"), Some(&Value::from(true)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extra(Option<Box<IndexMap<String, Value>>>);

impl Extra {
    /// Adds or replaces `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        self.0
            .get_or_insert_with(Box::default)
            .insert(key.into(), value);
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref()?.get(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Whether there is no extra key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    /// Whether `key` is a known keyword kept here only because it was written as `null`.
    pub fn is_explicit_null(&self, key: &str, known: &[&str]) -> bool {
        known.contains(&key) && self.get(key) == Some(&Value::Null)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    /// The keys with their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|m| m.iter())
            .map(|(k, v)| (k.as_str(), v))
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut extra = Extra::default();
        for (k, v) in iter {
            extra.insert(k, v);
        }
        extra
    }
}

/// Written as the map it holds (flattened into the owner's keys by `#[serde(flatten)]`).
impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Extra {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <IndexMap<String, Value>>::json_schema(generator)
    }
}
