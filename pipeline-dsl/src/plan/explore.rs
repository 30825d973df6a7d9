//! Every context at once: from the expressions, refs and paths a pipeline mentions, the
//! contexts that can tell its rules apart (each source; the default branch, other branches,
//! tags, merge requests; each compared variable unset, empty, equal to each literal, or
//! something else; files changed or present), each planned, and lints over all of them:
//!
//! - `need-may-be-absent`: a job runs in a context where a job it needs (not optional) does
//!   not, so GitLab refuses to create that pipeline;
//! - `job-never-runs`: a job is in no context's pipeline;
//! - `empty-pipeline-context`: a summary of the contexts with no pipeline (informational).

use std::collections::{BTreeMap, BTreeSet};

use pipeline_syntax::expr::{BinaryOp, Expr};

use crate::diagnostic::{Diagnostic, Diagnostics, KeyPath};
use crate::model::Pipeline;

use super::context::{Context, MergeRequestEventType, Source};
use super::error::PlanError;
use super::prepare::{PPolicy, PRule, Prepared, Selection};
use super::{Plan, Planner, Status};

/// At most this many contexts are planned.
const MAX_CONTEXTS: usize = 4096;
/// At most this many candidate names per kind of ref.
const MAX_REFS: usize = 8;
/// At most this many values per variable.
const MAX_VALUES: usize = 6;
/// At most this many witness assignments.
const MAX_WITNESSES: usize = 64;

/// Names tried against regexes, to find refs and values they match.
const POOL: [&str; 24] = [
    "main",
    "master",
    "develop",
    "dev",
    "feature/x",
    "release/1.0",
    "release-1.0",
    "hotfix/x",
    "stable",
    "production",
    "staging",
    "v1.2.3",
    "1.2.3",
    "v1.2.3-rc.1",
    "v2.0",
    "true",
    "false",
    "yes",
    "1",
    "0",
    "deploy",
    "nightly",
    "renovate/x",
    "docs",
];

/// Variables the contexts set from their ref and source: explored through refs, not values.
const CONTEXT_VARIABLES: [&str; 16] = [
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_REF_SLUG",
    "CI_COMMIT_TAG",
    "CI_DEFAULT_BRANCH",
    "CI_PIPELINE_SOURCE",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_MERGE_REQUEST_EVENT_TYPE",
    "CI_MERGE_REQUEST_IID",
    "CI_MERGE_REQUEST_ID",
    "CI_OPEN_MERGE_REQUESTS",
    "CI_EXTERNAL_PULL_REQUEST_IID",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME",
    "CI_KUBERNETES_ACTIVE",
];

/// One explored context and its plan.
///
/// ```
/// let pipeline = pipeline_dsl::import::from_str("job:\n  script: [x]\n  only: [tags]\n")?.pipeline;
/// let exploration = pipeline_dsl::plan::explore(&pipeline);
/// let tags: Vec<_> = exploration.contexts.iter().filter(|e| e.plan.runs("job")).collect();
/// assert!(!tags.is_empty() && tags.iter().all(|e| e.context.is_tag()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explored {
    /// The context.
    pub context: Context,
    /// What GitLab creates for it.
    pub plan: Plan,
}

/// The result of [`explore`]: every context tried, and the lints.
///
/// ```
/// let pipeline = pipeline_dsl::import::from_str("job:\n  script: [x]\n")?.pipeline;
/// let exploration = pipeline_dsl::plan::explore(&pipeline);
/// // Merge request pipelines run nothing (the `only: [branches, tags]` default): a summary.
/// let codes: Vec<_> = exploration.lints.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["empty-pipeline-context"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Exploration {
    /// The contexts tried, with their plans.
    pub contexts: Vec<Explored>,
    /// `need-may-be-absent`, `job-never-runs` and `empty-pipeline-context` warnings (and
    /// `plan-config-error` errors when GitLab refuses the file).
    pub lints: Diagnostics,
}

