//! Import of `run:` (CI steps).
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Value;

use super::cx::{Cx, FromNode};
use super::node::Node;

/// `run:` - a list of steps, checked against GitLab's schema, kept as written.
pub(crate) fn steps(node: &Node, cx: &mut Cx) -> Option<Vec<Value>> {
    cx.expected(node, "steps")
}
