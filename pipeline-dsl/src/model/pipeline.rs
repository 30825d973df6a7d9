//! The whole `.gitlab-ci.yml`: the header (`spec`), global keywords, the deprecated
//! top-level defaults, and jobs in the order they were defined.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/>

use indexmap::IndexMap;

use crate::diagnostic::KeyPath;

use super::{
    Caches, Image, Includes, Job, JobDefaults, OrReference, Script, Service, Spec, StringItem,
    Value, Variables, Workflow,
};

/// A pipeline definition: one `.gitlab-ci.yml` (or a file meant to be included).
///
/// Global keys and job names share one mapping in GitLab's YAML; here they are apart.
/// Jobs keep their definition order, which is the order they are emitted in.
///
/// ```
/// use pipeline_dsl::model::{Job, Pipeline, Script};
///
/// let mut pipeline = Pipeline::default();
/// pipeline.stages = Some(vec!["build".into()]);
/// let mut job = Job::new();
/// job.stage = Some("build".into());
/// job.script = Some(Script::from(["make"]));
/// pipeline.insert_job("build", job);
/// assert_eq!(pipeline.job("build").map(Job::stage_name), Some("build"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Pipeline {
    /// `spec:` - the header document, written before a `---` line.
    pub spec: Option<Spec>,
    /// `$schema` - a schema URL for editors.
    pub schema: Option<String>,
    /// `include:`.
    pub include: Option<Includes>,
    /// `stages:` - when absent, `.pre, build, test, deploy, .post`.
    pub stages: Option<Vec<StringItem>>,
    /// `variables:` - global variables.
    pub variables: Option<Variables>,
    /// `workflow:`.
    pub workflow: Option<Workflow>,
    /// `default:`.
    pub default: Option<JobDefaults>,
    /// Top-level `image:` (deprecated; use `default:image`).
    pub image: Option<Image>,
    /// Top-level `services:` (deprecated; use `default:services`).
    pub services: Option<OrReference<Vec<Service>>>,
    /// Top-level `cache:` (deprecated; use `default:cache`).
    pub cache: Option<Caches>,
    /// Top-level `before_script:` (deprecated; use `default:before_script`).
    pub before_script: Option<Script>,
    /// Top-level `after_script:` (deprecated; use `default:after_script`).
    pub after_script: Option<Script>,
    /// Jobs and hidden keys (`.template`), in definition order.
    pub jobs: IndexMap<String, JobEntry>,
    /// Handles (`Stage`, `JobRef`) made by another pipeline builder and used in this one:
    /// where (such as `jobs."deploy".needs[0]`) and the name written there. Filled by
    /// the builder only (never emitted); validation reports each as `foreign-handle`.
    /// Read it with `Pipeline::foreign_handles` (in `builder/handles.rs`).
    pub(crate) foreign_handles: Vec<(KeyPath, String)>,
}

/// A top-level key that is not a global keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEntry {
    /// A job, or a hidden key shaped like a job (a template for `extends`).
    Job(Box<Job>),
    /// A hidden key holding something else (a YAML anchor holder), or the schema's
    /// top-level `!reference` key; kept as written.
    Raw(Value),
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a job (or replaces the one with the same name, keeping its position).
    pub fn insert_job(&mut self, name: impl Into<String>, job: Job) {
        self.jobs.insert(name.into(), JobEntry::Job(Box::new(job)));
    }

    /// The job (or job-shaped hidden key) called `name`.
    pub fn job(&self, name: &str) -> Option<&Job> {
        match self.jobs.get(name)? {
            JobEntry::Job(job) => Some(job),
            JobEntry::Raw(_) => None,
        }
    }

    /// Every job and job-shaped hidden key, in order.
    pub fn jobs(&self) -> impl Iterator<Item = (&str, &Job)> {
        self.jobs.iter().filter_map(|(name, entry)| match entry {
            JobEntry::Job(job) => Some((name.as_str(), job.as_ref())),
            JobEntry::Raw(_) => None,
        })
    }

    /// The jobs GitLab runs (hidden keys, whose names start with `.`, excluded).
    pub fn visible_jobs(&self) -> impl Iterator<Item = (&str, &Job)> {
        self.jobs().filter(|(name, _)| !name.starts_with('.'))
    }

    /// The stage names in order: `stages:` flattened, or GitLab's defaults. `.pre` and
    /// `.post` are always first and last.
    pub fn stage_names(&self) -> Vec<String> {
        let mut names: Vec<String> = vec![".pre".into()];
        match &self.stages {
            Some(items) => {
                for s in items.iter().flat_map(StringItem::strings) {
                    if s != ".pre" && s != ".post" && !names.iter().any(|n| n == s) {
                        names.push(s.to_owned());
                    }
                }
            }
            None => names.extend(DEFAULT_STAGES.iter().map(|s| (*s).to_owned())),
        }
        names.push(".post".into());
        names
    }
}

/// The stages GitLab uses when `stages:` is absent (between `.pre` and `.post`).
pub const DEFAULT_STAGES: [&str; 3] = ["build", "test", "deploy"];

/// The global keywords: a top-level key with one of these names is not a job.
pub const GLOBAL_KEYWORDS: [&str; 12] = [
    "$schema",
    "spec",
    "include",
    "stages",
    "variables",
    "workflow",
    "default",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
];

/// The document's shape: global keywords as properties, every other key a job. (The
/// `spec:` header is a separate document and has its own schema, [`Spec`].)
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Pipeline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pipeline".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use super::Reference;
        let job = generator.subschema_for::<Job>();
        schemars::json_schema!({
            "type": "object",
            "description": "A GitLab CI/CD pipeline (`.gitlab-ci.yml`), as pipeline-dsl models it",
            "properties": {
                "$schema": { "type": "string" },
                "spec": generator.subschema_for::<Spec>(),
                "include": generator.subschema_for::<Includes>(),
                "stages": generator.subschema_for::<Vec<StringItem>>(),
                "variables": generator.subschema_for::<Variables>(),
                "workflow": generator.subschema_for::<Workflow>(),
                "default": generator.subschema_for::<JobDefaults>(),
                "image": generator.subschema_for::<Image>(),
                "services": generator.subschema_for::<OrReference<Vec<Service>>>(),
                "cache": generator.subschema_for::<Caches>(),
                "before_script": generator.subschema_for::<Script>(),
                "after_script": generator.subschema_for::<Script>(),
                "!reference": generator.subschema_for::<Reference>(),
            },
            "additionalProperties": job,
        })
    }
}
