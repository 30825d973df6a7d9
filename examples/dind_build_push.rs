//! The first seed pipeline: build a Docker image with `docker:dind` on every push, and
//! push it under the Git tag's name when a tag is pushed.
//!
//! `cargo run --example dind_build_push` prints it (with its lint warnings on stderr);
//! `-- --out .gitlab-ci.yml` writes it, `-- --check .gitlab-ci.yml` checks a committed copy.
//! It keeps the seed's habits on purpose (`docker:latest`, `only: [tags]`, top-level
//! keywords, dind without TLS); `dind_build_push_hardened` is the same pipeline done the
//! way the lints recommend.

use std::process::ExitCode;

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, main_with};
use pipeline_dsl::vars::{
    CI_COMMIT_REF_NAME, CI_COMMIT_SHA, CI_JOB_TOKEN, CI_REGISTRY, CI_REGISTRY_IMAGE,
};

/// The pipeline of the seed "Gitlab CI to Build and Push containers to registry".
pub fn pipeline() -> Pipeline {
    let mut p = Pipeline::builder();
    p.image("docker:latest")
        .variable("DOCKER_DRIVER", "overlay2")
        .service("docker:dind")
        .before_script([
            // docker login reads the password from stdin, so it never shows on a command line.
            format!(
                "echo -n {CI_JOB_TOKEN} | docker login -u gitlab-ci-token --password-stdin {CI_REGISTRY}"
            ),
            "docker version".into(),
            "docker info".into(),
        ])
        .after_script("docker logout registry.gitlab.com");
    let [build, push] = p.stages(["build", "push"]);
    p.job("Build", |j| {
        j.stage(&build).script([
            format!("docker pull {CI_REGISTRY_IMAGE}:latest || true"),
            // The seed writes this as a folded block (`>`): one line, with a final newline.
            format!(
                "docker build --pull --cache-from {CI_REGISTRY_IMAGE}:latest \
                 --tag {CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA} .\n"
            ),
            format!("docker push {CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}"),
        ])
    });
    p.job("Push_When_tag", |j| {
        // We want this job to run on tags only.
        j.stage(&push).only(["tags"]).script([
            format!("docker pull {CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}"),
            format!(
                "docker tag {CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA} {CI_REGISTRY_IMAGE}:{CI_COMMIT_REF_NAME}"
            ),
            format!("docker push {CI_REGISTRY_IMAGE}:{CI_COMMIT_REF_NAME}"),
        ])
    });
    p.build()
}

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_build_push.rs",
        "cargo run --example dind_build_push",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
