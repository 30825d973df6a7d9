use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        stagse: [build, test],
        job build { stage: build, script: ["make"] }
    };
}
