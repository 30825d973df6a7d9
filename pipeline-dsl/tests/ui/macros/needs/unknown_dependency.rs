use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job compile { script: ["make"] }
        job package {
            dependencies: [compiler],
            script: ["make package"],
        }
    };
}
