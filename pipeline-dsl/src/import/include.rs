//! Import of `include:` and `inputs:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Includes, Inputs};

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Includes {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "includes")
    }
}

/// `inputs:` passed to an include or a trigger.
pub(crate) fn inputs(node: &Node, cx: &mut Cx) -> Option<Inputs> {
    cx.expected(node, "inputs")
}
