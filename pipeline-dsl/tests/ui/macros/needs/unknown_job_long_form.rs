use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build_app { script: ["cargo build"] }
        job test_app {
            needs: [{ job: "build-app", artifacts: false }],
            script: ["cargo test"],
        }
    };
}
