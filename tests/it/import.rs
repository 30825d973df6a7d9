//! Import reads YAML the way GitLab's loader (Ruby's Psych) does: merge keys, aliases,
//! duplicate keys, YAML 1.1 typing, CRLF, a BOM, tabs; limits give errors, never a hang;
//! errors carry the file position and the path.

use pipeline_dsl::import::{self, ImportOptions, load_values};
use pipeline_dsl::model::{Script, StringItem, Value};

fn map(v: &Value) -> Vec<(&str, &Value)> {
    v.as_map()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect()
}

const MERGES: &str = ".base: &base\n  a: 1\n  b: 2\n.other: &other\n  b: 3\n  c: 4\nx:\n  a: 0\n  <<: *base\n  c: 9\ny:\n  <<: [*base, *other]\nz:\n  \"<<\": *other\n  d: 1\n";

#[test]
fn merge_keys_follow_psych_order_even_when_quoted() {
    let docs = load_values(MERGES).unwrap();
    let top = docs[0].as_map().unwrap();
    // A merge overrides keys written before it; keys after it win.
    assert_eq!(
        map(&top["x"]),
        [
            ("a", &Value::Int(1)),
            ("b", &Value::Int(2)),
            ("c", &Value::Int(9))
        ]
    );
    // In a list of merges the first one wins.
    assert_eq!(
        map(&top["y"]),
        [
            ("b", &Value::Int(2)),
            ("c", &Value::Int(4)),
            ("a", &Value::Int(1))
        ]
    );
    // Psych merges a quoted `<<` too.
    assert_eq!(
        map(&top["z"]),
        [
            ("b", &Value::Int(3)),
            ("c", &Value::Int(4)),
            ("d", &Value::Int(1))
        ]
    );
}

#[test]
fn merge_keys_agree_with_ruby_psych_when_ruby_is_here() {
    let Some(json) = crate::support::ruby_load_json(MERGES) else {
        return;
    };
    let ours = crate::support::to_json(&load_values(MERGES).unwrap()[0]);
    assert_eq!(ours.to_string(), json.to_string());
}

#[test]
fn duplicate_keys_keep_the_last_value_and_warn() {
    let imported = import::from_str("job:\n  script: a\njob:\n  script: b\n").unwrap();
    let job = imported.pipeline.job("job").unwrap();
    assert_eq!(job.script, Some(Script::Line("b".into())));
    let warning = imported
        .warnings
        .iter()
        .next()
        .expect("a duplicate-key warning");
    assert_eq!(warning.code, "duplicate-key");
    assert!(warning.message.contains("`job`"), "{warning}");
    assert_eq!(warning.span.map(|s| (s.line, s.column)), Some((3, 1)));
}

#[test]
fn crlf_a_bom_no_final_newline_and_tabs_in_scripts_are_fine() {
    let text = "\u{feff}build:\r\n  script:\r\n    - \"make\\tall\"\r\n    - |\r\n      echo\ta\r\n      echo b";
    let imported = import::from_str(text).unwrap();
    let script = imported
        .pipeline
        .job("build")
        .unwrap()
        .script
        .clone()
        .unwrap();
    let lines: Vec<&str> = script.lines().collect();
    assert_eq!(lines, ["make\tall", "echo\ta\necho b"]);
}

#[test]
fn anchors_and_aliases_expand_into_jobs() {
    let text = ".tpl: &tpl\n  image: rust:1.95\n  script: [cargo test]\ntest:\n  <<: *tpl\n  stage: test\n";
    let imported = import::from_str(text).unwrap();
    let job = imported.pipeline.job("test").unwrap();
    assert_eq!(job.image.as_ref().map(|i| i.name()), Some("rust:1.95"));
    assert_eq!(job.stage_name(), "test");
}

#[test]
fn reference_tags_are_kept_as_written() {
    let text =
        ".setup:\n  script: [a]\njob:\n  script:\n    - !reference [.setup, script]\n    - b\n";
    let imported = import::from_str(text).unwrap();
    let Some(Script::Lines(items)) = &imported.pipeline.job("job").unwrap().script else {
        panic!("a list")
    };
    assert!(matches!(&items[0], StringItem::Reference(r) if r.0 == [".setup", "script"]));
    let emitted = pipeline_dsl::emit::to_string(&imported.pipeline).unwrap();
    assert!(emitted.contains("- !reference\n"), "{emitted}");
}

