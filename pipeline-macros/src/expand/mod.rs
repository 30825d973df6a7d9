//! Code generation: a checked `pipeline!` input becomes builder calls, and nothing else
//! (`::pipeline_dsl::...` public API and `::pipeline_dsl::__private` helpers). The shape:
//!
//! ```text
//! {
//!     let mut __p = ::pipeline_dsl::Pipeline::builder();
//!     let __stage_0 = __p.stage("build");          // `stages: [build, ...]`, in order
//!     __p.variable("DOCKER_DRIVER", "overlay2")     // global keys, in written order
//!         .image("docker:latest");
//!     let __job_0 = __p.job("Build", |__b| __b.stage(&__stage_0).script([...]));
//!     ...
//!     __p.build()
//! }
//! ```
//!
//! Jobs are defined in written order; a key naming a job defined earlier passes its
//! handle (`&__job_0`), one naming a job defined later passes `JobRef::external("name")`
//! (the macro has already checked that the job exists). Generated names use mixed-site
//! hygiene, so they never clash with the user's names in splices.

mod forms;
mod pipeline;

pub(crate) use pipeline::pipeline;

use crate::syntax::{Entry, Map, PipelineInput, Splice, Value};

/// Every splice of the input, for the fallback expansion.
pub(crate) fn splices(input: &PipelineInput) -> Vec<&Splice> {
    let mut out = Vec::new();
    for e in &input.globals {
        collect(&e.value, &mut out);
    }
    for job in &input.jobs {
        collect_map(&job.body, &mut out);
    }
    out
}

fn collect<'a>(value: &'a Value, out: &mut Vec<&'a Splice>) {
    match value {
        Value::Splice(s) => out.push(s),
        Value::List(l) => l.items.iter().for_each(|v| collect(v, out)),
        Value::Map(m) => collect_map(m, out),
        _ => {}
    }
}

fn collect_map<'a>(map: &'a Map, out: &mut Vec<&'a Splice>) {
    for Entry { value, .. } in &map.entries {
        collect(value, out);
    }
}
