//! References between jobs: `extends` (unknown keys, cycles, depth), `needs` (unknown jobs,
//! later stages, duplicates, cycles, the limit of 50), `dependencies` (unknown jobs, later
//! stages, outside `needs`), `trigger:include:job` and `environment:on_stop`.

use std::collections::BTreeSet;

use super::{At, Cx, Def, Key, Sink, ValidateOptions, suggest, tick, ticks};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{
    Environment, EnvironmentAction, Include, Job, Need, OneOrMany, Parallel, RuleItem, RuleNeed,
    Trigger, TriggerInclude,
};

/// GitLab follows `extends` through at most this many ancestors (11 levels).
const MAX_EXTENDS_ANCESTORS: usize = 10;

/// The default limit on `needs` per job (`ci_needs_size_limit`).
const MAX_NEEDS: u64 = 50;

/// A bound on the `extends` walk, so that a pathological file cannot make it slow.
const EXTENDS_STEPS: usize = 100_000;

/// The reference checks, key by key ([`super::check`] walks the file once).
pub(super) struct Checks<'a, 'o> {
    /// `extends` of every key, with what the walk has reported so far.
    extends: Sink<'o>,
    reported: BTreeSet<(&'a str, &'a str, ExtendsProblem)>,
    circles: BTreeSet<Vec<&'a str>>,
    steps: usize,
    /// `needs`, `dependencies` and the other references of each visible job.
    jobs: Sink<'o>,
}

impl<'a, 'o> Checks<'a, 'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            extends: Sink::new(options),
            reported: BTreeSet::new(),
            circles: BTreeSet::new(),
            steps: 0,
            jobs: Sink::new(options),
        }
    }

    pub(super) fn key(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        let mut walk = ExtendsWalk {
            cx,
            out: &mut self.extends,
            reported: std::mem::take(&mut self.reported),
            circles: std::mem::take(&mut self.circles),
            steps: self.steps,
        };
        walk.entry(key.name, &mut Vec::new());
        (self.reported, self.circles, self.steps) = (walk.reported, walk.circles, walk.steps);
        if key.visible {
            let (name, out) = (key.name, &mut self.jobs);
            needs(cx, name, out);
            rule_needs(cx, name, out);
            dependencies(cx, name, out);
            trigger_artifacts(cx, name, out);
            on_stop(cx, name, out);
        }
    }

    /// In order: `extends`, the jobs' references, then `needs` cycles.
    pub(super) fn finish(self, cx: &Cx<'_>, out: &mut Sink<'o>) {
        out.append(self.extends);
        out.append(self.jobs);
        cycles(cx, out);
    }
}

// ---------------------------------------------------------------------------------------
// extends

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ExtendsProblem {
    Unknown,
    InvalidBase,
    TooDeep,
    Cycle,
}

struct ExtendsWalk<'c, 'a, 's, 'o> {
    cx: &'c Cx<'a>,
    out: &'s mut Sink<'o>,
    reported: BTreeSet<(&'a str, &'a str, ExtendsProblem)>,
    circles: BTreeSet<Vec<&'a str>>,
    steps: usize,
}

impl<'a> ExtendsWalk<'_, 'a, '_, '_> {
    /// GitLab's order per entry: unknown keys, invalid bases, nesting, cycle; then the bases.
    fn entry(&mut self, key: &'a str, ancestors: &mut Vec<&'a str>) {
        self.steps += 1;
        if self.steps > EXTENDS_STEPS {
            return;
        }
        let targets = self.cx.extends_of(key);
        if targets.is_empty() {
            return;
        }
        let unknown: Vec<(usize, &str)> = targets
            .iter()
            .enumerate()
            .filter(|(_, t)| !self.cx.defined(t))
            .map(|(i, t)| (i, *t))
            .collect();
        for &(i, target) in &unknown {
            self.unknown(key, &targets, i, target);
        }
        if !unknown.is_empty() && !self.cx.uncertain {
            return;
        }
        let invalid: Vec<&str> = targets
            .iter()
            .copied()
            .filter(|t| self.cx.defined(t) && !self.is_mapping(t))
            .collect();
        if !invalid.is_empty() {
            self.report(
                key,
                "",
                ExtendsProblem::InvalidBase,
                format!(
                    "`{key}`: invalid base hashes in `extends` ({})",
                    ticks(invalid)
                ),
                "`extends` takes keys whose value is a mapping of job keywords",
            );
            return;
        }
        if ancestors.len() > MAX_EXTENDS_ANCESTORS {
            self.report(
                key,
                "",
                ExtendsProblem::TooDeep,
                format!("`{key}`: nesting too deep in `extends`"),
                "GitLab follows `extends` through at most 11 levels; flatten the chain",
            );
            return;
        }
        if let Some(start) = ancestors.iter().position(|a| *a == key) {
            let mut circle: Vec<&'a str> = ancestors[start..].to_vec();
            // One report per circle, wherever the walk entered it.
            let mut members = circle.clone();
            members.sort_unstable();
            if !self.circles.insert(members) {
                return;
            }
            circle.push(key);
            self.report(
                key,
                "",
                ExtendsProblem::Cycle,
                format!(
                    "`{key}`: circular dependency detected in `extends` ({})",
                    circle
                        .iter()
                        .map(|n| tick(n))
                        .collect::<Vec<_>>()
                        .join(" → ")
                ),
                "remove one `extends` of the circle",
            );
            return;
        }
        ancestors.push(key);
        for target in targets {
            if self.cx.defined(target) {
                self.entry(target, ancestors);
            }
        }
        ancestors.pop();
    }

    fn is_mapping(&self, name: &str) -> bool {
        self.cx.defs(name).is_some_and(|defs| {
            defs.iter().any(|d| match d {
                Def::Job(_) => true,
                Def::Raw(v) => v.as_map().is_some(),
            })
        })
    }

    fn unknown(&mut self, key: &'a str, targets: &[&'a str], i: usize, target: &'a str) {
        if !self.cx.in_file(key) || !self.reported.insert((key, target, ExtendsProblem::Unknown)) {
            return;
        }
        let mut path = KeyPath::root().job(key).key("extends");
        if targets.len() > 1 || self.written_as_list(key) {
            path = path.index(i);
        }
        let close = suggest(target, self.cx.entry_names());
        let d = if self.cx.uncertain {
            let d = Diagnostic::warning(
                "unresolved-reference",
                path,
                format!(
                    "`{key}` extends `{target}`, which this file does not define; an included or including file must"
                ),
            );
            match close {
                Some(help) => d.with_help(help),
                None => d,
            }
        } else {
            Diagnostic::error(
                "extends-unknown",
                path,
                format!("`{key}`: unknown keys in `extends` (`{target}`)"),
            )
            .with_help(close.unwrap_or_else(|| format!("define `{target}`, or remove it")))
        };
        self.out.push(d);
    }

    fn written_as_list(&self, key: &str) -> bool {
        matches!(
            self.cx.pipeline.job(key).and_then(|j| j.extends.as_ref()),
            Some(OneOrMany::Many(_))
        )
    }

    fn report(
        &mut self,
        key: &'a str,
        target: &'a str,
        problem: ExtendsProblem,
        message: String,
        help: &str,
    ) {
        if !self.cx.in_file(key) || !self.reported.insert((key, target, problem)) {
            return;
        }
        let code = match problem {
            ExtendsProblem::Unknown => "extends-unknown",
            ExtendsProblem::InvalidBase => "extends-invalid-base",
            ExtendsProblem::TooDeep => "extends-too-deep",
            ExtendsProblem::Cycle => "extends-cycle",
        };
        self.out.push(
            Diagnostic::error(code, KeyPath::root().job(key).key("extends"), message)
                .with_help(help),
        );
    }
}

