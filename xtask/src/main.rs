//! Project automation. `cargo xtask ci [--check | --out PATH]`: this repository's own
//! `.gitlab-ci.yml`, written with pipeline-dsl (dogfooding, and the xtask example of the
//! book); without arguments it writes `.gitlab-ci.yml` at the repository root, and
//! `--check` fails with a diff when the committed file is stale. `cargo xtask codegen
//! [--check]`: the generated book pages (the diagnostics reference).

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write;

#[cfg(test)]
mod tidy;

use pipeline_dsl::emit::file::{Mode, with_header, write_file};
use pipeline_dsl::emit::program::{Header, main_with, run};
use pipeline_dsl::model::Rule;
use pipeline_dsl::validate::CODES;
use pipeline_dsl::vars::{CI_COMMIT_BRANCH, CI_DEFAULT_BRANCH, CI_PIPELINE_SOURCE};
use pipeline_dsl::{Pipeline, Severity};

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

fn diagnostics_page_path() -> PathBuf {
    repository_root().join("book/src/reference/diagnostics.md")
}

/// The diagnostics reference of the book, from `validate::CODES`.
fn diagnostics_page() -> String {
    let mut page = String::from(
        "# Diagnostics reference\n\n\
         Every code `validate` reports. Errors are what GitLab would refuse; warnings are \
         lints, each of which can be allowed by its code (`ValidateOptions::allow`, \
         `pipeline-dsl check --allow CODE`), as can `unknown-keyword`.\n\n\
         | code | severity | meaning |\n|---|---|---|\n",
    );
    for (code, severity, meaning) in CODES {
        let severity = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        page.push_str(&format!(
            "| `{code}` | {severity} | {} |\n",
            meaning.replace('|', "\\|")
        ));
    }
    // Markdown has no comment syntax mdBook hides, so the marker sits in an HTML comment.
    with_header(&page, "xtask/src/main.rs", "cargo xtask codegen")
        .replacen("# Generated", "<!-- Generated", 1)
        .replacen(
            "\n# Regenerate with: cargo xtask codegen\n",
            " Regenerate with: cargo xtask codegen -->\n",
            1,
        )
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
        Some("codegen") => {
            let check = args.next().as_deref() == Some("--check");
            // The page cannot carry the `#` marker (it is Markdown): the path is ours alone.
            let mode = if check {
                Mode::Check
            } else {
                Mode::Write { force: true }
            };
            match write_file(&diagnostics_page_path(), &diagnostics_page(), mode) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    let mut stderr = std::io::stderr().lock();
                    let _ = writeln!(stderr, "error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        _ => {
            let mut stderr = std::io::stderr().lock();
            let _ = Write::write_all(
                &mut stderr,
                b"usage: cargo xtask ci [--check | --out PATH]\n       cargo xtask print\n       cargo xtask codegen [--check]\n",
            );
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated book pages are what `cargo xtask codegen` writes.
    #[test]
    fn generated_book_pages_are_fresh() {
        let result = write_file(&diagnostics_page_path(), &diagnostics_page(), Mode::Check);
        assert!(
            result.is_ok(),
            "{}\nrun `cargo xtask codegen` and commit the result",
            result.unwrap_err()
        );
    }

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
