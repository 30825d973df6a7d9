//! [`JobBuilder`]: every job keyword as a setter, handed to the closure of
//! [`PipelineBuilder::job`](super::PipelineBuilder::job) and
//! [`PipelineBuilder::hidden_job`](super::PipelineBuilder::hidden_job).

use std::borrow::Borrow;

use crate::builder::artifacts::ArtifactsBuilder;
use crate::builder::cache::{CacheBuilder, add_cache};
use crate::builder::environment::EnvironmentBuilder;
use crate::builder::handles::{BuilderId, HandleCx, JobRef, Stage, idx, key};
use crate::builder::image::{ImageBuilder, ServiceBuilder, add_services};
use crate::builder::keywords::{
    DastBuilder, HooksBuilder, InheritBuilder, OnlyExceptBuilder, PagesBuilder, RetryBuilder,
    SecretBuilder,
};
use crate::builder::lists::{
    append_lines, append_or_reference, append_script, extend_many, extend_snug, push_one_or_many,
};
use crate::builder::needs::{IntoNeed, NeedBuilder, RuleNeedsBuilder};
use crate::builder::parallel::MatrixBuilder;
use crate::builder::release::ReleaseBuilder;
use crate::builder::spec::InputBuilder;
use crate::builder::trigger::{TriggerChildBuilder, TriggerProjectBuilder};
use crate::builder::variables::{VariableBuilder, set_variable, set_variable_with, set_variables};
use crate::diagnostic::KeyPath;
use crate::model::{
    AllowFailure, Environment, IdToken, Image, Job, Matrix, Need, OneOrMany, OnlyExcept,
    OnlyExceptConfig, OrReference, Pages, Parallel, Retry, Rule, RuleItem, Script, Service,
    StringItem, Trigger, Value, VariableValue, When,
};

/// One job's keywords. Made by the pipeline builder, which passes it to the closure of
/// [`PipelineBuilder::job`](super::PipelineBuilder::job); setters consume and return it.
///
/// Conventions (the same in every builder of this module):
/// - a setter is named after its YAML key, and a second call replaces a single value;
/// - list keys append: the singular setter adds one item (`.tag("docker")`,
///   `.need(&build)`), the plural one adds many (`.tags([...])`, `.needs([&a, &b])`);
/// - `script`, `before_script` and `after_script` take one command, an array or a `Vec`
///   of commands (or a `!reference`) and append them; `scripts(iter)` and friends take
///   any iterator;
/// - short forms by default (`.image("rust:1.95")`); `_with` setters take a closure over
///   the long form's builder (`.image_with("rust:1.95", |i| ...)`);
/// - names of jobs and stages come from handles ([`JobRef`], [`Stage`]).
///
/// A job needs `script`, `trigger` or `run` (or an `extends` that provides one); the
/// builder leaves that to validation rather than to the type system, because templates
/// and `extends` make a static rule wrong in both directions.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::{Rule, When};
/// use pipeline_dsl::{emit, vars, Pipeline};
///
/// let mut p = Pipeline::builder();
/// let build = p.stage("build");
/// let deploy = p.stage("deploy");
/// let compile = p.job("compile", |j| {
///     j.stage(&build)
///         .image("rust:1.95")
///         .script("cargo build --release")
///         .artifacts(|a| a.path("target/release/app"))
/// });
/// p.job("ship", |j| {
///     j.stage(&deploy)
///         .need(&compile)
///         .rule(Rule::condition(format!("{} == \"main\"", vars::CI_COMMIT_BRANCH)))
///         .when(When::Manual)
///         .script(format!("./ship target/release/app {}", vars::CI_COMMIT_SHORT_SHA))
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "stages:\n- build\n- deploy\ncompile:\n  stage: build\n  image: rust:1.95\n  script:\n  \
///      - cargo build --release\n  artifacts:\n    paths:\n    - target/release/app\nship:\n  stage: deploy\n  \
///      needs:\n  - compile\n  rules:\n  - if: $CI_COMMIT_BRANCH == \"main\"\n  when: manual\n  script:\n  \
///      - ./ship target/release/app $CI_COMMIT_SHORT_SHA\n"
/// );
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct JobBuilder {
    // Boxed: setters take and return the builder by value, and a `Job` is large.
    job: Box<Job>,
    cx: HandleCx,
}

