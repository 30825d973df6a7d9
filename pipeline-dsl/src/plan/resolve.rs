//! What GitLab does to the file before it looks at any job: `extends` (bases deep-merged in
//! order, the job's own keys last; hashes merge, everything else is replaced), then
//! `!reference` tags (replaced by the value they point at), then `default:` and the
//! deprecated top-level keywords copied into jobs (per `inherit:default`).
//!
//! `extends` and `!reference` work on the raw YAML data, as in GitLab: the pipeline is written
//! out, transformed as [`Value`]s, and read back with the importer (which then checks the
//! merged jobs as GitLab checks them).

use std::borrow::Cow;

use crate::import::{self, ImportOptions};
use crate::model::{
    InheritList, JobEntry, Mapping, OnlyExcept, OrReference, Pipeline, RuleItem, StringItem, Value,
};

use super::error::PlanError;

/// At most this many ancestors in an `extends` chain (GitLab's `MAX_NESTING_LEVELS`).
const MAX_EXTENDS_ANCESTORS: usize = 10;
/// At most this many nested `!reference` resolutions.
const MAX_REFERENCE_DEPTH: usize = 10;

/// The pipeline with `extends` and `!reference` resolved: the jobs GitLab sees.
///
/// Borrowed as is when nothing needs resolving (no `extends`, and no `!reference` where it
/// would change what runs).
pub(crate) fn resolved(pipeline: &Pipeline) -> Result<Cow<'_, Pipeline>, Vec<PlanError>> {
    if needs_resolution(pipeline) {
        resolve(pipeline).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(pipeline))
    }
}

/// The pipeline as GitLab's jobs see it: `extends` and `!reference` resolved, and every
/// visible job given the `default:` keywords (and the deprecated top-level `image`,
/// `services`, `cache`, `before_script`, `after_script`) it does not set itself and
/// `inherit:default` lets it take. Hidden jobs, `default:` and the top-level keywords are
/// gone; global `variables:` stay global (GitLab keeps them apart from job variables).
///
/// ```
/// use pipeline_dsl::plan::effective_pipeline;
///
/// let yaml = "
/// default:
///   image: rust:1.95
/// .tests:
///   stage: test
///   variables: {A: '1', B: '2'}
///   script: [cargo test]
/// unit:
///   extends: .tests
///   variables: {B: '3'}
/// ";
/// let pipeline = pipeline_dsl::import::from_str(yaml).unwrap().pipeline;
/// let effective = effective_pipeline(&pipeline).unwrap();
/// let unit = effective.job("unit").unwrap();
/// assert_eq!(unit.image.as_ref().map(|i| i.name()), Some("rust:1.95"));
/// let vars = unit.variables.as_ref().unwrap();
/// assert_eq!(vars.get("A").and_then(|v| v.value()).as_deref(), Some("1"));
/// assert_eq!(vars.get("B").and_then(|v| v.value()).as_deref(), Some("3"));
/// assert!(effective.job(".tests").is_none());
/// ```
///
/// # Errors
/// The `extends` and `!reference` errors GitLab reports, and the importer's errors on the
/// merged jobs.
pub fn effective_pipeline(pipeline: &Pipeline) -> Result<Pipeline, Vec<PlanError>> {
    let mut p = resolve(pipeline)?;
    let defaults = p.default.take().unwrap_or_default();
    let image = defaults.image.or(p.image.take());
    let services = defaults.services.or(p.services.take());
    let cache = defaults.cache.or(p.cache.take());
    let before_script = defaults.before_script.or(p.before_script.take());
    let after_script = defaults.after_script.or(p.after_script.take());
    p.jobs.retain(|name, entry| {
        !name.starts_with('.') && name != "!reference" && matches!(entry, JobEntry::Job(_))
    });
    for entry in p.jobs.values_mut() {
        let JobEntry::Job(job) = entry else { continue };
        let inherit = job
            .inherit
            .as_ref()
            .and_then(|i| i.default.clone())
            .unwrap_or(InheritList::All(true));
        let takes = |key: &str| inherit.includes(key);
        fn fill<T: Clone>(slot: &mut Option<T>, default: &Option<T>, takes: bool) {
            if slot.is_none() && takes {
                slot.clone_from(default);
            }
        }
        let bridge = job.trigger.is_some();
        fill(
            &mut job.interruptible,
            &defaults.interruptible,
            takes("interruptible"),
        );
        if bridge {
            // Trigger jobs run no script and no image: GitLab gives them no such defaults.
            continue;
        }
        fill(&mut job.image, &image, takes("image"));
        fill(&mut job.services, &services, takes("services"));
        fill(&mut job.cache, &cache, takes("cache"));
        fill(
            &mut job.before_script,
            &before_script,
            takes("before_script"),
        );
        fill(&mut job.after_script, &after_script, takes("after_script"));
        fill(&mut job.tags, &defaults.tags, takes("tags"));
        fill(&mut job.artifacts, &defaults.artifacts, takes("artifacts"));
        fill(&mut job.retry, &defaults.retry, takes("retry"));
        fill(&mut job.timeout, &defaults.timeout, takes("timeout"));
        fill(&mut job.hooks, &defaults.hooks, takes("hooks"));
        fill(&mut job.id_tokens, &defaults.id_tokens, takes("id_tokens"));
        fill(&mut job.identity, &defaults.identity, takes("identity"));
    }
    Ok(p)
}

