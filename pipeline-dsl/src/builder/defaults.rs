//! `default:` - keywords every job takes unless it sets its own (a job's own value
//! replaces the default; nothing is merged).

use crate::builder::artifacts::ArtifactsBuilder;
use crate::builder::cache::{CacheBuilder, add_cache};
use crate::builder::image::{ImageBuilder, ServiceBuilder, add_services};
use crate::builder::keywords::{HooksBuilder, RetryBuilder};
use crate::builder::lists::{append_lines, append_or_reference, append_script};
use crate::model::{IdToken, Image, JobDefaults, OneOrMany, Retry, Script, Service, StringItem};

/// `default:`, made by [`PipelineBuilder::default`](super::PipelineBuilder::default).
/// Setters follow the job builder's conventions (see [`JobBuilder`](super::JobBuilder)).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.default(|d| {
///     d.image("rust:1.95")
///         .before_script("rustc --version")
///         .interruptible(true)
///         .retry(1)
/// });
/// p.job("test", |j| j.script("cargo test"));
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "default:\n  image: rust:1.95\n  before_script:\n  - rustc --version\n  retry: 1\n  \
///      interruptible: true\ntest:\n  script:\n  - cargo test\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DefaultsBuilder(JobDefaults);

impl DefaultsBuilder {
    pub(crate) fn from_model(model: JobDefaults) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> JobDefaults {
        self.0
    }
}

/// # Image, services and tags
impl DefaultsBuilder {
    /// `image` - short form (`image: rust:1.95`); also takes an [`Image`] value.
    pub fn image(mut self, image: impl Into<Image>) -> Self {
        self.0.image = Some(image.into());
        self
    }

    /// `image` - the long form.
    pub fn image_with(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(ImageBuilder) -> ImageBuilder,
    ) -> Self {
        self.0.image = Some(f(ImageBuilder::new(name)).finish());
        self
    }

    /// `services` - adds a service container, short form.
    pub fn service(self, service: impl Into<Service>) -> Self {
        self.services([service])
    }

    /// `services` - adds service containers.
    pub fn services<I>(mut self, services: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Service>,
    {
        add_services(&mut self.0.services, services.into_iter().map(Into::into));
        self
    }

    /// `services` - adds a service container in the long form.
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
            &mut self.0.tags,
            tags.into_iter().map(|t| StringItem::One(t.into())),
            |r| Some(StringItem::Reference(r)),
        );
        self
    }
}

/// # Commands
impl DefaultsBuilder {
    /// `before_script` - appends commands (one string, an array, a `Vec`, or a
    /// `!reference`).
    pub fn before_script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.0.before_script, commands.into());
        self
    }

    /// `before_script` - appends commands from any iterator.
    pub fn before_scripts<I, S>(mut self, commands: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.0.before_script, commands);
        self
    }

    /// `after_script` - appends commands.
    pub fn after_script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.0.after_script, commands.into());
        self
    }

    /// `after_script` - appends commands from any iterator.
    pub fn after_scripts<I, S>(mut self, commands: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        append_lines(&mut self.0.after_script, commands);
        self
    }

    /// `hooks` - commands the runner runs at fixed points.
    pub fn hooks(mut self, f: impl FnOnce(HooksBuilder) -> HooksBuilder) -> Self {
        let start = self.0.hooks.take().unwrap_or_default();
        self.0.hooks = Some(f(HooksBuilder::from_model(start)).into_model());
        self
    }
}

/// # Results and limits
impl DefaultsBuilder {
    /// `artifacts` - a second call continues from the first.
    pub fn artifacts(mut self, f: impl FnOnce(ArtifactsBuilder) -> ArtifactsBuilder) -> Self {
        let start = self.0.artifacts.take().flatten().unwrap_or_default();
        self.0.artifacts = Some(Some(f(ArtifactsBuilder::from_model(start)).into_model()));
        self
    }

