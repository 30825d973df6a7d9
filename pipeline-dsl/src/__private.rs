//! Helpers that the expansions of `pipeline!`, `#[derive(Stages)]` and
//! `#[derive(Variables)]` call. Not API: hidden from the docs, and free to change with
//! any release of `pipeline-macros` (which `pipeline-dsl` pins with `=`).

use crate::model::{Mapping, Pipeline, Value, VariableConfig};

/// The value a `pipeline!` invocation with errors evaluates to, so that the compile
/// errors are the only ones reported.
#[inline]
pub fn fallback_pipeline() -> Pipeline {
    Pipeline::new()
}

/// A YAML sequence from values.
pub fn seq<const N: usize>(items: [Value; N]) -> Value {
    Value::Seq(items.into())
}

/// A YAML mapping from keys and values, in order.
pub fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Mapping>(),
    )
}

/// Any value the builder turns into a YAML value.
pub fn value(v: impl Into<Value>) -> Value {
    v.into()
}

/// A script line, a path or any other text, from anything the builder takes as text.
pub fn text(s: impl Into<String>) -> String {
    s.into()
}

/// The long form of a variable, from a field of a `#[derive(Variables)]` struct.
pub fn variable(value: &impl std::fmt::Display, description: Option<&str>) -> VariableConfig {
    let mut config = VariableConfig::new(value.to_string());
    config.description = description.map(str::to_owned);
    config
}
