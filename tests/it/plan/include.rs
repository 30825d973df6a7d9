//! `include:` for planning: local files through a callback, the workflow templates built
//! in, `include:rules` for the context, GitLab's merge order.

use pipeline_dsl::plan::{Context, resolve_includes};

use super::support::{pipeline, summary};

fn files(path: &str) -> Option<String> {
    let text = match path {
        "ci/build.yml" => "build:\n  stage: build\n  script: [make]\n  variables: {MODE: debug}\n",
        "ci/nested.yml" => "include: ci/build.yml\nlint:\n  script: [lint]\n",
        "ci/deploy.yml" => "deploy:\n  stage: deploy\n  script: [deploy]\n",
        _ => return None,
    };
    Some(text.to_owned())
}

fn plan(yaml: &str, ctx: &Context) -> String {
    let included = resolve_includes(&pipeline(yaml), ctx, &files).expect("resolves");
    summary(&included.pipeline.plan(ctx))
}

#[test]
fn local_files_are_merged_and_the_including_file_wins() {
    let yaml = r#"
include:
  - local: ci/nested.yml
build:
  rules:
    - if: $MODE == "release"
  variables:
    MODE: release
"#;
    // `build` comes from the included file, deep-merged with the main file's keys.
    assert_eq!(
        plan(yaml, &Context::push_branch("main")),
        "build @build on_success; lint @test on_success"
    );
}

#[test]
fn workflow_templates_are_built_in() {
    let mr = "include:\n  - template: Workflows/MergeRequest-Pipelines.gitlab-ci.yml\njob:\n  script: [x]\n";
    assert_eq!(
        plan(mr, &Context::merge_request("f", "main")),
        "job @test on_success"
    );
    assert_eq!(
        plan(mr, &Context::push_branch("main")),
        "job @test on_success"
    );
    assert_eq!(plan(mr, &Context::push_branch("feature")), "(filtered)");
    assert_eq!(plan(mr, &Context::tag("v1")), "job @test on_success");
    let branch =
        "include:\n  - template: Workflows/Branch-Pipelines.gitlab-ci.yml\njob:\n  script: [x]\n";
    assert_eq!(
        plan(branch, &Context::push_branch("feature")),
        "job @test on_success"
    );
    assert_eq!(
        plan(branch, &Context::merge_request("f", "main")),
        "(filtered)"
    );
}

#[test]
fn include_rules_use_the_context() {
    let yaml = r#"
include:
  - local: ci/deploy.yml
    rules:
      - if: $CI_COMMIT_TAG
  - local: ci/build.yml
    rules:
      - if: $CI_COMMIT_TAG
        when: never
      - when: always
"#;
    assert_eq!(
        plan(yaml, &Context::push_branch("main")),
        "build @build on_success"
    );
    assert_eq!(plan(yaml, &Context::tag("v1")), "deploy @deploy on_success");
}

#[test]
fn what_cannot_be_read_is_reported() {
    let yaml = r#"
include:
  - remote: https://example.com/ci.yml
  - template: Auto-DevOps.gitlab-ci.yml
  - project: group/other
    file: ci.yml
  - local: missing.yml
  - ci/build.yml
job:
  script: [x]
"#;
    let included =
        resolve_includes(&pipeline(yaml), &Context::push_branch("main"), &files).expect("resolves");
    assert_eq!(
        included.unresolved,
        [
            "remote `https://example.com/ci.yml`",
            "template `Auto-DevOps.gitlab-ci.yml`",
            "project `group/other`",
            "local `missing.yml` (not found)",
        ]
    );
    assert_eq!(
        summary(&included.pipeline.plan(&Context::push_branch("main"))),
        "build @build on_success; job @test on_success"
    );
}
