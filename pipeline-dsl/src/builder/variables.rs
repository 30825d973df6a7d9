//! The long form of a variable (`NAME: {value: ..., description: ..., options: [...],
//! expand: false}`).
//!
//! `.variable("NAME", "value")` writes the short form, `NAME: value`; values may be
//! strings, integers or booleans and keep that type in the YAML. `.variable_with` writes
//! the long form.

use indexmap::IndexMap;

use crate::builder::lists::extend_strings;
use crate::model::{VariableConfig, VariableValue, Variables};

/// The long form of one variable. `description` and `options` are for global variables
/// only (GitLab shows them when someone runs a pipeline by hand); validation reports
/// them on a job.
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.variable("RUST_BACKTRACE", 1_i64).variable_with("DEPLOY_ENV", |v| {
///     v.value("staging")
///         .description("Where to deploy")
///         .options(["staging", "production"])
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "variables:\n  RUST_BACKTRACE: 1\n  DEPLOY_ENV:\n    value: staging\n    \
///      description: Where to deploy\n    options:\n    - staging\n    - production\n"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct VariableBuilder(VariableConfig);

impl VariableBuilder {
    /// `value`.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.0.value = Some(value.into());
        self
    }

    /// `description` - shown when running a pipeline by hand (global variables only).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// `options` - adds one value offered when running a pipeline by hand.
    pub fn option(mut self, option: impl Into<String>) -> Self {
        extend_strings(&mut self.0.options, [option]);
        self
    }

    /// `options` - adds values offered when running a pipeline by hand.
    pub fn options<I, S>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.options, options);
        self
    }

    /// `expand` - whether `$VAR` references inside the value are expanded (`false` keeps
    /// the value raw).
    pub fn expand(mut self, expand: bool) -> Self {
        self.0.expand = Some(expand);
        self
    }
}

/// Sets one variable in `slot` (replacing one of the same name in place).
pub(crate) fn set_variable(
    slot: &mut Option<Variables>,
    name: impl Into<String>,
    value: impl Into<VariableValue>,
) {
    // Room for the one variable being set: most jobs set one or two, and a map's first
    // insert would otherwise keep room for three.
    slot.get_or_insert_with(|| Variables(IndexMap::with_capacity(1)))
        .insert(name, value);
}

/// Sets several variables in `slot`.
pub(crate) fn set_variables<I, K, V>(slot: &mut Option<Variables>, vars: I)
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<VariableValue>,
{
    let map = slot.get_or_insert_with(Variables::default);
    for (k, v) in vars {
        map.insert(k, v);
    }
}

/// Sets one variable in its long form, built by `f` from the current long form (or an
/// empty one).
pub(crate) fn set_variable_with(
    slot: &mut Option<Variables>,
    name: impl Into<String>,
    f: impl FnOnce(VariableBuilder) -> VariableBuilder,
) {
    let name = name.into();
    let map = slot.get_or_insert_with(Variables::default);
    let start = match map.get(&name) {
        Some(VariableValue::Config(c)) => (**c).clone(),
        Some(VariableValue::Value(v)) => VariableConfig::new(v.to_env_string()),
        None => VariableConfig::default(),
    };
    map.insert(
        name,
        VariableValue::Config(Box::new(f(VariableBuilder(start)).0)),
    );
}

#[cfg(test)]
mod tests {
    use crate::{Pipeline, emit};

    #[test]
    fn builder_variables_short_forms_keep_their_type() {
        let mut p = Pipeline::builder();
        p.variables([("A", "x")])
            .variable("B", true)
            .variable("C", 3_i64)
            .variable("A", "replaced");
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "variables:\n  A: replaced\n  B: true\n  C: 3\n"
        );
    }

    #[test]
    fn builder_variable_long_form_on_a_job() {
        let mut p = Pipeline::builder();
        p.job("j", |j| {
            j.variable_with("RAW", |v| v.value("$NOT_EXPANDED").expand(false))
                .variable_with("PICK", |v| v.option("a").option("b"))
                .script("true")
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "j:\n  variables:\n    RAW:\n      value: $NOT_EXPANDED\n      expand: false\n    \
             PICK:\n      options:\n      - a\n      - b\n  script:\n  - \"true\"\n"
        );
    }

    #[test]
    fn builder_variable_with_continues_from_the_short_form() {
        let mut p = Pipeline::builder();
        p.variable("ENV", "dev")
            .variable_with("ENV", |v| v.description("target"));
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "variables:\n  ENV:\n    value: dev\n    description: target\n"
        );
    }
}
