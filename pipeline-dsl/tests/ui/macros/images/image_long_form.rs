use pipeline_dsl::pipeline;

fn main() {
    let _ = pipeline! {
        default: { image: { name: "rust::1.95", entrypoint: [""] } },
        job build { script: ["make"] }
    };
}
