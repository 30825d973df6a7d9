//! Whole-pipeline tests of the builder: foreign-handle recording, stage declaration, the
//! list-setter convention and escape hatches. (The seed pipelines built with the builder
//! are the examples; `tests/it/examples.rs` checks them against the model-built ones.)

use crate::diagnostic::{KeyPath, PathSegment};
use crate::model::{OrReference, Pipeline, Reference, Rule, Script, When};
use crate::{Stage, emit};

fn path(segments: &[&str]) -> KeyPath {
    KeyPath(
        segments
            .iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Key((*s).to_owned()),
            })
            .collect(),
    )
}

#[test]
fn builder_foreign_handles_are_recorded_with_their_path() {
    let mut other = Pipeline::builder();
    let other_stage = other.stage("package");
    let other_job = other.job("compile", |j| j.script("make"));
    let other_template = other.hidden_job(".tmpl", |j| j.image("alpine"));

    let mut p = Pipeline::builder();
    let own = p.job("compile", |j| j.script("make"));
    let own_template = p.hidden_job(".base", |j| j.tag("docker"));
    p.job("deploy", |j| {
        j.stage(&other_stage)
            .extends(&own_template)
            .extends(&other_template)
            .need(&own)
            .need(&other_job)
            .dependency(&other_job)
            .rule_with(Rule::always().when(When::Always), |n| n.need(&other_job))
            .environment_with("prod", |e| e.on_stop(&other_job))
            .script("deploy")
    });
    p.job("child", |j| {
        j.trigger_child(|t| {
            t.include_file("a.yml")
                .include_artifact("gen.yml", &other_job)
        })
    });
    let pipeline = p.build();

    // The names are still written as the code says.
    let yaml = emit::to_string(&pipeline).unwrap();
    assert!(yaml.contains("  stage: package\n"), "{yaml}");
    assert!(
        yaml.contains("  needs:\n  - compile\n  - compile\n"),
        "{yaml}"
    );

    let found: Vec<(String, &str)> = pipeline
        .foreign_handles()
        .iter()
        .map(|(p, name)| (p.to_string(), name.as_str()))
        .collect();
    let expected = [
        (path(&["jobs", "deploy", "stage"]), "package"),
        (path(&["jobs", "deploy", "extends", "1"]), ".tmpl"),
        (path(&["jobs", "deploy", "needs", "1"]), "compile"),
        (path(&["jobs", "deploy", "dependencies", "0"]), "compile"),
        (
            path(&["jobs", "deploy", "rules", "0", "needs", "0"]),
            "compile",
        ),
        (
            path(&["jobs", "deploy", "environment", "on_stop"]),
            "compile",
        ),
        (
            path(&["jobs", "child", "trigger", "include", "1", "job"]),
            "compile",
        ),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(p, n)| (p.to_string(), *n)).collect();
    assert_eq!(found, expected);
    assert_eq!(found[0].0, r#"jobs."deploy".stage"#);
}

#[test]
fn builder_single_foreign_extends_points_at_the_key_then_the_item() {
    let mut other = Pipeline::builder();
    let t = other.hidden_job("t", |j| j);
    let mut p = Pipeline::builder();
    p.job("one", |j| j.extends(&t).script("x"));
    let own = p.hidden_job(".own", |j| j);
    p.job("two", |j| j.extends(&t).extends(&own).script("x"));
    let pipeline = p.build();
    assert_eq!(
        pipeline.foreign_handles(),
        [
            (path(&["jobs", "one", "extends"]), ".t".to_owned()),
            (path(&["jobs", "two", "extends", "0"]), ".t".to_owned()),
        ]
    );
}

#[test]
fn builder_unowned_handles_are_never_foreign() {
    let mut p = Pipeline::builder();
    p.job("a", |j| {
        j.stage(Stage::DEPLOY)
            .stage(Stage::external("from-include"))
            .need(crate::JobRef::external("included-job"))
            .script("x")
    });
    let pipeline = p.build();
    assert!(pipeline.foreign_handles().is_empty());
    // A clone of a builder keeps its id, so its handles stay valid in both.
    let mut a = Pipeline::builder();
    let s = a.stage("s");
    let mut b = a.clone();
    b.job("j", |j| j.stage(&s).script("x"));
    assert!(b.build().foreign_handles().is_empty());
}

#[test]
fn builder_redefining_a_job_drops_its_old_findings() {
    let mut other = Pipeline::builder();
    let foreign = other.job("x", |j| j);
    let mut p = Pipeline::builder();
    p.job("a", |j| j.need(&foreign).script("x"));
    p.job("a", |j| j.script("y"));
    let pipeline = p.build();
    assert!(pipeline.foreign_handles().is_empty());
    assert_eq!(
        emit::to_string(&pipeline).unwrap(),
        "a:\n  script:\n  - \"y\"\n"
    );
}

#[test]
fn builder_stages_are_declared_once_and_defaults_need_no_declaration() {
    let mut p = Pipeline::builder();
    let a = p.stage("build");
    let b = p.stage("build");
    assert_eq!(a, b);
    p.job("j", |j| j.stage(Stage::PRE).script("x"));
    assert_eq!(
        emit::to_string(&p.build()).unwrap(),
        "stages:\n- build\nj:\n  stage: .pre\n  script:\n  - x\n"
    );
    assert_eq!(Stage::TEST.name(), "test");
    assert_eq!(Stage::POST.to_string(), ".post");
}

#[test]
fn builder_script_convention_appends_every_form() {
    let lines = vec!["c".to_owned(), "d".to_owned()];
    let mut p = Pipeline::builder();
    p.job("j", |j| {
        j.script("a")
            .script(["b"])
            .script(lines.clone())
            .scripts(lines.iter().map(|l| l.to_uppercase()))
            .script(Reference::new([".setup", "script"]))
            .script("multi\nline")
    });
    assert_eq!(
        emit::to_string(&p.build()).unwrap(),
        "j:\n  script:\n  - a\n  - b\n  - c\n  - d\n  - C\n  - D\n  - !reference\n    - .setup\n    - script\n  \
         - |-\n    multi\n    line\n"
    );
}

#[test]
fn builder_modify_keeps_a_whole_key_reference_when_appending() {
    let mut p = Pipeline::builder();
    p.job("j", |j| {
        j.modify(|job| job.script = Some(Script::Reference(Reference::new([".a", "script"]))))
            .script("more")
            .modify(|job| job.tags = Some(OrReference::Reference(Reference::new([".a", "tags"]))))
            .tag("docker")
    });
    assert_eq!(
        emit::to_string(&p.build()).unwrap(),
        "j:\n  tags:\n  - !reference\n    - .a\n    - tags\n  - docker\n  script:\n  - !reference\n    - .a\n    - script\n  - more\n"
    );
}

#[test]
fn builder_job_small_keywords() {
    let mut p = Pipeline::builder();
    p.job("j", |j| {
        j.when(When::Delayed)
            .start_in("10 minutes")
            .manual_confirmation("sure?")
            .allow_failure_exit_code(137)
            .allow_failure_exit_code(255)
            .interruptible(true)
            .timeout("1h")
            .resource_group("prod")
            .coverage("/Coverage: \\d+%/")
            .identity("google_cloud")
            .publish("public")
            .pages(true)
            .variables([("A", "1")])
            .input("level", |i| i.default("info"))
            .id_token_audiences("T", ["a", "b"])
            .run_step(crate::model::Value::from("step"))
            .before_scripts(["b1"])
            .after_scripts(["a1"])
            .extra("new_keyword", true)
            .no_dependencies()
    });
    assert_eq!(
        emit::to_string(&p.build()).unwrap(),
        "j:\n  variables:\n    A: \"1\"\n  dependencies: []\n  when: delayed\n  start_in: 10 minutes\n  \
         manual_confirmation: sure?\n  allow_failure:\n    exit_codes:\n    - 137\n    - 255\n  \
         before_script:\n  - b1\n  run:\n  - step\n  after_script:\n  - a1\n  coverage: \"/Coverage: \\\\d+%/\"\n  \
         timeout: 1h\n  interruptible: true\n  resource_group: prod\n  id_tokens:\n    T:\n      aud:\n      \
         - a\n      - b\n  identity: google_cloud\n  inputs:\n    level:\n      default: info\n  \
         publish: public\n  pages: true\n  new_keyword: true\n"
    );
}

#[test]
fn builder_global_keywords_and_escape_hatches() {
    let mut p = Pipeline::builder();
    p.schema("https://gitlab.com/schema.json")
        .image_with("ruby:3.3", |i| i.entrypoint([""]))
        .service_with("postgres:16", |s| s.alias("db"))
        .services(["redis:7"])
        .cache(|c| c.key("gems").path("vendor/"))
        .before_scripts(["bundle install"])
        .after_scripts(["echo done"])
        .raw_entry(".anchors", crate::model::Value::from("kept"))
        .modify(|model| model.stages = Some(vec!["only".into()]));
    assert_eq!(
        emit::to_string(&p.build()).unwrap(),
        "$schema: https://gitlab.com/schema.json\nstages:\n- only\nimage:\n  name: ruby:3.3\n  entrypoint:\n  \
         - \"\"\nservices:\n- name: postgres:16\n  alias: db\n- redis:7\ncache:\n  key: gems\n  paths:\n  \
         - vendor/\nbefore_script:\n- bundle install\nafter_script:\n- echo done\n.anchors: kept\n"
    );
}
