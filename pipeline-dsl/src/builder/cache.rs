//! `cache:` - files kept between pipelines, such as downloaded dependencies.
//!
//! Each `.cache(|c| ...)` call adds one cache: one cache is written as a mapping, more
//! as a list of mappings (GitLab allows up to four).

use crate::builder::lists::extend_strings;
use crate::model::{ArtifactsWhen, Cache, CacheKey, CacheKeyFiles, Caches, PathList};

/// One cache, made by the `cache` setters of the job, `default:` and pipeline builders.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("build", |j| {
///     j.cache(|c| {
///         c.key_with(|k| k.files(["Cargo.lock"]))
///             .path("target/")
///             .policy("pull-push")
///     })
///     .script("cargo build")
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "build:\n  script:\n  - cargo build\n  cache:\n    key:\n      files:\n      - Cargo.lock\n    \
///      paths:\n    - target/\n    policy: pull-push\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CacheBuilder(Cache);

impl CacheBuilder {
    pub(crate) fn into_model(self) -> Cache {
        self.0
    }

    /// `key` - a fixed key, usually with variables (`$CI_COMMIT_REF_SLUG`).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.key = Some(CacheKey::Name(key.into()));
        self
    }

    /// `key` computed from files (`key: {files: [...], prefix: ...}`).
    pub fn key_with(mut self, f: impl FnOnce(CacheKeyBuilder) -> CacheKeyBuilder) -> Self {
        let start = match self.0.key.take() {
            Some(CacheKey::Files(files)) => files,
            _ => CacheKeyFiles::default(),
        };
        self.0.key = Some(CacheKey::Files(f(CacheKeyBuilder(start)).0));
        self
    }

    /// `paths` - adds a glob to cache.
    pub fn path(self, glob: impl Into<String>) -> Self {
        self.paths([glob])
    }

    /// `paths` - adds globs to cache (a `!reference` set through the model is replaced).
    pub fn paths<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let globs = globs.into_iter().map(Into::into);
        match &mut self.0.paths {
            Some(PathList::Paths(paths)) => paths.extend(globs),
            _ => self.0.paths = Some(PathList::Paths(globs.collect())),
        }
        self
    }

    /// `policy` - `pull`, `push`, `pull-push` (the default) or a `$VARIABLE`.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.0.policy = Some(policy.into());
        self
    }

    /// `unprotect` - share the cache between protected and unprotected branches.
    pub fn unprotect(mut self, unprotect: bool) -> Self {
        self.0.unprotect = Some(unprotect);
        self
    }

    /// `untracked` - also cache files git does not track.
    pub fn untracked(mut self, untracked: bool) -> Self {
        self.0.untracked = Some(untracked);
        self
    }

    /// `when` - save on success (the default), on failure, or always.
    pub fn when(mut self, when: ArtifactsWhen) -> Self {
        self.0.when = Some(when);
        self
    }

    /// `fallback_keys` - adds a key to try when `key` has no cache yet.
    pub fn fallback_key(self, key: impl Into<String>) -> Self {
        self.fallback_keys([key])
    }

    /// `fallback_keys` - adds keys to try, in order (at most five).
    pub fn fallback_keys<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.fallback_keys, keys);
        self
    }
}

/// `cache:key` computed from files.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CacheKeyBuilder(CacheKeyFiles);

impl CacheKeyBuilder {
    /// `files` - adds files whose content makes the key (1 to 10 in all).
    pub fn files<I, S>(mut self, files: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.files, files);
        self
    }

    /// `files_commits` - adds files whose last commit makes the key (1 or 2 in all).
    pub fn files_commits<I, S>(mut self, files: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.files_commits, files);
        self
    }

    /// `prefix` - put before the computed key.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.0.prefix = Some(prefix.into());
        self
    }
}

/// Adds one cache to a `cache:` slot: the first stays a mapping, a second makes a list.
pub(crate) fn add_cache(slot: &mut Option<Caches>, f: impl FnOnce(CacheBuilder) -> CacheBuilder) {
    let cache = f(CacheBuilder::default()).into_model();
    *slot = Some(match slot.take() {
        None => Caches::One(Box::new(cache)),
        Some(Caches::One(first)) => Caches::Many(vec![*first, cache]),
        Some(Caches::Many(mut all)) => {
            all.push(cache);
            Caches::Many(all)
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::model::ArtifactsWhen;
    use crate::{Pipeline, emit};

    #[test]
    fn builder_cache_one_then_many() {
        let mut p = Pipeline::builder();
        p.job("j", |j| {
            j.script("x")
                .cache(|c| {
                    c.key("$CI_COMMIT_REF_SLUG")
                        .paths([".cargo/"])
                        .unprotect(true)
                        .untracked(false)
                        .when(ArtifactsWhen::Always)
                        .fallback_key("main")
                })
                .cache(|c| {
                    c.key_with(|k| k.files_commits(["go.sum"]).prefix("go"))
                        .path("vendor/")
                        .policy("pull")
                })
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "j:\n  script:\n  - x\n  cache:\n  - key: $CI_COMMIT_REF_SLUG\n    paths:\n    - .cargo/\n    \
             unprotect: true\n    untracked: false\n    when: always\n    fallback_keys:\n    - main\n  \
             - key:\n      files_commits:\n      - go.sum\n      prefix: go\n    paths:\n    - vendor/\n    \
             policy: pull\n"
        );
    }
}
