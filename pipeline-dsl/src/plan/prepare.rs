//! Turning a pipeline into what every plan reuses: the jobs GitLab sees after `extends`,
//! `!reference` and `parallel` expansion, with their expressions parsed (and regexes
//! compiled) once, their needs resolved to jobs, and the configuration errors GitLab reports
//! before any pipeline is created.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use indexmap::IndexMap;
use pipeline_syntax::expr::{Expr, Pattern};

use crate::model::{
    AllowFailure, Changes, Exists, InheritList, Job, Matrix, MatrixValue, Need, OnlyExcept,
    OrReference, Parallel, Pipeline, RuleItem, RuleNeed, Variables, When,
};

use super::Name;
use super::error::PlanError;
use super::resolve;

/// GitLab's `ci_needs_size_limit` default.
pub(crate) const NEEDS_LIMIT: usize = 50;
/// GitLab's `PARALLEL_LIMIT` (instances of one job).
const PARALLEL_LIMIT: usize = 200;

/// Everything a plan needs, computed once per pipeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prepared {
    /// Stage names in order, `.pre` and `.post` included.
    pub(crate) stages: Vec<String>,
    /// The jobs after `parallel` expansion, in definition order.
    pub(crate) jobs: Vec<PJob>,
    /// Global `variables:`.
    pub(crate) global_vars: BTreeMap<String, String>,
    /// `workflow:rules`, when written.
    pub(crate) workflow_rules: Option<Vec<PRule>>,
    /// `workflow:name`.
    pub(crate) workflow_name: Option<String>,
    /// Configuration errors: when any, no pipeline is ever created.
    pub(crate) errors: Vec<PlanError>,
    /// How many distinct context-level selections jobs share (see [`PJob::memo`]).
    pub(crate) memo_slots: usize,
    /// Indexes of `jobs` by stage, then definition order.
    pub(crate) order: Vec<usize>,
}

/// One job instance.
#[derive(Debug, Clone)]
pub(crate) struct PJob {
    pub(crate) name: String,
    /// `name` and `stage`, shared by every plan.
    pub(crate) shared_name: Name,
    pub(crate) shared_stage: Name,
    /// The job as written, before `parallel` expansion.
    pub(crate) origin: String,
    pub(crate) stage: String,
    pub(crate) stage_index: usize,
    /// Job-level `when` (`on_success` when not written).
    pub(crate) when: When,
    pub(crate) start_in: Option<String>,
    /// The job-level `allow_failure` (true for manual jobs unless written).
    pub(crate) allow_failure: bool,
    pub(crate) selection: Selection,
    /// `needs:`, `None` when not written.
    pub(crate) needs: Option<Vec<PNeed>>,
    /// The job's own variables, and its matrix values.
    pub(crate) vars: BTreeMap<String, String>,
    /// Which global variables the job takes.
    pub(crate) inherit: InheritVars,
    pub(crate) predefined: JobPredefined,
    /// `dependencies:` as written.
    dependencies: Vec<String>,
    /// Needs as written, before expansion: job level, then per rule.
    raw_needs: Option<Vec<RawNeed>>,
    raw_rule_needs: Vec<Option<Vec<RawNeed>>>,
    /// This instance's matrix values, for `$[[ matrix.NAME ]]` in needs.
    matrix: Vec<(String, String)>,
    /// When the job's `rules` (or `only`/`except`) read only what is the same for every job
    /// of a pipeline, the slot where one plan keeps their outcome for all the jobs that
    /// share them.
    pub(crate) memo: Option<usize>,
}

/// How a job is chosen.
#[derive(Debug, Clone)]
pub(crate) enum Selection {
    /// Always in the pipeline.
    Always,
    /// `rules:`.
    Rules(Vec<PRule>),
    /// `only:` / `except:` (the defaults applied).
    Policy {
        only: Option<PPolicy>,
        except: Option<PPolicy>,
    },
}

/// One rule.
#[derive(Debug, Clone, Default)]
pub(crate) struct PRule {
    pub(crate) condition: Option<Arc<Expr>>,
    pub(crate) changes: Option<PChanges>,
    pub(crate) exists: Option<Vec<String>>,
    pub(crate) when: Option<When>,
    pub(crate) start_in: Option<String>,
    pub(crate) allow_failure: Option<bool>,
    pub(crate) variables: Arc<[(String, String)]>,
    pub(crate) needs: Option<Vec<PNeed>>,
}

/// `rules:changes`.
#[derive(Debug, Clone)]
pub(crate) struct PChanges {
    pub(crate) globs: Vec<String>,
    pub(crate) compare_to: Option<String>,
    pub(crate) regexp: Option<Pattern>,
}

