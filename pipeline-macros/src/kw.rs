//! Every key the macro knows, where it may appear, what value it takes and which builder
//! setter writes it (serde's `symbol.rs`, grown into tables). The checks walk these tables
//! for unknown keys and wrong shapes; the expansion walks them for setter names. A key
//! whose handling does not fit a table form is [`Form::Special`], checked in `check/` and
//! expanded in `expand/` by hand.

/// The keys of one mapping (the pipeline, a job, `artifacts`, ...).
pub(crate) struct Table {
    /// What the keys are called in messages: "job keyword", "`artifacts` key".
    pub(crate) what: &'static str,
    pub(crate) keys: &'static [Kw],
}

/// One key and its form.
pub(crate) struct Kw {
    pub(crate) name: &'static str,
    pub(crate) form: Form,
}

/// What a key takes and how it is written with the builder.
#[derive(Clone, Copy)]
pub(crate) enum Form {
    /// A string: `.m("...")`.
    Str(&'static str),
    /// A name: a bare word or a string (`job: compile`), `.m("...")`.
    Name(&'static str),
    /// A name or a list of names (`refs: [tags, main]`), `.m([...])`.
    Names(&'static str),
    /// `true` / `false`: `.m(b)`.
    Bool(&'static str),
    /// An integer: `.m(n)`.
    Int(&'static str),
    /// A string or a list of strings: `.m([...])` (a plural setter).
    Strs(&'static str),
    /// An integer or a list of integers: `.m([...])`.
    Ints(&'static str),
    /// `true`/`false` (`.bool_m(b)`) or a list of names (`.list_m([...])`).
    BoolOrStrs(&'static str, &'static str),
    /// Commands: a string or a list of strings, `.m([...])`.
    Script(&'static str),
    /// One word of a closed set, as a model enum (`ty`) or as a string (`ty` empty).
    Choice {
        method: &'static str,
        ty: &'static str,
        values: &'static [(&'static str, &'static str)],
    },
    /// Any YAML value (`::pipeline_dsl::model::Value`): `.m(value)`.
    Any(&'static str),
    /// A list of any YAML values: `.m(value)` per item.
    Anys(&'static str),
    /// A map of keys to any YAML values: `.m("key", value)` per entry.
    AnyMap(&'static str),
    /// A map of this table's keys, `.method(args..., |b| b...)`; the `args` keys are
    /// required and passed first. `short` is the setter for a value that is not a map.
    Block {
        method: &'static str,
        table: &'static Table,
        args: &'static [&'static str],
        short: Short,
    },
    /// A map of `NAME: { ... }`: `.method("NAME", |b| b...)` per entry.
    Named {
        method: &'static str,
        table: &'static Table,
    },
    /// Checked and expanded by hand.
    Special(Special),
}

/// The setter for the short (non-map) form of a [`Form::Block`] key.
#[derive(Clone, Copy)]
pub(crate) enum Short {
    None,
    /// `image: "rust:1.95"` -> `.image("rust:1.95")`.
    Str(&'static str),
    /// `pages: true` -> `.pages(true)`.
    Bool(&'static str),
    /// `retry: 2` -> `.retry(2)`.
    Int(&'static str),
    /// `artifacts: null` -> `.no_artifacts()`.
    Null(&'static str),
}

/// Keys with hand-written checks and expansion.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Special {
    /// `stages: [build, test]`
    Stages,
    /// `external: [DOCKER_PASSWORD]` (the macro's own key: variables set in the project's
    /// settings; never emitted).
    External,
    /// `stage: build`
    Stage,
    /// `variables: { NAME: value }`; `long` when `{value, description, ...}` is allowed.
    Variables { long: bool },
    /// `services: ["docker:dind", { name: ..., alias: ... }]`
    Services,
    /// `needs: [build, { job: test, artifacts: false }]`
    Needs,
    /// `dependencies: [build]`
    Dependencies,
    /// `extends: .template` or a list
    Extends,
    /// `rules: [{ if: "...", when: manual }]`; `workflow` for `workflow:rules`.
    Rules { workflow: bool },
    /// `only: [tags]` / `except: {...}`
    OnlyExcept,
    /// `allow_failure: true` or `{ exit_codes: [137] }`
    AllowFailure,
    /// `parallel: 3` or `{ matrix: [...] }`
    Parallel,
    /// `cache: { ... }` or a list of them
    Cache,
    /// `id_tokens: { NAME: { aud: ... } }`
    IdTokens,
    /// `trigger: "group/project"`, `{ project: ... }` or `{ include: ... }`
    Trigger,
    /// `include: "ci/lint.yml"`, `{ local: ... }`, ... or a list
    Include,
    /// `release:assets:links`: `[{ name, url, filepath, link_type }]`
    Links,
    /// `artifacts:reports`
    Reports,
    /// `cache:key`: a string or `{ files: [...], prefix: ... }`
    CacheKey,
    /// `rules:changes` / `rules:exists`: globs or the long form
    RuleFiles,
    /// `environment:on_stop`: a job
    OnStop,
    /// `image:pull_policy`: one policy or a list
    PullPolicy,
    /// `needs:parallel` / `parallel:matrix` entries
    Matrix,
}

const fn kw(name: &'static str, form: Form) -> Kw {
    Kw { name, form }
}

const fn block(method: &'static str, table: &'static Table) -> Form {
    Form::Block {
        method,
        table,
        args: &[],
        short: Short::None,
    }
}

/// `when` values of jobs and rules.
pub(crate) const WHEN: &[(&str, &str)] = &[
    ("on_success", "OnSuccess"),
    ("on_failure", "OnFailure"),
    ("always", "Always"),
    ("never", "Never"),
    ("manual", "Manual"),
    ("delayed", "Delayed"),
];

/// `when` values of `workflow:rules`.
pub(crate) const WORKFLOW_WHEN: &[(&str, &str)] = &[("always", "Always"), ("never", "Never")];

const ARTIFACTS_WHEN: &[(&str, &str)] = &[
    ("on_success", "OnSuccess"),
    ("on_failure", "OnFailure"),
    ("always", "Always"),
];

const WHEN_FORM: Form = Form::Choice {
    method: "when",
    ty: "::pipeline_dsl::model::When",
    values: WHEN,
};

const ARTIFACTS_WHEN_FORM: Form = Form::Choice {
    method: "when",
    ty: "::pipeline_dsl::model::ArtifactsWhen",
    values: ARTIFACTS_WHEN,
};

/// `pull_policy` values.
pub(crate) const PULL_POLICIES: &[(&str, &str)] = &[
    ("always", "Always"),
    ("never", "Never"),
    ("if-not-present", "IfNotPresent"),
];

/// The ref keywords of `only` / `except` (anything else is a branch name or a `/regex/`).
pub(crate) const REF_KEYWORDS: [&str; 12] = [
    "api",
    "branches",
    "chat",
    "external",
    "external_pull_requests",
    "merge_requests",
    "pipelines",
    "pushes",
    "schedules",
    "tags",
    "triggers",
    "web",
];

/// Top-level keys.
pub(crate) static PIPELINE: Table = Table {
    what: "global keyword",
    keys: &[
        kw("stages", Form::Special(Special::Stages)),
        kw(
            "variables",
            Form::Special(Special::Variables { long: true }),
        ),
        kw("include", Form::Special(Special::Include)),
        kw("workflow", block("workflow", &WORKFLOW)),
        kw("default", block("default", &DEFAULT)),
        kw("image", IMAGE_FORM),
        kw("services", Form::Special(Special::Services)),
        kw("cache", Form::Special(Special::Cache)),
        kw("before_script", Form::Script("before_script")),
        kw("after_script", Form::Script("after_script")),
        kw("spec", block("spec", &SPEC)),
        kw("external", Form::Special(Special::External)),
    ],
};

/// `spec:` (the header of a file meant to be included with inputs).
static SPEC: Table = Table {
    what: "`spec` key",
    keys: &[
        kw(
            "inputs",
            Form::Named {
                method: "input",
                table: &INPUT,
            },
        ),
        kw("component", Form::Strs("components")),
    ],
};

/// Job keys.
pub(crate) static JOB: Table = Table {
    what: "job keyword",
    keys: &[
        kw("stage", Form::Special(Special::Stage)),
        kw("extends", Form::Special(Special::Extends)),
        kw("image", IMAGE_FORM),
        kw("services", Form::Special(Special::Services)),
        kw("tags", Form::Strs("tags")),
        kw(
            "variables",
            Form::Special(Special::Variables { long: true }),
        ),
        kw("inherit", block("inherit", &INHERIT)),
        kw("needs", Form::Special(Special::Needs)),
        kw("dependencies", Form::Special(Special::Dependencies)),
        kw("rules", Form::Special(Special::Rules { workflow: false })),
        kw("only", Form::Special(Special::OnlyExcept)),
        kw("except", Form::Special(Special::OnlyExcept)),
        kw("when", WHEN_FORM),
        kw("start_in", Form::Str("start_in")),
        kw("manual_confirmation", Form::Str("manual_confirmation")),
        kw("allow_failure", Form::Special(Special::AllowFailure)),
        kw("before_script", Form::Script("before_script")),
        kw("script", Form::Script("script")),
        kw("run", Form::Anys("run_step")),
        kw("after_script", Form::Script("after_script")),
        kw("hooks", block("hooks", &HOOKS)),
        kw(
            "artifacts",
            Form::Block {
                method: "artifacts",
                table: &ARTIFACTS,
                args: &[],
                short: Short::Null("no_artifacts"),
            },
        ),
        kw("cache", Form::Special(Special::Cache)),
        kw("coverage", Form::Str("coverage")),
        kw(
            "environment",
            Form::Block {
                method: "environment_with",
                table: &ENVIRONMENT,
                args: &["name"],
                short: Short::Str("environment"),
            },
        ),
        kw(
            "release",
            Form::Block {
                method: "release_with",
                table: &RELEASE,
                args: &["tag_name", "description"],
                short: Short::None,
            },
        ),
        kw("trigger", Form::Special(Special::Trigger)),
        kw("parallel", Form::Special(Special::Parallel)),
        kw(
            "retry",
            Form::Block {
                method: "retry_with",
                table: &RETRY,
                args: &[],
                short: Short::Int("retry"),
            },
        ),
        kw("timeout", Form::Str("timeout")),
        kw("interruptible", Form::Bool("interruptible")),
        kw("resource_group", Form::Str("resource_group")),
        kw(
            "inputs",
            Form::Named {
                method: "input",
                table: &INPUT,
            },
        ),
        kw(
            "secrets",
            Form::Named {
                method: "secret",
                table: &SECRET,
            },
        ),
        kw("id_tokens", Form::Special(Special::IdTokens)),
        kw("identity", Form::Str("identity")),
        kw(
            "pages",
            Form::Block {
                method: "pages_with",
                table: &PAGES,
                args: &[],
                short: Short::Bool("pages"),
            },
        ),
        kw("publish", Form::Str("publish")),
        kw("dast_configuration", block("dast_configuration", &DAST)),
        // The builder's escape hatch for keywords newer than the model.
        kw("extra", Form::AnyMap("extra")),
    ],
};

/// `default:` keys.
pub(crate) static DEFAULT: Table = Table {
    what: "`default` keyword",
    keys: &[
        kw("image", IMAGE_FORM),
        kw("services", Form::Special(Special::Services)),
        kw("tags", Form::Strs("tags")),
        kw("before_script", Form::Script("before_script")),
        kw("after_script", Form::Script("after_script")),
        kw("hooks", block("hooks", &HOOKS)),
        kw(
            "artifacts",
            Form::Block {
                method: "artifacts",
                table: &ARTIFACTS,
                args: &[],
                short: Short::Null("no_artifacts"),
            },
        ),
        kw("cache", Form::Special(Special::Cache)),
        kw(
            "retry",
            Form::Block {
                method: "retry_with",
                table: &RETRY,
                args: &[],
                short: Short::Int("retry"),
            },
        ),
        kw("timeout", Form::Str("timeout")),
        kw("interruptible", Form::Bool("interruptible")),
        kw("id_tokens", Form::Special(Special::IdTokens)),
        kw("identity", Form::Str("identity")),
    ],
};

const IMAGE_FORM: Form = Form::Block {
    method: "image_with",
    table: &IMAGE,
    args: &["name"],
    short: Short::Str("image"),
};

/// `image:` long form.
pub(crate) static IMAGE: Table = Table {
    what: "`image` key",
    keys: &[
        kw("name", Form::Str("")),
        kw("entrypoint", Form::Strs("entrypoint")),
        kw("pull_policy", Form::Special(Special::PullPolicy)),
        kw("docker", block("docker", &DOCKER)),
        kw("kubernetes", block("kubernetes", &KUBERNETES)),
    ],
};

/// `services:` item long form.
pub(crate) static SERVICE: Table = Table {
    what: "`services` key",
    keys: &[
        kw("name", Form::Str("")),
        kw("alias", Form::Str("alias")),
        kw("entrypoint", Form::Strs("entrypoint")),
        kw("command", Form::Script("command")),
        kw(
            "variables",
            Form::Special(Special::Variables { long: false }),
        ),
        kw("pull_policy", Form::Special(Special::PullPolicy)),
        kw("docker", block("docker", &DOCKER)),
        kw("kubernetes", block("kubernetes", &KUBERNETES)),
    ],
};

static DOCKER: Table = Table {
    what: "`docker` key",
    keys: &[
        kw("platform", Form::Str("platform")),
        kw("user", Form::Str("user")),
    ],
};

static KUBERNETES: Table = Table {
    what: "`kubernetes` key",
    keys: &[kw("user", Form::Any("user"))],
};

static INHERIT: Table = Table {
    what: "`inherit` key",
    keys: &[
        kw("default", Form::BoolOrStrs("default", "default_only")),
        kw("variables", Form::BoolOrStrs("variables", "variables_only")),
    ],
};

static HOOKS: Table = Table {
    what: "`hooks` key",
    keys: &[kw(
        "pre_get_sources_script",
        Form::Script("pre_get_sources_script"),
    )],
};

/// `artifacts:` keys.
pub(crate) static ARTIFACTS: Table = Table {
    what: "`artifacts` key",
    keys: &[
        kw("paths", Form::Strs("paths")),
        kw("exclude", Form::Strs("excludes")),
        kw("expose_as", Form::Str("expose_as")),
        kw("name", Form::Str("name")),
        kw("untracked", Form::Bool("untracked")),
        kw("when", ARTIFACTS_WHEN_FORM),
        kw(
            "access",
            Form::Choice {
                method: "access",
                ty: "::pipeline_dsl::model::ArtifactsAccess",
                values: &[
                    ("none", "None"),
                    ("developer", "Developer"),
                    ("maintainer", "Maintainer"),
                    ("all", "All"),
                ],
            },
        ),
        kw("public", Form::Bool("public")),
        kw("expire_in", Form::Str("expire_in")),
        kw("reports", Form::Special(Special::Reports)),
    ],
};

/// `cache:` keys.
pub(crate) static CACHE: Table = Table {
    what: "`cache` key",
    keys: &[
        kw("key", Form::Special(Special::CacheKey)),
        kw("paths", Form::Strs("paths")),
        kw(
            "policy",
            Form::Choice {
                method: "policy",
                ty: "",
                values: &[("pull", ""), ("push", ""), ("pull-push", "")],
            },
        ),
        kw("unprotect", Form::Bool("unprotect")),
        kw("untracked", Form::Bool("untracked")),
        kw("when", ARTIFACTS_WHEN_FORM),
        kw("fallback_keys", Form::Strs("fallback_keys")),
    ],
};

/// `cache:key:` long form.
pub(crate) static CACHE_KEY: Table = Table {
    what: "`cache:key` key",
    keys: &[
        kw("files", Form::Strs("files")),
        kw("files_commits", Form::Strs("files_commits")),
        kw("prefix", Form::Str("prefix")),
    ],
};

static ENVIRONMENT: Table = Table {
    what: "`environment` key",
    keys: &[
        kw("name", Form::Str("")),
        kw("url", Form::Str("url")),
        kw("on_stop", Form::Special(Special::OnStop)),
        kw(
            "action",
            Form::Choice {
                method: "action",
                ty: "::pipeline_dsl::model::EnvironmentAction",
                values: &[
                    ("start", "Start"),
                    ("prepare", "Prepare"),
                    ("stop", "Stop"),
                    ("verify", "Verify"),
                    ("access", "Access"),
                ],
            },
        ),
        kw("auto_stop_in", Form::Str("auto_stop_in")),
        kw("kubernetes", Form::Any("kubernetes")),
        kw("deployment_tier", Form::Str("deployment_tier")),
    ],
};

static RELEASE: Table = Table {
    what: "`release` key",
    keys: &[
        kw("tag_name", Form::Str("")),
        kw("description", Form::Str("")),
        kw("tag_message", Form::Str("tag_message")),
        kw("name", Form::Str("name")),
        kw("ref", Form::Str("git_ref")),
        kw("milestones", Form::Strs("milestones")),
        kw("released_at", Form::Str("released_at")),
        kw("assets", block("", &RELEASE_ASSETS)),
    ],
};

/// `release:assets`: its `links` are written with `asset_link_with` on the release builder.
pub(crate) static RELEASE_ASSETS: Table = Table {
    what: "`release:assets` key",
    keys: &[kw("links", Form::Special(Special::Links))],
};

/// `release:assets:links` items.
pub(crate) static RELEASE_LINK: Table = Table {
    what: "`release:assets:links` key",
    keys: &[
        kw("name", Form::Str("")),
        kw("url", Form::Str("")),
        kw("filepath", Form::Str("filepath")),
        kw("link_type", Form::Str("link_type")),
    ],
};

static RETRY: Table = Table {
    what: "`retry` key",
    keys: &[
        kw("max", Form::Int("max")),
        kw("when", Form::Strs("when_any")),
        kw("exit_codes", Form::Ints("exit_codes")),
    ],
};

static INPUT: Table = Table {
    what: "`inputs` key",
    keys: &[
        kw("type", Form::Str("input_type")),
        kw("description", Form::Str("description")),
        kw("options", Form::Anys("option")),
        kw("regex", Form::Str("regex")),
        kw("default", Form::Any("default")),
    ],
};

static SECRET: Table = Table {
    what: "`secrets` key",
    keys: &[
        kw("vault", Form::Any("vault")),
        kw("gcp_secret_manager", Form::Any("gcp_secret_manager")),
        kw("azure_key_vault", Form::Any("azure_key_vault")),
        kw("aws_secrets_manager", Form::Any("aws_secrets_manager")),
        kw(
            "gitlab_secrets_manager",
            Form::Any("gitlab_secrets_manager"),
        ),
        kw("file", Form::Bool("file")),
        kw("token", Form::Str("token")),
    ],
};

static PAGES: Table = Table {
    what: "`pages` key",
    keys: &[
        kw("path_prefix", Form::Str("path_prefix")),
        kw("expire_in", Form::Str("expire_in")),
        kw("publish", Form::Str("publish")),
    ],
};

static DAST: Table = Table {
    what: "`dast_configuration` key",
    keys: &[
        kw("site_profile", Form::Str("site_profile")),
        kw("scanner_profile", Form::Str("scanner_profile")),
    ],
};

/// `workflow:` keys.
pub(crate) static WORKFLOW: Table = Table {
    what: "`workflow` key",
    keys: &[
        kw("name", Form::Str("name")),
        kw("auto_cancel", block("auto_cancel", &AUTO_CANCEL)),
        kw("rules", Form::Special(Special::Rules { workflow: true })),
    ],
};

static AUTO_CANCEL: Table = Table {
    what: "`auto_cancel` key",
    keys: &[
        kw(
            "on_new_commit",
            Form::Choice {
                method: "on_new_commit",
                ty: "",
                values: &[("conservative", ""), ("interruptible", ""), ("none", "")],
            },
        ),
        kw(
            "on_job_failure",
            Form::Choice {
                method: "on_job_failure",
                ty: "",
                values: &[("all", ""), ("none", "")],
            },
        ),
    ],
};

/// Keys of one rule (`rules:` items); `auto_cancel` only in `workflow:rules`.
pub(crate) static RULE: Table = Table {
    what: "`rules` key",
    keys: &[
        kw("if", Form::Str("")),
        kw("changes", Form::Special(Special::RuleFiles)),
        kw("exists", Form::Special(Special::RuleFiles)),
        kw("when", WHEN_FORM),
        kw("allow_failure", Form::Bool("allow_failure")),
        kw("start_in", Form::Str("start_in")),
        kw(
            "variables",
            Form::Special(Special::Variables { long: false }),
        ),
        kw("needs", Form::Special(Special::Needs)),
        kw("interruptible", Form::Bool("interruptible")),
        kw("auto_cancel", block("auto_cancel", &AUTO_CANCEL)),
    ],
};

/// `rules:changes` long form.
pub(crate) static CHANGES: Table = Table {
    what: "`rules:changes` key",
    keys: &[
        kw("paths", Form::Strs("paths")),
        kw("compare_to", Form::Str("compare_to")),
    ],
};

/// `rules:exists` long form.
pub(crate) static EXISTS: Table = Table {
    what: "`rules:exists` key",
    keys: &[
        kw("paths", Form::Strs("paths")),
        kw("project", Form::Str("project")),
        kw("ref", Form::Str("git_ref")),
    ],
};

/// `only:` / `except:` long form.
pub(crate) static ONLY_EXCEPT: Table = Table {
    what: "`only`/`except` key",
    keys: &[
        kw("refs", Form::Names("refs")),
        kw("variables", Form::Strs("variables")),
        kw("changes", Form::Strs("changes")),
        kw("kubernetes", Form::Str("kubernetes")),
    ],
};

/// `needs:` item long form (a job of this pipeline, another pipeline, or a project).
pub(crate) static NEED: Table = Table {
    what: "`needs` key",
    keys: &[
        kw("job", Form::Name("")),
        kw("artifacts", Form::Bool("artifacts")),
        kw("optional", Form::Bool("")),
        kw("parallel", Form::Special(Special::Matrix)),
        kw("pipeline", Form::Str("")),
        kw("project", Form::Str("")),
        kw("ref", Form::Str("")),
    ],
};

/// `trigger:` long forms (project and child pipeline).
pub(crate) static TRIGGER: Table = Table {
    what: "`trigger` key",
    keys: &[
        kw("project", Form::Str("")),
        kw("branch", Form::Str("branch")),
        kw("include", Form::Special(Special::Include)),
        kw("strategy", Form::Str("strategy")),
        kw("inputs", Form::Special(Special::Variables { long: false })),
        kw("forward", block("forward", &FORWARD)),
    ],
};

static FORWARD: Table = Table {
    what: "`trigger:forward` key",
    keys: &[
        kw("yaml_variables", Form::Bool("yaml_variables")),
        kw("pipeline_variables", Form::Bool("pipeline_variables")),
    ],
};

/// `include:` item long forms.
pub(crate) static INCLUDE: Table = Table {
    what: "`include` key",
    keys: &[
        kw("local", Form::Str("")),
        kw("remote", Form::Str("")),
        kw("template", Form::Str("")),
        kw("project", Form::Str("")),
        kw("file", Form::Strs("")),
        kw("ref", Form::Str("")),
        kw("component", Form::Str("")),
        kw("artifact", Form::Str("")),
        kw("job", Form::Name("")),
        kw("integrity", Form::Str("")),
        kw("rules", Form::Special(Special::Rules { workflow: false })),
        kw("inputs", Form::Special(Special::Variables { long: false })),
    ],
};

/// `id_tokens:NAME` keys.
pub(crate) static ID_TOKEN: Table = Table {
    what: "`id_tokens` key",
    keys: &[kw("aud", Form::Strs(""))],
};

/// `artifacts:reports:coverage_report` keys.
pub(crate) static COVERAGE_REPORT: Table = Table {
    what: "`coverage_report` key",
    keys: &[
        kw("coverage_format", Form::Str("")),
        kw("path", Form::Str("")),
    ],
};

impl Table {
    /// The key called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Kw> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// Every key name, for suggestions.
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|k| k.name)
    }
}
