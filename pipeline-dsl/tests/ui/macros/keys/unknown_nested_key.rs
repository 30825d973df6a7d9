use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build {
            script: ["make"],
            artifacts: { pahts: ["out/"], expire_in: "1 week" },
        }
    };
}
