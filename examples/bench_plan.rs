//! How fast the planner is: a generated pipeline of 10,000 jobs (rules with branch, tag,
//! regex and variable conditions, `changes`, `only`/`except`, `needs`, `extends`, `parallel`)
//! planned for 100 contexts (pushes, tags, merge requests, schedules, with variables and
//! changed files).
//!
//! `cargo run --release --example bench_plan` prints the time of each step; planning the
//! 100 contexts should take well under a second on two cores.

#![allow(clippy::print_stdout, reason = "a benchmark prints its timings")]

use std::time::Instant;

use pipeline_dsl::plan::{Context, Planner, Source};

/// How many jobs the pipeline has (after `parallel` expansion).
const JOBS: usize = 10_000;
/// How many contexts are planned.
const CONTEXTS: usize = 100;

/// The generated pipeline, as YAML text.
fn pipeline_yaml() -> String {
    let mut y = String::from(
        "stages: [build, test, package, deploy, cleanup]\n\
         variables:\n  RUST_LOG: info\n  TARGET: x86_64\n\
         workflow:\n  rules:\n\
         \x20   - if: $CI_COMMIT_MESSAGE =~ /\\[skip pipeline\\]/\n      when: never\n\
         \x20   - when: always\n\
         .rust:\n  image: rust:1.95\n  variables:\n    CARGO_INCREMENTAL: \"0\"\n\
         \x20 rules:\n\
         \x20   - if: $CI_PIPELINE_SOURCE == \"schedule\" && $NIGHTLY != \"true\"\n      when: never\n\
         \x20   - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH || $CI_COMMIT_TAG\n\
         \x20   - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      changes: [\"src/**/*.rs\", Cargo.toml]\n\
         \x20   - when: manual\n      allow_failure: true\n",
    );
    // 40 parallel jobs of 5 instances: 200 jobs.
    let mut count = 0;
    for i in 0..40 {
        y.push_str(&format!(
            "build-{i}:\n  stage: build\n  extends: .rust\n  script: [cargo build -p crate{i}]\n  parallel: 5\n"
        ));
        count += 5;
    }
    let mut i = 0;
    while count < JOBS {
        let stage = ["test", "package", "deploy", "cleanup"][i % 4];
        y.push_str(&format!(
            "job-{i}:\n  stage: {stage}\n  script: [make job-{i}]\n"
        ));
        match i % 6 {
            0 => y.push_str("  extends: .rust\n"),
            1 => y.push_str(&format!(
                "  rules:\n\
                 \x20   - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/\n      when: manual\n\
                 \x20   - if: $CI_COMMIT_REF_NAME =~ /^release\\/.*$/ && $DEPLOY_{m} == \"yes\"\n\
                 \x20   - if: ($CI_COMMIT_BRANCH==\"main\"||$FORCE)&&$TARGET==\"x86_64\"\n      variables: {{LEVEL: \"{i}\"}}\n",
                m = i % 10
            )),
            2 => y.push_str("  only: [main, /^release-.*$/, tags]\n  except:\n    variables: [$SKIP_PACKAGING]\n"),
            3 => y.push_str(&format!(
                "  rules:\n    - changes: [\"services/svc{m}/**/*\", \"libs/*.{{rs,toml}}\"]\n    - if: $CI_PIPELINE_SOURCE == \"web\"\n",
                m = i % 50
            )),
            4 => y.push_str(&format!(
                "  needs: [\"build-{b} {n}/5\"]\n  rules:\n    - if: $CI_COMMIT_BRANCH\n",
                b = i % 40,
                n = i % 5 + 1
            )),
            _ => y.push_str("  when: manual\n  allow_failure: false\n"),
        }
        count += 1;
        i += 1;
    }
    y
}

/// 100 contexts of every kind.
fn contexts() -> Vec<Context> {
    (0..CONTEXTS)
        .map(|i| match i % 5 {
            0 => {
                Context::push_branch("main").changed([format!("services/svc{}/src/lib.rs", i % 50)])
            }
            1 => Context::push_branch(format!("release/{i}"))
                .var(format!("DEPLOY_{}", i % 10), "yes"),
            2 => Context::tag(format!("v1.{i}.0")),
            3 => Context::merge_request(format!("feature-{i}"), "main")
                .changed(["src/main.rs", "libs/a.rs"]),
            _ => Context::push_branch("main")
                .source(Source::Schedule)
                .var("NIGHTLY", if i % 2 == 0 { "true" } else { "false" }),
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let yaml = pipeline_yaml();
    let start = Instant::now();
    let pipeline = pipeline_dsl::import::from_str(&yaml)?.pipeline;
    let import = start.elapsed();

    let start = Instant::now();
    let planner = Planner::new(&pipeline);
    let prepare = start.elapsed();
    if let Some(error) = planner.config_errors().first() {
        return Err(format!("the generated pipeline is refused: {error}").into());
    }
    let jobs = planner.job_names().len();

    // `BENCH_PLAN_ROUNDS=N` plans the contexts N times (for profilers); the time printed is
    // the mean of one round.
    let rounds: u32 = std::env::var("BENCH_PLAN_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
        .max(1);
    let contexts = contexts();
    let start = Instant::now();
    let mut kept = 0;
    for _ in 0..rounds {
        kept = 0;
        for ctx in &contexts {
            kept += planner.plan(ctx).jobs.len();
        }
    }
    let plan = start.elapsed() / rounds;

    println!("pipeline: {jobs} jobs ({} bytes of YAML)", yaml.len());
    println!("import:   {import:?}");
    println!("prepare:  {prepare:?} (extends, parallel, needs, expressions)");
    println!(
        "plan:     {plan:?} for {} contexts ({:.1} µs per job and context; {kept} jobs kept in all)",
        contexts.len(),
        plan.as_secs_f64() * 1e6 / (jobs * contexts.len()) as f64
    );
    Ok(())
}
