use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build { script: ["make"] }
        job build { script: ["make all"] }
    };
}