#[test]
fn an_unknown_keyword_is_an_error_with_position_path_and_suggestion() {
    let err =
        import::from_str("build:\n  script: make\n  artefacts:\n    paths: [a]\n").unwrap_err();
    let d = err.diagnostics.errors().next().unwrap();
    assert_eq!(d.code, "unknown-keyword");
    assert_eq!(d.path.to_string(), r#"jobs."build".artefacts"#);
    assert_eq!(d.span.map(|s| (s.line, s.column)), Some((3, 3)));
    assert_eq!(d.help.as_deref(), Some("did you mean `artifacts`?"));
}

#[test]
fn unknown_keywords_are_kept_in_extra_only_when_allowed() {
    let text = "build:\n  script: make\n  new_keyword: {a: 1}\n";
    assert!(import::from_str(text).is_err());
    let options = ImportOptions::new().allow_unknown(true);
    let imported = import::from_str_with(text, &options).unwrap();
    let job = imported.pipeline.job("build").unwrap();
    assert!(job.extra.contains_key("new_keyword"));
    let emitted = pipeline_dsl::emit::to_string(&imported.pipeline).unwrap();
    assert!(emitted.contains("new_keyword:\n    a: 1"), "{emitted}");
}

#[test]
fn every_error_of_a_file_is_reported_at_once() {
    let err = import::from_str(
        "a:\n  script: []\nb:\n  when: sometimes\n  script: x\nc:\n  retry: 5\n  script: x\n",
    )
    .unwrap_err();
    let paths: Vec<String> = err
        .diagnostics
        .errors()
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            r#"jobs."a".script"#,
            r#"jobs."b".when"#,
            r#"jobs."c".retry"#
        ],
        "{err}"
    );
}

#[test]
fn values_gitlab_reads_as_another_type_are_refused_or_typed() {
    // `on` is a boolean for Psych: a script line must be a string.
    assert!(import::from_str("job:\n  script: [on]\n").is_err());
    // A plain date makes GitLab's loader refuse the whole file.
    let err = import::from_str("job:\n  script: x\n  variables:\n    D: 2019-12-01\n").unwrap_err();
    assert!(err.to_string().contains("date"), "{err}");
    // Keys that Psych reads as booleans cannot name a job.
    assert!(import::from_str("on:\n  script: x\n").is_err());
}

#[test]
fn limits_are_errors_not_crashes() {
    let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
    let err = import::from_str(&deep).unwrap_err();
    assert!(err.to_string().contains("deeper than 100"), "{err}");

    let huge = format!("a: \"{}\"\n", "x".repeat(import::MAX_FILE_BYTES));
    let err = import::from_str(&huge).unwrap_err();
    assert_eq!(
        err.diagnostics.iter().next().unwrap().code,
        "file-too-large"
    );

    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    let err = import::from_str(&bomb).unwrap_err();
    assert_eq!(
        err.diagnostics.iter().next().unwrap().code,
        "file-too-large"
    );

    let recursive = "a: &a\n  b: *a\n";
    assert!(import::from_str(recursive).is_err());
}

#[test]
fn invalid_yaml_is_an_error_with_a_position() {
    let err = import::from_str("a: [1, 2\nb: c\n").unwrap_err();
    let d = err.diagnostics.iter().next().unwrap();
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.span.is_some());
}

#[test]
fn a_spec_header_document_is_kept_apart() {
    let text = "spec:\n  inputs:\n    stage:\n      default: test\n---\njob:\n  stage: $[[ inputs.stage ]]\n  script: x\n";
    let imported = import::from_str(text).unwrap();
    assert!(imported.pipeline.spec.is_some());
    let emitted = pipeline_dsl::emit::to_string(&imported.pipeline).unwrap();
    assert!(
        emitted.starts_with("spec:\n") && emitted.contains("\n---\njob:\n"),
        "{emitted}"
    );
    assert_eq!(
        import::from_str(&emitted).unwrap().pipeline,
        imported.pipeline
    );
}

proptest::proptest! {
    /// Import never panics, whatever the text: it returns a pipeline or diagnostics.
    #[test]
    fn import_is_total_on_yaml_shaped_noise(text in "([a-z.:_ \\-\\[\\]{},&*!|>'\"#%@`?~0-9\\t\\n]|日|\u{feff}){0,120}") {
        let _ = import::from_str(&text);
        let _ = load_values(&text);
    }

    /// Arbitrary structure of real keywords with arbitrary scalars never panics either.
    #[test]
    fn import_is_total_on_keyword_soup(
        lines in proptest::collection::vec(
            ("( {0,6})", "(job|script|stage|image|rules|if|when|needs|cache|key|paths|variables|- |include|local|extends|parallel|matrix|retry|spec|inputs)", "(: |:|: \\[|: \\{|: &a |: \\*a |: !reference \\[)", "[a-z0-9$ .:/\\-\\[\\]{},'\"]{0,12}"),
            0..25,
        )
    ) {
        let text: String = lines.iter().map(|(i, k, s, v)| format!("{i}{k}{s}{v}\n")).collect();
        let _ = import::from_str(&text);
    }
}
