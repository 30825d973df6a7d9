//! Which jobs GitLab creates for a pipeline run: give a [`Context`] (a push to a branch, a
//! tag, a merge request, a schedule...) and get the [`Plan`]: whether the pipeline is created,
//! its jobs in stage order with their `when`, `allow_failure` and `needs`, and the errors
//! that would stop GitLab from creating it.
//!
//! The semantics are GitLab's, read from its source: `workflow:rules`; `extends` (deep merge),
//! `!reference`, `default:` and `inherit`; `rules` (first match wins; `when`,
//! `allow_failure`, `variables`, `needs`; `changes` with Ruby's `File.fnmatch`; `exists`);
//! `only`/`except` with their defaults; `parallel` and `parallel:matrix` expansion with
//! GitLab's job names; `needs` on absent jobs; `.pre`/`.post`.
//!
//! ```
//! use pipeline_dsl::model::When;
//! use pipeline_dsl::plan::Context;
//!
//! let yaml = r#"
//! build:
//!   stage: build
//!   script: [make]
//! test:
//!   parallel: 2
//!   needs: [build]
//!   script: [make test]
//! deploy:
//!   stage: deploy
//!   script: [make deploy]
//!   rules:
//!     - if: $CI_COMMIT_TAG
//!       when: manual
//! "#;
//! let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
//!
//! let plan = pipeline.plan(&Context::push_branch("main"));
//! assert!(plan.created);
//! assert_eq!(plan.job_names(), ["build", "test 1/2", "test 2/2"]);
//! assert_eq!(plan.job("test 1/2").unwrap().needs, ["build"]);
//!
//! let plan = pipeline.plan(&Context::tag("v1.0.0"));
//! let deploy = plan.job("deploy").unwrap();
//! assert_eq!((deploy.when, deploy.allow_failure), (When::Manual, false));
//!
//! // Merge request pipelines run no job without rules: `only: [branches, tags]` is the default.
//! assert!(!pipeline.plan(&Context::merge_request("feature", "main")).created);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! To plan one pipeline for many contexts, prepare it once with a [`Planner`]. To ask
//! questions of every context at once, [`explore`] it.

mod context;
mod error;
mod evaluate;
mod explore;
mod glob;
mod include;
mod prepare;
mod render;
mod resolve;
#[cfg(feature = "proptest")]
pub mod strategies;

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::model::{Pipeline, When};

pub use context::{Context, GitRef, MergeRequestEventType, Source, UnknownSource, slugify};
pub use error::PlanError;
pub use explore::{Exploration, Explored, explore};
pub use glob::fnmatch;
pub use include::{Included, resolve_includes};
pub use resolve::effective_pipeline;

use prepare::Prepared;

/// Why a pipeline was or was not created.
///
/// ```
/// use pipeline_dsl::plan::{Context, Status};
///
/// let yaml = "setup:\n  stage: .pre\n  script: [x]\ntest:\n  script: [x]\n  only: [tags]\n";
/// let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
/// assert_eq!(pipeline.plan(&Context::tag("v1")).status, Status::Created);
/// // On a branch only the `.pre` job is left: GitLab runs no such pipeline.
/// assert_eq!(pipeline.plan(&Context::push_branch("main")).status, Status::OnlyPrePost);
/// assert_eq!(pipeline.plan(&Context::merge_request("a", "main")).status, Status::NoJobs);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// The pipeline is created with its jobs.
    Created,
    /// `workflow:rules` filtered it out (GitLab: `Pipeline filtered out by workflow rules.`).
    FilteredByWorkflow,
    /// No job is kept for this context.
    NoJobs,
    /// Only `.pre` and `.post` jobs are kept: GitLab does not run such a pipeline.
    OnlyPrePost,
    /// GitLab would fail to create it: see [`Plan::errors`].
    Failed,
}

