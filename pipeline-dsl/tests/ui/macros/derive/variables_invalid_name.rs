use pipeline_dsl::Variables;

#[derive(Variables)]
struct Docker {
    #[variable(name = "DOCKER-DRIVER")]
    driver: String,
}

fn main() {}
