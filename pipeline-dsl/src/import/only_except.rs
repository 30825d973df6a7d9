//! Import of `only:` and `except:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::OnlyExcept;

use super::cx::{Cx, FromNode};
use super::node::Node;

impl FromNode for OnlyExcept {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "refs")
    }
}
