//! Names: job names GitLab reserves for global keywords, over-long job names, `<<` as a
//! job or variable name (GitLab's YAML loader merges it even when quoted), and a pipeline
//! with no visible job at all.

use super::{At, Cx, Key, Sink, ValidateOptions};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{Job, JobEntry, RuleItem, Service, Variables};

/// Top-level keys GitLab always reads as global keywords, never as jobs.
const RESERVED: [&str; 8] = pipeline_syntax::names::RESERVED_JOB_NAMES;

/// The longest job name GitLab accepts, in characters.
const MAX_JOB_NAME: usize = 255;

const MERGE_KEY: &str = "<<";

/// The name checks, key by key ([`super::check`] walks the file once).
pub(super) struct Checks<'o> {
    /// Reserved, merge-key and over-long names, per key.
    names: Sink<'o>,
    /// `<<` as a variable name in a job.
    variables: Sink<'o>,
}

impl<'o> Checks<'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            names: Sink::new(options),
            variables: Sink::new(options),
        }
    }

    pub(super) fn key<'a>(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        name(cx, key.name, key.entry, &mut self.names);
        if let Some(job) = key.job {
            job_merge_keys(key.name, job, &mut self.variables);
        }
    }

    /// In order: foreign handles, names, `<<` variables (global ones, the jobs',
    /// `workflow`'s), and a pipeline without a visible job.
    pub(super) fn finish(self, cx: &Cx<'_>, out: &mut Sink<'o>) {
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
        out.append(self.names);
        if has_merge_key(p.variables.as_ref()) {
            merge_key(At::root().key("variables"), out);
        }
        services_merge_keys(
            p.services.as_ref().and_then(|s| s.value()),
            At::root().key("services"),
            out,
        );
        services_merge_keys(
            p.default
                .as_ref()
                .and_then(|d| d.services.as_ref())
                .and_then(|s| s.value()),
            At::root().key("default").key("services"),
            out,
        );
        out.append(self.variables);
        rules_merge_keys(
            p.workflow
                .as_ref()
                .and_then(|w| w.rules.as_ref())
                .and_then(|r| r.value()),
            At::root().key("workflow").key("rules"),
            out,
        );
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
}

/// A top-level key's name: `<<`, a reserved word, a word with two meanings, too long.
fn name(cx: &Cx<'_>, name: &str, entry: &JobEntry, out: &mut Sink<'_>) {
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
        return;
    }
    if RESERVED.contains(&name) {
        out.push(
            Diagnostic::error(
                "job-name-reserved",
                path(),
                format!("`{name}` is a global keyword and cannot be a job name"),
            )
            .with_help("rename the job"),
        );
        return;
    }
    if let JobEntry::Job(job) = entry {
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

/// `<<` as a variable name in a job: its `variables`, its services', its rules'.
fn job_merge_keys<'a>(name: &'a str, job: &'a Job, out: &mut Sink<'_>) {
    let at = At::root().job(name);
    if has_merge_key(job.variables.as_ref()) {
        merge_key(at.key("variables"), out);
    }
    services_merge_keys(
        job.services.as_ref().and_then(|s| s.value()),
        at.key("services"),
        out,
    );
    rules_merge_keys(
        job.rules.as_ref().and_then(|r| r.value()),
        at.key("rules"),
        out,
    );
}

fn has_merge_key(v: Option<&Variables>) -> bool {
    v.is_some_and(|v| v.get(MERGE_KEY).is_some())
}

fn services_merge_keys(list: Option<&Vec<Service>>, at: At<'_>, out: &mut Sink<'_>) {
    for (i, s) in list.into_iter().flatten().enumerate() {
        if let Service::Config(c) = s
            && has_merge_key(c.variables.as_ref())
        {
            merge_key(at.index(i).key("variables"), out);
        }
    }
}

fn rules_merge_keys(list: Option<&Vec<RuleItem>>, at: At<'_>, out: &mut Sink<'_>) {
    for (i, item) in list.into_iter().flatten().enumerate() {
        if let RuleItem::Rule(rule) = item
            && rule
                .variables
                .as_ref()
                .is_some_and(|v| v.contains_key(MERGE_KEY))
        {
            merge_key(at.index(i).key("variables"), out);
        }
    }
}

/// `<<` as a variable name in the `variables` at `at`.
fn merge_key(at: At<'_>, out: &mut Sink<'_>) {
    out.push(
        Diagnostic::error(
            "merge-key-name",
            at.path().key(MERGE_KEY),
            "`<<` cannot be a variable name: GitLab's YAML loader merges it even when quoted",
        )
        .with_help("rename the variable"),
    );
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
        j.services = Some(OrReference::Value(vec![Service::Config(Box::new(service))]));
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