impl JobBuilder {
    pub(crate) fn new(owner: BuilderId) -> Self {
        Self {
            job: Box::new(Job::new()),
            cx: HandleCx::new(owner),
        }
    }

    /// The job and the foreign handles found in it (paths below the job).
    pub(crate) fn finish(self) -> (Box<Job>, Vec<(KeyPath, String)>) {
        (self.job, self.cx.foreign)
    }
}

/// # Stage, image, services and tags
impl JobBuilder {
    /// `stage` - the stage the job runs in: a handle from
    /// [`PipelineBuilder::stage`](super::PipelineBuilder::stage) or a default stage such as
    /// [`Stage::BUILD`]. Without it, GitLab runs the job in `test`.
    pub fn stage(mut self, stage: impl Borrow<Stage>) -> Self {
        let stage = stage.borrow();
        self.cx.check(
            stage.usable_in(self.cx.owner),
            &[key("stage")],
            stage.name(),
        );
        self.job.stage = Some(OneOrMany::One(stage.name().to_owned()));
        self
    }

    /// `image` - the container image, short form (`image: rust:1.95`); also takes an
    /// [`Image`] value.
    pub fn image(mut self, image: impl Into<Image>) -> Self {
        self.job.image = Some(image.into());
        self
    }

    /// `image` - the long form (`{name, entrypoint, docker, kubernetes, pull_policy}`).
    pub fn image_with(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(ImageBuilder) -> ImageBuilder,
    ) -> Self {
        self.job.image = Some(f(ImageBuilder::new(name)).finish());
        self
    }

    /// `services` - adds a service container, short form (`- postgres:16`).
    pub fn service(self, service: impl Into<Service>) -> Self {
        self.services([service])
    }

    /// `services` - adds service containers.
    pub fn services<I>(mut self, services: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Service>,
    {
        add_services(&mut self.job.services, services.into_iter().map(Into::into));
        self
    }

    /// `services` - adds a service container in the long form (`{name, alias, command,
    /// ...}`).
    pub fn service_with(
        self,
        name: impl Into<String>,
        f: impl FnOnce(ServiceBuilder) -> ServiceBuilder,
    ) -> Self {
        self.services([f(ServiceBuilder::new(name)).finish()])
    }

    /// `tags` - adds a runner tag.
    pub fn tag(self, tag: impl Into<String>) -> Self {
        self.tags([tag])
    }

    /// `tags` - adds runner tags.
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_or_reference(
            &mut self.job.tags,
            tags.into_iter().map(|t| StringItem::One(t.into())),
            |r| Some(StringItem::Reference(r)),
        );
        self
    }
}

/// # Commands
impl JobBuilder {
    /// `before_script` - appends commands run before `script` (one string, an array, a
    /// `Vec`, or a `!reference`).
    pub fn before_script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.job.before_script, commands.into());
        self
    }

    /// `before_script` - appends commands from any iterator.
    pub fn before_scripts<I, S>(mut self, commands: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.job.before_script, commands);
        self
    }

    /// `script` - appends commands: `.script("make")` adds one, `.script(["a", "b"])`
    /// (or a `Vec`) adds each, a [`Reference`](crate::model::Reference) adds
    /// `!reference [...]`. Always written as a list; a multi-line command is written as a
    /// block literal.
    pub fn script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.job.script, commands.into());
        self
    }

    /// `script` - appends commands from any iterator.
    pub fn scripts<I, S>(mut self, commands: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.job.script, commands);
        self
    }

    /// `after_script` - appends commands run after `script`, even when it failed.
    pub fn after_script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.job.after_script, commands.into());
        self
    }

    /// `after_script` - appends commands from any iterator.
    pub fn after_scripts<I, S>(mut self, commands: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.job.after_script, commands);
        self
    }

    /// `hooks` - commands the runner runs at fixed points (`pre_get_sources_script`).
    pub fn hooks(mut self, f: impl FnOnce(HooksBuilder) -> HooksBuilder) -> Self {
        let start = self.job.hooks.take().unwrap_or_default();
        self.job.hooks = Some(f(HooksBuilder::from_model(start)).into_model());
        self
    }

    /// `run` - adds a CI step (a mapping such as `{name, step, inputs}`, kept as written).
    pub fn run_step(self, step: impl Into<Value>) -> Self {
        self.run([step])
    }

    /// `run` - adds CI steps.
    pub fn run<I>(mut self, steps: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Value>,
    {
        self.job
            .run
            .get_or_insert_with(Vec::new)
            .extend(steps.into_iter().map(Into::into));
        self
    }
}

