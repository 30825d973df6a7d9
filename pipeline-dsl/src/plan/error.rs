//! Why GitLab would not create a pipeline: configuration errors found before any job is
//! considered, and errors found while the jobs of one pipeline are created. Each displays as
//! GitLab's own message.

use std::fmt;

/// One reason GitLab refuses to create the pipeline.
///
/// `Display` gives GitLab's message:
///
/// ```
/// use pipeline_dsl::plan::PlanError;
///
/// let e = PlanError::NeedNotInPipeline { job: "deploy".into(), need: "build".into() };
/// assert!(e.to_string().starts_with("'deploy' job needs 'build' job, but 'build' does not exist in the pipeline."));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
    /// The file could not be read as a pipeline once `extends` and `!reference` were resolved.
    Config {
        /// GitLab's (or the importer's) message.
        message: String,
    },
    /// `extends` names a key that does not exist.
    ExtendsUnknown {
        /// The job (or hidden key).
        job: String,
        /// The missing names.
        missing: Vec<String>,
    },
    /// `extends` names a key that is not a mapping.
    ExtendsInvalidBase {
        /// The job.
        job: String,
        /// The names that are not mappings.
        invalid: Vec<String>,
    },
    /// `extends` chains more than 11 levels.
    ExtendsTooDeep {
        /// The job.
        job: String,
    },
    /// `extends` loops.
    ExtendsCircular {
        /// The key found again in its own ancestry.
        job: String,
    },
    /// A `!reference` points at nothing.
    ReferenceNotFound {
        /// The path, as written.
        path: Vec<String>,
    },
    /// `!reference` tags refer to each other in a loop, or nest too deep.
    ReferenceCircular {
        /// The path, as written.
        path: Vec<String>,
    },
    /// A job's `stage` is not in `stages`.
    UnknownStage {
        /// The job.
        job: String,
        /// Its stage.
        stage: String,
        /// The stages that exist, `.pre` and `.post` included.
        available: Vec<String>,
    },
    /// `needs` names a job the file does not define (and the need is not optional).
    UndefinedNeed {
        /// The job.
        job: String,
        /// The need.
        need: String,
    },
    /// `needs` names a job of a later stage.
    NeedInLaterStage {
        /// The job.
        job: String,
        /// The need.
        need: String,
    },
    /// The same job twice in one `needs`.
    DuplicateNeeds {
        /// The job.
        job: String,
        /// The names given twice.
        needs: Vec<String>,
    },
    /// A job needs itself.
    SelfNeed {
        /// The job.
        job: String,
    },
    /// Jobs of one stage need each other in a loop.
    CircularNeeds {
        /// The jobs in the loop.
        jobs: Vec<String>,
    },
    /// `dependencies` names a job the file does not define.
    UndefinedDependency {
        /// The job.
        job: String,
        /// The dependency.
        dependency: String,
    },
    /// `dependencies` names a job of a later stage.
    DependencyInLaterStage {
        /// The job.
        job: String,
        /// The dependency.
        dependency: String,
    },
    /// An `if:` or `only:variables` expression GitLab cannot parse.
    InvalidExpression {
        /// GitLab's location (`jobs:build:rules:rule`, `workflow:rules:rule`, `jobs:build:only`).
        location: String,
        /// `if` or `variables`.
        attribute: &'static str,
        /// The expression.
        expression: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An `only`/`except` ref that looks like a regex but is not valid RE2.
    InvalidRefRegex {
        /// GitLab's location (`jobs:build:only`).
        location: String,
        /// The pattern.
        pattern: String,
    },
    /// A job-level `when` GitLab does not accept (`never` outside rules, `delayed` for a
    /// trigger job).
    InvalidWhen {
        /// The job.
        job: String,
        /// The value.
        when: String,
        /// The values allowed.
        allowed: &'static str,
    },
    /// A job has `rules` and `only`/`except` after `extends` was applied.
    RulesWithOnlyExcept {
        /// The job.
        job: String,
        /// The keys used with `rules`.
        keys: Vec<String>,
    },
    /// `parallel:matrix` makes more than 200 jobs.
    MatrixTooLarge {
        /// The job.
        job: String,
    },
    /// The file has no visible job.
    NoVisibleJob,
    /// A job (kept in this pipeline) needs a job that is not in it.
    NeedNotInPipeline {
        /// The job.
        job: String,
        /// The missing need.
        need: String,
    },
    /// A job needs more jobs than GitLab's limit (50).
    TooManyNeeds {
        /// The job.
        job: String,
        /// How many it lists.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

impl PlanError {
    /// Whether this is a configuration error (GitLab refuses the file for every context), not
    /// one of this context's pipeline.
    pub fn is_config_error(&self) -> bool {
        !matches!(
            self,
            PlanError::NeedNotInPipeline { .. } | PlanError::TooManyNeeds { .. }
        )
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Config { message } => f.write_str(message),
            PlanError::ExtendsUnknown { job, missing } => {
                write!(
                    f,
                    "{job}: unknown keys in `extends` ({})",
                    missing.join(", ")
                )
            }
            PlanError::ExtendsInvalidBase { job, invalid } => write!(
                f,
                "{job}: invalid base hashes in `extends` ({})",
                invalid.join(", ")
            ),
            PlanError::ExtendsTooDeep { job } => {
                write!(f, "{job}: nesting too deep in `extends`")
            }
            PlanError::ExtendsCircular { job } => {
                write!(f, "{job}: circular dependency detected in `extends`")
            }
            PlanError::ReferenceNotFound { path } => {
                write!(f, "!reference {} could not be found", ruby_array(path))
            }
            PlanError::ReferenceCircular { path } => {
                write!(
                    f,
                    "!reference {} is part of a circular chain",
                    ruby_array(path)
                )
            }
            PlanError::UnknownStage {
                job,
                stage,
                available,
            } => write!(
                f,
                "{job} job: chosen stage {stage} does not exist; available stages are {}",
                available.join(", ")
            ),
            PlanError::UndefinedNeed { job, need } => {
                write!(f, "{job} job: undefined need: {need}")
            }
            PlanError::NeedInLaterStage { job, need } => write!(
                f,
                "{job} job: need {need} is not defined in current or prior stages"
            ),
            PlanError::DuplicateNeeds { job, needs } => write!(
                f,
                "{job} has the following needs duplicated: {}.",
                needs.join(", ")
            ),
            PlanError::SelfNeed { job } => write!(
                f,
                "The pipeline has circular dependencies: self-dependency: {job}"
            ),
            PlanError::CircularNeeds { jobs } => write!(
                f,
                "The pipeline has circular dependencies: topological sort failed: {}",
                ruby_array(jobs)
            ),
            PlanError::UndefinedDependency { job, dependency } => {
                write!(f, "{job} job: undefined dependency: {dependency}")
            }
            PlanError::DependencyInLaterStage { job, dependency } => write!(
                f,
                "{job} job: dependency {dependency} is not defined in current or prior stages"
            ),
            PlanError::InvalidExpression {
                location,
                attribute,
                expression,
                reason,
            } => write!(
                f,
                "{location} {attribute} invalid expression syntax (`{expression}`: {reason})"
            ),
            PlanError::InvalidRefRegex { location, pattern } => write!(
                f,
                "{location} config should be an array of strings or regular expressions \
                 using re2 syntax (`{pattern}`)"
            ),
            PlanError::InvalidWhen {
                job,
                when: _,
                allowed,
            } => {
                write!(f, "jobs:{job} when should be one of: {allowed}")
            }
            PlanError::RulesWithOnlyExcept { job, keys } => write!(
                f,
                "jobs:{job} config key may not be used with `rules`: {}",
                keys.join(", ")
            ),
            PlanError::MatrixTooLarge { job } => write!(
                f,
                "jobs:{job}:parallel:matrix config generates too many jobs (maximum is 200)"
            ),
            PlanError::NoVisibleJob => {
                f.write_str("jobs config should contain at least one visible job")
            }
            PlanError::NeedNotInPipeline { job, need } => write!(
                f,
                "'{job}' job needs '{need}' job, but '{need}' does not exist in the pipeline. \
                 This might be because of the only, except, or rules keywords. \
                 To need a job that sometimes does not exist in the pipeline, use needs:optional."
            ),
            PlanError::TooManyNeeds { job, count, limit } => write!(
                f,
                "{job}: one job can only need {limit} others, but you have listed {count}. \
                 See needs keyword documentation for more details"
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// A Ruby array literal of strings: `["a", "b"]`.
fn ruby_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}
