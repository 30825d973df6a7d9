//! GitLab's own schema fixtures (`../shared/gitlab-ci/schema-tests`), split into units
//! exactly as `check_schema_fixtures.py` does: every positive unit imports, re-emits to
//! the same data, and the emitted YAML validates against `ci.json`; every negative unit
//! is refused.

use std::path::{Path, PathBuf};

use pipeline_dsl::model::{Mapping, Value};
use pipeline_dsl::{emit, import};

use crate::support::{same_data, schema_validator, shared_gitlab_ci, to_json};

/// Whole-document fixtures ("global" tests in GitLab's spec).
const GLOBAL_FIXTURES: [&str; 2] = [
    "workflow/auto_cancel/on_job_failure.yml",
    "workflow/auto_cancel/on_new_commit.yml",
];

/// The one positive unit whose fixture copy is older than the schema (see SOURCES.md).
const KNOWN_STALE: [(&str, &str); 1] = [("run.yml", "step_using_action")];

fn fixture_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The units of one fixture file: (label, document).
fn units(rel: &str, text: &str) -> Vec<(String, Value)> {
    let docs = import::load_values(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // Like the Python checker: merge the documents' keys, the first occurrence winning.
    let mut merged = Mapping::new();
    for doc in docs {
        if let Value::Map(m) = doc {
            for (k, v) in m {
                merged.entry(k).or_insert(v);
            }
        }
    }
    if GLOBAL_FIXTURES.contains(&rel) {
        return merged.into_iter().collect();
    }
    merged
        .into_iter()
        .map(|(k, v)| {
            let mut doc = Mapping::new();
            doc.insert(k.clone(), v);
            (k, Value::Map(doc))
        })
        .collect()
}

/// The unit as a YAML file. A `spec` unit becomes a header document, as GitLab wants it.
fn unit_text(doc: &Value) -> String {
    emit::value_to_string(doc).expect("fixture units can be written")
}

#[test]
fn every_positive_unit_is_kept_and_every_negative_unit_is_refused() {
    let Some(dir) = shared_gitlab_ci() else {
        return;
    };
    let validator = schema_validator(&dir);
    let filter = std::env::var("CONFORMANCE_FILTER").unwrap_or_default();
    let mut failures = Vec::new();
    let mut counts = [0usize; 4]; // positive ok, positive total, negative ok, negative total
    for kind in ["positive", "negative"] {
        let root = dir.join("schema-tests").join(kind);
        for path in fixture_files(&root) {
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if !rel.contains(&filter) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (label, doc) in units(&rel, &text) {
                let yaml = unit_text(&doc);
                let result = import::from_str(&yaml);
                if kind == "positive" {
                    counts[1] += 1;
                    let stale = KNOWN_STALE.contains(&(rel.as_str(), label.as_str()));
                    match result {
                        Ok(imported) => {
                            match check_positive(&imported.pipeline, &doc, &validator) {
                                Ok(()) => counts[0] += 1,
                                Err(why) => {
                                    failures.push(format!("positive/{rel} :: {label}: {why}"))
                                }
                            }
                        }
                        Err(_) if stale => counts[0] += 1,
                        Err(e) => failures.push(format!(
                            "positive/{rel} :: {label}: refused:\n{e}\n--- unit ---\n{yaml}"
                        )),
                    }
                } else {
                    counts[3] += 1;
                    match result {
                        Err(_) => counts[2] += 1,
                        Ok(_) => failures.push(format!(
                            "negative/{rel} :: {label}: accepted\n--- unit ---\n{yaml}"
                        )),
                    }
                }
            }
        }
    }
    eprintln!(
        "schema fixtures: positive {}/{} kept, negative {}/{} refused",
        counts[0], counts[1], counts[2], counts[3]
    );
    assert!(
        failures.is_empty(),
        "{} unit(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    if filter.is_empty() {
        assert_eq!(
            (counts[1], counts[3]),
            (164, 172),
            "the fixture set changed"
        );
    }
}

/// The re-emitted YAML reads back as the same data and is valid under GitLab's schema.
fn check_positive(
    pipeline: &pipeline_dsl::Pipeline,
    doc: &Value,
    validator: &jsonschema::Validator,
) -> Result<(), String> {
    let emitted = emit::to_string(pipeline).map_err(|e| e.to_string())?;
    let docs = import::load_values(&emitted).map_err(|e| e.to_string())?;
    let mut merged = Mapping::new();
    for d in docs {
        if let Value::Map(m) = d {
            merged.extend(m);
        }
    }
    let reread = Value::Map(merged);
    if !same_data(&reread, doc) {
        return Err(format!(
            "re-emitted data differs:\n{emitted}\nexpected {doc:?}"
        ));
    }
    let json = to_json(&reread);
    if let Some(err) = validator.iter_errors(&json).next() {
        return Err(format!(
            "emitted YAML is not schema-valid: {err} at {}\n{emitted}",
            err.instance_path()
        ));
    }
    Ok(())
}
