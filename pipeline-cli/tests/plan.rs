//! The `plan`, `graph` and `explore` subcommands, run as a user runs them: flags, output
//! formats and exit codes (0 planned, 1 GitLab would refuse the pipeline, 2 usage or input).

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_pipeline-dsl");

/// Writes `content` to a fresh file for one test.
fn file(name: &str, content: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plan-cli");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write");
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            stdout(out),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn seed(name: &str) -> String {
    format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

const PIPELINE: &str = r#"
stages: [build, test, deploy]
build:
  stage: build
  script: make
test:
  parallel: 2
  needs: [build]
  script: make test
docs:
  script: make docs
  rules:
    - changes: ["docs/**/*"]
review:
  stage: deploy
  script: make review
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
deploy:
  stage: deploy
  script: make deploy
  when: manual
  rules:
    - if: $CI_COMMIT_TAG =~ /^v\d+/
    - if: $FORCE_DEPLOY == "yes"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $DOCKERFILE_CHECK
      exists: [Dockerfile]
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
    - if: $CI_COMMIT_TAG
"#;

#[test]
fn json_has_exactly_the_documented_shape() {
    let path = file("shape.yml", PIPELINE);
    let out = run(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 3);
    for key in ["created", "jobs", "errors"] {
        assert!(keys.contains(&key));
    }
    assert_eq!(v["created"], true);
    assert_eq!(v["errors"], serde_json::json!([]));
    assert_eq!(
        v["jobs"],
        serde_json::json!([
            {"name": "build", "stage": "build", "when": "on_success", "allow_failure": false, "needs": []},
            {"name": "test 1/2", "stage": "test", "when": "on_success", "allow_failure": false, "needs": ["build"]},
            {"name": "test 2/2", "stage": "test", "when": "on_success", "allow_failure": false, "needs": ["build"]},
        ])
    );
    // Keys are written in the documented order.
    let text = stdout(&out);
    let order: Vec<usize> = ["\"created\"", "\"jobs\"", "\"errors\""]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    let job = text.lines().find(|l| l.contains("\"build\"")).unwrap();
    let order: Vec<usize> = [
        "\"name\"",
        "\"stage\"",
        "\"when\"",
        "\"allow_failure\"",
        "\"needs\"",
    ]
    .iter()
    .map(|k| job.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{job}");
}

#[test]
fn context_flags() {
    let path = file("flags.yml", PIPELINE);
    let p = path.to_str().unwrap();
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["plan", p, "--format", "json"];
        all.extend_from_slice(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        json(&out)["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| {
                format!(
                    "{}:{}{}",
                    j["name"].as_str().unwrap(),
                    j["when"].as_str().unwrap(),
                    if j["allow_failure"] == true {
                        ":af"
                    } else {
                        ""
                    }
                )
            })
            .collect()
    };
    assert_eq!(
        names(&["--tag", "v1.0.0"]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "docs:on_success",
            "deploy:manual:af"
        ]
    );
    assert_eq!(
        names(&["--branch", "feature", "--changed", "docs/index.md"]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "docs:on_success"
        ]
    );
    assert_eq!(
        names(&["--mr", "--branch", "feature", "--changed", "src/a.rs"]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "review:manual"
        ]
    );
    assert_eq!(
        names(&[
            "--source",
            "merge_request_event",
            "--branch",
            "feature",
            "--target-branch",
            "develop"
        ]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "review:manual"
        ]
    );
    assert_eq!(
        names(&["--var", "FORCE_DEPLOY=yes"]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "deploy:manual:af"
        ]
    );
    assert_eq!(
        names(&[
            "--default-branch",
            "trunk",
            "--branch",
            "trunk",
            "--var",
            "DOCKERFILE_CHECK=1",
            "--exists",
            "Dockerfile"
        ]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "deploy:manual:af"
        ]
    );
    assert_eq!(
        names(&[
            "--branch",
            "trunk",
            "--var",
            "DOCKERFILE_CHECK=1",
            "--exists",
            "Dockerfile"
        ]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success"
        ]
    );
    // A schedule: no push, so `changes` is true.
    assert_eq!(
        names(&["--source", "schedule"]),
        [
            "build:on_success",
            "test 1/2:on_success",
            "test 2/2:on_success",
            "docs:on_success"
        ]
    );
}

#[test]
fn not_created_is_still_a_plan() {
    let path = file(
        "filtered.yml",
        "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\njob:\n  script: x\n",
    );
    let out = run(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"created": false, "jobs": [], "errors": []})
    );
    let out = run(&["plan", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("filtered out by workflow rules"));
}

