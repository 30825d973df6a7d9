//! Import of `trigger:`.
//!
//! GitLab's schema: a project path string; `{project, branch, strategy, inputs, forward}`
//! (a multi-project pipeline); or `{include, strategy, forward}` (a child pipeline), where
//! `include` is a `.yml` path or a list of at most 3 include items.

use crate::model::{Trigger, TriggerChild, TriggerForward, TriggerInclude, TriggerProject};

use super::cx::{Cx, FromNode};
use super::include::{Place, include_item, project_path, yaml_path};
use super::node::{Node, NodeKind, Scalar};

const PROJECT_KEYS: [&str; 5] = ["project", "branch", "strategy", "inputs", "forward"];
const CHILD_KEYS: [&str; 3] = ["include", "strategy", "forward"];

impl FromNode for Trigger {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Str(_)) => project_path(node, cx).map(Trigger::Project),
            NodeKind::Map(_) => {
                if node.get("project").is_some() {
                    project(node, cx).map(|c| Trigger::ProjectConfig(Box::new(c)))
                } else {
                    child(node, cx).map(|c| Trigger::Child(Box::new(c)))
                }
            }
            _ => cx.expected(
                node,
                "a project path or a mapping with `project` or `include`",
            ),
        }
    }
}

/// `{project, branch, strategy, inputs, forward}`.
fn project(node: &Node, cx: &mut Cx) -> Option<TriggerProject> {
    let mut m = cx.map(node, "a mapping")?;
    let before = cx.diagnostics.len();
    let project = m.required(cx, "project", "`trigger`", project_path);
    let mut config = TriggerProject {
        project: String::new(),
        branch: m.get(cx, "branch"),
        strategy: m.with(cx, "strategy", strategy),
        inputs: m.with(cx, "inputs", super::include::inputs),
        forward: m.with(cx, "forward", forward),
    };
    if m.node("include").is_some() {
        cx.error(
            node.span,
            "`trigger` takes `project` (a multi-project pipeline) or `include` (a child pipeline), not both",
        );
    }
    m.finish_strict(cx, &PROJECT_KEYS, "a multi-project `trigger`");
    config.project = project?;
    (cx.diagnostics.len() == before).then_some(config)
}

/// `{include, strategy, forward}`; every key is optional.
fn child(node: &Node, cx: &mut Cx) -> Option<TriggerChild> {
    let mut m = cx.map(node, "a mapping")?;
    let before = cx.diagnostics.len();
    let config = TriggerChild {
        include: m.with(cx, "include", include),
        strategy: m.with(cx, "strategy", strategy),
        forward: m.with(cx, "forward", forward),
    };
    for key in ["branch", "inputs"] {
        if let Some(value) = m.node(key) {
            cx.at(key, |cx| {
                cx.error_help(
                    value.span,
                    format!("`{key}` needs `trigger:project`"),
                    "a child pipeline (`trigger:include`) takes `inputs` in its include items",
                );
            });
        }
    }
    m.finish_strict(cx, &CHILD_KEYS, "a child-pipeline `trigger`");
    (cx.diagnostics.len() == before).then_some(config)
}

/// `trigger:include` - a `.yml` path or a list of at most 3 include items.
fn include(node: &Node, cx: &mut Cx) -> Option<TriggerInclude> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_)) => yaml_path(node, cx).map(TriggerInclude::File),
        NodeKind::Seq(_) => cx
            .list_len(node, "include items", 0, 3, |n, cx| {
                include_item(n, cx, Place::Trigger)
            })
            .map(TriggerInclude::Items),
        _ => cx.expected(
            node,
            "a path ending in `.yml` or `.yaml` or a list of include items",
        ),
    }
}

fn strategy(node: &Node, cx: &mut Cx) -> Option<String> {
    cx.enum_string(node, &["depend", "mirror"])
}

