//! Import of `script`, `before_script`, `after_script`, `hooks`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Hooks, Script};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// `script:` (non-empty).
pub(crate) fn script(node: &Node, cx: &mut Cx) -> Option<Script> {
    cx.expected(node, "a script")
}

/// `before_script:` / `after_script:` (may be empty).
pub(crate) fn optional_script(node: &Node, cx: &mut Cx) -> Option<Script> {
    cx.expected(node, "a script")
}

impl FromNode for Hooks {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.expected(node, "hooks")
    }
}
