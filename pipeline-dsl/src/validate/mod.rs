//! Semantic checks over a whole pipeline: what GitLab would refuse (errors) and what it would
//! run but is likely wrong, unsafe or deprecated (lints). Every problem is reported, each with
//! a stable code, a path, a message in GitLab's words and, when there is one, a fix.
//!
//! ```
//! use pipeline_dsl::model::{Job, Pipeline, Script};
//! use pipeline_dsl::validate::ValidateOptions;
//!
//! let mut pipeline = Pipeline::new();
//! let mut job = Job::new();
//! job.image = Some("rust:latest".into());
//! job.script = Some(Script::from(["cargo test"]));
//! pipeline.insert_job("test", job);
//!
//! // `rust:latest` is a lint (a warning): the pipeline is valid, with one warning...
//! let validated = pipeline.validate()?;
//! assert_eq!(validated.warnings().iter().next().map(|d| d.code), Some("image-latest"));
//! // ...which can be allowed by its code.
//! let options = ValidateOptions::new().allow("image-latest");
//! assert!(pipeline.validate_with(&options)?.warnings().is_empty());
//! # Ok::<(), pipeline_dsl::Diagnostics>(())
//! ```

mod expression;
mod graph;
mod includes;
mod keywords;
mod lints;
mod names;
mod rules;
mod stages;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Diagnostics, KeyPath, PathSegment, Severity};
use crate::model::{Job, JobEntry, OneOrMany, Pipeline, Script, StringItem, Value};

/// How to validate.
///
/// ```
/// use pipeline_dsl::validate::ValidateOptions;
///
/// let options = ValidateOptions::new()
///     .allow("only-except-deprecated")
///     .partial(true)
///     .base_dir(".");
/// assert!(options.allow.contains("only-except-deprecated"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Codes not to report: any lint (warning), and `unknown-keyword`. Errors GitLab would
    /// raise cannot be allowed; their codes are ignored here.
    pub allow: BTreeSet<String>,
    /// The file is itself included by another one: a stage, job or template it does not
    /// define may come from the including file, so such references are warnings.
    pub partial: bool,
    /// The project directory that `include: local` paths are relative to. When set, local
    /// includes found there are read, and their jobs, templates and stages become known.
    pub base_dir: Option<PathBuf>,
}

impl ValidateOptions {
    /// The default options: nothing allowed, a whole pipeline, includes not read.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows `code` (a lint, or `unknown-keyword`).
    #[must_use]
    pub fn allow(mut self, code: impl Into<String>) -> Self {
        self.allow.insert(code.into());
        self
    }

    /// Sets [`ValidateOptions::partial`].
    #[must_use]
    pub fn partial(mut self, partial: bool) -> Self {
        self.partial = partial;
        self
    }

    /// Sets [`ValidateOptions::base_dir`].
    #[must_use]
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }
}

/// A pipeline that passed validation: GitLab would accept it. Only [`Pipeline::validate`]
/// and [`Pipeline::validate_with`] make one, so a function taking `&Validated` knows the
/// checks ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pipeline: Pipeline,
    warnings: Diagnostics,
}

impl Validated {
    /// The pipeline with the warnings `check` found, or every diagnostic when one is an
    /// error (the pipeline is only taken, or copied, when it passed).
    fn unless_errors(
        diagnostics: Diagnostics,
        pipeline: impl FnOnce() -> Pipeline,
    ) -> Result<Validated, Diagnostics> {
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Validated {
            pipeline: pipeline(),
            warnings: diagnostics,
        })
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The lints that were found (and not allowed).
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// The pipeline, giving up the proof that it was validated.
    pub fn into_inner(self) -> Pipeline {
        self.pipeline
    }
}

impl AsRef<Pipeline> for Validated {
    fn as_ref(&self) -> &Pipeline {
        &self.pipeline
    }
}

impl Pipeline {
    /// Checks the pipeline as GitLab would, with the default options.
    ///
    /// ```
    /// use pipeline_dsl::model::{Job, Pipeline, Script};
    ///
    /// let mut pipeline = Pipeline::new();
    /// pipeline.stages = Some(vec!["build".into(), "test".into()]);
    /// let mut build = Job::new();
    /// build.stage = Some("build".into());
    /// build.script = Some(Script::from(["make"]));
    /// pipeline.insert_job("build", build);
    /// assert!(pipeline.validate().is_ok());
    ///
    /// // A job in a stage `stages` does not declare: GitLab refuses the file.
    /// let mut lint = Job::new();
    /// lint.stage = Some("lnt".into());
    /// lint.script = Some(Script::from(["make lint"]));
    /// pipeline.insert_job("lint", lint);
    /// let errors = pipeline.validate().unwrap_err();
    /// let error = errors.errors().next().unwrap();
    /// assert_eq!(error.code, "stage-undeclared");
    /// assert_eq!(error.path.to_string(), r#"jobs."lint".stage"#);
    /// ```
    ///
    /// # Errors
    /// When GitLab would refuse the pipeline: every error found, and the warnings too.
    pub fn validate(&self) -> Result<Validated, Diagnostics> {
        self.validate_with(&ValidateOptions::default())
    }

