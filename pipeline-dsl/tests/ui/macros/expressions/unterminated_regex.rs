use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job release {
            rules: [{ if: "$CI_COMMIT_TAG =~ /^v\\d+" }],
            script: ["./release"],
        }
    };
}
