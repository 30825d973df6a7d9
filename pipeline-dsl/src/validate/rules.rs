//! When a job runs: `rules` exclude `only`/`except` (and `start_in`), `when: delayed` and
//! `start_in` go together (on jobs and on rules, at most a week), expressions in `rules:if`,
//! `workflow:rules:if`, `include:rules:if` and `only:variables` must parse, and GitLab's own
//! warning about rules that let two pipelines run for one push.

use std::collections::BTreeMap;

use super::expression::parse_expression;
use super::{At, Cx, Key, Sink, ValidateOptions, ticks};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{Include, Job, OnlyExcept, Rule, RuleItem, When};

/// The longest `start_in` GitLab accepts, in seconds (one week).
const MAX_START_IN: f64 = 7.0 * 24.0 * 3600.0;

/// The checks of when jobs run, key by key ([`super::check`] walks the file once).
pub(super) struct Checks<'a, 'o> {
    /// `rules` against `only`/`except`, delays, and the two-pipelines warning, per job.
    jobs: Sink<'o>,
    /// Expressions of the jobs and templates GitLab reads.
    expressions: Sink<'o>,
    parsed: Parsed<'a>,
}

impl<'a, 'o> Checks<'a, 'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            jobs: Sink::new(options),
            expressions: Sink::new(options),
            parsed: Parsed::default(),
        }
    }

    pub(super) fn key(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        if key.visible {
            let (name, out) = (key.name, &mut self.jobs);
            exclusive_with_rules(cx, name, out);
            delayed(cx, name, out);
            rule_delays(cx, name, out);
            multiple_pipelines(cx, name, out);
        }
        if key.used
            && let Some(job) = key.job
        {
            job_expressions(key.name, job, &mut self.parsed, &mut self.expressions);
        }
    }

    /// In order: the jobs, then expressions (the jobs', `workflow`'s, the includes').
    pub(super) fn finish(mut self, cx: &Cx<'a>, out: &mut Sink<'o>) {
        out.append(self.jobs);
        out.append(self.expressions);
        global_expressions(cx, &mut self.parsed, out);
    }
}

/// `rules` may not be used with `only`, `except` or `start_in` (null values ignored).
fn exclusive_with_rules<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    if cx.lookup(name, &|j: &Job| j.rules.as_ref()).is_none() {
        return;
    }
    let set = |v: Option<&OnlyExcept>| v.is_some_and(|v| !matches!(v, OnlyExcept::Null(())));
    let mut keys = Vec::new();
    if cx
        .lookup(name, &|j: &Job| j.only.as_ref().filter(|v| set(Some(v))))
        .is_some()
    {
        keys.push("only");
    }
    if cx
        .lookup(name, &|j: &Job| j.except.as_ref().filter(|v| set(Some(v))))
        .is_some()
    {
        keys.push("except");
    }
    if cx.lookup(name, &|j: &Job| j.start_in.as_ref()).is_some() {
        keys.push("start_in");
    }
    if keys.is_empty() {
        return;
    }
    let help = if keys.contains(&"start_in") {
        "write `start_in` in the rule that has `when: delayed`, and express `only`/`except` as `rules`"
    } else {
        "express the `only`/`except` conditions as `rules`, then remove them"
    };
    out.push(
        Diagnostic::error(
            "rules-with-only-except",
            KeyPath::root().job(name),
            format!(
                "job `{name}`: config key may not be used with `rules`: {}",
                ticks(keys)
            ),
        )
        .with_help(help),
    );
}

/// A job's `when: delayed` needs `start_in`, and `start_in` needs `when: delayed`.
fn delayed<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let when = cx.lookup(name, &|j: &Job| j.when.as_ref());
    let start_in = cx.lookup(name, &|j: &Job| j.start_in.as_ref());
    let has_rules = cx.lookup(name, &|j: &Job| j.rules.as_ref()).is_some();
    let is_delayed = matches!(when, Some((When::Delayed, _)));
    match (is_delayed, start_in) {
        (true, None) => {
            let at = when.map_or_else(
                || KeyPath::root().job(name),
                |(_, origin)| cx.origin_path(name, origin, "when"),
            );
            out.push(
                Diagnostic::error(
                    "delayed-without-start-in",
                    at,
                    format!("job `{name}`: `when: delayed` needs `start_in`; start in should be a duration"),
                )
                .with_help("add `start_in: 30 minutes` (at most `1 week`)"),
            );
        }
        (true, Some((value, origin))) if !has_rules => {
            too_long(
                value,
                &format!("job `{name}`"),
                cx.origin_path(name, origin, "start_in"),
                out,
            );
        }
        (false, Some((_, origin))) if !has_rules => {
            out.push(
                Diagnostic::error(
                    "start-in-without-delayed",
                    cx.origin_path(name, origin, "start_in"),
                    format!("job `{name}`: start in must be blank without `when: delayed`"),
                )
                .with_help("add `when: delayed`, or remove `start_in`"),
            );
        }
        _ => {}
    }
}

