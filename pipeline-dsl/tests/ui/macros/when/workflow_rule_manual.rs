use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        workflow: { rules: [{ if: "$CI_COMMIT_TAG", when: manual }] },
        job deploy { script: ["./deploy"] }
    };
}
