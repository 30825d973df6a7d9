//! `rules` cannot be combined with `only` or `except` in one job: GitLab rejects the job
//! ("may not be used with `rules`"). The error is on `only`/`except`, the legacy keys.

use super::Facts;
use crate::ctxt::Ctxt;

/// `rules` with `only` / `except`.
pub(crate) fn check_rules_exclusive(cx: &Ctxt, facts: &Facts<'_>) {
    for job in &facts.input.jobs {
        if job.body.get("rules").is_none() {
            continue;
        }
        for key in ["only", "except"] {
            if let Some(e) = job.body.get(key) {
                cx.error(
                    e.key.span,
                    format!(
                        "`rules` cannot be combined with `{key}` in job `{}`; move the conditions into `rules`",
                        job.name.name
                    ),
                );
            }
        }
    }
}
