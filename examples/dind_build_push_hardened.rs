//! The first seed's jobs done the way the lints recommend: pinned images, Docker-in-Docker
//! over TLS, `default:` instead of top-level keywords, and `rules` instead of `only`.
//! `cargo run --example dind_build_push_hardened` prints it, with no warnings.

use std::process::ExitCode;

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, main_with};
use pipeline_dsl::model::Rule;
use pipeline_dsl::vars::{
    CI_COMMIT_SHA, CI_COMMIT_TAG, CI_JOB_TOKEN, CI_REGISTRY, CI_REGISTRY_IMAGE,
};

/// The hardened build-and-push pipeline.
pub fn pipeline() -> Pipeline {
    let mut p = Pipeline::builder();
    p.variables([
        ("DOCKER_DRIVER", "overlay2"),
        // The dind service creates its TLS certificates here; the job's client reads them.
        ("DOCKER_TLS_CERTDIR", "/certs"),
        ("DOCKER_HOST", "tcp://docker:2376"),
    ])
    .default(|d| {
        d.image("docker:27.3")
            .service_with("docker:27.3-dind", |s| s.alias("docker"))
            .before_script([
                format!(
                    "echo -n \"{CI_JOB_TOKEN}\" | docker login -u gitlab-ci-token --password-stdin \"{CI_REGISTRY}\""
                ),
                "docker version".into(),
            ])
            .after_script(format!("docker logout \"{CI_REGISTRY}\""))
    });
    let [build, push] = p.stages(["build", "push"]);
    p.job("build", |j| {
        j.stage(&build).script([
            format!("docker pull \"{CI_REGISTRY_IMAGE}:main\" || true"),
            format!(
                "docker build --pull --cache-from \"{CI_REGISTRY_IMAGE}:main\" --tag \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}\" ."
            ),
            format!("docker push \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}\""),
        ])
    });
    p.job("push-tag", |j| {
        j.stage(&push)
            .rule(Rule::condition(CI_COMMIT_TAG.to_string()))
            .script([
                format!("docker pull \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}\""),
                format!(
                    "docker tag \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}\" \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_TAG}\""
                ),
                format!("docker push \"{CI_REGISTRY_IMAGE}:{CI_COMMIT_TAG}\""),
            ])
    });
    p.build()
}

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_build_push_hardened.rs",
        "cargo run --example dind_build_push_hardened",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