// ---------------------------------------------------------------------------------------
// needs and dependencies

/// What a job refers to another job for, in messages.
#[derive(Clone, Copy)]
enum Ref {
    Need,
    RuleNeed,
    Dependency,
    TriggerArtifact,
}

/// Checks that `target` is a job of this pipeline in the same or an earlier stage.
fn job_reference<'a>(
    cx: &Cx<'a>,
    name: &'a str,
    target: &'a str,
    kind: Ref,
    optional: bool,
    at: At<'a>,
    out: &mut Sink<'_>,
) {
    let (unknown_code, later_code) = match kind {
        Ref::Need | Ref::RuleNeed => ("needs-unknown-job", "needs-later-stage"),
        Ref::Dependency | Ref::TriggerArtifact => {
            ("dependencies-unknown-job", "dependencies-later-stage")
        }
    };
    if cx.is_job(target) {
        if !cx.stages_final {
            return;
        }
        let (stage, target_stage) = (cx.stage_of(name), cx.stage_of(target));
        if let (Some(own), Some(theirs)) = (cx.stage_index(stage), cx.stage_index(target_stage))
            && theirs > own
        {
            let what = match kind {
                Ref::Need | Ref::RuleNeed => format!("need `{target}`"),
                Ref::Dependency | Ref::TriggerArtifact => format!("dependency `{target}`"),
            };
            out.push(
                Diagnostic::error(
                    later_code,
                    at.path(),
                    format!(
                        "job `{name}`: {what} is not defined in current or prior stages (`{target}` is in stage `{target_stage}`, after `{stage}`)"
                    ),
                )
                .with_help(format!(
                    "move `{target}` to stage `{stage}` or earlier, or `{name}` to stage `{target_stage}` or later"
                )),
            );
        }
        return;
    }
    if optional {
        return;
    }
    let phrase = match kind {
        Ref::Need => format!("job `{name}` needs `{target}`"),
        Ref::RuleNeed => format!("a rule of job `{name}` needs `{target}`"),
        Ref::Dependency => format!("job `{name}` has `{target}` in `dependencies`"),
        Ref::TriggerArtifact => {
            format!("trigger job `{name}` includes an artifact of job `{target}`")
        }
    };
    // A hidden key is never a job, wherever it is defined.
    if target.starts_with('.') {
        out.push(
            Diagnostic::error(
                unknown_code,
                at.path(),
                format!("{phrase}, which is a hidden job: hidden jobs never run"),
            )
            .with_help("name a job that runs; a hidden job is only a template for `extends`"),
        );
        return;
    }
    if cx.uncertain {
        let mut d = Diagnostic::warning(
            "unresolved-reference",
            at.path(),
            format!(
                "{phrase}, which this file does not define; an included or including file must"
            ),
        );
        if let Some(help) = suggest(target, cx.job_names()) {
            d = d.with_help(help);
        }
        out.push(d);
        return;
    }
    let help = suggest(target, cx.job_names()).unwrap_or_else(|| match kind {
        Ref::Need | Ref::RuleNeed => {
            "define the job, or write `{job: ..., optional: true}` if it may be absent".to_owned()
        }
        Ref::Dependency | Ref::TriggerArtifact => "define the job, or remove the name".to_owned(),
    });
    out.push(
        Diagnostic::error(
            unknown_code,
            at.path(),
            format!("{phrase}, which is not defined in this pipeline"),
        )
        .with_help(help),
    );
}

/// The path of item `i` of a list keyword found under `origin`.
fn item_at<'a>(cx: &Cx<'_>, name: &'a str, origin: &'a str, key: &'a str, i: usize) -> At<'a> {
    let base = cx.origin_at(name, origin, key);
    if origin == name || cx.in_file(origin) {
        base.index(i)
    } else {
        base
    }
}

