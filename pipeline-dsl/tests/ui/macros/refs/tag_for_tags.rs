use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job release {
            only: [tag],
            script: ["./release"],
        }
    };
}
