use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            script: ["./deploy --token ${DEPLOY_TOKEN}"],
        }
    };
}
