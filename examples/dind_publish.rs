//! The second seed pipeline: one `publish-docker` job that logs in, builds, tags and
//! pushes with `docker:dind` as a service. Written with the model types directly;
//! `cargo run --example dind_publish` prints it.

#![allow(
    clippy::print_stdout,
    reason = "an example prints the pipeline it builds"
)]

use pipeline_dsl::model::{Image, Job, OrReference, Pipeline, Script, Service, Variables};

/// The pipeline of the seed "DinD with Gitlab CI".
pub fn pipeline() -> Pipeline {
    let mut p = Pipeline::new();
    p.variables = Some(Variables::from([("DOCKER_DRIVER", "overlay2")]));
    p.services = Some(OrReference::Value(vec![Service::from("docker:dind")]));
    p.stages = Some(vec!["publish".into()]);

    let mut publish = Job::new();
    publish.stage = Some("publish".into());
    publish.image = Some(Image::from("docker"));
    publish.script = Some(Script::from([
        "export VERSION_TAG=v1.2.3",
        "docker login ${CI_REGISTRY} -u gitlab-ci-token -p ${CI_BUILD_TOKEN}",
        "docker build -t ${CI_REGISTRY_IMAGE}:latest -t ${CI_REGISTRY_IMAGE}:${VERSION_TAG}  .",
        "docker push ${CI_REGISTRY_IMAGE}:latest",
        "docker push ${CI_REGISTRY_IMAGE}:${VERSION_TAG}",
    ]));
    p.insert_job("publish-docker", publish);
    p
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
