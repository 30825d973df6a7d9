//! Helpers shared by the integration tests: locating `../shared` and skipping loudly.

use std::path::PathBuf;

use pipeline_dsl::model::Value;

/// `../shared/gitlab-ci` beside the repository, or `None` after a loud skip message.
///
/// # Panics
/// Under `CI=true`, when the directory is missing: CI never skips.
pub fn shared_gitlab_ci() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/gitlab-ci");
    if dir.is_dir() {
        return Some(dir);
    }
    skip_or_fail(&format!("{} not found", dir.display()));
    None
}

/// Prints a loud SKIPPED line, or panics under `CI=true`.
pub fn skip_or_fail(why: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true, and this test needs something missing: {why}"
    );
    eprintln!("\n==================== SKIPPED: {why} ====================\n");
}

/// A YAML value as JSON, the way GitLab's schema tests see it (`!reference` as a list).
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(f.0)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
        Value::Reference(r) => serde_json::Value::Array(
            r.0.iter()
                .map(|s| serde_json::Value::String(s.clone()))
                .collect(),
        ),
    }
}
