use pipeline_dsl::Stages;

#[derive(Stages)]
enum Ci {}

fn main() {}
