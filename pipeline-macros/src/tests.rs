//! Data-driven tests of the checks and the expansion, without a compiler run: `errors`
//! parses and checks an input and returns the messages; `expansion` returns the expanded
//! tokens as text. The UI tests (pipeline-dsl/tests/ui) show the same errors as users see
//! them; these cover the edges cheaply.

use crate::ctxt::Ctxt;
use crate::syntax::PipelineInput;

fn errors(input: &str) -> Vec<String> {
    let tokens: proc_macro2::TokenStream = input.parse().expect("valid tokens");
    let parsed: PipelineInput = match syn::parse2(tokens) {
        Ok(p) => p,
        Err(e) => return vec![e.to_string()],
    };
    let cx = Ctxt::new();
    crate::check::check(&cx, &parsed);
    match cx.check() {
        Ok(()) => Vec::new(),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    }
}

fn expansion(input: &str) -> String {
    let tokens: proc_macro2::TokenStream = input.parse().expect("valid tokens");
    let parsed: PipelineInput = syn::parse2(tokens).expect("parses");
    crate::expand::pipeline(&parsed).to_string()
}

#[track_caller]
fn ok(input: &str) {
    assert_eq!(errors(input), Vec::<String>::new(), "{input}");
}

#[track_caller]
fn fails(input: &str, expected: &[&str]) {
    assert_eq!(errors(input), expected, "{input}");
}

