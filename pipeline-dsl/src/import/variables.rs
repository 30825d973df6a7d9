//! Import of `variables:` at the top level, in jobs and in rules.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{Scalar, Variables};
use indexmap::IndexMap;

use super::cx::{Cx, FromNode};
use super::node::Node;

/// Top-level `variables:` (long form with description/options/expand).
pub(crate) fn global_variables(node: &Node, cx: &mut Cx) -> Option<Variables> {
    cx.expected(node, "variables")
}

/// Job and service `variables:` (long form with value/expand).
pub(crate) fn job_variables(node: &Node, cx: &mut Cx) -> Option<Variables> {
    cx.expected(node, "variables")
}

/// `rules:variables` (scalars only).
pub(crate) fn rule_variables(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, Scalar>> {
    cx.expected(node, "variables")
}
