//! Builders for the long forms of `image:` and `services:` items, and their `docker:` and
//! `kubernetes:` options.
//!
//! The short forms need no builder: `.image("rust:1.95")` writes `image: rust:1.95` and
//! `.service("postgres:16")` writes `- postgres:16`. The `_with` setters write the long
//! form, a mapping with `name:` first.

use crate::builder::lists::{append_or_reference, append_script, extend_strings};
use crate::model::{
    DockerOptions, Image, ImageConfig, KubernetesOptions, OrReference, PullPolicies, PullPolicy,
    Script, Service, ServiceConfig, Value, VariableValue, Variables,
};

/// The long form of `image:` (`image: {name: ..., entrypoint: ..., ...}`).
///
/// Made by the `image_with` setters of the job, `default:` and pipeline builders.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::PullPolicy;
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("lint", |j| {
///     j.image_with("rust:1.95", |i| i.entrypoint([""]).pull_policy(PullPolicy::Always))
///         .service_with("postgres:16", |s| s.alias("db"))
///         .script("cargo clippy")
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "lint:\n  image:\n    name: rust:1.95\n    entrypoint:\n    - \"\"\n    pull_policy: always\n  \
///      services:\n  - name: postgres:16\n    alias: db\n  script:\n  - cargo clippy\n"
/// );
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ImageBuilder(ImageConfig);

impl ImageBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Self(ImageConfig::new(name))
    }

    pub(crate) fn finish(self) -> Image {
        Image::Config(Box::new(self.0))
    }

    /// `image:entrypoint` - appends to the command that replaces the image's entrypoint
    /// (`[""]` clears it).
    pub fn entrypoint<I, V>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.0
            .entrypoint
            .get_or_insert_with(Vec::new)
            .extend(items.into_iter().map(Into::into));
        self
    }

    /// `image:docker` - options for the Docker executor.
    pub fn docker(mut self, f: impl FnOnce(DockerBuilder) -> DockerBuilder) -> Self {
        let current = self.0.docker.take().unwrap_or_default();
        self.0.docker = Some(f(DockerBuilder(current)).0);
        self
    }

    /// `image:kubernetes` - options for the Kubernetes executor.
    pub fn kubernetes(mut self, f: impl FnOnce(KubernetesBuilder) -> KubernetesBuilder) -> Self {
        let current = self.0.kubernetes.take().unwrap_or_default();
        self.0.kubernetes = Some(f(KubernetesBuilder(current)).0);
        self
    }

    /// `image:pull_policy` - adds one policy (one policy is written as a string, more as
    /// a list).
    pub fn pull_policy(mut self, policy: PullPolicy) -> Self {
        push_policy(&mut self.0.pull_policy, policy);
        self
    }

    /// `image:pull_policy` - adds policies, written as a list.
    pub fn pull_policies(mut self, policies: impl IntoIterator<Item = PullPolicy>) -> Self {
        extend_policies(&mut self.0.pull_policy, policies);
        self
    }

    /// A key this version does not model, written after the known keys (validation
    /// reports it as `unknown-keyword` unless allowed).
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.extra.insert(key, value.into());
        self
    }
}

/// The long form of a `services:` item (`- {name: ..., alias: ..., ...}`).
///
/// Made by the `service_with` setters of the job, `default:` and pipeline builders.
#[derive(Debug, Clone)]
#[must_use]
pub struct ServiceBuilder(ServiceConfig);

impl ServiceBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Self(ServiceConfig::new(name))
    }

    pub(crate) fn finish(self) -> Service {
        Service::Config(Box::new(self.0))
    }

    /// `alias` - the host name the job reaches the service under.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.0.alias = Some(alias.into());
        self
    }

    /// `entrypoint` - appends to the command that replaces the image's entrypoint.
    pub fn entrypoint<I, S>(mut self, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.entrypoint, items);
        self
    }

    /// `command` - appends to the command that replaces the image's command (one
    /// string, an array or a `Vec` of strings).
    pub fn command(mut self, command: impl Into<Script>) -> Self {
        append_script(&mut self.0.command, command.into());
        self
    }

    /// `variables` - adds one variable passed to the service container.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<VariableValue>) -> Self {
        self.0
            .variables
            .get_or_insert_with(Variables::default)
            .insert(name, value);
        self
    }

    /// `variables` - adds several variables passed to the service container.
    pub fn variables<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<VariableValue>,
    {
        let slot = self.0.variables.get_or_insert_with(Variables::default);
        for (k, v) in vars {
            slot.insert(k, v);
        }
        self
    }

    /// `docker` - options for the Docker executor.
    pub fn docker(mut self, f: impl FnOnce(DockerBuilder) -> DockerBuilder) -> Self {
        let current = self.0.docker.take().unwrap_or_default();
        self.0.docker = Some(f(DockerBuilder(current)).0);
        self
    }

    /// `kubernetes` - options for the Kubernetes executor.
    pub fn kubernetes(mut self, f: impl FnOnce(KubernetesBuilder) -> KubernetesBuilder) -> Self {
        let current = self.0.kubernetes.take().unwrap_or_default();
        self.0.kubernetes = Some(f(KubernetesBuilder(current)).0);
        self
    }

    /// `pull_policy` - adds one policy (one is written as a string, more as a list).
    pub fn pull_policy(mut self, policy: PullPolicy) -> Self {
        push_policy(&mut self.0.pull_policy, policy);
        self
    }

    /// `pull_policy` - adds policies, written as a list.
    pub fn pull_policies(mut self, policies: impl IntoIterator<Item = PullPolicy>) -> Self {
        extend_policies(&mut self.0.pull_policy, policies);
        self
    }

    /// A key this version does not model, written after the known keys.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.extra.insert(key, value.into());
        self
    }
}

