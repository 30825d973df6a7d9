//! The input AST and its `Parse` impls: a YAML-shaped tree of values ([`value`]) and the
//! top level of a `pipeline!` invocation ([`pipeline`]). No semantic checks here: only what
//! the token grammar needs. Every node keeps its span, so later errors point at the user's
//! own token.

pub(crate) mod pipeline;
pub(crate) mod value;

pub(crate) use pipeline::{JobDef, PipelineInput};
pub(crate) use value::{Entry, Map, Splice, Value};
