//! Import of `only:` and `except:`.
//!
//! GitLab's schema (`filter`): null, a list of refs (strings), or
//! `{refs: [...], kubernetes: active, variables: [...], changes: [...]}`. A `!reference` in
//! place of the whole value is a list of strings to the schema, and is kept as one.

use crate::diagnostic::PathSegment;
use crate::model::{OnlyExcept, OnlyExceptConfig, StringItem};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};
use super::rules::{plain_strings, reference_unsupported};

const CONFIG_KEYS: [&str; 4] = ["refs", "kubernetes", "variables", "changes"];

impl FromNode for OnlyExcept {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Null) => Some(OnlyExcept::Null(())),
            NodeKind::Reference(_) => cx.reference(node).map(OnlyExcept::Reference),
            NodeKind::Seq(_) => refs(node, cx).map(OnlyExcept::Refs),
            NodeKind::Map(_) => config(node, cx).map(|c| OnlyExcept::Config(Box::new(c))),
            _ => cx.expected(
                node,
                "null, a list of refs or a mapping with `refs`, `variables`, `changes` or `kubernetes`",
            ),
        }
    }
}

/// A list of refs: ref keywords (`branches`, `tags`, ...), branch names or `/regex/`;
/// the schema accepts any string, and nothing but strings.
fn refs(node: &Node, cx: &mut Cx) -> Option<Vec<StringItem>> {
    cx.list(node, "refs", |n, cx| cx.string(n).map(StringItem::One))
}

fn config(node: &Node, cx: &mut Cx) -> Option<OnlyExceptConfig> {
    // `only` or `except`, for messages.
    let keyword = match cx.path().0.last() {
        Some(PathSegment::Key(k)) if k == "except" => "`except`",
        _ => "`only`",
    };
    let mut m = cx.map(node, "a mapping")?;
    let before = cx.diagnostics.len();
    let config = OnlyExceptConfig {
        refs: m.with(cx, "refs", |n, cx| match n.kind {
            NodeKind::Reference(_) => reference_unsupported(n, cx),
            _ => refs(n, cx),
        }),
        kubernetes: m.with(cx, "kubernetes", |n, cx| cx.enum_string(n, &["active"])),
        variables: m.with(cx, "variables", plain_strings),
        changes: m.with(cx, "changes", plain_strings),
    };
    m.finish_strict(cx, &CONFIG_KEYS, keyword);
    (cx.diagnostics.len() == before).then_some(config)
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::{OnlyExcept, OnlyExceptConfig, Reference, StringItem};

    fn only_except(yaml: &str) -> (Option<OnlyExcept>, Option<OnlyExcept>) {
        let imported = from_str(yaml).unwrap_or_else(|e| panic!("{e}"));
        let job = imported.pipeline.job("job").expect("job");
        (job.only.clone(), job.except.clone())
    }

    use super::super::script::test_support::errors;

    #[test]
    fn every_form_is_kept() {
        assert_eq!(
            only_except("job:\n  only: [main, tags, /^release-.*$/]\n  except:\n"),
            (
                Some(OnlyExcept::Refs(vec![
                    StringItem::One("main".into()),
                    StringItem::One("tags".into()),
                    StringItem::One("/^release-.*$/".into()),
                ])),
                Some(OnlyExcept::Null(())),
            )
        );
        let config = OnlyExceptConfig {
            refs: Some(vec![StringItem::One("branches".into())]),
            kubernetes: Some("active".into()),
            variables: Some(vec!["$CI_COMMIT_MESSAGE =~ /run/".into()]),
            changes: Some(vec!["src/**/*".into()]),
        };
        assert_eq!(
            only_except(
                "job:\n  only:\n    refs: [branches]\n    kubernetes: active\n    variables: ['$CI_COMMIT_MESSAGE =~ /run/']\n    changes: [src/**/*]\n  except: !reference [.t, except]\n"
            ),
            (
                Some(OnlyExcept::Config(Box::new(config))),
                Some(OnlyExcept::Reference(Reference::new([".t", "except"]))),
            )
        );
        assert_eq!(
            only_except("job:\n  only: []\n"),
            (Some(OnlyExcept::Refs(vec![])), None)
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("job:\n  only: main\n"),
            [
                "jobs.\"job\".only: expected null, a list of refs or a mapping with `refs`, `variables`, `changes` or `kubernetes`, found the string `main`"
            ]
        );
        assert_eq!(
            errors("job:\n  only: [[a, b]]\n"),
            ["jobs.\"job\".only[0]: expected a string, found a list"]
        );
        assert_eq!(
            errors("job:\n  except:\n    kubernetes: passive\n"),
            ["jobs.\"job\".except.kubernetes: `passive` is not one of `active`"]
        );
        assert_eq!(
            errors("job:\n  except:\n    ref: [main]\n"),
            ["jobs.\"job\".except.ref: `ref` is not a keyword of `except`"]
        );
        assert_eq!(
            errors("job:\n  only:\n    variables: $X\n"),
            ["jobs.\"job\".only.variables: expected a list of strings, found the string `$X`"]
        );
        assert_eq!(
            errors("job:\n  only:\n    changes: [1]\n"),
            ["jobs.\"job\".only.changes[0]: expected a string, found the integer `1`"]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(&["filter.yml"], &[]);
        assert!(n == 0 || n == 3, "{n} units");
    }
}