/// `only:` or `except:`.
#[derive(Debug, Clone, Default)]
pub(crate) struct PPolicy {
    pub(crate) refs: Option<Vec<PRef>>,
    pub(crate) variables: Option<Vec<Arc<Expr>>>,
    pub(crate) changes: Option<Vec<String>>,
    pub(crate) kubernetes: bool,
}

/// One `only`/`except` ref entry: `pattern@project`.
#[derive(Debug, Clone)]
pub(crate) struct PRef {
    pub(crate) pattern: String,
    pub(crate) project: Option<String>,
    pub(crate) regex: Option<Pattern>,
}

/// A need resolved to a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PNeed {
    pub(crate) name: String,
    pub(crate) shared: Name,
    pub(crate) index: usize,
    pub(crate) optional: bool,
}

/// A need as written.
#[derive(Debug, Clone)]
struct RawNeed {
    name: String,
    optional: bool,
    matrix: Option<Matrix>,
}

/// `inherit:variables`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InheritVars {
    All,
    None,
    Only(BTreeSet<String>),
}

impl InheritVars {
    pub(crate) fn takes(&self, name: &str) -> bool {
        match self {
            InheritVars::All => true,
            InheritVars::None => false,
            InheritVars::Only(names) => names.contains(name),
        }
    }
}

/// The predefined variables of one job.
#[derive(Debug, Clone, Default)]
pub(crate) struct JobPredefined {
    pub(crate) name: String,
    pub(crate) name_slug: String,
    pub(crate) group_name: String,
    pub(crate) stage: String,
    pub(crate) node_index: Option<String>,
    pub(crate) node_total: Option<String>,
}

impl JobPredefined {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        match name {
            "CI_JOB_NAME" => Some(&self.name),
            "CI_JOB_NAME_SLUG" => Some(&self.name_slug),
            "CI_JOB_GROUP_NAME" => Some(&self.group_name),
            "CI_JOB_STAGE" => Some(&self.stage),
            "CI_NODE_INDEX" => self.node_index.as_deref(),
            "CI_NODE_TOTAL" => self.node_total.as_deref(),
            _ => None,
        }
    }
}

/// Parses expressions once: identical texts share one tree (and its compiled regexes).
#[derive(Default)]
struct ExprCache {
    parsed: BTreeMap<String, Result<Arc<Expr>, String>>,
}

impl ExprCache {
    fn get(&mut self, text: &str) -> Result<Arc<Expr>, String> {
        if let Some(found) = self.parsed.get(text) {
            return found.clone();
        }
        let parsed = match Expr::parse(text) {
            Ok(expr) => match expr.validate() {
                Ok(()) => Ok(Arc::new(expr)),
                Err(e) => Err(e.to_string()),
            },
            Err(e) => Err(e.to_string()),
        };
        self.parsed.insert(text.to_owned(), parsed.clone());
        parsed
    }
}

/// Collects phase errors.
struct Errors {
    config: Vec<PlanError>,
}

impl Prepared {
    /// Prepares `pipeline`.
    pub(crate) fn new(pipeline: &Pipeline) -> Prepared {
        let resolved = match resolve::resolved(pipeline) {
            Ok(p) => p,
            Err(errors) => {
                return Prepared {
                    errors,
                    ..Prepared::default()
                };
            }
        };
        let p: &Pipeline = &resolved;
        let mut cache = ExprCache::default();
        let mut errors = Errors { config: Vec::new() };
        let stages = p.stage_names();
        let global_vars = variables_map(p.variables.as_ref());
        let workflow_rules = p
            .workflow
            .as_ref()
            .and_then(|w| w.rules.as_ref())
            .map(|rules| {
                rule_list(rules)
                    .iter()
                    .map(|r| prepare_rule(r, "workflow:rules:rule", &mut cache, &mut errors))
                    .map(|(rule, _)| rule)
                    .collect::<Vec<_>>()
            });
        let workflow_name = p.workflow.as_ref().and_then(|w| w.name.clone());
        let has_workflow_rules = workflow_rules.is_some();

        // Jobs, expanded in place (a later job with the same name replaces an earlier one
        // where it stood, as in GitLab's hash of jobs).
        let mut jobs: IndexMap<String, PJob> = IndexMap::new();
        let mut instances: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut any_visible = false;
        for (name, job) in p.visible_jobs() {
            any_visible = true;
            for instance in prepare_job(
                name,
                job,
                &stages,
                has_workflow_rules,
                &mut cache,
                &mut errors,
            ) {
                if instance.name != name {
                    instances
                        .entry(name.to_owned())
                        .or_default()
                        .push(instance.name.clone());
                }
                jobs.insert(instance.name.clone(), instance);
            }
        }
        if !any_visible {
            errors.config.push(PlanError::NoVisibleJob);
        }
        let mut prepared = Prepared {
            stages,
            jobs: Vec::new(),
            global_vars,
            workflow_rules,
            workflow_name,
            errors: errors.config,
            memo_slots: 0,
            order: Vec::new(),
        };
        if !prepared.errors.is_empty() {
            return prepared;
        }
        let mut jobs: Vec<PJob> = jobs.into_values().collect();
        let mut stage_names: BTreeMap<String, Name> = BTreeMap::new();
        for job in &mut jobs {
            job.shared_name = Name::from(job.name.as_str());
            job.shared_stage = stage_names
                .entry(job.stage.clone())
                .or_insert_with(|| Name::from(job.stage.as_str()))
                .clone();
        }
        let index: BTreeMap<String, usize> = jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (j.name.clone(), i))
            .collect();
        prepared.jobs = jobs;
        if let Err(e) = link(&mut prepared, &index, &instances) {
            prepared.errors.push(e);
        }
        assign_memo(&mut prepared);
        let mut order: Vec<usize> = (0..prepared.jobs.len()).collect();
        order.sort_by_key(|&i| prepared.jobs[i].stage_index);
        prepared.order = order;
        prepared
    }
}

