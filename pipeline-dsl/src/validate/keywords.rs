//! Job keywords: a job must do something (`script`, `run` or `trigger`, after `extends`),
//! those three exclude each other, `when` values by place, `parallel` and `retry` limits,
//! and keys kept in `extra` maps, which GitLab does not know (`unknown-keyword`).

use super::{At, Cx, Key, Sink, ValidateOptions, suggest, tick, ticks};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{
    Extra, Image, Job, OrReference, Parallel, RETRY_WHEN, Retry, RuleItem, Script, Service, When,
};

use crate::model::JOB_KEYWORDS;

const IMAGE_KEYWORDS: [&str; 5] = ["name", "entrypoint", "docker", "kubernetes", "pull_policy"];

const SERVICE_KEYWORDS: [&str; 8] = [
    "name",
    "entrypoint",
    "docker",
    "kubernetes",
    "pull_policy",
    "command",
    "alias",
    "variables",
];

/// GitLab's limit on `parallel` and on the jobs a matrix generates.
const PARALLEL_LIMIT: u64 = 200;

/// The most retries GitLab allows.
const MAX_RETRY: u8 = 2;

/// The keyword checks, key by key ([`super::check`] walks the file once).
pub(super) struct Checks<'o> {
    /// What each visible job is and does.
    jobs: Sink<'o>,
    /// Keys kept in `extra` by the jobs and templates GitLab reads.
    unknown: Sink<'o>,
}

impl<'o> Checks<'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            jobs: Sink::new(options),
            unknown: Sink::new(options),
        }
    }

    pub(super) fn key<'a>(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        let Some(job) = key.job else {
            return;
        };
        let (name, out) = (key.name, &mut self.jobs);
        if key.visible {
            does_something(cx, name, job, out);
            when_allowed(cx, name, out);
            parallel(cx, name, out);
            if let Some((retry, origin)) = cx.lookup(name, &|j: &Job| j.retry.as_ref()) {
                check_retry(
                    retry,
                    &format!("job `{name}`"),
                    &cx.origin_path(name, origin, "retry"),
                    out,
                );
            }
        }
        if key.used {
            job_unknown_keywords(name, job, &mut self.unknown);
        }
    }

    /// In order: the jobs, `default:retry`, `workflow:rules:when`, then unknown keys (the
    /// jobs', then the global ones).
    pub(super) fn finish(self, cx: &Cx<'_>, out: &mut Sink<'o>) {
        out.append(self.jobs);
        if let Some(retry) = cx.pipeline.default.as_ref().and_then(|d| d.retry.as_ref()) {
            check_retry(
                retry,
                "`default`",
                &KeyPath::root().key("default").key("retry"),
                out,
            );
        }
        workflow_when(cx, out);
        out.append(self.unknown);
        global_unknown_keywords(cx, out);
    }
}

/// A job needs `script`, `run` or `trigger` (from itself or what it extends), and at most
/// one of them.
fn does_something<'a>(cx: &Cx<'a>, name: &'a str, job: &Job, out: &mut Sink<'_>) {
    let found = ["script", "run", "trigger"].map(|k| cx.has_key(name, k));
    let has = || {
        ["script", "run", "trigger"]
            .into_iter()
            .zip(found)
            .filter_map(|(k, f)| f.then_some(k))
    };
    let count = found.iter().filter(|f| **f).count();
    let path = || KeyPath::root().job(name);
    if count == 0 {
        // An include (or the including file) may define the same job, or a template it
        // extends, with a script: GitLab merges them.
        if cx.uncertain {
            return;
        }
        let help = if job.extends.is_some() {
            "add `script:` with the commands to run (nothing it `extends` has one either)"
        } else {
            "add `script:` with the commands to run, or `trigger:` for a downstream pipeline"
        };
        out.push(
            Diagnostic::error(
                "job-missing-script",
                path(),
                format!(
                    "job `{name}` config should implement the `script:`, `run:`, or `trigger:` keyword"
                ),
            )
            .with_help(help),
        );
        return;
    }
    if let Some((script, origin)) = cx.lookup(name, &|j: &Job| j.script.as_ref())
        && script_is_blank(script)
    {
        out.push(
            Diagnostic::error(
                "job-missing-script",
                cx.origin_path(name, origin, "script"),
                format!("job `{name}`: `script` can't be blank"),
            )
            .with_help("give the job at least one command"),
        );
    }
    if count > 1 {
        out.push(
            Diagnostic::error(
                "mutually-exclusive-keys",
                path(),
                format!(
                    "job `{name}`: these keys cannot be used together: {}",
                    ticks(has())
                ),
            )
            .with_help(if found[2] {
                "a trigger job starts a downstream pipeline and runs no commands; split it into two jobs"
            } else {
                "`run` (CI steps) replaces `script`; keep one of them"
            }),
        );
    }
}