/// How many jobs of this pipeline a need stands for once GitLab expands `parallel` jobs
/// (needs on other pipelines and projects are not counted).
fn expanded<'a>(cx: &Cx<'a>, need: &'a Need) -> u64 {
    let Some(target) = need.job() else {
        return 0;
    };
    if let Need::Config(c) = need
        && let Some(m) = &c.parallel
    {
        return matrix_jobs(m);
    }
    let Some((parallel, _)) = cx.lookup(target, &|j: &Job| j.parallel.as_ref()) else {
        return 1;
    };
    match parallel {
        Parallel::Count(n) => u64::from(*n).max(1),
        Parallel::Matrix(m) => matrix_jobs(m).max(1),
    }
}

fn matrix_jobs(m: &crate::model::Matrix) -> u64 {
    m.matrix
        .iter()
        .map(|entry| {
            entry
                .values()
                .map(|v| v.values().len() as u64)
                .fold(1u64, u64::saturating_mul)
        })
        .fold(0u64, u64::saturating_add)
}

fn needs<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((needs, origin)) = cx.lookup(name, &|j: &Job| j.needs.as_ref()) else {
        return;
    };
    let Some(list) = needs.value() else {
        return;
    };
    for (i, need) in list.iter().enumerate() {
        if let Some(target) = need.job() {
            let at = item_at(cx, name, origin, "needs", i);
            job_reference(cx, name, target, Ref::Need, need.is_optional(), at, out);
        }
    }
    let plain: Vec<&str> = list
        .iter()
        .filter(|n| !matches!(n, Need::Config(c) if c.parallel.is_some()))
        .filter_map(Need::job)
        .collect();
    duplicates(&plain, name, cx.origin_at(name, origin, "needs"), out);
    if list.iter().any(|n| matches!(n, Need::Reference(_))) {
        return;
    }
    let count: u64 = list.iter().map(|n| expanded(cx, n)).sum();
    if count > MAX_NEEDS {
        out.push(
            Diagnostic::error(
                "needs-too-many",
                cx.origin_path(name, origin, "needs"),
                format!(
                    "job `{name}`: one job can only need {MAX_NEEDS} others, but you have listed {count}"
                ),
            )
            .with_help(
                "`needs` on a `parallel` job counts each of its jobs; depend on fewer jobs, or use stages",
            ),
        );
    }
}

fn duplicates(names: &[&str], name: &str, at: At<'_>, out: &mut Sink<'_>) {
    if names.len() < 2 {
        return;
    }
    let mut seen = BTreeSet::new();
    let mut dup: Vec<&str> = Vec::new();
    for n in names {
        if !seen.insert(*n) && !dup.contains(n) {
            dup.push(n);
        }
    }
    if !dup.is_empty() {
        out.push(
            Diagnostic::error(
                "needs-duplicate",
                at.path(),
                format!(
                    "job `{name}` has the following needs duplicated: {}",
                    ticks(dup.iter().copied())
                ),
            )
            .with_help("list each job once"),
        );
    }
}

fn rule_needs<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((rules, origin)) = cx.lookup(name, &|j: &Job| j.rules.as_ref()) else {
        return;
    };
    for (i, item) in rules.value().into_iter().flatten().enumerate() {
        let RuleItem::Rule(rule) = item else {
            continue;
        };
        let Some(needs) = &rule.needs else {
            continue;
        };
        let base = item_at(cx, name, origin, "rules", i).key("needs");
        let mut names = Vec::new();
        for (j, need) in needs.iter().enumerate() {
            let (target, optional) = match need {
                RuleNeed::Job(job) => (job.as_str(), false),
                RuleNeed::Config { job, optional, .. } => (job.as_str(), *optional == Some(true)),
            };
            names.push(target);
            job_reference(
                cx,
                name,
                target,
                Ref::RuleNeed,
                optional,
                base.index(j),
                out,
            );
        }
        duplicates(&names, name, base, out);
    }
}

fn dependencies<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((deps, origin)) = cx.lookup(name, &|j: &Job| j.dependencies.as_ref()) else {
        return;
    };
    for (i, dep) in deps.iter().enumerate() {
        let at = item_at(cx, name, origin, "dependencies", i);
        job_reference(cx, name, dep, Ref::Dependency, false, at, out);
    }
    if deps.is_empty() {
        return;
    }
    // With `needs`, the dependencies must be among them.
    let Some((needs, _)) = cx.lookup(name, &|j: &Job| j.needs.as_ref()) else {
        return;
    };
    let Some(list) = needs.value() else {
        return;
    };
    if list.is_empty() || list.iter().any(|n| matches!(n, Need::Reference(_))) {
        return;
    }
    let same_pipeline: Vec<&str> = list.iter().filter_map(Need::job).collect();
    let at = cx.origin_path(name, origin, "dependencies");
    if same_pipeline.is_empty() {
        out.push(
            Diagnostic::error(
                "dependencies-cross-pipeline",
                at,
                format!(
                    "job `{name}`: needs corresponding to dependencies must be from the same pipeline"
                ),
            )
            .with_help("`dependencies` fetch artifacts of this pipeline's jobs; list them in `needs` too"),
        );
        return;
    }
    let missing: Vec<&str> = deps
        .iter()
        .map(String::as_str)
        .filter(|d| !same_pipeline.contains(d))
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::error(
                "dependencies-not-in-needs",
                at,
                format!(
                    "job `{name}`: dependencies the {} should be part of needs",
                    ticks(missing.iter().copied())
                ),
            )
            .with_help(format!("add {} to `needs`", ticks(missing))),
        );
    }
}