/// Gives jobs whose selection reads nothing job-specific a shared memo slot, one per
/// distinct selection.
fn assign_memo(prepared: &mut Prepared) {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for job in &mut prepared.jobs {
        let Some((key, reads)) = selection_key(&job.selection) else {
            continue;
        };
        let context_level = job.inherit == InheritVars::All
            && reads.iter().all(|name| {
                !job.vars.contains_key(name) && !JOB_PREDEFINED.contains(&name.as_str())
            });
        if context_level {
            let next = ids.len();
            job.memo = Some(*ids.entry(key).or_insert(next));
        }
    }
    prepared.memo_slots = ids.len();
}

/// The variables GitLab defines per job.
const JOB_PREDEFINED: [&str; 6] = [
    "CI_JOB_NAME",
    "CI_JOB_NAME_SLUG",
    "CI_JOB_GROUP_NAME",
    "CI_JOB_STAGE",
    "CI_NODE_INDEX",
    "CI_NODE_TOTAL",
];

/// A text that is equal for two selections exactly when they choose alike in every context
/// (outcomes such as `when` left out), and the variables the selection reads.
fn selection_key(selection: &Selection) -> Option<(String, BTreeSet<String>)> {
    use std::fmt::Write;
    fn globs(key: &mut String, reads: &mut BTreeSet<String>, globs: &[String]) {
        for g in globs {
            let _ = write!(key, "{g}\u{1f}");
            reads.extend(
                pipeline_syntax::refs::scan_with(
                    g,
                    pipeline_syntax::refs::Syntax::DollarAndPercent,
                )
                .map(|r| r.name.to_owned()),
            );
        }
    }
    fn expr(key: &mut String, reads: &mut BTreeSet<String>, e: &Expr) {
        let _ = write!(key, "{e}\u{1f}");
        reads.extend(e.variables().into_iter().map(str::to_owned));
    }
    let mut key = String::new();
    let mut reads = BTreeSet::new();
    match selection {
        Selection::Always => return None,
        Selection::Rules(rules) => {
            key.push('R');
            for rule in rules {
                key.push('\u{1e}');
                if let Some(c) = &rule.condition {
                    expr(&mut key, &mut reads, c);
                }
                key.push('\u{1d}');
                if let Some(c) = &rule.changes {
                    globs(&mut key, &mut reads, &c.globs);
                    let _ = write!(
                        key,
                        "{:?}\u{1f}{:?}",
                        c.compare_to,
                        c.regexp.as_ref().map(ToString::to_string)
                    );
                }
                key.push('\u{1d}');
                if let Some(e) = &rule.exists {
                    globs(&mut key, &mut reads, e);
                }
            }
        }
        Selection::Policy { only, except } => {
            key.push('P');
            for policy in [only, except] {
                key.push('\u{1e}');
                let Some(p) = policy else { continue };
                for r in p.refs.iter().flatten() {
                    let _ = write!(key, "{}@{:?}\u{1f}", r.pattern, r.project);
                }
                key.push('\u{1d}');
                for e in p.variables.iter().flatten() {
                    expr(&mut key, &mut reads, e);
                }
                key.push('\u{1d}');
                for c in p.changes.iter().flatten() {
                    let _ = write!(key, "{c}\u{1f}");
                }
                let _ = write!(key, "\u{1d}{}", p.kubernetes);
            }
        }
    }
    Some((key, reads))
}

