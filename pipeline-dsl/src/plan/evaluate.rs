//! One context against a prepared pipeline: `workflow:rules`, then every job's `rules` or
//! `only`/`except` with the variables GitLab gives that job, then the needs of the jobs kept.

use std::collections::BTreeMap;
use std::sync::Arc;

use pipeline_syntax::expr::Variables;
use pipeline_syntax::refs::{self, Syntax};

use crate::model::When;

use super::context::Context;
use super::error::PlanError;
use super::glob;
use super::prepare::{
    InheritVars, JobPredefined, NEEDS_LIMIT, PChanges, PJob, PNeed, PPolicy, PRef, PRule, Prepared,
    Selection,
};

/// Where an expression of one job (or of `workflow:rules`) reads variables, highest
/// precedence first: pipeline variables, the job's own (and matrix) variables, the global
/// ones it inherits (with `workflow:rules:variables` over them), the predefined ones.
pub(crate) struct Scope<'a> {
    pub(crate) pipeline: &'a BTreeMap<String, String>,
    pub(crate) job: Option<&'a BTreeMap<String, String>>,
    pub(crate) root: &'a BTreeMap<String, String>,
    pub(crate) inherit: &'a InheritVars,
    pub(crate) predefined: &'a BTreeMap<String, String>,
    pub(crate) job_predefined: Option<&'a JobPredefined>,
}

impl Variables for Scope<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        if let Some(v) = self.pipeline.get(name) {
            return Some(v);
        }
        if let Some(v) = self.job.and_then(|j| j.get(name)) {
            return Some(v);
        }
        if self.inherit.takes(name)
            && let Some(v) = self.root.get(name)
        {
            return Some(v);
        }
        if let Some(v) = self.predefined.get(name) {
            return Some(v);
        }
        self.job_predefined.and_then(|p| p.get(name))
    }
}

impl Scope<'_> {
    /// GitLab's `ExpandVariables.expand_existing`: `$NAME`, `${NAME}` and `%NAME%` replaced
    /// by defined variables (whose values are expanded too), others left as written.
    fn expand(&self, text: &str) -> String {
        self.expand_depth(text, 0)
    }

    fn expand_depth(&self, text: &str, depth: usize) -> String {
        if !text.contains(['$', '%']) || depth > 10 {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in refs::scan_with(text, Syntax::DollarAndPercent) {
            if let Some(value) = self.get(r.name) {
                out.push_str(&text[last..r.span.start]);
                out.push_str(&self.expand_depth(value, depth + 1));
                last = r.span.end;
            }
        }
        out.push_str(&text[last..]);
        out
    }
}

/// What the pipeline-level evaluation found.
pub(crate) struct Evaluation<'p> {
    /// Whether `workflow:rules` let the pipeline be created.
    pub(crate) workflow_passed: bool,
    /// `workflow:rules:variables` of the matching rule.
    pub(crate) workflow_variables: Vec<(String, String)>,
    /// `workflow:name`, variables expanded.
    pub(crate) name: Option<String>,
    /// Per job (in the prepared order): the decision when the job is kept.
    pub(crate) decisions: Vec<Option<Decision<'p>>>,
    /// Errors of this pipeline (rule errors, missing needs).
    pub(crate) errors: Vec<PlanError>,
}

/// A kept job.
#[derive(Debug, Clone)]
pub(crate) struct Decision<'p> {
    pub(crate) when: When,
    pub(crate) allow_failure: bool,
    pub(crate) start_in: Option<&'p str>,
    /// The needs in effect (a matching rule's, or the job's), `None` without `needs:`.
    pub(crate) needs: Option<&'p [PNeed]>,
    pub(crate) rule_variables: Option<&'p Arc<[(String, String)]>>,
}