    /// Checks the pipeline as GitLab would.
    ///
    /// # Errors
    /// As [`Pipeline::validate`].
    pub fn validate_with(&self, options: &ValidateOptions) -> Result<Validated, Diagnostics> {
        Validated::unless_errors(check(self, options), || self.clone())
    }

    /// [`Pipeline::validate`] that keeps the pipeline instead of copying it: for a big
    /// pipeline built only to be written out (a generator program), this saves a deep copy.
    ///
    /// ```
    /// use pipeline_dsl::Pipeline;
    ///
    /// let mut p = Pipeline::builder();
    /// p.job("test", |j| j.image("rust:1.95").script("cargo test"));
    /// let validated = p.build().into_validated()?;
    /// assert!(validated.pipeline().jobs.contains_key("test"));
    /// # Ok::<(), pipeline_dsl::Diagnostics>(())
    /// ```
    ///
    /// # Errors
    /// As [`Pipeline::validate`].
    pub fn into_validated(self) -> Result<Validated, Diagnostics> {
        self.into_validated_with(&ValidateOptions::default())
    }

    /// [`Pipeline::validate_with`] that keeps the pipeline instead of copying it.
    ///
    /// # Errors
    /// As [`Pipeline::validate`].
    pub fn into_validated_with(self, options: &ValidateOptions) -> Result<Validated, Diagnostics> {
        Validated::unless_errors(check(&self, options), || self)
    }
}

/// Every check on `pipeline`, errors and lints together, in a stable order; never fails.
/// The CLI's `check` prints these.
///
/// ```
/// use pipeline_dsl::model::{Job, Pipeline};
/// use pipeline_dsl::validate::{check, ValidateOptions};
///
/// let mut pipeline = Pipeline::new();
/// pipeline.insert_job("empty", Job::new());
/// let found = check(&pipeline, &ValidateOptions::new());
/// assert_eq!(found.iter().next().map(|d| d.code), Some("job-missing-script"));
/// ```
pub fn check(pipeline: &Pipeline, options: &ValidateOptions) -> Diagnostics {
    let loaded = includes::load(pipeline, options);
    let cx = Cx::new(pipeline, options, &loaded);
    let mut out = Sink::new(options);
    for d in &loaded.problems {
        out.push(d.clone());
    }
    // Every family of checks looks at each key of the file in one walk, so that a job's
    // data is read while it is at hand; each family keeps what it finds in parts, and
    // writes its parts in its own order at the end.
    let mut stages = stages::Checks::new(options);
    let mut names = names::Checks::new(options);
    let mut keywords = keywords::Checks::new(options);
    let mut graph = graph::Checks::new(options);
    let mut rules = rules::Checks::new(options);
    let mut lints = lints::Checks::new(options);
    let used = cx.used_keys();
    for (index, (name, entry)) in pipeline.jobs.iter().enumerate() {
        let job = match entry {
            JobEntry::Job(job) => Some(job.as_ref()),
            JobEntry::Raw(_) => None,
        };
        let key = Key {
            name,
            entry,
            job,
            visible: job.is_some() && !name.starts_with('.'),
            used: used[index],
        };
        cx.remember(index);
        stages.key(&cx, &key);
        names.key(&cx, &key);
        keywords.key(&cx, &key);
        graph.key(&cx, &key);
        rules.key(&cx, &key);
        lints.key(&cx, &key);
    }
    stages.finish(&mut out);
    names.finish(&cx, &mut out);
    keywords.finish(&cx, &mut out);
    graph.finish(&cx, &mut out);
    rules.finish(&cx, &mut out);
    lints.finish(&cx, &mut out);
    Diagnostics(out.diagnostics)
}

/// One top-level key of the file, as the checks walk them.
struct Key<'a> {
    name: &'a str,
    entry: &'a JobEntry,
    /// The job, unless the key holds a raw value.
    job: Option<&'a Job>,
    /// A job GitLab runs (not hidden).
    visible: bool,
    /// A key GitLab reads as a job or template ([`Cx::used_keys`]).
    used: bool,
}

