//! The second seed's job done the way the lints recommend: the job token piped to
//! `docker login`, `CI_JOB_TOKEN` instead of the deprecated `CI_BUILD_TOKEN`, a pinned
//! image, Docker-in-Docker over TLS, and the service under the job.
//! `cargo run --example dind_publish_hardened` prints it, with no warnings.

use std::process::ExitCode;

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, main_with};
use pipeline_dsl::vars::{CI_JOB_TOKEN, CI_REGISTRY, CI_REGISTRY_IMAGE};

/// The hardened publish pipeline.
pub fn pipeline() -> Pipeline {
    let registry = CI_REGISTRY.braced();
    let image = CI_REGISTRY_IMAGE.braced();
    let mut p = Pipeline::builder();
    p.variables([
        ("DOCKER_DRIVER", "overlay2"),
        ("DOCKER_TLS_CERTDIR", "/certs"),
        ("DOCKER_HOST", "tcp://docker:2376"),
        ("VERSION_TAG", "v1.2.3"),
    ]);
    let publish = p.stage("publish");
    p.job("publish-docker", |j| {
        j.stage(&publish)
            .image("docker:27.3")
            .service_with("docker:27.3-dind", |s| s.alias("docker"))
            .script([
                format!(
                    "echo -n \"{CI_JOB_TOKEN}\" | docker login -u gitlab-ci-token --password-stdin \"{registry}\""
                ),
                format!("docker build -t \"{image}:${{VERSION_TAG}}\" ."),
                format!("docker push \"{image}:${{VERSION_TAG}}\""),
            ])
    });
    p.build()
}

/// How the generated file names its generator.
pub fn header() -> Header {
    Header::new(
        "examples/dind_publish_hardened.rs",
        "cargo run --example dind_publish_hardened",
    )
}

#[allow(
    dead_code,
    reason = "the integration tests include this file for `pipeline()`"
)]
fn main() -> ExitCode {
    main_with(&pipeline(), &header())
}
