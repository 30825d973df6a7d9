//! The first seed pipeline: build a Docker image with `docker:dind` on every push, and
//! push it under the Git tag's name when a tag is pushed. Written with the model types
//! directly (the builder comes later); `cargo run --example dind_build_push` prints it.

#![allow(
    clippy::print_stdout,
    reason = "an example prints the pipeline it builds"
)]

use pipeline_dsl::model::{
    Image, Job, OnlyExcept, OrReference, Pipeline, Script, Service, StringItem, Variables,
};

/// The pipeline of the seed "Gitlab CI to Build and Push containers to registry".
pub fn pipeline() -> Pipeline {
    let mut p = Pipeline::new();
    p.image = Some(Image::from("docker:latest"));
    p.variables = Some(Variables::from([("DOCKER_DRIVER", "overlay2")]));
    p.stages = Some(vec!["build".into(), "push".into()]);
    p.services = Some(OrReference::Value(vec![Service::from("docker:dind")]));
    p.before_script = Some(Script::from([
        // docker login reads the password from stdin, so it never shows on a command line.
        "echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY",
        "docker version",
        "docker info",
    ]));
    p.after_script = Some(Script::from(["docker logout registry.gitlab.com"]));

    let mut build = Job::new();
    build.stage = Some("build".into());
    build.script = Some(Script::from([
        "docker pull $CI_REGISTRY_IMAGE:latest || true",
        // The seed writes this as a folded block (`>`): one line, with a final newline.
        "docker build --pull --cache-from $CI_REGISTRY_IMAGE:latest \
         --tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n",
        "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA",
    ]));
    p.insert_job("Build", build);

    let mut push = Job::new();
    push.stage = Some("push".into());
    push.only = Some(OnlyExcept::Refs(vec![StringItem::from("tags")]));
    push.script = Some(Script::from([
        "docker pull $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA",
        "docker tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME",
        "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME",
    ]));
    p.insert_job("Push_When_tag", push);
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