/// Plans every context that can tell the pipeline's rules apart, and lints the results.
///
/// ```
/// use pipeline_dsl::plan::explore;
///
/// let yaml = r#"
/// build:
///   stage: build
///   script: [make]
///   rules:
///     - if: $CI_COMMIT_BRANCH == "main"
/// deploy:
///   stage: deploy
///   script: [make deploy]
///   needs: [build]
///   rules:
///     - if: $CI_COMMIT_TAG
/// never:
///   script: [x]
///   rules:
///     - if: $CI_COMMIT_TAG && $CI_COMMIT_BRANCH
/// "#;
/// let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
/// let exploration = explore(&pipeline);
/// let codes: Vec<&str> = exploration.lints.iter().map(|d| d.code).collect();
/// assert!(codes.contains(&"need-may-be-absent"));
/// assert!(codes.contains(&"job-never-runs"));
/// assert!(exploration.contexts.iter().any(|c| c.plan.runs("build")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explore(pipeline: &Pipeline) -> Exploration {
    let planner = Planner::new(pipeline);
    let mut lints = Vec::new();
    if !planner.config_errors().is_empty() {
        for error in planner.config_errors() {
            lints.push(Diagnostic::error(
                "plan-config-error",
                KeyPath::root(),
                error.to_string(),
            ));
        }
        return Exploration {
            contexts: Vec::new(),
            lints: Diagnostics(lints),
        };
    }
    let facts = Facts::gather(&planner.prepared);
    let contexts = facts.contexts();
    let prepared = &planner.prepared;
    let index: BTreeMap<&str, usize> = prepared
        .jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (j.name.as_str(), i))
        .collect();

    let mut ever_kept = vec![false; prepared.jobs.len()];
    // (job origin, need origin) -> (job, need, example context)
    let mut absent_needs: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    let mut empty: BTreeMap<&'static str, (usize, Vec<String>)> = BTreeMap::new();
    let mut explored = Vec::with_capacity(contexts.len());
    for context in contexts {
        let (plan, kept) = planner.plan_and_kept(&context);
        for (i, k) in kept.iter().enumerate() {
            ever_kept[i] |= *k;
        }
        for error in &plan.errors {
            if let PlanError::NeedNotInPipeline { job, need } = error {
                let origin = |name: &str| {
                    index
                        .get(name)
                        .map_or_else(|| name.to_owned(), |&i| prepared.jobs[i].origin.clone())
                };
                absent_needs
                    .entry((origin(job), origin(need)))
                    .or_insert_with(|| (job.clone(), need.clone(), context.to_string()));
            }
        }
        let why = match plan.status {
            Status::FilteredByWorkflow => Some("filtered out by workflow rules"),
            Status::NoJobs => Some("no job"),
            Status::OnlyPrePost => Some("only .pre/.post jobs"),
            Status::Created | Status::Failed => None,
        };
        if let Some(why) = why {
            let entry = empty.entry(why).or_default();
            entry.0 += 1;
            if entry.1.len() < 3 {
                entry.1.push(context.to_string());
            }
        }
        explored.push(Explored { context, plan });
    }

    for ((job_origin, _), (job, need, example)) in &absent_needs {
        lints.push(
            Diagnostic::warning(
                "need-may-be-absent",
                KeyPath::root().job(job_origin).key("needs"),
                format!(
                    "`{job}` needs `{need}`, but `{need}` is not in the pipeline in a context \
                     where `{job}` runs ({example}); GitLab then refuses to create the pipeline"
                ),
            )
            .with_help(format!(
                "give `{need}` rules that keep it wherever `{job}` runs, or make the need \
                 optional: `needs: [{{job: {need}, optional: true}}]`"
            )),
        );
    }
    let mut reported = BTreeSet::new();
    for (i, job) in prepared.jobs.iter().enumerate() {
        let origin_runs = prepared
            .jobs
            .iter()
            .zip(&ever_kept)
            .any(|(j, k)| *k && j.origin == job.origin);
        if !ever_kept[i] && !origin_runs && reported.insert(job.origin.clone()) {
            lints.push(
                Diagnostic::warning(
                    "job-never-runs",
                    KeyPath::root().job(&job.origin),
                    format!(
                        "`{}` is in no pipeline: none of the {} contexts explored keeps it",
                        job.origin,
                        explored.len()
                    ),
                )
                .with_help("check its `rules`/`only`/`except`, or remove the job"),
            );
        }
    }
    let total_empty: usize = empty.values().map(|(n, _)| n).sum();
    if total_empty > 0 {
        let parts: Vec<String> = empty
            .iter()
            .map(|(why, (n, examples))| format!("{n} with {why} (e.g. {})", examples.join("; ")))
            .collect();
        let message = if total_empty == explored.len() {
            format!(
                "no context explored creates a pipeline ({} contexts): {}",
                explored.len(),
                parts.join("; ")
            )
        } else {
            format!(
                "{total_empty} of {} contexts explored create no pipeline: {}",
                explored.len(),
                parts.join("; ")
            )
        };
        lints.push(
            Diagnostic::warning("empty-pipeline-context", KeyPath::root(), message).with_help(
                "informational: often intended (for example no merge request pipelines)",
            ),
        );
    }
    Exploration {
        contexts: explored,
        lints: Diagnostics(lints),
    }
}

