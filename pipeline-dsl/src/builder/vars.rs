//! GitLab's predefined CI/CD variables as constants, usable in `format!`.
//!
//! A [`Var`] displays as a shell reference, `$NAME`, and [`Var::braced`] gives `${NAME}`,
//! so a script or a rule reads like the YAML it writes while the compiler checks the
//! variable's name:
//!
//! ```
//! use pipeline_dsl::vars::{CI_COMMIT_SHA, CI_REGISTRY_IMAGE};
//! use pipeline_dsl::{emit, Pipeline};
//!
//! let image = format!("{CI_REGISTRY_IMAGE}:{CI_COMMIT_SHA}");
//! assert_eq!(image, "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA");
//! assert_eq!(CI_COMMIT_SHA.braced(), "${CI_COMMIT_SHA}");
//!
//! let mut p = Pipeline::builder();
//! p.job("push", |j| j.script(format!("docker push {image}")));
//! assert_eq!(
//!     emit::to_string(&p.build()).unwrap(),
//!     "push:\n  script:\n  - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\n"
//! );
//! ```
//!
//! The constants are every variable of GitLab's predefined-variables reference (the
//! list in `../shared/gitlab-ci/predefined-variables.tsv`, from GitLab's
//! `doc/ci/variables/predefined_variables.md`), in that order; [`ALL`] lists them. A
//! test reads the list and fails when a name is missing here or a constant is not in it.
//! Each constant's documentation says when the variable is set: some exist only while a
//! runner runs the job, so they cannot be used in `rules`. For a variable of your own,
//! make a constant with [`Var::new`].

use std::fmt;

/// A CI/CD variable's name. `Display` writes `$NAME`; [`braced`](Var::braced) gives
/// `${NAME}`.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::vars::{self, Var};
///
/// const DEPLOY_ENV: Var = Var::new("DEPLOY_ENV");
/// assert_eq!(format!("deploy --env {DEPLOY_ENV}"), "deploy --env $DEPLOY_ENV");
/// assert_eq!(vars::CI_JOB_TOKEN.name(), "CI_JOB_TOKEN");
/// assert_eq!(Var::predefined("CI_COMMIT_TAG"), Some(vars::CI_COMMIT_TAG));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var {
    name: &'static str,
}

impl Var {
    /// A variable called `name` (for your own variables; GitLab's are constants here).
    pub const fn new(name: &'static str) -> Self {
        Self { name }
    }

    /// The bare name, without `$`.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// `${NAME}` - the braced reference, for text right after the name (`${VAR}_suffix`).
    pub fn braced(self) -> String {
        format!("${{{}}}", self.name)
    }

    /// The predefined variable called `name`, if GitLab predefines one.
    pub fn predefined(name: &str) -> Option<Var> {
        ALL.iter().copied().find(|v| v.name == name)
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${}", self.name)
    }
}

/// Chat channel from which a ChatOps command started the pipeline.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CHAT_CHANNEL: Var = Var::new("CHAT_CHANNEL");

/// Extra arguments given with the ChatOps command.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CHAT_INPUT: Var = Var::new("CHAT_INPUT");

/// Chat-service user ID of the person who issued the ChatOps command.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CHAT_USER_ID: Var = Var::new("CHAT_USER_ID");

/// Set to "true" in every CI/CD job.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI: Var = Var::new("CI");

/// Root URL of the instance's REST API v4.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_API_V4_URL: Var = Var::new("CI_API_V4_URL");

/// Root URL of the instance's GraphQL API.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.11.
pub const CI_API_GRAPHQL_URL: Var = Var::new("CI_API_GRAPHQL_URL");

/// Top-level directory in which the runner executes builds.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_BUILDS_DIR: Var = Var::new("CI_BUILDS_DIR");

/// Commit author formatted as "Name \<email\>".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_AUTHOR: Var = Var::new("CI_COMMIT_AUTHOR");

/// Previous head commit of the branch/tag; all-zero SHA (40 zeros) for MR pipelines, scheduled
/// pipelines, the first commit of a branch/tag pipeline, or manual runs.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_BEFORE_SHA: Var = Var::new("CI_COMMIT_BEFORE_SHA");

/// Branch name; set in branch pipelines (including default branch); absent in MR and tag
/// pipelines.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_BRANCH: Var = Var::new("CI_COMMIT_BRANCH");

/// Commit message minus its first line when the title is under 100 characters.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_DESCRIPTION: Var = Var::new("CI_COMMIT_DESCRIPTION");

/// Complete commit message (may be truncated, see `CI_COMMIT_MESSAGE_IS_TRUNCATED`).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_MESSAGE: Var = Var::new("CI_COMMIT_MESSAGE");

/// "true" when `CI_COMMIT_MESSAGE` was cut to the size limit
/// (`GITLAB_CI_MAX_COMMIT_MESSAGE_SIZE_IN_BYTES`, default 100 KB), else "false".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.6.
pub const CI_COMMIT_MESSAGE_IS_TRUNCATED: Var = Var::new("CI_COMMIT_MESSAGE_IS_TRUNCATED");

/// Branch or tag name being built.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_REF_NAME: Var = Var::new("CI_COMMIT_REF_NAME");

/// "true" if the ref is protected, otherwise "false".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_REF_PROTECTED: Var = Var::new("CI_COMMIT_REF_PROTECTED");

/// `CI_COMMIT_REF_NAME` lowercased, max 63 bytes, every char outside \[0-9a-z\] replaced by
/// "-", no leading/trailing "-".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_REF_SLUG: Var = Var::new("CI_COMMIT_REF_SLUG");

