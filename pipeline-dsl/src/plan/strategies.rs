//! Property-testing helpers for plans (feature `proptest`): strategies that generate
//! contexts (branch and tag names, semver tags, sources, variables, changed files), and
//! assertions with readable failure messages.
//!
//! ```
//! use pipeline_dsl::plan::strategies::{assert_runs, semver_tag};
//! use pipeline_dsl::plan::Context;
//! use proptest::prelude::*;
//!
//! let yaml = r"
//! release:
//!   script: [make]
//!   rules:
//!     - if: $CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+(-|$)/
//! ";
//! let pipeline = pipeline_dsl::import::from_str(yaml).unwrap().pipeline;
//! proptest!(|(tag in semver_tag())| {
//!     assert_runs(&pipeline.plan(&Context::tag(tag)), "release");
//! });
//! ```

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;

use crate::model::When;

use super::{Context, Plan, Source};

/// Git-valid branch names: `main`, `develop`, `feature/x-1`, `release/1.2`, and random
/// `word/word-123` names.
pub fn branch_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "main",
            "master",
            "develop",
            "staging",
            "production",
            "release",
        ])
        .prop_map(str::to_owned),
        "(feature|fix|hotfix|release|renovate)/[a-z][a-z0-9-]{0,12}",
        "[a-z][a-z0-9_-]{0,15}",
        "release/[0-9]{1,2}\\.[0-9]{1,2}",
    ]
}

/// A semantic-version tag: `v1.2.3` or `1.2.3`, sometimes with a pre-release (`-rc.1`).
pub fn semver_tag() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        0u32..20,
        0u32..50,
        0u32..100,
        proptest::option::of("(alpha|beta|rc)\\.[0-9]"),
    )
        .prop_map(|(v, major, minor, patch, pre)| {
            let prefix = if v { "v" } else { "" };
            match pre {
                Some(pre) => format!("{prefix}{major}.{minor}.{patch}-{pre}"),
                None => format!("{prefix}{major}.{minor}.{patch}"),
            }
        })
}

/// Tag names: semver tags mostly, and other names (`nightly`, `build-42`).
pub fn tag_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => semver_tag(),
        1 => "[a-z][a-z0-9.-]{0,12}",
    ]
}

/// Any of GitLab's common pipeline sources.
pub fn source() -> impl Strategy<Value = Source> {
    select(Source::COMMON.to_vec())
}

/// The sources of pipelines that run for a branch or tag (not a merge request).
pub fn ref_source() -> impl Strategy<Value = Source> {
    select(
        Source::COMMON
            .iter()
            .copied()
            .filter(|s| *s != Source::MergeRequestEvent)
            .collect::<Vec<_>>(),
    )
}

/// A few pipeline variables with upper-case names and short values (sometimes empty).
pub fn variables() -> impl Strategy<Value = Vec<(String, String)>> {
    btree_map("[A-Z][A-Z0-9_]{0,10}", "[a-z0-9]{0,6}", 0..4).prop_map(|m| m.into_iter().collect())
}

/// Repository paths such as `src/main.rs`, `docs/guide/intro.md`, `.gitlab-ci.yml`.
pub fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            ".gitlab-ci.yml",
            "Dockerfile",
            "README.md",
            "Cargo.toml",
            "src/main.rs",
            "docs/index.md",
        ])
        .prop_map(str::to_owned),
        (
            vec("[a-z][a-z0-9_]{0,8}", 0..3),
            "[a-z][a-z0-9_]{0,8}",
            select(vec!["rs", "md", "yml", "json", "txt"]),
        )
            .prop_map(|(dirs, file, ext)| {
                let mut p = dirs.join("/");
                if !p.is_empty() {
                    p.push('/');
                }
                format!("{p}{file}.{ext}")
            }),
    ]
}

/// Sets of changed paths (possibly none).
pub fn changed_paths() -> impl Strategy<Value = Vec<String>> {
    vec(path(), 0..5)
}

/// A push to a branch, with variables and changed files.
pub fn push_context() -> impl Strategy<Value = Context> {
    (branch_name(), variables(), changed_paths()).prop_map(|(branch, vars, changed)| {
        Context::push_branch(branch).vars(vars).changed(changed)
    })
}

/// A tag pipeline (pushed, or run from the web or API).
pub fn tag_context() -> impl Strategy<Value = Context> {
    (
        tag_name(),
        select(vec![Source::Push, Source::Web, Source::Api]),
        variables(),
    )
        .prop_map(|(tag, source, vars)| Context::tag(tag).source(source).vars(vars))
}

/// A merge request pipeline (source branch into `main` or another branch).
pub fn merge_request_context() -> impl Strategy<Value = Context> {
    (
        branch_name(),
        prop_oneof![Just("main".to_owned()), branch_name()],
        variables(),
        changed_paths(),
    )
        .prop_map(|(source, target, vars, changed)| {
            Context::merge_request(source, target)
                .vars(vars)
                .changed(changed)
        })
}

/// Any context: branch pipelines of every source, tags and merge requests.
pub fn context() -> impl Strategy<Value = Context> {
    prop_oneof![
        3 => (push_context(), ref_source()).prop_map(|(c, s)| c.source(s)),
        2 => tag_context(),
        2 => merge_request_context(),
    ]
}

/// Asserts that the pipeline is created and has `job`.
///
/// # Panics
/// When it does not, with the plan in the message.
#[track_caller]
pub fn assert_runs(plan: &Plan, job: &str) {
    assert!(plan.runs(job), "expected `{job}` to run, but:\n{plan}");
}

/// Asserts that `job` does not run (not in the plan, or no pipeline is created).
///
/// # Panics
/// When it runs.
#[track_caller]
pub fn assert_not_runs(plan: &Plan, job: &str) {
    assert!(!plan.runs(job), "expected `{job}` not to run, but:\n{plan}");
}

/// Asserts that the pipeline is created.
///
/// # Panics
/// When it is not.
#[track_caller]
pub fn assert_created(plan: &Plan) {
    assert!(plan.created, "expected a pipeline, but:\n{plan}");
}

/// Asserts that no pipeline is created.
///
/// # Panics
/// When one is.
#[track_caller]
pub fn assert_not_created(plan: &Plan) {
    assert!(!plan.created, "expected no pipeline, but:\n{plan}");
}

/// Asserts that `job` runs with `when`.
///
/// # Panics
/// When it does not run, or runs with another `when`.
#[track_caller]
pub fn assert_when(plan: &Plan, job: &str, when: When) {
    assert_runs(plan, job);
    let found = plan.job(job).map(|j| j.when);
    assert_eq!(
        found,
        Some(when),
        "`{job}` runs with another `when`:\n{plan}"
    );
}

/// Asserts that `job` runs and needs exactly `needs`, in order.
///
/// # Panics
/// When it does not run, or needs other jobs.
#[track_caller]
pub fn assert_needs(plan: &Plan, job: &str, needs: &[&str]) {
    assert_runs(plan, job);
    let found: Vec<&str> = plan
        .job(job)
        .map(|j| j.needs.iter().map(super::Name::as_str).collect())
        .unwrap_or_default();
    assert_eq!(found, needs, "`{job}` needs other jobs:\n{plan}");
}

/// Asserts that the pipeline runs exactly `jobs`, in order.
///
/// # Panics
/// When it runs other jobs (or none).
#[track_caller]
pub fn assert_jobs(plan: &Plan, jobs: &[&str]) {
    assert_eq!(plan.job_names(), jobs, "other jobs run:\n{plan}");
}
