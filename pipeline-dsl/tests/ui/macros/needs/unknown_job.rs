use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stages: [build, test],
        job build_app { stage: build, script: ["cargo build"] }
        job test_app {
            stage: test,
            needs: [buld_app],
            script: ["cargo test"],
        }
    };
}