/// What the pipeline mentions.
#[derive(Debug, Default)]
struct Facts {
    /// Literal branch names, tag names and names of either kind.
    branches: BTreeSet<String>,
    tags: BTreeSet<String>,
    mr_targets: BTreeSet<String>,
    mr_sources: BTreeSet<String>,
    event_types: BTreeSet<MergeRequestEventType>,
    sources: BTreeSet<Source>,
    open_merge_requests: bool,
    kubernetes: bool,
    /// Free variables and the values worth trying.
    variables: BTreeMap<String, BTreeSet<String>>,
    /// Assignments of free variables that make some expression true.
    witnesses: BTreeSet<Vec<(String, String)>>,
    changed_samples: BTreeSet<String>,
    exists_samples: BTreeSet<String>,
}

impl Facts {
    fn gather(prepared: &Prepared) -> Facts {
        let mut facts = Facts::default();
        if let Some(rules) = &prepared.workflow_rules {
            for rule in rules {
                facts.rule(rule);
            }
        }
        for job in &prepared.jobs {
            match &job.selection {
                Selection::Always => {}
                Selection::Rules(rules) => {
                    for rule in rules {
                        facts.rule(rule);
                    }
                }
                Selection::Policy { only, except } => {
                    for policy in only.iter().chain(except) {
                        facts.policy(policy);
                    }
                }
            }
        }
        facts
    }

    fn rule(&mut self, rule: &PRule) {
        if let Some(expr) = &rule.condition {
            self.expr(expr);
            self.witness(expr);
        }
        if let Some(changes) = &rule.changes {
            for glob in &changes.globs {
                self.changed_samples.insert(sample_path(glob));
            }
        }
        for glob in rule.exists.iter().flatten() {
            self.exists_samples.insert(sample_path(glob));
        }
    }