/// Whether `extends` or a `!reference` that matters for planning is present.
fn needs_resolution(p: &Pipeline) -> bool {
    global_references(p) || p.jobs.values().any(entry_needs_resolution)
}

/// Whether `stages` or `workflow:rules` hold a `!reference`.
fn global_references(p: &Pipeline) -> bool {
    let stages_ref = p
        .stages
        .iter()
        .flatten()
        .any(|s| matches!(s, StringItem::Reference(_)));
    stages_ref
        || p.workflow
            .as_ref()
            .is_some_and(|w| rules_reference(&w.rules))
}

fn rules_reference(rules: &Option<OrReference<Vec<RuleItem>>>) -> bool {
    match rules {
        Some(OrReference::Reference(_)) => true,
        Some(OrReference::Value(items)) => items
            .iter()
            .any(|i| matches!(i, RuleItem::Other(StringItem::Reference(_)))),
        None => false,
    }
}

/// Whether a job has `extends`, or a `!reference` where it changes what runs.
fn entry_needs_resolution(entry: &JobEntry) -> bool {
    let JobEntry::Job(job) = entry else {
        return false;
    };
    let policy_ref = |o: &Option<OnlyExcept>| match o {
        Some(OnlyExcept::Reference(_)) => true,
        Some(OnlyExcept::Refs(items)) => {
            items.iter().any(|i| matches!(i, StringItem::Reference(_)))
        }
        Some(OnlyExcept::Config(c)) => c
            .refs
            .iter()
            .flatten()
            .any(|i| matches!(i, StringItem::Reference(_))),
        _ => false,
    };
    job.extends.is_some()
        || rules_reference(&job.rules)
        || policy_ref(&job.only)
        || policy_ref(&job.except)
        || match &job.needs {
            Some(OrReference::Reference(_)) => true,
            Some(OrReference::Value(needs)) => needs
                .iter()
                .any(|n| matches!(n, crate::model::Need::Reference(_))),
            None => false,
        }
}

/// Resolves `extends` and `!reference`: through the jobs concerned (and what they read)
/// when possible, else through the whole file.
fn resolve(pipeline: &Pipeline) -> Result<Pipeline, Vec<PlanError>> {
    if !global_references(pipeline)
        && let Some(resolved) = resolve_some(pipeline)?
    {
        return Ok(resolved);
    }
    resolve_all(pipeline)
}

