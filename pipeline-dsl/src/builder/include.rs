//! `include:` items: constructors for every form, and builder-style `rules`, `inputs`
//! and per-kind options on the long forms.
//!
//! [`Include`]'s constructors cover the plain cases (`Include::local("ci/lint.yml")`);
//! for `rules:`, `inputs:` or options, start from the per-kind type
//! ([`IncludeLocal::new`], [`IncludeProject::new`], [`IncludeRemote::new`],
//! [`IncludeTemplate::new`], [`IncludeComponent::new`]) and pass it to
//! [`PipelineBuilder::include`](super::PipelineBuilder::include), which takes anything
//! that converts into an [`Include`]. Includes are always written as a list.

use crate::builder::lists::push_one_or_many;
use crate::model::{
    Include, IncludeArtifact, IncludeComponent, IncludeLocal, IncludeProject, IncludeRemote,
    IncludeTemplate, Includes, Inputs, OneOrMany, RuleItem, Value,
};

/// Constructors for the plain include forms (no rules, no inputs).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::{Include, IncludeComponent, IncludeProject, Rule};
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.include(Include::local("ci/lint.yml"))
///     .include(
///         IncludeProject::new("platform/ci", "templates/rust.yml")
///             .git_ref("v2.1.0")
///             .input("toolchain", "1.95"),
///     )
///     .include(
///         IncludeComponent::new("$CI_SERVER_FQDN/platform/docker/build@1.4")
///             .rule(Rule::condition("$CI_COMMIT_TAG")),
///     );
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "include:\n- local: ci/lint.yml\n- project: platform/ci\n  ref: v2.1.0\n  file: templates/rust.yml\n  \
///      inputs:\n    toolchain: \"1.95\"\n- component: $CI_SERVER_FQDN/platform/docker/build@1.4\n  \
///      rules:\n  - if: $CI_COMMIT_TAG\n"
/// );
/// ```
impl Include {
    /// `- ci/lint.yml` - the shortest form: GitLab reads a path as `local:`, and an
    /// `http(s)://` URL as `remote:`.
    pub fn path(path: impl Into<String>) -> Self {
        Include::Path(path.into())
    }

    /// `- remote: https://...` - a YAML file fetched over HTTP(S).
    pub fn remote(url: impl Into<String>) -> Self {
        Include::Remote(IncludeRemote::new(url))
    }

    /// `- template: Auto-DevOps.gitlab-ci.yml` - a template shipped with GitLab.
    pub fn template(name: impl Into<String>) -> Self {
        Include::Template(IncludeTemplate::new(name))
    }

    /// `- project: group/repo` with `file:` - a file of another project (its default
    /// branch; [`IncludeProject::git_ref`] picks another ref).
    pub fn project(project: impl Into<String>, file: impl Into<String>) -> Self {
        Include::Project(IncludeProject::new(project, file))
    }
}

/// The `rules` and `inputs` setters every long include form shares.
macro_rules! rules_and_inputs {
    ($ty:ty) => {
        impl $ty {
            /// `rules` - adds a rule; the file is included when the rules say so.
            #[must_use]
            pub fn rule(self, rule: impl Into<RuleItem>) -> Self {
                self.rules([rule])
            }

            /// `rules` - adds several rules.
            #[must_use]
            pub fn rules<I>(mut self, rules: I) -> Self
            where
                I: IntoIterator,
                I::Item: Into<RuleItem>,
            {
                self.rules
                    .get_or_insert_with(Vec::new)
                    .extend(rules.into_iter().map(Into::into));
                self
            }

            /// `inputs` - sets one input of the included file (a string, an integer, a
            /// boolean or any [`Value`]).
            #[must_use]
            pub fn input(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
                self.inputs
                    .get_or_insert_with(Inputs::new)
                    .insert(name.into(), value.into());
                self
            }

            /// `inputs` - sets several inputs.
            #[must_use]
            pub fn inputs<I, K, V>(mut self, inputs: I) -> Self
            where
                I: IntoIterator<Item = (K, V)>,
                K: Into<String>,
                V: Into<Value>,
            {
                let map = self.inputs.get_or_insert_with(Inputs::new);
                for (k, v) in inputs {
                    map.insert(k.into(), v.into());
                }
                self
            }
        }

        impl From<$ty> for Include {
            fn from(item: $ty) -> Self {
                item.into_include()
            }
        }
    };
}

rules_and_inputs!(IncludeLocal);
rules_and_inputs!(IncludeProject);
rules_and_inputs!(IncludeRemote);
rules_and_inputs!(IncludeTemplate);
rules_and_inputs!(IncludeComponent);

impl IncludeLocal {
    /// `local:` - a file of this repository.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            local: path.into(),
            rules: None,
            inputs: None,
        }
    }

    fn into_include(self) -> Include {
        Include::Local(self)
    }
}