/// Every code `validate` reports, with its severity and what it means (the source of the
/// generated diagnostics reference). Warnings and `unknown-keyword` can be allowed.
pub const CODES: &[(&str, Severity, &str)] = &[
    // stages.rs
    (
        "stage-undeclared",
        Severity::Error,
        "a job's stage is not in `stages` (a job without `stage` is in `test`)",
    ),
    (
        "stage-not-a-string",
        Severity::Error,
        "a job's `stage` is a list; GitLab wants one stage name",
    ),
    // names.rs
    (
        "foreign-handle",
        Severity::Error,
        "a builder handle (`Stage`, `JobRef`) made by another pipeline builder was used",
    ),
    (
        "job-name-reserved",
        Severity::Error,
        "a job is named like a global keyword (`image`, `variables`, ...)",
    ),
    (
        "job-name-too-long",
        Severity::Error,
        "a job name is longer than 255 characters",
    ),
    (
        "merge-key-name",
        Severity::Error,
        "`<<` is used as a job or variable name; GitLab's YAML loader merges it",
    ),
    (
        "no-visible-job",
        Severity::Error,
        "the pipeline has no job that runs (only hidden `.templates`, or nothing)",
    ),
    // keywords.rs
    (
        "job-missing-script",
        Severity::Error,
        "a job has none of `script`, `run` or `trigger`, even after `extends`",
    ),
    (
        "mutually-exclusive-keys",
        Severity::Error,
        "a job combines `script`, `run` and `trigger`, which exclude each other",
    ),
    (
        "when-not-allowed",
        Severity::Error,
        "a `when` value the place does not accept (`never` on a job, `delayed` on a trigger)",
    ),
    (
        "parallel-out-of-range",
        Severity::Error,
        "`parallel` is not between 1 and 200",
    ),
    (
        "parallel-count-on-trigger",
        Severity::Error,
        "a trigger job uses `parallel: <number>`; only `parallel:matrix` is allowed",
    ),
    (
        "matrix-too-many-jobs",
        Severity::Error,
        "`parallel:matrix` generates more than 200 jobs",
    ),
    ("retry-too-many", Severity::Error, "`retry` is more than 2"),
    (
        "retry-unknown-when",
        Severity::Error,
        "`retry:when` names a failure type GitLab does not know",
    ),
    (
        "unknown-keyword",
        Severity::Error,
        "a key kept in an `extra` map is not a GitLab keyword (allowable)",
    ),
    // graph.rs
    (
        "needs-unknown-job",
        Severity::Error,
        "`needs` names a job that is not defined (and is not `optional: true`)",
    ),
    (
        "needs-later-stage",
        Severity::Error,
        "`needs` names a job of a later stage",
    ),
    (
        "needs-cycle",
        Severity::Error,
        "jobs need each other in a circle (a job needing itself included)",
    ),
    (
        "needs-duplicate",
        Severity::Error,
        "the same job is listed twice in one `needs`",
    ),
    (
        "needs-too-many",
        Severity::Error,
        "a job needs more than 50 jobs",
    ),
    (
        "dependencies-unknown-job",
        Severity::Error,
        "`dependencies` (or `trigger:include:job`) names a job that is not defined",
    ),
    (
        "dependencies-later-stage",
        Severity::Error,
        "`dependencies` (or `trigger:include:job`) names a job of a later stage",
    ),
    (
        "dependencies-not-in-needs",
        Severity::Error,
        "a job has `needs` and `dependencies`, and a dependency is not in `needs`",
    ),
    (
        "dependencies-cross-pipeline",
        Severity::Error,
        "a job has `dependencies` but only needs jobs of other pipelines",
    ),
    (
        "extends-unknown",
        Severity::Error,
        "`extends` names a key that is not defined",
    ),
    (
        "extends-invalid-base",
        Severity::Error,
        "`extends` names a key whose value is not a mapping",
    ),
    (
        "extends-cycle",
        Severity::Error,
        "`extends` comes back to where it started",
    ),
    (
        "extends-too-deep",
        Severity::Error,
        "`extends` goes more than 11 levels deep",
    ),
    (
        "environment-on-stop-unknown",
        Severity::Error,
        "`environment:on_stop` names a job that is not defined",
    ),
    (
        "environment-on-stop-no-environment",
        Severity::Error,
        "the `on_stop` job has no `environment`",
    ),
    (
        "environment-on-stop-name-mismatch",
        Severity::Error,
        "the `on_stop` job's environment has another name",
    ),
    (
        "environment-on-stop-action",
        Severity::Error,
        "the `on_stop` job's environment does not have `action: stop`",
    ),
    // rules.rs
    (
        "rules-with-only-except",
        Severity::Error,
        "a job has `rules` and also `only`, `except` or `start_in`",
    ),
    (
        "delayed-without-start-in",
        Severity::Error,
        "`when: delayed` (on a job or a rule) without `start_in`",
    ),
    (
        "start-in-without-delayed",
        Severity::Error,
        "`start_in` (on a job or a rule) without `when: delayed`",
    ),
    (
        "start-in-too-long",
        Severity::Error,
        "`start_in` is longer than one week",
    ),
    (
        "invalid-expression",
        Severity::Error,
        "a `rules:if`, `workflow:rules:if`, `include:rules:if` or `only:variables` expression does not parse",
    ),
    (
        "multiple-pipelines",
        Severity::Warning,
        "the last rule is only `when:` and there is no `workflow:rules`: pushes to an open merge request run two pipelines",
    ),
    // includes and partial files
    (
        "unresolved-reference",
        Severity::Warning,
        "a stage, job or template this file does not define; an include (or the including file) must define it",
    ),
    (
        "include-not-resolved",
        Severity::Warning,
        "a local include was not found under the base directory, or could not be read",
    ),
    // lints.rs
    (
        "password-on-command-line",
        Severity::Warning,
        "a password is passed as a command-line argument (`docker login -p ...`)",
    ),
    (
        "deprecated-variable",
        Severity::Warning,
        "a deprecated predefined variable such as `CI_BUILD_TOKEN`",
    ),
    (
        "image-latest",
        Severity::Warning,
        "an image or service uses the moving `:latest` tag",
    ),
    (
        "image-untagged",
        Severity::Warning,
        "an image or service has no tag, so Docker pulls `latest`",
    ),
    (
        "dind-without-tls",
        Severity::Warning,
        "a `docker:dind` service without `DOCKER_TLS_CERTDIR` and `DOCKER_HOST` set for TLS",
    ),
    (
        "deprecated-global-keyword",
        Severity::Warning,
        "a top-level `image`, `services`, `cache`, `before_script` or `after_script`; use `default:`",
    ),
    (
        "only-except-deprecated",
        Severity::Warning,
        "`only`/`except` are deprecated; use `rules`",
    ),
];

