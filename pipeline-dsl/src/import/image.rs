//! Import of `image:` and `services:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Image, OrReference, Service};

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for Image {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "an image")
    }
}

/// `services:` (a list, or a `!reference`).
pub(crate) fn services(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<Service>>> {
    cx.expected(node, "a list of services")
}
