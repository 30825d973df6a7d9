//! Round-trip properties over arbitrary valid pipelines (`pipeline_dsl::testing`):
//! importing what we emit gives the same model, emitting is deterministic, every job is
//! a top-level key exactly once, and the emitted YAML is valid under GitLab's schema.
//!
//! All properties run with proptest's default configuration (`PROPTEST_CASES`, 256 by
//! default). A failure shows the emitted YAML.

use std::collections::BTreeSet;

use pipeline_dsl::model::{
    AllowFailure, Cache, CacheKey, Caches, Environment, GLOBAL_KEYWORDS, Image, Mapping, Need,
    OneOrMany, OrReference, Parallel, PathList, Pipeline, Retry, RuleItem, Scalar, Script,
    StringItem, Value, VariableValue, When,
};
use pipeline_dsl::testing::{REFERENCE_HOLDER, arb_need, arb_pipeline};
use pipeline_dsl::{emit, import};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use crate::support::{shared_gitlab_ci, to_json};

/// The emitted YAML, or a test failure that says why there is none.
fn emitted(p: &Pipeline) -> Result<String, TestCaseError> {
    emit::to_string(p)
        .map_err(|e| TestCaseError::fail(format!("the emitter refused a valid pipeline: {e}")))
}

/// The top-level mapping of the emitted YAML, as GitLab's loader reads it.
fn top_level(yaml: &str) -> Result<Mapping, TestCaseError> {
    let docs = import::load_values(yaml).map_err(|e| {
        TestCaseError::fail(format!(
            "our own YAML does not load: {e}\n--- emitted ---\n{yaml}"
        ))
    })?;
    match docs.as_slice() {
        [Value::Map(m)] => Ok(m.clone()),
        _ => Err(TestCaseError::fail(format!(
            "expected one mapping document, found {docs:?}\n--- emitted ---\n{yaml}"
        ))),
    }
}

/// The global keywords the model sets, by their YAML names.
fn globals_set(p: &Pipeline) -> Vec<&'static str> {
    [
        ("$schema", p.schema.is_some()),
        ("workflow", p.workflow.is_some()),
        ("include", p.include.is_some()),
        ("stages", p.stages.is_some()),
        ("variables", p.variables.is_some()),
        ("default", p.default.is_some()),
        ("image", p.image.is_some()),
        ("services", p.services.is_some()),
        ("cache", p.cache.is_some()),
        ("before_script", p.before_script.is_some()),
        ("after_script", p.after_script.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, set)| set.then_some(k))
    .collect()
}

proptest! {
    /// `import(emit(p)) == p`, and re-emitting the import gives the same text (so the key
    /// order survives too, which model equality of ordered maps does not check).
    #[test]
    fn import_of_emit_is_the_same_pipeline(p in arb_pipeline()) {
        let yaml = emitted(&p)?;
        let imported = match import::from_str(&yaml) {
            Ok(imported) => imported.pipeline,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "the importer refused our own YAML:\n{e}\n--- emitted ---\n{yaml}"
                )));
            }
        };
        prop_assert!(
            imported == p,
            "the imported pipeline differs from the emitted one\n--- emitted ---\n{yaml}\n--- imported ---\n{imported:#?}"
        );
        let again = emitted(&imported)?;
        prop_assert!(again == yaml, "re-emitting the import changed the text\n--- first ---\n{yaml}\n--- second ---\n{again}");
    }

    /// The same model always gives the same bytes.
    #[test]
    fn emitting_is_deterministic(p in arb_pipeline()) {
        let first = emitted(&p)?;
        let copy = p.clone();
        prop_assert_eq!(&first, &emitted(&copy)?);
        prop_assert_eq!(&first, &emitted(&p)?);
    }

    /// Every job (visible or hidden) is a top-level key exactly once, in definition order,
    /// after the global keywords the model sets; nothing else is at the top level.
    #[test]
    fn every_job_is_a_top_level_key_exactly_once(p in arb_pipeline()) {
        let yaml = emitted(&p)?;
        let top = top_level(&yaml)?;
        let is_global = |k: &str| GLOBAL_KEYWORDS.contains(&k);
        let mut globals: Vec<&str> = top.keys().map(String::as_str).filter(|k| is_global(k)).collect();
        globals.sort_unstable();
        let mut expected_globals = globals_set(&p);
        expected_globals.sort_unstable();
        prop_assert_eq!(&globals, &expected_globals, "global keys\n--- emitted ---\n{}", yaml);
        let job_keys: Vec<&str> = top.keys().map(String::as_str).filter(|k| !is_global(k)).collect();
        let job_names: Vec<&str> = p.jobs.keys().map(String::as_str).collect();
        prop_assert_eq!(&job_keys, &job_names, "job keys\n--- emitted ---\n{}", yaml);
        prop_assert_eq!(top.len(), globals.len() + p.jobs.len(), "top-level keys\n--- emitted ---\n{}", yaml);
        for (name, _) in p.visible_jobs() {
            prop_assert!(
                matches!(top.get(name), Some(Value::Map(job)) if job.contains_key("script")),
                "visible job {:?} is not a mapping with `script`\n--- emitted ---\n{}", name, yaml
            );
        }
    }
}