/// Whether a user may allow `code`: every lint, and `unknown-keyword`.
fn is_allowable(code: &str) -> bool {
    code == "unknown-keyword"
        || CODES
            .iter()
            .any(|(c, severity, _)| *c == code && *severity == Severity::Warning)
}

/// Collects diagnostics, dropping the allowed ones.
struct Sink<'o> {
    allow: &'o BTreeSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'o> Sink<'o> {
    fn new(options: &'o ValidateOptions) -> Self {
        Self {
            allow: &options.allow,
            diagnostics: Vec::new(),
        }
    }

    fn push(&mut self, d: Diagnostic) {
        debug_assert!(
            CODES
                .iter()
                .any(|(c, severity, _)| *c == d.code && *severity == d.severity),
            "code `{}` with severity {:?} is missing from CODES",
            d.code,
            d.severity
        );
        if is_allowable(d.code) && self.allow.contains(d.code) {
            return;
        }
        self.diagnostics.push(d);
    }

    /// Takes what another sink collected (already filtered), after what this one has.
    fn append(&mut self, other: Sink<'_>) {
        self.diagnostics.extend(other.diagnostics);
    }
}

/// One definition of a top-level key: a job (or job-shaped template), or a raw value.
#[derive(Debug, Clone, Copy)]
enum Def<'a> {
    Job(&'a Job),
    Raw(&'a Value),
}

impl<'a> Def<'a> {
    /// Whether the definition writes `key` (for raw values: a mapping with that key).
    fn has_key(self, key: &str) -> bool {
        match self {
            Def::Job(job) => match key {
                "script" => job.script.is_some(),
                "run" => job.run.is_some(),
                "trigger" => job.trigger.is_some(),
                _ => false,
            },
            Def::Raw(value) => value.as_map().is_some_and(|m| m.contains_key(key)),
        }
    }

    /// The `extends` targets written in this definition.
    fn extends(self) -> Option<Vec<&'a str>> {
        match self {
            Def::Job(job) => job
                .extends
                .as_ref()
                .map(|e| e.as_slice().iter().map(String::as_str).collect()),
            Def::Raw(value) => match value.as_map()?.get("extends")? {
                Value::String(s) => Some(vec![s.as_str()]),
                Value::Seq(items) => Some(items.iter().filter_map(Value::as_str).collect()),
                _ => None,
            },
        }
    }
}

