//! The bug classes of other local GitLab CI runners (gitlab-ci-local's issue tracker), each
//! with the behaviour GitLab has.

use pipeline_dsl::plan::Context;

use super::support::check;

fn push(branch: &str) -> Context {
    Context::push_branch(branch)
}

#[test]
fn parentheses_without_spaces() {
    check(
        r#"
job:
  script: x
  rules:
    - if: '($CI_COMMIT_BRANCH=="main"||$CI_COMMIT_TAG)&&$DEPLOY=="true"'
nested:
  script: x
  rules:
    - if: '(($A=="1"||$B=="1")&&$C=="1")'
"#,
        &[
            (push("main"), "(no jobs)"),
            (push("main").var("DEPLOY", "true"), "job @test on_success"),
            (
                Context::tag("v1").var("DEPLOY", "true"),
                "job @test on_success",
            ),
            (push("dev").var("DEPLOY", "true"), "(no jobs)"),
            (
                push("dev").var("B", "1").var("C", "1"),
                "nested @test on_success",
            ),
            (push("dev").var("B", "1"), "(no jobs)"),
        ],
    );
}

#[test]
fn and_binds_tighter_than_or() {
    check(
        r#"
job:
  script: x
  rules:
    - if: $A == "1" || $B == "1" && $C == "1"
"#,
        &[
            // `A || (B && C)`: A alone is enough; `(A || B) && C` would need C.
            (push("main").var("A", "1"), "job @test on_success"),
            (push("main").var("B", "1"), "(no jobs)"),
            (
                push("main").var("B", "1").var("C", "1"),
                "job @test on_success",
            ),
        ],
    );
}

#[test]
fn slashes_in_regexes() {
    check(
        r#"
release:
  script: x
  rules:
    - if: $CI_COMMIT_REF_NAME =~ /^release\/.*$/
path:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ /^team\/[a-z]+\/feature$/
only-regex:
  script: x
  only:
    - /^hotfix\/.+$/
"#,
        &[
            (push("release/1.0"), "release @test on_success"),
            (push("release-1.0"), "(no jobs)"),
            (push("releasex/1.0"), "(no jobs)"),
            (push("team/core/feature"), "path @test on_success"),
            (push("team/core/x/feature"), "(no jobs)"),
            (push("hotfix/login"), "only-regex @test on_success"),
            (push("hotfix/"), "(no jobs)"),
        ],
    );
}

#[test]
fn matches_between_two_strings_is_a_substring_search() {
    // `=~` with a string on the right searches the right string for the left one.
    check(
        r#"
job:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ "main-and-develop"
undefined-left:
  script: x
  rules:
    - if: $UNDEFINED =~ "anything"
literal:
  script: x
  rules:
    - if: '"abc" =~ "xabcx"'
"#,
        &[
            (
                push("main"),
                "job @test on_success; undefined-left @test on_success; literal @test on_success",
            ),
            (
                push("develop"),
                "job @test on_success; undefined-left @test on_success; literal @test on_success",
            ),
            (
                push("feature"),
                "undefined-left @test on_success; literal @test on_success",
            ),
        ],
    );
}

#[test]
fn regex_held_in_a_variable() {
    check(
        r#"
variables:
  RELEASE_PATTERN: '/^rel-\d+$/'
  SHORT: '/a/'
job:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ $RELEASE_PATTERN
short:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ $SHORT
not-a-regex:
  script: x
  variables:
    WORDS: 'main develop'
  rules:
    - if: $CI_COMMIT_BRANCH =~ $WORDS
"#,
        &[
            (push("rel-12"), "job @test on_success"),
            (push("rel-12x"), "(no jobs)"),
            // A one-character regex is fine in a variable (not as a literal).
            (
                push("main"),
                "short @test on_success; not-a-regex @test on_success",
            ),
            (push("develop"), "not-a-regex @test on_success"),
            (
                push("rel-x").var("RELEASE_PATTERN", "/^rel-[a-z]+$/"),
                "job @test on_success",
            ),
        ],
    );
    // `\d` in the YAML single-quoted string is a backslash and `d`: RE2's digit class.
    check(
        "variables:\n  P: '/^rel-\\d+$/'\njob:\n  script: x\n  rules:\n    - if: $CI_COMMIT_BRANCH =~ $P\n",
        &[
            (push("rel-12"), "job @test on_success"),
            (push("rel-x"), "(no jobs)"),
        ],
    );
}

#[test]
fn the_first_matching_rule_decides() {
    check(
        r#"
job:
  script: x
  rules:
    - if: $CI_COMMIT_TAG
      when: never
    - when: on_success
manual-first:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
      when: manual
    - if: $CI_COMMIT_BRANCH == "main"
      when: always
    - when: delayed
      start_in: 1 minute
"#,
        &[
            (
                push("main"),
                "job @test on_success; manual-first @test manual",
            ),
            (Context::tag("v1"), "manual-first @test delayed"),
        ],
    );
}

#[test]
fn only_and_except_are_not_ignored() {
    check(
        r#"
tags-only:
  script: x
  only: [tags]
not-main:
  script: x
  except: [main]
branches-only:
  script: x
  only: [branches]
"#,
        &[
            (push("main"), "branches-only @test on_success"),
            (
                push("dev"),
                "not-main @test on_success; branches-only @test on_success",
            ),
            (
                Context::tag("v1"),
                "tags-only @test on_success; not-main @test on_success",
            ),
            (Context::merge_request("dev", "main"), "(no jobs)"),
        ],
    );
}

#[test]
fn empty_and_whitespace_values_are_falsy_but_false_is_truthy() {
    check(
        r#"
job:
  script: x
  rules:
    - if: $FLAG
"#,
        &[
            (push("main").var("FLAG", ""), "(no jobs)"),
            (push("main").var("FLAG", "  "), "(no jobs)"),
            (push("main").var("FLAG", "false"), "job @test on_success"),
            (push("main").var("FLAG", "0"), "job @test on_success"),
        ],
    );
}

#[test]
fn undefined_is_null_and_not_empty() {
    check(
        r#"
is-null:
  script: x
  rules:
    - if: $X == null
is-empty:
  script: x
  rules:
    - if: $X == ""
two-undefined-are-equal:
  script: x
  rules:
    - if: $X == $Y
"#,
        &[
            (
                push("main"),
                "is-null @test on_success; two-undefined-are-equal @test on_success",
            ),
            (push("main").var("X", ""), "is-empty @test on_success"),
        ],
    );
}

#[test]
fn regex_flags_and_anchors() {
    check(
        r#"
ci:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ /^MAIN$/i
unanchored:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH =~ /docs-/
"#,
        &[
            (push("main"), "ci @test on_success"),
            (push("my-docs-x"), "unanchored @test on_success"),
        ],
    );
}

#[test]
fn not_matches_with_undefined_variable() {
    check(
        r#"
job:
  script: x
  rules:
    - if: $CI_COMMIT_TAG !~ /^v/
"#,
        &[
            // An undefined variable matches as "", which `/^v/` does not find.
            (push("main"), "job @test on_success"),
            (Context::tag("v1"), "(no jobs)"),
            (Context::tag("x1"), "job @test on_success"),
        ],
    );
}
