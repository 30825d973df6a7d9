use pipeline_dsl::Variables;

#[derive(Variables)]
struct Docker {
    /// The storage driver.
    #[variable(vaule = "overlay2")]
    docker_driver: String,
}

fn main() {}
