//! The second seed pipeline written with `pipeline!`: one `publish-docker` job that logs
//! in, builds, tags and pushes with `docker:dind` as a service.
//!
//! `cargo run --example dind_publish_macro` prints the YAML of `dind_publish` (the same
//! pipeline written with the builder) byte for byte, under a header naming this file,
//! and shows its lint warnings on stderr.
//!
//! Two of its variables are not in `variables`: `${CI_BUILD_TOKEN}` is a deprecated
//! predefined variable (the macro accepts it; validation lints it), and `${VERSION_TAG}` is
//! set by the script's own `export VERSION_TAG=...` in an earlier line, which the macro
//! sees.

use std::process::ExitCode;

use pipeline_dsl::emit::program::{Header, main_with};
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

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_publish_macro.rs",
        "cargo run --example dind_publish_macro",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
