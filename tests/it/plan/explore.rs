//! Every context at once (`plan::explore`): the contexts found from what the pipeline
//! mentions, and the lints over their plans.

use pipeline_dsl::plan::explore;

use super::support::pipeline;

fn codes(yaml: &str) -> Vec<&'static str> {
    explore(&pipeline(yaml))
        .lints
        .iter()
        .map(|d| d.code)
        .collect()
}

fn seed(name: &str) -> String {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn seed_pipeline_has_only_the_informational_summary() {
    let exploration = explore(&pipeline(&seed("dind_build_push.gitlab-ci.yml")));
    let lints: Vec<_> = exploration.lints.iter().collect();
    assert_eq!(lints.len(), 1, "{:#?}", lints);
    assert_eq!(lints[0].code, "empty-pipeline-context");
    assert!(!lints[0].is_error());
    assert!(
        lints[0].message.contains("merge request"),
        "{}",
        lints[0].message
    );
    // Both a tag (Push_When_tag runs) and a branch (it does not) were explored.
    assert!(
        exploration
            .contexts
            .iter()
            .any(|c| c.plan.runs("Push_When_tag"))
    );
    assert!(
        exploration
            .contexts
            .iter()
            .any(|c| c.plan.runs("Build") && !c.plan.runs("Push_When_tag"))
    );
}

#[test]
fn need_may_be_absent() {
    let yaml = r#"
build:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
test:
  script: x
  needs: [build]
"#;
    let exploration = explore(&pipeline(yaml));
    let lint = exploration
        .lints
        .iter()
        .find(|d| d.code == "need-may-be-absent")
        .expect("need-may-be-absent");
    assert_eq!(lint.path.to_string(), r#"jobs."test".needs"#);
    assert!(
        lint.message.contains("`test` needs `build`"),
        "{}",
        lint.message
    );
    // Optional needs are what the lint recommends: then it is quiet.
    let yaml = yaml.replace("needs: [build]", "needs: [{job: build, optional: true}]");
    assert!(!codes(&yaml).contains(&"need-may-be-absent"));
}

#[test]
fn need_may_be_absent_is_reported_once_per_job_and_need() {
    let yaml = r#"
build:
  stage: build
  script: x
  parallel: 3
  rules:
    - if: $CI_COMMIT_TAG
test:
  script: x
  parallel: 4
  needs: [build]
"#;
    let found = codes(yaml)
        .into_iter()
        .filter(|c| *c == "need-may-be-absent")
        .count();
    assert_eq!(found, 1);
}

#[test]
fn job_never_runs() {
    let lints = explore(&pipeline(
        r#"
contradiction:
  script: x
  rules:
    - if: $CI_COMMIT_TAG && $CI_COMMIT_BRANCH
always-never:
  script: x
  rules:
    - when: never
fine:
  script: x
"#,
    ))
    .lints;
    let never: Vec<String> = lints
        .iter()
        .filter(|d| d.code == "job-never-runs")
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(never, [r#"jobs."contradiction""#, r#"jobs."always-never""#]);
}

#[test]
fn jobs_that_run_only_somewhere_are_found() {
    // Each job runs in some context the explorer must think of.
    let yaml = r#"
var-literal:
  script: x
  rules:
    - if: $DEPLOY_TARGET == "production"
var-regex:
  script: x
  rules:
    - if: $VERSION =~ /^v\d+\.\d+/
release-branch:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ /^release\//
named-tag:
  script: x
  rules:
    - if: $CI_COMMIT_TAG == "stable"
mr-to-develop:
  script: x
  rules:
    - if: $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "develop"
only-ref:
  script: x
  only: [hotfix]
docs:
  script: x
  rules:
    - if: $CI_PIPELINE_SOURCE == "push"
      changes: [docs/**/*.md]
docker:
  script: x
  rules:
    - exists: [Dockerfile]
nightly:
  script: x
  only: [schedules]
chatops:
  script: x
  rules:
    - if: $CI_PIPELINE_SOURCE == "chat"
combined:
  script: x
  rules:
    - if: $A == "1" && $B == "2"
merge-train:
  script: x
  rules:
    - if: $CI_MERGE_REQUEST_EVENT_TYPE == "merge_train"
open-mr:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
"#;
    let lints = explore(&pipeline(yaml)).lints;
    let never: Vec<&str> = lints
        .iter()
        .filter(|d| d.code == "job-never-runs")
        .map(|d| d.message.as_str())
        .collect();
    assert!(never.is_empty(), "{never:#?}");
}

#[test]
fn empty_contexts_are_summarised_in_one_lint() {
    let exploration = explore(&pipeline(
        r#"
variables:
  A: "1"
workflow:
  rules:
    - if: $CI_COMMIT_TAG
job:
  script: x
  rules:
    - if: $X == "a" || $Y == "b" || $Z == "c"
"#,
    ));
    let summaries: Vec<_> = exploration
        .lints
        .iter()
        .filter(|d| d.code == "empty-pipeline-context")
        .collect();
    assert_eq!(summaries.len(), 1);
    assert!(
        summaries[0]
            .message
            .contains("filtered out by workflow rules"),
        "{}",
        summaries[0].message
    );
    assert!(exploration.contexts.len() > 20);
    assert!(exploration.contexts.len() <= 4096);
}

#[test]
fn many_variables_stay_within_the_budget() {
    let mut yaml = String::new();
    for i in 0..40 {
        yaml.push_str(&format!(
            "job{i}:\n  script: x\n  rules:\n    - if: $V{i} == \"a\" || $V{i} == \"b\"\n"
        ));
    }
    let exploration = explore(&pipeline(&yaml));
    assert!(exploration.contexts.len() <= 4096);
    assert!(
        !exploration.lints.iter().any(|d| d.code == "job-never-runs"),
        "{}",
        exploration.lints
    );
}

#[test]
fn config_errors_are_reported_as_errors() {
    let exploration = explore(&pipeline("test:\n  script: x\n  needs: [nope]\n"));
    assert!(exploration.contexts.is_empty());
    assert!(exploration.lints.has_errors());
    assert_eq!(
        exploration.lints.iter().next().map(|d| d.code),
        Some("plan-config-error")
    );
}