    fn policy(&mut self, policy: &PPolicy) {
        for r in policy.refs.iter().flatten() {
            let pattern = r.pattern.as_str();
            if pattern == "branches" || pattern == "tags" {
                continue;
            }
            if let Some(source) = Source::ALL
                .iter()
                .map(|(_, s)| *s)
                .find(|s| s.matches_keyword(pattern))
            {
                self.sources.insert(source);
                continue;
            }
            match &r.regex {
                Some(regex) => {
                    for name in POOL.iter().filter(|n| regex.is_match(n).unwrap_or(false)) {
                        self.branches.insert((*name).to_owned());
                        self.tags.insert((*name).to_owned());
                    }
                }
                None => {
                    self.branches.insert(pattern.to_owned());
                    self.tags.insert(pattern.to_owned());
                }
            }
        }
        for expr in policy.variables.iter().flatten() {
            self.expr(expr);
            self.witness(expr);
        }
        for glob in policy.changes.iter().flatten() {
            self.changed_samples.insert(sample_path(glob));
        }
        self.kubernetes |= policy.kubernetes;
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Variable(name) => self.mention(name),
            Expr::Binary { op, left, right } => {
                match (left.as_ref(), right.as_ref()) {
                    (Expr::Variable(name), other) | (other, Expr::Variable(name))
                        if !matches!(other, Expr::Variable(_) | Expr::Binary { .. }) =>
                    {
                        self.compare(name, *op, other);
                    }
                    _ => {}
                }
                self.expr(left);
                self.expr(right);
            }
            _ => {}
        }
    }

    /// Records assignments of free variables under which `expr` can be true.
    fn witness(&mut self, expr: &Expr) {
        if self.witnesses.len() >= MAX_WITNESSES {
            return;
        }
        for w in witnesses(expr) {
            if !w.is_empty() && self.witnesses.len() < MAX_WITNESSES {
                self.witnesses.insert(w);
            }
        }
    }

    fn mention(&mut self, name: &str) {
        match name {
            "CI_OPEN_MERGE_REQUESTS" => self.open_merge_requests = true,
            "CI_KUBERNETES_ACTIVE" => self.kubernetes = true,
            "CI_MERGE_REQUEST_IID" | "CI_MERGE_REQUEST_ID" => {
                self.sources.insert(Source::MergeRequestEvent);
            }
            "CI_EXTERNAL_PULL_REQUEST_IID" => {
                self.sources.insert(Source::ExternalPullRequestEvent);
            }
            _ if CONTEXT_VARIABLES.contains(&name) => {}
            _ => {
                self.variables.entry(name.to_owned()).or_default();
            }
        }
    }

    /// `$name op other`: the values worth trying for `name`.
    fn compare(&mut self, name: &str, op: BinaryOp, other: &Expr) {
        let values: Vec<String> = match (op, other) {
            (BinaryOp::Equals | BinaryOp::NotEquals, Expr::String(s)) => vec![s.clone()],
            (BinaryOp::Matches | BinaryOp::NotMatches, Expr::String(s)) => vec![s.clone()],
            (BinaryOp::Matches | BinaryOp::NotMatches, Expr::Pattern(p)) => {
                let mut found: Vec<String> = POOL
                    .iter()
                    .filter(|n| p.is_match(n).unwrap_or(false))
                    .take(3)
                    .map(|n| (*n).to_owned())
                    .collect();
                if let Some(literal) = literal_of(p.body())
                    && p.is_match(&literal).unwrap_or(false)
                {
                    found.push(literal);
                }
                found
            }
            _ => Vec::new(),
        };
        match name {
            "CI_COMMIT_BRANCH" | "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME" => {
                self.branches.extend(values.iter().cloned());
                if name != "CI_COMMIT_BRANCH" {
                    self.mr_sources.extend(values);
                }
            }
            "CI_COMMIT_TAG" => self.tags.extend(values),
            "CI_COMMIT_REF_NAME" | "CI_COMMIT_REF_SLUG" => {
                self.branches.extend(values.iter().cloned());
                self.tags.extend(values);
            }
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME" => self.mr_targets.extend(values),
            "CI_DEFAULT_BRANCH" => {}
            "CI_PIPELINE_SOURCE" => {
                for v in values {
                    if let Ok(source) = v.parse::<Source>() {
                        self.sources.insert(source);
                    }
                }
            }
            "CI_MERGE_REQUEST_EVENT_TYPE" => {
                for v in values {
                    let t = match v.as_str() {
                        "merged_result" => MergeRequestEventType::MergedResult,
                        "merge_train" => MergeRequestEventType::MergeTrain,
                        _ => MergeRequestEventType::Detached,
                    };
                    self.event_types.insert(t);
                }
            }
            _ if CONTEXT_VARIABLES.contains(&name) => {}
            _ => self
                .variables
                .entry(name.to_owned())
                .or_default()
                .extend(values),
        }
    }

    /// The contexts to plan.
    fn contexts(&self) -> Vec<Context> {
        let default_branch = "main";
        let mut branches: Vec<String> = vec![default_branch.to_owned(), "feature".to_owned()];
        extend_capped(&mut branches, &self.branches);
        let mut tags: Vec<String> = vec!["v1.2.3".to_owned()];
        extend_capped(&mut tags, &self.tags);
        let mut mr_sources: Vec<String> = vec!["feature".to_owned()];
        extend_capped(&mut mr_sources, &self.mr_sources);
        let mut mr_targets: Vec<String> = vec![default_branch.to_owned()];
        extend_capped(&mut mr_targets, &self.mr_targets);
        let mut event_types = vec![MergeRequestEventType::Detached];
        event_types.extend(
            self.event_types
                .iter()
                .filter(|t| **t != MergeRequestEventType::Detached),
        );
        let branch_sources: Vec<Source> = Source::COMMON
            .iter()
            .copied()
            .filter(|s| *s != Source::MergeRequestEvent)
            .collect();
        let mentioned: Vec<Source> = self
            .sources
            .iter()
            .copied()
            .filter(|s| *s != Source::MergeRequestEvent && *s != Source::Push)
            .collect();

        let mut base: Vec<Context> = Vec::new();
        for source in &branch_sources {
            base.push(Context::push_branch(default_branch).source(*source));
        }
        for source in &mentioned {
            if !branch_sources.contains(source) {
                base.push(Context::push_branch(default_branch).source(*source));
            }
        }
        for branch in branches.iter().filter(|b| *b != default_branch) {
            base.push(Context::push_branch(branch.clone()));
            base.push(Context::push_branch(branch.clone()).changes_unknown());
            for source in &mentioned {
                base.push(Context::push_branch(branch.clone()).source(*source));
            }
        }
        for tag in &tags {
            base.push(Context::tag(tag.clone()));
            for source in &mentioned {
                base.push(Context::tag(tag.clone()).source(*source));
            }
        }
        for source in &mr_sources {
            for target in &mr_targets {
                for event in &event_types {
                    base.push(
                        Context::merge_request(source.clone(), target.clone()).event_type(*event),
                    );
                }
            }
        }
        if self.open_merge_requests {
            let with_mr: Vec<Context> = base
                .iter()
                .filter(|c| c.is_branch())
                .map(|c| c.clone().open_merge_request())
                .collect();
            base.extend(with_mr);
        }
        if self.kubernetes {
            let with_k8s: Vec<Context> = base
                .iter()
                .map(|c| c.clone().kubernetes_active(true))
                .collect();
            base.extend(with_k8s);
        }

        // Variables: every combination when few, else one variable at a time.
        let domains: Vec<(String, Vec<Option<String>>)> = self
            .variables
            .iter()
            .map(|(name, values)| {
                let mut domain: Vec<Option<String>> = vec![None, Some(String::new())];
                domain.extend(values.iter().take(MAX_VALUES).cloned().map(Some));
                domain.push(Some("other".to_owned()));
                domain.dedup();
                (name.clone(), domain)
            })
            .collect();
        let product: usize = domains
            .iter()
            .map(|(_, d)| d.len())
            .try_fold(1usize, |acc, n| acc.checked_mul(n))
            .unwrap_or(usize::MAX);
        let mut assignments: Vec<Vec<(String, String)>> = Vec::new();
        if product <= 64 {
            assignments.push(Vec::new());
            for (name, domain) in &domains {
                let mut next = Vec::new();
                for a in &assignments {
                    for value in domain {
                        let mut a = a.clone();
                        if let Some(v) = value {
                            a.push((name.clone(), v.clone()));
                        }
                        next.push(a);
                    }
                }
                assignments = next;
            }
        } else {
            assignments.push(Vec::new());
            for (name, domain) in &domains {
                for value in domain.iter().flatten() {
                    assignments.push(vec![(name.clone(), value.clone())]);
                }
            }
        }

        for w in &self.witnesses {
            if !assignments.contains(w) {
                assignments.push(w.clone());
            }
        }

        // Files: none, each sample alone, all of them.
        let file_sets = |samples: &BTreeSet<String>| -> Vec<Vec<String>> {
            let mut sets = vec![Vec::new()];
            if samples.is_empty() {
                return sets;
            }
            if samples.len() > 1 {
                sets.extend(samples.iter().take(10).map(|s| vec![s.clone()]));
            }
            sets.push(samples.iter().cloned().collect());
            sets
        };
        let mut changed_sets = file_sets(&self.changed_samples);
        let mut exists_sets = file_sets(&self.exists_samples);
        let total = |c: usize, e: usize| {
            base.len()
                .saturating_mul(assignments.len())
                .saturating_mul(c)
                .saturating_mul(e)
        };
        if total(changed_sets.len(), exists_sets.len()) > MAX_CONTEXTS {
            changed_sets = minimal(changed_sets);
            exists_sets = minimal(exists_sets);
        }

        let mut out = Vec::new();
        'outer: for ctx in &base {
            let knows_changes = ctx.changed_paths().is_some();
            for assignment in &assignments {
                let with_vars = ctx.clone().vars(assignment.iter().cloned());
                let changed: &[Vec<String>] = if knows_changes {
                    &changed_sets
                } else {
                    &changed_sets[..1]
                };
                for c in changed {
                    for e in &exists_sets {
                        if out.len() >= MAX_CONTEXTS {
                            break 'outer;
                        }
                        let mut next = with_vars.clone().exists(e.iter().cloned());
                        if !c.is_empty() {
                            next = next.changed(c.iter().cloned());
                        }
                        out.push(next);
                    }
                }
            }
        }
        out
    }
}

