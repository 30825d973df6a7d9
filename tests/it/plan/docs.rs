//! GitLab's documented examples, each planned for the contexts the documentation talks
//! about. Expected outcomes are written as `name @stage when[ af][ needs=[...]]; ...` (see
//! `support::summary`).

use pipeline_dsl::plan::{Context, MergeRequestEventType, Source};

use super::support::{check, plan, summary};

fn push(branch: &str) -> Context {
    Context::push_branch(branch)
}

fn mr(source: &str, target: &str) -> Context {
    Context::merge_request(source, target)
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_if_when_allow_failure() {
    check(
        r#"
job:
  script: echo "Hello, Rules!"
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
      allow_failure: true
    - if: $CI_PIPELINE_SOURCE == "schedule"
"#,
        &[
            (mr("feature", "main"), "job @test manual af"),
            (
                push("main").source(Source::Schedule),
                "job @test on_success",
            ),
            (push("main"), "(no jobs)"),
            (Context::tag("v1"), "(no jobs)"),
        ],
    );
}

#[test]
fn rules_without_when_take_the_job_when() {
    check(
        r#"
job:
  script: make
  when: manual
  rules:
    - if: $CI_COMMIT_BRANCH
    - if: $CI_COMMIT_TAG
      when: on_success
"#,
        &[
            (push("main"), "job @test manual af"),
            // The job-level `when: manual` makes the job allowed to fail, whatever the rule.
            (Context::tag("v1"), "job @test on_success af"),
        ],
    );
}

#[test]
fn manual_in_rules_is_blocking_by_default() {
    check(
        "
blocking:
  script: make
  rules:
    - when: manual
non-blocking:
  script: make
  rules:
    - when: manual
      allow_failure: true
job-level:
  script: make
  when: manual
job-level-blocking:
  script: make
  when: manual
  allow_failure: false
",
        &[(
            push("main"),
            "blocking @test manual; non-blocking @test manual af; job-level @test manual af; \
             job-level-blocking @test manual",
        )],
    );
}

#[test]
fn rules_when_values() {
    check(
        r#"
job1:
  script: make
  rules:
    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH
    - if: $CI_COMMIT_REF_NAME =~ /feature/
      when: delayed
      start_in: 3 hours
    - when: manual
cleanup:
  stage: deploy
  script: make clean
  rules:
    - when: always
notify:
  stage: deploy
  script: make notify
  rules:
    - when: on_failure
"#,
        &[
            (
                push("main"),
                "job1 @test on_success; cleanup @deploy always; notify @deploy on_failure",
            ),
            (
                push("my-feature"),
                "job1 @test delayed; cleanup @deploy always; notify @deploy on_failure",
            ),
            (
                push("fix"),
                "job1 @test manual; cleanup @deploy always; notify @deploy on_failure",
            ),
        ],
    );
    let p = plan(
        "job:\n  script: x\n  rules:\n    - when: delayed\n      start_in: 3 hours\n",
        &push("x"),
    );
    assert_eq!(p.jobs[0].start_in.as_deref(), Some("3 hours"));
}

#[test]
fn rules_changes() {
    let yaml = r#"
docker build:
  script: docker build -t my-image:$CI_COMMIT_REF_SLUG .
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes:
        - Dockerfile
      when: manual
      allow_failure: true
docs:
  script: make docs
  rules:
    - changes:
        - docs/**/*
        - "*.md"
"#;
    check(
        yaml,
        &[
            (
                mr("feature", "main").changed(["Dockerfile"]),
                "docker build @test manual af",
            ),
            (mr("feature", "main").changed(["src/main.rs"]), "(no jobs)"),
            (
                mr("feature", "main").changed(["docs/a/b.md"]),
                "docs @test on_success",
            ),
            (push("main").changed(["README.md"]), "docs @test on_success"),
            (
                push("main").changed(["docs/README.md"]),
                "docs @test on_success",
            ),
            (push("main").changed(["src/README.md"]), "(no jobs)"),
            (push("main"), "(no jobs)"),
            // No push event: GitLab does not know what changed, so `changes` is true.
            (Context::tag("v1.0"), "docs @test on_success"),
            (
                push("main").source(Source::Schedule),
                "docs @test on_success",
            ),
            (push("main").source(Source::Web), "docs @test on_success"),
            (push("main").source(Source::Api), "docs @test on_success"),
            (
                push("new-branch").changes_unknown(),
                "docs @test on_success",
            ),
        ],
    );
}

#[test]
fn rules_changes_compare_to_and_variables() {
    check(
        r#"
variables:
  DOCKERFILES_DIR: docker
job:
  script: make
  rules:
    - changes:
        paths:
          - $DOCKERFILES_DIR/**/*
        compare_to: refs/heads/main
"#,
        &[
            (
                push("feature").changed(["docker/app/Dockerfile"]),
                "job @test on_success",
            ),
            (push("feature").changed(["src/x"]), "(no jobs)"),
            // With `compare_to`, even a tag pipeline compares files.
            (Context::tag("v1").changed(["src/x"]), "(no jobs)"),
            (
                Context::tag("v1").changed(["docker/Dockerfile"]),
                "job @test on_success",
            ),
        ],
    );
}

#[test]
fn rules_exists() {
    check(
        r#"
job:
  script: docker build -t my-image:$CI_COMMIT_REF_SLUG .
  rules:
    - exists:
        - Dockerfile
node:
  script: npm test
  rules:
    - exists:
        - "**/package.json"
chart:
  script: helm lint
  rules:
    - exists:
        - charts/
"#,
        &[
            (push("main"), "(no jobs)"),
            (push("main").exists(["Dockerfile"]), "job @test on_success"),
            (push("main").exists(["dockerfile"]), "(no jobs)"),
            (
                push("main").exists(["web/package.json"]),
                "node @test on_success",
            ),
            (
                push("main").exists(["package.json"]),
                "node @test on_success",
            ),
            (
                push("main").exists(["charts/app/Chart.yaml"]),
                "chart @test on_success",
            ),
        ],
    );
}

#[test]
fn rules_variables() {
    let yaml = r#"
job:
  variables:
    DEPLOY_VARIABLE: "default-deploy"
  rules:
    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH
      variables:
        DEPLOY_VARIABLE: "deploy-production"
    - if: $CI_COMMIT_REF_NAME =~ /feature/
      variables:
        IS_A_FEATURE: "true"
  script:
    - echo "Run script with $DEPLOY_VARIABLE as an argument"
"#;
    let p = plan(yaml, &push("main"));
    assert_eq!(
        *p.jobs[0].rule_variables,
        [("DEPLOY_VARIABLE".to_owned(), "deploy-production".to_owned())]
    );
    let p = plan(yaml, &push("feature-1"));
    assert_eq!(
        *p.jobs[0].rule_variables,
        [("IS_A_FEATURE".to_owned(), "true".to_owned())]
    );
    assert_eq!(summary(&plan(yaml, &push("fix"))), "(no jobs)");
}

#[test]
fn rules_needs() {
    check(
        r#"
build-dev:
  stage: build
  rules:
    - if: $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH
  script: echo "Feature branch, so building dev version..."
build-prod:
  stage: build
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script: echo "Default branch, so building prod version..."
specs:
  stage: test
  needs: ['build-dev']
  rules:
    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH
      needs: ['build-prod']
    - when: on_success
  script: echo "Running dev specs by default, or prod specs when default branch..."
"#,
        &[
            (
                push("main"),
                "build-prod @build on_success; specs @test on_success needs=[build-prod]",
            ),
            (
                push("feature"),
                "build-dev @build on_success; specs @test on_success needs=[build-dev]",
            ),
        ],
    );
}

#[test]
fn rules_allow_failure_with_target_branch() {
    check(
        r#"
job:
  script: echo "Hello, Rules!"
  rules:
    - if: $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == $CI_DEFAULT_BRANCH
      when: manual
      allow_failure: true
"#,
        &[
            (mr("feature", "main"), "job @test manual af"),
            (mr("feature", "develop"), "(no jobs)"),
            (push("main"), "(no jobs)"),
        ],
    );
}

#[test]
fn rules_with_never_first() {
    check(
        r#"
job:
  script: echo "This job runs in branch pipelines."
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: never
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: never
    - when: on_success
"#,
        &[
            (push("main"), "job @test on_success"),
            (Context::tag("v1"), "job @test on_success"),
            (mr("a", "main"), "(no jobs)"),
            (push("main").source(Source::Schedule), "(no jobs)"),
            (push("main").source(Source::Web), "job @test on_success"),
        ],
    );
}

#[test]
fn rules_common_if_clauses() {
    check(
        r#"
tag-only:
  script: x
  rules:
    - if: $CI_COMMIT_TAG
default-branch:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
mr-to-main:
  script: x
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main"
release-branches:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ /^release\/.*$/
semver:
  script: x
  rules:
    - if: $CI_COMMIT_TAG =~ /^v\d+\.\d+\.\d+$/
draft:
  script: x
  rules:
    - if: $CI_MERGE_REQUEST_TITLE =~ /^Draft:/
      when: never
    - if: $CI_MERGE_REQUEST_IID
"#,
        &[
            (push("main"), "default-branch @test on_success"),
            (push("release/1.0"), "release-branches @test on_success"),
            (push("release-1.0"), "(no jobs)"),
            (
                Context::tag("v1.2.3"),
                "tag-only @test on_success; semver @test on_success",
            ),
            (Context::tag("v1.2"), "tag-only @test on_success"),
            (
                mr("feature", "main"),
                "mr-to-main @test on_success; draft @test on_success",
            ),
            (mr("feature", "develop"), "draft @test on_success"),
            (
                push("master").default_branch("master"),
                "default-branch @test on_success",
            ),
        ],
    );
    // The merge request title is the commit title unless set: a draft title skips `draft`.
    check(
        "draft:\n  script: x\n  rules:\n    - if: $CI_MERGE_REQUEST_TITLE =~ /^Draft:/\n      when: never\n    - if: $CI_MERGE_REQUEST_IID\n",
        &[
            (mr("f", "main").commit_message("Draft: wip"), "(no jobs)"),
            (
                mr("f", "main").var("CI_MERGE_REQUEST_TITLE", "Ready"),
                "draft @test on_success",
            ),
        ],
    );
}

#[test]
fn rules_with_merge_request_event_types() {
    check(
        r#"
train:
  script: x
  rules:
    - if: $CI_MERGE_REQUEST_EVENT_TYPE == "merge_train"
detached:
  script: x
  rules:
    - if: $CI_MERGE_REQUEST_EVENT_TYPE == "detached"
"#,
        &[
            (mr("a", "main"), "detached @test on_success"),
            (
                mr("a", "main").event_type(MergeRequestEventType::MergeTrain),
                "train @test on_success",
            ),
            (
                mr("a", "main").event_type(MergeRequestEventType::MergedResult),
                "(no jobs)",
            ),
        ],
    );
}

// ---------------------------------------------------------------- workflow

#[test]
fn workflow_rules_draft_title_and_sources() {
    check(
        r#"
workflow:
  rules:
    - if: $CI_COMMIT_TITLE =~ /-draft$/
      when: never
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
job:
  script: make
"#,
        &[
            (push("main"), "job @test on_success"),
            (push("main").commit_message("fix-draft"), "(filtered)"),
            (push("feature"), "(filtered)"),
            // With workflow:rules, jobs lose the `only: [branches, tags]` default.
            (mr("feature", "main"), "job @test on_success"),
            (Context::tag("v1"), "(filtered)"),
        ],
    );
}

#[test]
fn workflow_switch_between_branch_and_merge_request_pipelines() {
    check(
        r#"
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH
job:
  script: make
"#,
        &[
            (push("feature"), "job @test on_success"),
            (push("feature").open_merge_request(), "(filtered)"),
            (mr("feature", "main"), "job @test on_success"),
            (Context::tag("v1"), "(filtered)"),
        ],
    );
}

#[test]
fn workflow_rules_when_always_and_never() {
    check(
        r#"
workflow:
  rules:
    - if: $CI_COMMIT_MESSAGE =~ /skip-ci/
      when: never
    - when: always
job:
  script: make
"#,
        &[
            (push("main"), "job @test on_success"),
            (push("main").commit_message("docs [skip-ci]"), "(filtered)"),
            // The job has no only/except default once workflow:rules exist.
            (mr("f", "main"), "job @test on_success"),
        ],
    );
}

#[test]
fn workflow_rules_variables() {
    let yaml = r#"
variables:
  DEPLOY_VARIABLE: "default-deploy"
workflow:
  rules:
    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH
      variables:
        DEPLOY_VARIABLE: "deploy-production"
    - if: $CI_COMMIT_REF_NAME =~ /feature/
      variables:
        IS_A_FEATURE: "true"
    - when: always
job1:
  script: echo $DEPLOY_VARIABLE
  rules:
    - if: $DEPLOY_VARIABLE == "deploy-production"
job2:
  script: echo $IS_A_FEATURE
  rules:
    - if: $IS_A_FEATURE
job3:
  script: x
  rules:
    - if: $DEPLOY_VARIABLE == "default-deploy"
"#;
    check(
        yaml,
        &[
            (push("main"), "job1 @test on_success"),
            (
                push("feature-1"),
                "job2 @test on_success; job3 @test on_success",
            ),
            (push("fix"), "job3 @test on_success"),
            // Pipeline variables override the file's, workflow variables included.
            (
                push("main").var("DEPLOY_VARIABLE", "default-deploy"),
                "job3 @test on_success",
            ),
        ],
    );
    let p = plan(yaml, &push("main"));
    assert_eq!(
        p.workflow_variables,
        [("DEPLOY_VARIABLE".to_owned(), "deploy-production".to_owned())]
    );
}

#[test]
fn workflow_name_is_expanded() {
    let yaml = r#"
variables:
  PROJECT1_PIPELINE_NAME: 'Default pipeline name'
workflow:
  name: '$PROJECT1_PIPELINE_NAME'
  rules:
    - if: '$CI_MERGE_REQUEST_LABELS =~ /pipeline:run-in-ruby3/'
      variables:
        PROJECT1_PIPELINE_NAME: 'Ruby 3 pipeline'
    - when: always
job:
  script: x
"#;
    assert_eq!(
        plan(yaml, &push("main")).name.as_deref(),
        Some("Default pipeline name")
    );
    assert_eq!(
        plan(
            yaml,
            &mr("a", "main").var("CI_MERGE_REQUEST_LABELS", "pipeline:run-in-ruby3")
        )
        .name
        .as_deref(),
        Some("Ruby 3 pipeline")
    );
}

#[test]
fn workflow_without_matching_rule_filters() {
    check(
        "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\njob:\n  script: x\n",
        &[
            (push("main"), "(filtered)"),
            (Context::tag("v1"), "job @test on_success"),
        ],
    );
}

// ---------------------------------------------------------------- only / except

#[test]
fn only_except_refs() {
    let yaml = r#"
job1:
  script: echo
  only:
    - main
    - /^issue-.*$/
    - merge_requests
job2:
  script: echo
  except:
    - main
    - /^stable-branch.*$/
    - schedules
"#;
    check(
        yaml,
        &[
            (push("main"), "job1 @test on_success"),
            (
                push("issue-42"),
                "job1 @test on_success; job2 @test on_success",
            ),
            (push("stable-branch-1"), "(no jobs)"),
            (push("feature"), "job2 @test on_success"),
            (mr("feature", "main"), "job1 @test on_success"),
            (push("feature").source(Source::Schedule), "(no jobs)"),
            (Context::tag("v1"), "job2 @test on_success"),
            // A name matches a tag of that name too.
            (Context::tag("main"), "job1 @test on_success"),
        ],
    );
}

#[test]
fn only_default_is_branches_and_tags() {
    check(
        "job:\n  script: x\n",
        &[
            (push("main"), "job @test on_success"),
            (Context::tag("v1"), "job @test on_success"),
            (mr("a", "main"), "(no jobs)"),
            (
                push("main").source(Source::Schedule),
                "job @test on_success",
            ),
            (
                push("main").source(Source::ExternalPullRequestEvent),
                "job @test on_success",
            ),
        ],
    );
}

#[test]
fn only_source_keywords() {
    let yaml = "
api: {script: x, only: [api]}
chat: {script: x, only: [chat]}
external_pull_requests: {script: x, only: [external_pull_requests]}
pipelines: {script: x, only: [pipelines]}
pushes: {script: x, only: [pushes]}
schedules: {script: x, only: [schedules]}
triggers: {script: x, only: [triggers]}
web: {script: x, only: [web]}
merge_requests: {script: x, only: [merge_requests]}
parent_pipeline: {script: x, only: [parent_pipeline]}
";
    let cases = [
        (Source::Api, "api"),
        (Source::Chat, "chat"),
        (Source::ExternalPullRequestEvent, "external_pull_requests"),
        (Source::Pipeline, "pipelines"),
        (Source::Push, "pushes"),
        (Source::Schedule, "schedules"),
        (Source::Trigger, "triggers"),
        (Source::Web, "web"),
        (Source::ParentPipeline, "parent_pipeline"),
    ];
    for (source, job) in cases {
        check(
            yaml,
            &[(
                push("main").source(source),
                &format!("{job} @test on_success"),
            )],
        );
    }
    check(
        yaml,
        &[(mr("a", "main"), "merge_requests @test on_success")],
    );
}

#[test]
fn only_variables() {
    check(
        r#"
deploy:
  script: cap staging deploy
  only:
    variables:
      - $RELEASE == "staging"
      - $STAGING
"#,
        &[
            (push("main"), "(no jobs)"),
            (
                push("main").var("RELEASE", "staging"),
                "deploy @test on_success",
            ),
            (push("main").var("STAGING", "1"), "deploy @test on_success"),
            (
                Context::tag("v1").var("STAGING", "1"),
                "deploy @test on_success",
            ),
            // `refs: [branches, tags]` is added to an `only` without refs.
            (mr("a", "main").var("STAGING", "1"), "(no jobs)"),
        ],
    );
}

#[test]
fn only_refs_and_variables_are_anded_except_keys_are_ored() {
    check(
        r#"
only-both:
  script: x
  only:
    refs: [main]
    variables: [$X]
except-either:
  script: x
  except:
    refs: [main]
    variables: [$X]
"#,
        &[
            (push("main"), "(no jobs)"),
            (push("main").var("X", "1"), "only-both @test on_success"),
            (push("dev"), "except-either @test on_success"),
            (push("dev").var("X", "1"), "(no jobs)"),
            (Context::tag("v1"), "except-either @test on_success"),
            (mr("a", "main"), "(no jobs)"),
        ],
    );
}

#[test]
fn only_changes() {
    let yaml = r#"
docker build:
  script: docker build -t my-image:$CI_COMMIT_REF_SLUG .
  only:
    refs:
      - branches
    changes:
      - Dockerfile
      - docker/scripts/*
      - dockerfiles/**/*
      - more_scripts/*.{rb,py,sh}
      - "**/*.json"
"#;
    check(
        yaml,
        &[
            (
                push("main").changed(["Dockerfile"]),
                "docker build @test on_success",
            ),
            (
                push("main").changed(["docker/scripts/a.sh"]),
                "docker build @test on_success",
            ),
            (push("main").changed(["docker/scripts/x/a.sh"]), "(no jobs)"),
            (
                push("main").changed(["dockerfiles/a/b/c"]),
                "docker build @test on_success",
            ),
            (
                push("main").changed(["more_scripts/run.py"]),
                "docker build @test on_success",
            ),
            (push("main").changed(["more_scripts/run.js"]), "(no jobs)"),
            (
                push("main").changed(["a/b/package.json"]),
                "docker build @test on_success",
            ),
            (push("main").changed(["README.md"]), "(no jobs)"),
            (
                push("main").source(Source::Web),
                "docker build @test on_success",
            ),
            (Context::tag("v1"), "(no jobs)"),
        ],
    );
    check(
        "job:\n  script: x\n  except:\n    changes: ['*.md']\n",
        &[
            (push("main").changed(["README.md"]), "(no jobs)"),
            (push("main").changed(["src/a.rs"]), "job @test on_success"),
            // Unknown changes: `except: changes` always excludes.
            (Context::tag("v1"), "(no jobs)"),
        ],
    );
}

#[test]
fn only_kubernetes() {
    check(
        "deploy:\n  script: x\n  only:\n    kubernetes: active\n",
        &[
            (push("main"), "(no jobs)"),
            (
                push("main").kubernetes_active(true),
                "deploy @test on_success",
            ),
            (mr("a", "main").kubernetes_active(true), "(no jobs)"),
        ],
    );
}

#[test]
fn only_refs_with_project_path() {
    check(
        "job:\n  script: x\n  only: [branches@gitlab-org/gitlab]\n",
        &[
            (
                push("main").project("gitlab-org/gitlab"),
                "job @test on_success",
            ),
            (push("main").project("me/gitlab"), "(no jobs)"),
        ],
    );
}

#[test]
fn only_except_with_workflow_rules_keeps_written_keys() {
    check(
        r#"
workflow:
  rules:
    - when: always
plain:
  script: x
except-main:
  script: x
  except: [main]
only-vars:
  script: x
  only:
    variables: [$GO]
"#,
        &[
            (
                mr("a", "main").var("GO", "1"),
                // `except` alone gets no `only` default with workflow:rules; a written
                // `only` still gets its default refs, which a merge request does not match.
                "plain @test on_success; except-main @test on_success",
            ),
            (
                push("dev").var("GO", "1"),
                "plain @test on_success; except-main @test on_success; only-vars @test on_success",
            ),
        ],
    );
}

// ---------------------------------------------------------------- parallel

#[test]
fn parallel_count_names() {
    check(
        "test:\n  script: rspec\n  parallel: 5\n",
        &[(
            push("main"),
            "test 1/5 @test on_success; test 2/5 @test on_success; test 3/5 @test on_success; \
             test 4/5 @test on_success; test 5/5 @test on_success",
        )],
    );
    check(
        "unit tests:\n  script: x\n  parallel: 1\n",
        &[(push("main"), "unit tests 1/1 @test on_success")],
    );
}

#[test]
fn parallel_matrix_names() {
    let yaml = r#"
deploystacks:
  stage: deploy
  script:
    - bin/deploy
  parallel:
    matrix:
      - PROVIDER: aws
        STACK:
          - monitoring
          - app1
          - app2
      - PROVIDER: ovh
        STACK: [monitoring, backup, app]
      - PROVIDER: [gcp, vultr]
        STACK: [data, processing]
"#;
    let p = plan(yaml, &push("main"));
    assert_eq!(
        p.job_names(),
        [
            "deploystacks: [aws, monitoring]",
            "deploystacks: [aws, app1]",
            "deploystacks: [aws, app2]",
            "deploystacks: [ovh, monitoring]",
            "deploystacks: [ovh, backup]",
            "deploystacks: [ovh, app]",
            "deploystacks: [gcp, data]",
            "deploystacks: [gcp, processing]",
            "deploystacks: [vultr, data]",
            "deploystacks: [vultr, processing]",
        ]
    );
    let p = plan(
        "t:\n  script: x\n  parallel:\n    matrix:\n      - {A: 1, B: x, C: [y, z]}\n",
        &push("main"),
    );
    assert_eq!(p.job_names(), ["t: [1, x, y]", "t: [1, x, z]"]);
}

#[test]
fn parallel_matrix_variables_in_rules() {
    check(
        r#"
deploystacks:
  stage: deploy
  script: bin/deploy
  parallel:
    matrix:
      - PROVIDER: [aws, gcp]
        STACK: [app]
  rules:
    - if: $PROVIDER == "aws"
    - if: $CI_NODE_INDEX == "2"
      when: manual
"#,
        &[(
            push("main"),
            "deploystacks: [aws, app] @deploy on_success; deploystacks: [gcp, app] @deploy manual",
        )],
    );
}

#[test]
fn needs_on_parallel_jobs_expand() {
    check(
        r#"
build:
  stage: build
  script: x
  parallel: 3
test:
  script: x
  needs: [build]
deploy:
  stage: deploy
  script: x
  needs: ["build 2/3"]
"#,
        &[(
            push("main"),
            "build 1/3 @build on_success; build 2/3 @build on_success; build 3/3 @build on_success; \
             test @test on_success needs=[build 1/3, build 2/3, build 3/3]; \
             deploy @deploy on_success needs=[build 2/3]",
        )],
    );
}

#[test]
fn needs_parallel_matrix_selects_instances() {
    check(
        r#"
linux:build:
  stage: build
  script: echo "Building linux..."
  parallel:
    matrix:
      - PROVIDER: aws
        STACK:
          - monitoring
          - app1
          - app2
linux:rspec:
  stage: test
  needs:
    - job: linux:build
      parallel:
        matrix:
          - PROVIDER: aws
            STACK: app1
  script: echo "Running rspec on linux..."
"#,
        &[(
            push("main"),
            "linux:build: [aws, monitoring] @build on_success; linux:build: [aws, app1] @build on_success; \
             linux:build: [aws, app2] @build on_success; \
             linux:rspec @test on_success needs=[linux:build: [aws, app1]]",
        )],
    );
}

#[test]
fn needs_matrix_interpolation() {
    check(
        r#"
build:
  stage: build
  script: x
  parallel:
    matrix:
      - OS: [linux, mac]
test:
  script: x
  parallel:
    matrix:
      - OS: [linux, mac]
  needs:
    - job: build
      parallel:
        matrix:
          - OS: $[[ matrix.OS ]]
"#,
        &[(
            push("main"),
            "build: [linux] @build on_success; build: [mac] @build on_success; \
             test: [linux] @test on_success needs=[build: [linux]]; \
             test: [mac] @test on_success needs=[build: [mac]]",
        )],
    );
}

// ---------------------------------------------------------------- needs

#[test]
fn needs_optional() {
    check(
        r#"
build-job:
  stage: build
  script: x
test-job1:
  stage: test
  script: x
test-job2:
  stage: test
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
deploy-job:
  stage: deploy
  script: x
  needs:
    - job: test-job2
      optional: true
    - job: test-job1
  environment: production
review-job:
  stage: deploy
  script: x
  needs:
    - job: test-job2
      optional: true
  environment: review
"#,
        &[
            (
                push("main"),
                "build-job @build on_success; test-job1 @test on_success; test-job2 @test on_success; \
                 deploy-job @deploy on_success needs=[test-job2, test-job1]; \
                 review-job @deploy on_success needs=[test-job2]",
            ),
            (
                push("feature"),
                "build-job @build on_success; test-job1 @test on_success; \
                 deploy-job @deploy on_success needs=[test-job1]; review-job @deploy on_success needs=[]",
            ),
        ],
    );
}

#[test]
fn needs_empty_and_same_stage() {
    check(
        r#"
lint:
  stage: test
  script: x
  needs: []
unit:
  stage: test
  script: x
  needs: [lint]
e2e:
  stage: test
  script: x
"#,
        &[(
            push("main"),
            "lint @test on_success needs=[]; unit @test on_success needs=[lint]; e2e @test on_success",
        )],
    );
}

#[test]
fn needs_on_an_optional_undefined_job_is_dropped() {
    check(
        "a:\n  script: x\n  needs:\n    - job: nowhere\n      optional: true\n",
        &[(push("main"), "a @test on_success needs=[]")],
    );
}

#[test]
fn cross_pipeline_needs_are_not_jobs_of_this_pipeline() {
    check(
        r#"
child:
  script: x
  needs:
    - pipeline: $PARENT_PIPELINE_ID
      job: build
    - project: group/other
      job: lib
      ref: main
      artifacts: true
"#,
        &[(push("main"), "child @test on_success needs=[]")],
    );
}

// ---------------------------------------------------------------- stages

#[test]
fn stage_order_then_definition_order() {
    check(
        r#"
stages: [build, test, deploy]
deploy:
  stage: deploy
  script: x
test-b:
  script: x
build:
  stage: build
  script: x
test-a:
  stage: test
  script: x
"#,
        &[(
            push("main"),
            "build @build on_success; test-b @test on_success; test-a @test on_success; \
             deploy @deploy on_success",
        )],
    );
}

#[test]
fn pre_and_post_stages() {
    let yaml = r#"
stages: [build, test]
job1:
  stage: build
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
last-job:
  stage: .post
  script: x
first-job:
  stage: .pre
  script: x
"#;
    check(
        yaml,
        &[
            (
                push("main"),
                "first-job @.pre on_success; job1 @build on_success; last-job @.post on_success",
            ),
            // Only .pre and .post jobs left: GitLab creates no pipeline.
            (Context::tag("v1"), "(pre/post only)"),
        ],
    );
}

#[test]
fn default_stages_and_default_stage() {
    check(
        "a:\n  stage: deploy\n  script: x\nb:\n  script: x\nc:\n  stage: build\n  script: x\n",
        &[(
            push("main"),
            "c @build on_success; b @test on_success; a @deploy on_success",
        )],
    );
}

// ---------------------------------------------------------------- extends, !reference, defaults

#[test]
fn extends_deep_merges_hashes() {
    check(
        r#"
.tests:
  script: rake test
  stage: test
  only:
    refs:
      - branches
rspec:
  extends: .tests
  script: rake rspec
  only:
    variables:
      - $RSPEC
"#,
        &[
            (push("main"), "(no jobs)"),
            (push("main").var("RSPEC", "1"), "rspec @test on_success"),
            (Context::tag("v1").var("RSPEC", "1"), "(no jobs)"),
        ],
    );
}

#[test]
fn extends_several_bases_in_order() {
    let yaml = r#"
.only-important:
  variables:
    URL: "http://my-url.internal"
    IMPORTANT_VAR: "the details"
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
    - if: $CI_COMMIT_BRANCH =~ /^stable-branch/
  tags:
    - production
.in-docker:
  variables:
    URL: "http://docker-url.internal"
  tags:
    - docker
  image: alpine
rspec:
  variables:
    GITLAB: "is-awesome"
  extends:
    - .only-important
    - .in-docker
  script:
    - rake rspec
url-check:
  extends: rspec
  rules:
    - if: $URL == "http://docker-url.internal" && $GITLAB && $IMPORTANT_VAR
"#;
    check(
        yaml,
        &[
            (
                push("main"),
                "rspec @test on_success; url-check @test on_success",
            ),
            (
                push("stable-branch-2"),
                "rspec @test on_success; url-check @test on_success",
            ),
            (push("feature"), "url-check @test on_success"),
        ],
    );
    let effective =
        pipeline_dsl::plan::effective_pipeline(&super::support::pipeline(yaml)).expect("resolves");
    let rspec = effective.job("rspec").expect("rspec");
    assert_eq!(rspec.image.as_ref().map(|i| i.name()), Some("alpine"));
    let vars = rspec.variables.as_ref().expect("variables");
    let keys: Vec<&str> = vars.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["URL", "IMPORTANT_VAR", "GITLAB"]);
}

