//! The `pipeline-dsl` command: `fmt`, `check`, `plan`, `graph`, `explore` and `schema` for
//! `.gitlab-ci.yml` files.
//!
//! Exit codes: 0 success (warnings allowed), 1 the file has errors (for `plan` and `graph`:
//! GitLab would fail to create the pipeline), 2 usage or I/O errors.

mod render;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use pipeline_dsl::import::{self, ImportOptions};
use pipeline_dsl::plan::{self, Context, Plan, Source};
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
    /// Show which jobs GitLab creates for a pipeline run (a push, a tag, a merge request...).
    ///
    /// Exit 0 when the plan was computed (pipeline created or not), 1 when GitLab would fail
    /// to create the pipeline, 2 on usage or input errors.
    Plan {
        /// The `.gitlab-ci.yml` to plan.
        file: PathBuf,
        #[command(flatten)]
        context: ContextArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
    },
    /// Draw the planned pipeline: stages as subgraphs, needs as edges.
    Graph {
        /// The `.gitlab-ci.yml` to draw.
        file: PathBuf,
        #[command(flatten)]
        context: ContextArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Plan every context that can tell the pipeline's rules apart, and report lints: needs
    /// that may be absent, jobs that never run, contexts with no pipeline.
    Explore {
        /// The `.gitlab-ci.yml` to explore.
        file: PathBuf,
    },
    /// Print the JSON Schema of the model, for editors.
    Schema,
}

