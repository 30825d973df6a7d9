//! A job's `stage` must be declared: in `stages: [...]`, or, without a `stages` key, one
//! of GitLab's defaults (`build`, `test`, `deploy`). `.pre` and `.post` always exist; so
//! does `test`, where a job without `stage` runs. GitLab would reject the pipeline at
//! push time ("chosen stage does not exist"); here it is a compile error on the name.

use pipeline_syntax::names::{DEFAULT_STAGES, POST_STAGE, PRE_STAGE};

use super::Facts;
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use crate::syntax::Value;

/// Every job's `stage` names a declared stage.
pub(crate) fn check_declared(cx: &Ctxt, facts: &Facts<'_>) {
    let declared: Vec<String> = match &facts.stages {
        None => DEFAULT_STAGES.iter().map(|s| (*s).to_owned()).collect(),
        Some(None) => return,
        Some(Some(list)) => {
            check_duplicates(cx, list);
            list.iter().map(|(s, _)| s.clone()).collect()
        }
    };
    for job in &facts.input.jobs {
        let Some(value) = job.body.value("stage") else {
            continue;
        };
        let (Value::Word(_) | Value::Str(_)) = value else {
            continue;
        };
        let stage = value.text().unwrap_or_default();
        if declared.contains(&stage) || stage == PRE_STAGE || stage == POST_STAGE {
            continue;
        }
        let candidates = declared.iter().map(String::as_str);
        let hint = did_you_mean(&stage, candidates);
        let hint = if hint.is_empty() {
            "; add it to `stages`".to_string()
        } else {
            hint
        };
        let message = match &facts.stages {
            None => format!(
                "stage `{stage}` is not one of GitLab's default stages `build`, `test`, `deploy`{hint}"
            ),
            Some(_) => format!(
                "stage `{stage}` is not listed in `stages: [{}]`{hint}",
                declared.join(", ")
            ),
        };
        cx.error(value.span(), message);
    }
}

/// A stage listed twice in `stages`.
fn check_duplicates(cx: &Ctxt, list: &[(String, proc_macro2::Span)]) {
    for (i, (name, span)) in list.iter().enumerate() {
        if list[..i].iter().any(|(n, _)| n == name) {
            cx.error(
                *span,
                format!("stage `{name}` is listed twice in `stages`; remove one"),
            );
        }
    }
}
