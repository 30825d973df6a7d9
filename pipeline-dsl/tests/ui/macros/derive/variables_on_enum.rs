use pipeline_dsl::Variables;

#[derive(Variables)]
enum Docker {
    Driver,
}

fn main() {}
