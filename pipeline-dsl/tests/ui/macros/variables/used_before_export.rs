use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build {
            script: ["echo $VERSION", "export VERSION=1.2.3"],
        }
    };
}