/// Full SHA of the commit being built.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_SHA: Var = Var::new("CI_COMMIT_SHA");

/// First 8 characters of `CI_COMMIT_SHA`.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_SHORT_SHA: Var = Var::new("CI_COMMIT_SHORT_SHA");

/// Tag name; only set in tag pipelines.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_TAG: Var = Var::new("CI_COMMIT_TAG");

/// Tag annotation message; only in tag pipelines.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.5.
pub const CI_COMMIT_TAG_MESSAGE: Var = Var::new("CI_COMMIT_TAG_MESSAGE");

/// Commit time in ISO 8601 (e.g. 2022-01-31T16:47:55Z), UTC by default.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_TIMESTAMP: Var = Var::new("CI_COMMIT_TIMESTAMP");

/// First line of the commit message.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_COMMIT_TITLE: Var = Var::new("CI_COMMIT_TITLE");

/// GitLab username of the commit author when profile/email are public and match the commit
/// email; else empty string.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.10.
pub const CI_COMMIT_USER_LOGIN: Var = Var::new("CI_COMMIT_USER_LOGIN");

/// Unique ID of this build execution within one executor.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_CONCURRENT_ID: Var = Var::new("CI_CONCURRENT_ID");

/// Unique ID of this build execution within one executor and project.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_CONCURRENT_PROJECT_ID: Var = Var::new("CI_CONCURRENT_PROJECT_ID");

/// Path of the CI/CD config file; default ".gitlab-ci.yml".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_CONFIG_PATH: Var = Var::new("CI_CONFIG_PATH");

/// Fully qualified ref path of the top-level pipeline definition
/// (host/group/project//.gitlab-ci.yml@refs/heads/\<branch\>); absent if the ref cannot be
/// determined.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`. Since GitLab 19.0.
pub const CI_CONFIG_REF_URI: Var = Var::new("CI_CONFIG_REF_URI");

/// "true" when debug logging (tracing) is on.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_DEBUG_TRACE: Var = Var::new("CI_DEBUG_TRACE");

/// "true" when service-container logging is on (needs Runner 15.7+).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`. Since GitLab 15.7.
pub const CI_DEBUG_SERVICES: Var = Var::new("CI_DEBUG_SERVICES");

/// Name of the project's default branch.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEFAULT_BRANCH: Var = Var::new("CI_DEFAULT_BRANCH");

/// `CI_DEFAULT_BRANCH` slugified (lowercase, 63 bytes, \[0-9a-z\] else "-", trimmed).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEFAULT_BRANCH_SLUG: Var = Var::new("CI_DEFAULT_BRANCH_SLUG");

/// Direct-group image prefix for pulling through the Dependency Proxy.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX: Var =
    Var::new("CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX");

/// Top-level-group image prefix for pulling through the Dependency Proxy.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX: Var =
    Var::new("CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX");

/// Password for pulling through the Dependency Proxy.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_DEPENDENCY_PROXY_PASSWORD: Var = Var::new("CI_DEPENDENCY_PROXY_PASSWORD");

/// Dependency Proxy login server; same as $`CI_SERVER_HOST`:$`CI_SERVER_PORT`.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEPENDENCY_PROXY_SERVER: Var = Var::new("CI_DEPENDENCY_PROXY_SERVER");

/// Username for pulling through the Dependency Proxy.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_DEPENDENCY_PROXY_USER: Var = Var::new("CI_DEPENDENCY_PROXY_USER");

/// "true" only when the pipeline runs inside a deploy freeze window.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_DEPLOY_FREEZE: Var = Var::new("CI_DEPLOY_FREEZE");

/// Password of the project's special "gitlab-deploy-token" deploy token, if one exists.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_DEPLOY_PASSWORD: Var = Var::new("CI_DEPLOY_PASSWORD");

/// Username of the project's "gitlab-deploy-token" deploy token, if one exists.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_DEPLOY_USER: Var = Var::new("CI_DEPLOY_USER");

/// "true" when the job runs in a throw-away environment (every executor except shell and ssh).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_DISPOSABLE_ENVIRONMENT: Var = Var::new("CI_DISPOSABLE_ENVIRONMENT");

/// ID of the job's environment; set when environment:name is set.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_ID: Var = Var::new("CI_ENVIRONMENT_ID");

/// Name of the job's environment; set when environment:name is set.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_NAME: Var = Var::new("CI_ENVIRONMENT_NAME");

/// DNS/URL-safe form of the environment name, truncated to 24 chars; random suffix added for
/// uppercase names; set when environment:name is set.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_SLUG: Var = Var::new("CI_ENVIRONMENT_SLUG");

/// Environment URL; set when environment:url is set.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_URL: Var = Var::new("CI_ENVIRONMENT_URL");

/// Value of environment:action (start, prepare or stop) when set.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_ACTION: Var = Var::new("CI_ENVIRONMENT_ACTION");

/// Deployment tier of the job's environment.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_ENVIRONMENT_TIER: Var = Var::new("CI_ENVIRONMENT_TIER");

/// "true" only when the instance runs in FIPS mode.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_GITLAB_FIPS_MODE: Var = Var::new("CI_GITLAB_FIPS_MODE");

/// "true" only when the project has an open requirement.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_HAS_OPEN_REQUIREMENTS: Var = Var::new("CI_HAS_OPEN_REQUIREMENTS");

