use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job build {
            script: ["export VERSION=1.2.3", "make VERSION=$VERSION"],
            after_script: ["echo built $VERSION"],
        }
    };
}