/// The same pairing inside each rule.
fn rule_delays<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((rules, origin)) = cx.lookup(name, &|j: &Job| j.rules.as_ref()) else {
        return;
    };
    for (i, item) in rules.value().into_iter().flatten().enumerate() {
        let RuleItem::Rule(rule) = item else {
            continue;
        };
        let delayed = rule.when == Some(When::Delayed);
        if !delayed && rule.start_in.is_none() {
            continue;
        }
        let at = rule_path(cx, name, origin, i);
        let what = format!("a rule of job `{name}`");
        match (delayed, &rule.start_in) {
            (true, None) => out.push(
                Diagnostic::error(
                    "delayed-without-start-in",
                    at,
                    format!("{what}: `when: delayed` needs `start_in`; start in can't be blank"),
                )
                .with_help("add `start_in: 30 minutes` to the rule (at most `1 week`)"),
            ),
            (true, Some(value)) => too_long(value, &what, at.key("start_in"), out),
            (false, Some(_)) => out.push(
                Diagnostic::error(
                    "start-in-without-delayed",
                    at.key("start_in"),
                    format!("{what}: config contains disallowed keys: `start_in` (the rule is not `when: delayed`)"),
                )
                .with_help("add `when: delayed` to the rule, or remove `start_in`"),
            ),
            (false, None) => {}
        }
    }
}

/// `rules[i]` of `name`, written under `origin`.
fn rule_path(cx: &Cx<'_>, name: &str, origin: &str, i: usize) -> KeyPath {
    let base = cx.origin_path(name, origin, "rules");
    if origin == name || cx.in_file(origin) {
        base.index(i)
    } else {
        base
    }
}

fn too_long(value: &str, what: &str, at: KeyPath, out: &mut Sink<'_>) {
    // Durations this parser does not read are left to GitLab.
    if let Some(seconds) = duration_seconds(value)
        && seconds > MAX_START_IN
    {
        out.push(
            Diagnostic::error(
                "start-in-too-long",
                at,
                format!(
                    "{what}: start in should not exceed the limit (`{value}` is more than one week)"
                ),
            )
            .with_help("`start_in` is at most `1 week`; use a schedule for longer delays"),
        );
    }
}

/// A duration as GitLab's `ChronicDuration` reads the common forms: `30`, `30 minutes`,
/// `1h 30m`, `2 days`, `1 week`. `None` for anything else.
fn duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    if let Ok(seconds) = text.parse::<f64>() {
        return Some(seconds);
    }
    let mut total = 0.0;
    let mut number: Option<f64> = None;
    let mut rest = text.as_str();
    let mut any = false;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits > 0 {
            if number.is_some() {
                return None;
            }
            number = Some(rest[..digits].parse().ok()?);
            rest = &rest[digits..];
            continue;
        }
        let word_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        rest = &rest[word_end..];
        if word == "and" {
            continue;
        }
        let unit = match word {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "wks" | "week" | "weeks" => 604_800.0,
            "mo" | "mos" | "month" | "months" => 30.0 * 86_400.0,
            "y" | "yr" | "yrs" | "year" | "years" => 365.25 * 86_400.0,
            _ => return None,
        };
        total += number.take()? * unit;
        any = true;
    }
    if number.is_some() || !any {
        return None;
    }
    Some(total)
}

/// GitLab's warning: the last rule is only `when:` (not `never`) and there are no
/// `workflow:rules`, so a push to a branch with an open merge request runs two pipelines.
fn multiple_pipelines<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let has_workflow_rules = cx
        .pipeline
        .workflow
        .as_ref()
        .is_some_and(|w| w.rules.is_some());
    // The including file (or an include) may have `workflow:rules`.
    if has_workflow_rules || cx.uncertain {
        return;
    }
    let Some((rules, origin)) = cx.lookup(name, &|j: &Job| j.rules.as_ref()) else {
        return;
    };
    let Some(list) = rules.value() else {
        return;
    };
    let Some((i, RuleItem::Rule(last))) = list.iter().enumerate().next_back() else {
        return;
    };
    let only_when = Rule {
        when: last.when,
        ..Rule::default()
    };
    if last.when.is_none() || last.when == Some(When::Never) || *last != only_when {
        return;
    }
    out.push(
        Diagnostic::warning(
            "multiple-pipelines",
            rule_path(cx, name, origin, i),
            format!(
                "job `{name}` may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules`"
            ),
        )
        .with_help(
            "add `workflow:rules` that choose between branch and merge request pipelines; read more: https://docs.gitlab.com/ci/jobs/job_troubleshooting/#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning",
        ),
    );
}

