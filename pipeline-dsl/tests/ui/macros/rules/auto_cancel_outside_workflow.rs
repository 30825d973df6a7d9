use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            rules: [{ if: "$CI_COMMIT_TAG", auto_cancel: { on_new_commit: none } }],
            script: ["./deploy"],
        }
    };
}
