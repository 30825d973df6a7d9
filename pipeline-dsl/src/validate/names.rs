//! Names: job names GitLab reserves for global keywords, over-long job names, `<<` as a
//! job or variable name (GitLab's YAML loader merges it even when quoted), and a pipeline
//! with no visible job at all.

use super::{At, Cx, Sink};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{Job, RuleItem, Service, Variables};

/// Top-level keys GitLab always reads as global keywords, never as jobs.
const RESERVED: [&str; 8] = pipeline_syntax::names::RESERVED_JOB_NAMES;

/// The longest job name GitLab accepts, in characters.
const MAX_JOB_NAME: usize = 255;

const MERGE_KEY: &str = "<<";

pub(super) fn check(cx: &Cx<'_>, out: &mut Sink<'_>) {
    let p = cx.pipeline;
    // A builder handle made by another pipeline: the name it wrote may mean nothing here.
    for (path, name) in p.foreign_handles() {
        out.push(
            Diagnostic::error(
                "foreign-handle",
                path.clone(),
                format!("`{name}` was named with a handle from another pipeline builder"),
            )
            .with_help("use the `Stage` or `JobRef` returned by this pipeline's builder"),
        );
    }
    for (name, entry) in &p.jobs {
        let path = || KeyPath::root().job(name);
        if name == MERGE_KEY {
            out.push(
                Diagnostic::error(
                    "merge-key-name",
                    path(),
                    "`<<` cannot be a job name: GitLab's YAML loader merges it even when quoted",
                )
                .with_help("rename the job"),
            );
            continue;
        }
        if RESERVED.contains(&name.as_str()) {
            out.push(
                Diagnostic::error(
                    "job-name-reserved",
                    path(),
                    format!("`{name}` is a global keyword and cannot be a job name"),
                )
                .with_help("rename the job"),
            );
            continue;
        }
        if let crate::model::JobEntry::Job(job) = entry {
            ambiguous_name(cx, name, job, out);
        }
        if !name.starts_with('.') && name.chars().count() > MAX_JOB_NAME {
            out.push(Diagnostic::error(
                "job-name-too-long",
                path(),
                format!(
                    "job `{}…`: name is too long (maximum is {MAX_JOB_NAME} characters, it has {})",
                    name.chars().take(40).collect::<String>(),
                    name.chars().count()
                ),
            ));
        }
    }
    merge_key_variables(cx, out);
    if !cx.uncertain && cx.job_names().next().is_none() {
        out.push(
            Diagnostic::error(
                "no-visible-job",
                KeyPath::root(),
                "jobs config should contain at least one visible job",
            )
            .with_help(
                "add a job whose name does not start with `.`; for a file meant to be included, validate it with `partial`",
            ),
        );
    }
}

/// `default` and `workflow` are jobs only when they have `script`, `run` or `trigger`, and
/// the top-level key can hold only one of the two meanings.
fn ambiguous_name(cx: &Cx<'_>, name: &str, job: &Job, out: &mut Sink<'_>) {
    let global_set = match name {
        "default" => cx.pipeline.default.is_some(),
        "workflow" => cx.pipeline.workflow.is_some(),
        _ => return,
    };
    let runs = job.script.is_some() || job.run.is_some() || job.trigger.is_some();
    let why = if global_set {
        format!("the pipeline already has a `{name}:` keyword, and both would be the same key")
    } else if !runs {
        format!(
            "without `script`, `run` or `trigger`, GitLab reads `{name}:` as the global keyword"
        )
    } else {
        return;
    };
    out.push(
        Diagnostic::error(
            "job-name-reserved",
            KeyPath::root().job(name),
            format!("`{name}` cannot be a job name here: {why}"),
        )
        .with_help("rename the job"),
    );
}