/// A job or stage name in a plan: shared by every plan of a pipeline (cheap to clone), and
/// used like a `&str`.
///
/// ```
/// use pipeline_dsl::plan::Name;
///
/// let name = Name::from("test 1/2");
/// assert_eq!(name, "test 1/2");
/// assert!(name.starts_with("test"));
/// assert_eq!(vec![name.clone(), Name::from("lint")].join(", "), "test 1/2, lint");
/// assert_eq!(format!("[{name:10}]"), "[test 1/2  ]");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The name as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(Arc::from(s))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name(Arc::from(s))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// One job of a planned pipeline.
///
/// ```
/// use pipeline_dsl::model::When;
/// use pipeline_dsl::plan::Context;
///
/// let yaml = "
/// build:
///   stage: build
///   script: [make]
/// deploy:
///   stage: deploy
///   script: [make deploy]
///   needs: [build]
///   rules:
///     - when: manual
///       variables: {TARGET: prod}
/// ";
/// let plan = pipeline_dsl::import::from_str(yaml)?.pipeline.plan(&Context::push_branch("main"));
/// let deploy = plan.job("deploy").unwrap();
/// assert_eq!((deploy.stage.as_str(), deploy.when), ("deploy", When::Manual));
/// assert!(!deploy.allow_failure); // `when: manual` in a rule blocks the pipeline
/// assert_eq!(deploy.needs, ["build"]);
/// assert_eq!(*deploy.rule_variables, [("TARGET".to_owned(), "prod".to_owned())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlannedJob {
    /// The job's name (after `parallel` expansion: `test 1/3`, `deploy: [aws, prod]`).
    pub name: Name,
    /// Its stage.
    pub stage: Name,
    /// When it runs (`never` does not occur: such jobs are not in the plan).
    pub when: When,
    /// Whether it may fail without failing the pipeline.
    pub allow_failure: bool,
    /// The jobs it needs, in order (optional needs on absent jobs left out).
    pub needs: Vec<Name>,
    /// Whether it has `needs:` in effect (even empty: it then starts at once), rather than
    /// waiting for the earlier stages.
    pub uses_needs: bool,
    /// `start_in` of a delayed job.
    pub start_in: Option<String>,
    /// The variables the matching rule sets (over the job's own).
    pub rule_variables: Arc<[(String, String)]>,
}

/// Which jobs GitLab creates for one context.
///
/// ```
/// use pipeline_dsl::plan::{Context, Status};
///
/// let yaml = "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\nbuild:\n  script: [make]\n";
/// let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
/// let plan = pipeline.plan(&Context::push_branch("main"));
/// assert_eq!(plan.status, Status::FilteredByWorkflow);
/// assert!(!plan.created && plan.jobs.is_empty() && plan.errors.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// Whether GitLab creates the pipeline.
    pub created: bool,
    /// Why it is created or not.
    pub status: Status,
    /// The jobs, ordered by stage then definition order; empty when not created.
    pub jobs: Vec<PlannedJob>,
    /// Why GitLab would refuse to create it; empty unless [`Status::Failed`].
    pub errors: Vec<PlanError>,
    /// `workflow:name`, variables expanded.
    pub name: Option<String>,
    /// The variables the matching `workflow:rules` rule sets.
    pub workflow_variables: Vec<(String, String)>,
    /// The pipeline's stages, `.pre` and `.post` included.
    pub stages: Vec<String>,
}

impl Plan {
    /// The plan of a file GitLab refuses: no pipeline, and these errors.
    ///
    /// ```
    /// use pipeline_dsl::plan::{Plan, PlanError, Status};
    ///
    /// let plan = Plan::failed(vec![PlanError::NoVisibleJob]);
    /// assert_eq!((plan.created, plan.status), (false, Status::Failed));
    /// ```
    pub fn failed(errors: Vec<PlanError>) -> Plan {
        Plan {
            created: false,
            status: Status::Failed,
            jobs: Vec::new(),
            errors,
            name: None,
            workflow_variables: Vec::new(),
            stages: Vec::new(),
        }
    }

    /// The job called `name`, if it is in the pipeline.
    pub fn job(&self, name: &str) -> Option<&PlannedJob> {
        self.jobs.iter().find(|j| j.name == name)
    }

    /// Whether the job called `name` runs: the pipeline is created and has it.
    pub fn runs(&self, name: &str) -> bool {
        self.created && self.job(name).is_some()
    }

    /// The names of the jobs, in order.
    pub fn job_names(&self) -> Vec<&str> {
        self.jobs.iter().map(|j| j.name.as_str()).collect()
    }
}