fn trigger_artifacts<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some((trigger, origin)) = cx.lookup(name, &|j: &Job| j.trigger.as_ref()) else {
        return;
    };
    let Trigger::Child(child) = trigger else {
        return;
    };
    let Some(TriggerInclude::Items(items)) = &child.include else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if let Include::Artifact(a) = item {
            let at = cx
                .origin_at(name, origin, "trigger")
                .key("include")
                .index(i)
                .key("job");
            job_reference(cx, name, &a.job, Ref::TriggerArtifact, false, at, out);
        }
    }
}

// ---------------------------------------------------------------------------------------
// environment:on_stop

/// A job's environment after `extends` (GitLab deep-merges the long forms).
struct Env<'a> {
    name: &'a str,
    on_stop: Option<(&'a str, &'a str)>,
    action: Option<EnvironmentAction>,
}

fn environment<'a>(cx: &Cx<'a>, job: &'a str) -> Option<Env<'a>> {
    let all = cx.lookup_all(job, &|j: &Job| j.environment.as_ref());
    let mut env: Option<Env<'a>> = None;
    for (value, origin) in all {
        match (value, &mut env) {
            (Environment::Name(n), None) => {
                return Some(Env {
                    name: n,
                    on_stop: None,
                    action: None,
                });
            }
            (Environment::Config(c), None) => {
                env = Some(Env {
                    name: &c.name,
                    on_stop: c.on_stop.as_deref().map(|s| (s, origin)),
                    action: c.action,
                });
            }
            // A string replaces a mapping entirely: nothing below it merges.
            (Environment::Name(_), Some(_)) => break,
            (Environment::Config(c), Some(e)) => {
                if e.name.is_empty() {
                    e.name = &c.name;
                }
                if e.on_stop.is_none() {
                    e.on_stop = c.on_stop.as_deref().map(|s| (s, origin));
                }
                if e.action.is_none() {
                    e.action = c.action;
                }
            }
        }
    }
    env
}

fn on_stop<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let Some(env) = environment(cx, name) else {
        return;
    };
    let Some((stop, origin)) = env.on_stop else {
        return;
    };
    let at = cx.origin_path(name, origin, "environment").key("on_stop");
    if !cx.is_job(stop) {
        if cx.uncertain && !stop.starts_with('.') {
            out.push(Diagnostic::warning(
                "unresolved-reference",
                at,
                format!(
                    "job `{name}`: on_stop job `{stop}` is not defined in this file; an included or including file must define it"
                ),
            ));
            return;
        }
        out.push(
            Diagnostic::error(
                "environment-on-stop-unknown",
                at,
                format!("job `{name}`: on_stop job `{stop}` is not defined"),
            )
            .with_help(suggest(stop, cx.job_names()).unwrap_or_else(|| {
                format!(
                    "define a job `{stop}` with `environment: {{name: {}, action: stop}}`",
                    env.name
                )
            })),
        );
        return;
    }
    let Some(stop_env) = environment(cx, stop) else {
        out.push(
            Diagnostic::error(
                "environment-on-stop-no-environment",
                at,
                format!("job `{name}`: on_stop job `{stop}` does not have environment defined"),
            )
            .with_help(format!(
                "give `{stop}` `environment: {{name: {}, action: stop}}`",
                env.name
            )),
        );
        return;
    };
    if stop_env.name != env.name {
        out.push(
            Diagnostic::error(
                "environment-on-stop-name-mismatch",
                at,
                format!(
                    "job `{name}`: on_stop job `{stop}` have different environment name (`{}`, not `{}`)",
                    stop_env.name, env.name
                ),
            )
            .with_help(format!("stop the same environment: `name: {}`", env.name)),
        );
        return;
    }
    if stop_env.action != Some(EnvironmentAction::Stop) {
        out.push(
            Diagnostic::error(
                "environment-on-stop-action",
                at,
                format!("job `{name}`: on_stop job `{stop}` needs to have action stop defined"),
            )
            .with_help(format!("add `action: stop` to the environment of `{stop}`")),
        );
    }
}

// ---------------------------------------------------------------------------------------
// cycles

/// Reports jobs that need themselves or each other in a circle. Edges GitLab rejects
/// earlier (a need on a later stage) are left out, as GitLab never gets to the cycle.
fn cycles(cx: &Cx<'_>, out: &mut Sink<'_>) {
    // The visible entries, numbered; `node[i]` is the number of entry `i`.
    let mut node = vec![usize::MAX; cx.entries.len()];
    let mut nodes: Vec<&str> = Vec::new();
    let mut entry_of: Vec<usize> = Vec::new();
    for (i, name) in cx.entries.keys().enumerate() {
        if !name.starts_with('.') {
            node[i] = nodes.len();
            nodes.push(name);
            entry_of.push(i);
        }
    }
    let index = |n: &str| {
        let i = cx.entries.get_index_of(n)?;
        // Its stage comes next.
        cx.remember_entry(i);
        Some(node[i]).filter(|&k| k != usize::MAX)
    };
    let mut edges = Edges::with_capacity(nodes.len());
    for (i, &name) in nodes.iter().enumerate() {
        edges.start_node();
        cx.remember_entry(entry_of[i]);
        let Some((needs, _)) = cx.lookup(name, &|j: &Job| j.needs.as_ref()) else {
            continue;
        };
        let own = cx.stage_index(cx.stage_of(name));
        for target in needs.value().into_iter().flatten().filter_map(Need::job) {
            let Some(t) = index(target) else {
                continue;
            };
            if cx.stages_final
                && let (Some(own), Some(theirs)) = (own, cx.stage_index(cx.stage_of(target)))
                && theirs > own
            {
                continue;
            }
            edges.add(t);
        }
    }
    edges.start_node();
    for (i, &name) in nodes.iter().enumerate() {
        if edges.of(i).contains(&i) && cx.in_file(name) {
            out.push(
                Diagnostic::error(
                    "needs-cycle",
                    KeyPath::root().job(name).key("needs"),
                    format!("the pipeline has circular dependencies: self-dependency: `{name}`"),
                )
                .with_help("a job cannot need itself; remove it from its `needs`"),
            );
        }
    }
    for component in circles(&edges) {
        let Some(&start) = component.iter().min() else {
            continue;
        };
        if !component.iter().any(|&c| cx.in_file(nodes[c])) {
            continue;
        }
        let circle = shortest_cycle(&edges, &component, start);
        let shown: Vec<String> = circle.iter().map(|&c| tick(nodes[c])).collect();
        out.push(
            Diagnostic::error(
                "needs-cycle",
                KeyPath::root().job(nodes[start]).key("needs"),
                format!(
                    "the pipeline has circular dependencies: {}",
                    shown.join(" → ")
                ),
            )
            .with_help("jobs of a circle wait for each other forever; remove one of the `needs`"),
        );
    }
}