/// The emitted YAML, as GitLab's loader reads it, is valid under GitLab's `ci.json`.
#[test]
fn emitted_yaml_is_valid_under_gitlabs_schema() {
    let Some(dir) = shared_gitlab_ci() else {
        return;
    };
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("schema/ci.json")).unwrap())
            .unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(false)
        .build(&schema)
        .unwrap();
    proptest!(|(p in arb_pipeline())| {
        let yaml = emitted(&p)?;
        let json = to_json(&Value::Map(top_level(&yaml)?));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        prop_assert!(
            errors.is_empty(),
            "the emitted YAML is not valid under GitLab's schema:\n{}\n--- emitted ---\n{}",
            errors.join("\n"),
            yaml
        );
    });
}

/// Labels of the model forms `p` uses, for [`the_strategies_produce_every_form`].
fn forms(p: &Pipeline, seen: &mut BTreeSet<&'static str>) {
    let mut see = |cond: bool, label: &'static str| {
        if cond {
            seen.insert(label);
        }
    };
    see(p.stages.is_none(), "stages: default");
    see(p.stages.is_some(), "stages: declared");
    see(
        p.stages
            .iter()
            .flatten()
            .any(|s| matches!(s, StringItem::Nested(_))),
        "stages: nested list",
    );
    see(p.workflow.is_some(), "workflow");
    see(p.default.is_some(), "default");
    see(p.image.is_some(), "top-level image");
    see(p.before_script.is_some(), "top-level before_script");
    see(p.variables.is_some(), "global variables");
    see(
        p.variables.iter().flat_map(|v| v.iter()).any(
            |(_, v)| matches!(v, VariableValue::Config(c) if c.options.is_some() && c.description.is_some()),
        ),
        "global variable with options and description",
    );
    see(
        p.jobs
            .keys()
            .any(|k| k.starts_with('.') && k != REFERENCE_HOLDER),
        "hidden template",
    );
    for (name, job) in p.jobs() {
        if name.starts_with('.') {
            continue;
        }
        see(job.stage.is_none(), "job: implicit stage");
        see(
            matches!(job.stage.as_ref().map(OneOrMany::as_slice), Some([s]) if s == ".pre" || s == ".post"),
            "job: .pre/.post stage",
        );
        see(
            matches!(job.extends, Some(OneOrMany::One(_))),
            "extends: one",
        );
        see(
            matches!(job.extends, Some(OneOrMany::Many(_))),
            "extends: many",
        );
        see(matches!(job.image, Some(Image::Name(_))), "image: name");
        see(matches!(job.image, Some(Image::Config(_))), "image: config");
        see(job.services.is_some(), "services");
        see(
            matches!(job.tags, Some(OrReference::Value(_))),
            "tags: list",
        );
        see(
            matches!(job.tags, Some(OrReference::Reference(_))),
            "tags: !reference",
        );
        for (_, v) in job.variables.iter().flat_map(|v| v.iter()) {
            see(
                matches!(v, VariableValue::Value(Scalar::String(_))),
                "variable: string",
            );
            see(
                matches!(v, VariableValue::Value(Scalar::Int(_))),
                "variable: int",
            );
            see(
                matches!(v, VariableValue::Value(Scalar::Float(_))),
                "variable: float",
            );
            see(
                matches!(v, VariableValue::Value(Scalar::Bool(_))),
                "variable: bool",
            );
            see(matches!(v, VariableValue::Config(_)), "variable: config");
        }
        see(job.inherit.is_some(), "inherit");
        match &job.needs {
            Some(OrReference::Value(needs)) => {
                see(needs.is_empty(), "needs: []");
                for n in needs {
                    see(matches!(n, Need::Job(_)), "need: name");
                    see(
                        matches!(n, Need::Config(c) if c.pipeline.is_none() && c.project.is_none()),
                        "need: config",
                    );
                    see(
                        matches!(n, Need::Config(c) if c.pipeline.is_some()),
                        "need: pipeline",
                    );
                    see(
                        matches!(n, Need::Config(c) if c.project.is_some()),
                        "need: project",
                    );
                    see(matches!(n, Need::Reference(_)), "need: !reference");
                }
            }
            Some(OrReference::Reference(_)) => see(true, "needs: !reference"),
            None => {}
        }
        see(
            job.dependencies.as_ref().is_some_and(|d| !d.is_empty()),
            "dependencies",
        );
        match &job.rules {
            Some(OrReference::Value(items)) => {
                for item in items {
                    match item {
                        RuleItem::Rule(r) => {
                            see(r.condition.is_some(), "rule: if");
                            see(r.changes.is_some(), "rule: changes");
                            see(r.exists.is_some(), "rule: exists");
                            see(r.variables.is_some(), "rule: variables");
                            see(r.start_in.is_some(), "rule: delayed with start_in");
                            see(r.when == Some(When::Never), "rule: when never");
                            see(
                                r.needs.as_ref().is_some_and(|n| !n.is_empty()),
                                "rule: needs",
                            );
                            see(r.allow_failure.is_some(), "rule: allow_failure");
                        }
                        RuleItem::Other(_) => see(true, "rule: !reference item"),
                    }
                }
            }
            Some(OrReference::Reference(_)) => see(true, "rules: !reference"),
            None => {}
        }
        see(job.only.is_some() || job.except.is_some(), "only/except");
        see(job.start_in.is_some(), "when: delayed with start_in");
        see(job.when == Some(When::Manual), "when: manual");
        see(
            matches!(job.allow_failure, Some(AllowFailure::Bool(_))),
            "allow_failure: bool",
        );
        see(
            matches!(job.allow_failure, Some(AllowFailure::ExitCodes { .. })),
            "allow_failure: exit_codes",
        );
        match &job.script {
            Some(Script::Line(_)) => see(true, "script: line"),
            Some(Script::Reference(_)) => see(true, "script: !reference"),
            Some(Script::Lines(items)) => {
                see(true, "script: lines");
                see(
                    items.iter().any(|i| matches!(i, StringItem::Nested(_))),
                    "script: nested list",
                );
                see(
                    items.iter().any(|i| matches!(i, StringItem::Reference(_))),
                    "script: !reference item",
                );
            }
            None => see(true, "BUG: visible job without script"),
        }
        see(job.before_script.is_some(), "before_script");
        see(job.after_script.is_some(), "after_script");
        see(job.hooks.is_some(), "hooks");
        see(matches!(job.artifacts, Some(None)), "artifacts: null");
        see(
            matches!(&job.artifacts, Some(Some(a)) if a.reports.is_some()),
            "artifacts: reports",
        );
        see(
            matches!(&job.artifacts, Some(Some(a)) if a.expose_as.is_some()),
            "artifacts: expose_as",
        );
        see(matches!(job.cache, Some(Caches::One(_))), "cache: one");
        see(matches!(job.cache, Some(Caches::Many(_))), "cache: many");
        let caches: &[Cache] = match &job.cache {
            Some(Caches::One(c)) => std::slice::from_ref(c),
            Some(Caches::Many(cs)) => cs,
            None => &[],
        };
        for c in caches {
            see(matches!(c.key, Some(CacheKey::Name(_))), "cache key: name");
            see(
                matches!(c.key, Some(CacheKey::Files(_))),
                "cache key: files",
            );
            see(
                matches!(c.paths, Some(PathList::Reference(_))),
                "cache paths: !reference",
            );
        }
        see(job.coverage.is_some(), "coverage");
        see(
            matches!(job.environment, Some(Environment::Name(_))),
            "environment: name",
        );
        see(
            matches!(job.environment, Some(Environment::Config(_))),
            "environment: config",
        );
        see(
            matches!(job.parallel, Some(Parallel::Count(_))),
            "parallel: count",
        );
        see(
            matches!(job.parallel, Some(Parallel::Matrix(_))),
            "parallel: matrix",
        );
        see(matches!(job.retry, Some(Retry::Max(_))), "retry: max");
        see(matches!(job.retry, Some(Retry::Config(_))), "retry: config");
        see(job.timeout.is_some(), "timeout");
        see(job.interruptible.is_some(), "interruptible");
        see(job.resource_group.is_some(), "resource_group");
    }
}

