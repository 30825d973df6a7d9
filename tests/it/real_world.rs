//! Real-world shaped files (`tests/fixtures/real-world/`: anchors, merge keys,
//! `!reference`, `spec` headers, includes of every kind, matrices, components, CRLF, odd
//! quoting) go through `fmt` and come back as the same data, schema-valid; Ruby's Psych
//! agrees with our loader on what they mean.

use std::path::PathBuf;

use pipeline_dsl::{emit, import};

use crate::support::{schema_validator, shared_gitlab_ci, skip_or_fail, to_json};

fn files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-world");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "fixtures missing in {}", dir.display());
    files
}

/// All documents' data as JSON, in document order.
fn docs_json(text: &str) -> serde_json::Value {
    serde_json::Value::Array(
        import::load_values(text)
            .unwrap()
            .iter()
            .map(to_json)
            .collect(),
    )
}

/// The documents merged into one mapping, as GitLab's schema tests see a file.
fn merged_json(text: &str) -> serde_json::Value {
    let mut merged = serde_json::Map::new();
    for doc in import::load_values(text).unwrap() {
        if let serde_json::Value::Object(m) = to_json(&doc) {
            merged.extend(m);
        }
    }
    serde_json::Value::Object(merged)
}

#[test]
fn real_world_files_come_back_from_fmt_as_the_same_data_and_schema_valid() {
    let validator = shared_gitlab_ci().map(|dir| schema_validator(&dir));
    for path in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(&path).unwrap();
        let imported =
            import::from_str(&original).unwrap_or_else(|e| panic!("{name} is refused:\n{e}"));
        assert!(
            imported.warnings.is_empty(),
            "{name}: unexpected warnings:\n{}",
            imported.warnings
        );
        let emitted = emit::to_string(&imported.pipeline).unwrap();
        // serde_json maps compare without order, as YAML mappings mean.
        assert_eq!(
            docs_json(&emitted),
            docs_json(&original),
            "{name}:\n{emitted}"
        );
        let again = import::from_str(&emitted).unwrap();
        assert_eq!(
            again.pipeline, imported.pipeline,
            "{name}: import(emit(p)) != p"
        );
        assert_eq!(
            emit::to_string(&again.pipeline).unwrap(),
            emitted,
            "{name}: fmt is not idempotent"
        );
        if let Some(validator) = &validator {
            let json = merged_json(&emitted);
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{name}: not schema-valid: {errors:?}\n{emitted}"
            );
        }
    }
}

#[test]
fn psych_reads_real_world_files_and_their_fmt_output_as_our_loader_does() {
    if std::process::Command::new("ruby")
        .arg("-v")
        .output()
        .is_err()
    {
        skip_or_fail("ruby not found on PATH (apt-get install ruby)");
        return;
    }
    for path in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(&path).unwrap();
        let psych_original = crate::support::ruby_load_stream_json(&original).unwrap();
        assert_eq!(
            psych_original,
            docs_json(&original),
            "{name}: our loader disagrees with Psych"
        );
        let emitted = emit::to_string(&import::from_str(&original).unwrap().pipeline).unwrap();
        let psych_emitted = crate::support::ruby_load_stream_json(&emitted).unwrap();
        assert_eq!(
            psych_emitted, psych_original,
            "{name}: Psych reads fmt's output differently:\n{emitted}"
        );
    }
}

#[test]
fn files_gitlab_refuses_are_refused_with_a_diagnostic() {
    let cases = [
        ("unknown keyword", "build:\n  scirpt: make\n", "scirpt"),
        (
            "bad when",
            "build:\n  script: make\n  when: later\n",
            "when",
        ),
        ("empty script", "build:\n  script: []\n", "script"),
        (
            "retry too high",
            "build:\n  script: make\n  retry: 3\n",
            "retry",
        ),
        (
            "parallel too high",
            "build:\n  script: make\n  parallel: 201\n",
            "parallel",
        ),
        ("bad include", "include: ci/file.txt\n", "include"),
        ("stages not unique", "stages: [a, a]\n", "stages"),
        (
            "delayed without start_in",
            "build:\n  script: make\n  when: delayed\n",
            "delayed",
        ),
        ("not a mapping", "- a\n- b\n", "mapping"),
        ("bad YAML", "build:\n  script: [make\n", "YAML"),
    ];
    for (what, text, needle) in cases {
        let err = import::from_str(text).expect_err(what);
        assert!(err.diagnostics.has_errors(), "{what}");
        assert!(err.to_string().contains(needle), "{what}: {err}");
    }
}

#[test]
fn files_gitlab_runs_get_no_errors_from_check() {
    use pipeline_dsl::validate::{ValidateOptions, check};
    for path in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let pipeline = import::from_str(&text).unwrap().pipeline;
        let options = ValidateOptions::new().base_dir(path.parent().unwrap());
        let found = check(&pipeline, &options);
        let errors: Vec<String> = found.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
}