/// # Order: `needs`, `dependencies`, `extends`
impl JobBuilder {
    /// `needs` - adds a job that must finish first: a handle (`&build`), or a need on
    /// another pipeline or project ([`Need::pipeline`], [`Need::project`]). Written in the
    /// short form (`- build`); see [`need_with`](Self::need_with) for options.
    pub fn need(mut self, need: impl IntoNeed) -> Self {
        let (need, handle) = need.into_need();
        self.push_need(need, handle.as_ref());
        self
    }

    /// `needs` - adds several needs (`.needs([&lint, &build])`). Like
    /// [`no_needs`](Self::no_needs), an empty iterator leaves `needs: []`.
    pub fn needs<I>(mut self, needs: I) -> Self
    where
        I: IntoIterator,
        I::Item: IntoNeed,
    {
        for need in needs {
            self = self.need(need);
        }
        if self.job.needs.is_none() {
            self.job.needs = Some(OrReference::Value(Vec::new()));
        }
        self
    }

    /// `needs` - adds a job of this pipeline in the long form (`{job, artifacts,
    /// optional, parallel}`).
    pub fn need_with(
        mut self,
        job: impl Borrow<JobRef>,
        f: impl FnOnce(NeedBuilder) -> NeedBuilder,
    ) -> Self {
        let job = job.borrow();
        let need = f(NeedBuilder::new(job)).finish();
        self.push_need(need, Some(job));
        self
    }

    /// `needs: []` - the job needs nothing, so it starts as soon as the pipeline does,
    /// whatever its stage (keeps needs already added).
    pub fn no_needs(mut self) -> Self {
        if self.job.needs.is_none() {
            self.job.needs = Some(OrReference::Value(Vec::new()));
        }
        self
    }

    fn push_need(&mut self, need: Need, handle: Option<&JobRef>) {
        let mut list = match self.job.needs.take() {
            None => Vec::new(),
            Some(OrReference::Value(v)) => v,
            Some(OrReference::Reference(r)) => vec![Need::Reference(r)],
        };
        if let Some(job) = handle {
            self.cx.check(
                job.usable_in(self.cx.owner),
                &[key("needs"), idx(list.len())],
                job.name(),
            );
        }
        extend_snug(&mut list, [need]);
        self.job.needs = Some(OrReference::Value(list));
    }

    /// `dependencies` - adds a job whose artifacts this job downloads (by default it
    /// downloads those of every job of earlier stages).
    pub fn dependency(mut self, job: impl Borrow<JobRef>) -> Self {
        let job = job.borrow();
        let list = self.job.dependencies.get_or_insert_with(Vec::new);
        self.cx.check(
            job.usable_in(self.cx.owner),
            &[key("dependencies"), idx(list.len())],
            job.name(),
        );
        extend_snug(list, [job.name().to_owned()]);
        self
    }

    /// `dependencies` - adds several jobs. Like
    /// [`no_dependencies`](Self::no_dependencies), an empty iterator leaves
    /// `dependencies: []`.
    pub fn dependencies<I>(mut self, jobs: I) -> Self
    where
        I: IntoIterator,
        I::Item: Borrow<JobRef>,
    {
        for job in jobs {
            self = self.dependency(job);
        }
        self.job.dependencies.get_or_insert_with(Vec::new);
        self
    }

    /// `dependencies: []` - download no artifacts at all (keeps dependencies already
    /// added).
    pub fn no_dependencies(mut self) -> Self {
        self.job.dependencies.get_or_insert_with(Vec::new);
        self
    }