fn script_is_blank(script: &Script) -> bool {
    match script {
        Script::Line(s) => s.trim().is_empty(),
        Script::Lines(items) => {
            items.iter().all(|i| i.strings().next().is_none())
                && !items
                    .iter()
                    .any(|i| matches!(i, crate::model::StringItem::Reference(_)))
        }
        Script::Reference(_) => false,
    }
}

/// A job's `when` may not be `never`; a trigger job's may not be `delayed` either.
fn when_allowed<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((when, origin)) = cx.lookup(name, &|j: &Job| j.when.as_ref()) else {
        return;
    };
    let trigger = cx.has_key(name, "trigger");
    let allowed: &[When] = if trigger {
        &[When::OnSuccess, When::OnFailure, When::Always, When::Manual]
    } else {
        &[
            When::OnSuccess,
            When::OnFailure,
            When::Always,
            When::Manual,
            When::Delayed,
        ]
    };
    if allowed.contains(when) {
        return;
    }
    let help = if *when == When::Never {
        "`when: never` belongs in `rules`: `rules: [{when: never}]`, or remove the job".to_owned()
    } else {
        "a trigger job cannot be delayed; use `when: manual`, or delay a job it `needs`".to_owned()
    };
    out.push(
        Diagnostic::error(
            "when-not-allowed",
            cx.origin_path(name, origin, "when"),
            format!(
                "{} `{name}`: when should be one of: {} (it is `{}`)",
                if trigger { "trigger job" } else { "job" },
                allowed
                    .iter()
                    .map(|w| w.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                when.as_str()
            ),
        )
        .with_help(help),
    );
}

/// `workflow:rules:when` is `always` or `never`.
fn workflow_when(cx: &Cx<'_>, out: &mut Sink<'_>) {
    let rules = cx
        .pipeline
        .workflow
        .as_ref()
        .and_then(|w| w.rules.as_ref())
        .and_then(|r| r.value());
    for (i, item) in rules.into_iter().flatten().enumerate() {
        if let RuleItem::Rule(rule) = item
            && let Some(when) = rule.when
            && !matches!(when, When::Always | When::Never)
        {
            out.push(
                Diagnostic::error(
                    "when-not-allowed",
                    KeyPath::root()
                        .key("workflow")
                        .key("rules")
                        .index(i)
                        .key("when"),
                    format!(
                        "`workflow:rules` when should be `always` or `never` (it is `{}`)",
                        when.as_str()
                    ),
                )
                .with_help("`workflow:rules` decide whether the pipeline is created at all"),
            );
        }
    }
}

