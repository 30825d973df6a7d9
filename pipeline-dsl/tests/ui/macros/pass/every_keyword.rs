// Every key the macro knows, in one pipeline that compiles, runs and emits.
use pipeline_dsl::{Stages, Variables, pipeline};

#[derive(Stages, Clone, Copy)]
enum Ci {
    Build,
    #[stage(name = "deploy-prod")]
    DeployProd,
}

#[derive(Variables)]
struct Docker {
    /// The storage driver of docker:dind.
    #[variable(value = "overlay2")]
    docker_driver: String,
    /// How many jobs.
    jobs: u32,
}

fn main() {
    let lines = vec!["echo a".to_owned(), "echo b".to_owned()];
    let n = 3;
    let p = pipeline! {
        stages: [build, test, deploy, "deploy-prod"],
        variables: {
            DOCKER_DRIVER: "overlay2",
            COUNT: 3,
            FLAG: true,
            LONG: { value: "x", description: "a long one", options: ["x", "y"], expand: false },
        },
        external: [DOCKER_PASSWORD, RELEASE],
        spec: { inputs: { target: { default: "test", description: "where to deploy" } }, component: ["name", "version"] },
        include: [
            "ci/lint.yml",
            { local: "ci/a.yml", rules: [{ if: "$CI_COMMIT_TAG" }] },
            { remote: "https://example.com/x.yml", integrity: "sha256-abc" },
            { template: "Auto-DevOps.gitlab-ci.yml" },
            { project: "group/ci", file: ["a.yml", "b.yml"], ref: "v1" },
            { component: "$CI_SERVER_FQDN/group/comp@1.0", inputs: { stage: "build", n: 2 } },
        ],
        workflow: {
            name: "pipeline for $CI_COMMIT_REF_NAME",
            auto_cancel: { on_new_commit: interruptible, on_job_failure: all },
            rules: [
                { if: "$CI_PIPELINE_SOURCE == \"merge_request_event\"", when: never },
                { if: "$CI_COMMIT_BRANCH", variables: { DEPLOY: "yes" }, auto_cancel: { on_new_commit: conservative } },
                { when: always },
            ],
        },
        default: {
            image: { name: "rust:1.95", entrypoint: [""], pull_policy: [always, if-not-present], docker: { platform: "linux/amd64", user: "root" } },
            services: ["postgres:16", { name: "redis:7", alias: "cache", command: ["redis-server"], variables: { A: "1" } }],
            tags: ["docker"],
            before_script: ["echo before"],
            after_script: ["echo after"],
            hooks: { pre_get_sources_script: ["echo hook"] },
            artifacts: { paths: ["out/"], expire_in: "1 week" },
            cache: { key: "k", paths: ["target/"] },
            retry: 2,
            timeout: "1h",
            interruptible: true,
            id_tokens: { ID_TOKEN_1: { aud: "https://a" }, ID_TOKEN_2: { aud: ["https://a", "https://b"] } },
            identity: "google_cloud",
        },
        image: "docker:27",
        services: ["docker:27-dind"],
        cache: [{ key: { files: ["Cargo.lock"], prefix: "rust" }, paths: ["target/"], policy: pull-push, when: on_success, unprotect: false, untracked: false, fallback_keys: ["main"] }],
        before_script: ["echo global"],
        after_script: ["echo global after"],

        job .template {
            image: "alpine:3.20",
            tags: ["small"],
        }
        job compile {
            stage: build,
            extends: .template,
            script: #(lines.clone()),
            artifacts: {
                paths: ["target/release/app"],
                exclude: ["target/**/*.d"],
                expose_as: "app",
                name: "app-$CI_COMMIT_SHORT_SHA",
                untracked: false,
                when: always,
                access: developer,
                expire_in: "1 week",
                reports: { junit: "report.xml", dotenv: ["a.env", "b.env"], coverage_report: { coverage_format: "cobertura", path: "cov.xml" } },
            },
            cache: { key: "$CI_COMMIT_REF_SLUG", paths: ["target/"], policy: pull },
            parallel: #(n),
            interruptible: false,
            resource_group: "build",
            coverage: "/Coverage: \\d+%/",
            retry: { max: 2, when: ["runner_system_failure"], exit_codes: [137] },
            timeout: "30m",
            allow_failure: { exit_codes: 137 },
        }
        job "unit-test" {
            stage: test,
            needs: [compile, { job: compile, artifacts: false, optional: true }],
            dependencies: [compile],
            script: ["cargo test", format!("echo {}", n), #(Docker::DOCKER_DRIVER.to_string())],
            variables: #(Docker::default().variables()),
            rules: [
                { if: "$CI_COMMIT_BRANCH == \"main\"", when: manual, allow_failure: true, start_in: "1 hour" },
                { changes: ["src/**/*"], exists: { paths: ["Cargo.toml"], project: "g/p", ref: "main" } },
                { changes: { paths: ["a"], compare_to: "main" }, variables: { FULL: true, N: 2 }, needs: [compile, { job: compile, artifacts: true }] },
                { when: never },
            ],
            allow_failure: true,
            parallel: { matrix: [{ RUST: ["1.94", "1.95"], OS: "linux" }] },
            inherit: { default: false, variables: ["DOCKER_DRIVER"] },
            secrets: { DATABASE_PASSWORD: { vault: "production/db/password@ops", file: false, token: "$ID_TOKEN_1" } },
            id_tokens: { ID_TOKEN_1: { aud: "https://a" } },
            inputs: { toolchain: { type: "string", description: "d", options: ["a", "b"], default: "a" } },
            hooks: { pre_get_sources_script: ["echo x"] },
            before_script: ["echo $FULL"],
            after_script: ["echo done"],
            when: on_success,
            manual_confirmation: "sure?",
            start_in: "1 minute",
        }
        job legacy {
            stage: #(Ci::Build),
            only: { refs: [tags, main, "/^release-.*$/"], variables: ["$RELEASE == \"true\""], changes: ["a"], kubernetes: "active" },
            except: [schedules],
            script: ["echo legacy"],
            needs: [],
            dependencies: [],
        }
        job deploy {
            stage: deploy,
            environment: { name: "production", url: "https://example.com", on_stop: stop, action: start, auto_stop_in: "1 day", deployment_tier: "production", kubernetes: { namespace: "prod" } },
            release: { tag_name: "$CI_COMMIT_TAG", description: "release", name: "v", ref: "main", milestones: ["m1"], released_at: "2026-01-01T00:00:00Z", tag_message: "t", assets: { links: [{ name: "bin", url: "https://x", filepath: "/bin", link_type: "package" }] } },
            script: ["echo deploy"],
            needs: [{ pipeline: "$PARENT_PIPELINE_ID", job: "gen" }, { project: "g/p", job: "build", ref: "main", artifacts: true }],
        }
        job stop {
            stage: deploy,
            environment: { name: "production", action: stop },
            when: manual,
            script: ["echo stop"],
        }
        job pages {
            stage: "deploy-prod",
            pages: { path_prefix: "x", expire_in: "1 day", publish: "public" },
            publish: "public",
            script: ["echo pages"],
            dast_configuration: { site_profile: "s", scanner_profile: "p" },
            run: [{ name: "hello", step: "gitlab.com/steps/echo@v1", inputs: { message: "hi" } }],
        }
        job child {
            stage: test,
            trigger: { include: ["child.yml", { artifact: "gen.yml", job: compile }], strategy: "depend", forward: { yaml_variables: true, pipeline_variables: false } },
        }
        job downstream {
            stage: test,
            trigger: { project: "g/other", branch: "main", strategy: "depend", inputs: { a: "b" } },
        }
        job short_trigger {
            stage: test,
            trigger: "g/other",
            environment: "staging",
            pages: true,
            extra: { new_keyword: { enabled: true, list: [1, "two", null] } },
        }
    };
    let yaml = pipeline_dsl::emit::to_string(&p).unwrap();
    assert!(yaml.starts_with("spec:\n  inputs:\n    target:\n"), "{yaml}");
    assert!(yaml.contains("short_trigger:\n  stage: test\n"), "{yaml}");
    assert!(yaml.ends_with("  new_keyword:\n    enabled: true\n    list:\n    - 1\n    - two\n    - null\n"), "{yaml}");
    let _ = Ci::DeployProd;
    let _ = Ci::ALL;
}