/// The definitions of one top-level key: almost always one.
#[derive(Debug)]
enum Defs<'a> {
    One([Def<'a>; 1]),
    Many(Vec<Def<'a>>),
}

impl<'a> Defs<'a> {
    fn push(&mut self, def: Def<'a>) {
        match self {
            Defs::One([first]) => *self = Defs::Many(vec![*first, def]),
            Defs::Many(all) => all.push(def),
        }
    }

    fn as_slice(&self) -> &[Def<'a>] {
        match self {
            Defs::One(one) => one,
            Defs::Many(all) => all,
        }
    }
}

/// The hasher of the name index: validation looks names up many times per job, and the
/// names are the user's own (no hash flooding to fear), so a fast hash beats SipHash.
type NameHasher = foldhash::fast::FixedState;

/// What every family of checks reads: the pipeline, the options, what local includes
/// define, the stage list and how certain all of it is.
struct Cx<'a> {
    pipeline: &'a Pipeline,
    /// Definitions of every top-level key, highest priority first: this file, then local
    /// includes (a later include before an earlier one, as GitLab merges them).
    entries: IndexMap<&'a str, Defs<'a>, NameHasher>,
    /// Where each key of this file (by position) is in `entries`.
    own: Vec<Option<usize>>,
    /// Something this validation cannot see may define names: an include that was not
    /// read, or (`partial`) the file including this one.
    uncertain: bool,
    /// The stage list in effect (`.pre` and `.post` included).
    stages: Vec<String>,
    /// Whether that list is final: no file we cannot see may replace it.
    stages_final: bool,
    /// Whether local includes were read (so a name may have several definitions).
    includes: bool,
    /// The last two names [`Cx::defs`] found, and where: the checks ask about one job (or
    /// a job and the one it needs) many times in a row, and names are the pipeline's own
    /// strings, so a pointer comparison saves hashing the name again.
    last: Cell<[Option<(&'a str, usize)>; 2]>,
}

impl<'a> Cx<'a> {
    fn new(
        pipeline: &'a Pipeline,
        options: &ValidateOptions,
        loaded: &'a includes::Loaded,
    ) -> Self {
        let mut entries: IndexMap<&'a str, Defs<'a>, NameHasher> =
            IndexMap::with_capacity_and_hasher(pipeline.jobs.len(), NameHasher::default());
        let mut own = Vec::with_capacity(pipeline.jobs.len());
        // Highest priority first: this file, then included files from the last merged.
        let files = std::iter::once(pipeline).chain(loaded.files.iter().rev());
        for (f, file) in files.clone().enumerate() {
            for (name, entry) in &file.jobs {
                if name == "!reference" {
                    if f == 0 {
                        own.push(None);
                    }
                    continue;
                }
                let def = match entry {
                    JobEntry::Job(job) => Def::Job(job),
                    JobEntry::Raw(value) => Def::Raw(value),
                };
                let entry = entries.entry(name.as_str());
                if f == 0 {
                    own.push(Some(entry.index()));
                }
                match entry {
                    indexmap::map::Entry::Occupied(mut e) => e.get_mut().push(def),
                    indexmap::map::Entry::Vacant(e) => {
                        e.insert(Defs::One([def]));
                    }
                }
            }
        }
        let uncertain = options.partial || loaded.unresolved;
        let declared = files.clone().find_map(|f| f.stages.as_ref());
        let stages = stage_list(declared);
        // This file's `stages` wins over its includes; the including file's wins over it.
        // A `!reference` in the list hides names we cannot see.
        let referenced = declared
            .is_some_and(|items| items.iter().any(|i| matches!(i, StringItem::Reference(_))));
        let stages_final = !referenced
            && if pipeline.stages.is_some() {
                !options.partial
            } else {
                !uncertain
            };
        Self {
            pipeline,
            entries,
            own,
            uncertain,
            stages,
            stages_final,
            includes: !loaded.files.is_empty(),
            last: Cell::new([None; 2]),
        }
    }

    /// The definitions of the top-level key `name`, highest priority first.
    fn defs(&self, name: &str) -> Option<&[Def<'a>]> {
        let last = self.last.get();
        for (seen, i) in last.into_iter().flatten() {
            if std::ptr::eq(seen.as_ptr(), name.as_ptr()) && seen.len() == name.len() {
                return self.entries.get_index(i).map(|(_, defs)| defs.as_slice());
            }
        }
        let (i, key, defs) = self.entries.get_full(name)?;
        self.last.set([Some((key, i)), last[0]]);
        Some(defs.as_slice())
    }

    /// Whether any visible file defines the top-level key `name`.
    fn defined(&self, name: &str) -> bool {
        self.defs(name).is_some()
    }

    /// Whether `name` is a job GitLab would create (defined, and not hidden).
    fn is_job(&self, name: &str) -> bool {
        !name.starts_with('.') && self.defined(name)
    }

    /// The visible job names (for "did you mean").
    fn job_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.keys().copied().filter(|n| !n.starts_with('.'))
    }

    /// Every defined key (for "did you mean" in `extends`).
    fn entry_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.keys().copied()
    }

    /// Whether this file defines `name`.
    fn in_file(&self, name: &str) -> bool {
        self.pipeline.jobs.contains_key(name)
    }

    /// The keys of this file GitLab reads as jobs or templates, by position: the visible
    /// jobs and what they extend; every key when an including file may extend any of them.
    fn used_keys(&self) -> Vec<bool> {
        let jobs = &self.pipeline.jobs;
        if self.uncertain {
            return vec![true; jobs.len()];
        }
        // The visible jobs, then what they extend.
        let mut used = vec![false; jobs.len()];
        let mut todo: Vec<&'a str> = Vec::new();
        for (i, (name, entry)) in jobs.iter().enumerate() {
            if let JobEntry::Job(job) = entry
                && !name.starts_with('.')
            {
                used[i] = true;
                // Without includes, a job's `extends` is its own.
                if job.extends.is_some() || self.includes {
                    todo.extend(self.extends_of(name));
                }
            }
        }
        while let Some(n) = todo.pop() {
            if let Some(i) = jobs.get_index_of(n)
                && !used[i]
            {
                used[i] = true;
                todo.extend(self.extends_of(n));
            }
        }
        used
    }

    /// Makes this file's key at `index` the one [`Cx::defs`] remembers (the checks are
    /// about to ask about it).
    fn remember(&self, index: usize) {
        if let Some(Some(at)) = self.own.get(index) {
            self.remember_entry(*at);
        }
    }

    /// Makes the key at `at` in `entries` the one [`Cx::defs`] remembers.
    fn remember_entry(&self, at: usize) {
        if let Some((name, _)) = self.entries.get_index(at) {
            let last = self.last.get();
            self.last.set([Some((*name, at)), last[0]]);
        }
    }

    /// The `extends` targets of `name` (from its highest-priority definition writing them).
    fn extends_of(&self, name: &str) -> Vec<&'a str> {
        self.defs(name)
            .and_then(|defs| defs.iter().find_map(|d| d.extends()))
            .unwrap_or_default()
    }

    /// A keyword's value for `name` after `extends`, as GitLab merges it: the job's own
    /// value, else the last base's (resolved the same way), and so on. Returns the value and
    /// the key it was written under.
    fn lookup<T: ?Sized>(
        &self,
        name: &'a str,
        get: &dyn Fn(&'a Job) -> Option<&'a T>,
    ) -> Option<(&'a T, &'a str)> {
        // The common case: one job, extending nothing.
        if let Some(job) = self.lone_job(name) {
            return get(job).map(|v| (v, name));
        }
        self.lookup_in(name, get, &mut Vec::new())
    }

    /// The job `name` when it is its key's only definition and extends nothing, so that
    /// what it writes is all there is.
    fn lone_job(&self, name: &str) -> Option<&'a Job> {
        match self.defs(name)? {
            [Def::Job(job)] if job.extends.is_none() => Some(job),
            _ => None,
        }
    }

    fn lookup_in<T: ?Sized>(
        &self,
        name: &'a str,
        get: &dyn Fn(&'a Job) -> Option<&'a T>,
        seen: &mut Vec<&'a str>,
    ) -> Option<(&'a T, &'a str)> {
        // GitLab stops at 11 levels and at cycles; both are reported by graph.rs.
        if seen.contains(&name) || seen.len() > 11 {
            return None;
        }
        let defs = self.defs(name)?;
        for def in defs {
            if let Def::Job(job) = def
                && let Some(v) = get(job)
            {
                return Some((v, name));
            }
        }
        let bases = self.extends_of(name);
        if bases.is_empty() {
            return None;
        }
        seen.push(name);
        let found = bases
            .into_iter()
            .rev()
            .find_map(|base| self.lookup_in(base, get, seen));
        seen.pop();
        found
    }

    /// Every value of a keyword along `name`'s `extends` chain, highest priority first
    /// (for keywords GitLab deep-merges, such as `variables` and `environment`).
    fn lookup_all<T: ?Sized>(
        &self,
        name: &'a str,
        get: &dyn Fn(&'a Job) -> Option<&'a T>,
    ) -> Vec<(&'a T, &'a str)> {
        let mut out = Vec::new();
        if let Some(job) = self.lone_job(name) {
            out.extend(get(job).map(|v| (v, name)));
            return out;
        }
        self.collect_all(name, get, &mut Vec::new(), &mut out);
        out
    }

    fn collect_all<T: ?Sized>(
        &self,
        name: &'a str,
        get: &dyn Fn(&'a Job) -> Option<&'a T>,
        seen: &mut Vec<&'a str>,
        out: &mut Vec<(&'a T, &'a str)>,
    ) {
        if seen.contains(&name) || seen.len() > 11 {
            return;
        }
        let Some(defs) = self.defs(name) else {
            return;
        };
        for def in defs {
            if let Def::Job(job) = def
                && let Some(v) = get(job)
            {
                out.push((v, name));
            }
        }
        let bases = self.extends_of(name);
        if bases.is_empty() {
            return;
        }
        seen.push(name);
        for base in bases.into_iter().rev() {
            self.collect_all(base, get, seen, out);
        }
        seen.pop();
    }

    /// Whether `name` or anything it extends writes `key` (`script`, `run`, `trigger`).
    fn has_key(&self, name: &'a str, key: &str) -> bool {
        if let Some(job) = self.lone_job(name) {
            return Def::Job(job).has_key(key);
        }
        self.has_key_in(name, key, &mut Vec::new())
    }

    fn has_key_in(&self, name: &'a str, key: &str, seen: &mut Vec<&'a str>) -> bool {
        if seen.contains(&name) || seen.len() > 11 {
            return false;
        }
        let Some(defs) = self.defs(name) else {
            return false;
        };
        if defs.iter().any(|d| d.has_key(key)) {
            return true;
        }
        let bases = self.extends_of(name);
        if bases.is_empty() {
            return false;
        }
        seen.push(name);
        let found = bases
            .into_iter()
            .any(|base| self.has_key_in(base, key, seen));
        seen.pop();
        found
    }

    /// Whether every key in `name`'s `extends` chain is defined where we can see it.
    fn chain_known(&self, name: &'a str) -> bool {
        let mut seen = Vec::new();
        let mut todo = vec![name];
        while let Some(n) = todo.pop() {
            if seen.contains(&n) {
                continue;
            }
            seen.push(n);
            if !self.defined(n) {
                return false;
            }
            todo.extend(self.extends_of(n));
        }
        true
    }

    /// The stage `name` runs in (after `extends`): its `stage`, or `test`.
    fn stage_of(&self, name: &'a str) -> &'a str {
        match self.lookup(name, &|j: &'a Job| j.stage.as_ref()) {
            Some((OneOrMany::One(s), _)) => s,
            Some((OneOrMany::Many(v), _)) => v.first().map_or("test", String::as_str),
            None => "test",
        }
    }

    /// The position of `stage` in the stage list.
    fn stage_index(&self, stage: &str) -> Option<usize> {
        self.stages.iter().position(|s| s == stage)
    }

    /// Where a keyword of job `job` that was found under key `origin` is written: in
    /// `origin` when this file defines it, else at `job`'s `extends`.
    fn origin_path(&self, job: &str, origin: &str, key: &str) -> KeyPath {
        self.origin_at(job, origin, key).path()
    }

    /// [`Cx::origin_path`], built only when needed.
    fn origin_at<'k>(&self, job: &'k str, origin: &'k str, key: &'k str) -> At<'k> {
        if origin == job {
            At::root().job(job).key(key)
        } else if self.in_file(origin) {
            At::root().job(origin).key(key)
        } else {
            At::root().job(job).key("extends")
        }
    }
}

/// A path into the pipeline that allocates nothing until a diagnostic needs it
/// ([`At::path`]): the checks walk every job, and almost never report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct At<'a> {
    len: u8,
    segments: [AtSegment<'a>; AT_DEPTH],
}

/// The deepest path the checks build (`jobs."x".services[0].variables."NAME"` is 6).
const AT_DEPTH: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AtSegment<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    /// The whole document.
    fn root() -> Self {
        Self {
            len: 0,
            segments: [AtSegment::Index(0); AT_DEPTH],
        }
    }

    fn push(mut self, segment: AtSegment<'a>) -> Self {
        let at = usize::from(self.len);
        assert!(at < AT_DEPTH, "a validation path deeper than {AT_DEPTH}");
        self.segments[at] = segment;
        self.len += 1;
        self
    }

    /// The path into job `name`.
    fn job(self, name: &'a str) -> Self {
        self.key("jobs").key(name)
    }

    /// This path, then `key`.
    fn key(self, key: &'a str) -> Self {
        self.push(AtSegment::Key(key))
    }

    /// This path, then list item `index`.
    fn index(self, index: usize) -> Self {
        self.push(AtSegment::Index(index))
    }

    /// The path, for a diagnostic.
    fn path(&self) -> KeyPath {
        KeyPath(
            self.segments[..usize::from(self.len)]
                .iter()
                .map(|s| match *s {
                    AtSegment::Key(k) => PathSegment::Key(k.to_owned()),
                    AtSegment::Index(i) => PathSegment::Index(i),
                })
                .collect(),
        )
    }
}

/// GitLab's stage list: `.pre`, the declared stages (or `build, test, deploy`), `.post`.
/// An empty `stages: []` stays empty.
fn stage_list(declared: Option<&Vec<StringItem>>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    match declared {
        Some(items) => {
            let flat: Vec<&str> = items.iter().flat_map(StringItem::strings).collect();
            let has_reference = items.iter().any(|i| matches!(i, StringItem::Reference(_)));
            if flat.is_empty() && !has_reference {
                return names;
            }
            names.push(".pre".into());
            for s in flat {
                if s != ".pre" && s != ".post" && !names.iter().any(|n| n == s) {
                    names.push(s.to_owned());
                }
            }
        }
        None => {
            names.push(".pre".into());
            names.extend(crate::model::DEFAULT_STAGES.iter().map(|s| (*s).to_owned()));
        }
    }
    names.push(".post".into());
    names
}

/// `name` in backticks.
fn tick(name: &str) -> String {
    format!("`{name}`")
}

/// Names in backticks, comma-separated.
fn ticks<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    names.into_iter().map(tick).collect::<Vec<_>>().join(", ")
}

