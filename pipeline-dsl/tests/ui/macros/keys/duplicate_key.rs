use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test],
        job test_app {
            stage: build,
            stage: test,
            script: ["cargo test"],
        }
    };
}
