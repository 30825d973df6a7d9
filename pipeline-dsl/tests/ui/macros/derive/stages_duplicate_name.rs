use pipeline_dsl::Stages;

#[derive(Stages)]
enum Ci {
    Build,
    #[stage(name = "build")]
    Compile,
}

fn main() {}
