//! Import of the `spec:` header and job `inputs:`.
//!
//! An input definition has `type` (`string` by default, `number`, `boolean`, `array`),
//! `description` (at most 1024 characters), `options` (strings, numbers, booleans),
//! `regex`, `default` (of the input's type) and, in `spec:inputs` only, `rules` (then
//! neither `options` nor `default`). A job input must have a `default`; a `spec` input's
//! default may also be null, and the whole definition may be null.

use indexmap::IndexMap;

use crate::model::{InputRule, InputSpec, SPEC_COMPONENT_VALUES, Spec, Value};

use super::cx::{Cx, FromNode};
use super::include::{Place, include_item};
use super::node::{Node, NodeKind, Scalar};
use super::rules::reference_unsupported;

const SPEC_KEYS: [&str; 4] = ["inputs", "include", "component", "description"];
const INPUT_TYPES: [&str; 4] = ["array", "boolean", "number", "string"];
const SPEC_INPUT_KEYS: [&str; 6] = [
    "type",
    "description",
    "options",
    "regex",
    "default",
    "rules",
];
const JOB_INPUT_KEYS: [&str; 5] = ["type", "description", "options", "regex", "default"];
const INPUT_RULE_KEYS: [&str; 3] = ["if", "options", "default"];

impl FromNode for Spec {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let mut m = cx.map(
            node,
            "a mapping with `inputs`, `include`, `component` or `description`",
        )?;
        let before = cx.diagnostics.len();
        let spec = Spec {
            inputs: m.with(cx, "inputs", spec_inputs),
            include: m.with(cx, "include", |n, cx| {
                cx.list(n, "include items", |n, cx| include_item(n, cx, Place::Spec))
            }),
            component: m.with(cx, "component", |n, cx| {
                let names = cx.list(n, "component fields", |n, cx| {
                    cx.enum_string(n, &SPEC_COMPONENT_VALUES)
                })?;
                cx.unique(n, names)
            }),
        };
        m.with(cx, "description", |n, cx| {
            cx.string_max(n, 0, 256)?;
            cx.error_help(
                n.span,
                "`spec:description` cannot be imported yet: pipeline-dsl's model has no place for it",
                "remove the description (it is only shown in the CI/CD Catalog)",
            );
            None::<()>
        });
        m.finish_strict(cx, &SPEC_KEYS, "`spec`");
        (cx.diagnostics.len() == before).then_some(spec)
    }
}

