//! GitLab's predefined CI/CD variables: their names, when in a pipeline's life they are set
//! (which decides whether `rules:if` can read them), and the deprecated `CI_BUILD_*` names
//! with their replacements.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/variables/predefined_variables/>
//!
//! ```
//! use pipeline_syntax::variables::{self, Availability};
//!
//! let sha = variables::predefined("CI_COMMIT_SHA").unwrap();
//! assert_eq!(sha.availability, Availability::PrePipeline);
//! assert!(!variables::predefined("CI_JOB_TOKEN").unwrap().availability.usable_in_rules());
//! assert_eq!(variables::deprecated_replacement("CI_BUILD_TOKEN"), Some("CI_JOB_TOKEN"));
//! assert!(!variables::is_predefined("CI_BUILD_TOKEN"));
//! ```
//!
//! The table restates `predefined-variables.tsv` (GitLab's `predefined_variables.md`, GitLab
//! 18.x to 19.0), with descriptions in our own words; a test keeps the two equal.

use std::fmt;

use Availability::{JobOnly, Pipeline, PrePipeline};
use Scope::{AutoDevops, ExternalPullRequest, General, Integration, MergeRequest};

/// A variable GitLab defines for every pipeline or job (in its scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PredefinedVariable {
    /// The name, as in `$CI_COMMIT_SHA`.
    pub name: &'static str,
    /// When GitLab sets it.
    pub availability: Availability,
    /// Which pipelines have it.
    pub scope: Scope,
    /// The GitLab version that introduced it, when the documentation states one (`"15.11"`).
    pub introduced: Option<&'static str>,
    /// What it holds.
    pub description: &'static str,
}

/// When in a pipeline's life a predefined variable gets its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Availability {
    /// Known before the pipeline is created: usable in `include:rules`, `workflow:rules`,
    /// job `rules` and scripts.
    PrePipeline,
    /// Set while GitLab creates the pipeline: usable in job `rules` and scripts, not in
    /// `include:rules` or `workflow:rules`.
    Pipeline,
    /// Set only when a runner executes the job: scripts only (not in trigger jobs).
    JobOnly,
}

/// Which pipelines define a predefined variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Every pipeline.
    General,
    /// Merge request pipelines (while the merge request is open).
    MergeRequest,
    /// External pull request pipelines (GitHub).
    ExternalPullRequest,
    /// Auto DevOps pipelines.
    AutoDevops,
    /// Jobs of projects with the matching integration (Harbor, App Store, ...).
    Integration,
}

impl Availability {
    /// The name used in GitLab's documentation tables: `pre-pipeline`, `pipeline`, `job-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            PrePipeline => "pre-pipeline",
            Pipeline => "pipeline",
            JobOnly => "job-only",
        }
    }

    /// Whether job `rules:if` can read the variable.
    pub fn usable_in_rules(self) -> bool {
        self != JobOnly
    }

    /// Whether `workflow:rules:if` and `include:rules:if` can read the variable.
    pub fn usable_in_workflow_rules(self) -> bool {
        self == PrePipeline
    }
}

impl Scope {
    /// The name used in the data file: `general`, `merge_request`, `external_pull_request`,
    /// `auto_devops`, `integration`.
    pub fn as_str(self) -> &'static str {
        match self {
            General => "general",
            MergeRequest => "merge_request",
            ExternalPullRequest => "external_pull_request",
            AutoDevops => "auto_devops",
            Integration => "integration",
        }
    }
}

impl fmt::Display for Availability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The predefined variable called `name`.
pub fn predefined(name: &str) -> Option<&'static PredefinedVariable> {
    PREDEFINED
        .binary_search_by(|v| v.name.cmp(name))
        .ok()
        .map(|i| &PREDEFINED[i])
}

/// Whether GitLab predefines `name` (deprecated names are not predefined: see
/// [`deprecated_replacement`]).
pub fn is_predefined(name: &str) -> bool {
    predefined(name).is_some()
}