/// The strategies really produce every form they promise (a strategy that silently
/// stopped producing one would leave it untested). Deterministic: same seed every run.
#[test]
fn the_strategies_produce_every_form() {
    let mut runner = TestRunner::deterministic();
    let strategy = arb_pipeline();
    let mut seen = BTreeSet::new();
    for _ in 0..256 {
        let p = strategy.new_tree(&mut runner).unwrap().current();
        assert!(
            p.visible_jobs().count() >= 1,
            "a pipeline without a visible job"
        );
        forms(&p, &mut seen);
    }
    let need = arb_need();
    for _ in 0..256 {
        if let Need::Config(c) = need.new_tree(&mut runner).unwrap().current()
            && c.parallel.is_some()
        {
            seen.insert("need: parallel matrix");
        }
    }
    let expected = [
        "stages: default",
        "stages: declared",
        "stages: nested list",
        "workflow",
        "default",
        "top-level image",
        "top-level before_script",
        "global variables",
        "global variable with options and description",
        "hidden template",
        "job: implicit stage",
        "job: .pre/.post stage",
        "extends: one",
        "extends: many",
        "image: name",
        "image: config",
        "services",
        "tags: list",
        "tags: !reference",
        "variable: string",
        "variable: int",
        "variable: float",
        "variable: bool",
        "variable: config",
        "inherit",
        "needs: []",
        "need: name",
        "need: config",
        "need: pipeline",
        "need: project",
        "need: !reference",
        "needs: !reference",
        "need: parallel matrix",
        "dependencies",
        "rule: if",
        "rule: changes",
        "rule: exists",
        "rule: variables",
        "rule: delayed with start_in",
        "rule: when never",
        "rule: needs",
        "rule: allow_failure",
        "rule: !reference item",
        "rules: !reference",
        "only/except",
        "when: delayed with start_in",
        "when: manual",
        "allow_failure: bool",
        "allow_failure: exit_codes",
        "script: line",
        "script: !reference",
        "script: lines",
        "script: nested list",
        "script: !reference item",
        "before_script",
        "after_script",
        "hooks",
        "artifacts: null",
        "artifacts: reports",
        "artifacts: expose_as",
        "cache: one",
        "cache: many",
        "cache key: name",
        "cache key: files",
        "cache paths: !reference",
        "coverage",
        "environment: name",
        "environment: config",
        "parallel: count",
        "parallel: matrix",
        "retry: max",
        "retry: config",
        "timeout",
        "interruptible",
        "resource_group",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|f| !seen.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "forms never generated in 256 pipelines: {missing:?}"
    );
    assert!(
        !seen.contains("BUG: visible job without script"),
        "a visible job without `script`"
    );
}