/// `spec:inputs` - input names to a definition or null.
fn spec_inputs(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, Option<InputSpec>>> {
    let mut m = cx.map(node, "a mapping of input names to definitions")?;
    let before = cx.diagnostics.len();
    let mut out = IndexMap::new();
    for e in m.entries() {
        let def = cx.at(&e.key, |cx| match e.value.kind {
            NodeKind::Scalar(Scalar::Null) => Some(None),
            _ => input(&e.value, cx, Where::Spec).map(Some),
        });
        if let Some(def) = def {
            out.insert(e.key.clone(), def);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

/// A job's `inputs:` (at most 50).
pub(crate) fn job_inputs(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, InputSpec>> {
    let mut m = cx.map(node, "a mapping of input names to definitions")?;
    let before = cx.diagnostics.len();
    let entries = m.entries();
    if entries.len() > 50 {
        cx.error(
            node.span,
            format!("expected at most 50 inputs, found {}", entries.len()),
        );
    }
    let mut out = IndexMap::new();
    for e in entries {
        if let Some(def) = cx.at(&e.key, |cx| input(&e.value, cx, Where::Job)) {
            out.insert(e.key.clone(), def);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

/// Which kind of input definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Spec,
    Job,
}

fn input(node: &Node, cx: &mut Cx, place: Where) -> Option<InputSpec> {
    let mut m = cx.map(node, "an input definition (a mapping)")?;
    let before = cx.diagnostics.len();
    let input_type: Option<String> = m.with(cx, "type", |n, cx| cx.enum_string(n, &INPUT_TYPES));
    let type_ok = !m.has("type") || input_type.is_some();
    let mut spec = InputSpec {
        description: m.with(cx, "description", |n, cx| cx.string_max(n, 0, 1024)),
        options: m.with(cx, "options", |n, cx| options(n, cx, usize::MAX)),
        regex: m.get(cx, "regex"),
        default: m.with(cx, "default", |n, cx| {
            if type_ok {
                default_of_type(n, cx, input_type.as_deref(), place == Where::Spec)?;
            }
            Some(n.to_value())
        }),
        input_type,
        rules: None,
    };
    match place {
        Where::Spec => {
            spec.rules = m.with(cx, "rules", |n, cx| cx.list(n, "input rules", input_rule));
            if m.has("rules") {
                for key in ["options", "default"] {
                    if let Some(value) = m.node(key) {
                        cx.at(key, |cx| {
                            cx.error_help(
                                value.span,
                                format!("an input with `rules` cannot have its own `{key}`"),
                                format!("give `{key}` in each rule instead"),
                            );
                        });
                    }
                }
            }
            m.finish_strict(cx, &SPEC_INPUT_KEYS, "an input definition");
        }
        Where::Job => {
            if !m.has("default") {
                cx.error(node.span, "a job input needs the key `default`");
            }
            m.finish_strict(cx, &JOB_INPUT_KEYS, "a job input definition");
        }
    }
    (cx.diagnostics.len() == before).then_some(spec)
}

/// `options:` - strings, numbers and booleans.
fn options(node: &Node, cx: &mut Cx, max: usize) -> Option<Vec<Value>> {
    if let NodeKind::Reference(_) = node.kind {
        return reference_unsupported(node, cx);
    }
    cx.list_len(node, "options", 0, max, |n, cx| match n.kind {
        NodeKind::Scalar(Scalar::Str(_) | Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_)) => {
            Some(n.to_value())
        }
        _ => cx.expected(n, "a string, a number or a boolean"),
    })
}

/// Checks that `default` has the input's type (no type: a string); `null` is allowed in
/// `spec:inputs`.
fn default_of_type(
    node: &Node,
    cx: &mut Cx,
    input_type: Option<&str>,
    null_ok: bool,
) -> Option<()> {
    if null_ok && node.is_null() {
        return Some(());
    }
    let ok = match input_type {
        Some("number") => matches!(
            node.kind,
            NodeKind::Scalar(Scalar::Int(_) | Scalar::Float(_))
        ),
        Some("boolean") => matches!(node.kind, NodeKind::Scalar(Scalar::Bool(_))),
        Some("array") => matches!(node.kind, NodeKind::Seq(_) | NodeKind::Reference(_)),
        _ => node.as_str().is_some(),
    };
    if ok {
        return Some(());
    }
    let what = match input_type {
        Some("number") => "a number (the input's `type` is `number`)",
        Some("boolean") => "`true` or `false` (the input's `type` is `boolean`)",
        Some("array") => "a list (the input's `type` is `array`)",
        Some(_) => "a string (the input's `type` is `string`)",
        None => "a string (an input without `type` is a string)",
    };
    cx.expected(node, what)
}

/// One `spec:inputs:NAME:rules` item: `{if, options (at most 50), default}`.
fn input_rule(node: &Node, cx: &mut Cx) -> Option<InputRule> {
    let mut m = cx.map(node, "a mapping with `if`, `options` and `default`")?;
    let before = cx.diagnostics.len();
    let condition = m.get(cx, "if");
    let options = m.with(cx, "options", |n, cx| options(n, cx, 50));
    let default = m.required(cx, "default", "an input rule", |n, _| Some(n.to_value()));
    m.finish_strict(cx, &INPUT_RULE_KEYS, "an input rule");
    let rule = InputRule {
        condition,
        options,
        default: default?,
    };
    (cx.diagnostics.len() == before).then_some(rule)
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use crate::import::from_str;
    use crate::model::{Include, InputRule, InputSpec, Spec, Value};

    fn spec(yaml: &str) -> Spec {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .spec
            .expect("spec")
    }

    use super::super::script::test_support::errors;

    fn def(input_type: Option<&str>, default: Option<Value>) -> InputSpec {
        InputSpec {
            input_type: input_type.map(str::to_owned),
            default,
            ..InputSpec::default()
        }
    }

    #[test]
    fn header_with_inputs_include_and_component() {
        let got = spec(
            "spec:\n  inputs:\n    name:\n    stage:\n      default: test\n      description: The stage\n      options: [test, deploy, 1, true]\n      regex: ^[a-z]+$\n    count: {type: number, default: 2.5}\n    flag: {type: boolean, default: null}\n    list: {type: array, default: [a]}\n    by_branch:\n      rules:\n        - if: $CI_COMMIT_TAG\n          options: [a]\n          default: a\n        - default: b\n  include:\n    - local: inputs.yml\n  component: [name, version]\n---\njob:\n  trigger: g/p\n",
        );
        let mut inputs = IndexMap::new();
        inputs.insert("name".to_owned(), None);
        let mut stage = def(None, Some(Value::from("test")));
        stage.description = Some("The stage".into());
        stage.options = Some(vec![
            Value::from("test"),
            Value::from("deploy"),
            Value::Int(1),
            Value::Bool(true),
        ]);
        stage.regex = Some("^[a-z]+$".into());
        inputs.insert("stage".to_owned(), Some(stage));
        inputs.insert(
            "count".to_owned(),
            Some(def(
                Some("number"),
                Some(Value::Float(crate::model::Float(2.5))),
            )),
        );
        inputs.insert(
            "flag".to_owned(),
            Some(def(Some("boolean"), Some(Value::Null))),
        );
        inputs.insert(
            "list".to_owned(),
            Some(def(Some("array"), Some(Value::Seq(vec![Value::from("a")])))),
        );
        let first = InputRule {
            condition: Some("$CI_COMMIT_TAG".into()),
            options: Some(vec![Value::from("a")]),
            default: Value::from("a"),
        };
        let second = InputRule {
            condition: None,
            options: None,
            default: Value::from("b"),
        };
        let by_branch = InputSpec {
            rules: Some(vec![first, second]),
            ..InputSpec::default()
        };
        inputs.insert("by_branch".to_owned(), Some(by_branch));
        let expected = Spec {
            inputs: Some(inputs),
            include: Some(vec![Include::local("inputs.yml")]),
            component: Some(vec!["name".into(), "version".into()]),
        };
        assert_eq!(got, expected);
    }

    #[test]
    fn spec_constraints() {
        assert_eq!(
            errors("spec:\n  component: [name, branch]\n---\n{}\n"),
            ["spec.component[1]: `branch` is not one of `name`, `sha`, `version` or `reference`"]
        );
        assert_eq!(
            errors("spec:\n  component: [name, name]\n---\n{}\n"),
            ["spec.component: this item is listed twice; items must be unique"]
        );
        assert_eq!(
            errors("spec:\n  interruptible: true\n---\n{}\n"),
            ["spec.interruptible: `interruptible` is not a keyword of `spec`"]
        );
        assert_eq!(
            errors("spec:\n  include:\n    - template: Auto-DevOps.gitlab-ci.yml\n---\n{}\n"),
            [
                "spec.include[0]: `spec:include` cannot use `template`; it takes one of `local`, `project` or `remote`"
            ]
        );
        assert_eq!(
            errors("spec:\n  include:\n    - local: a.yml\n      inputs: {a: b}\n---\n{}\n"),
            ["spec.include[0].inputs: `inputs` is not a keyword of `spec:include` with `local`"]
        );
        let long = "d".repeat(257);
        assert_eq!(
            errors(&format!("spec:\n  description: {long}\n---\n{{}}\n")),
            ["spec.description: expected a string of 0 to 256 characters, found 257 characters"]
        );
        assert_eq!(
            errors("spec:\n  description: short\n---\n{}\n"),
            [
                "spec.description: `spec:description` cannot be imported yet: pipeline-dsl's model has no place for it"
            ]
        );
    }

    #[test]
    fn spec_input_constraints() {
        let cases = [
            (
                "type: string\n      default: 123",
                "spec.inputs.i.default: expected a string (the input's `type` is `string`), found the integer `123`",
            ),
            (
                "type: number\n      default: x",
                "spec.inputs.i.default: expected a number (the input's `type` is `number`), found the string `x`",
            ),
            (
                "type: boolean\n      default: 'true'",
                "spec.inputs.i.default: expected `true` or `false` (the input's `type` is `boolean`), found the string `true`",
            ),
            (
                "type: array\n      default: {key: value}",
                "spec.inputs.i.default: expected a list (the input's `type` is `array`), found a mapping",
            ),
            (
                "default: 42",
                "spec.inputs.i.default: expected a string (an input without `type` is a string), found the integer `42`",
            ),
            (
                "type: object",
                "spec.inputs.i.type: `object` is not one of `array`, `boolean`, `number` or `string`",
            ),
            (
                "type: string\n      invalid_property: x",
                "spec.inputs.i.invalid_property: `invalid_property` is not a keyword of an input definition",
            ),
            (
                "options: [[a]]",
                "spec.inputs.i.options[0]: expected a string, a number or a boolean, found a list",
            ),
            (
                "default: a\n      rules: [{default: b}]",
                "spec.inputs.i.default: an input with `rules` cannot have its own `default`",
            ),
            (
                "options: [a]\n      rules: [{default: b}]",
                "spec.inputs.i.options: an input with `rules` cannot have its own `options`",
            ),
            (
                "rules: [{if: $X, options: [a]}]",
                "spec.inputs.i.rules[0]: an input rule needs the key `default`",
            ),
            (
                "rules: [{default: a, when: always}]",
                "spec.inputs.i.rules[0].when: `when` is not a keyword of an input rule",
            ),
        ];
        for (def, message) in cases {
            assert_eq!(
                errors(&format!(
                    "spec:\n  inputs:\n    i:\n      {def}\n---\n{{}}\n"
                )),
                [message],
                "{def}"
            );
        }
        let many = (0..51)
            .map(|i| format!("o{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(
            errors(&format!(
                "spec:\n  inputs:\n    i:\n      rules: [{{options: [{many}], default: o1}}]\n---\n{{}}\n"
            )),
            ["spec.inputs.i.rules[0].options: expected at most 50 item(s) of options, found 51"]
        );
    }

    #[test]
    fn job_inputs() {
        let imported = from_str(
            "job:\n  inputs:\n    env: {type: string, default: staging, options: [staging, production]}\n    n: {type: number, default: 30}\n    plain: {default: x}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let job = imported.pipeline.job("job").expect("job");
        let mut env = def(Some("string"), Some(Value::from("staging")));
        env.options = Some(vec![Value::from("staging"), Value::from("production")]);
        let mut expected = IndexMap::new();
        expected.insert("env".to_owned(), env);
        expected.insert("n".to_owned(), def(Some("number"), Some(Value::Int(30))));
        expected.insert("plain".to_owned(), def(None, Some(Value::from("x"))));
        assert_eq!(job.inputs, Some(Box::new(expected)));
    }

    #[test]
    fn job_input_constraints() {
        assert_eq!(
            errors("job:\n  inputs:\n    e: {type: string}\n"),
            ["jobs.\"job\".inputs.e: a job input needs the key `default`"]
        );
        assert_eq!(
            errors("job:\n  inputs:\n    e: {type: string, default: null}\n"),
            [
                "jobs.\"job\".inputs.e.default: expected a string (the input's `type` is `string`), found null"
            ]
        );
        assert_eq!(
            errors("job:\n  inputs:\n    e:\n"),
            ["jobs.\"job\".inputs.e: expected an input definition (a mapping), found null"]
        );
        assert_eq!(
            errors("job:\n  inputs:\n    e: {default: a, rules: [{default: b}]}\n"),
            ["jobs.\"job\".inputs.e.rules: `rules` is not a keyword of a job input definition"]
        );
        let many: String = (0..51)
            .map(|i| format!("    i{i}: {{default: x}}\n"))
            .collect();
        assert_eq!(
            errors(&format!("job:\n  inputs:\n{many}")),
            ["jobs.\"job\".inputs: expected at most 50 inputs, found 51"]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(
            &["spec_inputs.yml", "job_inputs.yml"],
            &["spec_inputs.yml", "spec", "job_inputs.yml"],
        );
        assert!(n == 0 || n > 20, "{n} units");
        let n = crate::import::rules::fixtures::check_wrapped(
            &["spec_inputs.yml", "job_inputs.yml"],
            // A string is a valid trigger input value to the schema.
            &["trigger_invalid_input"],
        );
        assert!(n == 0 || n == 14, "{n} units");
    }
}
