//! Builders for the small job-level keywords that have a long form: `retry`, `inherit`,
//! `hooks`, `pages`, `dast_configuration`, `only`/`except` and `secrets`.

use indexmap::IndexMap;

use crate::builder::lists::{append_script, extend_many, extend_strings, push_one_or_many};
use crate::model::{
    Hooks, Inherit, InheritList, OnlyExceptConfig, PagesConfig, RetryConfig, Script, Secret,
    StringItem, Value,
};

/// The long form of `retry:` (`{max, when, exit_codes}`).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("flaky", |j| {
///     j.script("./integration")
///         .retry_with(|r| r.max(2).when("runner_system_failure").exit_code(137))
///         .inherit(|i| i.default(false).variables_only(["RUST_LOG"]))
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "flaky:\n  inherit:\n    default: false\n    variables:\n    - RUST_LOG\n  script:\n  \
///      - ./integration\n  retry:\n    max: 2\n    when: runner_system_failure\n    exit_codes: 137\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RetryBuilder(RetryConfig);

impl RetryBuilder {
    pub(crate) fn into_model(self) -> RetryConfig {
        self.0
    }

    /// `max` - how many retries (0 to 2).
    pub fn max(mut self, max: u8) -> Self {
        self.0.max = Some(max);
        self
    }

    /// `when` - adds a failure type to retry on (see
    /// [`RETRY_WHEN`](crate::model::RETRY_WHEN)); one is written as a string, more as a
    /// list.
    pub fn when(mut self, failure: impl Into<String>) -> Self {
        push_one_or_many(&mut self.0.when, failure.into());
        self
    }

    /// `when` - adds failure types, written as a list.
    pub fn when_any<I, S>(mut self, failures: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_many(&mut self.0.when, failures.into_iter().map(Into::into));
        self
    }

    /// `exit_codes` - adds an exit code to retry on; one is written as a number, more as
    /// a list.
    pub fn exit_code(mut self, code: i64) -> Self {
        push_one_or_many(&mut self.0.exit_codes, code);
        self
    }

    /// `exit_codes` - adds exit codes, written as a list.
    pub fn exit_codes(mut self, codes: impl IntoIterator<Item = i64>) -> Self {
        extend_many(&mut self.0.exit_codes, codes);
        self
    }
}

/// `inherit:` - which global defaults and variables a job takes.
#[derive(Debug, Clone)]
#[must_use]
pub struct InheritBuilder(Inherit);

impl InheritBuilder {
    pub(crate) fn from_model(model: Inherit) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> Inherit {
        self.0
    }

    /// `default: true|false` - take all or none of `default:`.
    pub fn default(mut self, inherit: bool) -> Self {
        self.0.default = Some(InheritList::All(inherit));
        self
    }

    /// `default: [...]` - take only these `default:` keywords (see
    /// [`INHERITABLE_DEFAULTS`](crate::model::INHERITABLE_DEFAULTS)).
    pub fn default_only<I, S>(mut self, keywords: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.default = Some(InheritList::Only(
            keywords.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// `variables: true|false` - take all or none of the global variables.
    pub fn variables(mut self, inherit: bool) -> Self {
        self.0.variables = Some(InheritList::All(inherit));
        self
    }

    /// `variables: [...]` - take only these global variables.
    pub fn variables_only<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0.variables = Some(InheritList::Only(
            names.into_iter().map(Into::into).collect(),
        ));
        self
    }
}

/// `hooks:` - commands the runner runs at fixed points of a job.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct HooksBuilder(Hooks);

impl HooksBuilder {
    pub(crate) fn from_model(model: Hooks) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> Hooks {
        self.0
    }

    /// `pre_get_sources_script` - appends commands run before the repository is fetched
    /// (one string, an array, a `Vec` or a `!reference`).
    pub fn pre_get_sources_script(mut self, commands: impl Into<Script>) -> Self {
        append_script(&mut self.0.pre_get_sources_script, commands.into());
        self
    }
}

/// The long form of `pages:` (`{path_prefix, expire_in, publish}`).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PagesBuilder(PagesConfig);

impl PagesBuilder {
    pub(crate) fn into_model(self) -> PagesConfig {
        self.0
    }

    /// `path_prefix` - serve this deployment under a prefix (parallel deployments).
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.0.path_prefix = Some(prefix.into());
        self
    }

    /// `expire_in` - how long the deployment stays (`"1 week"`, `"never"`).
    pub fn expire_in(mut self, duration: impl Into<String>) -> Self {
        self.0.expire_in = Some(duration.into());
        self
    }

    /// `publish` - the directory to publish (default `public`).
    pub fn publish(mut self, dir: impl Into<String>) -> Self {
        self.0.publish = Some(dir.into());
        self
    }
}

/// `dast_configuration:` - the DAST profiles a job uses.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DastBuilder(IndexMap<String, String>);

impl DastBuilder {
    pub(crate) fn from_model(model: IndexMap<String, String>) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> IndexMap<String, String> {
        self.0
    }

    /// `site_profile` - the site profile's name.
    pub fn site_profile(mut self, name: impl Into<String>) -> Self {
        self.0.insert("site_profile".into(), name.into());
        self
    }

    /// `scanner_profile` - the scanner profile's name.
    pub fn scanner_profile(mut self, name: impl Into<String>) -> Self {
        self.0.insert("scanner_profile".into(), name.into());
        self
    }
}

/// The long form of `only:` / `except:` (`{refs, variables, changes, kubernetes}`) -
/// legacy syntax; prefer `rules`.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct OnlyExceptBuilder(OnlyExceptConfig);

impl OnlyExceptBuilder {
    pub(crate) fn from_model(model: OnlyExceptConfig) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> OnlyExceptConfig {
        self.0
    }

