//! Variable references in scripts and values.

use pipeline_syntax::refs::{self, Form, Syntax, VarRef};

fn found(text: &str) -> Vec<(&str, &str)> {
    refs::scan(text).map(|r| (r.name, &text[r.span])).collect()
}

#[test]
fn dollar_and_braced_references() {
    assert_eq!(
        found(r#"docker build -t "$CI_REGISTRY_IMAGE:${CI_COMMIT_SHA}" ."#),
        [
            ("CI_REGISTRY_IMAGE", "$CI_REGISTRY_IMAGE"),
            ("CI_COMMIT_SHA", "${CI_COMMIT_SHA}")
        ]
    );
    assert_eq!(found("$A$B"), [("A", "$A"), ("B", "$B")]);
    assert_eq!(found("${A}B"), [("A", "${A}")]);
}

#[test]
fn double_dollar_escapes() {
    assert_eq!(found("echo $$HOME"), []);
    assert_eq!(found("echo $$$HOME"), [("HOME", "$HOME")]);
    assert_eq!(found("echo $$$$HOME"), []);
    assert_eq!(found("price: 5$ and $$"), []);
}

#[test]
fn what_gitlab_does_not_expand_is_not_a_reference() {
    assert_eq!(found("$1 $? $@ ${A:-default} ${} ${A B}"), []);
    assert_eq!(found("%HOME%"), []);
}

#[test]
fn percent_references_are_opt_in() {
    let text = r"set PATH=%PATH%;%%LITERAL%% C:\x";
    let found: Vec<VarRef<'_>> = refs::scan_with(text, Syntax::DollarAndPercent).collect();
    assert_eq!(
        found,
        [VarRef {
            name: "PATH",
            span: 9..15,
            form: Form::Percent
        }]
    );
}

#[test]
fn references_checks_one_name() {
    assert!(refs::references("echo ${TOKEN}", "TOKEN"));
    assert!(!refs::references("echo $$TOKEN", "TOKEN"));
    assert!(!refs::references("echo $TOKENS", "TOKEN"));
}
