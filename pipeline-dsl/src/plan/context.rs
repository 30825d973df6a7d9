//! The pipeline a plan is made for: what started it (a push, a schedule, a merge request...),
//! for which ref, with which variables and files; and the predefined variables GitLab sets for
//! that kind of pipeline.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/variables/predefined_variables/>

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// What started a pipeline: GitLab's `CI_PIPELINE_SOURCE`.
///
/// ```
/// use pipeline_dsl::plan::Source;
///
/// let source: Source = "merge_request_event".parse().unwrap();
/// assert_eq!(source, Source::MergeRequestEvent);
/// assert_eq!(Source::Schedule.as_str(), "schedule");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Source {
    /// `push`: a `git push` of a branch or a tag.
    Push,
    /// `web`: **Run pipeline** in the UI.
    Web,
    /// `trigger`: a pipeline trigger token.
    Trigger,
    /// `schedule`: a pipeline schedule.
    Schedule,
    /// `api`: the pipelines API.
    Api,
    /// `external`: an external CI service.
    External,
    /// `pipeline`: a multi-project pipeline (a trigger job or `CI_JOB_TOKEN` API call).
    Pipeline,
    /// `parent_pipeline`: a child pipeline (`trigger: include`).
    ParentPipeline,
    /// `chat`: a ChatOps command.
    Chat,
    /// `webide`: the Web IDE.
    Webide,
    /// `merge_request_event`: a merge request pipeline.
    MergeRequestEvent,
    /// `external_pull_request_event`: a GitHub pull request (CI/CD for external repositories).
    ExternalPullRequestEvent,
    /// `ondemand_dast_scan`.
    OndemandDastScan,
    /// `ondemand_dast_validation`.
    OndemandDastValidation,
    /// `security_orchestration_policy`.
    SecurityOrchestrationPolicy,
    /// `container_registry_push`.
    ContainerRegistryPush,
    /// `duo_workflow`.
    DuoWorkflow,
    /// `pipeline_execution_policy_schedule`.
    PipelineExecutionPolicySchedule,
}

impl Source {
    /// Every source, with its `CI_PIPELINE_SOURCE` spelling.
    pub const ALL: [(&'static str, Source); 18] = [
        ("push", Source::Push),
        ("web", Source::Web),
        ("trigger", Source::Trigger),
        ("schedule", Source::Schedule),
        ("api", Source::Api),
        ("external", Source::External),
        ("pipeline", Source::Pipeline),
        ("parent_pipeline", Source::ParentPipeline),
        ("chat", Source::Chat),
        ("webide", Source::Webide),
        ("merge_request_event", Source::MergeRequestEvent),
        (
            "external_pull_request_event",
            Source::ExternalPullRequestEvent,
        ),
        ("ondemand_dast_scan", Source::OndemandDastScan),
        ("ondemand_dast_validation", Source::OndemandDastValidation),
        (
            "security_orchestration_policy",
            Source::SecurityOrchestrationPolicy,
        ),
        ("container_registry_push", Source::ContainerRegistryPush),
        ("duo_workflow", Source::DuoWorkflow),
        (
            "pipeline_execution_policy_schedule",
            Source::PipelineExecutionPolicySchedule,
        ),
    ];

    /// The sources of everyday pipelines (the exotic security and registry sources left out).
    pub const COMMON: [Source; 11] = [
        Source::Push,
        Source::Web,
        Source::Schedule,
        Source::Api,
        Source::Trigger,
        Source::Pipeline,
        Source::ParentPipeline,
        Source::MergeRequestEvent,
        Source::ExternalPullRequestEvent,
        Source::Chat,
        Source::Webide,
    ];

    /// The `CI_PIPELINE_SOURCE` value.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("push", |(name, _)| name)
    }

