use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job test {
            needs: [lint],
            script: ["make test"],
        }
    };
}
