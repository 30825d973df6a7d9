//! The spanned YAML tree that import works on: what Ruby's Psych would load (aliases
//! expanded, `<<` merged, scalars typed by YAML 1.1 rules), with the source position of
//! every node kept for diagnostics.

use crate::diagnostic::SourceSpan;
use crate::model::{Float, Mapping, Reference, Value};
pub(crate) use crate::yaml11::Scalar;

/// One loaded YAML node.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) span: SourceSpan,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// `!reference [a, b]`: kept apart so that any converter can tell it from a list.
    Reference(Vec<Node>),
}

/// One `key: value` pair of a mapping, after merge keys were applied.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: SourceSpan,
    pub(crate) value: Node,
}

impl Node {
    /// A short description of the node's type for "expected X, found Y" messages.
    pub(crate) fn found(&self) -> String {
        match &self.kind {
            NodeKind::Scalar(Scalar::Null) => "null".into(),
            NodeKind::Scalar(Scalar::Bool(b)) => format!("the boolean `{b}`"),
            NodeKind::Scalar(Scalar::Int(i)) => format!("the integer `{i}`"),
            NodeKind::Scalar(Scalar::Float(f)) => format!("the number `{f}`"),
            NodeKind::Scalar(Scalar::Str(s)) => {
                let shown: String = s.chars().take(40).collect();
                let ellipsis = if s.chars().count() > 40 { "..." } else { "" };
                format!("the string `{}{ellipsis}`", shown.escape_debug())
            }
            NodeKind::Seq(_) => "a list".into(),
            NodeKind::Map(_) => "a mapping".into(),
            NodeKind::Reference(_) => "a `!reference`".into(),
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar(Scalar::Null))
    }

    pub(crate) fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a mapping node.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// The untyped value, for `extra` keys and free-form payloads.
    pub(crate) fn to_value(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar(s) => match s {
                Scalar::Null => Value::Null,
                Scalar::Bool(b) => Value::Bool(*b),
                Scalar::Int(i) => Value::Int(*i),
                Scalar::Float(f) => Value::Float(Float(*f)),
                Scalar::Str(s) => Value::String(s.clone()),
            },
            NodeKind::Seq(items) => Value::Seq(items.iter().map(Node::to_value).collect()),
            NodeKind::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_value()))
                    .collect::<Mapping>(),
            ),
            NodeKind::Reference(parts) => Value::Reference(Reference(
                parts
                    .iter()
                    .map(|p| p.as_str().unwrap_or_default().to_owned())
                    .collect(),
            )),
        }
    }
}
