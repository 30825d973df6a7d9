//! Examples are tests: each example's output equals its committed
//! `examples/NAME.gitlab-ci.yml`; the seed examples carry exactly the pipelines of the two
//! seed documents in `../shared/seeds/` (same data under GitLab's YAML loader) and show
//! their lints; the hardened ones are lint-clean; every output is schema-valid.

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, render};
use pipeline_dsl::import::load_values;
use pipeline_dsl::model::{
    Image, Job, OnlyExcept, OrReference, Script, Service, StringItem, Value, Variables,
};

use crate::support::{same_data, schema_validator, shared_gitlab_ci, skip_or_fail, to_json};

#[path = "../../examples/dind_build_push.rs"]
mod dind_build_push;
#[path = "../../examples/dind_build_push_hardened.rs"]
mod dind_build_push_hardened;
#[path = "../../examples/dind_publish.rs"]
mod dind_publish;
#[path = "../../examples/dind_publish_hardened.rs"]
mod dind_publish_hardened;

fn committed(name: &str) -> String {
    let path = format!(
        "{}/examples/{name}.gitlab-ci.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Validates, renders, compares with the committed output; returns the lint codes.
fn check_example(name: &str, pipeline: &Pipeline, header: &Header) -> Vec<&'static str> {
    let validated = pipeline
        .validate()
        .unwrap_or_else(|e| panic!("{name} is not valid:\n{e}"));
    let emitted = render(&validated, header).unwrap();
    assert_eq!(
        emitted,
        committed(name),
        "examples/{name}.gitlab-ci.yml is stale; regenerate it with \
         `cargo run --example {name} > examples/{name}.gitlab-ci.yml`"
    );
    if let Some(dir) = shared_gitlab_ci() {
        let json = to_json(&load_values(&emitted).unwrap()[0]);
        let errors: Vec<String> = schema_validator(&dir)
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name} is not schema-valid: {errors:?}");
    }
    validated.warnings().iter().map(|d| d.code).collect()
}

/// The first fenced code block of a seed document that holds a pipeline (`stages:`).
fn seed_pipeline(file: &str) -> Option<String> {
    let path = format!("{}/../shared/seeds/{file}", env!("CARGO_MANIFEST_DIR"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        skip_or_fail(&format!("{path} not found"));
        return None;
    };
    let mut blocks = text.split("```").skip(1).step_by(2);
    let block = blocks
        .find(|b| b.contains("stages:"))
        .unwrap_or_else(|| panic!("{path}: no pipeline block"));
    // Drop the info string (`yaml`) on the fence line.
    Some(
        block
            .split_once('\n')
            .map_or("", |(_, body)| body)
            .to_owned(),
    )
}

fn check_seed(seed_file: &str, name: &str) {
    let Some(seed) = seed_pipeline(seed_file) else {
        return;
    };
    let seed_data = load_values(&seed).unwrap();
    let ours = load_values(&committed(name)).unwrap();
    assert_eq!(seed_data.len(), 1);
    assert!(
        same_data(&seed_data[0], &ours[0]),
        "examples/{name}.gitlab-ci.yml does not carry the seed's pipeline:\nseed: {:?}\nours: {:?}",
        seed_data[0],
        ours[0]
    );
}

#[test]
fn dind_build_push_reproduces_the_first_seed_and_shows_its_lints() {
    let lints = check_example(
        "dind_build_push",
        &dind_build_push::pipeline(),
        &dind_build_push::header(),
    );
    check_seed("000_398171552413c4de.txt", "dind_build_push");
    for code in [
        "image-latest",
        "dind-without-tls",
        "deprecated-global-keyword",
        "only-except-deprecated",
    ] {
        assert!(lints.contains(&code), "{code} missing from {lints:?}");
    }
}

#[test]
fn dind_publish_reproduces_the_second_seed_and_shows_its_lints() {
    let lints = check_example(
        "dind_publish",
        &dind_publish::pipeline(),
        &dind_publish::header(),
    );
    check_seed("001_924ed6309c560aa5.txt", "dind_publish");
    for code in [
        "password-on-command-line",
        "deprecated-variable",
        "image-untagged",
        "dind-without-tls",
        "deprecated-global-keyword",
    ] {
        assert!(lints.contains(&code), "{code} missing from {lints:?}");
    }
}

#[test]
fn the_hardened_examples_are_lint_clean() {
    let a = check_example(
        "dind_build_push_hardened",
        &dind_build_push_hardened::pipeline(),
        &dind_build_push_hardened::header(),
    );
    assert!(a.is_empty(), "{a:?}");
    let b = check_example(
        "dind_publish_hardened",
        &dind_publish_hardened::pipeline(),
        &dind_publish_hardened::header(),
    );
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn the_folded_docker_build_command_of_the_first_seed_is_one_line_with_a_newline() {
    let data = load_values(&committed("dind_build_push")).unwrap();
    let script = &data[0].as_map().unwrap()["Build"].as_map().unwrap()["script"];
    let Value::Seq(lines) = script else {
        panic!("script is a list")
    };
    assert_eq!(
        lines[1],
        Value::from(
            "docker build --pull --cache-from $CI_REGISTRY_IMAGE:latest --tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n"
        )
    );
}

/// The first seed, with the model types (the builder is checked against it).
fn dind_build_push_model() -> Pipeline {
    let mut p = Pipeline::new();
    p.image = Some(Image::from("docker:latest"));
    p.variables = Some(Variables::from([("DOCKER_DRIVER", "overlay2")]));
    p.stages = Some(vec!["build".into(), "push".into()]);
    p.services = Some(OrReference::Value(vec![Service::from("docker:dind")]));
    p.before_script = Some(Script::from([
        "echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY",
        "docker version",
        "docker info",
    ]));
    p.after_script = Some(Script::from(["docker logout registry.gitlab.com"]));
    let mut build = Job::new();
    build.stage = Some("build".into());
    build.script = Some(Script::from([
        "docker pull $CI_REGISTRY_IMAGE:latest || true",
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

/// The second seed, with the model types (the builder is checked against it).
fn dind_publish_model() -> Pipeline {
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

#[test]
fn the_builder_examples_equal_the_model_built_seed_pipelines() {
    assert_eq!(dind_build_push::pipeline(), dind_build_push_model());
    assert_eq!(dind_publish::pipeline(), dind_publish_model());
}