/// Shared name of a job group (parallel or manually grouped jobs), e.g. "rspec:test" for
/// "rspec:test: \[ruby, ubuntu\]"; equals `CI_JOB_NAME` otherwise.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`. Since GitLab 17.10.
pub const CI_JOB_GROUP_NAME: Var = Var::new("CI_JOB_GROUP_NAME");

/// Instance-wide unique internal job ID.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_ID: Var = Var::new("CI_JOB_ID");

/// Docker image of the job; only when the job explicitly names an image (older docs listed it
/// as pipeline-phase).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_IMAGE: Var = Var::new("CI_JOB_IMAGE");

/// "true" only when the job was started manually.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_JOB_MANUAL: Var = Var::new("CI_JOB_MANUAL");

/// Job name.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_JOB_NAME: Var = Var::new("CI_JOB_NAME");

/// `CI_JOB_NAME` slugified (lowercase, 63 bytes, \[0-9a-z\] else "-", trimmed); meant for
/// paths.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`. Since GitLab 15.4.
pub const CI_JOB_NAME_SLUG: Var = Var::new("CI_JOB_NAME_SLUG");

/// Stage name of the job.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_JOB_STAGE: Var = Var::new("CI_JOB_STAGE");

/// Job status as runner stages execute (success, failed, canceled); intended for after_script.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_STATUS: Var = Var::new("CI_JOB_STATUS");

/// Job timeout in seconds (needs Runner 15.7+).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Since GitLab 15.7.
pub const CI_JOB_TIMEOUT: Var = Var::new("CI_JOB_TIMEOUT");

/// Token for authenticating to certain API endpoints; valid while the job runs.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_TOKEN: Var = Var::new("CI_JOB_TOKEN");

/// URL of the job details page.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_URL: Var = Var::new("CI_JOB_URL");

/// Job start time in ISO 8601, UTC by default.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_JOB_STARTED_AT: Var = Var::new("CI_JOB_STARTED_AT");

/// `CI_JOB_STARTED_AT` slugified (lowercase, 63 bytes, \[0-9a-z\] else "-", trimmed), e.g. for
/// image tags.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Since GitLab 18.7.
pub const CI_JOB_STARTED_AT_SLUG: Var = Var::new("CI_JOB_STARTED_AT_SLUG");

/// "true" only when a Kubernetes cluster is available for deployments.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_KUBERNETES_ACTIVE: Var = Var::new("CI_KUBERNETES_ACTIVE");

/// Index of this job within a parallel job set; only with parallel.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_NODE_INDEX: Var = Var::new("CI_NODE_INDEX");

/// Number of parallel instances of the job; 1 when parallel is not used.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_NODE_TOTAL: Var = Var::new("CI_NODE_TOTAL");

/// Comma list (max 4) of MR references using this branch/project as source, e.g.
/// "gitlab-org/gitlab!333"; branch and MR pipelines only.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_OPEN_MERGE_REQUESTS: Var = Var::new("CI_OPEN_MERGE_REQUESTS");

/// Instance domain that serves GitLab Pages (without namespace subdomain).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PAGES_DOMAIN: Var = Var::new("CI_PAGES_DOMAIN");

/// Full hostname of the Pages deployment.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PAGES_HOSTNAME: Var = Var::new("CI_PAGES_HOSTNAME");

/// URL of the Pages site (subdomain of `CI_PAGES_DOMAIN`); includes path_prefix from GitLab
/// 17.9 on (older docs: pre-pipeline).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PAGES_URL: Var = Var::new("CI_PAGES_URL");

/// Instance-wide unique pipeline ID.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PIPELINE_ID: Var = Var::new("CI_PIPELINE_ID");

/// Project-scoped pipeline number (IID).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_PIPELINE_IID: Var = Var::new("CI_PIPELINE_IID");

/// How the pipeline was started; one of the documented pipeline source values (see
/// rules-expressions.md).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PIPELINE_SOURCE: Var = Var::new("CI_PIPELINE_SOURCE");

/// "true" when the pipeline was started with a trigger token (for trigger-keyword pipelines use
/// `CI_PIPELINE_SOURCE`).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_PIPELINE_TRIGGERED: Var = Var::new("CI_PIPELINE_TRIGGERED");

/// URL of the pipeline details page.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PIPELINE_URL: Var = Var::new("CI_PIPELINE_URL");

/// Pipeline creation time in ISO 8601, UTC by default (older docs: pre-pipeline).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PIPELINE_CREATED_AT: Var = Var::new("CI_PIPELINE_CREATED_AT");

/// Pipeline name from workflow:name.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 16.3.
pub const CI_PIPELINE_NAME: Var = Var::new("CI_PIPELINE_NAME");

/// Description of the pipeline schedule; scheduled pipelines only.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 17.8.
pub const CI_PIPELINE_SCHEDULE_DESCRIPTION: Var = Var::new("CI_PIPELINE_SCHEDULE_DESCRIPTION");

/// Full path where the repo is cloned and the job runs (relative to runner builds_dir if set).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_PROJECT_DIR: Var = Var::new("CI_PROJECT_DIR");

/// Instance-wide unique project ID.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_ID: Var = Var::new("CI_PROJECT_ID");

/// Project directory name (last path segment of the project URL).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_NAME: Var = Var::new("CI_PROJECT_NAME");

/// Project namespace (user or group path).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_NAMESPACE: Var = Var::new("CI_PROJECT_NAMESPACE");

