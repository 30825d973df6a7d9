//! Import of `workflow:` (`name`, `auto_cancel`, `rules`).

use crate::model::{AutoCancel, Workflow};

use super::cx::{Cx, FromNode};
use super::node::Node;

/// The keys of `workflow:`. GitLab's schema leaves other keys open, but GitLab itself
/// refuses them (`workflow config contains unknown keys`), and the model has no place to
/// keep them.
const WORKFLOW_KEYS: [&str; 3] = ["name", "auto_cancel", "rules"];

impl FromNode for Workflow {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let mut m = cx.map(node, "a mapping with `name`, `auto_cancel` or `rules`")?;
        let before = cx.diagnostics.len();
        let workflow = Workflow {
            name: m.with(cx, "name", |n, cx| cx.string_max(n, 1, 255)),
            auto_cancel: m.with(cx, "auto_cancel", auto_cancel),
            rules: m.with(cx, "rules", super::rules::workflow_rules),
        };
        m.finish_strict(cx, &WORKFLOW_KEYS, "`workflow`");
        (cx.diagnostics.len() == before).then_some(workflow)
    }
}

/// `auto_cancel:` of `workflow:` and of a `workflow:rules` rule.
pub(super) fn auto_cancel(node: &Node, cx: &mut Cx) -> Option<AutoCancel> {
    let mut m = cx.map(node, "a mapping with `on_new_commit` or `on_job_failure`")?;
    let before = cx.diagnostics.len();
    let auto_cancel = AutoCancel {
        on_new_commit: m.with(cx, "on_new_commit", |n, cx| {
            cx.enum_string(n, &["conservative", "interruptible", "none"])
        }),
        on_job_failure: m.with(cx, "on_job_failure", |n, cx| {
            cx.enum_string(n, &["none", "all"])
        }),
    };
    m.finish_strict(cx, &["on_new_commit", "on_job_failure"], "`auto_cancel`");
    (cx.diagnostics.len() == before).then_some(auto_cancel)
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::{AutoCancel, OrReference, Reference, Workflow};

    fn workflow(yaml: &str) -> Workflow {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .workflow
            .expect("workflow")
    }

    use super::super::script::test_support::errors;

    #[test]
    fn name_and_auto_cancel() {
        let wf = workflow(
            "workflow:\n  name: 'Pipeline for $CI_COMMIT_REF_NAME'\n  auto_cancel:\n    on_new_commit: interruptible\n    on_job_failure: all\n",
        );
        let expected = Workflow {
            name: Some("Pipeline for $CI_COMMIT_REF_NAME".into()),
            auto_cancel: Some(AutoCancel {
                on_new_commit: Some("interruptible".into()),
                on_job_failure: Some("all".into()),
            }),
            rules: None,
        };
        assert_eq!(wf, expected);
    }

    #[test]
    fn rules_may_be_a_reference() {
        let wf = workflow("workflow:\n  rules: !reference [.wf, rules]\n");
        assert_eq!(
            wf.rules,
            Some(OrReference::Reference(Reference::new([".wf", "rules"])))
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("workflow:\n  name: ''\n"),
            ["workflow.name: expected a string of 1 to 255 characters, found 0 characters"]
        );
        let long = "n".repeat(256);
        assert_eq!(errors(&format!("workflow:\n  name: {long}\n")).len(), 1);
        assert_eq!(
            errors("workflow:\n  auto_cancel:\n    on_new_commit: unexpected_value\n"),
            [
                "workflow.auto_cancel.on_new_commit: `unexpected_value` is not one of `conservative`, `interruptible` or `none`"
            ]
        );
        assert_eq!(
            errors("workflow:\n  auto_cancel:\n    on_job_failure: some\n"),
            ["workflow.auto_cancel.on_job_failure: `some` is not one of `none` or `all`"]
        );
        assert_eq!(
            errors("workflow:\n  auto_cancel:\n    on_failure: all\n"),
            ["workflow.auto_cancel.on_failure: `on_failure` is not a keyword of `auto_cancel`"]
        );
        assert_eq!(
            errors("workflow:\n  nmae: x\n"),
            ["workflow.nmae: `nmae` is not a keyword of `workflow`"]
        );
        assert_eq!(
            errors("workflow: []\n"),
            ["workflow: expected a mapping with `name`, `auto_cancel` or `rules`, found a list"]
        );
        assert_eq!(
            errors("workflow:\n  name: 12\n"),
            ["workflow.name: expected a string, found the integer `12`"]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(&["workflow"], &["workflow"]);
        assert!(n == 0 || n == 11, "{n} units");
    }
}