#[test]
fn extends_arrays_are_replaced_not_merged() {
    check(
        r#"
.base:
  script: x
  rules:
    - if: $CI_COMMIT_TAG
job:
  extends: .base
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
"#,
        &[
            (push("main"), "job @test on_success"),
            (Context::tag("v1"), "(no jobs)"),
        ],
    );
}

#[test]
fn reference_tags_in_rules() {
    check(
        r#"
.default_rules:
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: never
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
job1:
  rules:
    - !reference [.default_rules, rules]
  script:
    - echo "This job runs for the default branch, but not schedules."
job2:
  rules:
    - !reference [.default_rules, rules]
    - if: $CI_COMMIT_TAG
  script:
    - echo "This job runs for the default branch and tags, but not schedules."
"#,
        &[
            (push("main"), "job1 @test on_success; job2 @test on_success"),
            (push("main").source(Source::Schedule), "(no jobs)"),
            (Context::tag("v1"), "job2 @test on_success"),
        ],
    );
}

#[test]
fn hidden_jobs_never_run() {
    check(
        ".hidden:\n  script: x\nvisible:\n  script: x\n",
        &[(push("main"), "visible @test on_success")],
    );
}

#[test]
fn inherit_variables() {
    check(
        r#"
variables:
  VAR1: "1"
  VAR2: "2"
none:
  script: x
  inherit:
    variables: false
  rules:
    - if: $VAR1 || $VAR2
some:
  script: x
  inherit:
    variables: [VAR2]
  rules:
    - if: $VAR2 && $VAR1 == null
all:
  script: x
  rules:
    - if: $VAR1 && $VAR2
"#,
        &[(push("main"), "some @test on_success; all @test on_success")],
    );
}

