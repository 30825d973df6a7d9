//! Keys that name jobs must name jobs of this pipeline: `needs`, `dependencies`,
//! `extends`, `environment:on_stop`, `rules:needs` and `trigger:include:job`. GitLab
//! rejects a pipeline whose `needs` names an unknown job; a misspelt `extends` breaks it
//! too. A job may not need or extend itself, and only `extends` may name a hidden job
//! (a template GitLab never runs).

use super::Facts;
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use crate::syntax::{JobDef, Map, Value};

/// Every job name in a job-naming key is defined.
pub(crate) fn check_targets(cx: &Ctxt, facts: &Facts<'_>) {
    for job in &facts.input.jobs {
        let body = &job.body;
        if let Some(v) = body.value("needs") {
            check_needs(cx, facts, job, "needs", v);
        }
        if let Some(v) = body.value("dependencies") {
            for item in v.items() {
                check_name(cx, facts, job, "dependencies", item);
            }
        }
        if let Some(v) = body.value("extends") {
            for item in v.items() {
                check_name(cx, facts, job, "extends", item);
            }
        }
        if let Some(Value::Map(env)) = body.value("environment")
            && let Some(v) = env.value("on_stop")
        {
            check_name(cx, facts, job, "environment:on_stop", v);
        }
        if let Some(Value::List(rules)) = body.value("rules") {
            for rule in &rules.items {
                if let Value::Map(m) = rule
                    && let Some(v) = m.value("needs")
                {
                    check_needs(cx, facts, job, "rules:needs", v);
                }
            }
        }
        if let Some(Value::Map(trigger)) = body.value("trigger")
            && let Some(include) = trigger.value("include")
        {
            for item in include.items() {
                if let Value::Map(m) = item
                    && let Some(v) = m.value("job")
                {
                    check_name(cx, facts, job, "trigger:include:job", v);
                }
            }
        }
    }
}

/// `needs: [build, { job: test }]`; needs on other pipelines or projects are not checked.
fn check_needs(cx: &Ctxt, facts: &Facts<'_>, job: &JobDef, key: &str, value: &Value) {
    for item in value.items() {
        match item {
            Value::Map(m) if is_local_need(m) => {
                if let Some(v) = m.value("job") {
                    check_name(cx, facts, job, key, v);
                }
            }
            Value::Word(_) | Value::Str(_) => check_name(cx, facts, job, key, item),
            _ => {}
        }
    }
}

/// A need on a job of this pipeline (not `{ pipeline: ... }` or `{ project: ... }`).
pub(crate) fn is_local_need(m: &Map) -> bool {
    m.get("pipeline").is_none() && m.get("project").is_none()
}

/// One job name: defined, and not the job itself.
fn check_name(cx: &Ctxt, facts: &Facts<'_>, job: &JobDef, key: &str, value: &Value) {
    let (Value::Word(_) | Value::Str(_)) = value else {
        return;
    };
    let name = value.text().unwrap_or_default();
    if name == job.name.name {
        cx.error(
            value.span(),
            format!("job `{name}` cannot name itself in `{key}`; remove it"),
        );
        return;
    }
    if facts.job(&name).is_some() {
        // A hidden job is a template: it never runs, so only `extends` can name it.
        if name.starts_with('.') && key != "extends" {
            cx.error(
                value.span(),
                format!("`{key}` refers to hidden job `{name}`, which never runs; name a job that runs, or use `extends: {name}`"),
            );
        }
        return;
    }
    let runnable = facts
        .job_names()
        .filter(|n| key == "extends" || !n.starts_with('.'));
    let hint = did_you_mean(&name, runnable);
    let hint = if hint.is_empty() {
        format!("; define it with `job {name} {{ ... }}`")
    } else {
        hint
    };
    cx.error(
        value.span(),
        format!("`{key}` refers to unknown job `{name}`{hint}"),
    );
}
