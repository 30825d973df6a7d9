use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        services: ["postgres:"],
        job build { script: ["make"] }
    };
}
