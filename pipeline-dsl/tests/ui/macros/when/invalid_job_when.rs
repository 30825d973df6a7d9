use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        job deploy {
            when: manaul,
            script: ["./deploy"],
        }
    };
}