    /// `extends` - adds a template (usually a hidden job from
    /// [`PipelineBuilder::hidden_job`](super::PipelineBuilder::hidden_job)) whose keys this
    /// job takes. One template is written as a string, more as a list.
    pub fn extends(mut self, template: impl Borrow<JobRef>) -> Self {
        let template = template.borrow();
        let name = template.name().to_owned();
        let usable = template.usable_in(self.cx.owner);
        match self.job.extends.take() {
            None => {
                self.cx.check(usable, &[key("extends")], &name);
                self.job.extends = Some(OneOrMany::One(name));
            }
            Some(OneOrMany::One(first)) => {
                self.cx
                    .rewrite(&[key("extends")], &[key("extends"), idx(0)]);
                self.cx.check(usable, &[key("extends"), idx(1)], &name);
                self.job.extends = Some(OneOrMany::Many(vec![first, name]));
            }
            Some(OneOrMany::Many(mut all)) => {
                self.cx
                    .check(usable, &[key("extends"), idx(all.len())], &name);
                all.push(name);
                self.job.extends = Some(OneOrMany::Many(all));
            }
        }
        self
    }

    /// `extends` - adds several templates, in order (later ones win).
    pub fn extends_all<I>(mut self, templates: I) -> Self
    where
        I: IntoIterator,
        I::Item: Borrow<JobRef>,
    {
        for template in templates {
            self = self.extends(template);
        }
        self
    }
}

/// # When the job runs
impl JobBuilder {
    /// `rules` - adds a rule ([`Rule::condition`], [`Rule::always`], ...). The first
    /// matching rule decides whether and how the job is created.
    pub fn rule(self, rule: impl Into<RuleItem>) -> Self {
        self.rules([rule])
    }