#[test]
fn seed_pipelines() {
    let out = run(&[
        "plan",
        &seed("dind_build_push.gitlab-ci.yml"),
        "--mr",
        "--branch",
        "feature",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"created": false, "jobs": [], "errors": []})
    );
    let out = run(&[
        "plan",
        &seed("dind_build_push.gitlab-ci.yml"),
        "--tag",
        "v1.2.3",
        "--format",
        "json",
    ]);
    let names: Vec<&str> = json(&out)["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap().to_owned())
        .collect::<Vec<String>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["Build", "Push_When_tag"]);
    // Without flags: a push to the default branch.
    let out = run(&["plan", &seed("dind_build_push.gitlab-ci.yml")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "pipeline created: 1 job(s) in 1 stage(s)\nbuild:\n  Build  on_success\n"
    );
}

#[test]
fn refused_pipelines_exit_1_with_errors() {
    let path = file(
        "needs.yml",
        "build:\n  stage: build\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\ntest:\n  script: x\n  needs: [build]\n",
    );
    let out = run(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["created"], false);
    assert_eq!(v["jobs"], serde_json::json!([]));
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .as_str()
            .unwrap()
            .starts_with("'test' job needs 'build' job")
    );
    // The same file on a tag is fine.
    let out = run(&[
        "plan",
        path.to_str().unwrap(),
        "--tag",
        "v1",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));

    let path = file("undefined.yml", "test:\n  script: x\n  needs: [nope]\n");
    let out = run(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["errors"],
        serde_json::json!(["test job: undefined need: nope"])
    );

    // A file GitLab's schema refuses: still a JSON plan, with the importer's errors.
    let path = file("schema.yml", "job:\n  script: x\n  when: sometimes\n");
    let out = run(&["plan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["created"], false);
    assert!(!v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn usage_and_input_errors_exit_2() {
    let path = file("usage.yml", "job:\n  script: x\n");
    let p = path.to_str().unwrap();
    for args in [
        vec!["plan", p, "--source", "nowhere"],
        vec!["plan", p, "--mr"],
        vec!["plan", p, "--mr", "--branch", "a", "--source", "push"],
        vec!["plan", p, "--target-branch", "main"],
        vec!["plan", p, "--var", "NOEQUALS"],
        vec!["plan", p, "--branch", "a", "--tag", "b"],
        vec!["plan", p, "--format", "xml"],
        vec!["plan", "/nonexistent/file.yml"],
        vec!["graph", p, "--format", "png"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let path = file("broken.yml", "job: [unclosed\n");
    assert_eq!(
        run(&["plan", path.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn graph_formats() {
    let path = file("graph.yml", PIPELINE);
    let p = path.to_str().unwrap();
    let out = run(&["graph", p, "--tag", "v1"]);
    assert_eq!(out.status.code(), Some(0));
    let mermaid = stdout(&out);
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    assert!(mermaid.contains("subgraph s0[\"build\"]"));
    assert!(
        mermaid.contains("j0 --> j1") && mermaid.contains("j0 --> j2"),
        "{mermaid}"
    );
    assert!(mermaid.contains("deploy (manual, allowed to fail)"));
    let out = run(&["graph", p, "--tag", "v1", "--format", "dot"]);
    assert_eq!(out.status.code(), Some(0));
    let dot = stdout(&out);
    assert!(dot.starts_with("digraph pipeline {\n") && dot.ends_with("}\n"));
    assert!(dot.contains("subgraph cluster_2 {") && dot.contains("label=\"deploy\";"));
    assert!(dot.contains("j0 -> j1;"));
}

#[test]
fn explore_lists_contexts_and_lints() {
    let path = file(
        "explore.yml",
        "build:\n  stage: build\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\ntest:\n  script: x\n  needs: [build]\n",
    );
    let out = run(&["explore", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("push of tag v1.2.3: build, test"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("need-may-be-absent"), "{stderr}");
}

#[test]
fn existing_commands_still_work() {
    let out = run(&["check", &seed("dind_publish.gitlab-ci.yml")]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["fmt", &seed("dind_publish.gitlab-ci.yml")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("publish-docker:"));
    assert_eq!(run(&["schema"]).status.code(), Some(0));
}

#[test]
fn includes_are_read_beside_the_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plan-cli-include");
    std::fs::create_dir_all(dir.join("ci")).expect("temp dir");
    std::fs::write(dir.join("ci/test.yml"), "test:\n  script: [make test]\n").expect("write");
    let main = dir.join(".gitlab-ci.yml");
    std::fs::write(
        &main,
        "include:\n  - local: ci/test.yml\n  - template: Workflows/MergeRequest-Pipelines.gitlab-ci.yml\n  - remote: https://example.com/x.yml\nbuild:\n  stage: build\n  script: [make]\n",
    )
    .expect("write");
    let out = run(&[
        "plan",
        main.to_str().unwrap(),
        "--mr",
        "--branch",
        "f",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let names: Vec<String> = json(&out)["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["build", "test"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("remote `https://example.com/x.yml`"));
    let out = run(&[
        "plan",
        main.to_str().unwrap(),
        "--branch",
        "f",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["created"], false);
}
