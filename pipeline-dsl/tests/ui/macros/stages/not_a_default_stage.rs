use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job ship { stage: publish, script: ["./ship"] }
    };
}
