//! Rules as values: builder-style methods on [`Rule`], so that one rule can be written
//! once and used in jobs, `workflow:rules` and `include:rules`.
//!
//! Start from [`Rule::condition`] (`if:`) or [`Rule::always`] (no `if:`, so only the other
//! clauses decide), then chain clauses and outcomes. `rules:needs` names jobs, so it is
//! set where handles are checked: [`JobBuilder::rule_with`](super::JobBuilder::rule_with).

use indexmap::IndexMap;

use crate::builder::lists::extend_strings;
use crate::builder::workflow::AutoCancelBuilder;
use crate::model::{
    Changes, ChangesConfig, Exists, ExistsConfig, Rule, RuleItem, Scalar, StringItem,
};

/// Builder-style clauses and outcomes of a rule (`rules:` items). Each method sets one
/// key; list keys (`changes`, `exists`, `variables`) append.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::model::{Rule, When};
/// use pipeline_dsl::{emit, Pipeline};
///
/// let on_tag = Rule::condition("$CI_COMMIT_TAG").when(When::Manual);
/// let docs_changed = Rule::always().changes(["docs/**/*"]).variable("FULL", true);
/// let mut p = Pipeline::builder();
/// p.job("publish", |j| {
///     j.rule(on_tag.clone())
///         .rule(docs_changed)
///         .rule(Rule::always().when(When::Never))
///         .script("make publish")
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "publish:\n  rules:\n  - if: $CI_COMMIT_TAG\n    when: manual\n  - changes:\n    - docs/**/*\n    \
///      variables:\n      FULL: true\n  - when: never\n  script:\n  - make publish\n"
/// );
/// ```
impl Rule {
    /// `changes` - appends globs; the rule matches when a changed file matches one
    /// (`changes: [src/**/*]`).
    #[must_use]
    pub fn changes<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let globs = globs.into_iter().map(Into::into);
        match &mut self.changes {
            Some(Changes::Paths(paths)) => paths.extend(globs),
            Some(Changes::Config(c)) => extend_strings(&mut c.paths, globs),
            None => self.changes = Some(Changes::Paths(globs.collect())),
        }
        self
    }

    /// `changes` in the long form (`{paths: [...], compare_to: main}`), continuing from
    /// globs already set.
    #[must_use]
    pub fn changes_with(mut self, f: impl FnOnce(ChangesBuilder) -> ChangesBuilder) -> Self {
        let start = match self.changes.take() {
            Some(Changes::Config(c)) => *c,
            Some(Changes::Paths(paths)) => ChangesConfig {
                paths: Some(paths),
                ..ChangesConfig::default()
            },
            None => ChangesConfig::default(),
        };
        self.changes = Some(Changes::Config(Box::new(f(ChangesBuilder(start)).0)));
        self
    }

    /// `exists` - appends globs; the rule matches when a file matching one exists
    /// (`exists: [Dockerfile]`).
    #[must_use]
    pub fn exists<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let globs = globs.into_iter().map(Into::into);
        match &mut self.exists {
            Some(Exists::Paths(paths)) => paths.extend(globs),
            Some(Exists::Config(c)) => extend_strings(&mut c.paths, globs),
            None => self.exists = Some(Exists::Paths(globs.collect())),
        }
        self
    }

    /// `exists` in the long form (`{paths: [...], project: ..., ref: ...}`), continuing
    /// from globs already set.
    #[must_use]
    pub fn exists_with(mut self, f: impl FnOnce(ExistsBuilder) -> ExistsBuilder) -> Self {
        let start = match self.exists.take() {
            Some(Exists::Config(c)) => *c,
            Some(Exists::Paths(paths)) => ExistsConfig {
                paths: Some(paths),
                ..ExistsConfig::default()
            },
            None => ExistsConfig::default(),
        };
        self.exists = Some(Exists::Config(Box::new(f(ExistsBuilder(start)).0)));
        self
    }

    /// `variables` - adds a variable set when the rule matches (a string, an integer or a
    /// boolean).
    #[must_use]
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<Scalar>) -> Self {
        self.variables
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), value.into());
        self
    }

    /// `variables` - adds several variables set when the rule matches.
    #[must_use]
    pub fn variables<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<Scalar>,
    {
        let map = self.variables.get_or_insert_with(IndexMap::new);
        for (k, v) in vars {
            map.insert(k.into(), v.into());
        }
        self
    }

    /// `start_in` - the delay for `when: delayed` (`"30 minutes"`).
    #[must_use]
    pub fn start_in(mut self, delay: impl Into<String>) -> Self {
        self.start_in = Some(delay.into());
        self
    }

    /// `allow_failure` - whether the job may fail when this rule matched.
    #[must_use]
    pub fn allow_failure(mut self, allow: bool) -> Self {
        self.allow_failure = Some(allow);
        self
    }

    /// `interruptible` - replaces the job's `interruptible` when this rule matched.
    #[must_use]
    pub fn interruptible(mut self, interruptible: bool) -> Self {
        self.interruptible = Some(interruptible);
        self
    }

    /// `auto_cancel` - replaces `workflow:auto_cancel` when this rule matched (in
    /// `workflow:rules` only; validation reports it elsewhere).
    #[must_use]
    pub fn auto_cancel(mut self, f: impl FnOnce(AutoCancelBuilder) -> AutoCancelBuilder) -> Self {
        let start = self.auto_cancel.take().map(|a| *a).unwrap_or_default();
        self.auto_cancel = Some(Box::new(
            f(AutoCancelBuilder::from_model(start)).into_model(),
        ));
        self
    }
}

