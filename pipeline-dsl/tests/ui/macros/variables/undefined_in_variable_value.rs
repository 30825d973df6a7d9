use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        variables: { IMAGE: "$CI_REGISTRY_IMAGE:$IMAGE_TAG" },
        job build { script: ["docker build -t $IMAGE ."] }
    };
}
