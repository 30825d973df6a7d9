use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job variables { script: ["make"] }
    };
}