/// The pipeline run to plan for. Without `--branch`, `--tag` or `--mr`: a push to the
/// default branch.
#[derive(Debug, clap::Args)]
struct ContextArgs {
    /// What started the pipeline (`CI_PIPELINE_SOURCE`): push, web, schedule, api, trigger,
    /// pipeline, parent_pipeline, merge_request_event, external_pull_request_event, chat,
    /// webide, ...
    #[arg(long, value_name = "SOURCE")]
    source: Option<String>,
    /// The branch (with `--mr`: the merge request's source branch).
    #[arg(long, value_name = "NAME", conflicts_with = "tag")]
    branch: Option<String>,
    /// The tag.
    #[arg(long, value_name = "NAME")]
    tag: Option<String>,
    /// A merge request pipeline from `--branch` into `--target-branch`.
    #[arg(long, conflicts_with = "tag")]
    mr: bool,
    /// The merge request's target branch (default: the default branch).
    #[arg(long, value_name = "NAME")]
    target_branch: Option<String>,
    /// The project's default branch.
    #[arg(long, value_name = "NAME", default_value = "main")]
    default_branch: String,
    /// A pipeline variable (overrides the file's variables); repeat for more.
    #[arg(long = "var", value_name = "KEY=VALUE")]
    vars: Vec<String>,
    /// A file the push or merge request changed; repeat for more.
    #[arg(long = "changed", value_name = "PATH")]
    changed: Vec<String>,
    /// A file that exists in the repository (for `rules:exists`); repeat for more.
    #[arg(long = "exists", value_name = "PATH")]
    exists: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlanFormat {
    /// One line per job, grouped by stage.
    Text,
    /// `{"created": bool, "jobs": [...], "errors": [...]}`.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// A Mermaid flowchart.
    Mermaid,
    /// A Graphviz DOT graph.
    Dot,
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
        Command::Plan {
            file,
            context,
            format,
        } => plan_command(&file, &context, |plan| match format {
            PlanFormat::Text => plan.to_string(),
            PlanFormat::Json => plan_json(plan),
        }),
        Command::Graph {
            file,
            context,
            format,
        } => plan_command(&file, &context, |plan| match format {
            GraphFormat::Mermaid => plan.to_mermaid(),
            GraphFormat::Dot => plan.to_dot(),
        }),
        Command::Explore { file } => explore(&file),
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

impl ContextArgs {
    /// The context these flags describe, or a usage error.
    fn context(&self) -> Result<Context, String> {
        let source = self
            .source
            .as_deref()
            .map(str::parse::<Source>)
            .transpose()
            .map_err(|e| e.to_string())?;
        let mr = self.mr || source == Some(Source::MergeRequestEvent);
        let mut ctx = if mr {
            if let Some(source) = source.filter(|s| *s != Source::MergeRequestEvent) {
                return Err(format!(
                    "`--mr` is a merge request pipeline, whose source is `merge_request_event`, \
                     not `{source}`"
                ));
            }
            let Some(branch) = &self.branch else {
                return Err(
                    "a merge request pipeline needs `--branch NAME` (its source branch)".into(),
                );
            };
            let target = self.target_branch.as_ref().unwrap_or(&self.default_branch);
            Context::merge_request(branch.clone(), target.clone())
        } else {
            if self.target_branch.is_some() {
                return Err("`--target-branch` is for merge request pipelines (`--mr`)".into());
            }
            let ctx = match (&self.tag, &self.branch) {
                (Some(tag), _) => Context::tag(tag.clone()),
                (None, Some(branch)) => Context::push_branch(branch.clone()),
                (None, None) => Context::push_branch(self.default_branch.clone()),
            };
            ctx.source(source.unwrap_or(Source::Push))
        };
        ctx = ctx.default_branch(self.default_branch.clone());
        for var in &self.vars {
            let Some((key, value)) = var.split_once('=') else {
                return Err(format!("`--var {var}`: expected KEY=VALUE"));
            };
            if key.is_empty() {
                return Err(format!("`--var {var}`: the variable name is empty"));
            }
            ctx = ctx.var(key, value);
        }
        if !self.changed.is_empty() {
            ctx = ctx.changed(self.changed.iter().cloned());
        }
        Ok(ctx.exists(self.exists.iter().cloned()))
    }
}

/// `plan` and `graph`: reads FILE, plans the context, prints `render(plan)`.
fn plan_command(path: &Path, args: &ContextArgs, render: impl Fn(&Plan) -> String) -> ExitCode {
    let ctx = match args.context() {
        Ok(ctx) => ctx,
        Err(message) => {
            report_line(&format!("error: {message}"));
            return ExitCode::from(2);
        }
    };
    let text = match read(path) {
        Ok(t) => t,
        Err(_) => return ExitCode::from(2),
    };
    let plan = match load_pipeline(path, &text) {
        Ok(pipeline) => match with_includes(path, pipeline, &ctx) {
            Ok(pipeline) => pipeline.plan(&ctx),
            Err(errors) => Plan::failed(errors),
        },
        Err(Loaded::Unreadable) => return ExitCode::from(2),
        Err(Loaded::Refused(errors)) => Plan::failed(
            errors
                .into_iter()
                .map(|message| plan::PlanError::Config { message })
                .collect(),
        ),
    };
    let code = if plan.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    match write_stdout(&render(&plan)) {
        c if c == ExitCode::SUCCESS => code,
        c => c,
    }
}

/// Why a file gives no pipeline to plan.
enum Loaded {
    /// Not YAML (reported; exit 2).
    Unreadable,
    /// YAML that GitLab refuses as a pipeline: its errors.
    Refused(Vec<String>),
}

/// Imports FILE for planning; warnings go to stderr.
fn load_pipeline(path: &Path, text: &str) -> Result<pipeline_dsl::Pipeline, Loaded> {
    if let Err(e) = import::load_values(text) {
        report(&render::diagnostics(path, text, &e.diagnostics));
        return Err(Loaded::Unreadable);
    }
    match import::from_str(text) {
        Ok(imported) => {
            report(&render::diagnostics(path, text, &imported.warnings));
            Ok(imported.pipeline)
        }
        Err(e) => {
            report(&render::diagnostics(path, text, &e.diagnostics));
            Err(Loaded::Refused(
                e.diagnostics
                    .errors()
                    .map(|d| format!("{}: {}", d.path, d.message))
                    .collect(),
            ))
        }
    }
}

/// The pipeline with its `include:`s merged in for `ctx`: local files are read beside FILE
/// (taken as the repository root); what cannot be read is reported on stderr.
fn with_includes(
    path: &Path,
    pipeline: pipeline_dsl::Pipeline,
    ctx: &Context,
) -> Result<pipeline_dsl::Pipeline, Vec<plan::PlanError>> {
    if pipeline.include.is_none() {
        return Ok(pipeline);
    }
    let root = path.parent().unwrap_or(Path::new("."));
    let read = |file: &str| std::fs::read_to_string(root.join(file)).ok();
    let included = plan::resolve_includes(&pipeline, ctx, &read)?;
    for what in &included.unresolved {
        report_line(&format!(
            "warning: {}: include {what} is not followed; the plan covers the rest",
            path.display()
        ));
    }
    Ok(included.pipeline)
}

/// The JSON form: `{"created", "jobs": [{"name", "stage", "when", "allow_failure", "needs"}],
/// "errors"}`, keys in that order.
fn plan_json(plan: &Plan) -> String {
    let s = |text: &str| serde_json::Value::from(text).to_string();
    let mut out = format!("{{\n  \"created\": {},\n  \"jobs\": [", plan.created);
    for (i, job) in plan.jobs.iter().enumerate() {
        let needs: Vec<String> = job.needs.iter().map(|n| s(n)).collect();
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {{\"name\": {}, \"stage\": {}, \"when\": {}, \"allow_failure\": {}, \"needs\": [{}]}}",
            s(&job.name),
            s(&job.stage),
            s(job.when.as_str()),
            job.allow_failure,
            needs.join(", ")
        ));
    }
    out.push_str(if plan.jobs.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    let errors: Vec<String> = plan.errors.iter().map(|e| s(&e.to_string())).collect();
    if errors.is_empty() {
        out.push_str("  \"errors\": []\n}\n");
    } else {
        out.push_str(&format!(
            "  \"errors\": [\n    {}\n  ]\n}}\n",
            errors.join(",\n    ")
        ));
    }
    out
}

/// `explore`: every context, then the lints.
fn explore(path: &Path) -> ExitCode {
    let text = match read(path) {
        Ok(t) => t,
        Err(_) => return ExitCode::from(2),
    };
    let pipeline = match load_pipeline(path, &text) {
        Ok(p) => p,
        Err(Loaded::Unreadable) => return ExitCode::from(2),
        Err(Loaded::Refused(_)) => return ExitCode::from(1),
    };
    // `include:rules` are read for a push to `main`; the included jobs are then explored.
    let pipeline = match with_includes(path, pipeline, &Context::push_branch("main")) {
        Ok(p) => p,
        Err(errors) => {
            for error in errors {
                report_line(&format!("error: {error}"));
            }
            return ExitCode::from(1);
        }
    };
    let exploration = plan::explore(&pipeline);
    let mut out = String::new();
    for explored in &exploration.contexts {
        let plan = &explored.plan;
        let summary = if plan.created {
            plan.job_names().join(", ")
        } else if plan.errors.is_empty() {
            "(no pipeline)".to_owned()
        } else {
            format!("(fails: {})", plan.errors.len())
        };
        out.push_str(&format!("{}: {summary}\n", explored.context));
    }
    report(&render::diagnostics(path, &text, &exploration.lints));
    let code = write_stdout(&out);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if exploration.lints.has_errors() {
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