/// `parallel`: 1 to 200, a matrix of at most 200 jobs, and no count on trigger jobs.
fn parallel<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((parallel, origin)) = cx.lookup(name, &|j: &Job| j.parallel.as_ref()) else {
        return;
    };
    let path = cx.origin_path(name, origin, "parallel");
    match parallel {
        Parallel::Count(n) => {
            if cx.has_key(name, "trigger") {
                out.push(
                    Diagnostic::error(
                        "parallel-count-on-trigger",
                        path,
                        format!(
                            "trigger job `{name}`: parallel config cannot use \"parallel: <number>\""
                        ),
                    )
                    .with_help("trigger jobs accept only `parallel:matrix`"),
                );
            } else if *n < 1 || u64::from(*n) > PARALLEL_LIMIT {
                let bound = if *n < 1 {
                    "greater than or equal to 1"
                } else {
                    "less than or equal to 200"
                };
                out.push(
                    Diagnostic::error(
                        "parallel-out-of-range",
                        path,
                        format!("job `{name}`: parallel config must be {bound} (it is {n})"),
                    )
                    .with_help("`parallel` runs the job 1 to 200 times"),
                );
            }
        }
        Parallel::Matrix(matrix) => {
            let jobs: u64 = matrix
                .matrix
                .iter()
                .map(|entry| {
                    entry
                        .values()
                        .map(|v| v.values().len() as u64)
                        .fold(1u64, u64::saturating_mul)
                })
                .fold(0u64, u64::saturating_add);
            if jobs > PARALLEL_LIMIT {
                out.push(
                    Diagnostic::error(
                        "matrix-too-many-jobs",
                        path.key("matrix"),
                        format!(
                            "job `{name}`: parallel:matrix config generates too many jobs (maximum is 200, it generates {jobs})"
                        ),
                    )
                    .with_help("split the matrix over several jobs"),
                );
            }
        }
    }
}

/// `retry`: at most 2, and failure types GitLab knows.
fn check_retry(retry: &Retry, what: &str, path: &KeyPath, out: &mut Sink<'_>) {
    let (max, whens) = match retry {
        Retry::Max(n) => (Some(*n), None),
        Retry::Config(c) => (c.max, c.when.as_ref()),
    };
    if let Some(max) = max
        && max > MAX_RETRY
    {
        let at = match retry {
            Retry::Max(_) => path.clone(),
            Retry::Config(_) => path.clone().key("max"),
        };
        out.push(
            Diagnostic::error(
                "retry-too-many",
                at,
                format!("{what}: retry max must be less than or equal to 2 (it is {max})"),
            )
            .with_help("GitLab retries a job at most twice (three runs in all)"),
        );
    }
    let Some(whens) = whens else {
        return;
    };
    let many = matches!(whens, crate::model::OneOrMany::Many(_));
    for (i, reason) in whens.as_slice().iter().enumerate() {
        if RETRY_WHEN.contains(&reason.as_str()) {
            continue;
        }
        let at = if many {
            path.clone().key("when").index(i)
        } else {
            path.clone().key("when")
        };
        out.push(
            Diagnostic::error(
                "retry-unknown-when",
                at,
                format!(
                    "{what}: retry when {} is not a failure type GitLab knows",
                    tick(reason)
                ),
            )
            .with_help(suggest(reason, RETRY_WHEN).unwrap_or_else(|| {
                "see <https://docs.gitlab.com/ci/yaml/#retrywhen> for the failure types".to_owned()
            })),
        );
    }
}

/// Keys kept in `extra` maps by a job or template GitLab reads (the visible jobs of this
/// file and the templates they extend; all templates of a partial file), and by its
/// image, services and rules.
fn job_unknown_keywords(name: &str, job: &Job, out: &mut Sink<'_>) {
    let at = At::root().job(name);
    let owner = || format!("job `{name}`");
    extra(&job.extra, owner, "job", &JOB_KEYWORDS, at, out);
    if let Some(image) = &job.image {
        image_extra(image, at.key("image"), out);
    }
    services_extra(job.services.as_ref().and_then(|s| s.value()), at, out);
    if let Some(OrReference::Value(rules)) = &job.rules {
        for (i, item) in rules.iter().enumerate() {
            if let RuleItem::Rule(rule) = item {
                let path = at.key("rules").index(i);
                extra(&rule.extra, owner, "rule", &RULE_KEYWORDS, path, out);
            }
        }
    }
}

