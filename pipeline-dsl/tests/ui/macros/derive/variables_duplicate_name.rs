use pipeline_dsl::Variables;

#[derive(Variables)]
struct Docker {
    docker_driver: String,
    #[variable(name = "DOCKER_DRIVER")]
    driver: String,
}

fn main() {}
