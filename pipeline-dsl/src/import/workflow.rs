//! Import of `workflow:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Workflow;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Workflow {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "a workflow")
    }
}
