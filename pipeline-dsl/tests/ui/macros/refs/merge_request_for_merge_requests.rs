use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job review {
            only: [merge_request, main],
            script: ["./review"],
        }
    };
}
