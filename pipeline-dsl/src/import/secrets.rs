//! Import of `secrets:` and `id_tokens:`.
//!
//! STUB: to be written (conversion with every constraint of GitLab's schema).

use crate::model::{IdTokens, Secrets};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// `secrets:`.
pub(crate) fn secrets(node: &Node, cx: &mut Cx) -> Option<Secrets> {
    cx.expected(node, "secrets")
}

/// `id_tokens:`.
pub(crate) fn id_tokens(node: &Node, cx: &mut Cx) -> Option<IdTokens> {
    cx.expected(node, "id tokens")
}
