//! The predefined-variable table equals `predefined-variables.tsv`, read in place: same names,
//! availability, scope, version and description, no more and no less.

use pipeline_syntax::variables::{self, PREDEFINED};

use crate::support::read_shared;

#[test]
fn table_equals_the_data_file() {
    let Some(text) = read_shared("predefined-variables.tsv") else {
        return;
    };
    let mut rows = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty());
    assert_eq!(
        rows.next(),
        Some("name\tavailability\tscope\tintroduced\tdescription")
    );
    let mut expected: Vec<Vec<&str>> = rows.map(|row| row.split('\t').collect()).collect();
    expected.sort();
    let actual: Vec<Vec<&str>> = PREDEFINED
        .iter()
        .map(|v| {
            vec![
                v.name,
                v.availability.as_str(),
                v.scope.as_str(),
                v.introduced.unwrap_or(""),
                v.description,
            ]
        })
        .collect();
    let missing: Vec<_> = expected
        .iter()
        .filter(|row| !actual.contains(row))
        .collect();
    let extra: Vec<_> = actual
        .iter()
        .filter(|row| !expected.contains(row))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    assert_eq!(actual, expected);
}

#[test]
fn lookups_follow_the_table() {
    let tag = variables::predefined("CI_COMMIT_TAG").expect("predefined");
    assert_eq!(tag.availability.as_str(), "pre-pipeline");
    assert!(tag.availability.usable_in_workflow_rules());
    let job_name = variables::predefined("CI_JOB_NAME").expect("predefined");
    assert!(job_name.availability.usable_in_rules());
    assert!(!job_name.availability.usable_in_workflow_rules());
    let token = variables::predefined("CI_JOB_TOKEN").expect("predefined");
    assert!(!token.availability.usable_in_rules());
    assert_eq!(
        variables::predefined("CI_API_GRAPHQL_URL").and_then(|v| v.introduced),
        Some("15.11")
    );
    assert!(variables::is_predefined("CI_MERGE_REQUEST_IID"));
    assert!(!variables::is_predefined("ci_commit_sha"));
    assert!(!variables::is_predefined("MY_VARIABLE"));
}

#[test]
fn deprecated_names_map_to_their_successors() {
    let expected = [
        ("CI_BUILD_TOKEN", "CI_JOB_TOKEN"),
        ("CI_BUILD_ID", "CI_JOB_ID"),
        ("CI_BUILD_REF", "CI_COMMIT_SHA"),
        ("CI_BUILD_TAG", "CI_COMMIT_TAG"),
        ("CI_BUILD_NAME", "CI_JOB_NAME"),
        ("CI_BUILD_STAGE", "CI_JOB_STAGE"),
        ("CI_BUILD_REF_NAME", "CI_COMMIT_REF_NAME"),
        ("CI_BUILD_REF_SLUG", "CI_COMMIT_REF_SLUG"),
        ("CI_BUILD_REPO", "CI_REPOSITORY_URL"),
        ("CI_BUILD_TRIGGERED", "CI_PIPELINE_TRIGGERED"),
        ("CI_BUILD_MANUAL", "CI_JOB_MANUAL"),
        ("CI_BUILD_BEFORE_SHA", "CI_COMMIT_BEFORE_SHA"),
    ];
    for (old, new) in expected {
        assert_eq!(variables::deprecated_replacement(old), Some(new), "{old}");
    }
    assert_eq!(variables::DEPRECATED.len(), expected.len());
    assert_eq!(variables::deprecated_replacement("CI_BUILDS_DIR"), None);
}