/// Keys kept in `extra` by the top-level `image` and `services` and by `default`'s.
fn global_unknown_keywords(cx: &Cx<'_>, out: &mut Sink<'_>) {
    let p = cx.pipeline;
    if let Some(image) = &p.image {
        image_extra(image, At::root().key("image"), out);
    }
    services_extra(p.services.as_ref().and_then(|s| s.value()), At::root(), out);
    if let Some(d) = &p.default {
        let at = At::root().key("default");
        if let Some(image) = &d.image {
            image_extra(image, at.key("image"), out);
        }
        services_extra(d.services.as_ref().and_then(|s| s.value()), at, out);
    }
}

fn image_extra(image: &Image, at: At<'_>, out: &mut Sink<'_>) {
    if let Image::Config(c) = image {
        extra(
            &c.extra,
            || "`image`".to_owned(),
            "`image`",
            &IMAGE_KEYWORDS,
            at,
            out,
        );
    }
}

fn services_extra(services: Option<&Vec<Service>>, at: At<'_>, out: &mut Sink<'_>) {
    for (i, s) in services.into_iter().flatten().enumerate() {
        if let Service::Config(c) = s {
            let path = at.key("services").index(i);
            extra(
                &c.extra,
                || format!("service `{}`", c.name),
                "service",
                &SERVICE_KEYWORDS,
                path,
                out,
            );
        }
    }
}

/// The keys of a job's rule.
const RULE_KEYWORDS: [&str; 9] = [
    "if",
    "changes",
    "exists",
    "variables",
    "when",
    "start_in",
    "allow_failure",
    "needs",
    "interruptible",
];