    /// Whether an `only`/`except` ref keyword names this source: the source without a
    /// trailing `_event`, or its plural (`pushes`, `merge_requests`, `schedules`, `web`...).
    ///
    /// ```
    /// use pipeline_dsl::plan::Source;
    ///
    /// assert!(Source::Push.matches_keyword("pushes"));
    /// assert!(Source::MergeRequestEvent.matches_keyword("merge_requests"));
    /// assert!(Source::Web.matches_keyword("web"));
    /// assert!(!Source::Web.matches_keyword("pushes"));
    /// ```
    pub fn matches_keyword(self, keyword: &str) -> bool {
        let name = self.as_str();
        let name = name.strip_suffix("_event").unwrap_or(name);
        keyword == name || keyword == pluralize(name)
    }
}

/// Rails' `pluralize` for the source names (`push` → `pushes`, `policy` → `policies`).
fn pluralize(word: &str) -> String {
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown `CI_PIPELINE_SOURCE` value.
///
/// ```
/// use pipeline_dsl::plan::Source;
///
/// let err = "cron".parse::<Source>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown pipeline source `cron`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown pipeline source `{0}`; expected one of: {list}", list = Source::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))]
pub struct UnknownSource(pub String);

impl FromStr for Source {
    type Err = UnknownSource;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, source)| *source)
            .ok_or_else(|| UnknownSource(s.to_owned()))
    }
}

/// What kind of merge request pipeline (`CI_MERGE_REQUEST_EVENT_TYPE`).
///
/// ```
/// use pipeline_dsl::plan::{Context, MergeRequestEventType};
///
/// let ctx = Context::merge_request("feature", "main").event_type(MergeRequestEventType::MergeTrain);
/// assert_eq!(ctx.variables()["CI_MERGE_REQUEST_EVENT_TYPE"], "merge_train");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum MergeRequestEventType {
    /// `detached`: the source branch's commit (the default).
    #[default]
    Detached,
    /// `merged_result`: the result of merging into the target branch.
    MergedResult,
    /// `merge_train`: a merge train.
    MergeTrain,
}

impl MergeRequestEventType {
    /// The `CI_MERGE_REQUEST_EVENT_TYPE` value.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeRequestEventType::Detached => "detached",
            MergeRequestEventType::MergedResult => "merged_result",
            MergeRequestEventType::MergeTrain => "merge_train",
        }
    }
}

/// The ref a pipeline runs for.
///
/// ```
/// use pipeline_dsl::plan::{Context, GitRef};
///
/// assert_eq!(Context::tag("v1").git_ref(), &GitRef::Tag("v1".into()));
/// assert!(matches!(
///     Context::merge_request("feature", "main").git_ref(),
///     GitRef::MergeRequest { source, target } if source == "feature" && target == "main"
/// ));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum GitRef {
    /// A branch.
    Branch(String),
    /// A tag.
    Tag(String),
    /// A merge request from `source` into `target`.
    MergeRequest {
        /// The source branch.
        source: String,
        /// The target branch.
        target: String,
    },
}

/// The pipeline to plan for: its source, ref, variables and files.
///
/// Build one from the kind of pipeline, then refine it:
///
/// ```
/// use pipeline_dsl::plan::{Context, Source};
///
/// let ctx = Context::push_branch("feature/login")
///     .default_branch("main")
///     .var("DEPLOY", "true")
///     .changed(["src/login.rs"]);
/// let vars = ctx.variables();
/// assert_eq!(vars["CI_COMMIT_BRANCH"], "feature/login");
/// assert_eq!(vars["CI_COMMIT_REF_SLUG"], "feature-login");
/// assert_eq!(vars["CI_PIPELINE_SOURCE"], "push");
/// assert_eq!(vars["DEPLOY"], "true");
///
/// let nightly = Context::push_branch("main").source(Source::Schedule);
/// assert_eq!(nightly.variables()["CI_PIPELINE_SOURCE"], "schedule");
///
/// let mr = Context::merge_request("feature", "main");
/// assert_eq!(mr.variables()["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"], "main");
/// assert!(!mr.variables().contains_key("CI_COMMIT_BRANCH"));
/// ```
///
/// Pipeline variables set with [`Context::var`] (trigger, schedule, manual-run or project
/// variables) override the file's `variables:` and the predefined ones, as in GitLab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    source: Source,
    git_ref: GitRef,
    default_branch: String,
    variables: BTreeMap<String, String>,
    changed: Option<Vec<String>>,
    changes_unknown: bool,
    exists: Vec<String>,
    project: String,
    kubernetes_active: bool,
    protected: Option<bool>,
    open_merge_requests: Option<String>,
    merge_request_iid: u64,
    event_type: MergeRequestEventType,
    commit_message: String,
    sha: String,
}