/// `docker:` options of an image or a service.
#[derive(Debug, Clone)]
#[must_use]
pub struct DockerBuilder(DockerOptions);

impl DockerBuilder {
    /// `docker:platform` - such as `linux/arm64`.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.0.platform = Some(platform.into());
        self
    }

    /// `docker:user` - the user the container runs as.
    pub fn user(mut self, user: impl Into<String>) -> Self {
        self.0.user = Some(user.into());
        self
    }
}

/// `kubernetes:` options of an image or a service.
#[derive(Debug, Clone)]
#[must_use]
pub struct KubernetesBuilder(KubernetesOptions);

impl KubernetesBuilder {
    /// `kubernetes:user` - a user name (`"app"`) or a numeric id (`1000_i64`).
    pub fn user(mut self, user: impl Into<Value>) -> Self {
        self.0.user = Some(user.into());
        self
    }
}

fn push_policy(slot: &mut Option<PullPolicies>, policy: PullPolicy) {
    *slot = Some(match slot.take() {
        None => PullPolicies::One(policy),
        Some(PullPolicies::One(first)) => PullPolicies::Many(vec![first, policy]),
        Some(PullPolicies::Many(mut v)) => {
            v.push(policy);
            PullPolicies::Many(v)
        }
    });
}

fn extend_policies(
    slot: &mut Option<PullPolicies>,
    policies: impl IntoIterator<Item = PullPolicy>,
) {
    let mut list = match slot.take() {
        None => Vec::new(),
        Some(PullPolicies::One(first)) => vec![first],
        Some(PullPolicies::Many(v)) => v,
    };
    list.extend(policies);
    *slot = Some(PullPolicies::Many(list));
}

/// Appends services to a `services:` slot (a whole-key `!reference` there is replaced:
/// a service item cannot hold one).
pub(crate) fn add_services(
    slot: &mut Option<OrReference<Vec<Service>>>,
    items: impl IntoIterator<Item = Service>,
) {
    append_or_reference(slot, items, |_| None);
}

#[cfg(test)]
mod tests {
    use crate::model::PullPolicy;
    use crate::{Pipeline, emit};

    fn job_yaml(
        f: impl FnOnce(crate::builder::JobBuilder) -> crate::builder::JobBuilder,
    ) -> String {
        let mut p = Pipeline::builder();
        p.job("j", f);
        emit::to_string(&p.build()).unwrap()
    }

    #[test]
    fn builder_image_short_form() {
        assert_eq!(
            job_yaml(|j| j.image("rust:1.95")),
            "j:\n  image: rust:1.95\n"
        );
    }

    #[test]
    fn builder_image_long_form_with_options() {
        let yaml = job_yaml(|j| {
            j.image_with("registry.example.com/app:1", |i| {
                i.entrypoint(["/bin/sh", "-c"])
                    .docker(|d| d.platform("linux/arm64").user("1000"))
                    .kubernetes(|k| k.user(1000_i64))
                    .pull_policy(PullPolicy::Always)
                    .pull_policy(PullPolicy::IfNotPresent)
            })
        });
        assert_eq!(
            yaml,
            "j:\n  image:\n    name: registry.example.com/app:1\n    entrypoint:\n    - /bin/sh\n    - -c\n    \
             docker:\n      platform: linux/arm64\n      user: \"1000\"\n    kubernetes:\n      user: 1000\n    \
             pull_policy:\n    - always\n    - if-not-present\n"
        );
    }

    #[test]
    fn builder_services_short_and_long() {
        let yaml = job_yaml(|j| {
            j.service("docker:27-dind")
                .service_with("postgres:16", |s| {
                    s.alias("db")
                        .command(["postgres", "-c", "fsync=off"])
                        .variable("POSTGRES_PASSWORD", "secret")
                        .pull_policies([PullPolicy::Never])
                })
                .services(["redis:7"])
        });
        assert_eq!(
            yaml,
            "j:\n  services:\n  - docker:27-dind\n  - name: postgres:16\n    pull_policy:\n    - never\n    \
             command:\n    - postgres\n    - -c\n    - fsync=off\n    alias: db\n    variables:\n      \
             POSTGRES_PASSWORD: secret\n  - redis:7\n"
        );
    }
}
