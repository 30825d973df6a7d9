use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test, deploy],
        job ship { stage: deplyo, script: ["./ship"] }
    };
}
