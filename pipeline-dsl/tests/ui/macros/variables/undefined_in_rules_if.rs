use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            rules: [{ if: "$DEPLOY_ENABLED == \"true\"" }],
            script: ["./deploy"],
        }
    };
}