impl IncludeProject {
    /// `project:` with `file:` - a file of another project.
    pub fn new(project: impl Into<String>, file: impl Into<String>) -> Self {
        Self {
            project: project.into(),
            git_ref: None,
            file: OneOrMany::One(file.into()),
            rules: None,
            inputs: None,
        }
    }

    /// `file` - adds another file of the same project (more than one is written as a
    /// list).
    #[must_use]
    pub fn file(mut self, file: impl Into<String>) -> Self {
        let mut slot = Some(self.file);
        push_one_or_many(&mut slot, file.into());
        self.file = slot.unwrap_or(OneOrMany::Many(Vec::new()));
        self
    }

    /// `ref` - the branch, tag or commit to read the file at.
    #[must_use]
    pub fn git_ref(mut self, git_ref: impl Into<String>) -> Self {
        self.git_ref = Some(git_ref.into());
        self
    }

    fn into_include(self) -> Include {
        Include::Project(self)
    }
}

impl IncludeRemote {
    /// `remote:` - a YAML file fetched over HTTP(S).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            remote: url.into(),
            integrity: None,
            cache: None,
            rules: None,
            inputs: None,
        }
    }

    /// `integrity` - the file's `sha256-...` hash; GitLab refuses a file that differs.
    #[must_use]
    pub fn integrity(mut self, integrity: impl Into<String>) -> Self {
        self.integrity = Some(integrity.into());
        self
    }

    /// `cache` - `true`, or how long GitLab may cache the file (`"1d"`).
    #[must_use]
    pub fn cache(mut self, cache: impl Into<Value>) -> Self {
        self.cache = Some(cache.into());
        self
    }

    fn into_include(self) -> Include {
        Include::Remote(self)
    }
}

impl IncludeTemplate {
    /// `template:` - a template shipped with GitLab.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            template: name.into(),
            rules: None,
            inputs: None,
        }
    }

    fn into_include(self) -> Include {
        Include::Template(self)
    }
}

impl IncludeComponent {
    /// `component:` - a CI/CD component (`host/path/name@version`).
    pub fn new(reference: impl Into<String>) -> Self {
        Self {
            component: reference.into(),
            rules: None,
            inputs: None,
        }
    }

    fn into_include(self) -> Include {
        Include::Component(self)
    }
}

impl IncludeArtifact {
    /// `inputs` - sets one input of the generated child pipeline file.
    #[must_use]
    pub fn input(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.inputs
            .get_or_insert_with(Inputs::new)
            .insert(name.into(), value.into());
        self
    }
}

/// Appends includes to an `include:` slot, always as a list.
pub(crate) fn add_includes(slot: &mut Option<Includes>, items: impl IntoIterator<Item = Include>) {
    let mut list = match slot.take() {
        None => Vec::new(),
        Some(Includes::One(first)) => vec![first],
        Some(Includes::Many(all)) => all,
    };
    list.extend(items);
    *slot = Some(Includes::Many(list));
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Include, IncludeLocal, IncludeProject, IncludeRemote, IncludeTemplate, Rule, Value,
    };
    use crate::{Pipeline, emit};

    #[test]
    fn builder_include_plain_forms() {
        let mut p = Pipeline::builder();
        p.includes([
            Include::path("ci/short.yml"),
            Include::local("ci/lint.yml"),
            Include::remote("https://example.com/ci.yml"),
            Include::template("Jobs/SAST.gitlab-ci.yml"),
            Include::project("g/ci", "a.yml"),
            Include::component("$CI_SERVER_FQDN/g/c@1"),
        ]);
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "include:\n- ci/short.yml\n- local: ci/lint.yml\n- remote: https://example.com/ci.yml\n\
             - template: Jobs/SAST.gitlab-ci.yml\n- project: g/ci\n  file: a.yml\n\
             - component: $CI_SERVER_FQDN/g/c@1\n"
        );
    }

    #[test]
    fn builder_include_long_forms_with_rules_and_inputs() {
        let mut p = Pipeline::builder();
        p.include(
            IncludeLocal::new("ci/docs.yml")
                .rule(Rule::always().exists(["docs/"]))
                .inputs([("a", Value::from(1_i64)), ("b", Value::from(true))]),
        )
        .include(IncludeProject::new("g/ci", "a.yml").file("b.yml"))
        .include(
            IncludeRemote::new("https://example.com/ci.yml")
                .integrity("sha256-abc=")
                .cache("1d"),
        )
        .include(IncludeTemplate::new("Jobs/SAST.gitlab-ci.yml").input("stage", "test"));
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "include:\n- local: ci/docs.yml\n  rules:\n  - exists:\n    - docs/\n  inputs:\n    a: 1\n    \
             b: true\n- project: g/ci\n  file:\n  - a.yml\n  - b.yml\n- remote: https://example.com/ci.yml\n  \
             integrity: sha256-abc=\n  cache: 1d\n- template: Jobs/SAST.gitlab-ci.yml\n  inputs:\n    \
             stage: test\n"
        );
    }
}
