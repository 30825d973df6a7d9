use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build {
            stages: [build],
            script: ["make"],
        }
    };
}
