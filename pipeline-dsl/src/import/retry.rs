//! Import of `retry:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Retry;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Retry {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "retry")
    }
}
