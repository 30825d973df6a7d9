//! `rules:` - when a job (or an include, or the pipeline) is created.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#rules>

use indexmap::IndexMap;
use serde::Serialize;

use super::{Extra, Scalar, StringItem, When};

/// One item of a `rules:` list: a rule, or (what GitLab flattens into rules) a
/// `!reference` to other rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RuleItem {
    /// A rule mapping.
    Rule(Rule),
    /// `!reference [job, rules]`, or the list-of-strings forms GitLab's schema allows.
    Other(StringItem),
}

impl From<Rule> for RuleItem {
    fn from(rule: Rule) -> Self {
        RuleItem::Rule(rule)
    }
}

/// One rule: the first rule whose clauses all match decides.
///
/// ```
/// use pipeline_dsl::model::{Rule, When};
///
/// let rule = Rule::condition("$CI_COMMIT_TAG").when(When::Manual);
/// assert_eq!(rule.condition.as_deref(), Some("$CI_COMMIT_TAG"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Rule {
    /// `if` - an expression such as `$CI_COMMIT_BRANCH == "main"`.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// `changes` - files whose change makes the rule match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// `exists` - files whose presence makes the rule match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exists: Option<Exists>,
    /// `variables` - variables set when the rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<IndexMap<String, Scalar>>,
    /// `when` - what happens when the rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// `start_in` - the delay for `when: delayed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_in: Option<String>,
    /// `allow_failure` - whether the job may fail when this rule matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_failure: Option<bool>,
    /// `needs` - replaces the job's `needs` when the rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<Vec<RuleNeed>>,
    /// `interruptible` - replaces the job's `interruptible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interruptible: Option<bool>,
    /// `auto_cancel` - only in `workflow:rules`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_cancel: Option<Box<super::AutoCancel>>,
    /// Keys this version does not model, and known keys written as an explicit `null`
    /// (GitLab treats those as absent; they are kept so that re-emitting gives the same data).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Rule {
    /// A rule with an `if:` expression.
    pub fn condition(expr: impl Into<String>) -> Self {
        Self {
            condition: Some(expr.into()),
            ..Self::default()
        }
    }

    /// A rule with no clause: it always matches.
    pub fn always() -> Self {
        Self::default()
    }

    /// Sets `when`.
    #[must_use]
    pub fn when(mut self, when: When) -> Self {
        self.when = Some(when);
        self
    }
}

/// `rules:needs` items: a job name or `{job, artifacts, optional}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RuleNeed {
    /// `- build`.
    Job(String),
    /// `- {job: build, artifacts: false, optional: true}`.
    Config {
        /// `job`.
        job: String,
        /// `artifacts`.
        #[serde(skip_serializing_if = "Option::is_none")]
        artifacts: Option<bool>,
        /// `optional`.
        #[serde(skip_serializing_if = "Option::is_none")]
        optional: Option<bool>,
    },
}

/// `rules:changes` - a list of globs, or the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Changes {
    /// `changes: [src/**/*]`.
    Paths(Vec<String>),
    /// `changes: {paths: [...], compare_to: main}`.
    Config(Box<ChangesConfig>),
}

/// The long form of `rules:changes`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ChangesConfig {
    /// `paths` - globs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    /// `compare_to` - the ref to compare with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_to: Option<String>,
    /// `regexp` - a regular expression over changed paths (instead of `paths`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regexp: Option<String>,
}

/// `rules:exists` - a list of globs, or the long form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Exists {
    /// `exists: [Dockerfile]`.
    Paths(Vec<String>),
    /// `exists: {paths: [...], project: ..., ref: ...}`.
    Config(Box<ExistsConfig>),
}

/// The long form of `rules:exists`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExistsConfig {
    /// `paths` - globs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    /// `project` - look in another project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// `ref` - the ref of `project` to look at.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
    /// `regexp` - a regular expression over paths (instead of `paths`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regexp: Option<String>,
}
