//! Job, stage and variable names, and suggestions.

use pipeline_syntax::names::{
    self, DEFAULT_STAGES, MAX_JOB_NAME_LEN, NameErrorKind, NameWarning, RESERVED_JOB_NAMES, suggest,
};

fn job_error(name: &str) -> Option<NameErrorKind> {
    names::check_job_name(name).err().map(|e| e.kind)
}

#[test]
fn job_names() {
    for reserved in RESERVED_JOB_NAMES {
        assert_eq!(
            job_error(reserved),
            Some(NameErrorKind::Reserved),
            "{reserved}"
        );
    }
    assert_eq!(job_error(""), Some(NameErrorKind::Empty));
    assert_eq!(job_error("<<"), Some(NameErrorKind::MergeKey));
    assert_eq!(job_error(&"é".repeat(MAX_JOB_NAME_LEN)), None);
    assert_eq!(
        job_error(&"é".repeat(MAX_JOB_NAME_LEN + 1)),
        Some(NameErrorKind::TooLong)
    );
    for fine in [
        "build",
        ".hidden",
        "test: [linux, amd64]",
        "rspec 1/3",
        "types",
        "Image",
        "deploy-prod",
    ] {
        assert_eq!(job_error(fine), None, "{fine}");
    }
    assert!(names::is_hidden(".base"));
    assert!(!names::is_hidden("base"));
}

#[test]
fn job_name_warnings() {
    assert_eq!(
        names::job_name_warning("default"),
        Some(NameWarning::GlobalKeyword)
    );
    assert_eq!(
        names::job_name_warning("workflow"),
        Some(NameWarning::GlobalKeyword)
    );
    assert_eq!(names::job_name_warning("pages"), Some(NameWarning::Pages));
    assert_eq!(
        names::job_name_warning("pages:deploy"),
        Some(NameWarning::PagesDeploy)
    );
    assert_eq!(
        names::job_name_warning("nil"),
        Some(NameWarning::YamlScalar)
    );
    assert_eq!(names::job_name_warning("build"), None);
}

#[test]
fn stage_and_variable_names() {
    assert!(names::check_stage_name("").is_err());
    for stage in DEFAULT_STAGES {
        assert!(names::check_stage_name(stage).is_ok());
    }
    assert_eq!(
        names::check_variable_name("<<").unwrap_err().kind,
        NameErrorKind::MergeKey
    );
    assert!(names::check_variable_name("MY-VAR").is_ok());
    assert!(names::is_referenceable_variable_name("_A1"));
    assert!(!names::is_referenceable_variable_name("1A"));
    assert!(!names::is_referenceable_variable_name("MY-VAR"));
    assert!(!names::is_referenceable_variable_name(""));
}

#[test]
fn error_messages_name_the_name() {
    let err = names::check_job_name("cache").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`cache` is a global keyword and cannot name a job"
    );
    let long = "j".repeat(300);
    let err = names::check_job_name(&long).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("job name `{long}` has 300 characters; GitLab accepts at most 255")
    );
}

#[test]
fn suggestions_for_typos() {
    let jobs = ["build_app", "test_app", "deploy_app"];
    assert_eq!(suggest("buld_app", jobs), Some("build_app"));
    assert_eq!(suggest("tset_app", jobs), Some("test_app"));
    assert_eq!(suggest("DEPLOY_APP", jobs), Some("deploy_app"));
    assert_eq!(suggest("lint", jobs), None);
    assert_eq!(
        suggest("build_app", jobs),
        None,
        "an existing name is no typo"
    );
    let keywords = [
        "script",
        "stage",
        "stages",
        "services",
        "variables",
        "artifacts",
        "after_script",
    ];
    assert_eq!(suggest("scirpt", keywords), Some("script"));
    assert_eq!(suggest("stge", keywords), Some("stage"));
    assert_eq!(suggest("variable", keywords), Some("variables"));
    assert_eq!(suggest("artefacts", keywords), Some("artifacts"));
    assert_eq!(suggest("zzz", keywords), None);
    assert_eq!(suggest("x", []), None);
}

#[test]
fn similarity_is_symmetric_and_bounded() {
    for (a, b) in [
        ("build", "bulid"),
        ("a", "abc"),
        ("", "x"),
        ("stage", "stages"),
    ] {
        let ab = names::similarity(a, b);
        assert!((ab - names::similarity(b, a)).abs() < 1e-12, "{a} {b}");
        assert!((0.0..=1.0).contains(&ab), "{a} {b}: {ab}");
    }
    assert!(names::similarity("stage", "stages") > names::similarity("stage", "script"));
}
