//! [`PipelineBuilder`]: stages and jobs (which give back handles), global keywords, and
//! the top-level defaults GitLab has deprecated.

use crate::builder::cache::{CacheBuilder, add_cache};
use crate::builder::defaults::DefaultsBuilder;
use crate::builder::handles::{BuilderId, JobRef, Stage};
use crate::builder::image::{ImageBuilder, ServiceBuilder, add_services};
use crate::builder::include::add_includes;
use crate::builder::job::JobBuilder;
use crate::builder::lists::{append_lines, append_script};
use crate::builder::spec::SpecBuilder;
use crate::builder::variables::{VariableBuilder, set_variable, set_variable_with, set_variables};
use crate::builder::workflow::WorkflowBuilder;
use crate::diagnostic::{KeyPath, PathSegment};
use crate::model::{
    Image, Include, JobEntry, Pipeline, Script, Service, StringItem, Value, VariableValue,
};

impl Pipeline {
    /// Starts a pipeline builder: the ergonomic way to write a pipeline, with typed
    /// handles for stages and jobs. Same as [`PipelineBuilder::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_dsl::{emit, Pipeline};
    ///
    /// let mut p = Pipeline::builder();
    /// let build = p.stage("build");
    /// let test = p.stage("test");
    /// let compile = p.job("compile", |j| j.stage(&build).image("rust:1.95").script(["cargo build"]));
    /// p.job("unit", |j| j.stage(&test).image("rust:1.95").need(&compile).script("cargo test"));
    /// assert_eq!(
    ///     emit::to_string(&p.build()).unwrap(),
    ///     "stages:\n- build\n- test\ncompile:\n  stage: build\n  image: rust:1.95\n  script:\n  \
    ///      - cargo build\nunit:\n  stage: test\n  image: rust:1.95\n  needs:\n  - compile\n  script:\n  \
    ///      - cargo test\n"
    /// );
    /// ```
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }
}

/// Builds a [`Pipeline`]: declare stages and define jobs (each gives back a handle), set
/// global keywords, then [`build`](Self::build).
///
/// Unlike the nested builders, this one is used through `&mut self`, because declaring
/// a stage or a job returns a handle; setters return `&mut Self` so they still chain.
/// Every list setter appends, and a second call of a single-value setter replaces.
///
/// Handles carry this builder's [`BuilderId`]; a handle from another builder still
/// writes its name, and the place is recorded on the built pipeline, where validation
/// reports it as `foreign-handle`.
///
/// Nothing here panics or refuses: a job without `script`, a stage used but not
/// declared, a job named like a global keyword are all for validation to report.
#[derive(Debug, Clone)]
pub struct PipelineBuilder {
    id: BuilderId,
    pipeline: Pipeline,
    foreign: Vec<(KeyPath, String)>,
}

/// The same as [`PipelineBuilder::new`]. (Note that `PipelineBuilder::default` names the
/// inherent setter of the `default:` keyword, so call `new()` or `Default::default()`.)
impl Default for PipelineBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// # Stages, jobs and the result
impl PipelineBuilder {
    /// An empty pipeline builder with a fresh [`BuilderId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_dsl::builder::PipelineBuilder;
    /// use pipeline_dsl::emit;
    ///
    /// let mut p = PipelineBuilder::new();
    /// p.job("hello", |j| j.script("echo hello"));
    /// assert_eq!(emit::to_string(&p.build()).unwrap(), "hello:\n  script:\n  - echo hello\n");
    /// ```
    pub fn new() -> Self {
        Self {
            id: BuilderId::next(),
            pipeline: Pipeline::new(),
            foreign: Vec::new(),
        }
    }

    /// This builder's identity, which its handles carry.
    pub fn id(&self) -> BuilderId {
        self.id
    }

    /// Declares a stage (appends it to `stages:`) and returns its handle. Declaring a
    /// name again returns a handle without appending it twice.
    ///
    /// Once any stage is declared, GitLab's default `build`, `test` and `deploy` exist
    /// only if declared too; `.pre` and `.post` always exist ([`Stage::PRE`],
    /// [`Stage::POST`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_dsl::{emit, Pipeline};
    ///
    /// let mut p = Pipeline::builder();
    /// let lint = p.stage("lint");
    /// p.job("fmt", |j| j.stage(&lint).script("cargo fmt --check"));
    /// assert_eq!(
    ///     emit::to_string(&p.build()).unwrap(),
    ///     "stages:\n- lint\nfmt:\n  stage: lint\n  script:\n  - cargo fmt --check\n"
    /// );
    /// ```
    pub fn stage(&mut self, name: impl Into<String>) -> Stage {
        let name = name.into();
        let stages = self.pipeline.stages.get_or_insert_with(Vec::new);
        let declared = stages
            .iter()
            .flat_map(StringItem::strings)
            .any(|s| s == name);
        if !declared {
            stages.push(StringItem::One(name.clone()));
        }
        Stage::owned(name, self.id)
    }

