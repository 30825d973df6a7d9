//! The first seed pipeline written with `pipeline!`: build a Docker image with
//! `docker:dind` on every push, and push it under the Git tag's name when a tag is pushed.
//! It prints exactly what `dind_build_push` (the same pipeline from model types) prints;
//! `cargo run --example dind_build_push_macro`.

#![allow(
    clippy::print_stdout,
    reason = "an example prints the pipeline it builds"
)]

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

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()` only"
)]
fn main() {
    match pipeline_dsl::emit::to_string(&pipeline()) {
        Ok(yaml) => print!("{yaml}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