/// The variable that replaces a deprecated predefined one (`CI_BUILD_REF` → `CI_COMMIT_SHA`).
pub fn deprecated_replacement(name: &str) -> Option<&'static str> {
    DEPRECATED
        .binary_search_by(|(old, _)| old.cmp(&name))
        .ok()
        .map(|i| DEPRECATED[i].1)
}

/// The `CI_BUILD_*` names of GitLab 8 and their GitLab 9.0 replacements (removal planned for
/// 16.0), sorted by old name.
pub const DEPRECATED: [(&str, &str); 12] = [
    ("CI_BUILD_BEFORE_SHA", "CI_COMMIT_BEFORE_SHA"),
    ("CI_BUILD_ID", "CI_JOB_ID"),
    ("CI_BUILD_MANUAL", "CI_JOB_MANUAL"),
    ("CI_BUILD_NAME", "CI_JOB_NAME"),
    ("CI_BUILD_REF", "CI_COMMIT_SHA"),
    ("CI_BUILD_REF_NAME", "CI_COMMIT_REF_NAME"),
    ("CI_BUILD_REF_SLUG", "CI_COMMIT_REF_SLUG"),
    ("CI_BUILD_REPO", "CI_REPOSITORY_URL"),
    ("CI_BUILD_STAGE", "CI_JOB_STAGE"),
    ("CI_BUILD_TAG", "CI_COMMIT_TAG"),
    ("CI_BUILD_TOKEN", "CI_JOB_TOKEN"),
    ("CI_BUILD_TRIGGERED", "CI_PIPELINE_TRIGGERED"),
];

const fn v(
    name: &'static str,
    availability: Availability,
    scope: Scope,
    introduced: Option<&'static str>,
    description: &'static str,
) -> PredefinedVariable {
    PredefinedVariable {
        name,
        availability,
        scope,
        introduced,
        description,
    }
}

