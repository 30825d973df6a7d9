use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test],
        job ship { stage: release, script: ["./ship"] }
    };
}
