// With an error, the spliced Rust code is still type-checked, so its variables are used:
// the only error is the macro's own.
use pipeline_dsl::pipeline;

fn main() {
    let version = "1.95";
    let _ = pipeline! {
        job build {
            image: #(format!("rust:{version}")),
            scirpt: ["cargo build"],
        }
    };
}