/// "did you mean `x`?" when a candidate is close to `word` (the shared edit-distance
/// helper, plus one swap of neighbouring letters, the commonest typo: `biuld`).
fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    let candidates: Vec<&str> = candidates.into_iter().filter(|c| *c != word).collect();
    crate::diagnostic::did_you_mean(word, candidates.iter().copied())
        .map(|c| format!("did you mean `{c}`?"))
}

/// The lines of a script with the path of each (`script[2]`, `script[3][0]`).
#[cfg(test)]
fn script_lines<'s>(script: &'s Script, path: At<'s>) -> Vec<(KeyPath, &'s str)> {
    let mut lines = Vec::new();
    each_script_line(script, &path, &mut |at, line| lines.push((at.path(), line)));
    lines
}

/// Where a script line is: the script's path, then its index (and its index in a nested
/// list); built into a path only for a report.
#[derive(Debug, Clone, Copy)]
struct LineAt<'p, 'a> {
    script: &'p At<'a>,
    item: Option<usize>,
    nested: Option<usize>,
}

impl LineAt<'_, '_> {
    fn path(&self) -> KeyPath {
        let mut path = self.script.path();
        if let Some(i) = self.item {
            path = path.index(i);
        }
        if let Some(j) = self.nested {
            path = path.index(j);
        }
        path
    }
}