/// `<<` as a variable name, in every `variables:` of the file.
fn merge_key_variables<'a>(cx: &Cx<'a>, out: &mut Sink<'_>) {
    let p = cx.pipeline;
    let mut found: Vec<At<'a>> = Vec::new();
    let vars = |v: Option<&Variables>| v.is_some_and(|v| v.get(MERGE_KEY).is_some());
    let services = |list: Option<&Vec<Service>>, at: At<'a>, found: &mut Vec<At<'a>>| {
        for (i, s) in list.into_iter().flatten().enumerate() {
            if let Service::Config(c) = s
                && vars(c.variables.as_ref())
            {
                found.push(at.index(i).key("variables"));
            }
        }
    };
    let rules = |list: Option<&Vec<RuleItem>>, at: At<'a>, found: &mut Vec<At<'a>>| {
        for (i, item) in list.into_iter().flatten().enumerate() {
            if let RuleItem::Rule(rule) = item
                && rule
                    .variables
                    .as_ref()
                    .is_some_and(|v| v.contains_key(MERGE_KEY))
            {
                found.push(at.index(i).key("variables"));
            }
        }
    };
    if vars(p.variables.as_ref()) {
        found.push(At::root().key("variables"));
    }
    services(
        p.services.as_ref().and_then(|s| s.value()),
        At::root().key("services"),
        &mut found,
    );
    services(
        p.default
            .as_ref()
            .and_then(|d| d.services.as_ref())
            .and_then(|s| s.value()),
        At::root().key("default").key("services"),
        &mut found,
    );
    for (name, job) in p.jobs() {
        let at = At::root().job(name);
        if vars(job.variables.as_ref()) {
            found.push(at.key("variables"));
        }
        services(
            job.services.as_ref().and_then(|s| s.value()),
            at.key("services"),
            &mut found,
        );
        rules(
            job.rules.as_ref().and_then(|r| r.value()),
            at.key("rules"),
            &mut found,
        );
    }
    rules(
        p.workflow
            .as_ref()
            .and_then(|w| w.rules.as_ref())
            .and_then(|r| r.value()),
        At::root().key("workflow").key("rules"),
        &mut found,
    );
    for path in found {
        out.push(
            Diagnostic::error(
                "merge-key-name",
                path.path().key(MERGE_KEY),
                "`<<` cannot be a variable name: GitLab's YAML loader merges it even when quoted",
            )
            .with_help("rename the variable"),
        );
    }
}

#[cfg(test)]
mod foreign_handle_tests {
    use crate::Pipeline;
    use crate::model::Script;

