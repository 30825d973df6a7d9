use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job .template { image: "rust:1.95" }
        job build {
            extends: .tmplate,
            script: ["cargo build"],
        }
    };
}
