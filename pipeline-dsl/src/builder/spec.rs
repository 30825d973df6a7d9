//! `spec:` - the header of a file meant to be included with inputs (a CI/CD component or
//! a configurable template) - and input definitions, which a job's `inputs:` shares.
//!
//! The emitter writes the header as its own YAML document, then `---`.

use indexmap::IndexMap;

use crate::model::{Include, InputRule, InputSpec, Spec, Value};

/// `spec:`, made by [`PipelineBuilder::spec`](super::PipelineBuilder::spec).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.spec(|s| {
///     s.input("stage", |i| i.default("test"))
///         .input("environment", |i| i.options(["staging", "production"]))
/// });
/// p.job("deploy", |j| j.script("./deploy $[[ inputs.environment ]]"));
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "spec:\n  inputs:\n    stage:\n      default: test\n    environment:\n      options:\n      \
///      - staging\n      - production\n---\ndeploy:\n  script:\n  - ./deploy $[[ inputs.environment ]]\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SpecBuilder(Spec);

impl SpecBuilder {
    pub(crate) fn from_model(model: Spec) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> Spec {
        self.0
    }

    /// `inputs:NAME` - defines an input (`{type, description, options, regex, default,
    /// rules}`); an input without `default` is required.
    pub fn input(
        mut self,
        name: impl Into<String>,
        f: impl FnOnce(InputBuilder) -> InputBuilder,
    ) -> Self {
        let inputs = self.0.inputs.get_or_insert_with(IndexMap::new);
        let name = name.into();
        let start = inputs.get(&name).cloned().flatten().unwrap_or_default();
        inputs.insert(name, Some(f(InputBuilder(start)).0));
        self
    }

    /// `inputs:NAME` with no value (`NAME:` alone) - a required string input.
    pub fn input_bare(mut self, name: impl Into<String>) -> Self {
        self.0
            .inputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), None);
        self
    }

    /// `include` - adds a file whose `spec:inputs` this header takes.
    pub fn include(mut self, include: impl Into<Include>) -> Self {
        self.0
            .include
            .get_or_insert_with(Vec::new)
            .push(include.into());
        self
    }

    /// `component` - adds a component context value the file uses (`name`, `sha`,
    /// `version`, `reference`).
    pub fn component(self, value: impl Into<String>) -> Self {
        self.components([value])
    }

    /// `component` - adds component context values.
    pub fn components<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        crate::builder::lists::extend_strings(&mut self.0.component, values);
        self
    }
}

/// One input's definition: `spec:inputs:NAME`, or a job's `inputs:NAME`.
#[derive(Debug, Clone)]
#[must_use]
pub struct InputBuilder(InputSpec);

impl InputBuilder {
    pub(crate) fn from_model(model: InputSpec) -> Self {
        Self(model)
    }

    pub(crate) fn into_model(self) -> InputSpec {
        self.0
    }

    /// `type` - `string` (the default), `number`, `boolean` or `array`.
    pub fn input_type(mut self, input_type: impl Into<String>) -> Self {
        self.0.input_type = Some(input_type.into());
        self
    }

    /// `description` - at most 1024 characters.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// `options` - adds an allowed value.
    pub fn option(self, option: impl Into<Value>) -> Self {
        self.options([option])
    }

    /// `options` - adds allowed values.
    pub fn options<I, V>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.0
            .options
            .get_or_insert_with(Vec::new)
            .extend(options.into_iter().map(Into::into));
        self
    }

    /// `regex` - a pattern that string values must match.
    pub fn regex(mut self, regex: impl Into<String>) -> Self {
        self.0.regex = Some(regex.into());
        self
    }

    /// `default` - the value when none is given (makes the input optional).
    pub fn default(mut self, value: impl Into<Value>) -> Self {
        self.0.default = Some(value.into());
        self
    }

    /// `rules` - adds a rule choosing options and a default from other inputs; its
    /// `default` is required, so it is an argument.
    pub fn rule(
        mut self,
        default: impl Into<Value>,
        f: impl FnOnce(InputRuleBuilder) -> InputRuleBuilder,
    ) -> Self {
        let rule = f(InputRuleBuilder(InputRule {
            default: default.into(),
            ..InputRule::default()
        }))
        .0;
        self.0.rules.get_or_insert_with(Vec::new).push(rule);
        self
    }
}

/// One `spec:inputs:NAME:rules` item.
#[derive(Debug, Clone)]
#[must_use]
pub struct InputRuleBuilder(InputRule);

impl InputRuleBuilder {
    /// `if` - an expression over other inputs (`$[[ inputs.env ]] == "prod"`).
    pub fn condition(mut self, expr: impl Into<String>) -> Self {
        self.0.condition = Some(expr.into());
        self
    }

    /// `options` - adds an allowed value when this rule matches.
    pub fn option(self, option: impl Into<Value>) -> Self {
        self.options([option])
    }

    /// `options` - adds allowed values when this rule matches.
    pub fn options<I, V>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.0
            .options
            .get_or_insert_with(Vec::new)
            .extend(options.into_iter().map(Into::into));
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Include;
    use crate::{Pipeline, emit};

    #[test]
    fn builder_spec_every_key() {
        let mut p = Pipeline::builder();
        p.spec(|s| {
            s.input_bare("name")
                .input("count", |i| {
                    i.input_type("number")
                        .description("how many")
                        .option(1_i64)
                        .option(2_i64)
                        .default(1_i64)
                })
                .input("tag", |i| {
                    i.regex("^v\\d+$").rule("v1", |r| {
                        r.condition("$[[ inputs.name ]] == \"x\"")
                            .options(["v1", "v2"])
                    })
                })
                .include(Include::local("inputs.yml"))
                .component("version")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "spec:\n  inputs:\n    name: null\n    count:\n      type: number\n      description: how many\n      \
             options:\n      - 1\n      - 2\n      default: 1\n    tag:\n      regex: ^v\\d+$\n      rules:\n      \
             - if: $[[ inputs.name ]] == \"x\"\n        options:\n        - v1\n        - v2\n        default: v1\n  \
             include:\n  - local: inputs.yml\n  component:\n  - version\n---\n"
        );
    }
}