    /// `rules` - adds several rules.
    pub fn rules<I>(mut self, rules: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<RuleItem>,
    {
        append_or_reference(
            &mut self.job.rules,
            rules.into_iter().map(Into::into),
            |r| Some(RuleItem::Other(StringItem::Reference(r))),
        );
        self
    }

    /// `rules` - adds a rule with `rules:needs`: the jobs needed instead of the job's own
    /// `needs` when this rule matches, given by handle.
    pub fn rule_with(
        mut self,
        mut rule: Rule,
        f: impl FnOnce(RuleNeedsBuilder) -> RuleNeedsBuilder,
    ) -> Self {
        let mut list = match self.job.rules.take() {
            None => Vec::new(),
            Some(OrReference::Value(v)) => v,
            Some(OrReference::Reference(r)) => vec![RuleItem::Other(StringItem::Reference(r))],
        };
        let cx = self
            .cx
            .child(&[key("rules"), idx(list.len()), key("needs")]);
        let start = rule.needs.take().unwrap_or_default();
        let (needs, cx) = f(RuleNeedsBuilder::new(start, cx)).finish();
        self.cx.absorb(cx);
        rule.needs = Some(needs);
        extend_snug(&mut list, [RuleItem::Rule(rule)]);
        self.job.rules = Some(OrReference::Value(list));
        self
    }

    /// `only` - adds ref patterns (`tags`, `main`, `/^release-/`); legacy syntax, prefer
    /// `rules`.
    pub fn only<I, S>(mut self, refs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        add_refs(&mut self.job.only, refs);
        self
    }

    /// `only` - the long form (`{refs, variables, changes, kubernetes}`).
    pub fn only_with(mut self, f: impl FnOnce(OnlyExceptBuilder) -> OnlyExceptBuilder) -> Self {
        self.job.only = Some(only_except_with(self.job.only.take(), f));
        self
    }

    /// `except` - adds ref patterns the job is not created for; legacy syntax, prefer
    /// `rules`.
    pub fn except<I, S>(mut self, refs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        add_refs(&mut self.job.except, refs);
        self
    }

    /// `except` - the long form (`{refs, variables, changes, kubernetes}`).
    pub fn except_with(mut self, f: impl FnOnce(OnlyExceptBuilder) -> OnlyExceptBuilder) -> Self {
        self.job.except = Some(only_except_with(self.job.except.take(), f));
        self
    }

    /// `when` - when the job runs (`on_success` by default).
    pub fn when(mut self, when: When) -> Self {
        self.job.when = Some(when);
        self
    }

    /// `start_in` - the delay for `when: delayed` (`"30 minutes"`).
    pub fn start_in(mut self, delay: impl Into<String>) -> Self {
        self.job.start_in = Some(delay.into());
        self
    }

    /// `manual_confirmation` - the question shown before a manual job runs.
    pub fn manual_confirmation(mut self, question: impl Into<String>) -> Self {
        self.job.manual_confirmation = Some(question.into());
        self
    }

    /// `allow_failure` - whether the pipeline goes on when the job fails.
    pub fn allow_failure(mut self, allow: bool) -> Self {
        self.job.allow_failure = Some(AllowFailure::Bool(allow));
        self
    }

    /// `allow_failure:exit_codes` - adds an exit code that counts as an allowed failure
    /// (one is written as a number, more as a list).
    pub fn allow_failure_exit_code(mut self, code: i64) -> Self {
        let mut slot = match self.job.allow_failure.take() {
            Some(AllowFailure::ExitCodes { exit_codes }) => Some(exit_codes),
            _ => None,
        };
        push_one_or_many(&mut slot, code);
        self.job.allow_failure = slot.map(|exit_codes| AllowFailure::ExitCodes { exit_codes });
        self
    }

    /// `allow_failure:exit_codes` - adds exit codes, written as a list.
    pub fn allow_failure_exit_codes(mut self, codes: impl IntoIterator<Item = i64>) -> Self {
        let mut slot = match self.job.allow_failure.take() {
            Some(AllowFailure::ExitCodes { exit_codes }) => Some(exit_codes),
            _ => None,
        };
        extend_many(&mut slot, codes);
        self.job.allow_failure = slot.map(|exit_codes| AllowFailure::ExitCodes { exit_codes });
        self
    }

    /// `interruptible` - whether a newer pipeline may cancel the job.
    pub fn interruptible(mut self, interruptible: bool) -> Self {
        self.job.interruptible = Some(interruptible);
        self
    }

    /// `timeout` - the job's time limit (`"1h 30m"`).
    pub fn timeout(mut self, timeout: impl Into<String>) -> Self {
        self.job.timeout = Some(timeout.into());
        self
    }

    /// `retry` - how many times to retry on failure (0 to 2).
    pub fn retry(mut self, max: u8) -> Self {
        self.job.retry = Some(Retry::Max(max));
        self
    }

    /// `retry` - the long form (`{max, when, exit_codes}`).
    pub fn retry_with(mut self, f: impl FnOnce(RetryBuilder) -> RetryBuilder) -> Self {
        self.job.retry = Some(Retry::Config(Box::new(
            f(RetryBuilder::default()).into_model(),
        )));
        self
    }

    /// `parallel` - run the job this many times (2 to 200).
    pub fn parallel(mut self, count: u32) -> Self {
        self.job.parallel = Some(Parallel::Count(count));
        self
    }

    /// `parallel:matrix` - run the job once per combination of variable values.
    pub fn parallel_matrix(mut self, f: impl FnOnce(MatrixBuilder) -> MatrixBuilder) -> Self {
        let start = match self.job.parallel.take() {
            Some(Parallel::Matrix(m)) => m,
            _ => Matrix::default(),
        };
        self.job.parallel = Some(Parallel::Matrix(
            f(MatrixBuilder::from_matrix(start)).into_matrix(),
        ));
        self
    }

    /// `resource_group` - jobs of one group never run at the same time.
    pub fn resource_group(mut self, group: impl Into<String>) -> Self {
        self.job.resource_group = Some(group.into());
        self
    }
}

/// # Variables, inputs and credentials
impl JobBuilder {
    /// `variables` - sets a variable, short form (`NAME: value`; strings, integers and
    /// booleans keep their type).
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<VariableValue>) -> Self {
        set_variable(&mut self.job.variables, name, value);
        self
    }

    /// `variables` - sets several variables (`[("A", "1"), ("B", "2")]`).
    pub fn variables<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<VariableValue>,
    {
        set_variables(&mut self.job.variables, vars);
        self
    }

    /// `variables` - sets a variable in the long form (`{value, expand}`).
    pub fn variable_with(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(VariableBuilder) -> VariableBuilder,
    ) -> Self {
        set_variable_with(&mut self.job.variables, name, f);
        self
    }

