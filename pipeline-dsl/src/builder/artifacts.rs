//! `artifacts:` - files a job keeps for later jobs and for the GitLab UI.

use crate::builder::lists::{extend_many, extend_strings, push_one_or_many};
use crate::model::{
    Artifacts, ArtifactsAccess, ArtifactsWhen, CoverageReport, OneOrMany, Report, Reports,
};

/// `artifacts:`, made by the `artifacts` setters of the job and `default:` builders.
/// Calling `artifacts` again continues from what the first call set.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::ArtifactsWhen;
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("test", |j| {
///     j.script("cargo test")
///         .artifacts(|a| {
///             a.path("target/nextest/junit.xml")
///                 .when(ArtifactsWhen::Always)
///                 .expire_in("1 week")
///                 .report("junit", "target/nextest/junit.xml")
///         })
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "test:\n  script:\n  - cargo test\n  artifacts:\n    paths:\n    - target/nextest/junit.xml\n    \
///      when: always\n    expire_in: 1 week\n    reports:\n      junit: target/nextest/junit.xml\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ArtifactsBuilder(Artifacts);

impl ArtifactsBuilder {
    pub(crate) fn from_model(model: Artifacts) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> Artifacts {
        self.0
    }

    /// `paths` - adds a glob, relative to the project directory.
    pub fn path(self, glob: impl Into<String>) -> Self {
        self.paths([glob])
    }

    /// `paths` - adds globs.
    pub fn paths<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.paths, globs);
        self
    }

    /// `exclude` - adds a glob to leave out.
    pub fn exclude(self, glob: impl Into<String>) -> Self {
        self.excludes([glob])
    }

    /// `exclude` - adds globs to leave out.
    pub fn excludes<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.exclude, globs);
        self
    }

    /// `expose_as` - the name shown in merge requests.
    pub fn expose_as(mut self, name: impl Into<String>) -> Self {
        self.0.expose_as = Some(name.into());
        self
    }

    /// `name` - the archive's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// `untracked` - also keep files git does not track.
    pub fn untracked(mut self, untracked: bool) -> Self {
        self.0.untracked = Some(untracked);
        self
    }

    /// `when` - upload on success (the default), on failure, or always.
    pub fn when(mut self, when: ArtifactsWhen) -> Self {
        self.0.when = Some(when);
        self
    }

    /// `access` - who may download the artifacts.
    pub fn access(mut self, access: ArtifactsAccess) -> Self {
        self.0.access = Some(access);
        self
    }

    /// `public` - the deprecated form of `access` (`false` is `access: developer`).
    pub fn public(mut self, public: bool) -> Self {
        self.0.public = Some(public);
        self
    }

    /// `expire_in` - how long GitLab keeps the artifacts (`"1 week"`, `"never"`).
    pub fn expire_in(mut self, duration: impl Into<String>) -> Self {
        self.0.expire_in = Some(duration.into());
        self
    }

    /// `reports:NAME` - adds a file to the report `name` (`junit`, `dotenv`, `sast`, ...;
    /// see [`REPORT_NAMES`](crate::model::REPORT_NAMES)). One file is written as a
    /// string, more as a list.
    pub fn report(mut self, name: impl Into<String>, file: impl Into<String>) -> Self {
        let reports = self.0.reports.get_or_insert_with(Reports::default);
        let name = name.into();
        let file = file.into();
        // `insert` on a present key keeps its position, so reports stay in first-set order.
        if let Some(Report::Files(files)) = reports.0.get_mut(&name) {
            let mut slot = Some(std::mem::replace(files, OneOrMany::Many(Vec::new())));
            push_one_or_many(&mut slot, file);
            if let Some(grown) = slot {
                *files = grown;
            }
        } else {
            reports.0.insert(name, Report::Files(OneOrMany::One(file)));
        }
        self
    }

    /// `reports:NAME` - adds files to the report `name`, written as a list.
    pub fn report_files<I, S>(mut self, name: impl Into<String>, files: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let reports = self.0.reports.get_or_insert_with(Reports::default);
        let name = name.into();
        let mut slot = match reports.0.get(&name) {
            Some(Report::Files(existing)) => Some(existing.clone()),
            _ => None,
        };
        extend_many(&mut slot, files.into_iter().map(Into::into));
        if let Some(list) = slot {
            reports.0.insert(name, Report::Files(list));
        }
        self
    }

    /// `reports:coverage_report` - `{coverage_format: cobertura|jacoco, path: ...}`.
    pub fn coverage_report(mut self, format: impl Into<String>, path: impl Into<String>) -> Self {
        self.0
            .reports
            .get_or_insert_with(Reports::default)
            .0
            .insert(
                "coverage_report".into(),
                Report::CoverageReport(Some(CoverageReport {
                    coverage_format: Some(format.into()),
                    path: Some(path.into()),
                })),
            );
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ArtifactsAccess;
    use crate::{Pipeline, emit};

    #[test]
    fn builder_artifacts_every_key() {
        let mut p = Pipeline::builder();
        p.job("j", |j| {
            j.script("x")
                .artifacts(|a| {
                    a.paths(["dist/", "out/"])
                        .exclude("dist/*.tmp")
                        .expose_as("Build output")
                        .name("build-$CI_COMMIT_SHORT_SHA")
                        .untracked(false)
                        .access(ArtifactsAccess::Developer)
                        .public(false)
                })
                // A second call continues from the first.
                .artifacts(|a| {
                    a.report("junit", "a.xml")
                        .report("junit", "b.xml")
                        .report_files("sast", ["gl-sast.json"])
                        .coverage_report("cobertura", "coverage.xml")
                })
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "j:\n  script:\n  - x\n  artifacts:\n    paths:\n    - dist/\n    - out/\n    exclude:\n    \
             - dist/*.tmp\n    expose_as: Build output\n    name: build-$CI_COMMIT_SHORT_SHA\n    \
             untracked: false\n    access: developer\n    public: false\n    reports:\n      junit:\n      \
             - a.xml\n      - b.xml\n      sast:\n      - gl-sast.json\n      coverage_report:\n        \
             coverage_format: cobertura\n        path: coverage.xml\n"
        );
    }

    #[test]
    fn builder_no_artifacts_writes_null() {
        let mut p = Pipeline::builder();
        p.job("j", |j| j.script("x").no_artifacts());
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "j:\n  script:\n  - x\n  artifacts: null\n"
        );
    }
}
