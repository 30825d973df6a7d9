//! Import of `run:` (CI steps).
//!
//! The model keeps the steps as written (plain values); this converter checks each step
//! against GitLab's schema: `{name, env, inputs, step | func}` or `{name, env, script}`,
//! where `step`/`func` is a string, `{git: {url, rev, dir, file}}` or
//! `{oci: {registry, repository, tag, dir, file}}`.

use crate::model::Value;

use super::cx::{Cx, list};
use super::node::{Node, NodeKind, Scalar};

const STEP_KEYS: [&str; 5] = ["name", "env", "inputs", "step", "func"];
const SCRIPT_STEP_KEYS: [&str; 3] = ["name", "env", "script"];

/// `run:` - a list of steps, checked against GitLab's schema, kept as written.
pub(crate) fn steps(node: &Node, cx: &mut Cx) -> Option<Vec<Value>> {
    cx.list(node, "steps", |n, cx| step(n, cx).then(|| n.to_value()))
}

/// Checks one step; `true` when it is valid.
fn step(node: &Node, cx: &mut Cx) -> bool {
    let Some(mut m) = cx.map(node, "a step (a mapping with `name`)") else {
        return false;
    };
    let before = cx.diagnostics.len();
    m.required(cx, "name", "a step", |n, cx| {
        cx.string_where(
            n,
            "a step name of letters, digits and `_`, not starting with a digit",
            is_step_name,
        )
    });
    m.with(cx, "env", |n, cx| {
        named(n, cx, |v, cx| cx.string(v).map(drop))
    });
    if m.has("script") {
        m.with(cx, "script", |n, cx| cx.non_empty(n));
        for key in ["step", "func", "inputs"] {
            if let Some(value) = m.node(key) {
                cx.at(key, |cx| {
                    cx.error(
                        value.span,
                        format!("a step with `script` cannot have `{key}`"),
                    );
                });
            }
        }
        // The raw value (with any allowed unknown key) is what the model keeps.
        let _kept_in_value = m.finish(cx, &SCRIPT_STEP_KEYS, "a script step");
    } else {
        m.with(cx, "inputs", |n, cx| named(n, cx, |_, _| Some(())));
        match (m.has("step"), m.has("func")) {
            (true, true) => cx.error(node.span, "a step takes `step` or `func`, not both"),
            (false, false) => cx.error(node.span, "a step needs one of `step`, `func` or `script`"),
            _ => {}
        }
        m.with(cx, "step", func_reference);
        m.with(cx, "func", func_reference);
        // The raw value (with any allowed unknown key) is what the model keeps.
        let _kept_in_value = m.finish(cx, &STEP_KEYS, "a step");
    }
    cx.diagnostics.len() == before
}

/// `^[a-zA-Z_][a-zA-Z0-9_]*$`.
fn is_step_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A mapping whose keys are step names and whose values `value` checks.
fn named(
    node: &Node,
    cx: &mut Cx,
    mut value: impl FnMut(&Node, &mut Cx) -> Option<()>,
) -> Option<()> {
    let mut m = cx.map(node, "a mapping of names to values")?;
    for e in m.entries() {
        cx.at(&e.key, |cx| {
            if !is_step_name(&e.key) {
                cx.error_help(
                    e.key_span,
                    format!("`{}` is not a valid name", e.key),
                    "names use letters, digits and `_`, and do not start with a digit",
                );
            }
            value(&e.value, cx)
        });
    }
    Some(())
}

/// `step:`/`func:` - a string, `{git: {...}}` or `{oci: {...}}`.
fn func_reference(node: &Node, cx: &mut Cx) -> Option<()> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_)) => Some(()),
        NodeKind::Map(entries) => {
            let mut m = cx.map(node, "a mapping")?;
            match entries
                .iter()
                .filter(|e| e.key == "git" || e.key == "oci")
                .count()
            {
                0 => cx.error(node.span, "a step reference needs `git` or `oci`"),
                1 => {}
                _ => cx.error(node.span, "a step reference takes `git` or `oci`, not both"),
            }
            m.with(cx, "git", |n, cx| {
                source(
                    n,
                    cx,
                    &["url", "rev"],
                    &["url", "rev", "dir", "file"],
                    "`git`",
                )
            });
            m.with(cx, "oci", |n, cx| {
                source(
                    n,
                    cx,
                    &["registry", "repository", "tag"],
                    &["registry", "repository", "tag", "dir", "file"],
                    "`oci`",
                )
            });
            // The raw value (with any allowed unknown key) is what the model keeps.
            let _kept_in_value = m.finish(cx, &["git", "oci"], "a step reference");
            Some(())
        }
        _ => cx.expected(
            node,
            "a step reference (a string, `{git: ...}` or `{oci: ...}`)",
        ),
    }
}

