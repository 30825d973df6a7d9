//! The `pipeline-dsl` command: `fmt`, `check` and `schema` for `.gitlab-ci.yml` files.
//!
//! Exit codes: 0 success (warnings allowed), 1 the file has errors, 2 usage or I/O errors.

mod render;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pipeline_dsl::import::{self, ImportOptions};
use pipeline_dsl::validate::{self, ValidateOptions};

/// GitLab CI pipelines as typed Rust: check and format `.gitlab-ci.yml` files.
#[derive(Debug, Parser)]
#[command(name = "pipeline-dsl", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import FILE and write it back to stdout in the canonical form.
    Fmt {
        /// The `.gitlab-ci.yml` to format.
        file: PathBuf,
        /// Keep keys GitLab does not know (newer keywords) instead of refusing them.
        #[arg(long)]
        allow_unknown: bool,
    },
    /// Import FILE and report every problem, rustc-style.
    Check {
        /// The `.gitlab-ci.yml` to check.
        file: PathBuf,
        /// The file is included by others (references it does not define are warnings).
        #[arg(long)]
        partial: bool,
        /// Allow a lint (or `unknown-keyword`) by its code; repeatable.
        #[arg(long, value_name = "CODE")]
        allow: Vec<String>,
    },
    /// Print the JSON Schema of the model, for editors.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Fmt {
            file,
            allow_unknown,
        } => fmt(&file, allow_unknown),
        Command::Check {
            file,
            partial,
            allow,
        } => check(&file, partial, &allow),
        Command::Schema => schema(),
    }
}

fn read(path: &Path) -> Result<String, ExitCode> {
    std::fs::read(path)
        .map_err(|e| {
            report_line(&format!("error: cannot read `{}`: {e}", path.display()));
            ExitCode::from(2)
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                report_line(&format!(
                    "error: `{}` is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ));
                ExitCode::from(1)
            })
        })
}

fn fmt(path: &Path, allow_unknown: bool) -> ExitCode {
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let options = ImportOptions::new().allow_unknown(allow_unknown);
    match import::from_str_with(&text, &options) {
        Ok(imported) => {
            report(&render::diagnostics(path, &text, &imported.warnings));
            match pipeline_dsl::emit::to_string(&imported.pipeline) {
                Ok(yaml) => write_stdout(&yaml),
                Err(e) => {
                    report_line(&format!("error: {e}"));
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            report(&render::diagnostics(path, &text, &e.diagnostics));
            ExitCode::from(1)
        }
    }
}

fn check(path: &Path, partial: bool, allow: &[String]) -> ExitCode {
    let text = match read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let diagnostics = match import::from_str(&text) {
        Ok(imported) => {
            let mut options = ValidateOptions::new().partial(partial);
            if let Some(dir) = path.parent() {
                options = options.base_dir(if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                });
            }
            for code in allow {
                options = options.allow(code.as_str());
            }
            let mut found = imported.warnings;
            let mut validation = validate::check(&imported.pipeline, &options);
            imported.source_map.locate_all(&mut validation);
            found.0.append(&mut validation.0);
            found
        }
        Err(e) => e.diagnostics,
    };
    report(&render::diagnostics(path, &text, &diagnostics));
    let errors = diagnostics.errors().count();
    let warnings = diagnostics.warnings().count();
    report_line(&format!(
        "{}: {errors} error(s), {warnings} warning(s)",
        path.display()
    ));
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn schema() -> ExitCode {
    // Draft-07: the dialect of GitLab's own schema, which editors already load.
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<pipeline_dsl::Pipeline>();
    match serde_json::to_string_pretty(&schema) {
        Ok(json) => write_stdout(&(json + "\n")),
        Err(e) => {
            report_line(&format!("error: {e}"));
            ExitCode::from(2)
        }
    }
}

fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report_line(&format!("error: cannot write to stdout: {e}"));
            ExitCode::from(2)
        }
    }
}

/// Writes to stderr; a closed stderr is not worth a panic.
fn report(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`report`] with a newline.
fn report_line(text: &str) {
    report(&format!("{text}\n"));
}
