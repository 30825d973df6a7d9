//! Import of `variables:` at the top level, in jobs and in rules.
//!
//! GitLab's schema: a mapping from any name to a string, a number or a boolean (the
//! written type is kept, so that re-emitting gives the same data), or to the long form:
//! `{value: string, description: string, options: [unique strings, at least one],
//! expand: boolean}` at the top level, `{value, expand}` in jobs and services; nothing
//! but scalars in `rules:variables`. Null is not a value (write `""`). The name `<<` is
//! refused: GitLab's YAML loader merges it even when it is quoted.

use indexmap::IndexMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Float, Scalar, VariableConfig, VariableValue, Variables};

use super::cx::Cx;
use super::node::{Entry, Node, NodeKind, Scalar as Yaml};

/// Where a `variables:` mapping stands: it decides which long-form keys are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Global,
    Job,
}

/// Top-level `variables:` (long form with description/options/expand).
pub(crate) fn global_variables(node: &Node, cx: &mut Cx) -> Option<Variables> {
    variables(node, cx, Level::Global)
}

/// Job and service `variables:` (long form with value/expand).
pub(crate) fn job_variables(node: &Node, cx: &mut Cx) -> Option<Variables> {
    variables(node, cx, Level::Job)
}

/// `rules:variables` (scalars only).
#[allow(
    dead_code,
    reason = "called by the `rules` converter, written in parallel"
)]
pub(crate) fn rule_variables(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, Scalar>> {
    let Some(entries) = node.entries() else {
        return cx.expected(node, "a mapping of variable names to values");
    };
    let before = cx.diagnostics.len();
    let mut out = IndexMap::new();
    for entry in entries {
        if !name_ok(entry, cx) {
            continue;
        }
        let value = cx.at(&entry.key, |cx| match scalar(&entry.value) {
            Some(s) => Some(s),
            None => value_error(&entry.value, cx, "a string, a number or a boolean"),
        });
        if let Some(value) = value {
            out.insert(entry.key.clone(), value);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

fn variables(node: &Node, cx: &mut Cx, level: Level) -> Option<Variables> {
    let Some(entries) = node.entries() else {
        return cx.expected(node, "a mapping of variable names to values");
    };
    let before = cx.diagnostics.len();
    let mut out = Variables::default();
    for entry in entries {
        if !name_ok(entry, cx) {
            continue;
        }
        if let Some(value) = cx.at(&entry.key, |cx| value(&entry.value, cx, level)) {
            out.0.insert(entry.key.clone(), value);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

/// Refuses the name `<<`.
fn name_ok(entry: &Entry, cx: &mut Cx) -> bool {
    if entry.key != "<<" {
        return true;
    }
    cx.at("<<", |cx| {
        cx.error_help(
            entry.key_span,
            "`<<` cannot be a variable name: GitLab's YAML loader merges it even when quoted",
            "rename the variable",
        );
    });
    false
}

/// A scalar as written, or `None` for null and collections.
fn scalar(node: &Node) -> Option<Scalar> {
    match &node.kind {
        NodeKind::Scalar(Yaml::Str(s)) => Some(Scalar::String(s.clone())),
        NodeKind::Scalar(Yaml::Int(i)) => Some(Scalar::Int(*i)),
        NodeKind::Scalar(Yaml::Float(f)) => Some(Scalar::Float(Float(*f))),
        NodeKind::Scalar(Yaml::Bool(b)) => Some(Scalar::Bool(*b)),
        _ => None,
    }
}

/// "expected {what}, found ...", with a hint for null.
fn value_error<T>(node: &Node, cx: &mut Cx, what: &str) -> Option<T> {
    if node.is_null() {
        cx.error_help(
            node.span,
            format!("expected {what}, found null"),
            "write `\"\"` for an empty value",
        );
        return None;
    }
    cx.expected(node, what)
}

fn value(node: &Node, cx: &mut Cx, level: Level) -> Option<VariableValue> {
    if let Some(s) = scalar(node) {
        return Some(VariableValue::Value(s));
    }
    match (&node.kind, level) {
        (NodeKind::Map(_), _) => {
            config(node, cx, level).map(|c| VariableValue::Config(Box::new(c)))
        }
        (_, Level::Global) => value_error(
            node,
            cx,
            "a string, a number, a boolean or a mapping with `value`, `description`, \
             `options` or `expand`",
        ),
        (_, Level::Job) => value_error(
            node,
            cx,
            "a string, a number, a boolean or a mapping with `value` or `expand`",
        ),
    }
}

/// `value:` of the long form: a string only.
fn long_value(node: &Node, cx: &mut Cx) -> Option<String> {
    if matches!(
        node.kind,
        NodeKind::Scalar(Yaml::Int(_) | Yaml::Float(_) | Yaml::Bool(_))
    ) {
        let found = node.found();
        cx.error_help(
            node.span,
            format!("expected a string, found {found}"),
            "the long form takes a string `value`: quote it",
        );
        return None;
    }
    cx.string(node)
}

/// The long form.
fn config(node: &Node, cx: &mut Cx, level: Level) -> Option<VariableConfig> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping")?;
    if level == Level::Job && !cx.allow_unknown {
        // Known keys in the wrong place: a clearer word than "did you mean".
        for key in ["description", "options"] {
            if m.node(key).is_none() {
                continue;
            }
            let span = node
                .entries()
                .and_then(|e| e.iter().find(|e| e.key == key))
                .map_or(node.span, |e| e.key_span);
            let path = cx.path().clone().key(key);
            cx.push(
                Diagnostic::error(
                    "unknown-keyword",
                    path,
                    format!("`{key}` is not a keyword of a job variable"),
                )
                .with_span(span)
                .with_help(
                    "`description` and `options` are allowed only in the top-level `variables:`",
                ),
            );
        }
    }
    let config = VariableConfig {
        value: m.with(cx, "value", long_value),
        description: m.with(cx, "description", |n, cx| cx.string(n)),
        options: m.with(cx, "options", |n, cx| {
            let options = cx.list_len(n, "strings", 1, usize::MAX, |n, cx| cx.string(n))?;
            cx.unique(n, options)
        }),
        expand: m.get(cx, "expand"),
    };
    let known: &[&str] = match level {
        Level::Global => &["value", "description", "options", "expand"],
        Level::Job => &["value", "expand"],
    };
    m.finish_strict(cx, known, "a variable");
    (cx.diagnostics.len() == before).then_some(config)
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use indexmap::IndexMap;

    use super::super::cx::Cx;
    use super::super::reader;
    use super::super::script::test_support::{
        accept, accept_unknown, check_fixtures, fixture_dir, job, refuse, refused_with,
    };
    use super::rule_variables;
    use crate::model::{Float, Scalar, VariableConfig, VariableValue, Variables};

    #[test]
    fn scalars_keep_their_written_type() {
        let p = accept(
            "variables:\n  S: hello\n  Q: 'yes'\n  I: 0755\n  F: 1.5\n  B: on\n  E: ''\n  123: x\n",
        );
        let expected = Variables::from([
            ("S", Scalar::from("hello")),
            ("Q", Scalar::from("yes")),
            ("I", Scalar::Int(493)),
            ("F", Scalar::Float(Float(1.5))),
            ("B", Scalar::Bool(true)),
            ("E", Scalar::from("")),
            ("123", Scalar::from("x")),
        ]);
        assert_eq!(p.variables, Some(expected));
        assert_eq!(
            accept("variables: {}\n").variables,
            Some(Variables::default())
        );
    }

    #[test]
    fn global_long_form() {
        let p = accept(
            "variables:\n  A:\n    value: staging\n    options: [production, staging]\n    \
             description: where\n    expand: false\n  B:\n    description: only this\n",
        );
        let mut a = VariableConfig::new("staging");
        a.options = Some(vec!["production".into(), "staging".into()]);
        a.description = Some("where".into());
        a.expand = Some(false);
        let mut b = VariableConfig::default();
        b.description = Some("only this".into());
        let vars = p.variables.unwrap();
        assert_eq!(vars.get("A"), Some(&VariableValue::Config(Box::new(a))));
        assert_eq!(vars.get("B"), Some(&VariableValue::Config(Box::new(b))));
    }

    #[test]
    fn global_constraints() {
        refused_with(
            "variables:\n",
            "variables",
            "a mapping of variable names to values, found null",
        );
        refused_with("variables: [A]\n", "variables", "found a list");
        let d = refused_with("variables:\n  A:\n", "variables.A", "found null");
        assert_eq!(d.help.as_deref(), Some("write `\"\"` for an empty value"));
        refused_with("variables:\n  A: [a]\n", "variables.A", "found a list");
        refused_with(
            "variables:\n  A: {value: 1}\n",
            "variables.A.value",
            "expected a string, found the integer `1`",
        );
        refused_with(
            "variables:\n  A: {value: [a]}\n",
            "variables.A.value",
            "expected a string",
        );
        refused_with(
            "variables:\n  A: {options: staging}\n",
            "variables.A.options",
            "a list of strings",
        );
        refused_with(
            "variables:\n  A: {options: []}\n",
            "variables.A.options",
            "at least 1",
        );
        refused_with(
            "variables:\n  A: {options: [a, a]}\n",
            "variables.A.options",
            "listed twice",
        );
        refused_with(
            "variables:\n  A: {options: [a, 1]}\n",
            "variables.A.options[1]",
            "expected a string",
        );
        refused_with(
            "variables:\n  A: {description: 1}\n",
            "variables.A.description",
            "expected a string",
        );
        refused_with(
            "variables:\n  A: {expand: okay}\n",
            "variables.A.expand",
            "`true` or `false`",
        );
        let d = refused_with(
            "variables:\n  A: {value: a, desc: b}\n",
            "variables.A.desc",
            "not a keyword of a variable",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `description`?"));
        let d = refused_with(
            "variables:\n  A: {value: a, zzz: b}\n",
            "variables.A.zzz",
            "not a keyword of a variable",
        );
        assert_eq!(
            d.help.as_deref(),
            Some("the keywords of a variable are `value`, `description`, `options` or `expand`")
        );
        // every bad variable is reported
        assert_eq!(refuse("variables:\n  A:\n  B: ok\n  C: [x]\n").len(), 2);
    }

    #[test]
    fn merge_key_name_is_refused() {
        let d = refused_with(
            "variables:\n  '<<': x\n",
            "variables.\"<<\"",
            "`<<` cannot be a variable name",
        );
        assert_eq!(d.help.as_deref(), Some("rename the variable"));
        refused_with(
            "j:\n  script: x\n  variables:\n    !!str <<: {A: b}\n",
            "jobs.\"j\".variables.\"<<\"",
            "merges it",
        );
    }

    #[test]
    fn job_variables() {
        let j = job(
            "j:\n  script: x\n  variables:\n    A: 1\n    B: {value: $A, expand: false}\n",
            "j",
        );
        let mut b = VariableConfig::new("$A");
        b.expand = Some(false);
        let expected = Variables::from([
            ("A", VariableValue::Value(Scalar::Int(1))),
            ("B", VariableValue::Config(Box::new(b))),
        ]);
        assert_eq!(j.variables, Some(expected));
        let d = refused_with(
            "j:\n  script: x\n  variables:\n    A: {value: a, description: b}\n",
            "jobs.\"j\".variables.A.description",
            "`description` is not a keyword of a job variable",
        );
        assert_eq!(d.code, "unknown-keyword");
        assert!(d.help.unwrap().contains("top-level `variables:`"));
        refused_with(
            "j:\n  script: x\n  variables:\n    A: {options: [a]}\n",
            "jobs.\"j\".variables.A.options",
            "not a keyword of a job variable",
        );
        refused_with(
            "j:\n  script: x\n  variables:\n    A:\n",
            "jobs.\"j\".variables.A",
            "`value` or `expand`, found null",
        );
        refused_with(
            "j:\n  script: x\n  variables: a\n",
            "jobs.\"j\".variables",
            "expected a mapping",
        );
        // kept in the model when unknown keys are allowed: nothing is dropped
        let p = accept_unknown("j:\n  script: x\n  variables:\n    A: {description: b}\n");
        let mut a = VariableConfig::default();
        a.description = Some("b".into());
        assert_eq!(
            p.job("j").unwrap().variables.as_ref().unwrap().get("A"),
            Some(&VariableValue::Config(Box::new(a)))
        );
    }

    fn rules_vars(text: &str) -> (Option<IndexMap<String, Scalar>>, Vec<String>) {
        let loaded = reader::load(text).expect("valid YAML");
        let mut cx = Cx::new(false);
        let out = rule_variables(&loaded.documents[0], &mut cx);
        let errors = cx
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect();
        (out, errors)
    }

    #[test]
    fn rule_variables_are_scalars() {
        let (out, errors) = rules_vars("A: a\nB: 2\nC: 2.5\nD: false\n");
        assert!(errors.is_empty());
        let expected: IndexMap<String, Scalar> = [
            ("A".to_owned(), Scalar::from("a")),
            ("B".to_owned(), Scalar::Int(2)),
            ("C".to_owned(), Scalar::Float(Float(2.5))),
            ("D".to_owned(), Scalar::Bool(false)),
        ]
        .into_iter()
        .collect();
        assert_eq!(out, Some(expected));
        let (out, errors) = rules_vars("A: {value: a}\nB:\n'<<': c\n");
        assert_eq!(out, None);
        assert_eq!(
            errors,
            [
                "A: expected a string, a number or a boolean, found a mapping",
                "B: expected a string, a number or a boolean, found null",
                "\"<<\": `<<` cannot be a variable name: GitLab's YAML loader merges it even when quoted",
            ]
        );
        let (out, errors) = rules_vars("[a]\n");
        assert_eq!(out, None);
        assert_eq!(
            errors,
            ["(root): expected a mapping of variable names to values, found a list"]
        );
    }

    #[test]
    fn schema_fixtures() {
        let Some(dir) = fixture_dir() else {
            return;
        };
        let mut negative: Vec<String> = std::fs::read_dir(dir.join("negative/variables"))
            .unwrap()
            .map(|e| format!("variables/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        negative.sort();
        let negative: Vec<&str> = negative.iter().map(String::as_str).collect();
        assert!(check_fixtures(&["variables.yml"], &negative, &["variables"]) >= 5);
    }
}