/// The values of a `variables:` map, as GitLab sets them.
pub(crate) fn variables_map(vars: Option<&Variables>) -> BTreeMap<String, String> {
    vars.map(|v| {
        v.iter()
            .map(|(k, v)| (k.to_owned(), v.value().unwrap_or_default()))
            .collect()
    })
    .unwrap_or_default()
}

/// The rules of a list (references were resolved; other strings are not rules).
fn rule_list(rules: &OrReference<Vec<RuleItem>>) -> Vec<&crate::model::Rule> {
    rules
        .value()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| match i {
                    RuleItem::Rule(r) => Some(r),
                    RuleItem::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The rules of an `include:` item, prepared for evaluation.
pub(crate) fn include_rules(
    items: &[RuleItem],
    location: &str,
) -> Result<Vec<PRule>, Vec<PlanError>> {
    let mut cache = ExprCache::default();
    let mut errors = Errors { config: Vec::new() };
    let rules: Vec<PRule> = items
        .iter()
        .filter_map(|i| match i {
            RuleItem::Rule(r) => Some(prepare_rule(r, location, &mut cache, &mut errors).0),
            RuleItem::Other(_) => None,
        })
        .collect();
    if errors.config.is_empty() {
        Ok(rules)
    } else {
        Err(errors.config)
    }
}

/// One rule; also returns its needs as written.
fn prepare_rule(
    rule: &crate::model::Rule,
    location: &str,
    cache: &mut ExprCache,
    errors: &mut Errors,
) -> (PRule, Option<Vec<RawNeed>>) {
    let condition = rule.condition.as_ref().and_then(|text| {
        cache
            .get(text)
            .map_err(|reason| {
                errors.config.push(PlanError::InvalidExpression {
                    location: location.to_owned(),
                    attribute: "if",
                    expression: text.clone(),
                    reason,
                });
            })
            .ok()
    });
    let changes = rule.changes.as_ref().map(|c| match c {
        Changes::Paths(paths) => PChanges {
            globs: paths.clone(),
            compare_to: None,
            regexp: None,
        },
        Changes::Config(c) => PChanges {
            globs: c.paths.clone().unwrap_or_default(),
            compare_to: c.compare_to.clone(),
            regexp: c.regexp.as_deref().and_then(|r| {
                let re = slash_regex(r).or_else(|| any_regex(r, ""));
                if re.is_none() {
                    errors.config.push(PlanError::InvalidRefRegex {
                        location: format!("{location}:changes"),
                        pattern: r.to_owned(),
                    });
                }
                re
            }),
        },
    });
    let exists = rule.exists.as_ref().map(|e| match e {
        Exists::Paths(paths) => paths.clone(),
        Exists::Config(c) => c.paths.clone().unwrap_or_default(),
    });
    let needs = rule.needs.as_ref().map(|needs| {
        needs
            .iter()
            .map(|n| match n {
                RuleNeed::Job(job) => RawNeed {
                    name: job.clone(),
                    optional: false,
                    matrix: None,
                },
                RuleNeed::Config { job, optional, .. } => RawNeed {
                    name: job.clone(),
                    optional: *optional == Some(true),
                    matrix: None,
                },
            })
            .collect()
    });
    let prepared = PRule {
        condition,
        changes,
        exists,
        when: rule.when,
        start_in: rule.start_in.clone(),
        allow_failure: rule.allow_failure,
        variables: rule
            .variables
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.to_env_string()))
            .collect::<Vec<_>>()
            .into(),
        needs: None,
    };
    (prepared, needs)
}

/// A regex from GitLab's `/body/flags` syntax (`Gitlab::UntrustedRegexp::RubySyntax`), or
/// `None` when the text does not have that shape or RE2 rejects it.
pub(crate) fn slash_regex(text: &str) -> Option<Pattern> {
    let rest = text.strip_prefix('/')?;
    let close = rest.rfind('/')?;
    let flags = &rest[close + 1..];
    if !flags
        .bytes()
        .all(|c| matches!(c, b'i' | b'm' | b's' | b'U'))
    {
        return None;
    }
    any_regex(&rest[..close], flags)
}

/// A regex for any RE2 body: written so that [`Pattern::re2_source`] gives back `body`.
fn any_regex(body: &str, flags: &str) -> Option<Pattern> {
    // `Pattern` bodies write `/` as `\/` and need two characters; `(?:...)` keeps the
    // meaning of short bodies.
    let escaped = body.replace('/', "\\/");
    let escaped = if body.chars().count() < 2 {
        format!("(?:{escaped})")
    } else {
        escaped
    };
    let pattern = Pattern::new(escaped, flags).ok()?;
    pattern.validate().ok()?;
    Some(pattern)
}