#[test]
fn job_variables_override_global_and_pipeline_variables_override_both() {
    check(
        r#"
variables:
  ENV: staging
global:
  script: x
  rules:
    - if: $ENV == "staging"
local:
  script: x
  variables:
    ENV: production
  rules:
    - if: $ENV == "production"
"#,
        &[
            (
                push("main"),
                "global @test on_success; local @test on_success",
            ),
            (
                push("main").var("ENV", "production"),
                "local @test on_success",
            ),
        ],
    );
}

#[test]
fn predefined_job_variables() {
    check(
        r#"
build:
  stage: build
  script: x
  rules:
    - if: $CI_JOB_NAME == "build" && $CI_JOB_STAGE == "build"
"#,
        &[(push("main"), "build @build on_success")],
    );
}

#[test]
fn trigger_jobs_are_planned_like_jobs() {
    check(
        r#"
trigger-child:
  stage: deploy
  trigger:
    include: child.yml
  when: manual
downstream:
  trigger: group/project
  rules:
    - if: $CI_COMMIT_TAG
"#,
        &[
            (push("main"), "trigger-child @deploy manual af"),
            (
                Context::tag("v1"),
                "downstream @test on_success; trigger-child @deploy manual af",
            ),
        ],
    );
}

#[test]
fn rules_null_is_absent() {
    check(
        "job:\n  script: x\n  rules: null\n",
        &[
            (push("main"), "job @test on_success"),
            (mr("a", "main"), "(no jobs)"),
        ],
    );
}