/// A pipeline prepared for planning: `extends`, `!reference` and `parallel` resolved and
/// expressions parsed once, for planning many contexts.
///
/// ```
/// use pipeline_dsl::plan::{Context, Planner};
///
/// let pipeline = pipeline_dsl::import::from_str("test:\n  script: [make]\n")?.pipeline;
/// let planner = Planner::new(&pipeline);
/// for branch in ["main", "develop"] {
///     assert!(planner.plan(&Context::push_branch(branch)).runs("test"));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Planner {
    prepared: Prepared,
}

impl Planner {
    /// Prepares `pipeline`. Configuration errors are kept and reported by every plan.
    pub fn new(pipeline: &Pipeline) -> Self {
        Self {
            prepared: Prepared::new(pipeline),
        }
    }

    /// The errors that stop GitLab from creating any pipeline from this file.
    pub fn config_errors(&self) -> &[PlanError] {
        &self.prepared.errors
    }

    /// Every job name after `parallel` expansion, in definition order.
    pub fn job_names(&self) -> Vec<&str> {
        self.prepared.jobs.iter().map(|j| j.name.as_str()).collect()
    }

    /// The stages, `.pre` and `.post` included.
    pub fn stages(&self) -> &[String] {
        &self.prepared.stages
    }

    /// Plans one context.
    pub fn plan(&self, ctx: &Context) -> Plan {
        self.plan_and_kept(ctx).0
    }

    /// Plans one context; also says which prepared jobs are kept by their rules (whether or
    /// not the pipeline is created).
    pub(crate) fn plan_and_kept(&self, ctx: &Context) -> (Plan, Vec<bool>) {
        let p = &self.prepared;
        let mut plan = Plan {
            created: false,
            status: Status::Failed,
            jobs: Vec::new(),
            errors: Vec::new(),
            name: None,
            workflow_variables: Vec::new(),
            stages: p.stages.clone(),
        };
        if !p.errors.is_empty() {
            plan.errors.clone_from(&p.errors);
            return (plan, Vec::new());
        }
        let eval = evaluate::evaluate(p, ctx);
        if !eval.workflow_passed {
            plan.status = Status::FilteredByWorkflow;
            return (plan, Vec::new());
        }
        let kept: Vec<bool> = eval.decisions.iter().map(Option::is_some).collect();
        plan.name = eval.name;
        plan.workflow_variables = eval.workflow_variables;
        if !eval.errors.is_empty() {
            plan.errors = eval.errors;
            return (plan, kept);
        }
        // Needs name kept jobs only: an optional need on an absent job is dropped.
        let last = p.stages.len().saturating_sub(1);
        let mut any = false;
        let mut only_pre_post = true;
        for (job, decision) in p.jobs.iter().zip(&eval.decisions) {
            if decision.is_some() {
                any = true;
                only_pre_post &= job.stage_index == 0 || job.stage_index == last;
            }
        }
        plan.status = if !any {
            Status::NoJobs
        } else if only_pre_post {
            Status::OnlyPrePost
        } else {
            Status::Created
        };
        if plan.status != Status::Created {
            return (plan, kept);
        }
        plan.created = true;
        plan.jobs = Vec::with_capacity(kept.iter().filter(|k| **k).count());
        // In stage order, then definition order (`order` is sorted once per pipeline).
        for &i in &p.order {
            let (job, Some(d)) = (&p.jobs[i], &eval.decisions[i]) else {
                continue;
            };
            plan.jobs.push(PlannedJob {
                name: job.shared_name.clone(),
                stage: job.shared_stage.clone(),
                when: d.when,
                allow_failure: d.allow_failure,
                needs: d
                    .needs
                    .unwrap_or(&[])
                    .iter()
                    .filter(|n| kept[n.index])
                    .map(|n| n.shared.clone())
                    .collect(),
                uses_needs: d.needs.is_some(),
                start_in: d.start_in.map(str::to_owned),
                rule_variables: d.rule_variables.cloned().unwrap_or_default(),
            });
        }
        (plan, kept)
    }
}

impl Pipeline {
    /// Which jobs GitLab creates for `ctx`. To plan many contexts, use a [`Planner`].
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let yaml = "release:\n  script: [make release]\n  only: [tags]\n";
    /// let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
    /// assert!(pipeline.plan(&Context::tag("v1.2.3")).runs("release"));
    /// assert!(!pipeline.plan(&Context::push_branch("main")).runs("release"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plan(&self, ctx: &Context) -> Plan {
        Planner::new(self).plan(ctx)
    }
}