/// Calls `f` with each line of a script and its path, in order.
fn each_script_line<'s>(
    script: &'s Script,
    path: &At<'s>,
    f: &mut impl FnMut(LineAt<'_, 's>, &'s str),
) {
    let at = |item, nested| LineAt {
        script: path,
        item,
        nested,
    };
    match script {
        Script::Line(line) => f(at(None, None), line.as_str()),
        Script::Lines(items) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    StringItem::One(s) => f(at(Some(i), None), s.as_str()),
                    StringItem::Nested(nested) => {
                        for (j, s) in nested.iter().enumerate() {
                            f(at(Some(i), Some(j)), s.as_str());
                        }
                    }
                    StringItem::Reference(_) => {}
                }
            }
        }
        Script::Reference(_) => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Image, Script};

    /// Imports `yaml` (only the keywords whose importers exist today), then gives every
    /// visible job without `script`, `trigger`, `run` or `extends` a `script`, so that a
    /// test only sees the problem it is about.
    pub(crate) fn parse(yaml: &str) -> Pipeline {
        let mut p = crate::import::from_str(yaml)
            .unwrap_or_else(|e| panic!("test YAML does not import:\n{e}"))
            .pipeline;
        for (name, entry) in &mut p.jobs {
            if let JobEntry::Job(job) = entry
                && !name.starts_with('.')
                && job.script.is_none()
                && job.trigger.is_none()
                && job.run.is_none()
                && job.extends.is_none()
            {
                job.script = Some(Script::from(["true"]));
            }
        }
        p
    }

    /// A job with a script (and, optionally, a stage).
    pub(crate) fn job(stage: Option<&str>) -> Job {
        let mut job = Job::new();
        job.stage = stage.map(OneOrMany::from);
        job.script = Some(Script::from(["true"]));
        job
    }

    /// The mutable job `name` of `p`.
    pub(crate) fn job_mut<'p>(p: &'p mut Pipeline, name: &str) -> &'p mut Job {
        match p.jobs.get_mut(name) {
            Some(JobEntry::Job(job)) => job,
            _ => panic!("no job `{name}`"),
        }
    }

    /// Everything `check` reports with the default options.
    pub(crate) fn run(p: &Pipeline) -> Diagnostics {
        check(p, &ValidateOptions::default())
    }

    /// The diagnostics with `code`.
    pub(crate) fn with_code<'d>(found: &'d Diagnostics, code: &str) -> Vec<&'d Diagnostic> {
        found.iter().filter(|d| d.code == code).collect()
    }

    /// The only diagnostic with `code`; fails (showing everything) unless there is one.
    pub(crate) fn only<'d>(found: &'d Diagnostics, code: &str) -> &'d Diagnostic {
        let hits = with_code(found, code);
        assert_eq!(hits.len(), 1, "expected one `{code}`, got:\n{found}");
        hits[0]
    }

    /// Fails (showing everything) when `code` was reported.
    pub(crate) fn none(found: &Diagnostics, code: &str) {
        assert!(
            with_code(found, code).is_empty(),
            "expected no `{code}`, got:\n{found}"
        );
    }

    #[test]
    fn codes_are_unique_kebab_case_and_described() {
        let mut seen = BTreeSet::new();
        for (code, _, description) in CODES {
            assert!(seen.insert(*code), "`{code}` is listed twice");
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "`{code}` is not kebab-case"
            );
            assert!(!description.is_empty() && !description.ends_with('.'));
        }
    }

    #[test]
    fn a_valid_pipeline_is_validated_with_its_warnings() {
        let mut p = parse("stages: [build]\nbuild:\n  stage: build\n");
        job_mut(&mut p, "build").image = Some(Image::from("alpine"));
        let validated = p.validate().expect("valid");
        assert_eq!(validated.pipeline(), &p);
        assert_eq!(validated.warnings().len(), 1);
        assert_eq!(validated.warnings().0[0].code, "image-untagged");
        assert_eq!(validated.clone().into_inner(), p);
        // By value: the same pipeline and warnings, without a copy.
        assert_eq!(p.clone().into_validated(), Ok(validated));
    }

    #[test]
    fn errors_come_back_with_the_warnings() {
        let mut p = parse("stages: [build]\nbuild:\n  stage: biuld\n");
        job_mut(&mut p, "build").image = Some(Image::from("alpine"));
        let err = p.validate().unwrap_err();
        assert_eq!(err.errors().count(), 1);
        assert_eq!(err.warnings().count(), 1);
        assert_eq!(p.into_validated().unwrap_err(), err);
    }

    #[test]
    fn allow_drops_lints_and_unknown_keyword_but_never_errors() {
        let mut p = parse("stages: [build]\nbuild:\n  stage: biuld\n");
        let job = job_mut(&mut p, "build");
        job.image = Some(Image::from("alpine"));
        job.extra.insert("artefacts", Value::Null);
        let options = ValidateOptions::new()
            .allow("image-untagged")
            .allow("unknown-keyword")
            .allow("stage-undeclared");
        let found = check(&p, &options);
        none(&found, "image-untagged");
        none(&found, "unknown-keyword");
        only(&found, "stage-undeclared");
    }

    #[test]
    fn every_code_a_check_emits_is_in_codes() {
        // `Sink::push` asserts that every code it gets is in `CODES` (tests are debug builds).
        assert!(is_allowable("unknown-keyword"));
        assert!(is_allowable("image-latest"));
        assert!(!is_allowable("needs-unknown-job"));
    }

    #[test]
    fn stage_list_follows_gitlab() {
        assert_eq!(
            stage_list(None),
            [".pre", "build", "test", "deploy", ".post"]
        );
        let declared = vec![
            StringItem::from(".post"),
            StringItem::from("b"),
            StringItem::Nested(vec!["a".into(), "b".into()]),
        ];
        assert_eq!(stage_list(Some(&declared)), [".pre", "b", "a", ".post"]);
        assert!(stage_list(Some(&Vec::new())).is_empty());
    }

    #[test]
    fn suggestions_catch_edits_and_swaps() {
        assert_eq!(
            suggest("buld", ["build", "test"]).as_deref(),
            Some("did you mean `build`?")
        );
        assert_eq!(
            suggest("biuld", ["build", "test"]).as_deref(),
            Some("did you mean `build`?")
        );
        assert_eq!(suggest("deploy", ["build", "test"]), None);
        assert_eq!(suggest("build", ["build"]), None);
    }

    #[test]
    fn script_lines_have_their_paths() {
        let script = Script::Lines(vec![
            StringItem::from("a"),
            StringItem::Nested(vec!["b".into(), "c".into()]),
        ]);
        let lines = script_lines(&script, At::root().job("x").key("script"));
        let shown: Vec<String> = lines.iter().map(|(p, l)| format!("{p}={l}")).collect();
        assert_eq!(
            shown,
            [
                r#"jobs."x".script[0]=a"#,
                r#"jobs."x".script[1][0]=b"#,
                r#"jobs."x".script[1][1]=c"#
            ]
        );
    }
}