/// The commit every context points at unless told otherwise.
const DEFAULT_SHA: &str = "1f5f0c3c9e1b2d4a6c8e0f2a4b6c8d0e2f4a6b8c";
/// GitLab's "no commit" SHA (`CI_COMMIT_BEFORE_SHA` of new refs, tags and merge requests).
const BLANK_SHA: &str = "0000000000000000000000000000000000000000";

impl Context {
    fn new(source: Source, git_ref: GitRef) -> Self {
        Self {
            source,
            git_ref,
            default_branch: "main".into(),
            variables: BTreeMap::new(),
            changed: None,
            changes_unknown: false,
            exists: Vec::new(),
            project: "group/project".into(),
            kubernetes_active: false,
            protected: None,
            open_merge_requests: None,
            merge_request_iid: 1,
            event_type: MergeRequestEventType::Detached,
            commit_message: "Update .gitlab-ci.yml".into(),
            sha: DEFAULT_SHA.into(),
        }
    }

    /// A push to the branch `name` (an existing branch: its changed files are the ones given
    /// with [`Context::changed`], none by default).
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let ctx = Context::push_branch("main");
    /// assert_eq!(ctx.ref_name(), "main");
    /// assert!(ctx.is_branch());
    /// ```
    pub fn push_branch(name: impl Into<String>) -> Self {
        Self::new(Source::Push, GitRef::Branch(name.into()))
    }

    /// A pipeline for the branch `name`; the same as [`Context::push_branch`] (change the
    /// source with [`Context::source`]).
    pub fn branch(name: impl Into<String>) -> Self {
        Self::push_branch(name)
    }

    /// A push of the tag `name`.
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let vars = Context::tag("v1.2.3").variables();
    /// assert_eq!(vars["CI_COMMIT_TAG"], "v1.2.3");
    /// assert_eq!(vars["CI_COMMIT_REF_NAME"], "v1.2.3");
    /// assert!(!vars.contains_key("CI_COMMIT_BRANCH"));
    /// ```
    pub fn tag(name: impl Into<String>) -> Self {
        Self::new(Source::Push, GitRef::Tag(name.into()))
    }

    /// A merge request pipeline (`merge_request_event`) for a merge request from `source`
    /// into `target`.
    pub fn merge_request(source: impl Into<String>, target: impl Into<String>) -> Self {
        Self::new(
            Source::MergeRequestEvent,
            GitRef::MergeRequest {
                source: source.into(),
                target: target.into(),
            },
        )
    }

    /// Sets what started the pipeline (`CI_PIPELINE_SOURCE`).
    #[must_use]
    pub fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    /// Sets the project's default branch (`CI_DEFAULT_BRANCH`; `main` unless set).
    #[must_use]
    pub fn default_branch(mut self, name: impl Into<String>) -> Self {
        self.default_branch = name.into();
        self
    }