    /// `refs` - adds ref patterns: keywords such as `tags` or `merge_requests`, branch
    /// names, or `/regex/`.
    pub fn refs<I, S>(mut self, refs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.0
            .refs
            .get_or_insert_with(Vec::new)
            .extend(refs.into_iter().map(|s| StringItem::One(s.into())));
        self
    }

    /// `variables` - adds expressions; any true one matches.
    pub fn variables<I, S>(mut self, exprs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.variables, exprs);
        self
    }

    /// `changes` - adds globs.
    pub fn changes<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.changes, globs);
        self
    }

    /// `kubernetes: active`.
    pub fn kubernetes(mut self, state: impl Into<String>) -> Self {
        self.0.kubernetes = Some(state.into());
        self
    }
}

/// One `secrets:` entry: where the secret comes from and how the job receives it.
/// Provider settings are kept as written (a string or a mapping, as [`Value`]).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SecretBuilder(Secret);

impl SecretBuilder {
    pub(crate) fn into_model(self) -> Secret {
        self.0
    }

    /// `vault` - `path/to/secret/field@engine`, or `{engine: {name, path}, path, field}`.
    pub fn vault(mut self, settings: impl Into<Value>) -> Self {
        self.0.vault = Some(settings.into());
        self
    }

    /// `gcp_secret_manager` - `{name, version}`.
    pub fn gcp_secret_manager(mut self, settings: impl Into<Value>) -> Self {
        self.0.gcp_secret_manager = Some(settings.into());
        self
    }

    /// `azure_key_vault` - `{name, version}`.
    pub fn azure_key_vault(mut self, settings: impl Into<Value>) -> Self {
        self.0.azure_key_vault = Some(settings.into());
        self
    }

    /// `aws_secrets_manager` - a secret id, or `{secret_id, ...}`.
    pub fn aws_secrets_manager(mut self, settings: impl Into<Value>) -> Self {
        self.0.aws_secrets_manager = Some(settings.into());
        self
    }

    /// `gitlab_secrets_manager` - `{name, source}`.
    pub fn gitlab_secrets_manager(mut self, settings: impl Into<Value>) -> Self {
        self.0.gitlab_secrets_manager = Some(settings.into());
        self
    }

    /// `file` - expose the secret as a file (`true`, the default) or as a value.
    pub fn file(mut self, file: bool) -> Self {
        self.0.file = Some(file);
        self
    }

    /// `token` - the `id_tokens` entry to authenticate with (`$VAULT_ID_TOKEN`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.0.token = Some(token.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::{Pipeline, emit};

    #[test]
    fn builder_retry_short_and_long() {
        let mut p = Pipeline::builder();
        p.job("a", |j| j.script("x").retry(2));
        p.job("b", |j| {
            j.script("x").retry_with(|r| {
                r.when_any(["api_failure", "script_failure"])
                    .exit_codes([1, 2])
            })
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "a:\n  script:\n  - x\n  retry: 2\nb:\n  script:\n  - x\n  retry:\n    when:\n    - api_failure\n    \
             - script_failure\n    exit_codes:\n    - 1\n    - 2\n"
        );
    }

    #[test]
    fn builder_only_except_short_and_long() {
        let mut p = Pipeline::builder();
        p.job("a", |j| {
            j.only(["tags", "main"]).except(["/^wip-/"]).script("x")
        });
        p.job("b", |j| {
            j.only_with(|o| {
                o.refs(["branches"])
                    .variables(["$DEPLOY == \"yes\""])
                    .changes(["src/**"])
                    .kubernetes("active")
            })
            .except_with(|e| e.refs(["main"]))
            .script("x")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "a:\n  only:\n  - tags\n  - main\n  except:\n  - /^wip-/\n  script:\n  - x\nb:\n  only:\n    refs:\n    \
             - branches\n    kubernetes: active\n    variables:\n    - $DEPLOY == \"yes\"\n    changes:\n    \
             - src/**\n  except:\n    refs:\n    - main\n  script:\n  - x\n"
        );
    }

    #[test]
    fn builder_inherit_hooks_pages_dast_secrets() {
        let mut p = Pipeline::builder();
        p.job("pages", |j| {
            j.inherit(|i| i.default_only(["image"]).variables(false))
                .hooks(|h| h.pre_get_sources_script("git config --global core.longpaths true"))
                .script("make site")
                .pages_with(|pg| {
                    pg.path_prefix("mr-$CI_MERGE_REQUEST_IID")
                        .expire_in("1 day")
                        .publish("site")
                })
                .dast_configuration(|d| d.site_profile("site").scanner_profile("quick"))
                .id_token("VAULT_ID_TOKEN", "https://vault.example.com")
                .secret("DB_PASSWORD", |s| {
                    s.vault("production/db/password@ops")
                        .file(false)
                        .token("$VAULT_ID_TOKEN")
                })
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "pages:\n  inherit:\n    default:\n    - image\n    variables: false\n  script:\n  - make site\n  \
             hooks:\n    pre_get_sources_script:\n    - git config --global core.longpaths true\n  secrets:\n    \
             DB_PASSWORD:\n      vault: production/db/password@ops\n      file: false\n      \
             token: $VAULT_ID_TOKEN\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault.example.com\n  \
             dast_configuration:\n    site_profile: site\n    scanner_profile: quick\n  pages:\n    \
             path_prefix: mr-$CI_MERGE_REQUEST_IID\n    expire_in: 1 day\n    publish: site\n"
        );
    }
}
