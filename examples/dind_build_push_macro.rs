//! The first seed pipeline written with `pipeline!`: build a Docker image with
//! `docker:dind` on every push, and push it under the Git tag's name when a tag is pushed.
//!
//! `cargo run --example dind_build_push_macro` prints the YAML of `dind_build_push` (the same
//! pipeline written with the builder) byte for byte, under a header naming this file,
//! and shows its lint warnings on stderr.

use std::process::ExitCode;

use pipeline_dsl::emit::program::{Header, main_with};
use pipeline_dsl::{Pipeline, pipeline};

/// The pipeline of the seed "Gitlab CI to Build and Push containers to registry".
pub fn pipeline() -> Pipeline {
    pipeline! {
        image: "docker:latest",
        variables: { DOCKER_DRIVER: "overlay2" },
        stages: [build, push],
        services: ["docker:dind"],
        before_script: [
            // docker login reads the password from stdin, so it never shows on a command line.
            "echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY",
            "docker version",
            "docker info",
        ],
        after_script: ["docker logout registry.gitlab.com"],

        job Build {
            stage: build,
            script: [
                "docker pull $CI_REGISTRY_IMAGE:latest || true",
                // The seed writes this as a folded block (`>`): one line, with a final newline.
                "docker build --pull --cache-from $CI_REGISTRY_IMAGE:latest \
                 --tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n",
                "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA",
            ],
        }

        job Push_When_tag {
            stage: push,
            only: [tags],
            script: [
                "docker pull $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA",
                "docker tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME",
                "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME",
            ],
        }
    }
}

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_build_push_macro.rs",
        "cargo run --example dind_build_push_macro",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