/// Resolves the jobs that need it, reading only them, their bases and the hidden keys;
/// `None` when a `!reference` points elsewhere.
fn resolve_some(pipeline: &Pipeline) -> Result<Option<Pipeline>, Vec<PlanError>> {
    let config = |message: String| vec![PlanError::Config { message }];
    let targets: Vec<&str> = pipeline
        .jobs
        .iter()
        .filter(|(_, e)| entry_needs_resolution(e))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut keep: std::collections::BTreeSet<&str> = targets.iter().copied().collect();
    keep.extend(
        pipeline
            .jobs
            .keys()
            .map(String::as_str)
            .filter(|k| k.starts_with('.')),
    );
    let mut stack: Vec<&str> = keep.iter().copied().collect();
    while let Some(name) = stack.pop() {
        if let Some(JobEntry::Job(job)) = pipeline.jobs.get(name) {
            for base in job.extends.iter().flat_map(|e| match e {
                crate::model::OneOrMany::One(b) => std::slice::from_ref(b),
                crate::model::OneOrMany::Many(bs) => bs.as_slice(),
            }) {
                if let Some((key, _)) = pipeline.jobs.get_key_value(base.as_str())
                    && keep.insert(key.as_str())
                {
                    stack.push(key.as_str());
                }
            }
        }
    }
    let mut mini = Pipeline::default();
    for (name, entry) in &pipeline.jobs {
        if keep.contains(name.as_str()) {
            mini.jobs.insert(name.clone(), entry.clone());
        }
    }
    let text = crate::emit::to_string(&mini).map_err(|e| config(e.to_string()))?;
    let mut documents = import::load_values(&text).map_err(|e| config(e.to_string()))?;
    let Some(Value::Map(mut body)) = documents.pop() else {
        return Ok(Some(pipeline.clone()));
    };
    extend_all(&mut body).map_err(|e| vec![e])?;
    if references_escape(&body) {
        return Ok(None);
    }
    let root = body.clone();
    resolve_references(&mut body, &root, 0).map_err(|e| vec![e])?;
    let mut jobs = Mapping::new();
    for target in targets.iter().filter(|t| !t.starts_with('.')) {
        if let Some(Value::Map(mut job)) = body.shift_remove(*target) {
            job.shift_remove("extends");
            jobs.insert((*target).to_owned(), Value::Map(job));
        }
    }
    let mut resolved = pipeline.clone();
    if jobs.is_empty() {
        return Ok(Some(resolved));
    }
    let text =
        crate::emit::value_to_string(&Value::Map(jobs)).map_err(|e| config(e.to_string()))?;
    for (name, entry) in import_jobs(&text)?.jobs {
        resolved.jobs.insert(name, entry);
    }
    Ok(Some(resolved))
}

/// Whether a `!reference` in `body` points at a key `body` does not have.
fn references_escape(body: &Mapping) -> bool {
    fn walk(v: &Value, body: &Mapping) -> bool {
        match v {
            Value::Reference(r) => r.0.first().is_none_or(|k| !body.contains_key(k.as_str())),
            Value::Map(m) => m.values().any(|v| walk(v, body)),
            Value::Seq(items) => items.iter().any(|v| walk(v, body)),
            _ => false,
        }
    }
    body.values().any(|v| walk(v, body))
}

/// Imports resolved YAML text (keys the model does not know are kept, as they were).
fn import_jobs(text: &str) -> Result<Pipeline, Vec<PlanError>> {
    let options = ImportOptions::new().allow_unknown(true);
    import::from_str_with(text, &options)
        .map(|imported| imported.pipeline)
        .map_err(|e| {
            e.diagnostics
                .errors()
                .map(|d| PlanError::Config {
                    message: format!("{}: {}", d.path, d.message),
                })
                .collect()
        })
}

/// Resolves `extends` and `!reference` by a round trip of the whole file through YAML data.
fn resolve_all(pipeline: &Pipeline) -> Result<Pipeline, Vec<PlanError>> {
    let config = |message: String| vec![PlanError::Config { message }];
    let text = crate::emit::to_string(pipeline).map_err(|e| config(e.to_string()))?;
    let mut documents = import::load_values(&text).map_err(|e| config(e.to_string()))?;
    let Some(Value::Map(mut body)) = documents.pop() else {
        return Ok(pipeline.clone());
    };
    extend_all(&mut body).map_err(|e| vec![e])?;
    let root = body.clone();
    resolve_references(&mut body, &root, 0).map_err(|e| vec![e])?;
    for value in body.values_mut() {
        if let Value::Map(job) = value {
            job.shift_remove("extends");
        }
    }
    let mut text = String::new();
    for header in &documents {
        text.push_str(&crate::emit::value_to_string(header).map_err(|e| config(e.to_string()))?);
        text.push_str("---\n");
    }
    text.push_str(
        &crate::emit::value_to_string(&Value::Map(body)).map_err(|e| config(e.to_string()))?,
    );
    import_jobs(&text)
}

/// GitLab's `Extendable`: every top-level key with `extends` gets its bases merged in.
fn extend_all(body: &mut Mapping) -> Result<(), PlanError> {
    let keys: Vec<String> = body.keys().cloned().collect();
    for key in keys {
        extend(body, &key, &mut Vec::new())?;
    }
    Ok(())
}

