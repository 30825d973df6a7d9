use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job release {
            only: { variables: ["$RELEASE == \"true\" &&"] },
            script: ["./release"],
        }
    };
}