    /// Sets a pipeline variable (trigger, schedule, manual-run, API or project variable):
    /// it overrides the file's variables and the predefined ones.
    #[must_use]
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// Sets several pipeline variables.
    #[must_use]
    pub fn vars<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        for (k, v) in vars {
            self.variables.insert(k.into(), v.into());
        }
        self
    }

    /// Sets the files the push (or merge request) changed, as paths from the repository root.
    ///
    /// GitLab only knows changed files for pushes to an existing branch, merge requests and
    /// external pull requests; for tags, schedules, web and API runs and other sources,
    /// `changes:` is always true (unless it has `compare_to`), whatever is given here.
    #[must_use]
    pub fn changed<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> Self {
        self.changed
            .get_or_insert_with(Vec::new)
            .extend(paths.into_iter().map(Into::into));
        self
    }

    /// Makes the changed files unknown, as for the first push of a new branch: `changes:`
    /// is then always true.
    #[must_use]
    pub fn changes_unknown(mut self) -> Self {
        self.changes_unknown = true;
        self
    }

    /// Sets the files that exist in the repository (for `rules:exists`); none by default.
    #[must_use]
    pub fn exists<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> Self {
        self.exists.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Sets the project's full path (`group/project` unless set), which `only: [main@group/project]`
    /// and `CI_PROJECT_PATH` read.
    #[must_use]
    pub fn project(mut self, path: impl Into<String>) -> Self {
        self.project = path.into();
        self
    }

    /// Sets whether the project has an active Kubernetes integration (`only: {kubernetes: active}`).
    #[must_use]
    pub fn kubernetes_active(mut self, active: bool) -> Self {
        self.kubernetes_active = active;
        self
    }

    /// Sets whether the ref is protected (`CI_COMMIT_REF_PROTECTED`); by default only the
    /// default branch is.
    #[must_use]
    pub fn protected(mut self, protected: bool) -> Self {
        self.protected = Some(protected);
        self
    }

    /// Says that the branch has an open merge request (`CI_OPEN_MERGE_REQUESTS`, which merge
    /// request pipelines always have).
    #[must_use]
    pub fn open_merge_request(mut self) -> Self {
        self.open_merge_requests = Some(format!("{}!{}", self.project, self.merge_request_iid));
        self
    }

    /// Sets the merge request's number (`CI_MERGE_REQUEST_IID`; 1 unless set).
    #[must_use]
    pub fn merge_request_iid(mut self, iid: u64) -> Self {
        self.merge_request_iid = iid;
        self
    }

    /// Sets the kind of merge request pipeline (`CI_MERGE_REQUEST_EVENT_TYPE`).
    #[must_use]
    pub fn event_type(mut self, event_type: MergeRequestEventType) -> Self {
        self.event_type = event_type;
        self
    }

    /// Sets the commit message (`CI_COMMIT_MESSAGE`, `CI_COMMIT_TITLE`, `CI_COMMIT_DESCRIPTION`).
    #[must_use]
    pub fn commit_message(mut self, message: impl Into<String>) -> Self {
        self.commit_message = message.into();
        self
    }

    /// Sets the commit SHA (`CI_COMMIT_SHA`).
    #[must_use]
    pub fn sha(mut self, sha: impl Into<String>) -> Self {
        self.sha = sha.into();
        self
    }

    /// What started the pipeline.
    pub fn pipeline_source(&self) -> Source {
        self.source
    }

    /// The ref.
    pub fn git_ref(&self) -> &GitRef {
        &self.git_ref
    }

    /// The default branch.
    pub fn default_branch_name(&self) -> &str {
        &self.default_branch
    }

    /// The pipeline variables set with [`Context::var`].
    pub fn pipeline_variables(&self) -> &BTreeMap<String, String> {
        &self.variables
    }

    /// The project's full path.
    pub fn project_path(&self) -> &str {
        &self.project
    }

    /// Whether the project has an active Kubernetes integration.
    pub fn is_kubernetes_active(&self) -> bool {
        self.kubernetes_active
    }

    /// The files that exist in the repository.
    pub fn existing_paths(&self) -> &[String] {
        &self.exists
    }

    /// The short ref name (`CI_COMMIT_REF_NAME`): the branch, the tag, or a merge request's
    /// source branch.
    pub fn ref_name(&self) -> &str {
        match &self.git_ref {
            GitRef::Branch(name) | GitRef::Tag(name) => name,
            GitRef::MergeRequest { source, .. } => source,
        }
    }

    /// Whether this is a tag pipeline.
    pub fn is_tag(&self) -> bool {
        matches!(self.git_ref, GitRef::Tag(_))
    }

    /// Whether this is a branch pipeline (neither a tag nor a merge request pipeline).
    pub fn is_branch(&self) -> bool {
        matches!(self.git_ref, GitRef::Branch(_))
    }

    /// Whether this is a merge request pipeline.
    pub fn is_merge_request(&self) -> bool {
        matches!(self.git_ref, GitRef::MergeRequest { .. })
    }

    /// The files `changes:` compares against, or `None` when GitLab does not know them (then
    /// `changes:` without `compare_to` is true).
    ///
    /// ```
    /// use pipeline_dsl::plan::{Context, Source};
    ///
    /// assert_eq!(Context::push_branch("main").changed_paths(), Some(&[][..]));
    /// assert_eq!(Context::tag("v1").changed(["a"]).changed_paths(), None);
    /// assert_eq!(Context::push_branch("main").source(Source::Web).changed_paths(), None);
    /// ```
    pub fn changed_paths(&self) -> Option<&[String]> {
        let known = match (&self.git_ref, self.source) {
            (GitRef::MergeRequest { .. }, _) => true,
            (GitRef::Branch(_), Source::Push | Source::ExternalPullRequestEvent) => {
                !self.changes_unknown
            }
            _ => false,
        };
        known.then(|| self.changed.as_deref().unwrap_or(&[]))
    }

    /// The files given with [`Context::changed`], whether or not GitLab would know them (the
    /// diff `changes:compare_to` sees).
    pub fn given_changed_paths(&self) -> &[String] {
        self.changed.as_deref().unwrap_or(&[])
    }

    /// The predefined variables GitLab sets for this pipeline, before pipeline variables.
    ///
    /// ```
    /// use pipeline_dsl::plan::Context;
    ///
    /// let vars = Context::merge_request("feature", "main").merge_request_iid(7).predefined_variables();
    /// assert_eq!(vars["CI_PIPELINE_SOURCE"], "merge_request_event");
    /// assert_eq!(vars["CI_MERGE_REQUEST_IID"], "7");
    /// assert_eq!(vars["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], "feature");
    /// assert_eq!(vars["CI_MERGE_REQUEST_EVENT_TYPE"], "detached");
    /// assert_eq!(vars["CI_COMMIT_REF_NAME"], "feature");
    /// assert_eq!(vars["CI_OPEN_MERGE_REQUESTS"], "group/project!7");
    /// ```
    pub fn predefined_variables(&self) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut set = |k: &str, val: &str| {
            v.insert(k.to_owned(), val.to_owned());
        };
        let server = "gitlab.example.com";
        let project_name = self.project.rsplit('/').next().unwrap_or(&self.project);
        let namespace = self
            .project
            .rsplit_once('/')
            .map_or("", |(namespace, _)| namespace);
        let root_namespace = self.project.split('/').next().unwrap_or("");
        set("CI", "true");
        set("GITLAB_CI", "true");
        set("CI_SERVER_HOST", server);
        set("CI_SERVER_FQDN", server);
        set("CI_SERVER_NAME", "GitLab");
        set("CI_SERVER_PORT", "443");
        set("CI_SERVER_PROTOCOL", "https");
        set("CI_SERVER_URL", &format!("https://{server}"));
        set("CI_API_V4_URL", &format!("https://{server}/api/v4"));
        set(
            "CI_API_GRAPHQL_URL",
            &format!("https://{server}/api/graphql"),
        );
        set("CI_REGISTRY", &format!("registry.{server}"));
        set(
            "CI_REGISTRY_IMAGE",
            &format!("registry.{server}/{}", self.project.to_lowercase()),
        );
        set("CI_CONFIG_PATH", ".gitlab-ci.yml");
        set("CI_PROJECT_ID", "1");
        set("CI_PROJECT_PATH", &self.project);
        set("CI_PROJECT_PATH_SLUG", &slugify(&self.project));
        set("CI_PROJECT_NAME", project_name);
        set("CI_PROJECT_TITLE", project_name);
        set("CI_PROJECT_NAMESPACE", namespace);
        set("CI_PROJECT_NAMESPACE_SLUG", &slugify(namespace));
        set("CI_PROJECT_ROOT_NAMESPACE", root_namespace);
        set(
            "CI_PROJECT_URL",
            &format!("https://{server}/{}", self.project),
        );
        set("CI_PROJECT_VISIBILITY", "private");
        set("CI_PIPELINE_IID", "1");
        set("CI_PIPELINE_SOURCE", self.source.as_str());
        set("CI_DEFAULT_BRANCH", &self.default_branch);
        set("CI_DEFAULT_BRANCH_SLUG", &slugify(&self.default_branch));
        set("CI_COMMIT_SHA", &self.sha);
        set(
            "CI_COMMIT_SHORT_SHA",
            self.sha.get(..8).unwrap_or(&self.sha),
        );
        let message = &self.commit_message;
        let title = message.lines().next().unwrap_or("");
        let description = message
            .split_once('\n')
            .map_or("", |(_, rest)| rest.trim_start_matches('\n'));
        set("CI_COMMIT_MESSAGE", message);
        set("CI_COMMIT_TITLE", title);
        set("CI_COMMIT_DESCRIPTION", description);
        set("CI_COMMIT_AUTHOR", "Administrator <admin@example.com>");
        let ref_name = self.ref_name();
        set("CI_COMMIT_REF_NAME", ref_name);
        set("CI_COMMIT_REF_SLUG", &slugify(ref_name));
        let protected = self
            .protected
            .unwrap_or_else(|| self.is_branch() && ref_name == self.default_branch);
        set(
            "CI_COMMIT_REF_PROTECTED",
            if protected { "true" } else { "false" },
        );
        let before = match (&self.git_ref, self.source) {
            (GitRef::Branch(_), Source::Push) if !self.changes_unknown => DEFAULT_SHA,
            _ => BLANK_SHA,
        };
        set("CI_COMMIT_BEFORE_SHA", before);
        match &self.git_ref {
            GitRef::Branch(name) => set("CI_COMMIT_BRANCH", name),
            GitRef::Tag(name) => {
                set("CI_COMMIT_TAG", name);
                set("CI_COMMIT_TAG_MESSAGE", "");
            }
            GitRef::MergeRequest { source, target } => {
                let iid = self.merge_request_iid.to_string();
                let url = format!("https://{server}/{}", self.project);
                set(
                    "CI_MERGE_REQUEST_ID",
                    &(1000 + self.merge_request_iid).to_string(),
                );
                set("CI_MERGE_REQUEST_IID", &iid);
                set("CI_MERGE_REQUEST_PROJECT_ID", "1");
                set("CI_MERGE_REQUEST_PROJECT_PATH", &self.project);
                set("CI_MERGE_REQUEST_PROJECT_URL", &url);
                set("CI_MERGE_REQUEST_SOURCE_PROJECT_ID", "1");
                set("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", &self.project);
                set("CI_MERGE_REQUEST_SOURCE_PROJECT_URL", &url);
                set(
                    "CI_MERGE_REQUEST_REF_PATH",
                    &format!("refs/merge-requests/{iid}/head"),
                );
                set("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", source);
                set("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", target);
                let merged = self.event_type != MergeRequestEventType::Detached;
                set(
                    "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
                    if merged { &self.sha } else { "" },
                );
                set(
                    "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
                    if merged { DEFAULT_SHA } else { "" },
                );
                set("CI_MERGE_REQUEST_DIFF_BASE_SHA", DEFAULT_SHA);
                set("CI_MERGE_REQUEST_DIFF_ID", "1");
                set("CI_MERGE_REQUEST_EVENT_TYPE", self.event_type.as_str());
                set("CI_MERGE_REQUEST_TITLE", title);
                set("CI_MERGE_REQUEST_DESCRIPTION", "");
                set("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED", "false");
                set("CI_MERGE_REQUEST_DRAFT", "false");
                set("CI_MERGE_REQUEST_SQUASH_ON_MERGE", "false");
                set(
                    "CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED",
                    if *target == self.default_branch {
                        "true"
                    } else {
                        "false"
                    },
                );
                set("CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED", "false");
                set("CI_OPEN_MERGE_REQUESTS", &format!("{}!{iid}", self.project));
            }
        }
        if let (Some(open), false) = (&self.open_merge_requests, self.is_merge_request()) {
            set("CI_OPEN_MERGE_REQUESTS", open);
        }
        if self.source == Source::ExternalPullRequestEvent {
            set(
                "CI_EXTERNAL_PULL_REQUEST_IID",
                &self.merge_request_iid.to_string(),
            );
            set("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME", ref_name);
            set("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA", &self.sha);
            set(
                "CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME",
                &self.default_branch,
            );
            set("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA", DEFAULT_SHA);
            set("CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY", &self.project);
            set("CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY", &self.project);
        }
        if matches!(self.source, Source::Trigger | Source::Pipeline) {
            set("CI_PIPELINE_TRIGGERED", "true");
        }
        if self.source == Source::Schedule {
            set("CI_PIPELINE_SCHEDULE_DESCRIPTION", "Scheduled pipeline");
        }
        if self.source == Source::Chat {
            set("CHAT_CHANNEL", "general");
            set("CHAT_INPUT", "");
            set("CHAT_USER_ID", "1");
        }
        if self.kubernetes_active {
            set("CI_KUBERNETES_ACTIVE", "true");
        }
        v
    }

    /// Every variable an expression of the pipeline sees before the file's own: the
    /// predefined ones, then the pipeline variables over them.
    pub fn variables(&self) -> BTreeMap<String, String> {
        let mut v = self.predefined_variables();
        v.extend(self.variables.iter().map(|(k, v)| (k.clone(), v.clone())));
        v
    }
}

