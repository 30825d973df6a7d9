//! The second seed pipeline written with `pipeline!`: one `publish-docker` job that logs
//! in, builds, tags and pushes with `docker:dind` as a service. It prints exactly what
//! `dind_publish` (the same pipeline from model types) prints;
//! `cargo run --example dind_publish_macro`.
//!
//! Two of its variables are not in `variables`: `${CI_BUILD_TOKEN}` is a deprecated
//! predefined variable (the macro accepts it; validation lints it), and `${VERSION_TAG}` is
//! set by the script's own `export VERSION_TAG=...` in an earlier line, which the macro
//! sees.

#![allow(
    clippy::print_stdout,
    reason = "an example prints the pipeline it builds"
)]

use pipeline_dsl::{Pipeline, pipeline};

/// The pipeline of the seed "DinD with Gitlab CI".
pub fn pipeline() -> Pipeline {
    pipeline! {
        variables: { DOCKER_DRIVER: "overlay2" },
        services: ["docker:dind"],
        stages: [publish],

        job "publish-docker" {
            stage: publish,
            image: "docker",
            script: [
                "export VERSION_TAG=v1.2.3",
                "docker login ${CI_REGISTRY} -u gitlab-ci-token -p ${CI_BUILD_TOKEN}",
                "docker build -t ${CI_REGISTRY_IMAGE}:latest -t ${CI_REGISTRY_IMAGE}:${VERSION_TAG}  .",
                "docker push ${CI_REGISTRY_IMAGE}:latest",
                "docker push ${CI_REGISTRY_IMAGE}:${VERSION_TAG}",
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
