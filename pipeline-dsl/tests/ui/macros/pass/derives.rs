// `#[derive(Stages)]` and `#[derive(Variables)]`, with the builder and with `pipeline!`.
use pipeline_dsl::{Pipeline, Stages, Variables, emit, pipeline};

#[derive(Stages, Clone, Copy, PartialEq, Debug)]
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
    /// Jobs run at once.
    jobs: u32,
}

fn main() {
    assert_eq!(Ci::NAMES, ["build", "push-image"]);
    assert_eq!(Ci::ALL, [Ci::Build, Ci::PushImage]);
    assert_eq!(Ci::PushImage.to_string(), "push-image");
    assert_eq!(Docker::DOCKER_DRIVER.to_string(), "$DOCKER_DRIVER");
    assert_eq!(Docker::ALL.len(), 2);

    let mut b = Pipeline::builder();
    b.stages(Ci::NAMES);
    b.variables(Docker::default().variables());
    b.job("docker_image", |j| j.stage(Ci::Build).script(format!("echo {}", Docker::DOCKER_DRIVER)));
    let built = b.build();

    let p = pipeline! {
        stages: #(Ci::ALL),
        variables: #(Docker::default().variables()),
        job docker_image { stage: #(Ci::Build), script: [format!("echo {}", Docker::DOCKER_DRIVER)] }
    };
    assert_eq!(p, built);
    let yaml = emit::to_string(&p).unwrap();
    assert!(yaml.starts_with(
        "stages:\n- build\n- push-image\nvariables:\n  DOCKER_DRIVER:\n    value: overlay2\n    \
         description: The storage driver of docker:dind.\n  JOBS:\n    value: \"0\"\n"
    ), "{yaml}");
}
