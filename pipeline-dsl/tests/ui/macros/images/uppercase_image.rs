use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build { image: "Alpine:3.20", script: ["make"] }
    };
}