    #[test]
    fn a_handle_from_another_pipeline_is_an_error() {
        let mut other = Pipeline::builder();
        let elsewhere = other.job("compile", |j| j.script("make"));
        let mut b = Pipeline::builder();
        b.job("compile", |j| j.script("make"));
        b.job("test", |j| {
            j.need(&elsewhere).script(Script::from("make test"))
        });
        let err = b.build().validate().unwrap_err();
        let d = err
            .iter()
            .find(|d| d.code == "foreign-handle")
            .expect("foreign-handle");
        assert_eq!(d.path.to_string(), r#"jobs."test".needs[0]"#);
        assert!(d.message.contains("`compile`"), "{d}");
    }

    #[test]
    fn handles_of_the_same_pipeline_are_silent() {
        let mut b = Pipeline::builder();
        let compile = b.job("compile", |j| j.script("make"));
        b.job("test", |j| j.need(&compile).script("make test"));
        let validated = b.build().validate().unwrap();
        assert!(
            validated
                .warnings()
                .iter()
                .all(|d| d.code != "foreign-handle")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, none, only, parse, run};
    use super::super::{ValidateOptions, check};
    use crate::model::{
        JobDefaults, OrReference, Pipeline, Rule, RuleItem, Scalar, Service, ServiceConfig,
        Variables, Workflow,
    };

    #[test]
    fn a_reserved_job_name_is_an_error() {
        let mut p = Pipeline::new();
        p.insert_job("variables", job(None));
        p.insert_job("ok", job(None));
        let found = run(&p);
        let d = only(&found, "job-name-reserved");
        assert_eq!(d.path.to_string(), r#"jobs."variables""#);
        assert_eq!(
            d.message,
            "`variables` is a global keyword and cannot be a job name"
        );
        none(&run(&parse("vars:\n  stage: test\n")), "job-name-reserved");
    }

    #[test]
    fn default_as_a_job_name_needs_a_script_and_no_default_keyword() {
        let mut p = Pipeline::new();
        p.insert_job("default", job(None));
        none(&run(&p), "job-name-reserved");
        p.default = Some(JobDefaults::default());
        let found = run(&p);
        let d = only(&found, "job-name-reserved");
        assert_eq!(d.path.to_string(), r#"jobs."default""#);
        assert!(d.message.contains("already has a `default:` keyword"));
        let mut p = Pipeline::new();
        p.insert_job("ok", job(None));
        p.insert_job("workflow", crate::model::Job::new());
        let found = run(&p);
        assert!(
            only(&found, "job-name-reserved")
                .message
                .contains("GitLab reads `workflow:` as the global keyword")
        );
    }

    #[test]
    fn a_job_name_over_255_characters_is_an_error() {
        let mut p = Pipeline::new();
        let long = "j".repeat(256);
        p.insert_job(long.clone(), job(None));
        p.insert_job(".".repeat(300), job(None));
        let found = run(&p);
        let d = only(&found, "job-name-too-long");
        assert_eq!(d.path, crate::diagnostic::KeyPath::root().job(&long));
        assert!(
            d.message
                .ends_with("name is too long (maximum is 255 characters, it has 256)")
        );
        let mut p = Pipeline::new();
        p.insert_job("j".repeat(255), job(None));
        none(&run(&p), "job-name-too-long");
    }

    #[test]
    fn merge_key_as_job_name_is_an_error() {
        let mut p = Pipeline::new();
        p.insert_job("<<", job(None));
        p.insert_job("ok", job(None));
        let found = run(&p);
        let d = only(&found, "merge-key-name");
        assert_eq!(d.path.to_string(), r#"jobs."<<""#);
        assert!(d.message.starts_with("`<<` cannot be a job name"));
        none(&run(&parse("ok:\n  stage: test\n")), "merge-key-name");
    }

    #[test]
    fn merge_key_as_variable_name_is_an_error_everywhere() {
        let mut p = Pipeline::new();
        p.variables = Some(Variables::from([("<<", "x")]));
        let mut j = job(None);
        j.variables = Some(Variables::from([("<<", "x")]));
        let mut service = ServiceConfig::new("postgres:16");
        service.variables = Some(Variables::from([("<<", "x")]));
        j.services = Some(OrReference::Value(vec![Service::Config(service)]));
        let mut rule = Rule::condition("$A");
        rule.variables = Some([("<<".to_owned(), Scalar::from("x"))].into_iter().collect());
        j.rules = Some(OrReference::Value(vec![RuleItem::Rule(rule.clone())]));
        p.insert_job("j", j);
        p.workflow = Some(Workflow {
            rules: Some(OrReference::Value(vec![RuleItem::Rule(rule)])),
            ..Workflow::default()
        });
        let found = run(&p);
        let paths: Vec<String> = super::super::tests::with_code(&found, "merge-key-name")
            .iter()
            .map(|d| d.path.to_string())
            .collect();
        assert_eq!(
            paths,
            [
                r#"variables."<<""#,
                r#"jobs."j".variables."<<""#,
                r#"jobs."j".services[0].variables."<<""#,
                r#"jobs."j".rules[0].variables."<<""#,
                r#"workflow.rules[0].variables."<<""#,
            ]
        );
        let mut p = Pipeline::new();
        p.variables = Some(Variables::from([("A", "<<")]));
        p.insert_job("j", job(None));
        none(&run(&p), "merge-key-name");
    }

    #[test]
    fn a_pipeline_without_visible_jobs_is_an_error_unless_partial() {
        let p = parse(".tpl:\n  stage: build\n");
        let found = run(&p);
        let d = only(&found, "no-visible-job");
        assert_eq!(d.path.to_string(), "(root)");
        assert_eq!(
            d.message,
            "jobs config should contain at least one visible job"
        );
        none(
            &check(&p, &ValidateOptions::new().partial(true)),
            "no-visible-job",
        );
        none(&run(&parse("a:\n  stage: build\n")), "no-visible-job");
    }
}
