//! The `pipeline-dsl` command.
fn main() {}
