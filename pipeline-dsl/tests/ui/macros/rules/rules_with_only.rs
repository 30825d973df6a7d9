use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            rules: [{ if: "$CI_COMMIT_TAG" }],
            only: [tags],
            script: ["./deploy"],
        }
    };
}
