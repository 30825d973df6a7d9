//! Helpers of the plan tests: plan a YAML text, and summarise a plan in one string that a
//! test can compare with a literal.

use pipeline_dsl::plan::{Context, Plan, Status};

/// Imports `yaml` (panicking on import errors: the cases are valid files).
pub fn pipeline(yaml: &str) -> pipeline_dsl::Pipeline {
    match pipeline_dsl::import::from_str(yaml) {
        Ok(imported) => imported.pipeline,
        Err(e) => panic!("import failed:\n{e}\n---\n{yaml}"),
    }
}

/// Plans `yaml` for `ctx`.
pub fn plan(yaml: &str, ctx: &Context) -> Plan {
    pipeline(yaml).plan(ctx)
}

/// One line per job, `name @stage when[ af][ needs=[a, b]]`, joined by `; `; or why there
/// is no pipeline: `(filtered)`, `(no jobs)`, `(pre/post only)`, `(failed) message | ...`.
pub fn summary(plan: &Plan) -> String {
    match plan.status {
        Status::Created => plan
            .jobs
            .iter()
            .map(|j| {
                let mut s = format!("{} @{} {}", j.name, j.stage, j.when.as_str());
                if j.allow_failure {
                    s.push_str(" af");
                }
                if j.uses_needs {
                    s.push_str(&format!(" needs=[{}]", j.needs.join(", ")));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; "),
        Status::FilteredByWorkflow => "(filtered)".into(),
        Status::NoJobs => "(no jobs)".into(),
        Status::OnlyPrePost => "(pre/post only)".into(),
        Status::Failed => {
            let errors: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
            format!("(failed) {}", errors.join(" | "))
        }
        _ => format!("{:?}", plan.status),
    }
}

/// Checks every `(context, expected summary)` of one pipeline.
#[track_caller]
pub fn check(yaml: &str, cases: &[(Context, &str)]) {
    let p = pipeline(yaml);
    for (ctx, expected) in cases {
        let plan = p.plan(ctx);
        assert_eq!(summary(&plan), *expected, "context: {ctx}\n---\n{yaml}");
    }
}