/// One job, expanded into its `parallel` instances.
fn prepare_job(
    name: &str,
    job: &Job,
    stages: &[String],
    has_workflow_rules: bool,
    cache: &mut ExprCache,
    errors: &mut Errors,
) -> Vec<PJob> {
    let location = format!("jobs:{name}");
    let stage = job.stage_name().to_owned();
    let stage_index = stages
        .iter()
        .position(|s| *s == stage)
        .unwrap_or(usize::MAX);
    let when = job.when.unwrap_or(When::OnSuccess);
    let trigger = job.trigger.is_some();
    if when == When::Never || (trigger && when == When::Delayed) {
        errors.config.push(PlanError::InvalidWhen {
            job: name.to_owned(),
            when: when.as_str().to_owned(),
            allowed: if trigger {
                "on_success, on_failure, always, manual"
            } else {
                "on_success, on_failure, always, manual, delayed"
            },
        });
    }
    let allow_failure = match &job.allow_failure {
        Some(AllowFailure::Bool(b)) => *b,
        Some(AllowFailure::ExitCodes { .. }) => false,
        None => when == When::Manual,
    };

    let only_written = matches!(&job.only, Some(o) if !matches!(o, OnlyExcept::Null(())));
    let except_written = matches!(&job.except, Some(e) if !matches!(e, OnlyExcept::Null(())));
    let mut raw_rule_needs = Vec::new();
    let selection = if let Some(rules) = &job.rules {
        let mut keys = Vec::new();
        if only_written {
            keys.push("only".to_owned());
        }
        if except_written {
            keys.push("except".to_owned());
        }
        if job.start_in.is_some() {
            keys.push("start_in".to_owned());
        }
        if !keys.is_empty() {
            errors.config.push(PlanError::RulesWithOnlyExcept {
                job: name.to_owned(),
                keys,
            });
        }
        let rule_location = format!("{location}:rules:rule");
        let mut prepared = Vec::new();
        for rule in rule_list(rules) {
            let (p, needs) = prepare_rule(rule, &rule_location, cache, errors);
            prepared.push(p);
            raw_rule_needs.push(needs);
        }
        Selection::Rules(prepared)
    } else {
        let only = if only_written {
            job.only
                .as_ref()
                .map(|o| prepare_policy(o, true, &format!("{location}:only"), cache, errors))
        } else if has_workflow_rules {
            None
        } else {
            Some(default_only())
        };
        let except = if except_written {
            job.except
                .as_ref()
                .map(|e| prepare_policy(e, false, &format!("{location}:except"), cache, errors))
        } else {
            None
        };
        if only.is_none() && except.is_none() {
            Selection::Always
        } else {
            Selection::Policy { only, except }
        }
    };

    let raw_needs = job.needs.as_ref().map(|needs| {
        needs
            .value()
            .map(|needs| needs.iter().filter_map(raw_need).collect())
            .unwrap_or_default()
    });
    let vars = variables_map(job.variables.as_ref());
    let inherit = match job.inherit.as_ref().and_then(|i| i.variables.as_ref()) {
        None | Some(InheritList::All(true)) => InheritVars::All,
        Some(InheritList::All(false)) => InheritVars::None,
        Some(InheritList::Only(names)) => InheritVars::Only(names.iter().cloned().collect()),
    };
    let dependencies = job.dependencies.clone().unwrap_or_default();

    let base = PJob {
        shared_name: Name::from(name),
        shared_stage: Name::from(stage.as_str()),
        name: name.to_owned(),
        origin: name.to_owned(),
        stage: stage.clone(),
        stage_index,
        when,
        start_in: job.start_in.clone(),
        allow_failure,
        selection,
        needs: None,
        vars,
        inherit,
        predefined: JobPredefined {
            name: name.to_owned(),
            name_slug: super::context::slugify(name),
            group_name: name.to_owned(),
            stage,
            node_index: None,
            node_total: None,
        },
        dependencies,
        raw_needs,
        raw_rule_needs,
        matrix: Vec::new(),
        memo: None,
    };

    match &job.parallel {
        None => vec![base],
        Some(Parallel::Count(n)) => {
            let n = *n as usize;
            if n == 0 || n > PARALLEL_LIMIT {
                let bound = if n == 0 {
                    "greater than or equal to 1"
                } else {
                    "less than or equal to 200"
                };
                errors.config.push(PlanError::Config {
                    message: format!("jobs:{name}:parallel config must be {bound}"),
                });
                return Vec::new();
            }
            (1..=n)
                .map(|i| {
                    let mut instance = base.clone();
                    instance.name = format!("{name} {i}/{n}");
                    instance.predefined.name.clone_from(&instance.name);
                    instance.predefined.name_slug = super::context::slugify(&instance.name);
                    instance.predefined.node_index = Some(i.to_string());
                    instance.predefined.node_total = Some(n.to_string());
                    instance
                })
                .collect()
        }
        Some(Parallel::Matrix(matrix)) => {
            let combinations = matrix_combinations(matrix);
            if combinations.len() > PARALLEL_LIMIT {
                errors.config.push(PlanError::MatrixTooLarge {
                    job: name.to_owned(),
                });
                return Vec::new();
            }
            let total = combinations.len();
            combinations
                .into_iter()
                .enumerate()
                .map(|(i, combination)| {
                    let mut instance = base.clone();
                    instance.name = matrix_name(name, &combination);
                    instance.predefined.name.clone_from(&instance.name);
                    instance.predefined.name_slug = super::context::slugify(&instance.name);
                    instance.predefined.node_index = Some((i + 1).to_string());
                    instance.predefined.node_total = Some(total.to_string());
                    for (k, v) in &combination {
                        instance.vars.insert(k.clone(), v.clone());
                    }
                    instance.matrix = combination;
                    instance
                })
                .collect()
        }
    }
}

