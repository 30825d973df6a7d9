use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        external: [DOCKER_PASSWORD],
        job login {
            script: ["echo $DOCKER_PASWORD | docker login -u me --password-stdin"],
        }
    };
}
