use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            rules: [{ if: "$CI_COMMIT_BRANCH = \"main\"" }],
            script: ["./deploy"],
        }
    };
}