    /// Declares several stages in order and returns their handles
    /// (`let [build, test] = p.stages(["build", "test"]);`).
    pub fn stages<S: Into<String>, const N: usize>(&mut self, names: [S; N]) -> [Stage; N] {
        names.map(|name| self.stage(name))
    }

    /// Defines a job (jobs are written in the order they are defined) and returns its
    /// handle. `f` sets the job's keywords on a [`JobBuilder`]. Defining a name again
    /// replaces the earlier job in its place.
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_dsl::builder::Stage;
    /// use pipeline_dsl::{emit, Pipeline};
    ///
    /// let mut p = Pipeline::builder();
    /// let compile = p.job("compile", |j| j.stage(Stage::BUILD).script(["cargo build"]));
    /// p.job("test", |j| j.need(&compile).script("cargo test"));
    /// assert_eq!(
    ///     emit::to_string(&p.build()).unwrap(),
    ///     "compile:\n  stage: build\n  script:\n  - cargo build\ntest:\n  needs:\n  - compile\n  \
    ///      script:\n  - cargo test\n"
    /// );
    /// ```
    pub fn job(
        &mut self,
        name: impl Into<String>,
        f: impl FnOnce(JobBuilder) -> JobBuilder,
    ) -> JobRef {
        let name = name.into();
        let (job, foreign) = f(JobBuilder::new(self.id)).finish();
        // A redefined job's old findings no longer describe anything written.
        self.forget_foreign(&name);
        if !foreign.is_empty() {
            let prefix = KeyPath::root().job(&name).0;
            self.foreign
                .extend(foreign.into_iter().map(|(path, handle)| {
                    let mut full = prefix.clone();
                    full.extend(path.0);
                    (KeyPath(full), handle)
                }));
        }
        let handle = JobRef::owned(name.clone(), self.id);
        self.pipeline.jobs.insert(name, JobEntry::Job(job));
        handle
    }

    /// Drops the foreign handles recorded in the top-level key `name`.
    fn forget_foreign(&mut self, name: &str) {
        if self.foreign.is_empty() {
            return;
        }
        self.foreign.retain(|(path, _)| {
            !matches!(
                path.0.as_slice(),
                [PathSegment::Key(jobs), PathSegment::Key(n), ..] if jobs == "jobs" && n == name
            )
        });
    }

    /// Defines a hidden job: a template GitLab does not run, for
    /// [`JobBuilder::extends`]. A `.` is put before the name if it lacks one.
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_dsl::{emit, Pipeline};
    ///
    /// let mut p = Pipeline::builder();
    /// let rust = p.hidden_job(".rust", |j| j.image("rust:1.95").tag("docker"));
    /// p.job("test", |j| j.extends(&rust).script("cargo test"));
    /// assert_eq!(
    ///     emit::to_string(&p.build()).unwrap(),
    ///     ".rust:\n  image: rust:1.95\n  tags:\n  - docker\ntest:\n  extends: .rust\n  script:\n  \
    ///      - cargo test\n"
    /// );
    /// ```
    pub fn hidden_job(
        &mut self,
        name: impl Into<String>,
        f: impl FnOnce(JobBuilder) -> JobBuilder,
    ) -> JobRef {
        let name = name.into();
        let name = if name.starts_with('.') {
            name
        } else {
            format!(".{name}")
        };
        self.job(name, f)
    }

    /// The pipeline. Foreign handles met on the way are recorded on it for validation.
    pub fn build(self) -> Pipeline {
        let mut pipeline = self.pipeline;
        pipeline.foreign_handles = self.foreign;
        pipeline
    }
}

/// # Global keywords
impl PipelineBuilder {
    /// `include` - adds a file to include: an [`Include`] (`Include::local(...)`, ...) or
    /// a per-kind long form (`IncludeProject::new(...).git_ref(...)`). Written as a list.
    pub fn include(&mut self, include: impl Into<Include>) -> &mut Self {
        self.includes([include])
    }

