//! Examples are tests: each example's emitted YAML equals its committed
//! `examples/NAME.gitlab-ci.yml`, and the seed examples carry exactly the pipelines of the
//! two seed documents in `../shared/seeds/` (same data under GitLab's YAML loader).

use pipeline_dsl::emit;
use pipeline_dsl::import::load_values;
use pipeline_dsl::model::Value;

use crate::support::{same_data, skip_or_fail};

#[path = "../../examples/dind_build_push.rs"]
mod dind_build_push;
#[path = "../../examples/dind_publish.rs"]
mod dind_publish;

fn committed(name: &str) -> String {
    let path = format!(
        "{}/examples/{name}.gitlab-ci.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check_committed(name: &str, pipeline: &pipeline_dsl::Pipeline) {
    let emitted = emit::to_string(pipeline).unwrap();
    assert_eq!(
        emitted,
        committed(name),
        "examples/{name}.gitlab-ci.yml is stale; regenerate it with \
         `cargo run --example {name} > examples/{name}.gitlab-ci.yml`"
    );
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
fn dind_build_push_matches_its_committed_output_and_the_first_seed() {
    check_committed("dind_build_push", &dind_build_push::pipeline());
    check_seed("000_398171552413c4de.txt", "dind_build_push");
}

#[test]
fn dind_publish_matches_its_committed_output_and_the_second_seed() {
    check_committed("dind_publish", &dind_publish::pipeline());
    check_seed("001_924ed6309c560aa5.txt", "dind_publish");
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
