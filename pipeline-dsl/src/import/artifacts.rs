//! Import of `artifacts:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::Artifacts;

use super::cx::{Cx, FromNode};
use super::node::Node;

/// `artifacts:` (null allowed).
pub(crate) fn artifacts(node: &Node, cx: &mut Cx) -> Option<Option<Artifacts>> {
    cx.expected(node, "artifacts")
}
