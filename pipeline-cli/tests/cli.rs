//! The `pipeline-dsl` command as a user runs it: exit codes, stdout, rustc-style
//! diagnostics on stderr.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pipeline-dsl"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pipeline-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn fmt_reemits_a_valid_file_on_stdout() {
    let path = temp_file("ok.yml", "build:\n  script: make\n  when: 'manual'\n");
    let out = run(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "build:\n  when: manual\n  script: make\n"
    );
}

#[test]
fn fmt_refuses_bad_input_with_a_located_diagnostic() {
    let path = temp_file(
        "bad.yml",
        "build:\n  script: make\n  artefacts:\n    paths: [a]\n",
    );
    let out = run(&["fmt", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("error[unknown-keyword]: `artefacts` is not a keyword of job `build`"),
        "{err}"
    );
    assert!(err.contains("bad.yml:3:3"), "{err}");
    assert!(err.contains("^^^^^^^^^"), "{err}");
    assert!(err.contains("help: did you mean `artifacts`?"), "{err}");
}

#[test]
fn fmt_keeps_unknown_keys_only_when_allowed() {
    let path = temp_file("new.yml", "build:\n  script: make\n  brand_new: true\n");
    assert_eq!(run(&["fmt", path.to_str().unwrap()]).status.code(), Some(1));
    let out = run(&["fmt", "--allow-unknown", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("brand_new: true"));
}

#[test]
fn check_exit_codes_follow_the_contract() {
    let clean = temp_file("clean.yml", "build:\n  script: make\n");
    assert_eq!(
        run(&["check", clean.to_str().unwrap()]).status.code(),
        Some(0)
    );

    let warned = temp_file("warned.yml", "build:\n  script: a\nbuild:\n  script: b\n");
    let out = run(&["check", warned.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning[duplicate-key]"));

    let broken = temp_file("broken.yml", "build:\n  script: []\n");
    assert_eq!(
        run(&["check", broken.to_str().unwrap()]).status.code(),
        Some(1)
    );

    assert_eq!(run(&["check", "/no/such/file.yml"]).status.code(), Some(2));
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn schema_prints_a_draft_07_json_schema() {
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(json["properties"]["stages"].is_object());
    assert!(json["additionalProperties"].is_object());
}

#[test]
fn non_utf8_input_is_an_error_not_a_panic() {
    let dir = std::env::temp_dir().join(format!("pipeline-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.yml");
    std::fs::write(&path, b"build:\n  script: caf\xe9\n").unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not UTF-8"));
}

#[test]
fn check_reports_validation_errors_and_lints_with_positions() {
    let path = temp_file(
        "validate.yml",
        "stages: [build]\nbuild:\n  stage: biuld\n  image: alpine:latest\n  script: make\n",
    );
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[stage-undeclared]"), "{err}");
    assert!(err.contains("validate.yml:3:10"), "{err}");
    assert!(err.contains("did you mean `build`?"), "{err}");
    assert!(err.contains("warning[image-latest]"), "{err}");
    // A lint can be allowed by its code.
    let fixed = temp_file(
        "fixed.yml",
        "build:\n  image: alpine:latest\n  script: make\n",
    );
    let out = run(&["check", "--allow", "image-latest", fixed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out.stderr).contains("warning[image-latest]"));
}

#[test]
fn references_an_include_could_define_are_warnings_and_partial_files_are_checked_alike() {
    let with_include = temp_file(
        "uses-include.yml",
        "include:\n  - project: group/templates\n    file: /ci.yml\ntest:\n  extends: .from-template\n  needs: [build-from-template]\n  script: make\n",
    );
    let out = run(&["check", with_include.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );

    let partial = temp_file(
        "partial.yml",
        "test:\n  extends: .defined-elsewhere\n  script: make\n",
    );
    assert_eq!(
        run(&["check", partial.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--partial", partial.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
}
