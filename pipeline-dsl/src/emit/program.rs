//! One behaviour for every program that generates a `.gitlab-ci.yml` (an example, an
//! xtask, a user's binary, a build script): validate, show the warnings on stderr, then
//! print the YAML, write it safely (`--out PATH`), or check it (`--check PATH`).
//!
//! ```no_run
//! use std::process::ExitCode;
//! use pipeline_dsl::Pipeline;
//! use pipeline_dsl::emit::program::{Header, main_with};
//!
//! fn pipeline() -> Pipeline {
//!     let mut p = Pipeline::builder();
//!     p.job("build", |j| j.image("rust:1.95").script("cargo build"));
//!     p.build()
//! }
//!
//! fn main() -> ExitCode {
//!     main_with(&pipeline(), &Header::new("src/bin/ci.rs", "cargo run --bin ci -- --out .gitlab-ci.yml"))
//! }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::file::{self, FileError, Mode, Outcome};
use crate::validate::{ValidateOptions, Validated};
use crate::{Diagnostics, Pipeline};

/// What the generated file's marker header says: who generated it and how to regenerate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    source: String,
    command: String,
}

impl Header {
    /// A header naming the generator's `source` file and the `command` that regenerates.
    pub fn new(source: impl Into<String>, command: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            command: command.into(),
        }
    }
}

/// The YAML text of a validated pipeline, with the marker header.
///
/// # Errors
/// When the emitter refuses the pipeline (a `<<` key), see [`super::EmitError`].
pub fn render(validated: &Validated, header: &Header) -> Result<String, super::EmitError> {
    let yaml = super::to_string(validated.pipeline())?;
    Ok(file::with_header(&yaml, &header.source, &header.command))
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// No arguments: the YAML on stdout.
    Print,
    /// `--out PATH [--force]`: write the file (atomically, only when it changed).
    Write {
        /// The file.
        path: PathBuf,
        /// Replace a file without our marker header.
        force: bool,
    },
    /// `--check PATH`: fail with a diff when the file is stale.
    Check {
        /// The file.
        path: PathBuf,
    },
}

impl Action {
    /// Reads `--out PATH`, `--check PATH` and `--force` (also `--out=PATH`).
    ///
    /// # Errors
    /// A message for an unknown argument, a missing path, or `--out` with `--check`.
    pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Self, String> {
        let mut out: Option<PathBuf> = None;
        let mut check: Option<PathBuf> = None;
        let mut force = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("`{name}` needs a path"))
            };
            match flag.as_str() {
                "--out" => out = Some(value("--out")?),
                "--check" => check = Some(value("--check")?),
                "--force" => force = true,
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
            }
        }
        match (out, check) {
            (Some(_), Some(_)) => Err(format!("use either `--out` or `--check`\n{USAGE}")),
            (Some(path), None) => Ok(Action::Write { path, force }),
            (None, Some(path)) if !force => Ok(Action::Check { path }),
            (None, Some(_)) => Err(format!("`--force` goes with `--out`\n{USAGE}")),
            (None, None) if force => Err(format!("`--force` goes with `--out`\n{USAGE}")),
            (None, None) => Ok(Action::Print),
        }
    }
}

const USAGE: &str = "usage: [--out PATH [--force] | --check PATH]  (no arguments: print the YAML)";

/// The whole program: validates `pipeline`, reports on stderr, and acts on the process's
/// command line. Exit code 0 on success, 1 on validation errors, a stale file or a refused
/// write, 2 on usage errors.
pub fn main_with(pipeline: &Pipeline, header: &Header) -> ExitCode {
    let args = std::env::args().skip(1);
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    run(pipeline, header, args, &mut stdout, &mut stderr)
}

