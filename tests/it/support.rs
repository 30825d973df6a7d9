//! Helpers shared by the integration tests: locating `../shared` and skipping loudly.

use std::path::{Path, PathBuf};

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

/// Loads `yaml` with Ruby's Psych and GitLab's options, as JSON; `None` after a loud skip
/// message when `ruby` is missing (a failure under `CI=true`).
pub fn ruby_load_json(yaml: &str) -> Option<serde_json::Value> {
    ruby_json(
        r#"require "yaml"; require "json"; puts JSON.generate(YAML.safe_load($stdin.read, permitted_classes: [Symbol], permitted_symbols: [], aliases: true))"#,
        yaml,
    )
}

/// Loads every document of `yaml` with Ruby's Psych, as a JSON array; `None` after a loud
/// skip message when `ruby` is missing (a failure under `CI=true`).
pub fn ruby_load_stream_json(yaml: &str) -> Option<serde_json::Value> {
    ruby_json(
        r#"require "yaml"; require "json"
cl = Psych::ClassLoader::Restricted.new(["Symbol"], [])
sc = Psych::ScalarScanner.new(cl)
docs = Psych.parse_stream($stdin.read).children.map { |d| Psych::Visitors::ToRuby.new(sc, cl).accept(d) }
puts JSON.generate(docs)"#,
        yaml,
    )
}

fn ruby_json(script: &str, input: &str) -> Option<serde_json::Value> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("ruby")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        skip_or_fail("ruby not found on PATH (apt-get install ruby)");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "ruby failed on:\n{input}");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// A validator for GitLab's `ci.json` (draft 7, formats not checked, as GitLab's spec does
/// for the formats our fixtures touch).
pub fn schema_validator(dir: &Path) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("schema/ci.json")).unwrap())
            .unwrap();
    jsonschema::draft7::options()
        .should_validate_formats(false)
        .build(&schema)
        .unwrap()
}

/// Equal data, ignoring mapping order (YAML mappings are unordered).
pub fn same_data(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_data(v, w)))
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_data(v, w))
        }
        _ => a == b,
    }
}
