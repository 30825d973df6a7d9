use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        script: ["make"],
        job build { script: ["make"] }
    };
}