/// Numeric ID of the project namespace.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.7.
pub const CI_PROJECT_NAMESPACE_ID: Var = Var::new("CI_PROJECT_NAMESPACE_ID");

/// `CI_PROJECT_NAMESPACE` lowercased, non \[a-z0-9\] replaced with "-", max 63 bytes.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_NAMESPACE_SLUG: Var = Var::new("CI_PROJECT_NAMESPACE_SLUG");

/// `CI_PROJECT_PATH` lowercased, non \[a-z0-9\] replaced with "-", max 63 bytes.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_PATH_SLUG: Var = Var::new("CI_PROJECT_PATH_SLUG");

/// Namespace plus project name (full project path).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_PATH: Var = Var::new("CI_PROJECT_PATH");

/// Comma list (lowercase, max 5) of repository languages, e.g. "ruby,javascript,html,css".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_REPOSITORY_LANGUAGES: Var = Var::new("CI_PROJECT_REPOSITORY_LANGUAGES");

/// Top-level namespace of the project (first path segment).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_ROOT_NAMESPACE: Var = Var::new("CI_PROJECT_ROOT_NAMESPACE");

/// Human-readable project name shown in the UI.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_TITLE: Var = Var::new("CI_PROJECT_TITLE");

/// Project description shown in the UI.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.1.
pub const CI_PROJECT_DESCRIPTION: Var = Var::new("CI_PROJECT_DESCRIPTION");

/// Comma list (lowercase, first 20) of project topics.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.3.
pub const CI_PROJECT_TOPICS: Var = Var::new("CI_PROJECT_TOPICS");

/// HTTP(S) URL of the project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_URL: Var = Var::new("CI_PROJECT_URL");

/// Project visibility: internal, private or public.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_VISIBILITY: Var = Var::new("CI_PROJECT_VISIBILITY");

/// External-authorization classification label of the project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_PROJECT_CLASSIFICATION_LABEL: Var = Var::new("CI_PROJECT_CLASSIFICATION_LABEL");

/// Container registry server "\<host\>\[:\<port\>\]"; only when the registry is enabled on the
/// instance.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_REGISTRY: Var = Var::new("CI_REGISTRY");

/// Base image path "\<host\>\[:\<port\>\]/\<project_full_path\>" for the project; only when the
/// registry is enabled for the project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_REGISTRY_IMAGE: Var = Var::new("CI_REGISTRY_IMAGE");

/// Password for pushing to the project registry (same value as `CI_JOB_TOKEN`, valid while the
/// job runs).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_REGISTRY_PASSWORD: Var = Var::new("CI_REGISTRY_PASSWORD");

/// Username for pushing to the project registry.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_REGISTRY_USER: Var = Var::new("CI_REGISTRY_USER");

/// Release description (first 1024 chars); tag pipelines only.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`. Since GitLab 15.5.
pub const CI_RELEASE_DESCRIPTION: Var = Var::new("CI_RELEASE_DESCRIPTION");

/// HTTP clone URL embedding the job token
/// (https://gitlab-ci-token:$`CI_JOB_TOKEN`@host/group/project.git).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_REPOSITORY_URL: Var = Var::new("CI_REPOSITORY_URL");

/// Runner description.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_DESCRIPTION: Var = Var::new("CI_RUNNER_DESCRIPTION");

/// OS/arch of the runner binary (may differ from the executor environment).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_EXECUTABLE_ARCH: Var = Var::new("CI_RUNNER_EXECUTABLE_ARCH");

/// Unique ID of the runner.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_ID: Var = Var::new("CI_RUNNER_ID");

/// Runner revision.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_REVISION: Var = Var::new("CI_RUNNER_REVISION");

/// Runner unique ID used for job requests (prefixed token, first 17 chars).
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_SHORT_TOKEN: Var = Var::new("CI_RUNNER_SHORT_TOKEN");

/// JSON array of runner tags, e.g. \["tag_1", "tag_2"\].
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_TAGS: Var = Var::new("CI_RUNNER_TAGS");

/// Runner version.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_RUNNER_VERSION: Var = Var::new("CI_RUNNER_VERSION");

/// Instance FQDN including port if non-default, e.g. gitlab.example.com:8080.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 16.10.
pub const CI_SERVER_FQDN: Var = Var::new("CI_SERVER_FQDN");

/// Instance host without protocol/port.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_HOST: Var = Var::new("CI_SERVER_HOST");

/// Name of the CI/CD server coordinating jobs.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_NAME: Var = Var::new("CI_SERVER_NAME");

/// Instance port.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_PORT: Var = Var::new("CI_SERVER_PORT");

/// Instance protocol, e.g. https.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_PROTOCOL: Var = Var::new("CI_SERVER_PROTOCOL");

/// SSH host for Git access.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.11.
pub const CI_SERVER_SHELL_SSH_HOST: Var = Var::new("CI_SERVER_SHELL_SSH_HOST");

/// SSH port for Git access.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.11.
pub const CI_SERVER_SHELL_SSH_PORT: Var = Var::new("CI_SERVER_SHELL_SSH_PORT");

/// GitLab revision scheduling the jobs.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_REVISION: Var = Var::new("CI_SERVER_REVISION");

/// File with the TLS CA cert used to verify GitLab (runner tls-ca-file).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_SERVER_TLS_CA_FILE: Var = Var::new("CI_SERVER_TLS_CA_FILE");

/// File with the TLS cert used to verify GitLab (runner tls-cert-file).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_SERVER_TLS_CERT_FILE: Var = Var::new("CI_SERVER_TLS_CERT_FILE");

