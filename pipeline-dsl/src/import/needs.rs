//! Import of `needs:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Need, OrReference};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// A job's `needs:`.
pub(crate) fn needs(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<Need>>> {
    cx.expected(node, "needs")
}
