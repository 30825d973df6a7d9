//! Import of `environment:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Environment;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Environment {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "an environment")
    }
}
