//! Import of the `spec:` header and job `inputs:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{InputSpec, Spec};
use indexmap::IndexMap;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Spec {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "a spec")
    }
}

/// A job's `inputs:`.
pub(crate) fn job_inputs(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, InputSpec>> {
    cx.expected(node, "inputs")
}