/// The `needs` graph: the targets of node `v` are `to[start[v]..start[v + 1]]` (one flat
/// list instead of a list per node: a big pipeline has a node per job).
struct Edges {
    start: Vec<usize>,
    to: Vec<usize>,
}

impl Edges {
    fn with_capacity(nodes: usize) -> Self {
        Edges {
            start: Vec::with_capacity(nodes + 1),
            to: Vec::new(),
        }
    }

    /// Starts the edges of the next node; called once more after the last node.
    fn start_node(&mut self) {
        self.start.push(self.to.len());
    }

    /// Adds an edge from the node being filled, once.
    fn add(&mut self, target: usize) {
        let from = self.start.last().copied().unwrap_or(0);
        if !self.to[from..].contains(&target) {
            self.to.push(target);
        }
    }

    fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    fn of(&self, v: usize) -> &[usize] {
        &self.to[self.start[v]..self.start[v + 1]]
    }
}

/// The strongly connected components of two nodes or more (Tarjan's algorithm, iterative
/// so that a long chain cannot overflow the stack).
fn circles(edges: &Edges) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
    // (node, next edge to look at)
    let mut work = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        work.push((root, 0usize));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if let Some(&w) = edges.of(v).get(*e) {
                *e += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let Some(at) = stack.iter().rposition(|&w| w == v) else {
                    continue;
                };
                for &w in &stack[at..] {
                    on_stack[w] = false;
                }
                if stack.len() - at >= 2 {
                    components.push(stack[at..].iter().rev().copied().collect());
                }
                stack.truncate(at);
            }
        }
    }
    components
}

