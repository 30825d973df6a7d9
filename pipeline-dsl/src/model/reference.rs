//! Values that may be written as GitLab's `!reference [job, key]` instead.
//!
//! GitLab resolves `!reference` before it validates, so the tag can stand wherever a list
//! of strings is accepted; the model keeps it as written.

use serde::Serialize;

use super::Reference;

/// A value, or a `!reference` that GitLab replaces with one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OrReference<T> {
    /// The value, written out.
    Value(T),
    /// `!reference [job, key, ...]`.
    Reference(Reference),
}

impl<T> OrReference<T> {
    /// The written value, if this is not a reference.
    pub fn value(&self) -> Option<&T> {
        match self {
            OrReference::Value(v) => Some(v),
            OrReference::Reference(_) => None,
        }
    }

    /// The written value, mutably, if this is not a reference.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            OrReference::Value(v) => Some(v),
            OrReference::Reference(_) => None,
        }
    }
}

impl<T> From<T> for OrReference<T> {
    fn from(value: T) -> Self {
        OrReference::Value(value)
    }
}

/// One item of a list that GitLab flattens: a string, a nested list of strings, or a
/// `!reference` to a list (`script`, `tags`, `stages`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum StringItem {
    /// One string.
    One(String),
    /// A nested list of strings, flattened by GitLab.
    Nested(Vec<String>),
    /// `!reference [job, key]` to a list.
    Reference(Reference),
}

impl From<&str> for StringItem {
    fn from(s: &str) -> Self {
        StringItem::One(s.to_owned())
    }
}

impl From<String> for StringItem {
    fn from(s: String) -> Self {
        StringItem::One(s)
    }
}

impl StringItem {
    /// The strings this item stands for, as far as they are written here (a reference
    /// yields nothing: its content lives elsewhere).
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        let slice: &[String] = match self {
            StringItem::One(s) => std::slice::from_ref(s),
            StringItem::Nested(v) => v,
            StringItem::Reference(_) => &[],
        };
        slice.iter().map(String::as_str)
    }
}
