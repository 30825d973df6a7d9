// Rust values spliced into a pipeline: `#(expr)` anywhere a value goes, macro calls as is.
use pipeline_dsl::{emit, pipeline};

fn main() {
    let toolchain = "1.95";
    let checks = vec!["cargo fmt --check".to_owned(), "cargo clippy".to_owned()];
    let p = pipeline! {
        job lint {
            image: #(format!("rust:{toolchain}")),
            script: #(checks),
        }
        job test {
            image: format!("rust:{toolchain}"),
            script: ["cargo test", format!("echo tested on {toolchain}")],
            retry: #(1 + 1),
        }
    };
    let yaml = emit::to_string(&p).unwrap();
    assert!(yaml.contains("lint:\n  image: rust:1.95\n  script:\n  - cargo fmt --check\n  - cargo clippy\n"));
    assert!(yaml.contains("  - echo tested on 1.95\n  retry: 2\n"), "{yaml}");
}