#[test]
fn the_seeds_pass() {
    ok(r#"
        image: "docker:latest",
        variables: { DOCKER_DRIVER: "overlay2" },
        stages: [build, push],
        services: ["docker:dind"],
        before_script: ["echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY"],
        job Build { stage: build, script: ["docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA ."] }
        job Push_When_tag { stage: push, only: [tags], script: ["docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME"] }
    "#);
    ok(r#"
        variables: { DOCKER_DRIVER: "overlay2" },
        services: ["docker:dind"],
        stages: [publish],
        job "publish-docker" {
            stage: publish,
            image: "docker",
            script: [
                "export VERSION_TAG=v1.2.3",
                "docker login ${CI_REGISTRY} -u gitlab-ci-token -p ${CI_BUILD_TOKEN}",
                "docker push ${CI_REGISTRY_IMAGE}:${VERSION_TAG}",
            ],
        }
    "#);
}

#[test]
fn stages_that_always_exist() {
    ok(
        r#"stages: [build], job a { stage: .pre, script: ["x"] } job b { stage: .post, script: ["x"] }"#,
    );
    ok(r#"job a { stage: deploy, script: ["x"] }"#);
    fails(
        r#"stages: [build], job a { stage: test, script: ["x"] }"#,
        &["stage `test` is not listed in `stages: [build]`; add it to `stages`"],
    );
    // A spliced list is not checked.
    ok(r#"stages: #(names), job a { stage: anything, script: ["x"] }"#);
}

#[test]
fn variables_defined_in_every_way() {
    ok(r#"
        variables: { GLOBAL: "1" },
        external: [FROM_SETTINGS],
        job a {
            variables: { LOCAL: "2" },
            secrets: { DB_PASSWORD: { vault: "db/password@ops" } },
            id_tokens: { ID_TOKEN: { aud: "https://vault" } },
            parallel: { matrix: [{ RUST: ["1.94", "1.95"] }] },
            rules: [{ if: "$GLOBAL", variables: { FROM_RULE: "x" } }],
            before_script: ["export EARLY=1"],
            script: [
                "echo $GLOBAL $LOCAL $FROM_SETTINGS $DB_PASSWORD $ID_TOKEN $RUST $FROM_RULE $EARLY",
                "echo $HOME $PATH $$NOT_A_REFERENCE",
                "for f in *.yml; do echo $f; done",
                "V=1 && echo $V",
            ],
        }
    "#);
    // `default:before_script` runs in the job's shell, before its script.
    ok(r#"default: { before_script: ["export TAG=1"] }, job a { script: ["echo $TAG"] }"#);
    // Deprecated predefined names are still predefined.
    ok(r#"job a { script: ["echo $CI_BUILD_REF $CI_BUILD_TOKEN"] }"#);
    // A spliced `variables` turns the check off for its scope.
    ok(r#"job a { variables: #(vars), script: ["echo $ANYTHING"] }"#);
}

#[test]
fn variables_undefined() {
    fails(
        r#"job a { script: ["echo $A"] } job b { variables: { A: "1" }, script: ["echo $A"] }"#,
        &[
            "undefined variable `$A` (column 6 of the string); define it in `variables`, or declare it as set in the project's settings with `external: [A]`",
        ],
    );
    fails(
        r#"job a { image: "$IMAGE", script: ["x"] }"#,
        &[
            "undefined variable `$IMAGE` (column 1 of the string); define it in `variables`, or declare it as set in the project's settings with `external: [IMAGE]`",
        ],
    );
}

#[test]
fn ref_keywords() {
    ok(
        r#"job a { only: [tags, branches, main, master, develop, "tag", "/^release-.*$/"], script: ["x"] }"#,
    );
    fails(
        r#"job a { except: [trigger], script: ["x"] }"#,
        &[
            "`trigger` is not a ref keyword of `except`; did you mean `triggers`? (for a branch named `trigger`, write the string `\"trigger\"`)",
        ],
    );
}

#[test]
fn every_error_is_reported() {
    let errs = errors(
        r#"
        stages: [build],
        job a { stage: biuld, needs: [c], when: sometimes, script: 3, artefacts: {} }
        job a { script: ["x"] }
        "#,
    );
    assert_eq!(errs.len(), 6, "{errs:#?}");
}

#[test]
fn syntax_errors_stop_at_the_token() {
    fails(
        r#"job a { script ["x"] }"#,
        &["expected `:` after `script`"],
    );
    fails(
        r#"job { script: ["x"] }"#,
        &[
            "expected a job name after `job`: a name such as `build`, a string such as `\"publish-docker\"`, or `.template` for a hidden job",
        ],
    );
    fails(
        r#"build { script: ["x"] }"#,
        &["expected `build: value` for a global keyword or `job NAME { ... }` for a job"],
    );
    fails(
        r#"job a { script: [1 2] }"#,
        &["expected `,` or `]` after a list item"],
    );
}

#[test]
fn the_expansion_is_builder_calls() {
    let text = expansion(
        r#"stages: [build], job compile { stage: build, script: ["make"] } job test { needs: [compile], script: ["make test"] }"#,
    );
    for part in [
        ":: pipeline_dsl :: Pipeline :: builder ()",
        "let __stage_0 = __p . stage (\"build\")",
        "let __job_0 = __p . job (\"compile\" , | __b | __b . stage (& __stage_0) . script ([:: pipeline_dsl :: __private :: text (\"make\")]))",
        ". need (& __job_0)",
        "__p . build ()",
    ] {
        assert!(text.contains(part), "{part}\nin\n{text}");
    }
    // A job named before its definition is an external handle.
    let text = expansion(r#"job a { needs: [b], script: ["x"] } job b { script: ["y"] }"#);
    assert!(
        text.contains(":: pipeline_dsl :: JobRef :: external (\"b\")"),
        "{text}"
    );
}

#[test]
fn artifact_includes_only_in_child_pipelines() {
    fails(
        r#"include: [{ artifact: "gen.yml", job: gen }], job gen { script: ["x"] }"#,
        &[
            "`include:artifact` is only allowed in `trigger:include`; include the file in a child pipeline",
        ],
    );
    ok(
        r#"job gen { script: ["x"] } job child { trigger: { include: [{ artifact: "gen.yml", job: gen }] } }"#,
    );
}

#[test]
fn hidden_jobs_are_for_extends_only() {
    ok(r#"job .base { image: "alpine:3.20" } job a { extends: .base, script: ["x"] }"#);
    fails(
        r#"job .base { script: ["x"] } job a { needs: [.base], script: ["x"] }"#,
        &[
            "`needs` refers to hidden job `.base`, which never runs; name a job that runs, or use `extends: .base`",
        ],
    );
}