    /// `artifacts: null`.
    pub fn no_artifacts(mut self) -> Self {
        self.0.artifacts = Some(None);
        self
    }

    /// `cache` - adds a cache (one is written as a mapping, more as a list).
    pub fn cache(mut self, f: impl FnOnce(CacheBuilder) -> CacheBuilder) -> Self {
        add_cache(&mut self.0.cache, f);
        self
    }

    /// `retry` - how many times to retry a failed job (0 to 2).
    pub fn retry(mut self, max: u8) -> Self {
        self.0.retry = Some(Retry::Max(max));
        self
    }

    /// `retry` - the long form (`{max, when, exit_codes}`).
    pub fn retry_with(mut self, f: impl FnOnce(RetryBuilder) -> RetryBuilder) -> Self {
        self.0.retry = Some(Retry::Config(Box::new(
            f(RetryBuilder::default()).into_model(),
        )));
        self
    }

    /// `timeout` - the jobs' time limit (`"1h 30m"`).
    pub fn timeout(mut self, timeout: impl Into<String>) -> Self {
        self.0.timeout = Some(timeout.into());
        self
    }

    /// `interruptible` - whether a newer pipeline may cancel the jobs.
    pub fn interruptible(mut self, interruptible: bool) -> Self {
        self.0.interruptible = Some(interruptible);
        self
    }
}

/// # Credentials and references
impl DefaultsBuilder {
    /// `id_tokens:NAME` - an OIDC token for one audience.
    pub fn id_token(mut self, name: impl Into<String>, aud: impl Into<String>) -> Self {
        self.0
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
        self.0
            .id_tokens
            .get_or_insert_with(Box::default)
            .insert(name.into(), token);
        self
    }

    /// `identity` - a cloud identity for the jobs (`google_cloud`).
    pub fn identity(mut self, identity: impl Into<String>) -> Self {
        self.0.identity = Some(identity.into());
        self
    }

    /// `!reference` - GitLab's schema allows a `!reference [job, key]` key inside
    /// `default:`; this sets its path.
    pub fn reference<I, S>(mut self, parts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.reference = Some(parts.into_iter().map(Into::into).collect());
        self
    }

    /// Edits the model [`JobDefaults`] directly, for forms no setter writes.
    pub fn modify(mut self, f: impl FnOnce(&mut JobDefaults)) -> Self {
        f(&mut self.0);
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ArtifactsWhen, PullPolicy};
    use crate::{Pipeline, emit};

    #[test]
    fn builder_default_every_key() {
        let mut p = Pipeline::builder();
        p.default(|d| {
            d.image_with("rust:1.95", |i| i.pull_policy(PullPolicy::IfNotPresent))
                .service("postgres:16")
                .service_with("redis:7", |s| s.alias("cache"))
                .tag("docker")
                .before_scripts(["a", "b"])
                .after_script("c")
                .hooks(|h| h.pre_get_sources_script("d"))
                .artifacts(|a| a.when(ArtifactsWhen::OnFailure).path("logs/"))
                .cache(|c| c.key("k").path("p"))
                .retry_with(|r| r.max(1))
                .timeout("30m")
                .interruptible(true)
                .id_token("T", "aud")
                .identity("google_cloud")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "default:\n  image:\n    name: rust:1.95\n    pull_policy: if-not-present\n  services:\n  \
             - postgres:16\n  - name: redis:7\n    alias: cache\n  tags:\n  - docker\n  before_script:\n  - a\n  \
             - b\n  after_script:\n  - c\n  hooks:\n    pre_get_sources_script:\n    - d\n  artifacts:\n    \
             paths:\n    - logs/\n    when: on_failure\n  cache:\n    key: k\n    paths:\n    - p\n  retry:\n    \
             max: 1\n  timeout: 30m\n  interruptible: true\n  id_tokens:\n    T:\n      aud: aud\n  \
             identity: google_cloud\n"
        );
    }
}
