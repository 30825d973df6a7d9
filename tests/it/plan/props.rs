//! Property tests: the seed pipelines over generated contexts, plans' invariants, and the
//! expression language through its syntax tree.

use pipeline_dsl::plan::strategies::{
    assert_not_created, assert_not_runs, assert_runs, branch_name, context, merge_request_context,
    push_context, ref_source, semver_tag, tag_context,
};
use pipeline_dsl::plan::{Context, Planner, fnmatch, slugify};
use pipeline_syntax::expr::{BinaryOp, Expr, Pattern};
use proptest::prelude::*;

use super::support::pipeline;

fn seed(name: &str) -> pipeline_dsl::Pipeline {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pipeline(&text)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `Push_When_tag` (`only: [tags]`) runs in tag pipelines, with `Build`.
    #[test]
    fn dind_build_push_pushes_on_tags(ctx in tag_context()) {
        let plan = seed("dind_build_push.gitlab-ci.yml").plan(&ctx);
        assert_runs(&plan, "Push_When_tag");
        assert_runs(&plan, "Build");
        prop_assert_eq!(plan.job_names(), ["Build", "Push_When_tag"]);
    }

    /// ... and in no branch pipeline, whatever started it.
    #[test]
    fn dind_build_push_builds_on_branches(ctx in push_context(), source in ref_source()) {
        let plan = seed("dind_build_push.gitlab-ci.yml").plan(&ctx.source(source));
        assert_not_runs(&plan, "Push_When_tag");
        assert_runs(&plan, "Build");
    }

    /// Nothing runs in merge request pipelines: `only: [branches, tags]` is the default.
    #[test]
    fn dind_build_push_has_no_merge_request_pipeline(ctx in merge_request_context()) {
        let plan = seed("dind_build_push.gitlab-ci.yml").plan(&ctx);
        assert_not_created(&plan);
        assert_not_runs(&plan, "Build");
    }

    /// `Push_When_tag` runs exactly in tag pipelines, over every kind of context.
    #[test]
    fn dind_build_push_tag_job_runs_exactly_for_tags(ctx in context()) {
        let plan = seed("dind_build_push.gitlab-ci.yml").plan(&ctx);
        prop_assert_eq!(plan.runs("Push_When_tag"), ctx.is_tag());
        prop_assert_eq!(plan.runs("Build"), !ctx.is_merge_request());
    }

    /// `publish-docker` runs in every branch and tag pipeline, never for a merge request.
    #[test]
    fn dind_publish_runs_on_every_branch_and_tag(ctx in context()) {
        let plan = seed("dind_publish.gitlab-ci.yml").plan(&ctx);
        prop_assert_eq!(plan.runs("publish-docker"), !ctx.is_merge_request());
        if plan.created {
            prop_assert_eq!(plan.job_names(), ["publish-docker"]);
            let job = plan.job("publish-docker").unwrap();
            prop_assert_eq!((job.stage.as_str(), job.when.as_str(), job.allow_failure), ("publish", "on_success", false));
        }
    }

    /// A semver tag pipeline has `CI_COMMIT_TAG`, and no branch.
    #[test]
    fn tag_contexts_set_tag_variables(tag in semver_tag()) {
        let vars = Context::tag(tag.clone()).variables();
        prop_assert_eq!(vars.get("CI_COMMIT_TAG"), Some(&tag));
        prop_assert_eq!(vars.get("CI_COMMIT_REF_NAME"), Some(&tag));
        prop_assert!(!vars.contains_key("CI_COMMIT_BRANCH"));
    }

    /// Branch pipelines have `CI_COMMIT_BRANCH` = `CI_COMMIT_REF_NAME`, and no tag.
    #[test]
    fn branch_contexts_set_branch_variables(branch in branch_name(), source in ref_source()) {
        let vars = Context::push_branch(branch.clone()).source(source).variables();
        prop_assert_eq!(vars.get("CI_COMMIT_BRANCH"), Some(&branch));
        prop_assert_eq!(vars.get("CI_COMMIT_REF_NAME"), Some(&branch));
        prop_assert_eq!(vars.get("CI_PIPELINE_SOURCE").map(String::as_str), Some(source.as_str()));
        prop_assert!(!vars.contains_key("CI_COMMIT_TAG"));
    }

    /// GitLab's slug: `[a-z0-9-]`, at most 63 characters, no `-` at either end.
    #[test]
    fn slugs_are_slugs(text in ".{0,80}") {
        let slug = slugify(&text);
        prop_assert!(slug.len() <= 63);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
    }

    /// Plans list jobs by stage, need only jobs of the plan, and a prepared planner plans
    /// like `Pipeline::plan`.
    #[test]
    fn plans_are_consistent(ctx in context()) {
        let p = pipeline(INVARIANTS_PIPELINE);
        let plan = p.plan(&ctx);
        prop_assert_eq!(&plan, &Planner::new(&p).plan(&ctx));
        let stage_index = |s: &str| plan.stages.iter().position(|x| x == s);
        let indexes: Vec<_> = plan.jobs.iter().map(|j| stage_index(&j.stage)).collect();
        prop_assert!(indexes.windows(2).all(|w| w[0] <= w[1]), "{}", plan);
        for job in &plan.jobs {
            for need in &job.needs {
                prop_assert!(plan.job(need).is_some(), "{} needs {}", job.name, need);
            }
        }
        prop_assert_eq!(plan.created, plan.errors.is_empty() && !plan.jobs.is_empty());
    }

    /// A path without glob characters matches itself; `**/*` matches any file path.
    #[test]
    fn globs_match_their_literal_paths(path in "[a-z0-9_.-]{1,8}(/[a-z0-9_.-]{1,8}){0,3}") {
        prop_assert!(fnmatch(&path, &path));
        prop_assert!(fnmatch("**/*", &path));
        prop_assert_eq!(fnmatch("*", &path), !path.contains('/'));
    }

    /// Printing an expression tree then parsing the text gives the same tree.
    #[test]
    fn printing_then_parsing_is_the_identity(expr in expr()) {
        let text = expr.to_string();
        let parsed = Expr::parse(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&expr), "{}", text);
    }

    /// `&&` binds tighter than `||`, both associate to the left, and parentheses regroup.
    /// (False is an undefined variable: an empty string is Ruby-truthy inside `&&`/`||`.)
    #[test]
    fn and_binds_tighter_than_or(a in any::<bool>(), b in any::<bool>(), c in any::<bool>()) {
        let vars: Vec<(&str, &str)> = [("A", a), ("B", b), ("C", c)]
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| (name, "yes"))
            .collect();
        let truthy = |text: &str| Expr::parse(text).unwrap().is_truthy(&vars);
        prop_assert_eq!(truthy("$A || $B && $C"), a || (b && c));
        prop_assert_eq!(truthy("$A && $B || $C"), (a && b) || c);
        prop_assert_eq!(truthy("($A || $B) && $C"), (a || b) && c);
        prop_assert_eq!(truthy("$A&&($B||$C)"), a && (b || c));
    }

    /// The empty string is not `nil`: `$EMPTY && $X` is `$X`, and `$EMPTY || $X` is `""`.
    #[test]
    fn empty_strings_flow_through_and_or(x in any::<bool>()) {
        let mut vars = vec![("EMPTY", "")];
        if x {
            vars.push(("X", "yes"));
        }
        let truthy = |text: &str| Expr::parse(text).unwrap().is_truthy(&vars);
        prop_assert_eq!(truthy("$EMPTY && $X"), x);
        prop_assert!(!truthy("$EMPTY || $X"));
    }
}

