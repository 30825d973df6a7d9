use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            environment: { name: "review", on_stop: stop_reveiw },
            script: ["./deploy"],
        }
        job stop_review {
            environment: { name: "review", action: stop },
            when: manual,
            script: ["./stop"],
        }
    };
}