#[test]
fn allow_failure_exit_codes_is_not_allowed_to_fail() {
    check(
        r#"
job:
  script: x
  when: manual
  allow_failure:
    exit_codes: [137]
ruled:
  script: x
  allow_failure:
    exit_codes: 137
  rules:
    - if: $CI_COMMIT_TAG
      allow_failure: true
    - when: on_success
"#,
        &[
            (push("main"), "job @test manual; ruled @test on_success"),
            (
                Context::tag("v1"),
                "job @test manual; ruled @test on_success af",
            ),
        ],
    );
}

#[test]
fn deprecated_globals_and_defaults_do_not_change_what_runs() {
    check(
        r#"
image: ruby:3.2
default:
  before_script: [bundle install]
  interruptible: true
before_script: [echo]
job:
  script: x
"#,
        &[(push("main"), "job @test on_success")],
    );
}

#[test]
fn shared_rules_read_each_jobs_variables() {
    // The same rules in three jobs: each reads its own variables and inheritance.
    check(
        r#"
variables:
  TARGET: prod
.rules:
  script: x
  rules:
    - if: $TARGET == "prod"
own:
  extends: .rules
  variables:
    TARGET: prod
global:
  extends: .rules
no-globals:
  extends: .rules
  inherit:
    variables: false
other:
  extends: .rules
  variables:
    TARGET: dev
"#,
        &[
            (
                push("main"),
                "own @test on_success; global @test on_success",
            ),
            // A pipeline variable overrides the job's own too.
            (push("main").var("TARGET", "dev"), "(no jobs)"),
            (
                push("main").var("TARGET", "prod"),
                "own @test on_success; global @test on_success; no-globals @test on_success; \
                 other @test on_success",
            ),
        ],
    );
}

#[test]
fn references_to_visible_jobs_and_chains() {
    check(
        r#"
build:
  script: x
  rules:
    - if: $CI_COMMIT_TAG
test:
  script: x
  rules: !reference [build, rules]
.manual:
  rules:
    - !reference [.tags, rules]
    - when: manual
.tags:
  rules:
    - if: $CI_COMMIT_TAG
      when: never
deploy:
  stage: deploy
  script: x
  rules:
    - !reference [.manual, rules]
"#,
        &[
            (push("main"), "deploy @deploy manual"),
            (
                Context::tag("v1"),
                "build @test on_success; test @test on_success",
            ),
        ],
    );
}