    /// `include` - adds several files.
    pub fn includes<I>(&mut self, includes: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Into<Include>,
    {
        add_includes(
            &mut self.pipeline.include,
            includes.into_iter().map(Into::into),
        );
        self
    }

    /// `variables` - sets a global variable, short form (strings, integers and booleans
    /// keep their type).
    pub fn variable(
        &mut self,
        name: impl Into<String>,
        value: impl Into<VariableValue>,
    ) -> &mut Self {
        set_variable(&mut self.pipeline.variables, name, value);
        self
    }

    /// `variables` - sets several global variables.
    pub fn variables<I, K, V>(&mut self, vars: I) -> &mut Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<VariableValue>,
    {
        set_variables(&mut self.pipeline.variables, vars);
        self
    }

    /// `variables` - sets a global variable in the long form (`{value, description,
    /// options, expand}`).
    pub fn variable_with(
        &mut self,
        name: impl Into<String>,
        f: impl FnOnce(VariableBuilder) -> VariableBuilder,
    ) -> &mut Self {
        set_variable_with(&mut self.pipeline.variables, name, f);
        self
    }

    /// `workflow` - whether the pipeline is created, its name and auto-cancel policy. A
    /// second call continues from the first.
    pub fn workflow(&mut self, f: impl FnOnce(WorkflowBuilder) -> WorkflowBuilder) -> &mut Self {
        let start = self.pipeline.workflow.take().unwrap_or_default();
        self.pipeline.workflow = Some(f(WorkflowBuilder::from_model(start)).into_model());
        self
    }

    /// `default` - keywords every job takes unless it sets its own. A second call
    /// continues from the first.
    pub fn default(&mut self, f: impl FnOnce(DefaultsBuilder) -> DefaultsBuilder) -> &mut Self {
        let start = self.pipeline.default.take().unwrap_or_default();
        self.pipeline.default = Some(f(DefaultsBuilder::from_model(start)).into_model());
        self
    }

    /// `spec` - the header of a file meant to be included with inputs, emitted as its
    /// own document before `---`. A second call continues from the first.
    pub fn spec(&mut self, f: impl FnOnce(SpecBuilder) -> SpecBuilder) -> &mut Self {
        let start = self.pipeline.spec.take().unwrap_or_default();
        self.pipeline.spec = Some(f(SpecBuilder::from_model(start)).into_model());
        self
    }

    /// `$schema` - a JSON Schema URL for editors.
    pub fn schema(&mut self, url: impl Into<String>) -> &mut Self {
        self.pipeline.schema = Some(url.into());
        self
    }
}

/// # Top-level defaults (deprecated by GitLab)
///
/// GitLab still reads these, but recommends `default:` ([`PipelineBuilder::default`]);
/// validation may warn about them. They exist so that existing pipelines can be written
/// exactly.
impl PipelineBuilder {
    /// Top-level `image`, short form.
    pub fn image(&mut self, image: impl Into<Image>) -> &mut Self {
        self.pipeline.image = Some(image.into());
        self
    }

    /// Top-level `image`, long form.
    pub fn image_with(
        &mut self,
        name: impl Into<String>,
        f: impl FnOnce(ImageBuilder) -> ImageBuilder,
    ) -> &mut Self {
        self.pipeline.image = Some(f(ImageBuilder::new(name)).finish());
        self
    }

    /// Top-level `services` - adds a service, short form.
    pub fn service(&mut self, service: impl Into<Service>) -> &mut Self {
        self.services([service])
    }

    /// Top-level `services` - adds services.
    pub fn services<I>(&mut self, services: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Into<Service>,
    {
        add_services(
            &mut self.pipeline.services,
            services.into_iter().map(Into::into),
        );
        self
    }

    /// Top-level `services` - adds a service in the long form.
    pub fn service_with(
        &mut self,
        name: impl Into<String>,
        f: impl FnOnce(ServiceBuilder) -> ServiceBuilder,
    ) -> &mut Self {
        self.services([f(ServiceBuilder::new(name)).finish()])
    }

    /// Top-level `cache` - adds a cache.
    pub fn cache(&mut self, f: impl FnOnce(CacheBuilder) -> CacheBuilder) -> &mut Self {
        add_cache(&mut self.pipeline.cache, f);
        self
    }

    /// Top-level `before_script` - appends commands.
    pub fn before_script(&mut self, commands: impl Into<Script>) -> &mut Self {
        append_script(&mut self.pipeline.before_script, commands.into());
        self
    }

    /// Top-level `before_script` - appends commands from any iterator.
    pub fn before_scripts<I, S>(&mut self, commands: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.pipeline.before_script, commands);
        self
    }

    /// Top-level `after_script` - appends commands.
    pub fn after_script(&mut self, commands: impl Into<Script>) -> &mut Self {
        append_script(&mut self.pipeline.after_script, commands.into());
        self
    }

    /// Top-level `after_script` - appends commands from any iterator.
    pub fn after_scripts<I, S>(&mut self, commands: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.pipeline.after_script, commands);
        self
    }
}

/// # Escape hatches
impl PipelineBuilder {
    /// A top-level key holding a value as written (a hidden key used only as a YAML
    /// anchor holder, such as `.common: &common {...}`), in definition order with the
    /// jobs.
    pub fn raw_entry(&mut self, name: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        let name = name.into();
        self.forget_foreign(&name);
        self.pipeline.jobs.insert(name, JobEntry::Raw(value.into()));
        self
    }

    /// Edits the model [`Pipeline`] directly, for forms no setter writes. Names written
    /// this way are not checked against handles.
    pub fn modify(&mut self, f: impl FnOnce(&mut Pipeline)) -> &mut Self {
        f(&mut self.pipeline);
        self
    }
}
