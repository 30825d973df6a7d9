//! `artifacts:` - files a job keeps for later jobs and for the GitLab UI.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#artifacts>

use indexmap::IndexMap;
use serde::Serialize;

use super::{OneOrMany, Value};

/// What a job uploads when it finishes (`artifacts:`).
///
/// ```
/// use pipeline_dsl::model::Artifacts;
///
/// let artifacts = Artifacts::paths(["target/release/app"]).expire_in("1 week");
/// assert_eq!(artifacts.paths.as_ref().map(Vec::len), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Artifacts {
    /// `paths` - globs relative to the project directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    /// `exclude` - globs to leave out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    /// `expose_as` - the name shown in merge requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expose_as: Option<String>,
    /// `name` - the archive's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `untracked` - also keep files git does not track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untracked: Option<bool>,
    /// `when` - upload on success (default), failure, or always.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<ArtifactsWhen>,
    /// `access` - who may download them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<ArtifactsAccess>,
    /// `public` - deprecated form of `access`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// `expire_in` - how long GitLab keeps them (`1 week`, `never`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_in: Option<String>,
    /// `reports` - typed test, coverage and security reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<Reports>,
}

impl Artifacts {
    /// Artifacts with these paths.
    pub fn paths<I, S>(paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            paths: Some(paths.into_iter().map(Into::into).collect()),
            ..Self::default()
        }
    }

    /// Sets `expire_in`.
    #[must_use]
    pub fn expire_in(mut self, duration: impl Into<String>) -> Self {
        self.expire_in = Some(duration.into());
        self
    }
}

/// `artifacts:when` and `cache:when`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArtifactsWhen {
    /// `on_success`.
    OnSuccess,
    /// `on_failure`.
    OnFailure,
    /// `always`.
    Always,
}

impl ArtifactsWhen {
    /// Every value with its YAML spelling.
    pub const ALL: [(&'static str, ArtifactsWhen); 3] = [
        ("on_success", ArtifactsWhen::OnSuccess),
        ("on_failure", ArtifactsWhen::OnFailure),
        ("always", ArtifactsWhen::Always),
    ];
}

/// `artifacts:access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArtifactsAccess {
    /// `none`.
    None,
    /// `developer`.
    Developer,
    /// `maintainer`.
    Maintainer,
    /// `all`.
    All,
}

impl ArtifactsAccess {
    /// Every value with its YAML spelling.
    pub const ALL: [(&'static str, ArtifactsAccess); 4] = [
        ("none", ArtifactsAccess::None),
        ("developer", ArtifactsAccess::Developer),
        ("maintainer", ArtifactsAccess::Maintainer),
        ("all", ArtifactsAccess::All),
    ];
}

/// `artifacts:reports` - report name to its file or files, in written order
/// (`junit`, `dotenv`, `sast`, ...; `coverage_report` takes a mapping).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Reports(pub IndexMap<String, Report>);

/// One report's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Report {
    /// A file or a list of files.
    Files(OneOrMany<String>),
    /// `coverage_report: {coverage_format: cobertura, path: coverage.xml}` (or null).
    CoverageReport(Option<CoverageReport>),
    /// Anything else GitLab's schema allows here.
    Other(Value),
}

/// `artifacts:reports:coverage_report`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CoverageReport {
    /// `coverage_format` - `cobertura` or `jacoco`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage_format: Option<String>,
    /// `path` - the report file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The report names `artifacts:reports` accepts (all but `coverage_report` take files).
pub const REPORT_NAMES: [&str; 24] = [
    "accessibility",
    "annotations",
    "api_fuzzing",
    "junit",
    "browser_performance",
    "coverage_report",
    "coverage_fuzzing",
    "codequality",
    "dotenv",
    "lsif",
    "sast",
    "dependency_scanning",
    "container_scanning",
    "dast",
    "license_management",
    "license_scanning",
    "requirements",
    "secret_detection",
    "metrics",
    "terraform",
    "cyclonedx",
    "sarif",
    "load_performance",
    "repository_xray",
];