/// The expressions of a job or template GitLab reads: `rules:if` and
/// `only`/`except:variables`. Each distinct text is parsed once ([`Parsed`]; jobs usually
/// share their conditions).
fn job_expressions<'a>(name: &'a str, job: &'a Job, parsed: &mut Parsed<'a>, out: &mut Sink<'_>) {
    let at = At::root().job(name);
    if let Some(rules) = job.rules.as_ref().and_then(|r| r.value()) {
        rule_expressions(rules, at.key("rules"), "rules:if", parsed, out);
    }
    for (key, value) in [("only", &job.only), ("except", &job.except)] {
        let Some(OnlyExcept::Config(c)) = value else {
            continue;
        };
        let what = if key == "only" {
            "only:variables"
        } else {
            "except:variables"
        };
        for (i, expr) in c.variables.iter().flatten().enumerate() {
            parsed.check(expr, what, at.key(key).key("variables").index(i), out);
        }
    }
}

/// `workflow:rules:if` and `include:rules:if`.
fn global_expressions<'a>(cx: &Cx<'a>, parsed: &mut Parsed<'a>, out: &mut Sink<'_>) {
    let p = cx.pipeline;
    if let Some(rules) = p
        .workflow
        .as_ref()
        .and_then(|w| w.rules.as_ref())
        .and_then(|r| r.value())
    {
        rule_expressions(
            rules,
            At::root().key("workflow").key("rules"),
            "workflow:rules:if",
            parsed,
            out,
        );
    }
    if let Some(includes) = &p.include {
        let many = matches!(includes, crate::model::Includes::Many(_));
        for (i, item) in includes.items().iter().enumerate() {
            let rules = match item {
                Include::Local(x) => x.rules.as_ref(),
                Include::Project(x) => x.rules.as_ref(),
                Include::Template(x) => x.rules.as_ref(),
                Include::Component(x) => x.rules.as_ref(),
                Include::Remote(x) => x.rules.as_ref(),
                Include::Path(_) | Include::Artifact(_) => None,
            };
            let Some(rules) = rules else {
                continue;
            };
            let mut at = At::root().key("include");
            if many {
                at = at.index(i);
            }
            rule_expressions(rules, at.key("rules"), "include:rules:if", parsed, out);
        }
    }
}

fn rule_expressions<'a>(
    rules: &'a [RuleItem],
    at: At<'a>,
    what: &str,
    parsed: &mut Parsed<'a>,
    out: &mut Sink<'_>,
) {
    for (i, item) in rules.iter().enumerate() {
        if let RuleItem::Rule(rule) = item
            && let Some(condition) = &rule.condition
        {
            parsed.check(condition, what, at.index(i).key("if"), out);
        }
    }
}

/// What parsing each expression text gave: `None` when it parses, else why not.
#[derive(Default)]
struct Parsed<'a>(BTreeMap<&'a str, Option<String>>);

