//! `rules:if`, `workflow:rules:if`, `include:rules:if` and `only`/`except:variables` hold
//! GitLab expressions; one that does not parse makes GitLab reject the pipeline
//! ("invalid expression syntax"). They are parsed here with GitLab's grammar
//! (`pipeline_syntax::expr`), and the error names the column inside the string.

use pipeline_syntax::expr::Expr;

use super::{Facts, global, span_in};
use crate::ctxt::Ctxt;
use crate::syntax::{Map, Value};

/// Every expression parses.
pub(crate) fn check_expressions(cx: &Ctxt, facts: &Facts<'_>) {
    for (key, value) in expressions(facts) {
        let Value::Str(lit) = value else {
            continue;
        };
        if let Err(e) = Expr::parse(&lit.value()) {
            cx.error(
                span_in(value, e.span()),
                format!(
                    "invalid `{key}` expression (column {} of the string): {}",
                    e.column, e.kind
                ),
            );
        }
    }
}

/// Every expression of the pipeline with the key it is written under, in written order.
pub(crate) fn expressions<'a>(facts: &Facts<'a>) -> Vec<(&'static str, &'a Value)> {
    let mut out = Vec::new();
    let input = facts.input;
    if let Some(Value::Map(w)) = global(input, "workflow") {
        rules_ifs(w.value("rules"), "workflow:rules:if", &mut out);
    }
    if let Some(include) = global(input, "include") {
        for item in include.items() {
            if let Value::Map(m) = item {
                rules_ifs(m.value("rules"), "include:rules:if", &mut out);
            }
        }
    }
    for job in &input.jobs {
        out.extend(job_expressions(&job.body));
    }
    out
}

/// The expressions of one job: `rules:if` and `only`/`except:variables`.
pub(crate) fn job_expressions(body: &Map) -> Vec<(&'static str, &Value)> {
    let mut out = Vec::new();
    rules_ifs(body.value("rules"), "rules:if", &mut out);
    for (key, label) in [("only", "only:variables"), ("except", "except:variables")] {
        if let Some(Value::Map(m)) = body.value(key)
            && let Some(vars) = m.value("variables")
        {
            for item in vars.items() {
                out.push((label, item));
            }
        }
    }
    out
}

fn rules_ifs<'a>(
    rules: Option<&'a Value>,
    label: &'static str,
    out: &mut Vec<(&'static str, &'a Value)>,
) {
    let Some(Value::List(rules)) = rules else {
        return;
    };
    for rule in &rules.items {
        if let Value::Map(m) = rule
            && let Some(v) = m.value("if")
        {
            out.push((label, v));
        }
    }
}
