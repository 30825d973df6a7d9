//! Import of `inherit:` (`default` and `variables`: a boolean or a list of names).

use crate::model::{INHERITABLE_DEFAULTS, Inherit, InheritList};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};
use super::rules::reference_unsupported;

impl FromNode for Inherit {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let mut m = cx.map(node, "a mapping with `default` or `variables`")?;
        let before = cx.diagnostics.len();
        let inherit = Inherit {
            default: m.with(cx, "default", |n, cx| {
                list(n, cx, "`default:` keywords", |n, cx| {
                    cx.enum_string(n, &INHERITABLE_DEFAULTS)
                })
            }),
            variables: m.with(cx, "variables", |n, cx| {
                list(n, cx, "variable names", |n, cx| cx.string(n))
            }),
        };
        m.finish_strict(cx, &["default", "variables"], "`inherit`");
        (cx.diagnostics.len() == before).then_some(inherit)
    }
}

/// `true`, `false` or a list of names (duplicates are allowed, as in the schema).
fn list(
    node: &Node,
    cx: &mut Cx,
    what: &str,
    item: impl FnMut(&Node, &mut Cx) -> Option<String>,
) -> Option<InheritList> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Bool(b)) => Some(InheritList::All(*b)),
        NodeKind::Seq(_) => cx.list(node, what, item).map(InheritList::Only),
        NodeKind::Reference(_) => reference_unsupported(node, cx),
        _ => cx.expected(node, &format!("`true`, `false` or a list of {what}")),
    }
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::{Inherit, InheritList};

    fn inherit(yaml: &str) -> Option<Inherit> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .inherit
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn both_forms_are_kept() {
        let expected = Inherit {
            default: Some(InheritList::All(false)),
            variables: Some(InheritList::Only(vec!["A".into(), "B".into()])),
        };
        assert_eq!(
            inherit("job:\n  inherit:\n    default: false\n    variables: [A, B]\n"),
            Some(expected)
        );
        let expected = Inherit {
            default: Some(InheritList::Only(vec!["image".into(), "retry".into()])),
            variables: Some(InheritList::All(true)),
        };
        assert_eq!(
            inherit("job:\n  inherit:\n    default: [image, retry]\n    variables: true\n"),
            Some(expected)
        );
        assert_eq!(inherit("job:\n  inherit: {}\n"), Some(Inherit::default()));
    }

    #[test]
    fn constraints() {
        let errs = errors("job:\n  inherit:\n    default: [image, scirpt]\n");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with(
                "jobs.\"job\".inherit.default[1]: `scirpt` is not one of `after_script`"
            ),
            "{errs:?}"
        );
        assert_eq!(
            errors("job:\n  inherit:\n    default: [hooks]\n").len(),
            1,
            "`hooks` is not inheritable"
        );
        assert_eq!(
            errors("job:\n  inherit:\n    variables: A\n"),
            [
                "jobs.\"job\".inherit.variables: expected `true`, `false` or a list of variable names, found the string `A`"
            ]
        );
        assert_eq!(
            errors("job:\n  inherit:\n    variables: [1]\n"),
            ["jobs.\"job\".inherit.variables[0]: expected a string, found the integer `1`"]
        );
        assert_eq!(
            errors("job:\n  inherit:\n    defaults: true\n"),
            ["jobs.\"job\".inherit.defaults: `defaults` is not a keyword of `inherit`"]
        );
        assert_eq!(
            errors("job:\n  inherit: true\n"),
            [
                "jobs.\"job\".inherit: expected a mapping with `default` or `variables`, found the boolean `true`"
            ]
        );
        assert_eq!(
            errors("job:\n  inherit:\n    variables: !reference [.a, b]\n"),
            [
                "jobs.\"job\".inherit.variables: a `!reference` cannot be imported here: pipeline-dsl keeps this value written out"
            ]
        );
    }

    // GitLab's schema fixtures have no `inherit` cases, so there is no fixture test here.
}
