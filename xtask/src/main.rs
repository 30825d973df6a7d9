//! `cargo xtask ci [--check | --out PATH]`: this repository's own `.gitlab-ci.yml`,
//! written with pipeline-dsl (dogfooding, and the xtask example of the book). Without
//! arguments it writes `.gitlab-ci.yml` at the repository root; `--check` fails with a
//! diff when the committed file is stale.

use std::path::PathBuf;
use std::process::ExitCode;

use pipeline_dsl::Pipeline;
use pipeline_dsl::emit::program::{Header, main_with, run};
use pipeline_dsl::model::Rule;
use pipeline_dsl::vars::{CI_COMMIT_BRANCH, CI_DEFAULT_BRANCH, CI_PIPELINE_SOURCE};

/// The pipeline of this repository: the same checks as `.ci/run`, split into jobs.
pub fn pipeline() -> Pipeline {
    let mut p = Pipeline::builder();
    p.workflow(|w| {
        w.rule(Rule::condition(format!(
            "{CI_PIPELINE_SOURCE} == \"merge_request_event\""
        )))
        .rule(Rule::condition(format!(
            "{CI_COMMIT_BRANCH} == {CI_DEFAULT_BRANCH}"
        )))
    })
    .variable("CARGO_TERM_COLOR", "always")
    .default(|d| {
        d.image("rust:1.95").interruptible(true).cache(|c| {
            c.key_with(|k| k.files(["Cargo.lock"]))
                .paths(["target/", ".cargo/registry/"])
        })
    });
    let [check, test] = p.stages(["check", "test"]);
    let fmt = p.job("fmt", |j| {
        j.stage(&check)
            .script(["rustup component add rustfmt", "cargo fmt --all --check"])
    });
    let clippy = p.job("clippy", |j| {
        j.stage(&check).script([
            "rustup component add clippy",
            "cargo clippy --workspace --all-targets --all-features --locked -- -D warnings",
        ])
    });
    p.job("test", |j| {
        j.stage(&test)
            .needs([&fmt, &clippy])
            .before_script(["apt-get update -qq", "apt-get install -y -qq ruby"])
            .script("cargo test --workspace --all-features --locked")
            .variable("CI", "true")
    });
    p.build()
}

fn header() -> Header {
    Header::new("xtask/src/main.rs", "cargo xtask ci")
}

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("ci") => {
            let rest: Vec<String> = args.collect();
            let target = repository_root().join(".gitlab-ci.yml");
            let target = target.to_string_lossy().into_owned();
            let args = match rest.as_slice() {
                [] => vec!["--out".to_owned(), target],
                [flag] if flag == "--check" => vec!["--check".to_owned(), target],
                _ => rest,
            };
            let mut stdout = std::io::stdout().lock();
            let mut stderr = std::io::stderr().lock();
            run(&pipeline(), &header(), args, &mut stdout, &mut stderr)
        }
        Some("print") => main_with(&pipeline(), &header()),
        _ => {
            let mut stderr = std::io::stderr().lock();
            let _ = std::io::Write::write_all(
                &mut stderr,
                b"usage: cargo xtask ci [--check | --out PATH]\n       cargo xtask print\n",
            );
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed `.gitlab-ci.yml` is what `cargo xtask ci` generates.
    #[test]
    fn the_committed_gitlab_ci_yml_is_fresh() {
        let target = repository_root().join(".gitlab-ci.yml");
        let args = vec!["--check".to_owned(), target.to_string_lossy().into_owned()];
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&pipeline(), &header(), args, &mut out, &mut err);
        assert_eq!(
            code,
            ExitCode::SUCCESS,
            "{}\nrun `cargo xtask ci` and commit the result",
            String::from_utf8_lossy(&err)
        );
    }
}