impl fmt::Display for Context {
    /// A short description: `push to branch main`, `web pipeline for tag v1`,
    /// `merge request feature -> main`, with the pipeline variables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.git_ref, self.source) {
            (GitRef::Branch(b), Source::Push) => write!(f, "push to branch {b}")?,
            (GitRef::Tag(t), Source::Push) => write!(f, "push of tag {t}")?,
            (GitRef::Branch(b), s) => write!(f, "{s} pipeline for branch {b}")?,
            (GitRef::Tag(t), s) => write!(f, "{s} pipeline for tag {t}")?,
            (GitRef::MergeRequest { source, target }, Source::MergeRequestEvent) => {
                write!(f, "merge request {source} -> {target}")?;
            }
            (GitRef::MergeRequest { source, target }, s) => {
                write!(f, "{s} pipeline for merge request {source} -> {target}")?;
            }
        }
        if self.is_merge_request() && self.event_type != MergeRequestEventType::Detached {
            write!(f, " ({})", self.event_type.as_str())?;
        }
        if self.default_branch != "main" {
            write!(f, " (default branch {})", self.default_branch)?;
        }
        if self.open_merge_requests.is_some() && !self.is_merge_request() {
            f.write_str(" with an open merge request")?;
        }
        if self.changes_unknown {
            f.write_str(" (new branch)")?;
        }
        if !self.variables.is_empty() {
            let vars: Vec<String> = self
                .variables
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect();
            write!(f, " with {}", vars.join(" "))?;
        }
        if let Some(changed) = &self.changed {
            write!(f, " changing [{}]", changed.join(", "))?;
        }
        if !self.exists.is_empty() {
            write!(f, " with files [{}]", self.exists.join(", "))?;
        }
        Ok(())
    }
}

/// GitLab's slug (`CI_COMMIT_REF_SLUG`): lower case, every character other than `a-z` and
/// `0-9` replaced by `-`, at most 63 characters, no leading or trailing `-`.
///
/// ```
/// assert_eq!(pipeline_dsl::plan::slugify("Feature/Login_v2"), "feature-login-v2");
/// assert_eq!(pipeline_dsl::plan::slugify("-v1.0-"), "v1-0");
/// ```
pub fn slugify(text: &str) -> String {
    let replaced: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .take(63)
        .collect();
    replaced.trim_matches('-').to_owned()
}