/// The shortest circle from `start` back to it inside `component` (breadth-first).
fn shortest_cycle(edges: &Edges, component: &[usize], start: usize) -> Vec<usize> {
    let mut inside = vec![false; edges.len()];
    for &c in component {
        inside[c] = true;
    }
    let mut parent: Vec<Option<usize>> = vec![None; edges.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = vec![false; edges.len()];
    seen[start] = true;
    while let Some(v) = queue.pop_front() {
        for &w in edges.of(v) {
            if w == start && v != start {
                let mut path = vec![v];
                let mut at = v;
                while let Some(p) = parent[at] {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                if path.first() != Some(&start) {
                    path.insert(0, start);
                }
                path.push(start);
                return path;
            }
            if !seen[w] && inside[w] {
                seen[w] = true;
                parent[w] = Some(v);
                queue.push_back(w);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, job_mut, none, only, parse, run, with_code};
    use super::super::{ValidateOptions, check};
    use crate::model::{
        Environment, EnvironmentAction, EnvironmentConfig, Include, IncludeArtifact, Includes, Job,
        JobEntry, Need, NeedConfig, OneOrMany, OrReference, Parallel, Pipeline, Rule, RuleItem,
        RuleNeed, Trigger, TriggerChild, TriggerInclude, Value,
    };

    fn needs(list: &[&str]) -> Option<OrReference<Vec<Need>>> {
        Some(OrReference::Value(
            list.iter().map(|s| Need::from(*s)).collect(),
        ))
    }

    const STAGED: &str = "stages: [build, test, deploy]\nbuild:\n  stage: build\ntest:\n  stage: test\ndeploy:\n  stage: deploy\n";

    // extends ----------------------------------------------------------------------------

    #[test]
    fn extends_an_unknown_key_is_an_error() {
        let p = parse(".base:\n  stage: build\nbuild:\n  extends: .bsae\n");
        let found = run(&p);
        let d = only(&found, "extends-unknown");
        assert_eq!(d.path.to_string(), r#"jobs."build".extends"#);
        assert_eq!(d.message, "`build`: unknown keys in `extends` (`.bsae`)");
        assert_eq!(d.help.as_deref(), Some("did you mean `.base`?"));
        let p = parse(".base:\n  stage: build\nbuild:\n  extends: .base\n");
        none(&run(&p), "extends-unknown");
    }

    #[test]
    fn extends_an_unknown_key_with_an_include_is_a_warning() {
        let mut p = parse("build:\n  extends: [.a, .from-include]\n.a:\n  stage: build\n");
        p.include = Some(Includes::One(Include::Path(
            "https://example.com/t.yml".into(),
        )));
        let found = run(&p);
        none(&found, "extends-unknown");
        let d = only(&found, "unresolved-reference");
        assert_eq!(d.path.to_string(), r#"jobs."build".extends[1]"#);
        assert!(!d.is_error());
    }

    #[test]
    fn extends_a_non_mapping_is_an_error() {
        let mut p = parse("build:\n  extends: .list\n");
        p.jobs.insert(
            ".list".into(),
            JobEntry::Raw(Value::Seq(vec![Value::from("x")])),
        );
        let found = run(&p);
        let d = only(&found, "extends-invalid-base");
        assert_eq!(d.path.to_string(), r#"jobs."build".extends"#);
        assert_eq!(
            d.message,
            "`build`: invalid base hashes in `extends` (`.list`)"
        );
        let mut p = parse("build:\n  extends: .map\n");
        p.jobs
            .insert(".map".into(), JobEntry::Raw(Value::Map(Default::default())));
        none(&run(&p), "extends-invalid-base");
    }

    #[test]
    fn an_extends_cycle_is_an_error() {
        let p = parse(".a:\n  extends: .b\n.b:\n  extends: .a\nself:\n  extends: self\n");
        let found = run(&p);
        let hits = with_code(&found, "extends-cycle");
        let shown: Vec<(String, &str)> = hits
            .iter()
            .map(|d| (d.path.to_string(), d.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    r#"jobs.".a".extends"#.to_owned(),
                    "`.a`: circular dependency detected in `extends` (`.a` → `.b` → `.a`)"
                ),
                (
                    r#"jobs."self".extends"#.to_owned(),
                    "`self`: circular dependency detected in `extends` (`self` → `self`)"
                ),
            ]
        );
        none(
            &run(&parse(
                ".a:\n  extends: .b\n.b:\n  stage: test\nj:\n  extends: .a\n",
            )),
            "extends-cycle",
        );
    }

    fn chain(levels: usize) -> Pipeline {
        // `job` extends `.t1`, which extends `.t2`, ... `.t{levels}` has no `extends`.
        let mut yaml = String::from("job:\n  extends: .t1\n");
        for i in 1..levels {
            yaml.push_str(&format!(".t{i}:\n  extends: .t{}\n", i + 1));
        }
        yaml.push_str(&format!(".t{levels}:\n  stage: test\n"));
        let mut p = parse(&yaml);
        job_mut(&mut p, &format!(".t{levels}")).script = Some(crate::model::Script::from(["x"]));
        p
    }

    #[test]
    fn extends_deeper_than_11_levels_is_an_error() {
        // 11 levels of `extends` are accepted.
        let found = run(&chain(11));
        none(&found, "extends-too-deep");
        assert!(!found.has_errors(), "{found}");
        let found = run(&chain(12));
        let d = only(&found, "extends-too-deep");
        assert_eq!(d.path.to_string(), r#"jobs.".t11".extends"#);
        assert_eq!(d.message, "`.t11`: nesting too deep in `extends`");
    }

    // needs ------------------------------------------------------------------------------

    #[test]
    fn needs_an_unknown_job_is_an_error() {
        let mut p = parse(STAGED);
        job_mut(&mut p, "test").needs = needs(&["build", "biuld"]);
        let found = run(&p);
        let d = only(&found, "needs-unknown-job");
        assert_eq!(d.path.to_string(), r#"jobs."test".needs[1]"#);
        assert_eq!(
            d.message,
            "job `test` needs `biuld`, which is not defined in this pipeline"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `build`?"));
    }

    #[test]
    fn needs_on_defined_or_optional_jobs_are_silent() {
        let mut p = parse(STAGED);
        let mut optional = NeedConfig::new("maybe");
        optional.optional = Some(true);
        let mut cross = NeedConfig::new("other");
        cross.project = Some("group/other".into());
        cross.git_ref = Some("main".into());
        job_mut(&mut p, "test").needs = Some(OrReference::Value(vec![
            Need::from("build"),
            Need::Config(Box::new(optional)),
            Need::Config(Box::new(cross)),
        ]));
        let found = run(&p);
        assert!(found.is_empty(), "{found}");
    }

    #[test]
    fn needs_a_hidden_job_is_an_error_even_with_includes() {
        let mut p = parse(".tpl:\n  stage: test\na:\n  stage: test\n");
        job_mut(&mut p, "a").needs = needs(&[".tpl"]);
        p.include = Some(Includes::One(Include::Path(
            "https://example.com/t.yml".into(),
        )));
        let found = run(&p);
        let d = only(&found, "needs-unknown-job");
        assert!(
            d.message
                .ends_with("which is a hidden job: hidden jobs never run")
        );
    }

    #[test]
    fn needs_an_unknown_job_in_a_partial_file_is_a_warning() {
        let mut p = parse("a:\n  stage: test\n");
        job_mut(&mut p, "a").needs = needs(&["from-elsewhere"]);
        let found = check(&p, &ValidateOptions::new().partial(true));
        none(&found, "needs-unknown-job");
        let d = only(&found, "unresolved-reference");
        assert_eq!(d.path.to_string(), r#"jobs."a".needs[0]"#);
        assert_eq!(
            d.message,
            "job `a` needs `from-elsewhere`, which this file does not define; an included or including file must"
        );
    }

    #[test]
    fn needs_a_later_stage_is_an_error_and_the_same_stage_is_allowed() {
        let mut p = parse(STAGED);
        job_mut(&mut p, "test").needs = needs(&["deploy"]);
        let found = run(&p);
        let d = only(&found, "needs-later-stage");
        assert_eq!(d.path.to_string(), r#"jobs."test".needs[0]"#);
        assert_eq!(
            d.message,
            "job `test`: need `deploy` is not defined in current or prior stages (`deploy` is in stage `deploy`, after `test`)"
        );
        let mut p = parse(&format!("{STAGED}test2:\n  stage: test\n"));
        job_mut(&mut p, "test").needs = needs(&["test2", "build"]);
        none(&run(&p), "needs-later-stage");
    }

    #[test]
    fn needs_inherited_from_a_template_point_at_the_template() {
        let mut p = parse(&format!(
            "{STAGED}.tpl:\n  stage: test\nlate:\n  extends: .tpl\n"
        ));
        job_mut(&mut p, ".tpl").needs = needs(&["deploy"]);
        job_mut(&mut p, ".tpl").script = Some(crate::model::Script::from(["x"]));
        let found = run(&p);
        let d = only(&found, "needs-later-stage");
        assert_eq!(d.path.to_string(), r#"jobs.".tpl".needs[0]"#);
        assert!(d.message.starts_with("job `late`: need `deploy`"));
    }

    #[test]
    fn a_job_needing_itself_is_a_cycle() {
        let mut p = parse(STAGED);
        job_mut(&mut p, "build").needs = needs(&["build"]);
        let found = run(&p);
        let d = only(&found, "needs-cycle");
        assert_eq!(d.path.to_string(), r#"jobs."build".needs"#);
        assert_eq!(
            d.message,
            "the pipeline has circular dependencies: self-dependency: `build`"
        );
    }

    #[test]
    fn jobs_needing_each_other_are_a_cycle() {
        let mut p =
            parse("a:\n  stage: test\nb:\n  stage: test\nc:\n  stage: test\nd:\n  stage: test\n");
        job_mut(&mut p, "a").needs = needs(&["b"]);
        job_mut(&mut p, "b").needs = needs(&["c"]);
        job_mut(&mut p, "c").needs = needs(&["a"]);
        job_mut(&mut p, "d").needs = needs(&["a"]);
        let found = run(&p);
        let d = only(&found, "needs-cycle");
        assert_eq!(d.path.to_string(), r#"jobs."a".needs"#);
        assert_eq!(
            d.message,
            "the pipeline has circular dependencies: `a` → `b` → `c` → `a`"
        );
        job_mut(&mut p, "c").needs = None;
        none(&run(&p), "needs-cycle");
    }

    #[test]
    fn a_cycle_through_a_later_stage_is_reported_as_the_stage_error_only() {
        let mut p = parse(STAGED);
        job_mut(&mut p, "build").needs = needs(&["test"]);
        job_mut(&mut p, "test").needs = needs(&["build"]);
        let found = run(&p);
        only(&found, "needs-later-stage");
        none(&found, "needs-cycle");
    }

    #[test]
    fn the_same_job_twice_in_needs_is_an_error() {
        let mut p = parse(STAGED);
        job_mut(&mut p, "deploy").needs = needs(&["build", "test", "build"]);
        let found = run(&p);
        let d = only(&found, "needs-duplicate");
        assert_eq!(d.path.to_string(), r#"jobs."deploy".needs"#);
        assert_eq!(
            d.message,
            "job `deploy` has the following needs duplicated: `build`"
        );
        job_mut(&mut p, "deploy").needs = needs(&["build", "test"]);
        none(&run(&p), "needs-duplicate");
    }

    #[test]
    fn more_than_50_needs_is_an_error_counting_parallel_jobs() {
        let mut p = Pipeline::new();
        let mut wide = job(Some("build"));
        wide.parallel = Some(Parallel::Count(26));
        p.insert_job("wide", wide);
        p.insert_job("other", job(Some("build")));
        let mut many = job(Some("test"));
        many.needs = needs(&["wide", "other"]);
        p.insert_job("many", many);
        none(&run(&p), "needs-too-many");
        job_mut(&mut p, "wide").parallel = Some(Parallel::Count(50));
        let found = run(&p);
        let d = only(&found, "needs-too-many");
        assert_eq!(d.path.to_string(), r#"jobs."many".needs"#);
        assert_eq!(
            d.message,
            "job `many`: one job can only need 50 others, but you have listed 51"
        );
    }

    #[test]
    fn rule_needs_are_checked_like_needs() {
        let mut p = parse(STAGED);
        let mut rule = Rule::condition("$CI_COMMIT_TAG");
        rule.needs = Some(vec![
            RuleNeed::Job("build".into()),
            RuleNeed::Job("bild".into()),
            RuleNeed::Job("build".into()),
            RuleNeed::Config {
                job: "gone".into(),
                artifacts: None,
                optional: Some(true),
            },
        ]);
        job_mut(&mut p, "test").rules = Some(OrReference::Value(vec![RuleItem::Rule(rule)]));
        let found = run(&p);
        let d = only(&found, "needs-unknown-job");
        assert_eq!(d.path.to_string(), r#"jobs."test".rules[0].needs[1]"#);
        assert!(d.message.starts_with("a rule of job `test` needs `bild`"));
        let d = only(&found, "needs-duplicate");
        assert_eq!(d.path.to_string(), r#"jobs."test".rules[0].needs"#);
    }

    // dependencies -----------------------------------------------------------------------

    #[test]
    fn dependencies_on_an_unknown_job_are_an_error() {
        let p = parse(&format!(
            "{STAGED}report:\n  stage: deploy\n  dependencies: [build, tset]\n"
        ));
        let found = run(&p);
        let d = only(&found, "dependencies-unknown-job");
        assert_eq!(d.path.to_string(), r#"jobs."report".dependencies[1]"#);
        assert_eq!(
            d.message,
            "job `report` has `tset` in `dependencies`, which is not defined in this pipeline"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `test`?"));
    }

    #[test]
    fn dependencies_on_a_later_stage_are_an_error_the_same_stage_is_allowed() {
        let p = parse(&format!(
            "{STAGED}early:\n  stage: build\n  dependencies: [build, deploy]\n"
        ));
        let found = run(&p);
        let d = only(&found, "dependencies-later-stage");
        assert_eq!(d.path.to_string(), r#"jobs."early".dependencies[1]"#);
        assert_eq!(
            d.message,
            "job `early`: dependency `deploy` is not defined in current or prior stages (`deploy` is in stage `deploy`, after `build`)"
        );
        let p = parse(&format!(
            "{STAGED}late:\n  stage: deploy\n  dependencies: [build, deploy]\n"
        ));
        let found = run(&p);
        none(&found, "dependencies-later-stage");
        none(&found, "dependencies-unknown-job");
    }

    #[test]
    fn dependencies_outside_needs_are_an_error() {
        let mut p = parse(&format!(
            "{STAGED}pack:\n  stage: deploy\n  dependencies: [build, test]\n"
        ));
        job_mut(&mut p, "pack").needs = needs(&["build"]);
        let found = run(&p);
        let d = only(&found, "dependencies-not-in-needs");
        assert_eq!(d.path.to_string(), r#"jobs."pack".dependencies"#);
        assert_eq!(
            d.message,
            "job `pack`: dependencies the `test` should be part of needs"
        );
        job_mut(&mut p, "pack").needs = needs(&["build", "test"]);
        none(&run(&p), "dependencies-not-in-needs");
    }

    #[test]
    fn dependencies_with_only_cross_pipeline_needs_are_an_error() {
        let mut p = parse(&format!(
            "{STAGED}pack:\n  stage: deploy\n  dependencies: [build]\n"
        ));
        let mut upstream = NeedConfig::new("gen");
        upstream.pipeline = Some("$PARENT_PIPELINE_ID".into());
        job_mut(&mut p, "pack").needs =
            Some(OrReference::Value(vec![Need::Config(Box::new(upstream))]));
        let found = run(&p);
        let d = only(&found, "dependencies-cross-pipeline");
        assert_eq!(d.path.to_string(), r#"jobs."pack".dependencies"#);
        assert_eq!(
            d.message,
            "job `pack`: needs corresponding to dependencies must be from the same pipeline"
        );
        none(&found, "dependencies-not-in-needs");
        job_mut(&mut p, "pack").dependencies = Some(Vec::new());
        none(&run(&p), "dependencies-cross-pipeline");
    }

    #[test]
    fn a_trigger_artifact_job_is_checked_like_a_dependency() {
        let mut p = parse(STAGED);
        let child = TriggerChild {
            include: Some(TriggerInclude::Items(vec![Include::Artifact(
                IncludeArtifact {
                    artifact: "child.yml".into(),
                    job: "deploy".into(),
                    inputs: None,
                },
            )])),
            ..TriggerChild::default()
        };
        let mut bridge = Job::new();
        bridge.stage = Some(OneOrMany::from("test"));
        bridge.trigger = Some(Trigger::Child(Box::new(child)));
        p.insert_job("child", bridge);
        let found = run(&p);
        let d = only(&found, "dependencies-later-stage");
        assert_eq!(d.path.to_string(), r#"jobs."child".trigger.include[0].job"#);
        job_mut(&mut p, "child").stage = Some(OneOrMany::from("deploy"));
        none(&run(&p), "dependencies-later-stage");
    }

    // environment:on_stop ------------------------------------------------------------------

    fn env(name: &str, on_stop: Option<&str>, action: Option<EnvironmentAction>) -> Environment {
        Environment::Config(Box::new(EnvironmentConfig {
            name: name.into(),
            on_stop: on_stop.map(str::to_owned),
            action,
            ..EnvironmentConfig::default()
        }))
    }

    fn review(stop_env: Option<Environment>) -> Pipeline {
        let mut p = parse("deploy:\n  stage: deploy\nstop:\n  stage: deploy\n  when: manual\n");
        job_mut(&mut p, "deploy").environment = Some(env("review", Some("stop"), None));
        job_mut(&mut p, "stop").environment = stop_env;
        p
    }

    #[test]
    fn a_matching_on_stop_job_is_silent() {
        let p = review(Some(env("review", None, Some(EnvironmentAction::Stop))));
        assert!(run(&p).is_empty(), "{}", run(&p));
    }

    #[test]
    fn an_unknown_on_stop_job_is_an_error() {
        let mut p = review(None);
        p.jobs.shift_remove("stop");
        let found = run(&p);
        let d = only(&found, "environment-on-stop-unknown");
        assert_eq!(d.path.to_string(), r#"jobs."deploy".environment.on_stop"#);
        assert_eq!(d.message, "job `deploy`: on_stop job `stop` is not defined");
    }

    #[test]
    fn an_on_stop_job_without_environment_is_an_error() {
        let found = run(&review(None));
        let d = only(&found, "environment-on-stop-no-environment");
        assert_eq!(d.path.to_string(), r#"jobs."deploy".environment.on_stop"#);
        assert_eq!(
            d.message,
            "job `deploy`: on_stop job `stop` does not have environment defined"
        );
    }

    #[test]
    fn an_on_stop_job_with_another_environment_is_an_error() {
        let found = run(&review(Some(Environment::Name("production".into()))));
        let d = only(&found, "environment-on-stop-name-mismatch");
        assert_eq!(d.path.to_string(), r#"jobs."deploy".environment.on_stop"#);
        assert!(
            d.message
                .starts_with("job `deploy`: on_stop job `stop` have different environment name")
        );
    }

    #[test]
    fn an_on_stop_job_without_action_stop_is_an_error() {
        let found = run(&review(Some(env(
            "review",
            None,
            Some(EnvironmentAction::Start),
        ))));
        let d = only(&found, "environment-on-stop-action");
        assert_eq!(d.path.to_string(), r#"jobs."deploy".environment.on_stop"#);
        assert_eq!(
            d.message,
            "job `deploy`: on_stop job `stop` needs to have action stop defined"
        );
    }
}