/// [`main_with`] with explicit arguments and streams (for tests and embedding).
pub fn run<I, O, E>(
    pipeline: &Pipeline,
    header: &Header,
    args: I,
    out: &mut O,
    err: &mut E,
) -> ExitCode
where
    I: IntoIterator<Item = String>,
    O: Write,
    E: Write,
{
    let action = match Action::parse(args) {
        Ok(a) => a,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return ExitCode::from(2);
        }
    };
    let validated = match pipeline.validate_with(&ValidateOptions::new()) {
        Ok(v) => v,
        Err(diagnostics) => {
            report(err, &diagnostics);
            let _ = writeln!(err, "error: the pipeline is not valid; nothing was written");
            return ExitCode::from(1);
        }
    };
    report(err, validated.warnings());
    let text = match render(&validated, header) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return ExitCode::from(1);
        }
    };
    match act(&action, &text) {
        Ok(None) => {
            if out
                .write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Ok(Some(message)) => {
            let _ = writeln!(err, "{message}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Does the file part of `action`; `Ok(None)` means "print the text".
fn act(action: &Action, text: &str) -> Result<Option<String>, FileError> {
    let message = |path: &Path, outcome: Outcome| match outcome {
        Outcome::Written => format!("wrote {}", path.display()),
        Outcome::Unchanged => format!("{} is up to date (not touched)", path.display()),
        Outcome::UpToDate => format!("{} is up to date", path.display()),
    };
    match action {
        Action::Print => Ok(None),
        Action::Write { path, force } => {
            file::write_file(path, text, Mode::Write { force: *force })
                .map(|o| Some(message(path, o)))
        }
        Action::Check { path } => {
            file::write_file(path, text, Mode::Check).map(|o| Some(message(path, o)))
        }
    }
}

fn report<E: Write>(err: &mut E, diagnostics: &Diagnostics) {
    for d in diagnostics {
        let _ = writeln!(err, "{d}\n");
    }
}

/// For a build script: validates `pipeline` and writes (or, when `CI` is set, checks)
/// `path`, relative to the package (`CARGO_MANIFEST_DIR`); tells Cargo to rerun when the
/// file changes. Warnings are shown as `cargo:warning` lines.
///
/// Cargo expects build scripts to write only under `OUT_DIR`: writing the repository's
/// `.gitlab-ci.yml` from `build.rs` is a choice to make knowingly (an xtask or a test in
/// check mode is the cleaner home); check mode in CI is always safe.
///
/// # Errors
/// Validation errors, a stale file in check mode, a hand-written file, or I/O errors, as a
/// message ready to show.
pub fn build_script(
    pipeline: &Pipeline,
    path: impl AsRef<Path>,
    header: &Header,
) -> Result<(), String> {
    let root =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
    let path = root.join(path);
    #[allow(clippy::print_stdout, reason = "build scripts talk to Cargo on stdout")]
    {
        println!("cargo:rerun-if-changed={}", path.display());
        println!("cargo:rerun-if-env-changed=CI");
    }
    let validated = pipeline.validate().map_err(|d| d.to_string())?;
    for d in validated.warnings() {
        #[allow(clippy::print_stdout, reason = "build scripts talk to Cargo on stdout")]
        {
            println!("cargo:warning={}", d.to_string().replace('\n', " "));
        }
    }
    let text = render(&validated, header).map_err(|e| e.to_string())?;
    file::write_file(&path, &text, Mode::from_env())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        let mut p = Pipeline::builder();
        p.job("build", |j| j.image("rust:1.95").script("cargo build"));
        p.build()
    }

    fn header() -> Header {
        Header::new("test.rs", "cargo test")
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pipeline-dsl-program-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(".gitlab-ci.yml")
    }

    #[test]
    fn no_arguments_print_the_yaml_with_its_header() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&pipeline(), &header(), args(&[]), &mut out, &mut err);
        assert_eq!(code, ExitCode::SUCCESS);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(file::MARKER), "{text}");
        assert!(
            text.ends_with("build:\n  image: rust:1.95\n  script:\n  - cargo build\n"),
            "{text}"
        );
    }

    #[test]
    fn out_writes_then_leaves_the_file_alone_and_check_passes() {
        let path = temp("out");
        let p = path.to_str().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            run(
                &pipeline(),
                &header(),
                args(&["--out", p]),
                &mut out,
                &mut err
            ),
            ExitCode::SUCCESS
        );
        assert!(out.is_empty());
        assert_eq!(
            run(
                &pipeline(),
                &header(),
                args(&[&format!("--out={p}")]),
                &mut out,
                &mut err
            ),
            ExitCode::SUCCESS
        );
        assert!(String::from_utf8_lossy(&err).contains("up to date (not touched)"));
        assert_eq!(
            run(
                &pipeline(),
                &header(),
                args(&["--check", p]),
                &mut out,
                &mut err
            ),
            ExitCode::SUCCESS
        );
    }

    #[test]
    fn a_stale_file_fails_the_check_with_a_diff() {
        let path = temp("stale");
        let p = path.to_str().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        run(
            &pipeline(),
            &header(),
            args(&["--out", p]),
            &mut out,
            &mut err,
        );
        let mut changed = Pipeline::builder();
        changed.job("build", |j| j.image("rust:1.96").script("cargo build"));
        let mut err = Vec::new();
        assert_eq!(
            run(
                &changed.build(),
                &header(),
                args(&["--check", p]),
                &mut out,
                &mut err
            ),
            ExitCode::from(1)
        );
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.contains("-  image: rust:1.95") && err.contains("+  image: rust:1.96"),
            "{err}"
        );
    }

    #[test]
    fn a_hand_written_file_is_refused_without_force() {
        let path = temp("hand");
        std::fs::write(&path, "build:\n  script: make\n").unwrap();
        let p = path.to_str().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            run(
                &pipeline(),
                &header(),
                args(&["--out", p]),
                &mut out,
                &mut err
            ),
            ExitCode::from(1)
        );
        assert!(String::from_utf8_lossy(&err).contains("refusing to overwrite"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "build:\n  script: make\n"
        );
        let mut err = Vec::new();
        assert_eq!(
            run(
                &pipeline(),
                &header(),
                args(&["--out", p, "--force"]),
                &mut out,
                &mut err
            ),
            ExitCode::SUCCESS
        );
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .starts_with(file::MARKER)
        );
    }

    #[test]
    fn an_invalid_pipeline_writes_nothing_and_fails() {
        let path = temp("invalid");
        let mut b = Pipeline::builder();
        b.job("build", |j| {
            j.stage(crate::builder::Stage::external("nowhere"))
                .script("x")
        });
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            &b.build(),
            &header(),
            args(&["--out", path.to_str().unwrap()]),
            &mut out,
            &mut err,
        );
        assert_eq!(code, ExitCode::from(1));
        assert!(!path.exists());
        assert!(String::from_utf8_lossy(&err).contains("stage-undeclared"));
    }

    #[test]
    fn usage_errors_exit_2() {
        for bad in [
            &["--bogus"][..],
            &["--out"],
            &["--out", "a", "--check", "b"],
            &["--force"],
        ] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            assert_eq!(
                run(&pipeline(), &header(), args(bad), &mut out, &mut err),
                ExitCode::from(2),
                "{bad:?}"
            );
        }
    }
}
