use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            needs: [{ project: "group/app", job: "build" }],
            script: ["./deploy"],
        }
    };
}