/// Assignments (of variables the contexts do not set) that can make `expr` true: `==` gives
/// the literal, `=~` a value the regex matches, a bare variable a non-empty value; `&&`
/// combines, `||` chooses.
fn witnesses(expr: &Expr) -> Vec<Vec<(String, String)>> {
    let free = |name: &str| !CONTEXT_VARIABLES.contains(&name);
    match expr {
        Expr::Variable(name) if free(name) => vec![vec![(name.clone(), "true".to_owned())]],
        Expr::Binary { op, left, right } => match (op, left.as_ref(), right.as_ref()) {
            (BinaryOp::And, l, r) => {
                let (ls, rs) = (witnesses(l), witnesses(r));
                if ls.is_empty() {
                    return rs;
                }
                if rs.is_empty() {
                    return ls;
                }
                let mut out = Vec::new();
                for a in &ls {
                    for b in &rs {
                        if out.len() >= 8 {
                            return out;
                        }
                        let mut w = a.clone();
                        for (k, v) in b {
                            if !w.iter().any(|(wk, _)| wk == k) {
                                w.push((k.clone(), v.clone()));
                            }
                        }
                        out.push(w);
                    }
                }
                out
            }
            (BinaryOp::Or, l, r) => {
                let mut out = witnesses(l);
                out.extend(witnesses(r));
                out.truncate(8);
                out
            }
            (BinaryOp::Equals, Expr::Variable(n), Expr::String(v))
            | (BinaryOp::Equals, Expr::String(v), Expr::Variable(n))
                if free(n) =>
            {
                vec![vec![(n.clone(), v.clone())]]
            }
            (BinaryOp::Matches, Expr::Variable(n), Expr::Pattern(p)) if free(n) => POOL
                .iter()
                .map(|s| (*s).to_owned())
                .chain(literal_of(p.body()))
                .find(|s| p.is_match(s).unwrap_or(false))
                .map(|v| vec![vec![(n.clone(), v)]])
                .unwrap_or_default(),
            (BinaryOp::Matches, Expr::Variable(n), Expr::String(v)) if free(n) => {
                vec![vec![(n.clone(), v.clone())]]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Keeps the first (none) and last (all) file sets.
fn minimal(mut sets: Vec<Vec<String>>) -> Vec<Vec<String>> {
    if sets.len() > 2 {
        let last = sets.pop().unwrap_or_default();
        sets.truncate(1);
        sets.push(last);
    }
    sets
}

fn extend_capped(list: &mut Vec<String>, more: &BTreeSet<String>) {
    for name in more {
        if list.len() >= MAX_REFS {
            break;
        }
        if !name.is_empty() && !list.contains(name) {
            list.push(name.clone());
        }
    }
}

/// A regex body that is a plain word once its anchors are removed (`^release$` → `release`).
fn literal_of(body: &str) -> Option<String> {
    let inner = body.strip_prefix('^').unwrap_or(body);
    let inner = inner.strip_suffix('$').unwrap_or(inner);
    let inner = inner
        .replace("\\/", "/")
        .replace("\\.", ".")
        .replace("\\-", "-");
    (!inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
    .then_some(inner)
}

/// A path a glob matches (a best effort: `**/` dropped, `*` and `?` made `x`, the first
/// alternative of `{a,b}`, the first character of `[...]`).
fn sample_path(glob: &str) -> String {
    let glob = glob.replace("**/", "");
    let mut out = String::new();
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' => {
                while chars.peek() == Some(&'*') {
                    chars.next();
                }
                out.push('x');
            }
            '[' => {
                let mut first = None;
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    if first.is_none() && d != '!' && d != '^' {
                        first = Some(d);
                    }
                }
                out.push(first.unwrap_or('x'));
            }
            '{' => {
                let mut depth = 1;
                let mut taking = true;
                for d in chars.by_ref() {
                    match d {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        ',' if depth == 1 => taking = false,
                        _ if taking => out.push(d),
                        _ => {}
                    }
                }
            }
            '\\' => {
                if let Some(d) = chars.next() {
                    out.push(d);
                }
            }
            other => out.push(other),
        }
    }
    if out.ends_with('/') {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_paths_match_their_globs() {
        for glob in [
            "docs/**/*",
            "*.md",
            "src/{a,b}/*.rs",
            "Dockerfile",
            "**/*.{js,ts}",
            "[ab]c",
        ] {
            let sample = sample_path(glob);
            assert!(super::super::fnmatch(glob, &sample), "{glob} -> {sample}");
        }
    }

    #[test]
    fn literals_of_regexes() {
        assert_eq!(literal_of("^release$").as_deref(), Some("release"));
        assert_eq!(literal_of("^v\\d+").as_deref(), None);
    }
}
