//! `pipeline!` and the builder hold one meaning: the macro versions of the seed examples
//! give the same model as their model-built versions, and emit the committed YAML; small
//! cases pin down how the macro's forms map onto the builder.

use pipeline_dsl::emit::program::render;
use pipeline_dsl::{Pipeline, Stages, Variables, emit, pipeline};

#[allow(
    clippy::duplicate_mod,
    reason = "`examples` includes the model-built example too, privately"
)]
#[path = "../../examples/dind_build_push.rs"]
mod dind_build_push;
#[path = "../../examples/dind_build_push_macro.rs"]
mod dind_build_push_macro;
#[allow(
    clippy::duplicate_mod,
    reason = "`examples` includes the model-built example too, privately"
)]
#[path = "../../examples/dind_publish.rs"]
mod dind_publish;
#[path = "../../examples/dind_publish_macro.rs"]
mod dind_publish_macro;

fn committed(name: &str) -> String {
    let path = format!(
        "{}/examples/{name}.gitlab-ci.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_macro_seed_examples_equal_the_model_built_ones() {
    assert_eq!(
        dind_build_push_macro::pipeline(),
        dind_build_push::pipeline()
    );
    assert_eq!(dind_publish_macro::pipeline(), dind_publish::pipeline());
}

#[test]
fn the_macro_seed_examples_emit_the_committed_yaml() {
    for (name, p, header) in [
        (
            "dind_build_push",
            dind_build_push_macro::pipeline(),
            dind_build_push::header(),
        ),
        (
            "dind_publish",
            dind_publish_macro::pipeline(),
            dind_publish::header(),
        ),
    ] {
        let validated = p.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        // Byte-identical, header included, when rendered under the model example's header;
        // and the YAML alone is what `emit::to_string` writes.
        assert_eq!(
            render(&validated, &header).unwrap(),
            committed(name),
            "{name}"
        );
        assert!(
            committed(name).ends_with(&emit::to_string(&p).unwrap()),
            "{name}"
        );
    }
}

#[test]
fn the_macro_seed_examples_match_their_own_committed_output() {
    for (name, p, header) in [
        (
            "dind_build_push_macro",
            dind_build_push_macro::pipeline(),
            dind_build_push_macro::header(),
        ),
        (
            "dind_publish_macro",
            dind_publish_macro::pipeline(),
            dind_publish_macro::header(),
        ),
    ] {
        let validated = p.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            render(&validated, &header).unwrap(),
            committed(name),
            "examples/{name}.gitlab-ci.yml is stale; regenerate it with \
             `cargo run --example {name} > examples/{name}.gitlab-ci.yml`"
        );
    }
}

#[test]
fn jobs_stages_and_needs_expand_to_the_builder_calls() {
    let p = pipeline! {
        stages: [build, test],
        job build_app { stage: build, script: ["cargo build"] }
        job test_app { stage: test, needs: [build_app], script: ["cargo test"] }
    };
    let mut b = Pipeline::builder();
    let [build, test] = b.stages(["build", "test"]);
    let build_app = b.job("build_app", |j| j.stage(&build).script(["cargo build"]));
    b.job("test_app", |j| {
        j.stage(&test).need(&build_app).script(["cargo test"])
    });
    assert_eq!(p, b.build());
}

#[test]
fn a_job_may_name_a_job_defined_after_it() {
    let p = pipeline! {
        job test { needs: [build], script: ["make test"] }
        job build { extends: .base, script: ["make"] }
        job .base { image: "alpine:3.20" }
    };
    let yaml = emit::to_string(&p).unwrap();
    assert!(yaml.contains("test:\n  needs:\n  - build\n"), "{yaml}");
    assert!(yaml.contains("build:\n  extends: .base\n"), "{yaml}");
}

#[test]
fn default_stages_need_no_declaration_and_write_no_stages_key() {
    let p = pipeline! {
        job compile { stage: build, script: ["make"] }
        job ship { stage: deploy, script: ["./ship"] }
        job setup { stage: .pre, script: ["./setup"] }
    };
    let yaml = emit::to_string(&p).unwrap();
    assert!(!yaml.contains("stages:"), "{yaml}");
    assert!(yaml.contains("setup:\n  stage: .pre\n"), "{yaml}");
}

#[test]
fn splices_take_rust_values() {
    let version = "1.95";
    let extra = vec!["cargo doc".to_owned()];
    let p = pipeline! {
        job docs {
            image: format!("rust:{version}"),
            script: ["cargo build", #(format!("echo {version}"))],
            after_script: #(extra),
            variables: { RUST_VERSION: #(version) },
        }
    };
    let mut b = Pipeline::builder();
    b.job("docs", |j| {
        j.image(format!("rust:{version}"))
            .script(["cargo build".to_owned(), format!("echo {version}")])
            .after_script(vec!["cargo doc".to_owned()])
            .variable("RUST_VERSION", version)
    });
    assert_eq!(p, b.build());
}

#[test]
fn rules_map_onto_rule_values() {
    let p = pipeline! {
        job deploy {
            rules: [
                { if: "$CI_COMMIT_TAG", when: manual },
                { changes: ["src/**/*"], variables: { FULL: true } },
                { when: never },
            ],
            script: ["./deploy"],
        }
    };
    use pipeline_dsl::model::{Rule, When};
    let mut b = Pipeline::builder();
    b.job("deploy", |j| {
        j.rule(Rule::condition("$CI_COMMIT_TAG").when(When::Manual))
            .rule(Rule::always().changes(["src/**/*"]).variable("FULL", true))
            .rule(Rule::always().when(When::Never))
            .script(["./deploy"])
    });
    assert_eq!(p, b.build());
}

#[derive(Stages, Clone, Copy, Debug, PartialEq)]
enum Ci {
    Build,
    #[stage(name = "push-image")]
    PushImage,
}

#[derive(Variables)]
struct Docker {
    /// The storage driver of docker:dind.
    #[variable(value = "overlay2")]
    docker_driver: String,
}

#[test]
fn derived_stages_and_variables_work_with_the_macro_and_the_builder() {
    assert_eq!(Ci::NAMES, ["build", "push-image"]);
    assert_eq!(Ci::PushImage.name(), "push-image");
    assert_eq!(format!("{}", Docker::DOCKER_DRIVER), "$DOCKER_DRIVER");
    let p = pipeline! {
        stages: #(Ci::ALL),
        variables: #(Docker::default().variables()),
        job push { stage: #(Ci::PushImage), script: [format!("echo {}", Docker::DOCKER_DRIVER)] }
    };
    let mut b = Pipeline::builder();
    b.stages(Ci::NAMES);
    b.variables(Docker::default().variables());
    b.job("push", |j| {
        j.stage(Ci::PushImage)
            .script(format!("echo {}", Docker::DOCKER_DRIVER))
    });
    assert_eq!(p, b.build());
    let yaml = emit::to_string(&p).unwrap();
    assert!(yaml.contains(
        "variables:\n  DOCKER_DRIVER:\n    value: overlay2\n    description: The storage driver of docker:dind.\n"
    ), "{yaml}");
}
