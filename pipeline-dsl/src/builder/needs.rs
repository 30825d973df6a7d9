//! `needs:` items: jobs of this pipeline by handle, jobs of other pipelines and projects
//! by explicit constructors, and the long form's options.

use std::borrow::Borrow;

use crate::builder::handles::{HandleCx, JobRef, idx, key};
use crate::builder::parallel::MatrixBuilder;
use crate::model::{Need, NeedConfig, RuleNeed};

/// What [`JobBuilder::need`](super::JobBuilder::need) and
/// [`JobBuilder::needs`](super::JobBuilder::needs) accept: a [`JobRef`] (or `&JobRef`)
/// for a job of this pipeline, a [`Need`] made by [`Need::project`] or
/// [`Need::pipeline`] for a job elsewhere, or a `!reference` ([`Reference`](crate::model::Reference)) to another
/// job's `needs`.
///
/// Sealed: the crate decides what can stand for a need, so that names of this pipeline's
/// jobs always come from handles.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::Need;
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// let build = p.job("build", |j| j.script("make"));
/// let lint = p.job("lint", |j| j.script("make lint"));
/// p.job("test", |j| {
///     j.need(&build)
///         .need_with(&lint, |n| n.artifacts(false).optional())
///         .need(Need::project("group/tools", "package", "main").artifacts(true))
///         .script("make test")
/// });
/// let yaml = emit::to_string(&p.build()).unwrap();
/// assert!(yaml.ends_with(
///     "test:\n  needs:\n  - build\n  - job: lint\n    artifacts: false\n    optional: true\n  \
///      - job: package\n    project: group/tools\n    ref: main\n    artifacts: true\n  \
///      script:\n  - make test\n"
/// ));
/// ```
pub trait IntoNeed: private::Sealed {}

impl<T: private::Sealed> IntoNeed for T {}

pub(crate) mod private {
    use crate::builder::handles::JobRef;
    use crate::model::{Need, Reference};

    /// The conversion behind [`IntoNeed`](super::IntoNeed): the need, and the handle it
    /// came from (to check that it belongs to the pipeline).
    pub trait Sealed {
        /// The need, and the handle it came from, if any.
        fn into_need(self) -> (Need, Option<JobRef>);
    }

    impl Sealed for &JobRef {
        fn into_need(self) -> (Need, Option<JobRef>) {
            (Need::Job(self.name().to_owned()), Some(self.clone()))
        }
    }

    impl Sealed for JobRef {
        fn into_need(self) -> (Need, Option<JobRef>) {
            (Need::Job(self.name().to_owned()), Some(self))
        }
    }

    impl Sealed for Need {
        fn into_need(self) -> (Need, Option<JobRef>) {
            (self, None)
        }
    }

    impl Sealed for Reference {
        fn into_need(self) -> (Need, Option<JobRef>) {
            (Need::Reference(self), None)
        }
    }
}

/// Needs on jobs outside this pipeline: explicit constructors taking strings, since no
/// handle can exist for them.
impl Need {
    /// `{job: ..., project: ..., ref: ...}` - a job of another project's latest pipeline
    /// on `git_ref` (its artifacts are downloaded; add `.artifacts(false)` to skip them).
    pub fn project(
        project: impl Into<String>,
        job: impl Into<String>,
        git_ref: impl Into<String>,
    ) -> Need {
        Need::Config(Box::new(NeedConfig {
            project: Some(project.into()),
            git_ref: Some(git_ref.into()),
            ..NeedConfig::new(job)
        }))
    }

    /// `{pipeline: ..., job: ...}` - a job of another pipeline of this project, usually
    /// the parent pipeline of a child pipeline (`Need::pipeline("$PARENT_PIPELINE_ID",
    /// "generate")`).
    pub fn pipeline(pipeline: impl Into<String>, job: impl Into<String>) -> Need {
        Need::Config(Box::new(NeedConfig {
            pipeline: Some(pipeline.into()),
            ..NeedConfig::new(job)
        }))
    }

    /// Sets `artifacts` (writing the long form). A `!reference` need is returned as is.
    #[must_use]
    pub fn artifacts(self, artifacts: bool) -> Need {
        self.map_config(|c| c.artifacts = Some(artifacts))
    }

    /// Sets `optional: true` (writing the long form). A `!reference` need is returned as
    /// is.
    #[must_use]
    pub fn optional(self) -> Need {
        self.map_config(|c| c.optional = Some(true))
    }

    fn map_config(self, f: impl FnOnce(&mut NeedConfig)) -> Need {
        match self {
            Need::Job(job) => {
                let mut c = NeedConfig::new(job);
                f(&mut c);
                Need::Config(Box::new(c))
            }
            Need::Config(mut c) => {
                f(&mut c);
                Need::Config(c)
            }
            Need::Reference(r) => Need::Reference(r),
        }
    }
}

/// The long form of a need on a job of this pipeline (`- {job: ..., artifacts: ...,
/// optional: ..., parallel: ...}`), made by
/// [`JobBuilder::need_with`](super::JobBuilder::need_with).
#[derive(Debug, Clone)]
#[must_use]
pub struct NeedBuilder(NeedConfig);

impl NeedBuilder {
    pub(crate) fn new(job: &JobRef) -> Self {
        Self(NeedConfig::new(job.name()))
    }

    pub(crate) fn finish(self) -> Need {
        Need::Config(Box::new(self.0))
    }

    /// `artifacts` - whether to download the job's artifacts (default `true`).
    pub fn artifacts(mut self, artifacts: bool) -> Self {
        self.0.artifacts = Some(artifacts);
        self
    }

