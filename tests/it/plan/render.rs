//! A plan as text, Mermaid and DOT.

use pipeline_dsl::plan::Context;

use super::support::plan;

const YAML: &str = r#"
stages: [build, test, deploy]
build:
  stage: build
  script: make
test:
  parallel: 2
  needs: [build]
  script: make test
'say "hi"':
  stage: deploy
  script: make deploy
  when: manual
  rules:
    - if: $CI_COMMIT_TAG
    - if: $CI_COMMIT_BRANCH
      when: delayed
      start_in: 10 minutes
      allow_failure: true
"#;

#[test]
fn text() {
    assert_eq!(
        plan(YAML, &Context::push_branch("main")).to_string(),
        "pipeline created: 4 job(s) in 3 stage(s)\n\
         build:\n\
         \x20 build     on_success\n\
         test:\n\
         \x20 test 1/2  on_success, needs: [build]\n\
         \x20 test 2/2  on_success, needs: [build]\n\
         deploy:\n\
         \x20 say \"hi\"  delayed (10 minutes), allowed to fail\n"
    );
    assert_eq!(
        plan(YAML, &Context::merge_request("a", "main")).to_string(),
        "no pipeline: no job is created for this context\n"
    );
}

#[test]
fn mermaid() {
    assert_eq!(
        plan(YAML, &Context::tag("v1")).to_mermaid(),
        "flowchart LR\n\
         \x20 %% pipeline created: 4 job(s) in 3 stage(s)\n\
         \x20 subgraph s0[\"build\"]\n\
         \x20   j0[\"build\"]\n\
         \x20 end\n\
         \x20 subgraph s1[\"test\"]\n\
         \x20   j1[\"test 1/2\"]\n\
         \x20   j2[\"test 2/2\"]\n\
         \x20 end\n\
         \x20 subgraph s2[\"deploy\"]\n\
         \x20   j3[\"say #quot;hi#quot; (manual, allowed to fail)\"]\n\
         \x20 end\n\
         \x20 s0 ~~~ s1\n\
         \x20 s1 ~~~ s2\n\
         \x20 j0 --> j1\n\
         \x20 j0 --> j2\n"
    );
}

#[test]
fn dot() {
    assert_eq!(
        plan(YAML, &Context::tag("v1")).to_dot(),
        "digraph pipeline {\n\
         \x20 // pipeline created: 4 job(s) in 3 stage(s)\n\
         \x20 rankdir=LR;\n\
         \x20 node [shape=box];\n\
         \x20 subgraph cluster_0 {\n\
         \x20   label=\"build\";\n\
         \x20   j0 [label=\"build\"];\n\
         \x20 }\n\
         \x20 subgraph cluster_1 {\n\
         \x20   label=\"test\";\n\
         \x20   j1 [label=\"test 1/2\"];\n\
         \x20   j2 [label=\"test 2/2\"];\n\
         \x20 }\n\
         \x20 subgraph cluster_2 {\n\
         \x20   label=\"deploy\";\n\
         \x20   j3 [label=\"say \\\"hi\\\" (manual, allowed to fail)\", style=dashed];\n\
         \x20 }\n\
         \x20 j0 -> j1 [style=invis];\n\
         \x20 j1 -> j3 [style=invis];\n\
         \x20 j0 -> j1;\n\
         \x20 j0 -> j2;\n\
         }\n"
    );
}

#[test]
fn empty_graphs_say_why() {
    let p = plan(YAML, &Context::merge_request("a", "main"));
    assert_eq!(
        p.to_mermaid(),
        "flowchart LR\n  %% no pipeline: no job is created for this context\n"
    );
    assert!(p.to_dot().contains("// no pipeline"));
}