fn extra(
    extra: &Extra,
    owner: impl Fn() -> String,
    kind: &str,
    known: &[&str],
    at: At<'_>,
    out: &mut Sink<'_>,
) {
    // A known key written as an explicit `null` (`rules: null`) is kept there on purpose.
    for key in extra.keys().filter(|k| !extra.is_explicit_null(k, known)) {
        let help = suggest(key, known.iter().copied()).unwrap_or_else(|| {
            "GitLab refuses keys it does not know; if this is a keyword newer than pipeline-dsl, allow `unknown-keyword`".to_owned()
        });
        out.push(
            Diagnostic::error(
                "unknown-keyword",
                at.path().key(key),
                format!("{}: `{key}` is not a GitLab {kind} keyword", owner()),
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, job_mut, none, only, parse, run, with_code};
    use super::super::{ValidateOptions, check};
    use crate::model::{
        ImageConfig, Include, Includes, Job, JobDefaults, Matrix, MatrixValue, OneOrMany,
        OrReference, Parallel, Pipeline, Retry, RetryConfig, Rule, RuleItem, Script, Service,
        ServiceConfig, Trigger, Value, When, Workflow,
    };

    #[test]
    fn a_job_without_script_is_an_error() {
        let mut p = Pipeline::new();
        p.insert_job("build", Job::new());
        let found = run(&p);
        let d = only(&found, "job-missing-script");
        assert!(d.is_error());
        assert_eq!(d.path.to_string(), r#"jobs."build""#);
        assert_eq!(
            d.message,
            "job `build` config should implement the `script:`, `run:`, or `trigger:` keyword"
        );
    }

    #[test]
    fn script_run_or_trigger_or_an_extended_script_is_enough() {
        let mut p =
            parse(".base:\n  stage: build\n.mid:\n  extends: .base\nbuild:\n  extends: .mid\n");
        job_mut(&mut p, ".base").script = Some(Script::from(["make"]));
        let mut runner = Job::new();
        runner.run = Some(vec![Value::Null]);
        p.insert_job("steps", runner);
        let mut bridge = Job::new();
        bridge.trigger = Some(Trigger::Project("group/project".into()));
        p.insert_job("bridge", bridge);
        let found = run(&p);
        none(&found, "job-missing-script");
        none(&found, "mutually-exclusive-keys");
        // Without the template's script, the job has none.
        job_mut(&mut p, ".base").script = None;
        let found = run(&p);
        let d = only(&found, "job-missing-script");
        assert_eq!(d.path.to_string(), r#"jobs."build""#);
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("nothing it `extends` has one")
        );
    }

    #[test]
    fn a_job_extending_a_template_we_cannot_see_is_not_flagged() {
        let mut p = parse("sast:\n  stage: test\nbuild:\n  extends: .hidden-elsewhere\n");
        job_mut(&mut p, "sast").script = None;
        p.include = Some(Includes::One(Include::Path(
            "https://example.com/ci.yml".into(),
        )));
        let found = run(&p);
        none(&found, "job-missing-script");
        let found = check(
            &{
                let mut q = p.clone();
                q.include = None;
                q
            },
            &ValidateOptions::new().partial(true),
        );
        none(&found, "job-missing-script");
    }

    #[test]
    fn a_blank_script_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = Job::new();
        j.script = Some(Script::Lines(Vec::new()));
        p.insert_job("build", j);
        let found = run(&p);
        let d = only(&found, "job-missing-script");
        assert_eq!(d.path.to_string(), r#"jobs."build".script"#);
        assert_eq!(d.message, "job `build`: `script` can't be blank");
    }

    #[test]
    fn script_and_trigger_together_are_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.trigger = Some(Trigger::Project("group/project".into()));
        p.insert_job("both", j);
        let found = run(&p);
        let d = only(&found, "mutually-exclusive-keys");
        assert_eq!(d.path.to_string(), r#"jobs."both""#);
        assert_eq!(
            d.message,
            "job `both`: these keys cannot be used together: `script`, `trigger`"
        );
    }

    #[test]
    fn when_never_on_a_job_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.when = Some(When::Never);
        p.insert_job("j", j);
        let found = run(&p);
        let d = only(&found, "when-not-allowed");
        assert_eq!(d.path.to_string(), r#"jobs."j".when"#);
        assert_eq!(
            d.message,
            "job `j`: when should be one of: on_success, on_failure, always, manual, delayed (it is `never`)"
        );
        let p = parse("j:\n  when: manual\nk:\n  when: on_failure\n");
        none(&run(&p), "when-not-allowed");
    }

    #[test]
    fn when_delayed_on_a_trigger_job_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = Job::new();
        j.trigger = Some(Trigger::Project("group/project".into()));
        j.when = Some(When::Delayed);
        j.start_in = Some("5 minutes".into());
        p.insert_job("t", j);
        let found = run(&p);
        let d = only(&found, "when-not-allowed");
        assert!(d.message.starts_with(
            "trigger job `t`: when should be one of: on_success, on_failure, always, manual"
        ));
        job_mut(&mut p, "t").when = Some(When::Manual);
        job_mut(&mut p, "t").start_in = None;
        none(&run(&p), "when-not-allowed");
    }

    #[test]
    fn workflow_rules_when_is_always_or_never() {
        let mut p = parse("j:\n  stage: test\n");
        p.workflow = Some(Workflow {
            rules: Some(OrReference::Value(vec![
                RuleItem::Rule(Rule::condition("$A").when(When::Always)),
                RuleItem::Rule(Rule::always().when(When::Manual)),
            ])),
            ..Workflow::default()
        });
        let found = run(&p);
        let d = only(&found, "when-not-allowed");
        assert_eq!(d.path.to_string(), "workflow.rules[1].when");
        assert_eq!(
            d.message,
            "`workflow:rules` when should be `always` or `never` (it is `manual`)"
        );
    }

    #[test]
    fn parallel_outside_1_to_200_is_an_error() {
        for (n, bound) in [
            (0, "greater than or equal to 1"),
            (201, "less than or equal to 200"),
        ] {
            let mut p = Pipeline::new();
            let mut j = job(None);
            j.parallel = Some(Parallel::Count(n));
            p.insert_job("p", j);
            let found = run(&p);
            let d = only(&found, "parallel-out-of-range");
            assert_eq!(d.path.to_string(), r#"jobs."p".parallel"#);
            assert_eq!(
                d.message,
                format!("job `p`: parallel config must be {bound} (it is {n})")
            );
        }
        for n in [1, 200] {
            let mut p = Pipeline::new();
            let mut j = job(None);
            j.parallel = Some(Parallel::Count(n));
            p.insert_job("p", j);
            none(&run(&p), "parallel-out-of-range");
        }
    }

    fn matrix(entries: &[&[usize]]) -> Parallel {
        let mut m = Matrix::default();
        for entry in entries {
            let mut map = indexmap::IndexMap::new();
            for (i, count) in entry.iter().enumerate() {
                let values = (0..*count).map(|v| Value::Int(v as i64)).collect();
                map.insert(format!("V{i}"), MatrixValue::Many(values));
            }
            m.matrix.push(map);
        }
        Parallel::Matrix(m)
    }

    #[test]
    fn a_matrix_of_more_than_200_jobs_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        // 10 * 10 + 101 = 201.
        j.parallel = Some(matrix(&[&[10, 10], &[101]]));
        p.insert_job("m", j);
        let found = run(&p);
        let d = only(&found, "matrix-too-many-jobs");
        assert_eq!(d.path.to_string(), r#"jobs."m".parallel.matrix"#);
        assert_eq!(
            d.message,
            "job `m`: parallel:matrix config generates too many jobs (maximum is 200, it generates 201)"
        );
        job_mut(&mut p, "m").parallel = Some(matrix(&[&[10, 10], &[100]]));
        none(&run(&p), "matrix-too-many-jobs");
    }

    #[test]
    fn parallel_count_on_a_trigger_job_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = Job::new();
        j.trigger = Some(Trigger::Project("group/project".into()));
        j.parallel = Some(Parallel::Count(2));
        p.insert_job("t", j);
        let found = run(&p);
        let d = only(&found, "parallel-count-on-trigger");
        assert_eq!(d.path.to_string(), r#"jobs."t".parallel"#);
        assert_eq!(
            d.message,
            "trigger job `t`: parallel config cannot use \"parallel: <number>\""
        );
        none(&found, "parallel-out-of-range");
        job_mut(&mut p, "t").parallel = Some(matrix(&[&[2]]));
        none(&run(&p), "parallel-count-on-trigger");
    }

    #[test]
    fn retry_over_2_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.retry = Some(Retry::Max(3));
        p.insert_job("r", j);
        p.default = Some(JobDefaults {
            retry: Some(Retry::Config(Box::new(RetryConfig {
                max: Some(5),
                ..RetryConfig::default()
            }))),
            ..JobDefaults::default()
        });
        let found = run(&p);
        let hits = with_code(&found, "retry-too-many");
        assert_eq!(hits.len(), 2, "{found}");
        assert_eq!(hits[0].path.to_string(), r#"jobs."r".retry"#);
        assert_eq!(
            hits[0].message,
            "job `r`: retry max must be less than or equal to 2 (it is 3)"
        );
        assert_eq!(hits[1].path.to_string(), "default.retry.max");
        job_mut(&mut p, "r").retry = Some(Retry::Max(2));
        p.default = None;
        none(&run(&p), "retry-too-many");
    }

    #[test]
    fn an_unknown_retry_when_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.retry = Some(Retry::Config(Box::new(RetryConfig {
            when: Some(OneOrMany::Many(vec![
                "script_failure".into(),
                "script_failur".into(),
            ])),
            ..RetryConfig::default()
        })));
        p.insert_job("r", j);
        let found = run(&p);
        let d = only(&found, "retry-unknown-when");
        assert_eq!(d.path.to_string(), r#"jobs."r".retry.when[1]"#);
        assert_eq!(
            d.message,
            "job `r`: retry when `script_failur` is not a failure type GitLab knows"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `script_failure`?"));
    }

    #[test]
    fn explicit_nulls_of_known_keys_are_not_unknown_keywords() {
        let p = crate::import::from_str("job:\n  script: x\n  rules: null\n")
            .unwrap()
            .pipeline;
        assert!(with_code(&run(&p), "unknown-keyword").is_empty());
    }

    #[test]
    fn unknown_keys_of_a_rule_are_unknown_keywords() {
        let mut p = parse("job:\n  stage: test\n");
        let mut rule = Rule::condition("$A");
        rule.extra.insert("iff", Value::Null);
        let job = job_mut(&mut p, "job");
        job.script = Some(Script::from(["make"]));
        job.rules = Some(OrReference::Value(vec![RuleItem::Rule(rule)]));
        let found = run(&p);
        let hits = with_code(&found, "unknown-keyword");
        assert_eq!(hits.len(), 1, "{found:?}");
        assert_eq!(hits[0].path.to_string(), r#"jobs."job".rules[0].iff"#);
        assert_eq!(hits[0].help.as_deref(), Some("did you mean `if`?"));
    }

    #[test]
    fn extra_keys_are_unknown_keywords_with_a_suggestion() {
        let mut p =
            parse(".tpl:\n  stage: test\n.unused:\n  stage: test\npackage:\n  extends: .tpl\n");
        job_mut(&mut p, "package").script = Some(Script::from(["make"]));
        job_mut(&mut p, "package")
            .extra
            .insert("artefacts", Value::Null);
        job_mut(&mut p, ".tpl")
            .extra
            .insert("brand_new_keyword", Value::Null);
        job_mut(&mut p, ".unused")
            .extra
            .insert("ignored", Value::Null);
        let mut image = ImageConfig::new("alpine:3");
        image.extra.insert("nmae", Value::Null);
        job_mut(&mut p, "package").image = Some(crate::model::Image::Config(Box::new(image)));
        let mut service = ServiceConfig::new("postgres:16");
        service.extra.insert("alais", Value::Null);
        p.services = Some(OrReference::Value(vec![Service::Config(Box::new(service))]));
        let found = run(&p);
        let hits = with_code(&found, "unknown-keyword");
        let shown: Vec<(String, String, Option<&str>)> = hits
            .iter()
            .map(|d| (d.path.to_string(), d.message.clone(), d.help.as_deref()))
            .collect();
        assert_eq!(shown.len(), 4, "{found}");
        assert_eq!(
            shown[0],
            (
                r#"jobs.".tpl".brand_new_keyword"#.to_owned(),
                "job `.tpl`: `brand_new_keyword` is not a GitLab job keyword".to_owned(),
                Some(
                    "GitLab refuses keys it does not know; if this is a keyword newer than pipeline-dsl, allow `unknown-keyword`"
                )
            )
        );
        assert_eq!(
            shown[1],
            (
                r#"jobs."package".artefacts"#.to_owned(),
                "job `package`: `artefacts` is not a GitLab job keyword".to_owned(),
                Some("did you mean `artifacts`?")
            )
        );
        assert_eq!(shown[2].0, r#"jobs."package".image.nmae"#);
        assert_eq!(shown[2].2, Some("did you mean `name`?"));
        assert_eq!(shown[3].0, "services[0].alais");
        assert_eq!(shown[3].2, Some("did you mean `alias`?"));
        // Allowed by code, they all go.
        let found = check(&p, &ValidateOptions::new().allow("unknown-keyword"));
        none(&found, "unknown-keyword");
    }

    #[test]
    fn no_extra_keys_no_unknown_keyword() {
        let p = parse("a:\n  stage: test\n");
        none(&run(&p), "unknown-keyword");
    }
}