/// File with the TLS key used to verify GitLab (runner tls-key-file).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_SERVER_TLS_KEY_FILE: Var = Var::new("CI_SERVER_TLS_KEY_FILE");

/// Base URL of the instance including protocol and port.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_URL: Var = Var::new("CI_SERVER_URL");

/// Major part of the GitLab version.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_VERSION_MAJOR: Var = Var::new("CI_SERVER_VERSION_MAJOR");

/// Minor part of the GitLab version.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_VERSION_MINOR: Var = Var::new("CI_SERVER_VERSION_MINOR");

/// Patch part of the GitLab version.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_VERSION_PATCH: Var = Var::new("CI_SERVER_VERSION_PATCH");

/// Full GitLab version.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const CI_SERVER_VERSION: Var = Var::new("CI_SERVER_VERSION");

/// Set to "yes" in every CI/CD job.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`.
pub const CI_SERVER: Var = Var::new("CI_SERVER");

/// "true" only when the job runs in a persistent shared environment (shell or ssh executor).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const CI_SHARED_ENVIRONMENT: Var = Var::new("CI_SHARED_ENVIRONMENT");

/// Registry host used by CI/CD templates; default registry.gitlab.com.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 15.3.
pub const CI_TEMPLATE_REGISTRY_HOST: Var = Var::new("CI_TEMPLATE_REGISTRY_HOST");

/// First 4 chars (after the glptt- prefix) of the trigger token; only for trigger-token
/// pipelines.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Since GitLab 17.0.
pub const CI_TRIGGER_SHORT_TOKEN: Var = Var::new("CI_TRIGGER_SHORT_TOKEN");

/// ID of the upstream trigger job (multi-project or parent-child pipelines).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.9.
pub const CI_UPSTREAM_JOB_ID: Var = Var::new("CI_UPSTREAM_JOB_ID");

/// ID of the upstream pipeline.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.9.
pub const CI_UPSTREAM_PIPELINE_ID: Var = Var::new("CI_UPSTREAM_PIPELINE_ID");

/// ID of the upstream project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Since GitLab 18.9.
pub const CI_UPSTREAM_PROJECT_ID: Var = Var::new("CI_UPSTREAM_PROJECT_ID");

/// Set to "true" in every CI/CD job.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const GITLAB_CI: Var = Var::new("GITLAB_CI");

/// Comma list of licensed features of the instance.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts.
pub const GITLAB_FEATURES: Var = Var::new("GITLAB_FEATURES");

/// Email of the pipeline starter (of the job starter for manual jobs).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const GITLAB_USER_EMAIL: Var = Var::new("GITLAB_USER_EMAIL");

/// Numeric user ID of the pipeline starter (job starter for manual jobs).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const GITLAB_USER_ID: Var = Var::new("GITLAB_USER_ID");

/// Username of the pipeline starter (job starter for manual jobs).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const GITLAB_USER_LOGIN: Var = Var::new("GITLAB_USER_LOGIN");

/// Display name of the pipeline starter (job starter for manual jobs).
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const GITLAB_USER_NAME: Var = Var::new("GITLAB_USER_NAME");

/// Path to a kubeconfig with contexts for each shared GitLab agent connection; only when an
/// agent is authorized for the project.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const KUBECONFIG: Var = Var::new("KUBECONFIG");

/// Webhook payload; only for pipelines triggered by a webhook.
///
/// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
/// `include:rules`.
pub const TRIGGER_PAYLOAD: Var = Var::new("TRIGGER_PAYLOAD");

/// "true" when approvals are available and the MR is approved.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_APPROVED: Var = Var::new("CI_MERGE_REQUEST_APPROVED");

/// Comma list of assignee usernames (only if any assignee).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_ASSIGNEES: Var = Var::new("CI_MERGE_REQUEST_ASSIGNEES");

/// Base SHA of the MR diff.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_DIFF_BASE_SHA: Var = Var::new("CI_MERGE_REQUEST_DIFF_BASE_SHA");

/// Version of the MR diff.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_DIFF_ID: Var = Var::new("CI_MERGE_REQUEST_DIFF_ID");

/// MR pipeline type: detached, merged_result or merge_train.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_EVENT_TYPE: Var = Var::new("CI_MERGE_REQUEST_EVENT_TYPE");

/// MR description, truncated to the first 2700 characters.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 16.7.
pub const CI_MERGE_REQUEST_DESCRIPTION: Var = Var::new("CI_MERGE_REQUEST_DESCRIPTION");

/// "true" if the description was truncated to 2700 chars, else "false".
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 16.8.
pub const CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED: Var =
    Var::new("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED");

/// Instance-wide MR ID.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_ID: Var = Var::new("CI_MERGE_REQUEST_ID");

/// Project-scoped MR number (the one in the MR URL).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_IID: Var = Var::new("CI_MERGE_REQUEST_IID");

/// Comma list of MR label names (only if any label).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_LABELS: Var = Var::new("CI_MERGE_REQUEST_LABELS");

/// MR milestone title (only if set).
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_MILESTONE: Var = Var::new("CI_MERGE_REQUEST_MILESTONE");

/// ID of the MR's project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_PROJECT_ID: Var = Var::new("CI_MERGE_REQUEST_PROJECT_ID");

/// Path of the MR's project, e.g. namespace/awesome-project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_PROJECT_PATH: Var = Var::new("CI_MERGE_REQUEST_PROJECT_PATH");

