//! Import of `rules:` of jobs, includes and `workflow:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{OrReference, RuleItem};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// A job's `rules:`.
pub(crate) fn job_rules(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<RuleItem>>> {
    cx.expected(node, "rules")
}

/// `include:rules` (if/changes/exists/when never|always).
pub(crate) fn include_rules(node: &Node, cx: &mut Cx) -> Option<Vec<RuleItem>> {
    cx.expected(node, "rules")
}

/// `workflow:rules`.
pub(crate) fn workflow_rules(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<RuleItem>>> {
    cx.expected(node, "rules")
}
