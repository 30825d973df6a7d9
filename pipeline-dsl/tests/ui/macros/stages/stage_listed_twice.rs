use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test, build],
        job compile { stage: build, script: ["make"] }
    };
}
