//! Import of `release:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Release;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Release {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "a release")
    }
}