/// URL of the MR's project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_PROJECT_URL: Var = Var::new("CI_MERGE_REQUEST_PROJECT_URL");

/// MR ref path, e.g. refs/merge-requests/1/head.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_REF_PATH: Var = Var::new("CI_MERGE_REQUEST_REF_PATH");

/// MR source branch name.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: Var =
    Var::new("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");

/// "true" when the source branch is protected.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 16.4.
pub const CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED: Var =
    Var::new("CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED");

/// Source-branch HEAD SHA; empty in plain MR pipelines, set only in merged-results pipelines.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: Var = Var::new("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA");

/// ID of the MR source project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_SOURCE_PROJECT_ID: Var = Var::new("CI_MERGE_REQUEST_SOURCE_PROJECT_ID");

/// Path of the MR source project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: Var =
    Var::new("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH");

/// URL of the MR source project.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_SOURCE_PROJECT_URL: Var =
    Var::new("CI_MERGE_REQUEST_SOURCE_PROJECT_URL");

/// "true" when squash-on-merge is set.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 16.4.
pub const CI_MERGE_REQUEST_SQUASH_ON_MERGE: Var = Var::new("CI_MERGE_REQUEST_SQUASH_ON_MERGE");

/// MR target branch name.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_TARGET_BRANCH_NAME: Var =
    Var::new("CI_MERGE_REQUEST_TARGET_BRANCH_NAME");

/// "true" when the target branch is protected.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 15.2.
pub const CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED: Var =
    Var::new("CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED");

/// Target-branch HEAD SHA; empty in plain MR pipelines, set only in merged-results pipelines.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_TARGET_BRANCH_SHA: Var = Var::new("CI_MERGE_REQUEST_TARGET_BRANCH_SHA");

/// MR title.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines.
pub const CI_MERGE_REQUEST_TITLE: Var = Var::new("CI_MERGE_REQUEST_TITLE");

/// "true" if the MR is a draft.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in merge request pipelines. Since GitLab 17.10.
pub const CI_MERGE_REQUEST_DRAFT: Var = Var::new("CI_MERGE_REQUEST_DRAFT");

/// GitHub pull request ID.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_IID: Var = Var::new("CI_EXTERNAL_PULL_REQUEST_IID");

/// Source repository name of the PR.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY");

/// Target repository name of the PR.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY");

/// PR source branch name.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME");

/// PR source branch HEAD SHA.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA");

/// PR target branch name.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME");

/// PR target branch HEAD SHA.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only in external pull request pipelines (GitHub).
pub const CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA: Var =
    Var::new("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA");

/// "1" when Auto DevOps is enabled.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only with Auto DevOps.
pub const AUTO_DEVOPS_EXPLICITLY_ENABLED: Var = Var::new("AUTO_DEVOPS_EXPLICITLY_ENABLED");

/// Auto DevOps deployment-strategy switch.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only with Auto DevOps.
pub const STAGING_ENABLED: Var = Var::new("STAGING_ENABLED");

/// Auto DevOps deployment-strategy switch.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only with Auto DevOps.
pub const INCREMENTAL_ROLLOUT_MODE: Var = Var::new("INCREMENTAL_ROLLOUT_MODE");

/// Deprecated Auto DevOps switch.
///
/// Known before the pipeline is created: usable in `rules`, `workflow:rules`, `include:rules`
/// and scripts. Only with Auto DevOps.
pub const INCREMENTAL_ROLLOUT_ENABLED: Var = Var::new("INCREMENTAL_ROLLOUT_ENABLED");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_URL: Var = Var::new("HARBOR_URL");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_HOST: Var = Var::new("HARBOR_HOST");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_OCI: Var = Var::new("HARBOR_OCI");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_PROJECT: Var = Var::new("HARBOR_PROJECT");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_USERNAME: Var = Var::new("HARBOR_USERNAME");

/// Harbor integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const HARBOR_PASSWORD: Var = Var::new("HARBOR_PASSWORD");

/// Apple App Store Connect integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const APP_STORE_CONNECT_API_KEY_ISSUER_ID: Var =
    Var::new("APP_STORE_CONNECT_API_KEY_ISSUER_ID");

/// Apple App Store Connect integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const APP_STORE_CONNECT_API_KEY_KEY_ID: Var = Var::new("APP_STORE_CONNECT_API_KEY_KEY_ID");

/// Apple App Store Connect integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const APP_STORE_CONNECT_API_KEY_KEY: Var = Var::new("APP_STORE_CONNECT_API_KEY_KEY");

/// Apple App Store Connect integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const APP_STORE_CONNECT_API_KEY_IS_KEY_CONTENT_BASE64: Var =
    Var::new("APP_STORE_CONNECT_API_KEY_IS_KEY_CONTENT_BASE64");

/// Google Play integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const SUPPLY_PACKAGE_NAME: Var = Var::new("SUPPLY_PACKAGE_NAME");

/// Google Play integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const SUPPLY_JSON_KEY_DATA: Var = Var::new("SUPPLY_JSON_KEY_DATA");

/// Diffblue Cover integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const DIFFBLUE_LICENSE_KEY: Var = Var::new("DIFFBLUE_LICENSE_KEY");

/// Diffblue Cover integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const DIFFBLUE_ACCESS_TOKEN_NAME: Var = Var::new("DIFFBLUE_ACCESS_TOKEN_NAME");

