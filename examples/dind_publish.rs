//! The second seed pipeline: one `publish-docker` job that logs in, builds, tags and
//! pushes with `docker:dind` as a service.
//!
//! `cargo run --example dind_publish` prints it and shows its lint warnings on stderr (a
//! password on the command line, the deprecated `CI_BUILD_TOKEN`, an untagged image, dind
//! without TLS, a top-level `services`); `dind_publish_hardened` fixes each of them.

use std::process::ExitCode;

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, main_with};
use pipeline_dsl::vars::{CI_REGISTRY, CI_REGISTRY_IMAGE, Var};

/// The pipeline of the seed "DinD with Gitlab CI".
pub fn pipeline() -> Pipeline {
    // Deprecated, so not among the predefined constants; written as the seed writes it.
    const CI_BUILD_TOKEN: Var = Var::new("CI_BUILD_TOKEN");
    let registry = CI_REGISTRY.braced();
    let image = CI_REGISTRY_IMAGE.braced();
    let mut p = Pipeline::builder();
    p.variable("DOCKER_DRIVER", "overlay2")
        .service("docker:dind");
    let publish = p.stage("publish");
    p.job("publish-docker", |j| {
        j.stage(&publish).image("docker").script([
            "export VERSION_TAG=v1.2.3".to_owned(),
            format!(
                "docker login {registry} -u gitlab-ci-token -p {}",
                CI_BUILD_TOKEN.braced()
            ),
            format!("docker build -t {image}:latest -t {image}:${{VERSION_TAG}}  ."),
            format!("docker push {image}:latest"),
            format!("docker push {image}:${{VERSION_TAG}}"),
        ])
    });
    p.build()
}

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_publish.rs",
        "cargo run --example dind_publish",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
