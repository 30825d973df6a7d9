//! Typed handles: [`Stage`] and [`JobRef`].
//!
//! A handle is what a pipeline builder gives back when it declares a stage or defines a
//! job; other keywords (`stage`, `needs`, `dependencies`, `extends`, `environment:on_stop`,
//! `trigger:include:job`, `rules:needs`) take the handle instead of a string, so a typo in
//! a job name is a compile error rather than a broken pipeline.
//!
//! Each handle remembers which [`PipelineBuilder`](super::PipelineBuilder) made it (a
//! process-wide counter numbers the builders). Using a handle made by *another* builder
//! still writes its name, so the output stays what the code says, but the place is
//! recorded on the built [`Pipeline`] and validation reports it as `foreign-handle`.
//! Handles made without a builder ([`Stage::BUILD`], [`Stage::external`],
//! [`JobRef::external`]) belong to no builder and are never foreign.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::{KeyPath, PathSegment};
use crate::model::Pipeline;

/// The identity of one [`PipelineBuilder`](super::PipelineBuilder): handles carry it so
/// that a handle used in another pipeline can be reported.
///
/// Opaque; two builders never share an id within one process (a clone of a builder keeps
/// its id, so handles stay valid in both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BuilderId(u64);

impl BuilderId {
    /// A fresh id, never handed out before in this process.
    pub(crate) fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A stage, as a job's `stage:` takes it.
///
/// Get one from [`PipelineBuilder::stage`](super::PipelineBuilder::stage), which also
/// declares it in `stages:`, or use GitLab's default stages: [`Stage::PRE`],
/// [`Stage::BUILD`], [`Stage::TEST`], [`Stage::DEPLOY`] and [`Stage::POST`]. The defaults
/// need no declaration **as long as the pipeline writes no `stages:`** (GitLab then uses
/// `.pre, build, test, deploy, .post`); once any stage is declared, `build`, `test` and
/// `deploy` exist only if declared too (`.pre` and `.post` always exist), which
/// validation checks.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::builder::Stage;
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("unit", |j| j.stage(Stage::TEST).script("cargo test"));
/// let yaml = emit::to_string(&p.build()).unwrap();
/// assert_eq!(yaml, "unit:\n  stage: test\n  script:\n  - cargo test\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Stage {
    name: Cow<'static, str>,
    owner: Option<BuilderId>,
}

impl Stage {
    /// `.pre`: always first, whether or not `stages:` is written.
    pub const PRE: Stage = Stage::default_stage(".pre");
    /// `build`: a default stage (needs no declaration when no `stages:` is written).
    pub const BUILD: Stage = Stage::default_stage("build");
    /// `test`: a default stage, and where a job without `stage:` runs.
    pub const TEST: Stage = Stage::default_stage("test");
    /// `deploy`: a default stage (needs no declaration when no `stages:` is written).
    pub const DEPLOY: Stage = Stage::default_stage("deploy");
    /// `.post`: always last, whether or not `stages:` is written.
    pub const POST: Stage = Stage::default_stage(".post");

    const fn default_stage(name: &'static str) -> Self {
        Self {
            name: Cow::Borrowed(name),
            owner: None,
        }
    }

    /// A stage declared outside this builder, such as in an included file. It belongs to
    /// no builder, so it is never reported as foreign; validation still checks that the
    /// stage exists when it can see the declaration.
    pub fn external(name: impl Into<String>) -> Self {
        Self {
            name: Cow::Owned(name.into()),
            owner: None,
        }
    }

    pub(crate) fn owned(name: impl Into<String>, owner: BuilderId) -> Self {
        Self {
            name: Cow::Owned(name.into()),
            owner: Some(owner),
        }
    }

    /// The stage's name, as written in YAML.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this handle was made by the builder `id` or by none (so usable there).
    pub(crate) fn usable_in(&self, id: BuilderId) -> bool {
        self.owner.is_none_or(|o| o == id)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A job (or hidden template job) of a pipeline, as `needs`, `dependencies`, `extends`
/// and the other job-naming keywords take it.
///
/// Returned by [`PipelineBuilder::job`](super::PipelineBuilder::job) and
/// [`PipelineBuilder::hidden_job`](super::PipelineBuilder::hidden_job). For a job that
/// lives outside this builder (defined in an included file), use [`JobRef::external`].
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// let build = p.job("build", |j| j.script("make"));
/// assert_eq!(build.name(), "build");
/// p.job("test", |j| j.need(&build).script("make test"));
/// let yaml = emit::to_string(&p.build()).unwrap();
/// assert!(yaml.ends_with("test:\n  needs:\n  - build\n  script:\n  - make test\n"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobRef {
    name: String,
    owner: Option<BuilderId>,
}

impl JobRef {
    /// A job defined outside this builder (in an included file or a component). It
    /// belongs to no builder, so it is never reported as foreign; whether the job exists
    /// is for validation to say.
    pub fn external(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            owner: None,
        }
    }

