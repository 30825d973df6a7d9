//! Model to YAML text: deterministic (same model, same bytes), GitLab's conventional key
//! order (see [`order`]), jobs in definition order, YAML 1.1-safe quoting, block literals
//! for multi-line scripts, `!reference` tags, and `<<` refused as a key.
//!
//! ```
//! use pipeline_dsl::model::{Job, Pipeline, Script};
//!
//! let mut pipeline = Pipeline::new();
//! let mut job = Job::new();
//! job.script = Some(Script::from(["echo on"]));
//! pipeline.insert_job("build", job);
//! let yaml = pipeline_dsl::emit::to_string(&pipeline).unwrap();
//! assert_eq!(yaml, "build:\n  script:\n  - echo on\n");
//! ```

mod diff;
mod fast;
pub mod file;
pub mod order;
pub mod program;
mod saphyr_quoting;
mod value;
mod yaml;

/// A small deterministic generator (xorshift) for the emitter's randomized tests, so they
/// need no dependency; each test module adds the inputs it draws (`impl TestRng`).
#[cfg(test)]
struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

use serde::Serialize;

use crate::model::{JobEntry, Mapping, Pipeline, Value};

/// Why a pipeline could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// A key GitLab's YAML loader would not read as written.
    #[error(
        "`<<` cannot be used as a key at `{path}`: GitLab's YAML loader merges it even when quoted"
    )]
    MergeKey {
        /// Where the key is.
        path: String,
    },
    /// A model value could not be turned into YAML (a bug: please report it).
    #[error("cannot write the pipeline: {0}")]
    Internal(String),
}

/// Writes `pipeline` as YAML text: a `spec:` header document (then `---`) when present,
/// then the pipeline. No validation: this is the raw writer `fmt` uses.
///
/// # Errors
/// [`EmitError::MergeKey`] for a `<<` key anywhere; [`EmitError::Internal`] on a bug.
pub fn to_string(pipeline: &Pipeline) -> Result<String, EmitError> {
    let mut out = String::new();
    if let Some(spec) = &pipeline.spec {
        let mut header = Mapping::new();
        header.insert("spec".into(), to_value(spec)?);
        out.push_str(&value_to_string(&Value::Map(header))?);
        out.push_str("---\n");
    }
    let empty_body = pipeline.jobs.is_empty() && !has_globals(pipeline);
    if !(empty_body && pipeline.spec.is_some()) {
        // The fast writer, unless it cannot write this pipeline exactly as the slow one.
        match fast::body(pipeline) {
            // Most pipelines have no header: the body is the whole text, no copy needed.
            Some(text) if out.is_empty() => return Ok(text),
            Some(text) => out.push_str(&text),
            None => out.push_str(&value_to_string(&pipeline_value(pipeline)?)?),
        }
    }
    Ok(out)
}

/// Whether any global keyword is set (the body is not empty).
fn has_globals(p: &Pipeline) -> bool {
    p.schema.is_some()
        || p.workflow.is_some()
        || p.include.is_some()
        || p.stages.is_some()
        || p.variables.is_some()
        || p.default.is_some()
        || p.image.is_some()
        || p.services.is_some()
        || p.cache.is_some()
        || p.before_script.is_some()
        || p.after_script.is_some()
}

/// Writes any value as one YAML document (the guard and the `<<` check included).
///
/// # Errors
/// As [`to_string`].
pub fn value_to_string(value: &Value) -> Result<String, EmitError> {
    if let Value::Map(_) = value
        && let Some(text) = fast::document(value)
    {
        return Ok(text);
    }
    slow_value_to_string(value)
}

/// [`value_to_string`] through the [`Value`] tree and serde-saphyr: the reference the
/// fast writer matches, and what writes what the fast writer cannot.
fn slow_value_to_string(value: &Value) -> Result<String, EmitError> {
    check_merge_keys(value, &mut String::new())?;
    yaml::document(value).map_err(EmitError::Internal)
}

/// The top-level mapping in emission order.
fn pipeline_value(p: &Pipeline) -> Result<Value, EmitError> {
    let mut globals = Mapping::new();
    let mut put = |key: &str, v: Option<Value>| {
        if let Some(v) = v {
            globals.insert(key.to_owned(), v);
        }
    };
    put(
        "$schema",
        p.schema.as_ref().map(|s| Value::String(s.clone())),
    );
    put("workflow", opt(p.workflow.as_ref())?);
    put("include", opt(p.include.as_ref())?);
    put("stages", opt(p.stages.as_ref())?);
    put("variables", opt(p.variables.as_ref())?);
    put("default", opt(p.default.as_ref())?);
    put("image", opt(p.image.as_ref())?);
    put("services", opt(p.services.as_ref())?);
    put("cache", opt(p.cache.as_ref())?);
    put("before_script", opt(p.before_script.as_ref())?);
    put("after_script", opt(p.after_script.as_ref())?);
    let mut map = Mapping::new();
    for key in order::GLOBAL_ORDER {
        if let Some(v) = globals.shift_remove(key) {
            map.insert(key.to_owned(), v);
        }
    }
    for (name, entry) in &p.jobs {
        let v = match entry {
            JobEntry::Job(job) => to_value(job.as_ref())?,
            JobEntry::Raw(v) => v.clone(),
        };
        map.insert(name.clone(), v);
    }
    Ok(Value::Map(map))
}

fn opt<T: Serialize>(v: Option<&T>) -> Result<Option<Value>, EmitError> {
    v.map(to_value).transpose()
}

fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, EmitError> {
    value::to_value(v).map_err(|e| EmitError::Internal(e.to_string()))
}

fn check_merge_keys(v: &Value, path: &mut String) -> Result<(), EmitError> {
    match v {
        Value::Map(m) => {
            for (k, v) in m {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                if k == "<<" {
                    return Err(EmitError::MergeKey { path: path.clone() });
                }
                check_merge_keys(v, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Seq(items) => items.iter().try_for_each(|i| check_merge_keys(i, path)),
        _ => Ok(()),
    }
}
