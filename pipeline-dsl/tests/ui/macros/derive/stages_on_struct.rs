use pipeline_dsl::Stages;

#[derive(Stages)]
struct Ci {
    build: bool,
}

fn main() {}