/// `git:` or `oci:` - a mapping of strings with required keys.
fn source(node: &Node, cx: &mut Cx, required: &[&str], known: &[&str], what: &str) -> Option<()> {
    let mut m = cx.map(node, &format!("a mapping with {}", list(required)))?;
    for key in known {
        if required.contains(key) {
            m.required(cx, key, what, |n, cx| cx.string(n));
        } else {
            m.with(cx, key, |n, cx| cx.string(n));
        }
    }
    // The raw value (with any allowed unknown key) is what the model keeps.
    let _kept_in_value = m.finish(cx, known, what);
    Some(())
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::Value;

    fn run(yaml: &str) -> Option<Vec<Value>> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .run
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn steps_are_kept_as_written() {
        let yaml = "job:\n  run:\n    - name: hello\n      step: gitlab.com/echo-step\n      inputs: {echo: hi, n: 2, nested: {a: [1]}, none: null}\n      env: {A: b}\n    - name: _s2\n      script: echo hi\n    - name: git_step\n      func:\n        git: {url: gitlab.com/c/script, rev: v1, dir: bash, file: step.yml}\n    - name: oci_step\n      step:\n        oci: {registry: r, repository: s, tag: '1.0'}\n";
        let got = run(yaml).expect("run");
        let doc = crate::import::reader::load(yaml).expect("loads");
        let expected = doc.documents[0]
            .get("job")
            .and_then(|j| j.get("run"))
            .expect("run")
            .to_value();
        assert_eq!(Value::Seq(got), expected);
    }

    #[test]
    fn constraints() {
        let cases = [
            (
                "[{name: s, step: x, script: y}]",
                "jobs.\"job\".run[0].step: a step with `script` cannot have `step`",
            ),
            (
                "{step: x}",
                "jobs.\"job\".run: expected a list of steps, found a mapping",
            ),
            (
                "''",
                "jobs.\"job\".run: expected a list of steps, found the string ``",
            ),
            (
                "[{name: s, invalid_key: v}]",
                "jobs.\"job\".run[0]: a step needs one of `step`, `func` or `script`",
            ),
            (
                "[{name: s, step: x, func: y}]",
                "jobs.\"job\".run[0]: a step takes `step` or `func`, not both",
            ),
            (
                "[{name: 1s, script: x}]",
                "jobs.\"job\".run[0].name: expected a step name of letters, digits and `_`, not starting with a digit, found `1s`",
            ),
            (
                "[{step: x}]",
                "jobs.\"job\".run[0]: a step needs the key `name`",
            ),
            (
                "[{name: s, script: x, env: [a]}]",
                "jobs.\"job\".run[0].env: expected a mapping of names to values, found a list",
            ),
            (
                "[{name: s, script: x, env: {A: 1}}]",
                "jobs.\"job\".run[0].env.A: expected a string, found the integer `1`",
            ),
            (
                "[{name: s, script: x, env: {a-b: c}}]",
                "jobs.\"job\".run[0].env.a-b: `a-b` is not a valid name",
            ),
            (
                "[{name: s, step: x, inputs: [a]}]",
                "jobs.\"job\".run[0].inputs: expected a mapping of names to values, found a list",
            ),
            (
                "[{name: s, step: 123}]",
                "jobs.\"job\".run[0].step: expected a step reference (a string, `{git: ...}` or `{oci: ...}`), found the integer `123`",
            ),
            (
                "[{name: s, script: [a]}]",
                "jobs.\"job\".run[0].script: expected a string, found a list",
            ),
            (
                "[{name: s, script: ''}]",
                "jobs.\"job\".run[0].script: expected a non-empty string, found an empty one",
            ),
            (
                "[{name: s, script: x, inputs: [{msg: hi}]}]",
                "jobs.\"job\".run[0].inputs: a step with `script` cannot have `inputs`",
            ),
            (
                "[{name: s, step: {git: {url: u}}}]",
                "jobs.\"job\".run[0].step.git: `git` needs the key `rev`",
            ),
            (
                "[{name: s, step: {git: {rev: v1}}}]",
                "jobs.\"job\".run[0].step.git: `git` needs the key `url`",
            ),
            (
                "[{name: s, step: {oci: {registry: r, repository: s}}}]",
                "jobs.\"job\".run[0].step.oci: `oci` needs the key `tag`",
            ),
            (
                "[{name: s, step: {}}]",
                "jobs.\"job\".run[0].step: a step reference needs `git` or `oci`",
            ),
            (
                "[{name: s, step: {git: {url: u, rev: v, branch: b}}}]",
                "jobs.\"job\".run[0].step.git.branch: `branch` is not a keyword of `git`",
            ),
        ];
        for (run, message) in cases {
            let errs = errors(&format!("job:\n  run: {run}\n"));
            assert!(errs.iter().any(|e| e == message), "{run}: {errs:?}");
        }
    }

    #[test]
    fn unknown_step_keys_stay_in_the_step_when_allowed() {
        let yaml = "job:\n  run:\n    - name: s\n      script: x\n      timeout: 5m\n";
        assert_eq!(
            errors(yaml),
            ["jobs.\"job\".run[0].timeout: `timeout` is not a keyword of a script step"]
        );
        let options = crate::import::ImportOptions::new().allow_unknown(true);
        let imported =
            crate::import::from_str_with(yaml, &options).unwrap_or_else(|e| panic!("{e}"));
        let run = imported.pipeline.job("job").and_then(|j| j.run.clone());
        let Some([Value::Map(step)]) = run.as_deref() else {
            panic!("{run:?}")
        };
        assert_eq!(step.get("timeout"), Some(&Value::from("5m")));
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(&["run.yml"], &["run.yml"]);
        assert!(n == 0 || n == 24, "{n} units");
    }
}
