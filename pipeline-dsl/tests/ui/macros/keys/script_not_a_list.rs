use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build { script: 3 }
    };
}
