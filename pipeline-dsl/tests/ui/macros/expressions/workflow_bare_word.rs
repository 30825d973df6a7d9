use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        workflow: { rules: [{ if: "$CI_PIPELINE_SOURCE == push" }] },
        job build { script: ["make"] }
    };
}