fn forward(node: &Node, cx: &mut Cx) -> Option<TriggerForward> {
    let mut m = cx.map(
        node,
        "a mapping with `yaml_variables` or `pipeline_variables`",
    )?;
    let before = cx.diagnostics.len();
    let forward = TriggerForward {
        yaml_variables: m.get(cx, "yaml_variables"),
        pipeline_variables: m.get(cx, "pipeline_variables"),
    };
    m.finish_strict(
        cx,
        &["yaml_variables", "pipeline_variables"],
        "`trigger:forward`",
    );
    (cx.diagnostics.len() == before).then_some(forward)
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use crate::import::from_str;
    use crate::model::{
        Include, IncludeArtifact, IncludeProject, OneOrMany, Trigger, TriggerChild, TriggerForward,
        TriggerInclude, TriggerProject, Value,
    };

    fn trigger(yaml: &str) -> Option<Trigger> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .trigger
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn every_form_is_kept() {
        assert_eq!(
            trigger("job:\n  trigger: group/project\n"),
            Some(Trigger::Project("group/project".into()))
        );
        let mut inputs = IndexMap::new();
        inputs.insert("example".to_owned(), Value::from("a"));
        let forward = TriggerForward {
            yaml_variables: None,
            pipeline_variables: Some(true),
        };
        let project = TriggerProject {
            project: "g/p".into(),
            branch: Some("main".into()),
            strategy: Some("depend".into()),
            inputs: Some(inputs.clone()),
            forward: Some(forward.clone()),
        };
        assert_eq!(
            trigger(
                "job:\n  trigger:\n    project: g/p\n    branch: main\n    strategy: depend\n    inputs: {example: a}\n    forward: {pipeline_variables: true}\n"
            ),
            Some(Trigger::ProjectConfig(Box::new(project)))
        );
        let child = TriggerChild {
            include: Some(TriggerInclude::File("child.yml".into())),
            strategy: Some("mirror".into()),
            forward: None,
        };
        assert_eq!(
            trigger("job:\n  trigger:\n    include: child.yml\n    strategy: mirror\n"),
            Some(Trigger::Child(Box::new(child)))
        );
        let child = TriggerChild {
            include: Some(TriggerInclude::Items(vec![
                Include::Artifact(IncludeArtifact {
                    artifact: "gen.yml".into(),
                    job: "generate".into(),
                    inputs: Some(inputs),
                }),
                Include::Project(IncludeProject {
                    project: "g/p".into(),
                    git_ref: Some("main".into()),
                    file: OneOrMany::One("c.yml".into()),
                    rules: None,
                    inputs: None,
                }),
                Include::local("l.yml"),
            ])),
            strategy: None,
            forward: Some(forward),
        };
        assert_eq!(
            trigger(
                "job:\n  trigger:\n    include:\n      - artifact: gen.yml\n        job: generate\n        inputs: {example: a}\n      - project: g/p\n        ref: main\n        file: c.yml\n      - local: l.yml\n    forward: {pipeline_variables: true}\n"
            ),
            Some(Trigger::Child(Box::new(child)))
        );
        assert_eq!(
            trigger("job:\n  trigger: {}\n"),
            Some(Trigger::Child(Box::default()))
        );
    }

    #[test]
    fn project_paths() {
        for bad in ["''", "slug#", "/slug", "slug", "slug/"] {
            let shown = bad.trim_matches('\'');
            let message = format!(
                "expected a project path such as `group/project` or a `$VARIABLE`, found `{shown}`"
            );
            assert_eq!(
                errors(&format!("job:\n  trigger: {bad}\n")),
                [format!("jobs.\"job\".trigger: {message}")]
            );
            assert_eq!(
                errors(&format!("job:\n  trigger:\n    project: {bad}\n")),
                [format!("jobs.\"job\".trigger.project: {message}")]
            );
            assert_eq!(
                errors(&format!(
                    "job:\n  trigger:\n    include:\n      - project: {bad}\n        file: c.yml\n"
                )),
                [format!(
                    "jobs.\"job\".trigger.include[0].project: {message}"
                )]
            );
        }
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("job:\n  trigger:\n"),
            [
                "jobs.\"job\".trigger: expected a project path or a mapping with `project` or `include`, found null"
            ]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    project: g/p\n    include: c.yml\n"),
            [
                "jobs.\"job\".trigger: `trigger` takes `project` (a multi-project pipeline) or `include` (a child pipeline), not both"
            ]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    branch: main\n"),
            ["jobs.\"job\".trigger.branch: `branch` needs `trigger:project`"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include: c.yml\n    inputs: {a: b}\n"),
            ["jobs.\"job\".trigger.inputs: `inputs` needs `trigger:project`"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    project: g/p\n    strategy: wait\n"),
            ["jobs.\"job\".trigger.strategy: `wait` is not one of `depend` or `mirror`"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include: child.txt\n"),
            [
                "jobs.\"job\".trigger.include: expected a path ending in `.yml` or `.yaml`, found `child.txt`"
            ]
        );
        assert_eq!(
            errors(
                "job:\n  trigger:\n    include: [{local: a.yml}, {local: b.yml}, {local: c.yml}, {local: d.yml}]\n"
            ),
            ["jobs.\"job\".trigger.include: expected at most 3 item(s) of include items, found 4"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include:\n      - project: g/p\n"),
            ["jobs.\"job\".trigger.include[0]: an include with `project` needs the key `file`"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include:\n      - file: c.yml\n"),
            ["jobs.\"job\".trigger.include[0]: an include with `file` needs the key `project`"]
        );
        assert_eq!(
            errors(
                "job:\n  trigger:\n    include:\n      - project: g/p\n        file: [c.yml]\n        ref: ''\n"
            ),
            [
                "jobs.\"job\".trigger.include[0].ref: expected a non-empty string, found an empty one",
                "jobs.\"job\".trigger.include[0].file: expected a file path, found a list"
            ]
        );
        assert_eq!(
            errors(
                "job:\n  trigger:\n    include:\n      - local: a.yml\n        rules: [{when: never}]\n"
            ),
            [
                "jobs.\"job\".trigger.include[0].rules: `rules` is not a keyword of `trigger:include` with `local`"
            ]
        );
        assert_eq!(
            errors(
                "job:\n  trigger:\n    include:\n      - remote: https://x/a.yml\n        cache: true\n"
            ),
            [
                "jobs.\"job\".trigger.include[0].cache: `cache` is not a keyword of `trigger:include` with `remote`"
            ]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include:\n      - artifact: a.yml\n"),
            ["jobs.\"job\".trigger.include[0]: an include with `artifact` needs the key `job`"]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    include: [a.yml]\n"),
            [
                "jobs.\"job\".trigger.include[0]: expected a mapping with one of `local`, `template`, `artifact`, `project`, `component` or `remote`, found the string `a.yml`"
            ]
        );
        assert_eq!(
            errors("job:\n  trigger:\n    project: g/p\n    forward: {yaml_variables: 'yes'}\n"),
            [
                "jobs.\"job\".trigger.forward.yaml_variables: expected `true` or `false`, found the string `yes`"
            ]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(
            &["trigger.yml", "project_path.yml"],
            &["trigger.yml", "include.yml"],
        );
        assert!(n == 0 || n > 30, "{n} units");
    }
}
