use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build {
            stage: build
            script: ["make"],
        }
    };
}