/// `only: {refs: [branches, tags]}`.
fn default_only() -> PPolicy {
    PPolicy {
        refs: Some(vec![plain_ref("branches"), plain_ref("tags")]),
        ..PPolicy::default()
    }
}

fn plain_ref(pattern: &str) -> PRef {
    PRef {
        pattern: pattern.to_owned(),
        project: None,
        regex: None,
    }
}

/// `only`/`except` as written; `only` gets the default refs when it has none.
fn prepare_policy(
    policy: &OnlyExcept,
    is_only: bool,
    location: &str,
    cache: &mut ExprCache,
    errors: &mut Errors,
) -> PPolicy {
    let mut refs_of = |patterns: Vec<&str>| -> Vec<PRef> {
        patterns
            .into_iter()
            .map(|entry| {
                let (pattern, project) = match entry.split_once('@') {
                    Some((p, project)) => (p, Some(project.to_owned())),
                    None => (entry, None),
                };
                let looks_like_regex = pattern.len() >= 2
                    && pattern.starts_with('/')
                    && pattern[1..].contains('/')
                    && pattern
                        .rsplit('/')
                        .next()
                        .is_some_and(|f| f.bytes().all(|c| matches!(c, b'i' | b'm' | b's' | b'U')));
                let regex = if looks_like_regex {
                    let re = slash_regex(pattern);
                    if re.is_none() {
                        errors.config.push(PlanError::InvalidRefRegex {
                            location: location.to_owned(),
                            pattern: entry.to_owned(),
                        });
                    }
                    re
                } else {
                    None
                };
                PRef {
                    pattern: pattern.to_owned(),
                    project,
                    regex,
                }
            })
            .collect()
    };
    let mut prepared = match policy {
        OnlyExcept::Refs(_) => PPolicy {
            refs: Some(refs_of(policy.refs())),
            ..PPolicy::default()
        },
        OnlyExcept::Config(c) => PPolicy {
            refs: c.refs.as_ref().map(|_| refs_of(policy.refs())),
            variables: c.variables.as_ref().map(|exprs| {
                exprs
                    .iter()
                    .filter_map(|text| {
                        cache
                            .get(text)
                            .map_err(|reason| {
                                errors.config.push(PlanError::InvalidExpression {
                                    location: location.to_owned(),
                                    attribute: "variables",
                                    expression: text.clone(),
                                    reason,
                                });
                            })
                            .ok()
                    })
                    .collect()
            }),
            changes: c.changes.clone(),
            kubernetes: c.kubernetes.as_deref() == Some("active"),
        },
        OnlyExcept::Null(()) | OnlyExcept::Reference(_) => PPolicy::default(),
    };
    if is_only && prepared.refs.is_none() {
        prepared.refs = default_only().refs;
    }
    prepared
}

/// A need of this pipeline as written (cross-project and cross-pipeline needs left out).
fn raw_need(need: &Need) -> Option<RawNeed> {
    let name = need.job()?.to_owned();
    let matrix = match need {
        Need::Config(c) => c.parallel.clone(),
        _ => None,
    };
    Some(RawNeed {
        name,
        optional: need.is_optional(),
        matrix,
    })
}

