//! Import of `parallel:` and `parallel:matrix`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Matrix, Parallel};

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Parallel {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "parallel")
    }
}

impl FromNode for Matrix {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "a matrix")
    }
}
