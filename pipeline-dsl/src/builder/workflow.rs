//! `workflow:` - whether a pipeline is created, its name, and its auto-cancel policy.

use crate::builder::lists::append_or_reference;
use crate::model::{AutoCancel, RuleItem, StringItem, Workflow};

/// `workflow:`, made by [`PipelineBuilder::workflow`](super::PipelineBuilder::workflow).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::{Rule, When};
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.workflow(|w| {
///     w.name("Pipeline for $CI_COMMIT_REF_NAME")
///         .auto_cancel(|a| a.on_new_commit("interruptible"))
///         .rule(Rule::condition("$CI_COMMIT_TAG"))
///         .rule(Rule::condition("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"))
///         .rule(Rule::always().when(When::Never))
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "workflow:\n  name: Pipeline for $CI_COMMIT_REF_NAME\n  auto_cancel:\n    on_new_commit: interruptible\n  \
///      rules:\n  - if: $CI_COMMIT_TAG\n  - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  - when: never\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct WorkflowBuilder(Workflow);

impl WorkflowBuilder {
    pub(crate) fn from_model(model: Workflow) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> Workflow {
        self.0
    }

    /// `name` - the pipeline's name in the GitLab UI (may use variables).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// `auto_cancel` - what to cancel when a newer pipeline starts or a job fails.
    pub fn auto_cancel(mut self, f: impl FnOnce(AutoCancelBuilder) -> AutoCancelBuilder) -> Self {
        let start = self.0.auto_cancel.take().unwrap_or_default();
        self.0.auto_cancel = Some(f(AutoCancelBuilder::from_model(start)).into_model());
        self
    }

    /// `rules` - adds a rule (a [`Rule`](crate::model::Rule), or a `!reference` item made
    /// by [`rules_reference`](super::rules_reference)). The first matching rule decides
    /// whether the pipeline is created.
    pub fn rule(self, rule: impl Into<RuleItem>) -> Self {
        self.rules([rule])
    }

    /// `rules` - adds several rules.
    pub fn rules<I>(mut self, rules: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<RuleItem>,
    {
        append_or_reference(&mut self.0.rules, rules.into_iter().map(Into::into), |r| {
            Some(RuleItem::Other(StringItem::Reference(r)))
        });
        self
    }
}

/// `auto_cancel:` (of `workflow:` or of a `workflow:rules` item).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AutoCancelBuilder(AutoCancel);

impl AutoCancelBuilder {
    pub(crate) fn from_model(model: AutoCancel) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> AutoCancel {
        self.0
    }

    /// `on_new_commit` - `conservative` (the default), `interruptible` or `none`.
    pub fn on_new_commit(mut self, policy: impl Into<String>) -> Self {
        self.0.on_new_commit = Some(policy.into());
        self
    }

    /// `on_job_failure` - `none` (the default) or `all`.
    pub fn on_job_failure(mut self, policy: impl Into<String>) -> Self {
        self.0.on_job_failure = Some(policy.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Rule;
    use crate::{Pipeline, emit};

    #[test]
    fn builder_workflow_rule_with_auto_cancel_and_variables() {
        let mut p = Pipeline::builder();
        p.workflow(|w| {
            w.rule(
                Rule::condition("$CI_COMMIT_BRANCH")
                    .variable("DEPLOY", "yes")
                    .auto_cancel(|a| a.on_new_commit("none").on_job_failure("all")),
            )
        });
        p.workflow(|w| w.name("second call continues"));
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "workflow:\n  name: second call continues\n  rules:\n  - if: $CI_COMMIT_BRANCH\n    \
             variables:\n      DEPLOY: \"yes\"\n    auto_cancel:\n      on_new_commit: none\n      \
             on_job_failure: all\n"
        );
    }
}
