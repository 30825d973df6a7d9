//! When GitLab refuses to create the pipeline: configuration errors (for every context) and
//! errors of one context's pipeline (a needed job that is not in it).

use pipeline_dsl::model::{Job, Pipeline, Rule, RuleItem, Script};
use pipeline_dsl::plan::{Context, PlanError, Planner, Status};

use super::support::{check, pipeline, plan, summary};

fn push(branch: &str) -> Context {
    Context::push_branch(branch)
}

#[test]
fn a_needed_job_that_is_not_in_the_pipeline() {
    let yaml = r#"
build:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_TAG
test:
  script: x
  needs: [build]
"#;
    check(
        yaml,
        &[
            (
                push("main"),
                "(failed) 'test' job needs 'build' job, but 'build' does not exist in the pipeline. \
                 This might be because of the only, except, or rules keywords. To need a job that \
                 sometimes does not exist in the pipeline, use needs:optional.",
            ),
            (
                Context::tag("v1"),
                "build @build on_success; test @test on_success needs=[build]",
            ),
        ],
    );
    let p = plan(yaml, &push("main"));
    assert!(!p.created);
    assert!(p.jobs.is_empty());
    assert_eq!(
        p.errors,
        [PlanError::NeedNotInPipeline {
            job: "test".into(),
            need: "build".into()
        }]
    );
}

#[test]
fn a_job_that_is_not_kept_needs_nothing() {
    check(
        r#"
build:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_TAG
deploy:
  stage: deploy
  script: x
  needs: [build]
  rules:
    - if: $CI_COMMIT_TAG
other:
  script: x
"#,
        &[(push("main"), "other @test on_success")],
    );
}

#[test]
fn rules_needs_are_checked_too() {
    check(
        r#"
build:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_TAG
test:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
      needs: [build]
"#,
        &[(
            push("main"),
            "(failed) 'test' job needs 'build' job, but 'build' does not exist in the pipeline. \
             This might be because of the only, except, or rules keywords. To need a job that \
             sometimes does not exist in the pipeline, use needs:optional.",
        )],
    );
}

#[test]
fn needs_on_a_missing_parallel_instance() {
    check(
        r#"
build:
  stage: build
  script: x
  parallel:
    matrix:
      - OS: [linux, mac]
  rules:
    - if: $OS == "linux"
test:
  script: x
  needs: [build]
"#,
        &[(
            push("main"),
            "(failed) 'test' job needs 'build: [mac]' job, but 'build: [mac]' does not exist in the \
             pipeline. This might be because of the only, except, or rules keywords. To need a job \
             that sometimes does not exist in the pipeline, use needs:optional.",
        )],
    );
}

#[test]
fn config_errors_stop_every_context() {
    let cases = [
        (
            "test:\n  script: x\n  needs: [nope]\n",
            "test job: undefined need: nope",
        ),
        (
            "build:\n  stage: build\n  script: x\n  needs: [deploy]\ndeploy:\n  stage: deploy\n  script: x\n",
            "build job: need deploy is not defined in current or prior stages",
        ),
        (
            "lint:\n  stage: tests\n  script: x\n",
            "lint job: chosen stage tests does not exist; available stages are .pre, build, test, deploy, .post",
        ),
        (
            "a:\n  script: x\n  needs: [b, b]\nb:\n  script: x\n",
            "a has the following needs duplicated: b.",
        ),
        (
            "a:\n  script: x\n  needs: [a]\n",
            "The pipeline has circular dependencies: self-dependency: a",
        ),
        (
            "a:\n  script: x\n  needs: [b]\nb:\n  script: x\n  needs: [a]\n",
            "The pipeline has circular dependencies: topological sort failed: [\"a\", \"b\"]",
        ),
        (
            "a:\n  script: x\n  dependencies: [nope]\n",
            "a job: undefined dependency: nope",
        ),
        (
            "a:\n  stage: build\n  script: x\n  dependencies: [b]\nb:\n  script: x\n",
            "a job: dependency b is not defined in current or prior stages",
        ),
        (
            "a:\n  script: x\n  when: never\n",
            "jobs:a when should be one of: on_success, on_failure, always, manual, delayed",
        ),
        (
            "job:\n  extends: .nope\n  script: x\n",
            "job: unknown keys in `extends` (.nope)",
        ),
        (
            ".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: x\n",
            ".a: circular dependency detected in `extends`",
        ),
        (
            "job:\n  extends: job\n  script: x\n",
            "job: circular dependency detected in `extends`",
        ),
        (
            "job:\n  script: x\n  rules:\n    - !reference [.nope, rules]\n",
            "!reference [\".nope\", \"rules\"] could not be found",
        ),
        (
            ".base:\n  only: [main]\njob:\n  extends: .base\n  script: x\n  rules:\n    - when: always\n",
            "jobs:job config key may not be used with `rules`: only",
        ),
    ];
    for (yaml, message) in cases {
        let p = pipeline(yaml);
        let planner = Planner::new(&p);
        let errors: Vec<String> = planner
            .config_errors()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors, [message], "{yaml}");
        for ctx in [
            push("main"),
            Context::tag("v1"),
            Context::merge_request("a", "main"),
        ] {
            let plan = planner.plan(&ctx);
            assert_eq!(plan.status, Status::Failed, "{yaml}");
            assert!(!plan.created && plan.jobs.is_empty());
        }
    }
}