    pub(crate) fn owned(name: impl Into<String>, owner: BuilderId) -> Self {
        Self {
            name: name.into(),
            owner: Some(owner),
        }
    }

    /// The job's name, as written in YAML.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a hidden job (its name starts with `.`): a template for `extends`
    /// that GitLab does not run.
    pub fn is_hidden(&self) -> bool {
        self.name.starts_with('.')
    }

    /// Whether this handle was made by the builder `id` or by none (so usable there).
    pub(crate) fn usable_in(&self, id: BuilderId) -> bool {
        self.owner.is_none_or(|o| o == id)
    }
}

impl fmt::Display for JobRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Where a nested builder is, and what it has seen: the owner to check handles against,
/// the path of the value being built *below its job* (`environment`, `rules[2].needs`),
/// and the foreign handles found so far (paths below the job, which
/// [`PipelineBuilder::job`](super::PipelineBuilder::job) puts under `jobs."<name>"`).
/// Nested builders that take handles carry one; the job builder hands it down and takes
/// it back. Nothing is allocated unless a foreign handle is found.
#[derive(Debug, Clone)]
pub(crate) struct HandleCx {
    pub(crate) owner: BuilderId,
    pub(crate) prefix: Vec<Seg>,
    pub(crate) foreign: Vec<(KeyPath, String)>,
}

/// One step of a path below a job, before it becomes a [`PathSegment`] (only when a
/// foreign handle is recorded there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

impl Seg {
    fn segment(self) -> PathSegment {
        match self {
            Seg::Key(k) => PathSegment::Key(k.to_owned()),
            Seg::Index(i) => PathSegment::Index(i),
        }
    }
}

impl HandleCx {
    /// The context of a job's own keys.
    pub(crate) fn new(owner: BuilderId) -> Self {
        Self {
            owner,
            prefix: Vec::new(),
            foreign: Vec::new(),
        }
    }

    /// A context for a value nested at `segments` below this one, with no findings yet.
    pub(crate) fn child(&self, segments: &[Seg]) -> Self {
        let mut prefix = self.prefix.clone();
        prefix.extend_from_slice(segments);
        Self {
            owner: self.owner,
            prefix,
            foreign: Vec::new(),
        }
    }

    /// Takes back the findings of a child context.
    pub(crate) fn absorb(&mut self, child: HandleCx) {
        self.foreign.extend(child.foreign);
    }

    /// `prefix + segments` as a path (below the job).
    fn path(&self, segments: &[Seg]) -> Vec<PathSegment> {
        self.prefix
            .iter()
            .chain(segments)
            .map(|s| s.segment())
            .collect()
    }

    /// Records `name` at `segments` below the prefix when `usable` is false.
    pub(crate) fn check(&mut self, usable: bool, segments: &[Seg], name: &str) {
        if !usable {
            let path = self.path(segments);
            self.foreign.push((KeyPath(path), name.to_owned()));
        }
    }

    /// Rewrites recorded paths that are exactly `prefix + from` into `prefix + to` (used
    /// when a one-value key such as `extends: .a` becomes a list).
    pub(crate) fn rewrite(&mut self, from: &[Seg], to: &[Seg]) {
        if self.foreign.is_empty() {
            return;
        }
        let old = self.path(from);
        let new = self.path(to);
        for (path, _) in &mut self.foreign {
            if path.0 == old {
                path.0.clone_from(&new);
            }
        }
    }
}

/// Shorthand for a key segment.
pub(crate) fn key(k: &'static str) -> Seg {
    Seg::Key(k)
}

/// Shorthand for an index segment.
pub(crate) fn idx(i: usize) -> Seg {
    Seg::Index(i)
}

impl Pipeline {
    /// Handles made by another pipeline builder that were used in this pipeline: the path
    /// of each use and the name written there. Empty for pipelines not made by the
    /// builder. Validation turns each entry into a `foreign-handle` error.
    pub(crate) fn foreign_handles(&self) -> &[(KeyPath, String)] {
        &self.foreign_handles
    }
}
