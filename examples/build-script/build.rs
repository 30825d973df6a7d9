//! Keeps `.gitlab-ci.yml` (next to this crate's `Cargo.toml`) in sync with the pipeline
//! below: written when it changed, left untouched otherwise, and only checked (the build
//! fails with a diff) when `CI` is set, so CI never regenerates what was not committed.

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, build_script};

fn pipeline() -> Pipeline {
    let mut p = Pipeline::builder();
    let test = p.stage("test");
    p.job("test", |j| {
        j.stage(&test)
            .image("rust:1.95")
            .script(["cargo test --locked"])
    });
    p.build()
}

#[allow(
    clippy::print_stdout,
    reason = "a build script talks to Cargo on stdout"
)]
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let header = Header::new(
        "examples/build-script/build.rs",
        "cargo build -p build-script-example",
    );
    if let Err(message) = build_script(&pipeline(), ".gitlab-ci.yml", &header) {
        // A build script reports failure by exiting non-zero; Cargo shows stderr.
        eprintln!("{message}");
        std::process::exit(1);
    }
}