impl<'a> Parsed<'a> {
    fn check(&mut self, text: &'a str, what: &str, at: At<'_>, out: &mut Sink<'_>) {
        let why = self
            .0
            .entry(text)
            .or_insert_with(|| parse_expression(text).err());
        if let Some(why) = why {
            out.push(
                Diagnostic::error(
                    "invalid-expression",
                    at.path(),
                    format!("`{what}` invalid expression syntax in `{text}`: {why}"),
                )
                .with_help(
                    "expressions compare `$VARIABLES` with `==`, `!=`, `=~`, `!~` to \"strings\", /regexes/ or `null`, joined by `&&`, `||` and parentheses",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, job_mut, none, only, parse, run, with_code};
    use super::super::{ValidateOptions, check};
    use super::duration_seconds;
    use crate::model::{
        Include, IncludeLocal, Includes, OnlyExcept, OnlyExceptConfig, OrReference, Pipeline, Rule,
        RuleItem, StringItem, When, Workflow,
    };

    fn rules(list: Vec<Rule>) -> Option<OrReference<Vec<RuleItem>>> {
        Some(OrReference::Value(
            list.into_iter().map(RuleItem::Rule).collect(),
        ))
    }

    #[test]
    fn rules_with_only_except_or_start_in_is_an_error() {
        let mut p = parse("j:\n  stage: test\n  start_in: 5 minutes\n");
        let j = job_mut(&mut p, "j");
        j.rules = rules(vec![Rule::condition("$A")]);
        j.only = Some(OnlyExcept::Refs(vec![StringItem::from("main")]));
        j.except = Some(OnlyExcept::Null(()));
        let found = run(&p);
        let d = only(&found, "rules-with-only-except");
        assert_eq!(d.path.to_string(), r#"jobs."j""#);
        assert_eq!(
            d.message,
            "job `j`: config key may not be used with `rules`: `only`, `start_in`"
        );
        none(&found, "start-in-without-delayed");
    }

    #[test]
    fn rules_alone_or_only_alone_are_fine() {
        let mut p = Pipeline::new();
        let mut a = job(None);
        a.rules = rules(vec![Rule::condition("$A")]);
        a.only = Some(OnlyExcept::Null(()));
        p.insert_job("a", a);
        let mut b = job(None);
        b.only = Some(OnlyExcept::Refs(vec![StringItem::from("main")]));
        p.insert_job("b", b);
        none(&run(&p), "rules-with-only-except");
    }

    #[test]
    fn rules_inherited_from_a_template_conflict_with_only() {
        let mut p = parse(".tpl:\n  stage: test\nj:\n  extends: .tpl\n");
        job_mut(&mut p, ".tpl").rules = rules(vec![Rule::condition("$A")]);
        job_mut(&mut p, ".tpl").script = Some(crate::model::Script::from(["x"]));
        job_mut(&mut p, "j").except = Some(OnlyExcept::Refs(vec![StringItem::from("tags")]));
        let found = run(&p);
        assert!(
            only(&found, "rules-with-only-except")
                .message
                .ends_with("`except`")
        );
    }

    #[test]
    fn when_delayed_without_start_in_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.when = Some(When::Delayed);
        p.insert_job("later", j);
        let found = run(&p);
        let d = only(&found, "delayed-without-start-in");
        assert_eq!(d.path.to_string(), r#"jobs."later".when"#);
        assert_eq!(
            d.message,
            "job `later`: `when: delayed` needs `start_in`; start in should be a duration"
        );
        let p = parse("later:\n  when: delayed\n  start_in: 30 minutes\n");
        let found = run(&p);
        none(&found, "delayed-without-start-in");
        none(&found, "start-in-without-delayed");
        none(&found, "start-in-too-long");
    }

    #[test]
    fn start_in_without_delayed_is_an_error() {
        let p = parse("soon:\n  when: manual\n  start_in: 30 minutes\n");
        let found = run(&p);
        let d = only(&found, "start-in-without-delayed");
        assert_eq!(d.path.to_string(), r#"jobs."soon".start_in"#);
        assert_eq!(
            d.message,
            "job `soon`: start in must be blank without `when: delayed`"
        );
    }

    #[test]
    fn start_in_over_a_week_is_an_error() {
        let p = parse("later:\n  when: delayed\n  start_in: 8 days\n");
        let found = run(&p);
        let d = only(&found, "start-in-too-long");
        assert_eq!(d.path.to_string(), r#"jobs."later".start_in"#);
        assert_eq!(
            d.message,
            "job `later`: start in should not exceed the limit (`8 days` is more than one week)"
        );
        none(
            &run(&parse("later:\n  when: delayed\n  start_in: 1 week\n")),
            "start-in-too-long",
        );
    }

    #[test]
    fn durations_read_like_chronic_duration() {
        assert_eq!(duration_seconds("30"), Some(30.0));
        assert_eq!(duration_seconds("1h 30m"), Some(5400.0));
        assert_eq!(duration_seconds("1 hour and 30 minutes"), Some(5400.0));
        assert_eq!(duration_seconds("1 week"), Some(604_800.0));
        assert_eq!(duration_seconds("2 fortnights"), None);
        assert_eq!(duration_seconds("minutes"), None);
        assert_eq!(duration_seconds("5 5 minutes"), None);
    }

    #[test]
    fn rule_delays_pair_when_and_start_in() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        let mut no_start = Rule::condition("$A").when(When::Delayed);
        no_start.start_in = None;
        let mut no_delay = Rule::condition("$B").when(When::Manual);
        no_delay.start_in = Some("5 minutes".into());
        let mut too_long = Rule::condition("$C").when(When::Delayed);
        too_long.start_in = Some("2 weeks".into());
        let mut fine = Rule::condition("$D").when(When::Delayed);
        fine.start_in = Some("1 day".into());
        j.rules = rules(vec![no_start, no_delay, too_long, fine]);
        p.insert_job("r", j);
        let found = run(&p);
        let d = only(&found, "delayed-without-start-in");
        assert_eq!(d.path.to_string(), r#"jobs."r".rules[0]"#);
        let d = only(&found, "start-in-without-delayed");
        assert_eq!(d.path.to_string(), r#"jobs."r".rules[1].start_in"#);
        assert!(
            d.message
                .contains("config contains disallowed keys: `start_in`")
        );
        let d = only(&found, "start-in-too-long");
        assert_eq!(d.path.to_string(), r#"jobs."r".rules[2].start_in"#);
    }

    #[test]
    fn a_rules_if_that_does_not_parse_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.rules = rules(vec![
            Rule::condition("$CI_COMMIT_BRANCH == \"main\""),
            Rule::condition("$CI_COMMIT_BRANCH = \"main\""),
        ]);
        p.insert_job("j", j);
        let found = run(&p);
        let d = only(&found, "invalid-expression");
        assert_eq!(d.path.to_string(), r#"jobs."j".rules[1].if"#);
        assert!(
            d.message.starts_with(
                "`rules:if` invalid expression syntax in `$CI_COMMIT_BRANCH = \"main\"`: "
            ),
            "{}",
            d.message
        );
    }

    #[test]
    fn only_variables_workflow_and_include_rules_are_parsed_too() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.except = Some(OnlyExcept::Config(Box::new(OnlyExceptConfig {
            variables: Some(vec!["$A == 'x'".into(), "$A == x".into()]),
            ..OnlyExceptConfig::default()
        })));
        p.insert_job("j", j);
        p.workflow = Some(Workflow {
            rules: rules(vec![Rule::condition("$A &&").when(When::Always)]),
            ..Workflow::default()
        });
        let mut include = Include::local("ci/x.yml");
        if let Include::Local(IncludeLocal { rules, .. }) = &mut include {
            *rules = Some(vec![RuleItem::Rule(Rule::condition("($A"))]);
        }
        p.include = Some(Includes::Many(vec![include]));
        let found = run(&p);
        let paths: Vec<String> = with_code(&found, "invalid-expression")
            .iter()
            .map(|d| d.path.to_string())
            .collect();
        assert_eq!(
            paths,
            [
                r#"jobs."j".except.variables[1]"#,
                "workflow.rules[0].if",
                "include[0].rules[0].if"
            ]
        );
    }

    #[test]
    fn valid_expressions_are_silent() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.rules = rules(vec![
            Rule::condition(
                "$CI_COMMIT_TAG =~ /^v\\d+/ && ($DEPLOY || $CI_PIPELINE_SOURCE == \"web\")",
            ),
            Rule::condition("$CI_MERGE_REQUEST_IID"),
        ]);
        p.insert_job("j", j);
        none(&run(&p), "invalid-expression");
    }

    #[test]
    fn a_final_when_only_rule_without_workflow_rules_warns() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.rules = rules(vec![
            Rule::condition("$CI_COMMIT_TAG").when(When::Never),
            Rule::always().when(When::Always),
        ]);
        p.insert_job("j", j);
        let found = run(&p);
        let d = only(&found, "multiple-pipelines");
        assert!(!d.is_error());
        assert_eq!(d.path.to_string(), r#"jobs."j".rules[1]"#);
        assert!(d.message.starts_with(
            "job `j` may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules`"
        ));
        // With `workflow:rules`, or a last rule that is `when: never` or has a clause: silent.
        let mut q = p.clone();
        q.workflow = Some(Workflow {
            rules: rules(vec![Rule::condition("$CI_COMMIT_BRANCH")]),
            ..Workflow::default()
        });
        none(&run(&q), "multiple-pipelines");
        job_mut(&mut p, "j").rules = rules(vec![Rule::always().when(When::Never)]);
        none(&run(&p), "multiple-pipelines");
        job_mut(&mut p, "j").rules = rules(vec![Rule::condition("$A").when(When::Always)]);
        none(&run(&p), "multiple-pipelines");
        // Allowed by its code.
        job_mut(&mut p, "j").rules = rules(vec![Rule::always().when(When::OnSuccess)]);
        only(&run(&p), "multiple-pipelines");
        none(
            &check(&p, &ValidateOptions::new().allow("multiple-pipelines")),
            "multiple-pipelines",
        );
    }
}