/// Extends one key; `ancestors` are the keys being extended above it.
fn extend(body: &mut Mapping, key: &str, ancestors: &mut Vec<String>) -> Result<Value, PlanError> {
    let value = body.get(key).cloned().unwrap_or_default();
    let Value::Map(own) = &value else {
        return Ok(value);
    };
    let Some(extends) = own.get("extends") else {
        return Ok(value);
    };
    let bases: Vec<String> = match extends {
        Value::String(s) => vec![s.clone()],
        Value::Seq(items) => items.iter().map(scalar_string).collect(),
        other => vec![scalar_string(other)],
    };
    let unknown: Vec<String> = bases
        .iter()
        .filter(|b| !body.contains_key(b.as_str()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(PlanError::ExtendsUnknown {
            job: key.to_owned(),
            missing: unknown,
        });
    }
    let invalid: Vec<String> = bases
        .iter()
        .filter(|b| !matches!(body.get(b.as_str()), Some(Value::Map(_))))
        .cloned()
        .collect();
    if !invalid.is_empty() {
        return Err(PlanError::ExtendsInvalidBase {
            job: key.to_owned(),
            invalid,
        });
    }
    if ancestors.len() > MAX_EXTENDS_ANCESTORS {
        return Err(PlanError::ExtendsTooDeep {
            job: key.to_owned(),
        });
    }
    if ancestors.iter().any(|a| a == key) {
        return Err(PlanError::ExtendsCircular {
            job: key.to_owned(),
        });
    }
    ancestors.push(key.to_owned());
    let mut merged = Value::Map(Mapping::new());
    for base in &bases {
        let base_value = extend(body, base, ancestors)?;
        deep_merge(&mut merged, base_value);
    }
    ancestors.pop();
    deep_merge(&mut merged, value);
    body.insert(key.to_owned(), merged.clone());
    Ok(merged)
}

/// ActiveSupport's `Hash#deep_merge!`: mappings merge key by key (keys keep their first
/// position), anything else is replaced.
pub(crate) fn deep_merge(into: &mut Value, other: Value) {
    match (into, other) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing @ Value::Map(_)) if matches!(v, Value::Map(_)) => {
                        deep_merge(existing, v);
                    }
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, other) => *slot = other,
    }
}

/// A scalar as Ruby's `to_s` writes it.
fn scalar_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => f.0.to_string(),
        Value::Null => String::new(),
        other => format!("{other:?}"),
    }
}

/// Replaces every `!reference` under `value` by what it points at in `root`; in a list, a
/// reference to a list is spliced in (GitLab flattens such nested lists in `script`,
/// `rules`, `needs`, ...).
fn resolve_references(body: &mut Mapping, root: &Mapping, depth: usize) -> Result<(), PlanError> {
    for value in body.values_mut() {
        resolve_value(value, root, depth)?;
    }
    Ok(())
}

fn resolve_value(value: &mut Value, root: &Mapping, depth: usize) -> Result<(), PlanError> {
    match value {
        Value::Reference(r) => {
            *value = lookup(&r.0, root, depth)?;
        }
        Value::Map(m) => resolve_references(m, root, depth)?,
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.drain(..) {
                match item {
                    Value::Reference(r) => match lookup(&r.0, root, depth)? {
                        Value::Seq(inner) => out.extend(inner),
                        other => out.push(other),
                    },
                    mut other => {
                        resolve_value(&mut other, root, depth)?;
                        out.push(other);
                    }
                }
            }
            *items = out;
        }
        _ => {}
    }
    Ok(())
}

/// The value at `path` in `root`, its own references resolved.
fn lookup(path: &[String], root: &Mapping, depth: usize) -> Result<Value, PlanError> {
    if depth >= MAX_REFERENCE_DEPTH {
        return Err(PlanError::ReferenceCircular {
            path: path.to_vec(),
        });
    }
    let mut current: Option<&Value> = None;
    for (i, key) in path.iter().enumerate() {
        let map = if i == 0 {
            Some(root)
        } else {
            current.and_then(Value::as_map)
        };
        current = map.and_then(|m| m.get(key.as_str()));
        if current.is_none() {
            return Err(PlanError::ReferenceNotFound {
                path: path.to_vec(),
            });
        }
    }
    let mut found = current
        .cloned()
        .ok_or_else(|| PlanError::ReferenceNotFound {
            path: path.to_vec(),
        })?;
    resolve_value(&mut found, root, depth + 1)?;
    Ok(found)
}