#[test]
fn precedence_shapes_the_tree() {
    let (a, b, c) = (Expr::var("A"), Expr::var("B"), Expr::var("C"));
    assert_eq!(
        Expr::parse("$A || $B && $C").unwrap(),
        a.clone().or(b.clone().and(c.clone()))
    );
    assert_eq!(
        Expr::parse("$A && $B || $C").unwrap(),
        a.clone().and(b.clone()).or(c.clone())
    );
    assert_eq!(
        Expr::parse(r#"$A == "x" == $B"#).unwrap(),
        a.eq(Expr::string("x")).eq(b)
    );
}

/// A pipeline with rules, only/except, parallel jobs and needs, for the invariants.
const INVARIANTS_PIPELINE: &str = r#"
stages: [build, test, deploy]
build:
  stage: build
  script: x
  parallel: 2
lint:
  stage: test
  script: x
  needs: []
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
      changes: ["**/*.rs"]
test:
  stage: test
  script: x
  needs:
    - build
    - job: lint
      optional: true
  rules:
    - if: $CI_COMMIT_TAG
      when: never
    - when: on_success
deploy:
  stage: deploy
  script: x
  only: [tags, main]
docs:
  stage: deploy
  script: x
  except:
    variables: [$SKIP_DOCS]
"#;

/// Expression trees of GitLab's language.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        "[A-Z_][A-Z0-9_]{0,6}".prop_map(Expr::var),
        "[a-z0-9 ./_-]{0,6}".prop_map(Expr::string),
        "[a-z \"/]{0,4}".prop_map(Expr::string),
        "[a-z ']{0,4}".prop_map(Expr::string),
        Just(Expr::null()),
        any::<bool>().prop_map(Expr::bool),
        ("[a-z^$.*+]{2,6}", "(i|m|s|U|im)?").prop_map(|(body, flags)| {
            Expr::Pattern(Pattern::new(body, &flags).expect("a valid literal"))
        }),
        "[a-z_]{1,6}".prop_map(Expr::input),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        (
            prop::sample::select(BinaryOp::ALL.to_vec()),
            inner.clone(),
            inner,
        )
            .prop_map(|(op, l, r)| Expr::binary(op, l, r))
    })
}