#[test]
fn extends_too_deep() {
    let mut yaml = String::from(".l0:\n  script: x\n");
    for i in 1..=12 {
        yaml.push_str(&format!(".l{i}:\n  extends: .l{}\n", i - 1));
    }
    yaml.push_str("job:\n  extends: .l12\n");
    let planner = Planner::new(&pipeline(&yaml));
    assert!(
        planner
            .config_errors()
            .iter()
            .any(|e| e.to_string().contains("nesting too deep in `extends`")),
        "{:?}",
        planner.config_errors()
    );
    // Eleven levels are fine.
    let mut yaml = String::from(".l0:\n  script: x\n");
    for i in 1..=10 {
        yaml.push_str(&format!(".l{i}:\n  extends: .l{}\n", i - 1));
    }
    yaml.push_str("job:\n  extends: .l10\n");
    assert_eq!(summary(&plan(&yaml, &push("main"))), "job @test on_success");
}

#[test]
fn too_many_needs() {
    let mut yaml = String::new();
    for i in 0..51 {
        yaml.push_str(&format!("b{i}:\n  stage: build\n  script: x\n"));
    }
    let needs: Vec<String> = (0..51).map(|i| format!("b{i}")).collect();
    yaml.push_str(&format!(
        "t:\n  script: x\n  needs: [{}]\n",
        needs.join(", ")
    ));
    let p = plan(&yaml, &push("main"));
    assert_eq!(
        p.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "t: one job can only need 50 others, but you have listed 51. See needs keyword documentation for more details"
        ]
    );
}

#[test]
fn matrix_too_large() {
    let values: Vec<String> = (0..15).map(|i| format!("v{i}")).collect();
    let yaml = format!(
        "t:\n  script: x\n  parallel:\n    matrix:\n      - A: [{v}]\n        B: [{v}]\n",
        v = values.join(", ")
    );
    let planner = Planner::new(&pipeline(&yaml));
    assert_eq!(
        planner
            .config_errors()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["jobs:t:parallel:matrix config generates too many jobs (maximum is 200)"]
    );
}

#[test]
fn invalid_expressions_from_the_builder() {
    let mut p = Pipeline::new();
    let mut job = Job::new();
    job.script = Some(Script::from(["x"]));
    job.rules = Some(vec![RuleItem::from(Rule::condition("$A = 'x'"))].into());
    p.insert_job("job", job);
    let planner = Planner::new(&p);
    let errors = planner.config_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .starts_with("jobs:job:rules:rule if invalid expression syntax (`$A = 'x'`"),
        "{}",
        errors[0]
    );
    // An invalid regex is a syntax error too.
    let mut p = Pipeline::new();
    let mut job = Job::new();
    job.script = Some(Script::from(["x"]));
    job.rules = Some(vec![RuleItem::from(Rule::condition("$A =~ /(?=x)y/"))].into());
    p.insert_job("job", job);
    assert_eq!(Planner::new(&p).config_errors().len(), 1);
}

#[test]
fn no_visible_job() {
    let mut p = Pipeline::new();
    let mut job = Job::new();
    job.script = Some(Script::from(["x"]));
    p.insert_job(".hidden", job);
    assert_eq!(Planner::new(&p).config_errors(), [PlanError::NoVisibleJob]);
}

#[test]
fn workflow_filtering_comes_before_job_errors() {
    check(
        r#"
workflow:
  rules:
    - if: $CI_COMMIT_TAG
build:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
test:
  script: x
  needs: [build]
"#,
        &[(push("main"), "(filtered)")],
    );
}
