//! `environment:` - where a job deploys to.
//!
//! `.environment("production")` writes the short form; `.environment_with` writes the
//! long form, whose `on_stop` takes the handle of the stopping job.

use std::borrow::Borrow;

use crate::builder::handles::{HandleCx, JobRef, key};
use crate::model::{Environment, EnvironmentAction, EnvironmentConfig, Value};

/// The long form of `environment:`, made by
/// [`JobBuilder::environment_with`](super::JobBuilder::environment_with).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::EnvironmentAction;
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// let stop = p.job("stop_review", |j| {
///     j.environment_with("review/$CI_COMMIT_REF_SLUG", |e| e.action(EnvironmentAction::Stop))
///         .script("./teardown")
/// });
/// p.job("review", |j| {
///     j.environment_with("review/$CI_COMMIT_REF_SLUG", |e| {
///         e.url("https://$CI_COMMIT_REF_SLUG.example.com")
///             .on_stop(&stop)
///             .auto_stop_in("1 day")
///     })
///     .script("./deploy")
/// });
/// let yaml = emit::to_string(&p.build()).unwrap();
/// assert!(yaml.ends_with(
///     "review:\n  script:\n  - ./deploy\n  environment:\n    name: review/$CI_COMMIT_REF_SLUG\n    \
///      url: https://$CI_COMMIT_REF_SLUG.example.com\n    on_stop: stop_review\n    auto_stop_in: 1 day\n"
/// ));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EnvironmentBuilder {
    config: EnvironmentConfig,
    cx: HandleCx,
}

impl EnvironmentBuilder {
    pub(crate) fn new(name: impl Into<String>, cx: HandleCx) -> Self {
        Self {
            config: EnvironmentConfig {
                name: name.into(),
                ..EnvironmentConfig::default()
            },
            cx,
        }
    }

    pub(crate) fn finish(self) -> (Environment, HandleCx) {
        (Environment::Config(Box::new(self.config)), self.cx)
    }

    /// `url` - the environment's address, shown in GitLab (`https://...` or a variable).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.config.url = Some(url.into());
        self
    }

    /// `on_stop` - the job that stops the environment (usually a manual job with
    /// `action: stop`).
    pub fn on_stop(mut self, job: impl Borrow<JobRef>) -> Self {
        let job = job.borrow();
        self.cx
            .check(job.usable_in(self.cx.owner), &[key("on_stop")], job.name());
        self.config.on_stop = Some(job.name().to_owned());
        self
    }

    /// `action` - what the job does to the environment (`start` by default).
    pub fn action(mut self, action: EnvironmentAction) -> Self {
        self.config.action = Some(action);
        self
    }

    /// `auto_stop_in` - stop the environment after this long (`"1 week"`).
    pub fn auto_stop_in(mut self, duration: impl Into<String>) -> Self {
        self.config.auto_stop_in = Some(duration.into());
        self
    }

    /// `kubernetes` - agent and namespace settings (kept as written).
    pub fn kubernetes(mut self, settings: impl Into<Value>) -> Self {
        self.config.kubernetes = Some(settings.into());
        self
    }

    /// `deployment_tier` - `production`, `staging`, `testing`, `development` or `other`.
    pub fn deployment_tier(mut self, tier: impl Into<String>) -> Self {
        self.config.deployment_tier = Some(tier.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{EnvironmentAction, Mapping, Value};
    use crate::{Pipeline, emit};

    #[test]
    fn builder_environment_short_and_long() {
        let mut p = Pipeline::builder();
        p.job("a", |j| j.environment("production").script("x"));
        p.job("b", |j| {
            let mut k8s = Mapping::new();
            k8s.insert("namespace".into(), Value::from("review"));
            j.environment_with("review", |e| {
                e.action(EnvironmentAction::Prepare)
                    .kubernetes(Value::Map(k8s))
                    .deployment_tier("staging")
            })
            .script("x")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "a:\n  script:\n  - x\n  environment: production\nb:\n  script:\n  - x\n  environment:\n    \
             name: review\n    action: prepare\n    kubernetes:\n      namespace: review\n    \
             deployment_tier: staging\n"
        );
    }
}