/// The long form of `rules:changes`.
#[derive(Debug, Clone)]
#[must_use]
pub struct ChangesBuilder(ChangesConfig);

impl ChangesBuilder {
    /// `paths` - appends globs.
    pub fn paths<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.paths, globs);
        self
    }

    /// `compare_to` - the ref to compare with (instead of the push's previous commit).
    pub fn compare_to(mut self, git_ref: impl Into<String>) -> Self {
        self.0.compare_to = Some(git_ref.into());
        self
    }

    /// `regexp` - a regular expression over changed paths (instead of `paths`).
    pub fn regexp(mut self, regexp: impl Into<String>) -> Self {
        self.0.regexp = Some(regexp.into());
        self
    }
}

/// The long form of `rules:exists`.
#[derive(Debug, Clone)]
#[must_use]
pub struct ExistsBuilder(ExistsConfig);

impl ExistsBuilder {
    /// `paths` - appends globs.
    pub fn paths<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.paths, globs);
        self
    }

    /// `project` - look in another project (`group/repo`).
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.0.project = Some(project.into());
        self
    }

    /// `ref` - the ref of `project` to look at.
    pub fn git_ref(mut self, git_ref: impl Into<String>) -> Self {
        self.0.git_ref = Some(git_ref.into());
        self
    }

    /// `regexp` - a regular expression over paths (instead of `paths`).
    pub fn regexp(mut self, regexp: impl Into<String>) -> Self {
        self.0.regexp = Some(regexp.into());
        self
    }
}

/// A `!reference [job, rules]` as a `rules:` item, for `.rule(...)` (GitLab flattens the
/// referenced rules into the list).
pub fn rules_reference<I, S>(parts: I) -> RuleItem
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    RuleItem::Other(StringItem::Reference(crate::model::Reference::new(parts)))
}

#[cfg(test)]
mod tests {
    use crate::builder::rules_reference;
    use crate::model::{Rule, When};
    use crate::{Pipeline, emit};

    fn rules_yaml(rules: Vec<crate::model::RuleItem>) -> String {
        let mut p = Pipeline::builder();
        p.job("j", |j| j.rules(rules).script("x"));
        let yaml = emit::to_string(&p.build()).unwrap();
        yaml.strip_prefix("j:\n  rules:\n")
            .and_then(|s| s.strip_suffix("  script:\n  - x\n"))
            .unwrap_or(&yaml)
            .to_owned()
    }

    #[test]
    fn builder_rule_short_forms() {
        let yaml = rules_yaml(vec![
            Rule::condition("$CI_PIPELINE_SOURCE == \"merge_request_event\"")
                .changes(["src/**/*"])
                .exists(["Cargo.toml"])
                .into(),
            Rule::always()
                .when(When::Delayed)
                .start_in("5 minutes")
                .allow_failure(true)
                .interruptible(false)
                .into(),
        ]);
        assert_eq!(
            yaml,
            "  - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    changes:\n    - src/**/*\n    \
             exists:\n    - Cargo.toml\n  - when: delayed\n    start_in: 5 minutes\n    \
             allow_failure: true\n    interruptible: false\n"
        );
    }

    #[test]
    fn builder_rule_long_forms() {
        let yaml = rules_yaml(vec![
            Rule::always()
                .changes(["a"])
                .changes_with(|c| c.paths(["b"]).compare_to("refs/heads/main"))
                .exists_with(|e| e.paths(["x.yml"]).project("g/p").git_ref("main"))
                .variables([("A", "1"), ("B", "2")])
                .into(),
            rules_reference([".rules", "rules"]),
        ]);
        assert_eq!(
            yaml,
            "  - changes:\n      paths:\n      - a\n      - b\n      compare_to: refs/heads/main\n    \
             exists:\n      paths:\n      - x.yml\n      project: g/p\n      ref: main\n    \
             variables:\n      A: \"1\"\n      B: \"2\"\n  - !reference\n    - .rules\n    - rules\n"
        );
    }
}
