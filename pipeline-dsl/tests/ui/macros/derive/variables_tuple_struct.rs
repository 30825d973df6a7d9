use pipeline_dsl::Variables;

#[derive(Variables)]
struct Docker(String);

fn main() {}
