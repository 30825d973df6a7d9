//! A job: what runs, where, when and with what. Small job-level keywords (`when`,
//! `allow_failure`, `pages`, `stage`, ...) live here until one grows big enough for a file.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#job-keywords>

use serde::Serialize;

use super::{
    Artifacts, Caches, Environment, Extra, Hooks, IdTokens, Image, Inherit, InputSpec, Need,
    OneOrMany, OnlyExcept, OrReference, Parallel, Release, Retry, RuleItem, Script, Secrets,
    Service, StringItem, Trigger, Value, Variables,
};
use indexmap::IndexMap;

/// One job (or a hidden template job, whose name starts with `.`).
///
/// Fields are in the order the emitter writes them. Build one with
/// [`Job::new`](Job::new) and set fields, or with the builder.
///
/// ```
/// use pipeline_dsl::model::{Job, Script};
///
/// let mut job = Job::new();
/// job.stage = Some("build".into());
/// job.script = Some(Script::from(["cargo build"]));
/// assert_eq!(job.stage_name(), "build");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
// Rarely used keywords whose values are large are boxed: a job is allocated per job of
// the pipeline, and an empty box costs a pointer where the value would cost its size.
pub struct Job {
    /// `extends` - templates whose keys this job takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<OneOrMany<String>>,
    /// `stage` - defaults to `test`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<OneOrMany<String>>,
    /// `image`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// `services`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<OrReference<Vec<Service>>>,
    /// `tags` - runner tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<OrReference<Vec<StringItem>>>,
    /// `variables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Variables>,
    /// `inherit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherit: Option<Inherit>,
    /// `needs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<OrReference<Vec<Need>>>,
    /// `dependencies` - whose artifacts to download.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<String>>,
    /// `rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<OrReference<Vec<RuleItem>>>,
    /// `only` (legacy; prefer `rules`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<OnlyExcept>,
    /// `except` (legacy; prefer `rules`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub except: Option<OnlyExcept>,
    /// `when`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// `start_in` - the delay for `when: delayed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_in: Option<String>,
    /// `manual_confirmation` - the question shown before a manual job runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual_confirmation: Option<String>,
    /// `allow_failure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_failure: Option<AllowFailure>,
    /// `before_script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_script: Option<Script>,
    /// `script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<Script>,
    /// `run` - CI steps (kept as written; import checks their shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<Vec<Value>>,
    /// `after_script`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_script: Option<Script>,
    /// `hooks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hooks: Option<Hooks>,
    /// `artifacts` (null is allowed and means none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Option<Artifacts>>,
    /// `cache`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<Caches>,
    /// `coverage` - a `/regex/` that finds the coverage in the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<String>,
    /// `environment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// `release`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<Box<Release>>,
    /// `trigger`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// `parallel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<Parallel>,
    /// `retry`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// `timeout` - such as `1h 30m`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// `interruptible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interruptible: Option<bool>,
    /// `resource_group` - jobs of one group never run at the same time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<String>,
    /// `secrets`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Box<Secrets>>,
    /// `id_tokens`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_tokens: Option<Box<IdTokens>>,
    /// `identity` - `google_cloud`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// `dast_configuration` - `{site_profile, scanner_profile}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dast_configuration: Option<Box<IndexMap<String, String>>>,
    /// `inputs` - job inputs (at most 50), each with a `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Box<IndexMap<String, InputSpec>>>,
    /// `publish` - the Pages directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<String>,
    /// `pages` - marks a Pages job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
    /// Keys this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Job {
    /// An empty job.
    pub fn new() -> Self {
        Self::default()
    }

    /// The stage the job runs in: its `stage`, or `test` when none is written.
    pub fn stage_name(&self) -> &str {
        match &self.stage {
            Some(OneOrMany::One(s)) => s,
            Some(OneOrMany::Many(v)) => v.first().map_or("test", String::as_str),
            None => "test",
        }
    }
}

/// `when:` - when a job runs (or, in a rule, what a match means).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// `on_success` (the default): when all earlier jobs succeeded.
    OnSuccess,
    /// `on_failure`: when an earlier job failed.
    OnFailure,
    /// `always`.
    Always,
    /// `never` (in rules): do not create the job.
    Never,
    /// `manual`: wait for someone to start it.
    Manual,
    /// `delayed`: start after `start_in`.
    Delayed,
}

impl When {
    /// Every value with its YAML spelling.
    pub const ALL: [(&'static str, When); 6] = [
        ("on_success", When::OnSuccess),
        ("on_failure", When::OnFailure),
        ("always", When::Always),
        ("never", When::Never),
        ("manual", When::Manual),
        ("delayed", When::Delayed),
    ];

    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == self)
            .map_or("on_success", |(s, _)| s)
    }
}

/// `allow_failure:` - a boolean, or the exit codes that count as allowed failures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum AllowFailure {
    /// `allow_failure: true`.
    Bool(bool),
    /// `allow_failure: {exit_codes: 137}` or `{exit_codes: [137, 255]}`.
    ExitCodes {
        /// `exit_codes`.
        exit_codes: OneOrMany<i64>,
    },
}

/// `pages:` - `true`, or Pages settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Pages {
    /// `pages: true`.
    Enabled(bool),
    /// `pages: {path_prefix, expire_in, publish}`.
    Config(Box<PagesConfig>),
}

/// The long form of `pages:`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PagesConfig {
    /// `path_prefix`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// `expire_in`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_in: Option<String>,
    /// `publish`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<String>,
}

/// Every keyword a job may have (GitLab's schema): the known keys of a job mapping.
pub const JOB_KEYWORDS: [&str; 39] = [
    "image",
    "services",
    "before_script",
    "after_script",
    "hooks",
    "rules",
    "variables",
    "cache",
    "id_tokens",
    "identity",
    "dast_configuration",
    "inputs",
    "secrets",
    "script",
    "run",
    "stage",
    "only",
    "extends",
    "needs",
    "except",
    "tags",
    "allow_failure",
    "timeout",
    "when",
    "start_in",
    "manual_confirmation",
    "dependencies",
    "artifacts",
    "environment",
    "release",
    "coverage",
    "retry",
    "parallel",
    "interruptible",
    "resource_group",
    "trigger",
    "inherit",
    "publish",
    "pages",
];
