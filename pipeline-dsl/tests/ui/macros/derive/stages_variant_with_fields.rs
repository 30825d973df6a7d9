use pipeline_dsl::Stages;

#[derive(Stages)]
enum Ci {
    Build,
    Deploy(String),
}

fn main() {}
