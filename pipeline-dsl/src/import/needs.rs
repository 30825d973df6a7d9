//! Import of `needs:`.
//!
//! GitLab's schema: a list whose items are a job name, `{job, artifacts, optional,
//! parallel}`, `{pipeline, job, artifacts, optional, parallel}`, `{job, project, ref,
//! artifacts, parallel}` or a `!reference`; the whole list may be a `!reference` too.

use crate::model::{Matrix, Need, NeedConfig, OrReference};

use super::cx::Cx;
use super::node::{Node, NodeKind, Scalar};

const NEED_KEYS: [&str; 7] = [
    "job",
    "pipeline",
    "project",
    "ref",
    "artifacts",
    "optional",
    "parallel",
];

/// A job's `needs:`.
pub(crate) fn needs(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<Need>>> {
    match &node.kind {
        NodeKind::Reference(_) => cx.reference(node).map(OrReference::Reference),
        _ => cx.list(node, "needs", need).map(OrReference::Value),
    }
}

fn need(node: &Node, cx: &mut Cx) -> Option<Need> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => Some(Need::Job(s.clone())),
        NodeKind::Reference(_) => cx.reference(node).map(Need::Reference),
        NodeKind::Map(_) => config(node, cx).map(|c| Need::Config(Box::new(c))),
        NodeKind::Seq(_) => {
            // The schema reads a nested list of strings as the `!reference` form; the model
            // keeps only the tagged form, which GitLab resolves.
            cx.error_help(
                node.span,
                "a nested list cannot be imported in `needs`: pipeline-dsl keeps only `!reference [...]` there",
                "list the job names as items of `needs`, or write `!reference [job, needs]`",
            );
            None
        }
        _ => cx.expected(node, "a job name, a mapping with `job` or a `!reference`"),
    }
}

fn config(node: &Node, cx: &mut Cx) -> Option<NeedConfig> {
    let mut m = cx.map(node, "a mapping")?;
    let before = cx.diagnostics.len();
    let job = m.required(cx, "job", "a need", |n, cx| cx.string(n));
    let mut config = NeedConfig {
        job: String::new(),
        pipeline: m.get(cx, "pipeline"),
        project: m.get(cx, "project"),
        git_ref: m.get(cx, "ref"),
        artifacts: m.get(cx, "artifacts"),
        optional: m.get(cx, "optional"),
        parallel: m.get::<Matrix>(cx, "parallel"),
    };
    // The three mapping forms of the schema.
    let span = node.span;
    let (pipeline, project, git_ref) = (m.has("pipeline"), m.has("project"), m.has("ref"));
    if pipeline && (project || git_ref) {
        cx.error(
            span,
            "a need takes `pipeline` (another pipeline) or `project` and `ref` (another project), not both",
        );
    } else if project && !git_ref {
        cx.error(span, "a need with `project` needs the key `ref`");
    } else if git_ref && !project {
        cx.error(span, "a need with `ref` needs the key `project`");
    }
    if project && m.has("optional") {
        cx.error(span, "a need with `project` cannot be `optional`");
    }
    m.finish_strict(cx, &NEED_KEYS, "a need");
    config.job = job?;
    (cx.diagnostics.len() == before).then_some(config)
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use crate::import::from_str;
    use crate::model::{Matrix, MatrixValue, Need, NeedConfig, OrReference, Reference, Value};

    fn needs(yaml: &str) -> Option<OrReference<Vec<Need>>> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .needs
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn every_form_is_kept() {
        let got = needs(
            "job:\n  needs:\n    - build\n    - job: lint\n      artifacts: false\n      optional: true\n    - pipeline: $PARENT_PIPELINE_ID\n      job: gen\n    - job: other\n      project: g/p\n      ref: main\n      artifacts: true\n    - !reference [.t, needs]\n    - job: m\n      parallel:\n        matrix:\n          - VAR: [a, b]\n",
        );
        let mut lint = NeedConfig::new("lint");
        lint.artifacts = Some(false);
        lint.optional = Some(true);
        let mut gen_ = NeedConfig::new("gen");
        gen_.pipeline = Some("$PARENT_PIPELINE_ID".into());
        let mut other = NeedConfig::new("other");
        other.project = Some("g/p".into());
        other.git_ref = Some("main".into());
        other.artifacts = Some(true);
        let mut entry = IndexMap::new();
        entry.insert(
            "VAR".to_owned(),
            MatrixValue::Many(vec![Value::from("a"), Value::from("b")]),
        );
        let mut m = NeedConfig::new("m");
        m.parallel = Some(Matrix {
            matrix: vec![entry],
        });
        assert_eq!(
            got,
            Some(OrReference::Value(vec![
                Need::Job("build".into()),
                Need::Config(Box::new(lint)),
                Need::Config(Box::new(gen_)),
                Need::Config(Box::new(other)),
                Need::Reference(Reference::new([".t", "needs"])),
                Need::Config(Box::new(m)),
            ]))
        );
        assert_eq!(
            needs("job:\n  needs: []\n"),
            Some(OrReference::Value(vec![]))
        );
        assert_eq!(
            needs("job:\n  needs: !reference [.t, needs]\n"),
            Some(OrReference::Reference(Reference::new([".t", "needs"])))
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("job:\n  needs: build\n"),
            ["jobs.\"job\".needs: expected a list of needs, found the string `build`"]
        );
        assert_eq!(
            errors("job:\n  needs:\n"),
            ["jobs.\"job\".needs: expected a list of needs, found null"]
        );
        assert_eq!(
            errors("job:\n  needs: [1]\n"),
            [
                "jobs.\"job\".needs[0]: expected a job name, a mapping with `job` or a `!reference`, found the integer `1`"
            ]
        );
        assert_eq!(
            errors("job:\n  needs: [{artifacts: true}]\n"),
            ["jobs.\"job\".needs[0]: a need needs the key `job`"]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, project: g/p}]\n"),
            ["jobs.\"job\".needs[0]: a need with `project` needs the key `ref`"]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, ref: main}]\n"),
            ["jobs.\"job\".needs[0]: a need with `ref` needs the key `project`"]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, project: g/p, ref: main, optional: true}]\n"),
            ["jobs.\"job\".needs[0]: a need with `project` cannot be `optional`"]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, pipeline: '1', project: g/p, ref: main}]\n"),
            [
                "jobs.\"job\".needs[0]: a need takes `pipeline` (another pipeline) or `project` and `ref` (another project), not both"
            ]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, parallel: 10}]\n"),
            [
                "jobs.\"job\".needs[0].parallel: expected a mapping with `matrix`, found the integer `10`"
            ]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, parallel: {not_matrix: []}}]\n"),
            [
                "jobs.\"job\".needs[0].parallel: `parallel` needs the key `matrix`",
                "jobs.\"job\".needs[0].parallel.not_matrix: `not_matrix` is not a keyword of `parallel`"
            ]
        );
        assert_eq!(
            errors("job:\n  needs: [{job: a, artifact: false}]\n"),
            ["jobs.\"job\".needs[0].artifact: `artifact` is not a keyword of a need"]
        );
        assert_eq!(
            errors("job:\n  needs: [[a, b]]\n"),
            [
                "jobs.\"job\".needs[0]: a nested list cannot be imported in `needs`: pipeline-dsl keeps only `!reference [...]` there"
            ]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(
            &["needs_parallel_matrix.yml", "needs_pipeline_optional.yml"],
            &["needs"],
        );
        assert!(n == 0 || n == 13, "{n} units");
    }
}