/// Evaluates `ctx`.
pub(crate) fn evaluate<'p>(prepared: &'p Prepared, ctx: &Context) -> Evaluation<'p> {
    let predefined = ctx.predefined_variables();
    let pipeline_vars = ctx.pipeline_variables();
    let all = InheritVars::All;
    let mut root = prepared.global_vars.clone();
    let mut workflow_variables = Vec::new();
    if let Some(rules) = &prepared.workflow_rules {
        let scope = Scope {
            pipeline: pipeline_vars,
            job: None,
            root: &root,
            inherit: &all,
            predefined: &predefined,
            job_predefined: None,
        };
        let passed = match first_match(rules, &scope, ctx) {
            Some(rule) => {
                workflow_variables = rule.variables.to_vec();
                rule.when.unwrap_or(When::Always) != When::Never
            }
            None => false,
        };
        if !passed {
            return Evaluation {
                workflow_passed: false,
                workflow_variables: Vec::new(),
                name: None,
                decisions: Vec::new(),
                errors: Vec::new(),
            };
        }
        root.extend(workflow_variables.iter().cloned());
    }
    let name = prepared.workflow_name.as_ref().map(|n| {
        Scope {
            pipeline: pipeline_vars,
            job: None,
            root: &root,
            inherit: &all,
            predefined: &predefined,
            job_predefined: None,
        }
        .expand(n)
        .trim()
        .to_owned()
    });
    let mut memo = vec![Memo::Unknown; prepared.memo_slots];
    let decisions: Vec<Option<Decision<'p>>> = prepared
        .jobs
        .iter()
        .map(|job| {
            let scope = Scope {
                pipeline: pipeline_vars,
                job: Some(&job.vars),
                root: &root,
                inherit: &job.inherit,
                predefined: &predefined,
                job_predefined: Some(&job.predefined),
            };
            decide(job, &scope, ctx, &mut memo)
        })
        .collect();
    let mut errors = Vec::new();
    for (job, decision) in prepared.jobs.iter().zip(&decisions) {
        let Some(decision) = decision else { continue };
        let needs = decision.needs.unwrap_or(&[]);
        if needs.len() > NEEDS_LIMIT {
            errors.push(PlanError::TooManyNeeds {
                job: job.name.clone(),
                count: needs.len(),
                limit: NEEDS_LIMIT,
            });
            continue;
        }
        for need in needs {
            if !need.optional && decisions[need.index].is_none() {
                errors.push(PlanError::NeedNotInPipeline {
                    job: job.name.clone(),
                    need: need.name.clone(),
                });
            }
        }
    }
    Evaluation {
        workflow_passed: true,
        workflow_variables,
        name: name.filter(|n| !n.is_empty()),
        decisions,
        errors,
    }
}

/// The outcome of a selection shared by several jobs, once known for this context.
#[derive(Debug, Clone, Copy)]
enum Memo {
    Unknown,
    /// The index of the first matching rule, if any.
    Rule(Option<usize>),
    /// Whether `only`/`except` keep the job.
    Policy(bool),
}

/// Whether `job` is kept, and how.
fn decide<'p>(
    job: &'p PJob,
    scope: &Scope<'_>,
    ctx: &Context,
    memo: &mut [Memo],
) -> Option<Decision<'p>> {
    let keep = |when: When, allow_failure: bool, start_in: Option<&'p str>| Decision {
        when,
        allow_failure,
        start_in,
        needs: job.needs.as_deref(),
        rule_variables: None,
    };
    match &job.selection {
        Selection::Always => Some(keep(job.when, job.allow_failure, job.start_in.as_deref())),
        Selection::Policy { only, except } => {
            let evaluate = || {
                let only_ok = only.as_ref().is_none_or(|p| policy_all(p, scope, ctx));
                let except_hit = except.as_ref().is_some_and(|p| policy_any(p, scope, ctx));
                only_ok && !except_hit
            };
            let kept = match job.memo.and_then(|slot| memo.get_mut(slot)) {
                Some(Memo::Policy(kept)) => *kept,
                Some(slot) => {
                    let kept = evaluate();
                    *slot = Memo::Policy(kept);
                    kept
                }
                None => evaluate(),
            };
            kept.then(|| keep(job.when, job.allow_failure, job.start_in.as_deref()))
        }
        Selection::Rules(rules) => {
            let evaluate = || rules.iter().position(|rule| rule_matches(rule, scope, ctx));
            let index = match job.memo.and_then(|slot| memo.get_mut(slot)) {
                Some(Memo::Rule(index)) => *index,
                Some(slot) => {
                    let index = evaluate();
                    *slot = Memo::Rule(index);
                    index
                }
                None => evaluate(),
            };
            let rule = rules.get(index?)?;
            let when = rule.when.unwrap_or(job.when);
            if when == When::Never {
                return None;
            }
            Some(Decision {
                when,
                allow_failure: rule.allow_failure.unwrap_or(job.allow_failure),
                start_in: rule.start_in.as_deref().or(job.start_in.as_deref()),
                needs: rule.needs.as_deref().or(job.needs.as_deref()),
                rule_variables: (!rule.variables.is_empty()).then_some(&rule.variables),
            })
        }
    }
}