    /// `optional: true` - the pipeline may be created without the needed job (when its
    /// rules exclude it).
    pub fn optional(mut self) -> Self {
        self.0.optional = Some(true);
        self
    }

    /// `parallel:matrix` - which parallel instances of the needed job this job waits for.
    pub fn parallel_matrix(mut self, f: impl FnOnce(MatrixBuilder) -> MatrixBuilder) -> Self {
        let current = self.0.parallel.take().unwrap_or_default();
        self.0.parallel = Some(f(MatrixBuilder::from_matrix(current)).into_matrix());
        self
    }
}

/// `rules:needs` of one rule: the jobs the job needs instead of its own `needs` when the
/// rule matches. Made by [`JobBuilder::rule_with`](super::JobBuilder::rule_with); takes
/// handles like the job's own `needs`.
#[derive(Debug, Clone)]
#[must_use]
pub struct RuleNeedsBuilder {
    needs: Vec<RuleNeed>,
    cx: HandleCx,
}

impl RuleNeedsBuilder {
    pub(crate) fn new(needs: Vec<RuleNeed>, cx: HandleCx) -> Self {
        Self { needs, cx }
    }

    pub(crate) fn finish(self) -> (Vec<RuleNeed>, HandleCx) {
        (self.needs, self.cx)
    }

    /// Adds a job of this pipeline (`- build`).
    pub fn need(mut self, job: impl Borrow<JobRef>) -> Self {
        let job = job.borrow();
        let at = self.needs.len();
        self.cx
            .check(job.usable_in(self.cx.owner), &[idx(at)], job.name());
        self.needs.push(RuleNeed::Job(job.name().to_owned()));
        self
    }

    /// Adds several jobs of this pipeline.
    pub fn needs<I>(mut self, jobs: I) -> Self
    where
        I: IntoIterator,
        I::Item: Borrow<JobRef>,
    {
        for job in jobs {
            self = self.need(job);
        }
        self
    }

    /// Adds a job of this pipeline in the long form (`- {job: ..., artifacts: ...,
    /// optional: ...}`).
    pub fn need_with(
        mut self,
        job: impl Borrow<JobRef>,
        f: impl FnOnce(RuleNeedBuilder) -> RuleNeedBuilder,
    ) -> Self {
        let job = job.borrow();
        let at = self.needs.len();
        self.cx.check(
            job.usable_in(self.cx.owner),
            &[idx(at), key("job")],
            job.name(),
        );
        let b = f(RuleNeedBuilder {
            job: job.name().to_owned(),
            artifacts: None,
            optional: None,
        });
        self.needs.push(RuleNeed::Config {
            job: b.job,
            artifacts: b.artifacts,
            optional: b.optional,
        });
        self
    }
}

/// The long form of one `rules:needs` item.
#[derive(Debug, Clone)]
#[must_use]
pub struct RuleNeedBuilder {
    job: String,
    artifacts: Option<bool>,
    optional: Option<bool>,
}

impl RuleNeedBuilder {
    /// `artifacts` - whether to download the job's artifacts.
    pub fn artifacts(mut self, artifacts: bool) -> Self {
        self.artifacts = Some(artifacts);
        self
    }

    /// `optional: true`.
    pub fn optional(mut self) -> Self {
        self.optional = Some(true);
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Need, Reference, Rule, When};
    use crate::{Pipeline, emit};

    #[test]
    fn builder_needs_every_form() {
        let mut p = Pipeline::builder();
        let a = p.job("a", |j| j.script("a"));
        let b = p.job("b", |j| j.script("b"));
        p.job("c", |j| {
            j.needs([&a, &b])
                .need_with(&a, |n| {
                    n.parallel_matrix(|m| m.entry(|e| e.value("PROVIDER", "aws")))
                })
                .need(Need::pipeline("$PARENT_PIPELINE_ID", "generate"))
                .need(Need::project("g/p", "pkg", "main").optional())
                .need(Reference::new([".tmpl", "needs"]))
                .script("c")
        });
        let yaml = emit::to_string(&p.build()).unwrap();
        let job_c = yaml.split_once("c:\n").unwrap().1;
        assert_eq!(
            job_c,
            "  needs:\n  - a\n  - b\n  - job: a\n    parallel:\n      matrix:\n      - PROVIDER: aws\n  \
             - job: generate\n    pipeline: $PARENT_PIPELINE_ID\n  - job: pkg\n    project: g/p\n    \
             ref: main\n    optional: true\n  - !reference\n    - .tmpl\n    - needs\n  script:\n  - c\n"
        );
    }

    #[test]
    fn builder_no_needs_writes_an_empty_list() {
        let mut p = Pipeline::builder();
        p.job("early", |j| j.no_needs().script("x"));
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "early:\n  needs: []\n  script:\n  - x\n"
        );
    }

    #[test]
    fn builder_rule_needs_take_handles() {
        let mut p = Pipeline::builder();
        let a = p.job("a", |j| j.script("a"));
        let b = p.job("b", |j| j.script("b"));
        p.job("c", |j| {
            j.rule_with(Rule::condition("$CI_COMMIT_TAG").when(When::Always), |n| {
                n.need(&a).need_with(&b, |x| x.artifacts(false).optional())
            })
            .script("c")
        });
        let yaml = emit::to_string(&p.build()).unwrap();
        assert!(
            yaml.ends_with(
                "c:\n  rules:\n  - if: $CI_COMMIT_TAG\n    when: always\n    needs:\n    - a\n    \
                 - job: b\n      artifacts: false\n      optional: true\n  script:\n  - c\n"
            ),
            "{yaml}"
        );
    }
}