    /// `inherit` - which global defaults and variables the job takes.
    pub fn inherit(mut self, f: impl FnOnce(InheritBuilder) -> InheritBuilder) -> Self {
        let start = self.job.inherit.take().unwrap_or_default();
        self.job.inherit = Some(f(InheritBuilder::from_model(start)).into_model());
        self
    }

    /// `inputs:NAME` - defines a job input (each needs a `default`).
    pub fn input(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(InputBuilder) -> InputBuilder,
    ) -> Self {
        let inputs = self.job.inputs.get_or_insert_with(Box::default);
        let name = name.into();
        let start = inputs.get(&name).cloned().unwrap_or_default();
        inputs.insert(name, f(InputBuilder::from_model(start)).into_model());
        self
    }

    /// `secrets:NAME` - a secret from an external provider.
    pub fn secret(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(SecretBuilder) -> SecretBuilder,
    ) -> Self {
        self.job
            .secrets
            .get_or_insert_with(Box::default)
            .insert(name.into(), f(SecretBuilder::default()).into_model());
        self
    }

    /// `id_tokens:NAME` - an OIDC token for one audience (`{aud: ...}`).
    pub fn id_token(mut self, name: impl Into<String>, aud: impl Into<String>) -> Self {
        self.job
            .id_tokens
            .get_or_insert_with(Box::default)
            .insert(name.into(), IdToken::new(aud));
        self
    }

    /// `id_tokens:NAME` - an OIDC token for several audiences.
    pub fn id_token_audiences<I, S>(mut self, name: impl Into<String>, auds: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let token = IdToken {
            aud: OneOrMany::Many(auds.into_iter().map(Into::into).collect()),
        };
        self.job
            .id_tokens
            .get_or_insert_with(Box::default)
            .insert(name.into(), token);
        self
    }

    /// `identity` - a cloud identity for the job (`google_cloud`).
    pub fn identity(mut self, identity: impl Into<String>) -> Self {
        self.job.identity = Some(identity.into());
        self
    }
}

/// # Results: artifacts, cache, environment, release, Pages
impl JobBuilder {
    /// `artifacts` - files to keep; a second call continues from the first.
    pub fn artifacts(mut self, f: impl FnOnce(ArtifactsBuilder) -> ArtifactsBuilder) -> Self {
        let start = self.job.artifacts.take().flatten().unwrap_or_default();
        self.job.artifacts = Some(Some(f(ArtifactsBuilder::from_model(start)).into_model()));
        self
    }

    /// `artifacts: null` - no artifacts, overriding `default:artifacts`.
    pub fn no_artifacts(mut self) -> Self {
        self.job.artifacts = Some(None);
        self
    }

    /// `cache` - adds a cache (one is written as a mapping, more as a list).
    pub fn cache(mut self, f: impl FnOnce(CacheBuilder) -> CacheBuilder) -> Self {
        add_cache(&mut self.job.cache, f);
        self
    }

    /// `coverage` - a `/regex/` that finds the coverage percentage in the job log.
    pub fn coverage(mut self, regex: impl Into<String>) -> Self {
        self.job.coverage = Some(regex.into());
        self
    }

    /// `environment` - the environment the job deploys to, short form.
    pub fn environment(mut self, name: impl Into<String>) -> Self {
        self.job.environment = Some(Environment::Name(name.into()));
        self
    }

    /// `environment` - the long form (`{name, url, on_stop, action, ...}`).
    pub fn environment_with(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(EnvironmentBuilder) -> EnvironmentBuilder,
    ) -> Self {
        let cx = self.cx.child(&[key("environment")]);
        let (env, cx) = f(EnvironmentBuilder::new(name, cx)).finish();
        self.cx.absorb(cx);
        self.job.environment = Some(env);
        self
    }

    /// `release` - create a release with this tag and description.
    pub fn release(self, tag_name: impl Into<String>, description: impl Into<String>) -> Self {
        self.release_with(tag_name, description, |r| r)
    }