/// The first rule whose clauses all hold.
pub(crate) fn first_match<'r>(
    rules: &'r [PRule],
    scope: &Scope<'_>,
    ctx: &Context,
) -> Option<&'r PRule> {
    rules.iter().find(|rule| rule_matches(rule, scope, ctx))
}

fn rule_matches(rule: &PRule, scope: &Scope<'_>, ctx: &Context) -> bool {
    if let Some(condition) = &rule.condition
        && !condition.is_truthy(scope)
    {
        return false;
    }
    if let Some(changes) = &rule.changes
        && !changes_hold(changes, scope, ctx)
    {
        return false;
    }
    if let Some(globs) = &rule.exists {
        let globs: Vec<String> = globs.iter().map(|g| scope.expand(g)).collect();
        if !glob::exists_match(&globs, ctx.existing_paths()) {
            return false;
        }
    }
    true
}

/// GitLab's comparison cap: more path-glob pairs than this count as a match.
const MAX_COMPARISONS: usize = 50_000;

fn changes_hold(changes: &PChanges, scope: &Scope<'_>, ctx: &Context) -> bool {
    let paths = if changes.compare_to.is_some() {
        ctx.given_changed_paths()
    } else {
        match ctx.changed_paths() {
            None => return true,
            Some(paths) => paths,
        }
    };
    if let Some(regex) = &changes.regexp {
        return paths.iter().any(|p| regex.is_match(p).unwrap_or(false));
    }
    let globs: Vec<String> = changes.globs.iter().map(|g| scope.expand(g)).collect();
    if globs.is_empty() {
        return false;
    }
    if paths.len().saturating_mul(globs.len()) > MAX_COMPARISONS {
        return true;
    }
    glob::any_match(&globs, paths)
}

/// `only:` - every key written holds.
fn policy_all(policy: &PPolicy, scope: &Scope<'_>, ctx: &Context) -> bool {
    policy.refs.as_ref().is_none_or(|r| refs_hold(r, ctx))
        && policy
            .variables
            .as_ref()
            .is_none_or(|v| v.iter().any(|e| e.is_truthy(scope)))
        && policy
            .changes
            .as_ref()
            .is_none_or(|c| policy_changes_hold(c, ctx))
        && (!policy.kubernetes || ctx.is_kubernetes_active())
}

/// `except:` - any key written holds.
fn policy_any(policy: &PPolicy, scope: &Scope<'_>, ctx: &Context) -> bool {
    policy.refs.as_ref().is_some_and(|r| refs_hold(r, ctx))
        || policy
            .variables
            .as_ref()
            .is_some_and(|v| v.iter().any(|e| e.is_truthy(scope)))
        || policy
            .changes
            .as_ref()
            .is_some_and(|c| policy_changes_hold(c, ctx))
        || (policy.kubernetes && ctx.is_kubernetes_active())
}

fn policy_changes_hold(globs: &[String], ctx: &Context) -> bool {
    match ctx.changed_paths() {
        None => true,
        Some(paths) => glob::any_match(globs, paths),
    }
}

/// Whether any ref entry matches the pipeline.
fn refs_hold(refs: &[PRef], ctx: &Context) -> bool {
    refs.iter().any(|r| ref_matches(r, ctx))
}

/// GitLab's `Build::Policy::Refs#matches_pattern?` (after the `@project` check).
fn ref_matches(entry: &PRef, ctx: &Context) -> bool {
    if let Some(project) = &entry.project
        && project != ctx.project_path()
    {
        return false;
    }
    let pattern = entry.pattern.as_str();
    if (pattern == "tags" && ctx.is_tag()) || (pattern == "branches" && ctx.is_branch()) {
        return true;
    }
    if ctx.pipeline_source().matches_keyword(pattern) {
        return true;
    }
    if ctx.is_branch() || ctx.is_tag() {
        let name = ctx.ref_name();
        return match &entry.regex {
            Some(regex) => !name.is_empty() && regex.is_match(name).unwrap_or(false),
            None => pattern == name,
        };
    }
    false
}
