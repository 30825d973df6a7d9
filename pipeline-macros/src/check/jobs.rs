//! Job names: each is defined once (YAML would silently keep the last one), and none is
//! a global keyword (GitLab would read `variables` as the global key, not as a job).

use pipeline_syntax::names;

use super::Facts;
use crate::ctxt::Ctxt;

/// Duplicate and reserved job names.
pub(crate) fn check_names(cx: &Ctxt, facts: &Facts<'_>) {
    let jobs = &facts.input.jobs;
    for (i, job) in jobs.iter().enumerate() {
        let name = &job.name.name;
        if jobs[..i].iter().any(|j| j.name.name == *name) {
            cx.error(
                job.span(),
                format!("job `{name}` is defined twice; rename one of them or merge their keys"),
            );
            continue;
        }
        if let Err(e) = names::check_job_name(name) {
            cx.error(job.span(), format!("{e}; rename the job"));
        }
    }
}