/// The combinations of a matrix, in GitLab's order: entries one after another, and in each
/// entry the first key varying slowest.
fn matrix_combinations(matrix: &Matrix) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    for entry in &matrix.matrix {
        let mut combos: Vec<Vec<(String, String)>> = vec![Vec::new()];
        for (key, value) in entry {
            let values = match value {
                MatrixValue::One(_) | MatrixValue::Many(_) => value.values(),
            };
            let mut next = Vec::with_capacity(combos.len() * values.len());
            for combo in &combos {
                for v in &values {
                    let mut c = combo.clone();
                    c.push((key.clone(), v.clone()));
                    next.push(c);
                }
            }
            combos = next;
            if combos.len() > PARALLEL_LIMIT * 2 {
                break;
            }
        }
        out.extend(combos);
        if out.len() > PARALLEL_LIMIT {
            break;
        }
    }
    out
}

/// `job: [v1, v2]`.
fn matrix_name(job: &str, combination: &[(String, String)]) -> String {
    let values: Vec<&str> = combination.iter().map(|(_, v)| v.as_str()).collect();
    format!("{job}: [{}]", values.join(", "))
}

/// Replaces `$[[ matrix.NAME ]]` with this instance's value.
fn interpolate_matrix(text: &str, matrix: &[(String, String)]) -> String {
    if !text.contains("$[[") || matrix.is_empty() {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("$[[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find("]]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = after[..end].trim();
        let value = inner
            .strip_prefix("matrix.")
            .and_then(|key| matrix.iter().find(|(k, _)| k == key))
            .map(|(_, v)| v.as_str());
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[start..start + 3 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Expands needs names (parallel instances, matrix selections), resolves them to jobs, and
/// runs GitLab's logical checks: stages, dependencies, needs, then needs cycles. Stops at
/// the first error, as GitLab does.
fn link(
    prepared: &mut Prepared,
    index: &BTreeMap<String, usize>,
    instances: &BTreeMap<String, Vec<String>>,
) -> Result<(), PlanError> {
    let stage_of = |name: &str, jobs: &[PJob]| index.get(name).map(|&i| jobs[i].stage_index);
    for i in 0..prepared.jobs.len() {
        let job = &prepared.jobs[i];
        if job.stage_index == usize::MAX {
            return Err(PlanError::UnknownStage {
                job: job.name.clone(),
                stage: job.stage.clone(),
                available: prepared.stages.clone(),
            });
        }
        for dependency in &job.dependencies {
            let expanded = instances
                .get(dependency)
                .cloned()
                .unwrap_or_else(|| vec![dependency.clone()]);
            for dep in expanded {
                match stage_of(&dep, &prepared.jobs) {
                    None => {
                        return Err(PlanError::UndefinedDependency {
                            job: job.name.clone(),
                            dependency: dep,
                        });
                    }
                    Some(s) if s > job.stage_index => {
                        return Err(PlanError::DependencyInLaterStage {
                            job: job.name.clone(),
                            dependency: dep,
                        });
                    }
                    Some(_) => {}
                }
            }
        }
        let job_stage = job.stage_index;
        let job_name = job.name.clone();
        let matrix = job.matrix.clone();
        let needs = match &job.raw_needs {
            Some(raw) => Some(expand_needs(
                &job_name,
                job_stage,
                raw,
                &matrix,
                index,
                instances,
                &prepared.jobs,
            )?),
            None => None,
        };
        let mut rule_needs = Vec::new();
        for raw in &job.raw_rule_needs {
            rule_needs.push(match raw {
                Some(raw) => Some(expand_needs(
                    &job_name,
                    job_stage,
                    raw,
                    &matrix,
                    index,
                    instances,
                    &prepared.jobs,
                )?),
                None => None,
            });
        }
        let job = &mut prepared.jobs[i];
        job.needs = needs;
        if let Selection::Rules(rules) = &mut job.selection {
            for (rule, needs) in rules.iter_mut().zip(rule_needs) {
                rule.needs = needs;
            }
        }
    }
    check_cycles(&prepared.jobs)
}

/// One `needs:` list: expanded, checked and resolved.
fn expand_needs(
    job: &str,
    job_stage: usize,
    raw: &[RawNeed],
    matrix: &[(String, String)],
    index: &BTreeMap<String, usize>,
    instances: &BTreeMap<String, Vec<String>>,
    jobs: &[PJob],
) -> Result<Vec<PNeed>, PlanError> {
    let mut names: Vec<(String, bool)> = Vec::new();
    for need in raw {
        let base = interpolate_matrix(&need.name, matrix);
        match &need.matrix {
            Some(m) => {
                let m = Matrix {
                    matrix: m
                        .matrix
                        .iter()
                        .map(|entry| {
                            entry
                                .iter()
                                .map(|(k, v)| {
                                    let values = v
                                        .values()
                                        .iter()
                                        .map(|s| {
                                            crate::model::Value::String(interpolate_matrix(
                                                s, matrix,
                                            ))
                                        })
                                        .collect();
                                    (k.clone(), MatrixValue::Many(values))
                                })
                                .collect()
                        })
                        .collect(),
                };
                for combination in matrix_combinations(&m) {
                    names.push((matrix_name(&base, &combination), need.optional));
                }
            }
            None => match instances.get(&base) {
                Some(all) => names.extend(all.iter().map(|n| (n.clone(), need.optional))),
                None => names.push((base, need.optional)),
            },
        }
    }
    let mut seen = BTreeSet::new();
    let mut duplicated = Vec::new();
    for (name, _) in &names {
        if !seen.insert(name.as_str()) && !duplicated.contains(name) {
            duplicated.push(name.clone());
        }
    }
    if !duplicated.is_empty() {
        return Err(PlanError::DuplicateNeeds {
            job: job.to_owned(),
            needs: duplicated,
        });
    }
    let mut out = Vec::with_capacity(names.len());
    for (name, optional) in names {
        match index.get(&name) {
            None if optional => {}
            None => {
                return Err(PlanError::UndefinedNeed {
                    job: job.to_owned(),
                    need: name,
                });
            }
            Some(&i) => {
                if jobs[i].stage_index > job_stage {
                    return Err(PlanError::NeedInLaterStage {
                        job: job.to_owned(),
                        need: name,
                    });
                }
                out.push(PNeed {
                    shared: jobs[i].shared_name.clone(),
                    name,
                    index: i,
                    optional,
                });
            }
        }
    }
    Ok(out)
}

/// GitLab's DAG check over job-level needs: no job needs itself, no loop.
fn check_cycles(jobs: &[PJob]) -> Result<(), PlanError> {
    for job in jobs {
        if job.needs.iter().flatten().any(|n| n.name == job.name) {
            return Err(PlanError::SelfNeed {
                job: job.name.clone(),
            });
        }
    }
    // Depth-first search; 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; jobs.len()];
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..jobs.len() {
        if state[start] != 0 {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        stack.push(start);
        while let Some((node, next)) = work.last_mut() {
            let node = *node;
            let needs = jobs[node].needs.as_deref().unwrap_or(&[]);
            if *next < needs.len() {
                let target = needs[*next].index;
                *next += 1;
                match state[target] {
                    0 => {
                        state[target] = 1;
                        stack.push(target);
                        work.push((target, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&n| n == target).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].to_vec();
                        cycle.sort_unstable();
                        return Err(PlanError::CircularNeeds {
                            jobs: cycle.into_iter().map(|i| jobs[i].name.clone()).collect(),
                        });
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
                work.pop();
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_order_and_names() {
        let yaml = "
test:
  script: [x]
  parallel:
    matrix:
      - PROVIDER: aws
        STACK: [app1, app2]
      - PROVIDER: [ovh, gcp]
        STACK: app
";
        let p = crate::import::from_str(yaml).unwrap().pipeline;
        let prepared = Prepared::new(&p);
        let names: Vec<&str> = prepared.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "test: [aws, app1]",
                "test: [aws, app2]",
                "test: [ovh, app]",
                "test: [gcp, app]"
            ]
        );
        assert_eq!(prepared.jobs[0].vars["STACK"], "app1");
        assert_eq!(prepared.jobs[3].predefined.node_index.as_deref(), Some("4"));
    }

    #[test]
    fn slash_regexes() {
        assert!(slash_regex("/^release-.*$/").is_some_and(|p| p.is_match("release-1").unwrap()));
        assert!(slash_regex("/^rel/ease/").is_some_and(|p| p.is_match("rel/ease").unwrap()));
        assert!(slash_regex("/a/").is_some_and(|p| p.is_match("cat").unwrap()));
        assert!(slash_regex("//").is_some_and(|p| p.is_match("").unwrap()));
        assert!(slash_regex("/MAIN/i").is_some_and(|p| p.is_match("main").unwrap()));
        assert!(slash_regex("main").is_none());
        assert!(slash_regex("/(?=x)/").is_none());
    }

    #[test]
    fn matrix_interpolation() {
        let m = vec![("A".to_owned(), "x".to_owned())];
        assert_eq!(interpolate_matrix("build $[[ matrix.A ]]", &m), "build x");
        assert_eq!(interpolate_matrix("b $[[matrix.B]]", &m), "b $[[matrix.B]]");
    }
}