/// Diffblue Cover integration.
///
/// Set only when a runner runs the job: usable in scripts, not in `rules`, `workflow` or
/// `include`. Only when the integration is enabled.
pub const DIFFBLUE_ACCESS_TOKEN: Var = Var::new("DIFFBLUE_ACCESS_TOKEN");

/// Every predefined variable above, in the order of GitLab's documentation.
pub const ALL: [Var; 189] = [
    CHAT_CHANNEL,
    CHAT_INPUT,
    CHAT_USER_ID,
    CI,
    CI_API_V4_URL,
    CI_API_GRAPHQL_URL,
    CI_BUILDS_DIR,
    CI_COMMIT_AUTHOR,
    CI_COMMIT_BEFORE_SHA,
    CI_COMMIT_BRANCH,
    CI_COMMIT_DESCRIPTION,
    CI_COMMIT_MESSAGE,
    CI_COMMIT_MESSAGE_IS_TRUNCATED,
    CI_COMMIT_REF_NAME,
    CI_COMMIT_REF_PROTECTED,
    CI_COMMIT_REF_SLUG,
    CI_COMMIT_SHA,
    CI_COMMIT_SHORT_SHA,
    CI_COMMIT_TAG,
    CI_COMMIT_TAG_MESSAGE,
    CI_COMMIT_TIMESTAMP,
    CI_COMMIT_TITLE,
    CI_COMMIT_USER_LOGIN,
    CI_CONCURRENT_ID,
    CI_CONCURRENT_PROJECT_ID,
    CI_CONFIG_PATH,
    CI_CONFIG_REF_URI,
    CI_DEBUG_TRACE,
    CI_DEBUG_SERVICES,
    CI_DEFAULT_BRANCH,
    CI_DEFAULT_BRANCH_SLUG,
    CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX,
    CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX,
    CI_DEPENDENCY_PROXY_PASSWORD,
    CI_DEPENDENCY_PROXY_SERVER,
    CI_DEPENDENCY_PROXY_USER,
    CI_DEPLOY_FREEZE,
    CI_DEPLOY_PASSWORD,
    CI_DEPLOY_USER,
    CI_DISPOSABLE_ENVIRONMENT,
    CI_ENVIRONMENT_ID,
    CI_ENVIRONMENT_NAME,
    CI_ENVIRONMENT_SLUG,
    CI_ENVIRONMENT_URL,
    CI_ENVIRONMENT_ACTION,
    CI_ENVIRONMENT_TIER,
    CI_GITLAB_FIPS_MODE,
    CI_HAS_OPEN_REQUIREMENTS,
    CI_JOB_GROUP_NAME,
    CI_JOB_ID,
    CI_JOB_IMAGE,
    CI_JOB_MANUAL,
    CI_JOB_NAME,
    CI_JOB_NAME_SLUG,
    CI_JOB_STAGE,
    CI_JOB_STATUS,
    CI_JOB_TIMEOUT,
    CI_JOB_TOKEN,
    CI_JOB_URL,
    CI_JOB_STARTED_AT,
    CI_JOB_STARTED_AT_SLUG,
    CI_KUBERNETES_ACTIVE,
    CI_NODE_INDEX,
    CI_NODE_TOTAL,
    CI_OPEN_MERGE_REQUESTS,
    CI_PAGES_DOMAIN,
    CI_PAGES_HOSTNAME,
    CI_PAGES_URL,
    CI_PIPELINE_ID,
    CI_PIPELINE_IID,
    CI_PIPELINE_SOURCE,
    CI_PIPELINE_TRIGGERED,
    CI_PIPELINE_URL,
    CI_PIPELINE_CREATED_AT,
    CI_PIPELINE_NAME,
    CI_PIPELINE_SCHEDULE_DESCRIPTION,
    CI_PROJECT_DIR,
    CI_PROJECT_ID,
    CI_PROJECT_NAME,
    CI_PROJECT_NAMESPACE,
    CI_PROJECT_NAMESPACE_ID,
    CI_PROJECT_NAMESPACE_SLUG,
    CI_PROJECT_PATH_SLUG,
    CI_PROJECT_PATH,
    CI_PROJECT_REPOSITORY_LANGUAGES,
    CI_PROJECT_ROOT_NAMESPACE,
    CI_PROJECT_TITLE,
    CI_PROJECT_DESCRIPTION,
    CI_PROJECT_TOPICS,
    CI_PROJECT_URL,
    CI_PROJECT_VISIBILITY,
    CI_PROJECT_CLASSIFICATION_LABEL,
    CI_REGISTRY,
    CI_REGISTRY_IMAGE,
    CI_REGISTRY_PASSWORD,
    CI_REGISTRY_USER,
    CI_RELEASE_DESCRIPTION,
    CI_REPOSITORY_URL,
    CI_RUNNER_DESCRIPTION,
    CI_RUNNER_EXECUTABLE_ARCH,
    CI_RUNNER_ID,
    CI_RUNNER_REVISION,
    CI_RUNNER_SHORT_TOKEN,
    CI_RUNNER_TAGS,
    CI_RUNNER_VERSION,
    CI_SERVER_FQDN,
    CI_SERVER_HOST,
    CI_SERVER_NAME,
    CI_SERVER_PORT,
    CI_SERVER_PROTOCOL,
    CI_SERVER_SHELL_SSH_HOST,
    CI_SERVER_SHELL_SSH_PORT,
    CI_SERVER_REVISION,
    CI_SERVER_TLS_CA_FILE,
    CI_SERVER_TLS_CERT_FILE,
    CI_SERVER_TLS_KEY_FILE,
    CI_SERVER_URL,
    CI_SERVER_VERSION_MAJOR,
    CI_SERVER_VERSION_MINOR,
    CI_SERVER_VERSION_PATCH,
    CI_SERVER_VERSION,
    CI_SERVER,
    CI_SHARED_ENVIRONMENT,
    CI_TEMPLATE_REGISTRY_HOST,
    CI_TRIGGER_SHORT_TOKEN,
    CI_UPSTREAM_JOB_ID,
    CI_UPSTREAM_PIPELINE_ID,
    CI_UPSTREAM_PROJECT_ID,
    GITLAB_CI,
    GITLAB_FEATURES,
    GITLAB_USER_EMAIL,
    GITLAB_USER_ID,
    GITLAB_USER_LOGIN,
    GITLAB_USER_NAME,
    KUBECONFIG,
    TRIGGER_PAYLOAD,
    CI_MERGE_REQUEST_APPROVED,
    CI_MERGE_REQUEST_ASSIGNEES,
    CI_MERGE_REQUEST_DIFF_BASE_SHA,
    CI_MERGE_REQUEST_DIFF_ID,
    CI_MERGE_REQUEST_EVENT_TYPE,
    CI_MERGE_REQUEST_DESCRIPTION,
    CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED,
    CI_MERGE_REQUEST_ID,
    CI_MERGE_REQUEST_IID,
    CI_MERGE_REQUEST_LABELS,
    CI_MERGE_REQUEST_MILESTONE,
    CI_MERGE_REQUEST_PROJECT_ID,
    CI_MERGE_REQUEST_PROJECT_PATH,
    CI_MERGE_REQUEST_PROJECT_URL,
    CI_MERGE_REQUEST_REF_PATH,
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME,
    CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED,
    CI_MERGE_REQUEST_SOURCE_BRANCH_SHA,
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID,
    CI_MERGE_REQUEST_SOURCE_PROJECT_PATH,
    CI_MERGE_REQUEST_SOURCE_PROJECT_URL,
    CI_MERGE_REQUEST_SQUASH_ON_MERGE,
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME,
    CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED,
    CI_MERGE_REQUEST_TARGET_BRANCH_SHA,
    CI_MERGE_REQUEST_TITLE,
    CI_MERGE_REQUEST_DRAFT,
    CI_EXTERNAL_PULL_REQUEST_IID,
    CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY,
    CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY,
    CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME,
    CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA,
    CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME,
    CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA,
    AUTO_DEVOPS_EXPLICITLY_ENABLED,
    STAGING_ENABLED,
    INCREMENTAL_ROLLOUT_MODE,
    INCREMENTAL_ROLLOUT_ENABLED,
    HARBOR_URL,
    HARBOR_HOST,
    HARBOR_OCI,
    HARBOR_PROJECT,
    HARBOR_USERNAME,
    HARBOR_PASSWORD,
    APP_STORE_CONNECT_API_KEY_ISSUER_ID,
    APP_STORE_CONNECT_API_KEY_KEY_ID,
    APP_STORE_CONNECT_API_KEY_KEY,
    APP_STORE_CONNECT_API_KEY_IS_KEY_CONTENT_BASE64,
    SUPPLY_PACKAGE_NAME,
    SUPPLY_JSON_KEY_DATA,
    DIFFBLUE_LICENSE_KEY,
    DIFFBLUE_ACCESS_TOKEN_NAME,
    DIFFBLUE_ACCESS_TOKEN,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{ALL, CI_COMMIT_SHA, Var};

    #[test]
    fn builder_var_display_and_braced() {
        assert_eq!(CI_COMMIT_SHA.to_string(), "$CI_COMMIT_SHA");
        assert_eq!(CI_COMMIT_SHA.braced(), "${CI_COMMIT_SHA}");
        assert_eq!(format!("{CI_COMMIT_SHA}-x"), "$CI_COMMIT_SHA-x");
        assert_eq!(Var::predefined("NOT_A_GITLAB_VARIABLE"), None);
    }

    #[test]
    fn builder_vars_have_no_duplicates() {
        let names: BTreeSet<&str> = ALL.iter().map(|v| v.name()).collect();
        assert_eq!(names.len(), ALL.len());
    }

    /// [`ALL`] lists every constant of this file.
    #[test]
    fn builder_vars_all_lists_every_constant() {
        let declared: BTreeSet<&str> = include_str!("vars.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("pub const "))
            .filter_map(|l| l.split_once(": Var ="))
            .map(|(name, _)| name)
            .collect();
        let listed: BTreeSet<&str> = ALL.iter().map(|v| v.name()).collect();
        assert_eq!(declared, listed);
    }

    /// Every name in GitLab's list has a constant, and every constant is in the list.
    #[test]
    fn builder_vars_match_predefined_variables_tsv() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/gitlab-ci/predefined-variables.tsv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true, and this test needs {path}, which is missing"
            );
            eprintln!("\n==================== SKIPPED: {path} not found ====================\n");
            return;
        };
        let listed: BTreeSet<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next())
            .filter(|name| *name != "name")
            .collect();
        let ours: BTreeSet<&str> = ALL.iter().map(|v| v.name()).collect();
        let missing: Vec<_> = listed.difference(&ours).collect();
        let unknown: Vec<_> = ours.difference(&listed).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "vars.rs is out of date with {path}\n  missing constants: {missing:?}\n  \
             constants not in the list: {unknown:?}"
        );
    }
}