/// Every predefined variable, sorted by name.
#[rustfmt::skip]
pub const PREDEFINED: &[PredefinedVariable] = &[
    v("APP_STORE_CONNECT_API_KEY_ISSUER_ID", JobOnly, Integration, None, "Apple App Store Connect integration."),
    v("APP_STORE_CONNECT_API_KEY_IS_KEY_CONTENT_BASE64", JobOnly, Integration, None, "Apple App Store Connect integration."),
    v("APP_STORE_CONNECT_API_KEY_KEY", JobOnly, Integration, None, "Apple App Store Connect integration."),
    v("APP_STORE_CONNECT_API_KEY_KEY_ID", JobOnly, Integration, None, "Apple App Store Connect integration."),
    v("AUTO_DEVOPS_EXPLICITLY_ENABLED", PrePipeline, AutoDevops, None, "\"1\" when Auto DevOps is enabled."),
    v("CHAT_CHANNEL", Pipeline, General, None, "Chat channel from which a ChatOps command started the pipeline."),
    v("CHAT_INPUT", Pipeline, General, None, "Extra arguments given with the ChatOps command."),
    v("CHAT_USER_ID", Pipeline, General, None, "Chat-service user ID of the person who issued the ChatOps command."),
    v("CI", PrePipeline, General, None, "Set to \"true\" in every CI/CD job."),
    v("CI_API_GRAPHQL_URL", PrePipeline, General, Some("15.11"), "Root URL of the instance's GraphQL API."),
    v("CI_API_V4_URL", PrePipeline, General, None, "Root URL of the instance's REST API v4."),
    v("CI_BUILDS_DIR", JobOnly, General, None, "Top-level directory in which the runner executes builds."),
    v("CI_COMMIT_AUTHOR", PrePipeline, General, None, "Commit author formatted as \"Name <email>\"."),
    v("CI_COMMIT_BEFORE_SHA", PrePipeline, General, None, "Previous head commit of the branch/tag; all-zero SHA (40 zeros) for MR pipelines, scheduled pipelines, the first commit of a branch/tag pipeline, or manual runs."),
    v("CI_COMMIT_BRANCH", PrePipeline, General, None, "Branch name; set in branch pipelines (including default branch); absent in MR and tag pipelines."),
    v("CI_COMMIT_DESCRIPTION", PrePipeline, General, None, "Commit message minus its first line when the title is under 100 characters."),
    v("CI_COMMIT_MESSAGE", PrePipeline, General, None, "Complete commit message (may be truncated, see CI_COMMIT_MESSAGE_IS_TRUNCATED)."),
    v("CI_COMMIT_MESSAGE_IS_TRUNCATED", PrePipeline, General, Some("18.6"), "\"true\" when CI_COMMIT_MESSAGE was cut to the size limit (GITLAB_CI_MAX_COMMIT_MESSAGE_SIZE_IN_BYTES, default 100 KB), else \"false\"."),
    v("CI_COMMIT_REF_NAME", PrePipeline, General, None, "Branch or tag name being built."),
    v("CI_COMMIT_REF_PROTECTED", PrePipeline, General, None, "\"true\" if the ref is protected, otherwise \"false\"."),
    v("CI_COMMIT_REF_SLUG", PrePipeline, General, None, "CI_COMMIT_REF_NAME lowercased, max 63 bytes, every char outside [0-9a-z] replaced by \"-\", no leading/trailing \"-\"."),
    v("CI_COMMIT_SHA", PrePipeline, General, None, "Full SHA of the commit being built."),
    v("CI_COMMIT_SHORT_SHA", PrePipeline, General, None, "First 8 characters of CI_COMMIT_SHA."),
    v("CI_COMMIT_TAG", PrePipeline, General, None, "Tag name; only set in tag pipelines."),
    v("CI_COMMIT_TAG_MESSAGE", PrePipeline, General, Some("15.5"), "Tag annotation message; only in tag pipelines."),
    v("CI_COMMIT_TIMESTAMP", PrePipeline, General, None, "Commit time in ISO 8601 (e.g. 2022-01-31T16:47:55Z), UTC by default."),
    v("CI_COMMIT_TITLE", PrePipeline, General, None, "First line of the commit message."),
    v("CI_COMMIT_USER_LOGIN", PrePipeline, General, Some("18.10"), "GitLab username of the commit author when profile/email are public and match the commit email; else empty string."),
    v("CI_CONCURRENT_ID", JobOnly, General, None, "Unique ID of this build execution within one executor."),
    v("CI_CONCURRENT_PROJECT_ID", JobOnly, General, None, "Unique ID of this build execution within one executor and project."),
    v("CI_CONFIG_PATH", PrePipeline, General, None, "Path of the CI/CD config file; default \".gitlab-ci.yml\"."),
    v("CI_CONFIG_REF_URI", Pipeline, General, Some("19.0"), "Fully qualified ref path of the top-level pipeline definition (host/group/project//.gitlab-ci.yml@refs/heads/<branch>); absent if the ref cannot be determined."),
    v("CI_DEBUG_SERVICES", Pipeline, General, Some("15.7"), "\"true\" when service-container logging is on (needs Runner 15.7+)."),
    v("CI_DEBUG_TRACE", Pipeline, General, None, "\"true\" when debug logging (tracing) is on."),
    v("CI_DEFAULT_BRANCH", PrePipeline, General, None, "Name of the project's default branch."),
    v("CI_DEFAULT_BRANCH_SLUG", PrePipeline, General, None, "CI_DEFAULT_BRANCH slugified (lowercase, 63 bytes, [0-9a-z] else \"-\", trimmed)."),
    v("CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX", PrePipeline, General, None, "Direct-group image prefix for pulling through the Dependency Proxy."),
    v("CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX", PrePipeline, General, None, "Top-level-group image prefix for pulling through the Dependency Proxy."),
    v("CI_DEPENDENCY_PROXY_PASSWORD", Pipeline, General, None, "Password for pulling through the Dependency Proxy."),
    v("CI_DEPENDENCY_PROXY_SERVER", PrePipeline, General, None, "Dependency Proxy login server; same as $CI_SERVER_HOST:$CI_SERVER_PORT."),
    v("CI_DEPENDENCY_PROXY_USER", Pipeline, General, None, "Username for pulling through the Dependency Proxy."),
    v("CI_DEPLOY_FREEZE", PrePipeline, General, None, "\"true\" only when the pipeline runs inside a deploy freeze window."),
    v("CI_DEPLOY_PASSWORD", JobOnly, General, None, "Password of the project's special \"gitlab-deploy-token\" deploy token, if one exists."),
    v("CI_DEPLOY_USER", JobOnly, General, None, "Username of the project's \"gitlab-deploy-token\" deploy token, if one exists."),
    v("CI_DISPOSABLE_ENVIRONMENT", Pipeline, General, None, "\"true\" when the job runs in a throw-away environment (every executor except shell and ssh)."),
    v("CI_ENVIRONMENT_ACTION", Pipeline, General, None, "Value of environment:action (start, prepare or stop) when set."),
    v("CI_ENVIRONMENT_ID", Pipeline, General, None, "ID of the job's environment; set when environment:name is set."),
    v("CI_ENVIRONMENT_NAME", Pipeline, General, None, "Name of the job's environment; set when environment:name is set."),
    v("CI_ENVIRONMENT_SLUG", Pipeline, General, None, "DNS/URL-safe form of the environment name, truncated to 24 chars; random suffix added for uppercase names; set when environment:name is set."),
    v("CI_ENVIRONMENT_TIER", Pipeline, General, None, "Deployment tier of the job's environment."),
    v("CI_ENVIRONMENT_URL", Pipeline, General, None, "Environment URL; set when environment:url is set."),
    v("CI_EXTERNAL_PULL_REQUEST_IID", PrePipeline, ExternalPullRequest, None, "GitHub pull request ID."),
    v("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME", PrePipeline, ExternalPullRequest, None, "PR source branch name."),
    v("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA", PrePipeline, ExternalPullRequest, None, "PR source branch HEAD SHA."),
    v("CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY", PrePipeline, ExternalPullRequest, None, "Source repository name of the PR."),
    v("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME", PrePipeline, ExternalPullRequest, None, "PR target branch name."),
    v("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA", PrePipeline, ExternalPullRequest, None, "PR target branch HEAD SHA."),
    v("CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY", PrePipeline, ExternalPullRequest, None, "Target repository name of the PR."),
    v("CI_GITLAB_FIPS_MODE", PrePipeline, General, None, "\"true\" only when the instance runs in FIPS mode."),
    v("CI_HAS_OPEN_REQUIREMENTS", Pipeline, General, None, "\"true\" only when the project has an open requirement."),
    v("CI_JOB_GROUP_NAME", Pipeline, General, Some("17.10"), "Shared name of a job group (parallel or manually grouped jobs), e.g. \"rspec:test\" for \"rspec:test: [ruby, ubuntu]\"; equals CI_JOB_NAME otherwise."),
    v("CI_JOB_ID", JobOnly, General, None, "Instance-wide unique internal job ID."),
    v("CI_JOB_IMAGE", JobOnly, General, None, "Docker image of the job; only when the job explicitly names an image (older docs listed it as pipeline-phase)."),
    v("CI_JOB_MANUAL", Pipeline, General, None, "\"true\" only when the job was started manually."),
    v("CI_JOB_NAME", Pipeline, General, None, "Job name."),
    v("CI_JOB_NAME_SLUG", Pipeline, General, Some("15.4"), "CI_JOB_NAME slugified (lowercase, 63 bytes, [0-9a-z] else \"-\", trimmed); meant for paths."),
    v("CI_JOB_STAGE", Pipeline, General, None, "Stage name of the job."),
    v("CI_JOB_STARTED_AT", JobOnly, General, None, "Job start time in ISO 8601, UTC by default."),
    v("CI_JOB_STARTED_AT_SLUG", JobOnly, General, Some("18.7"), "CI_JOB_STARTED_AT slugified (lowercase, 63 bytes, [0-9a-z] else \"-\", trimmed), e.g. for image tags."),
    v("CI_JOB_STATUS", JobOnly, General, None, "Job status as runner stages execute (success, failed, canceled); intended for after_script."),
    v("CI_JOB_TIMEOUT", JobOnly, General, Some("15.7"), "Job timeout in seconds (needs Runner 15.7+)."),
    v("CI_JOB_TOKEN", JobOnly, General, None, "Token for authenticating to certain API endpoints; valid while the job runs."),
    v("CI_JOB_URL", JobOnly, General, None, "URL of the job details page."),
    v("CI_KUBERNETES_ACTIVE", PrePipeline, General, None, "\"true\" only when a Kubernetes cluster is available for deployments."),
    v("CI_MERGE_REQUEST_APPROVED", PrePipeline, MergeRequest, None, "\"true\" when approvals are available and the MR is approved."),
    v("CI_MERGE_REQUEST_ASSIGNEES", PrePipeline, MergeRequest, None, "Comma list of assignee usernames (only if any assignee)."),
    v("CI_MERGE_REQUEST_DESCRIPTION", PrePipeline, MergeRequest, Some("16.7"), "MR description, truncated to the first 2700 characters."),
    v("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED", PrePipeline, MergeRequest, Some("16.8"), "\"true\" if the description was truncated to 2700 chars, else \"false\"."),
    v("CI_MERGE_REQUEST_DIFF_BASE_SHA", PrePipeline, MergeRequest, None, "Base SHA of the MR diff."),
    v("CI_MERGE_REQUEST_DIFF_ID", PrePipeline, MergeRequest, None, "Version of the MR diff."),
    v("CI_MERGE_REQUEST_DRAFT", PrePipeline, MergeRequest, Some("17.10"), "\"true\" if the MR is a draft."),
    v("CI_MERGE_REQUEST_EVENT_TYPE", PrePipeline, MergeRequest, None, "MR pipeline type: detached, merged_result or merge_train."),
    v("CI_MERGE_REQUEST_ID", PrePipeline, MergeRequest, None, "Instance-wide MR ID."),
    v("CI_MERGE_REQUEST_IID", PrePipeline, MergeRequest, None, "Project-scoped MR number (the one in the MR URL)."),
    v("CI_MERGE_REQUEST_LABELS", PrePipeline, MergeRequest, None, "Comma list of MR label names (only if any label)."),
    v("CI_MERGE_REQUEST_MILESTONE", PrePipeline, MergeRequest, None, "MR milestone title (only if set)."),
    v("CI_MERGE_REQUEST_PROJECT_ID", PrePipeline, MergeRequest, None, "ID of the MR's project."),
    v("CI_MERGE_REQUEST_PROJECT_PATH", PrePipeline, MergeRequest, None, "Path of the MR's project, e.g. namespace/awesome-project."),
    v("CI_MERGE_REQUEST_PROJECT_URL", PrePipeline, MergeRequest, None, "URL of the MR's project."),
    v("CI_MERGE_REQUEST_REF_PATH", PrePipeline, MergeRequest, None, "MR ref path, e.g. refs/merge-requests/1/head."),
    v("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", PrePipeline, MergeRequest, None, "MR source branch name."),
    v("CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED", PrePipeline, MergeRequest, Some("16.4"), "\"true\" when the source branch is protected."),
    v("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", PrePipeline, MergeRequest, None, "Source-branch HEAD SHA; empty in plain MR pipelines, set only in merged-results pipelines."),
    v("CI_MERGE_REQUEST_SOURCE_PROJECT_ID", PrePipeline, MergeRequest, None, "ID of the MR source project."),
    v("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", PrePipeline, MergeRequest, None, "Path of the MR source project."),
    v("CI_MERGE_REQUEST_SOURCE_PROJECT_URL", PrePipeline, MergeRequest, None, "URL of the MR source project."),
    v("CI_MERGE_REQUEST_SQUASH_ON_MERGE", PrePipeline, MergeRequest, Some("16.4"), "\"true\" when squash-on-merge is set."),
    v("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", PrePipeline, MergeRequest, None, "MR target branch name."),
    v("CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED", PrePipeline, MergeRequest, Some("15.2"), "\"true\" when the target branch is protected."),
    v("CI_MERGE_REQUEST_TARGET_BRANCH_SHA", PrePipeline, MergeRequest, None, "Target-branch HEAD SHA; empty in plain MR pipelines, set only in merged-results pipelines."),
    v("CI_MERGE_REQUEST_TITLE", PrePipeline, MergeRequest, None, "MR title."),
    v("CI_NODE_INDEX", Pipeline, General, None, "Index of this job within a parallel job set; only with parallel."),
    v("CI_NODE_TOTAL", Pipeline, General, None, "Number of parallel instances of the job; 1 when parallel is not used."),
    v("CI_OPEN_MERGE_REQUESTS", PrePipeline, General, None, "Comma list (max 4) of MR references using this branch/project as source, e.g. \"gitlab-org/gitlab!333\"; branch and MR pipelines only."),
    v("CI_PAGES_DOMAIN", PrePipeline, General, None, "Instance domain that serves GitLab Pages (without namespace subdomain)."),
    v("CI_PAGES_HOSTNAME", JobOnly, General, None, "Full hostname of the Pages deployment."),
    v("CI_PAGES_URL", JobOnly, General, None, "URL of the Pages site (subdomain of CI_PAGES_DOMAIN); includes path_prefix from GitLab 17.9 on (older docs: pre-pipeline)."),
    v("CI_PIPELINE_CREATED_AT", JobOnly, General, None, "Pipeline creation time in ISO 8601, UTC by default (older docs: pre-pipeline)."),
    v("CI_PIPELINE_ID", JobOnly, General, None, "Instance-wide unique pipeline ID."),
    v("CI_PIPELINE_IID", Pipeline, General, None, "Project-scoped pipeline number (IID)."),
    v("CI_PIPELINE_NAME", PrePipeline, General, Some("16.3"), "Pipeline name from workflow:name."),
    v("CI_PIPELINE_SCHEDULE_DESCRIPTION", PrePipeline, General, Some("17.8"), "Description of the pipeline schedule; scheduled pipelines only."),
    v("CI_PIPELINE_SOURCE", PrePipeline, General, None, "How the pipeline was started; one of the documented pipeline source values (see rules-expressions.md)."),
    v("CI_PIPELINE_TRIGGERED", Pipeline, General, None, "\"true\" when the pipeline was started with a trigger token (for trigger-keyword pipelines use CI_PIPELINE_SOURCE)."),
    v("CI_PIPELINE_URL", JobOnly, General, None, "URL of the pipeline details page."),
    v("CI_PROJECT_CLASSIFICATION_LABEL", PrePipeline, General, None, "External-authorization classification label of the project."),
    v("CI_PROJECT_DESCRIPTION", PrePipeline, General, Some("15.1"), "Project description shown in the UI."),
    v("CI_PROJECT_DIR", JobOnly, General, None, "Full path where the repo is cloned and the job runs (relative to runner builds_dir if set)."),
    v("CI_PROJECT_ID", PrePipeline, General, None, "Instance-wide unique project ID."),
    v("CI_PROJECT_NAME", PrePipeline, General, None, "Project directory name (last path segment of the project URL)."),
    v("CI_PROJECT_NAMESPACE", PrePipeline, General, None, "Project namespace (user or group path)."),
    v("CI_PROJECT_NAMESPACE_ID", PrePipeline, General, Some("15.7"), "Numeric ID of the project namespace."),
    v("CI_PROJECT_NAMESPACE_SLUG", PrePipeline, General, None, "CI_PROJECT_NAMESPACE lowercased, non [a-z0-9] replaced with \"-\", max 63 bytes."),
    v("CI_PROJECT_PATH", PrePipeline, General, None, "Namespace plus project name (full project path)."),
    v("CI_PROJECT_PATH_SLUG", PrePipeline, General, None, "CI_PROJECT_PATH lowercased, non [a-z0-9] replaced with \"-\", max 63 bytes."),
    v("CI_PROJECT_REPOSITORY_LANGUAGES", PrePipeline, General, None, "Comma list (lowercase, max 5) of repository languages, e.g. \"ruby,javascript,html,css\"."),
    v("CI_PROJECT_ROOT_NAMESPACE", PrePipeline, General, None, "Top-level namespace of the project (first path segment)."),
    v("CI_PROJECT_TITLE", PrePipeline, General, None, "Human-readable project name shown in the UI."),
    v("CI_PROJECT_TOPICS", PrePipeline, General, Some("18.3"), "Comma list (lowercase, first 20) of project topics."),
    v("CI_PROJECT_URL", PrePipeline, General, None, "HTTP(S) URL of the project."),
    v("CI_PROJECT_VISIBILITY", PrePipeline, General, None, "Project visibility: internal, private or public."),
    v("CI_REGISTRY", PrePipeline, General, None, "Container registry server \"<host>[:<port>]\"; only when the registry is enabled on the instance."),
    v("CI_REGISTRY_IMAGE", PrePipeline, General, None, "Base image path \"<host>[:<port>]/<project_full_path>\" for the project; only when the registry is enabled for the project."),
    v("CI_REGISTRY_PASSWORD", JobOnly, General, None, "Password for pushing to the project registry (same value as CI_JOB_TOKEN, valid while the job runs)."),
    v("CI_REGISTRY_USER", JobOnly, General, None, "Username for pushing to the project registry."),
    v("CI_RELEASE_DESCRIPTION", Pipeline, General, Some("15.5"), "Release description (first 1024 chars); tag pipelines only."),
    v("CI_REPOSITORY_URL", JobOnly, General, None, "HTTP clone URL embedding the job token (https://gitlab-ci-token:$CI_JOB_TOKEN@host/group/project.git)."),
    v("CI_RUNNER_DESCRIPTION", JobOnly, General, None, "Runner description."),
    v("CI_RUNNER_EXECUTABLE_ARCH", JobOnly, General, None, "OS/arch of the runner binary (may differ from the executor environment)."),
    v("CI_RUNNER_ID", JobOnly, General, None, "Unique ID of the runner."),
    v("CI_RUNNER_REVISION", JobOnly, General, None, "Runner revision."),
    v("CI_RUNNER_SHORT_TOKEN", JobOnly, General, None, "Runner unique ID used for job requests (prefixed token, first 17 chars)."),
    v("CI_RUNNER_TAGS", JobOnly, General, None, "JSON array of runner tags, e.g. [\"tag_1\", \"tag_2\"]."),
    v("CI_RUNNER_VERSION", JobOnly, General, None, "Runner version."),
    v("CI_SERVER", JobOnly, General, None, "Set to \"yes\" in every CI/CD job."),
    v("CI_SERVER_FQDN", PrePipeline, General, Some("16.10"), "Instance FQDN including port if non-default, e.g. gitlab.example.com:8080."),
    v("CI_SERVER_HOST", PrePipeline, General, None, "Instance host without protocol/port."),
    v("CI_SERVER_NAME", PrePipeline, General, None, "Name of the CI/CD server coordinating jobs."),
    v("CI_SERVER_PORT", PrePipeline, General, None, "Instance port."),
    v("CI_SERVER_PROTOCOL", PrePipeline, General, None, "Instance protocol, e.g. https."),
    v("CI_SERVER_REVISION", PrePipeline, General, None, "GitLab revision scheduling the jobs."),
    v("CI_SERVER_SHELL_SSH_HOST", PrePipeline, General, Some("15.11"), "SSH host for Git access."),
    v("CI_SERVER_SHELL_SSH_PORT", PrePipeline, General, Some("15.11"), "SSH port for Git access."),
    v("CI_SERVER_TLS_CA_FILE", Pipeline, General, None, "File with the TLS CA cert used to verify GitLab (runner tls-ca-file)."),
    v("CI_SERVER_TLS_CERT_FILE", Pipeline, General, None, "File with the TLS cert used to verify GitLab (runner tls-cert-file)."),
    v("CI_SERVER_TLS_KEY_FILE", Pipeline, General, None, "File with the TLS key used to verify GitLab (runner tls-key-file)."),
    v("CI_SERVER_URL", PrePipeline, General, None, "Base URL of the instance including protocol and port."),
    v("CI_SERVER_VERSION", PrePipeline, General, None, "Full GitLab version."),
    v("CI_SERVER_VERSION_MAJOR", PrePipeline, General, None, "Major part of the GitLab version."),
    v("CI_SERVER_VERSION_MINOR", PrePipeline, General, None, "Minor part of the GitLab version."),
    v("CI_SERVER_VERSION_PATCH", PrePipeline, General, None, "Patch part of the GitLab version."),
    v("CI_SHARED_ENVIRONMENT", Pipeline, General, None, "\"true\" only when the job runs in a persistent shared environment (shell or ssh executor)."),
    v("CI_TEMPLATE_REGISTRY_HOST", PrePipeline, General, Some("15.3"), "Registry host used by CI/CD templates; default registry.gitlab.com."),
    v("CI_TRIGGER_SHORT_TOKEN", JobOnly, General, Some("17.0"), "First 4 chars (after the glptt- prefix) of the trigger token; only for trigger-token pipelines."),
    v("CI_UPSTREAM_JOB_ID", PrePipeline, General, Some("18.9"), "ID of the upstream trigger job (multi-project or parent-child pipelines)."),
    v("CI_UPSTREAM_PIPELINE_ID", PrePipeline, General, Some("18.9"), "ID of the upstream pipeline."),
    v("CI_UPSTREAM_PROJECT_ID", PrePipeline, General, Some("18.9"), "ID of the upstream project."),
    v("DIFFBLUE_ACCESS_TOKEN", JobOnly, Integration, None, "Diffblue Cover integration."),
    v("DIFFBLUE_ACCESS_TOKEN_NAME", JobOnly, Integration, None, "Diffblue Cover integration."),
    v("DIFFBLUE_LICENSE_KEY", JobOnly, Integration, None, "Diffblue Cover integration."),
    v("GITLAB_CI", PrePipeline, General, None, "Set to \"true\" in every CI/CD job."),
    v("GITLAB_FEATURES", PrePipeline, General, None, "Comma list of licensed features of the instance."),
    v("GITLAB_USER_EMAIL", Pipeline, General, None, "Email of the pipeline starter (of the job starter for manual jobs)."),
    v("GITLAB_USER_ID", Pipeline, General, None, "Numeric user ID of the pipeline starter (job starter for manual jobs)."),
    v("GITLAB_USER_LOGIN", Pipeline, General, None, "Username of the pipeline starter (job starter for manual jobs)."),
    v("GITLAB_USER_NAME", Pipeline, General, None, "Display name of the pipeline starter (job starter for manual jobs)."),
    v("HARBOR_HOST", JobOnly, Integration, None, "Harbor integration."),
    v("HARBOR_OCI", JobOnly, Integration, None, "Harbor integration."),
    v("HARBOR_PASSWORD", JobOnly, Integration, None, "Harbor integration."),
    v("HARBOR_PROJECT", JobOnly, Integration, None, "Harbor integration."),
    v("HARBOR_URL", JobOnly, Integration, None, "Harbor integration."),
    v("HARBOR_USERNAME", JobOnly, Integration, None, "Harbor integration."),
    v("INCREMENTAL_ROLLOUT_ENABLED", PrePipeline, AutoDevops, None, "Deprecated Auto DevOps switch."),
    v("INCREMENTAL_ROLLOUT_MODE", PrePipeline, AutoDevops, None, "Auto DevOps deployment-strategy switch."),
    v("KUBECONFIG", Pipeline, General, None, "Path to a kubeconfig with contexts for each shared GitLab agent connection; only when an agent is authorized for the project."),
    v("STAGING_ENABLED", PrePipeline, AutoDevops, None, "Auto DevOps deployment-strategy switch."),
    v("SUPPLY_JSON_KEY_DATA", JobOnly, Integration, None, "Google Play integration."),
    v("SUPPLY_PACKAGE_NAME", JobOnly, Integration, None, "Google Play integration."),
    v("TRIGGER_PAYLOAD", Pipeline, General, None, "Webhook payload; only for pipelines triggered by a webhook."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(PREDEFINED.windows(2).all(|w| w[0].name < w[1].name));
        assert!(DEPRECATED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn deprecated_names_are_not_predefined_but_their_replacements_are() {
        for (old, new) in DEPRECATED {
            assert!(!is_predefined(old), "{old}");
            assert!(is_predefined(new), "{new}");
            assert_eq!(deprecated_replacement(old), Some(new));
        }
        assert_eq!(deprecated_replacement("CI_JOB_TOKEN"), None);
    }
}