    /// `release` - with the optional keys (`name`, `ref`, `milestones`, `assets`, ...).
    pub fn release_with(
        mut self,
        tag_name: impl Into<String>,
        description: impl Into<String>,
        f: impl FnOnce(ReleaseBuilder) -> ReleaseBuilder,
    ) -> Self {
        self.job.release = Some(Box::new(
            f(ReleaseBuilder::new(tag_name, description)).into_model(),
        ));
        self
    }

    /// `pages: true|false` - marks a GitLab Pages job.
    pub fn pages(mut self, enabled: bool) -> Self {
        self.job.pages = Some(Pages::Enabled(enabled));
        self
    }

    /// `pages` - the long form (`{path_prefix, expire_in, publish}`).
    pub fn pages_with(mut self, f: impl FnOnce(PagesBuilder) -> PagesBuilder) -> Self {
        self.job.pages = Some(Pages::Config(Box::new(
            f(PagesBuilder::default()).into_model(),
        )));
        self
    }

    /// `publish` - the directory a Pages job publishes.
    pub fn publish(mut self, dir: impl Into<String>) -> Self {
        self.job.publish = Some(dir.into());
        self
    }

    /// `dast_configuration` - the DAST site and scanner profiles.
    pub fn dast_configuration(mut self, f: impl FnOnce(DastBuilder) -> DastBuilder) -> Self {
        let start = self
            .job
            .dast_configuration
            .take()
            .map(|d| *d)
            .unwrap_or_default();
        self.job.dast_configuration =
            Some(Box::new(f(DastBuilder::from_model(start)).into_model()));
        self
    }
}

/// # Downstream pipelines
impl JobBuilder {
    /// `trigger` - start a pipeline of another project, short form
    /// (`trigger: group/project`).
    pub fn trigger(mut self, project: impl Into<String>) -> Self {
        self.job.trigger = Some(Trigger::Project(project.into()));
        self
    }

    /// `trigger` - the long multi-project form (`{project, branch, strategy, inputs,
    /// forward}`).
    pub fn trigger_with(
        mut self,
        project: impl Into<String>,
        f: impl FnOnce(TriggerProjectBuilder) -> TriggerProjectBuilder,
    ) -> Self {
        self.job.trigger = Some(f(TriggerProjectBuilder::new(project)).finish());
        self
    }

    /// `trigger` - start a child pipeline (`{include, strategy, forward}`).
    pub fn trigger_child(
        mut self,
        f: impl FnOnce(TriggerChildBuilder) -> TriggerChildBuilder,
    ) -> Self {
        let cx = self.cx.child(&[key("trigger")]);
        let (trigger, cx) = f(TriggerChildBuilder::new(cx)).finish();
        self.cx.absorb(cx);
        self.job.trigger = Some(trigger);
        self
    }
}

/// # Escape hatches
impl JobBuilder {
    /// A key this version does not model, written after the known keys. Validation
    /// reports it as `unknown-keyword` unless the user allows that code.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.job.extra.insert(key, value.into());
        self
    }

    /// Edits the model [`Job`] directly, for forms no setter writes (a whole-key
    /// `!reference`, `script: make` as one string, ...). Names written this way are not
    /// checked against handles.
    pub fn modify(mut self, f: impl FnOnce(&mut Job)) -> Self {
        f(&mut self.job);
        self
    }
}

fn add_refs<I, S>(slot: &mut Option<OnlyExcept>, refs: I)
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let items = refs.into_iter().map(|s| StringItem::One(s.into()));
    match slot {
        Some(OnlyExcept::Refs(list)) => list.extend(items),
        Some(OnlyExcept::Config(c)) => c.refs.get_or_insert_with(Vec::new).extend(items),
        _ => *slot = Some(OnlyExcept::Refs(items.collect())),
    }
}

fn only_except_with(
    current: Option<OnlyExcept>,
    f: impl FnOnce(OnlyExceptBuilder) -> OnlyExceptBuilder,
) -> OnlyExcept {
    let start = match current {
        Some(OnlyExcept::Config(c)) => *c,
        Some(OnlyExcept::Refs(refs)) => OnlyExceptConfig {
            refs: Some(refs),
            ..Default::default()
        },
        _ => OnlyExceptConfig::default(),
    };
    OnlyExcept::Config(Box::new(
        f(OnlyExceptBuilder::from_model(start)).into_model(),
    ))
}
