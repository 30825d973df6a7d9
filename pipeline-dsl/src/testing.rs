//! proptest strategies for the model (feature `proptest`): arbitrary but valid pipelines,
//! jobs and their parts, for property tests of the emitter, the importer and the
//! validator.
//!
//! Every strategy builds values that GitLab's schema (`ci.json`) accepts, and, where that
//! is cheap to guarantee, values GitLab's own checks accept too: jobs run in declared
//! stages, `needs` and `dependencies` name earlier jobs of the same or an earlier stage,
//! `start_in` comes only with `when: delayed`, `rules` never meets `only`/`except`,
//! `artifacts:access` never meets `artifacts:public`, a cache key is never `.` or holds a
//! `/`, lists GitLab wants non-empty are non-empty. `!reference` tags point into the
//! hidden job [`REFERENCE_HOLDER`], which [`arb_pipeline`] always defines with every key
//! the references read.
//!
//! Free text (script lines, variable values, paths, tags, names of things) comes from
//! [`arb_yaml_string`], which is biased towards what a YAML 1.1 loader misreads: `on`,
//! `0755`, `12:30`, `2019-12-01`, `:sym`, leading indicators, tabs, trailing spaces,
//! line breaks, control characters and non-ASCII text.
//!
//! ```
//! use pipeline_dsl::testing::arb_pipeline;
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let pipeline = arb_pipeline().new_tree(&mut runner).unwrap().current();
//! assert!(pipeline.visible_jobs().count() >= 1);
//! ```

use indexmap::IndexMap;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use crate::model::{
    AllowFailure, Artifacts, ArtifactsAccess, ArtifactsWhen, AutoCancel, Cache, CacheKey,
    CacheKeyFiles, Caches, Changes, ChangesConfig, CoverageReport, DEFAULT_STAGES, DockerOptions,
    Environment, EnvironmentAction, EnvironmentConfig, Exists, ExistsConfig, Float,
    GLOBAL_KEYWORDS, Hooks, INHERITABLE_DEFAULTS, Image, ImageConfig, Inherit, InheritList, Job,
    JobDefaults, JobEntry, KubernetesOptions, Mapping, Matrix, MatrixValue, Need, NeedConfig,
    OneOrMany, OnlyExcept, OnlyExceptConfig, OrReference, Parallel, Pipeline, PullPolicies,
    PullPolicy, REF_KEYWORDS, RETRY_WHEN, Reference, Report, Reports, Retry, RetryConfig, Rule,
    RuleItem, RuleNeed, Scalar, Script, Service, ServiceConfig, StringItem, Value, VariableConfig,
    VariableValue, Variables, When, Workflow,
};

/// `prop_oneof!` with every alternative boxed into one heap-allocated `Union`: the
/// value trees stay small, so debug builds do not overflow the test thread's stack.
macro_rules! one_of {
    ($($s:expr),+ $(,)?) => {
        proptest::strategy::Union::new(vec![$($s.boxed()),+]).boxed()
    };
    ($($w:expr => $s:expr),+ $(,)?) => {
        proptest::strategy::Union::new_weighted(vec![$(($w, $s.boxed())),+]).boxed()
    };
}

/// Builds a strategy once per thread and hands out clones (they share it): strategies
/// are rebuilt for every generated pipeline, and the string ones are costly to build.
macro_rules! memoized {
    ($t:ty, $build:expr) => {{
        thread_local! {
            static BUILT: BoxedStrategy<$t> = $build;
        }
        BUILT.with(Clone::clone)
    }};
}

/// The hidden job every `!reference` made by these strategies points into.
///
/// [`arb_pipeline`] always defines it (see [`arb_reference_holder`]) with `script`,
/// `before_script`, `tags`, `rules`, `needs` and `cache:paths`, the keys the references
/// read.
pub const REFERENCE_HOLDER: &str = ".shared";

/// Strings YAML 1.1 (Ruby's Psych) reads as something else when they are written plain,
/// and strings that are hard to write at all.
#[rustfmt::skip]
const YAML_TRAPS: &[&str] = &[
    // booleans
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    // null
    "null", "Null", "NULL", "~", "",
    // numbers
    "0", "-0", "0755", "0o17", "00", "08", "0x1F", "0b101", "1_000", "1,000", "1,2:3", ".5",
    "1.", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "+1", "-1", "1.0", "3.14",
    // sexagesimal, dates, times
    "12:30", "1:02:03", "190:20:30.15", "2019-12-01", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5",
    // Ruby symbols
    ":sym", ":\"quoted sym\"", ":",
    // indicators and structure
    "<<", "=", "---", "...", "- x", "-", "? x", "?", "! x", "!", "&a", "*a", "# x", "#", "%x",
    "@x", "`x", "| x", "|", "> x", ">", "'x", "\"x", "{x", "[x", ", x", "{}", "[]", "a: b",
    "a #b", "a:", "x:y", "http://example.com/a#b",
    // whitespace
    "\tx", "x\t", "a\tb", " x", "x ", " ", "\t",
    // lines
    "a\nb", " a\n b\n", "a\n", "a\n\n", "\n", "\na", "\ta\nb", "a\n\tb", "a\n\nb", "a \nb",
    "a\r\nb", "a\rb",
    // unicode and control characters
    "\u{a0}", "a\u{a0}", "\u{feff}x", "é", "日本語", "🎉", "\u{85}", "\u{2028}", "\u{0}", "\u{7}",
    "\u{1b}[31m", "\u{7f}",
    // CI-flavoured
    "$CI_COMMIT_TAG", "${VAR}", "echo \"on\"", "docker:dind", "*.log", "**/*",
    "!reference [a, b]", "exit 0",
];

/// Strings that stress YAML quoting: YAML 1.1 look-alikes, indicator characters,
/// whitespace at either end, line breaks, control characters and non-ASCII text, alone
/// and combined. May be empty.
pub fn arb_yaml_string() -> impl Strategy<Value = String> {
    memoized!(String, build_yaml_string())
}

fn build_yaml_string() -> BoxedStrategy<String> {
    let trap = || select(YAML_TRAPS).prop_map(str::to_owned);
    // Digits, YAML indicators, whitespace, the letters of `yes`/`no`/`on`/`off`/`true`...
    let special = || re("[yYnNoOtTfFeEaslru0-9:\\-,.#\\&*!|>'\"%@`?{}\\[\\]\\~ \t\n_+$=<]{0,12}");
    let unicode =
        re("[\u{a0}\u{85}\u{2028}\u{2029}\u{feff}\u{e9}\u{65e5}\u{1f389}a-z0-9 :\\-]{0,6}");
    let controls = re("[\\x00-\\x1f\\x7fa: ]{0,4}");
    let line = || one_of![trap(), special()];
    one_of![
        3 => trap(),
        4 => special(),
        1 => unicode,
        1 => controls,
        2 => (trap(), special(), trap()).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        2 => (vec(line(), 2..5), 0..3usize)
            .prop_map(|(lines, newlines)| lines.join("\n") + &"\n".repeat(newlines)),
        1 => re("[a-z :#'\"-]{80,600}"),
    ]
}

/// [`arb_yaml_string`] without the empty string.
fn non_empty_string() -> BoxedStrategy<String> {
    memoized!(
        String,
        arb_yaml_string()
            .prop_filter("non-empty", |s| !s.is_empty())
            .boxed()
    )
}

/// One line of text: no line break (for names, messages and paths).
fn one_line_string() -> BoxedStrategy<String> {
    memoized!(
        String,
        non_empty_string()
            .prop_filter("one line", |s| !s.contains(['\n', '\r']))
            .boxed()
    )
}

/// A string strategy from a regular expression, compiled once per thread (a bare `&str`
/// strategy recompiles its regex for every value, which is slow and deep in debug builds).
fn re(pattern: &'static str) -> BoxedStrategy<String> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::BTreeMap<&'static str, BoxedStrategy<String>>> =
            std::cell::RefCell::default();
    }
    COMPILED.with(|compiled| {
        compiled
            .borrow_mut()
            .entry(pattern)
            .or_insert_with(|| {
                proptest::string::string_regex(pattern)
                    .unwrap_or_else(|e| panic!("bad pattern {pattern:?}: {e}"))
                    .boxed()
            })
            .clone()
    })
}

/// Keeps the first occurrence of every item.
fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// `!reference [REFERENCE_HOLDER, path...]`.
fn reference(path: &[&str]) -> Reference {
    Reference::new(std::iter::once(REFERENCE_HOLDER).chain(path.iter().copied()))
}

/// Names that must be quoted to stay strings; valid as job, stage and environment names.
#[rustfmt::skip]
const NAME_TRAPS: &[&str] = &[
    "on", "On", "off", "yes", "No", "y", "N", "true", "FALSE", "null", "Null", "~", "0755",
    "0x1F", "12:30", "1:02:03", "1_000", "1,000", "1.0", "1e3", "2019-12-01", ":sym", "=",
    "---", "...", "- x", "-x", "? x", "!x", "&x", "*x", "#x", "%x", "@x", "`x", "|x", ">x",
    "'x", "\"x", "[x]", "{x}", "a: b", "a #b", "a:", "x:y", "日本語", "é", "x ", " x",
];

/// Whether `name` cannot be a visible job's name (a global keyword, a hidden key, `<<`).
fn reserved_job_name(name: &str) -> bool {
    GLOBAL_KEYWORDS.contains(&name)
        || matches!(name, "default" | "workflow" | "pages" | "!reference" | "<<")
        || name.starts_with('.')
        || name.trim().is_empty()
        || name.chars().count() > 255
}

/// Visible job names: mostly identifiers, `build:linux`, `deploy prod`, and names YAML
/// 1.1 would misread unquoted (`on`, `0755`, `12:30`, `- x`, ...). Never a global
/// keyword, `<<`, or a hidden (`.`) name; at most 255 characters.
pub fn arb_job_name() -> impl Strategy<Value = String> {
    one_of![
        6 => re("[a-z][a-z0-9_-]{0,12}"),
        1 => re("[a-z]{1,6}(:[a-z0-9]{1,6}){1,2}"),
        1 => re("[a-z]{1,6} [a-z0-9]{1,6}"),
        2 => select(NAME_TRAPS).prop_map(str::to_owned),
    ]
    .prop_filter("a job name", |n| !reserved_job_name(n))
}

/// Stage names: identifiers, names with spaces or colons, and YAML 1.1 look-alikes.
/// Never `.pre` or `.post` (GitLab adds those itself).
pub fn arb_stage_name() -> impl Strategy<Value = String> {
    one_of![
        6 => re("[a-z][a-z0-9_-]{0,10}"),
        1 => re("[a-z]{1,6} [a-z0-9]{1,6}"),
        2 => select(NAME_TRAPS).prop_map(str::to_owned),
    ]
    .prop_filter("a stage name", |n| !matches!(n.as_str(), ".pre" | ".post"))
}

/// Variable names: identifiers, including the upper-case YAML 1.1 booleans and null
/// (`ON`, `YES`, `NULL`, ...). Never `<<`.
pub fn arb_variable_name() -> impl Strategy<Value = String> {
    one_of![
        6 => re("[A-Z_][A-Z0-9_]{0,15}"),
        1 => re("[a-z][a-z0-9_]{0,8}"),
        2 => select(&["ON", "OFF", "YES", "NO", "Y", "N", "TRUE", "FALSE", "NULL", "On", "y"][..])
            .prop_map(str::to_owned),
    ]
}

/// Finite floats, including the ones whose shortest spelling has an exponent.
fn arb_float() -> BoxedStrategy<f64> {
    one_of![
        2 => select(&[
            0.0, -0.0, 0.5, 1.0, -1.5, 2.25, 100.0, 1e15, 1e16, 1e20, 1.5e300, 1e-7, 1e-5,
            123_456.789, 0.1, f64::MAX, f64::MIN_POSITIVE,
        ][..]),
        1 => -1.0e6..1.0e6f64,
    ]
    .boxed()
}

/// A variable value as written: a string (mostly), an integer, a float or a boolean.
fn arb_scalar() -> BoxedStrategy<Scalar> {
    memoized!(Scalar, build_scalar())
}

fn build_scalar() -> BoxedStrategy<Scalar> {
    one_of![
        6 => arb_yaml_string().prop_map(Scalar::String),
        1 => any::<i64>().prop_map(Scalar::Int),
        1 => arb_float().prop_map(|f| Scalar::Float(Float(f))),
        1 => any::<bool>().prop_map(Scalar::Bool),
    ]
    .boxed()
}

/// One variable: the short form, or the long form (`description` and `options` only for
/// global variables; a value from `options` when they are given).
fn arb_variable_value(global: bool) -> BoxedStrategy<VariableValue> {
    let config = (
        option::of(arb_yaml_string()),
        option::of(arb_yaml_string()),
        if global {
            option::weighted(0.3, vec(arb_yaml_string(), 1..4)).boxed()
        } else {
            Just(None).boxed()
        },
        option::of(any::<bool>()),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(value, description, options, expand, pick)| {
            let mut c = VariableConfig {
                expand,
                ..VariableConfig::default()
            };
            if global {
                c.description = description;
            }
            match options.map(dedup) {
                Some(options) => {
                    c.value = Some(pick.get(&options).clone());
                    c.options = Some(options);
                }
                None => c.value = value,
            }
            VariableValue::Config(Box::new(c))
        });
    one_of![
        5 => arb_scalar().prop_map(VariableValue::Value),
        2 => config,
    ]
    .boxed()
}

fn variables_with(global: bool) -> BoxedStrategy<Variables> {
    vec((arb_variable_name(), arb_variable_value(global)), 0..5)
        .prop_map(|pairs| Variables(pairs.into_iter().collect()))
        .boxed()
}

/// Job-level `variables:`: short values of every scalar type and the long form
/// `{value, expand}`; possibly empty.
pub fn arb_variables() -> impl Strategy<Value = Variables> {
    variables_with(false)
}

/// Global `variables:`: as [`arb_variables`], and the long form may also have
/// `description` and `options`.
pub fn arb_global_variables() -> impl Strategy<Value = Variables> {
    variables_with(true)
}

/// Script items: a string (mostly), a nested list of strings, or a `!reference`.
fn arb_script_item() -> BoxedStrategy<StringItem> {
    one_of![
        8 => arb_yaml_string().prop_map(StringItem::One),
        1 => vec(arb_yaml_string(), 1..3).prop_map(StringItem::Nested),
        1 => Just(StringItem::Reference(reference(&["before_script"]))),
    ]
    .boxed()
}

/// `script:` in every form: one string, a list (with nested lists and `!reference`
/// items), or a `!reference`. Never empty.
pub fn arb_script() -> impl Strategy<Value = Script> {
    one_of![
        2 => non_empty_string().prop_map(Script::Line),
        7 => vec(arb_script_item(), 1..5).prop_map(Script::Lines),
        1 => Just(Script::Reference(reference(&["script"]))),
    ]
}

/// `rules:if` expressions GitLab parses: comparisons with `==`, `!=`, `=~`, `!~`,
/// `null`, bare variables, joined with `&&`, `||` and parentheses.
pub fn arb_if_expression() -> impl Strategy<Value = String> {
    memoized!(String, build_if_expression())
}

fn build_if_expression() -> BoxedStrategy<String> {
    let var = || {
        one_of![
            select(
                &[
                    "$CI_COMMIT_BRANCH",
                    "$CI_COMMIT_TAG",
                    "$CI_PIPELINE_SOURCE",
                    "$CI_DEFAULT_BRANCH",
                    "$CI_MERGE_REQUEST_IID",
                    "$CI_COMMIT_REF_NAME",
                ][..]
            )
            .prop_map(str::to_owned),
            re("\\$[A-Z][A-Z0-9_]{0,8}"),
        ]
    };
    let literal = one_of![
        re("\"[a-zA-Z0-9 ._/-]{0,10}\""),
        re("'[a-zA-Z0-9 ._/-]{0,10}'"),
        Just("null".to_owned()),
    ];
    let regex = re("/\\^?[a-z0-9_-]{1,8}(\\.\\*)?\\$?/i?");
    let atom = || {
        one_of![
            var(),
            (var(), select(&["==", "!="][..]), literal.clone())
                .prop_map(|(v, op, l)| format!("{v} {op} {l}")),
            (var(), select(&["==", "!="][..]), var())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            (var(), select(&["=~", "!~"][..]), regex.clone())
                .prop_map(|(v, op, r)| format!("{v} {op} {r}")),
        ]
    };
    one_of![
        3 => atom().boxed(),
        1 => (atom(), select(&["&&", "||"][..]), atom()).prop_map(|(a, op, b)| format!("{a} {op} {b}")),
        1 => (atom(), atom(), atom()).prop_map(|(a, b, c)| format!("({a} || {b}) && {c}")),
    ]
}

/// Globs and file names, a few of them YAML look-alikes.
fn arb_path() -> BoxedStrategy<String> {
    memoized!(String, build_path())
}

fn build_path() -> BoxedStrategy<String> {
    one_of![
        3 => select(&[
            "src/**/*", "Cargo.toml", "Cargo.lock", "*.md", "docs/{a,b}/*.txt", "target/",
            "build/output.log", "**/*.rs", "public", "yes", "on", "0755", "1.0", "- x",
        ][..])
        .prop_map(str::to_owned),
        2 => re("[a-z]{1,8}(/[a-z0-9_.*-]{1,8}){0,2}"),
        1 => one_line_string(),
    ]
    .boxed()
}

/// `rules:changes` in both forms (the long form with exactly one of `paths`/`regexp`).
fn arb_changes() -> BoxedStrategy<Changes> {
    one_of![
        2 => vec(arb_path(), 0..3).prop_map(Changes::Paths),
        1 => (vec(arb_path(), 0..3), option::of(select(&["main", "refs/heads/main", "$CI_DEFAULT_BRANCH"][..])))
            .prop_map(|(paths, compare_to)| {
                let c = ChangesConfig {
                    paths: Some(paths),
                    compare_to: compare_to.map(str::to_owned),
                    ..ChangesConfig::default()
                };
                Changes::Config(Box::new(c))
            }),
        1 => Just({
            let c = ChangesConfig {
                regexp: Some("^src/.*\\.rs$".to_owned()),
                ..ChangesConfig::default()
            };
            Changes::Config(Box::new(c))
        }),
    ]
    .boxed()
}

/// `rules:exists` in both forms (`ref` only with `project`).
fn arb_exists() -> BoxedStrategy<Exists> {
    one_of![
        2 => vec(arb_path(), 0..3).prop_map(Exists::Paths),
        1 => (vec(arb_path(), 0..3), option::of((Just("group/project"), option::of(Just("main")))))
            .prop_map(|(paths, project)| {
                let mut c = ExistsConfig {
                    paths: Some(paths),
                    ..ExistsConfig::default()
                };
                if let Some((project, git_ref)) = project {
                    c.project = Some(project.to_owned());
                    c.git_ref = git_ref.map(str::to_owned);
                }
                Exists::Config(Box::new(c))
            }),
        1 => Just({
            let c = ExistsConfig {
                regexp: Some("Dockerfile.*".to_owned()),
                ..ExistsConfig::default()
            };
            Exists::Config(Box::new(c))
        }),
    ]
    .boxed()
}

/// `rules:variables` / matrix-free name-to-scalar maps.
fn arb_rule_variables() -> BoxedStrategy<IndexMap<String, Scalar>> {
    vec((arb_variable_name(), arb_scalar()), 0..3)
        .prop_map(|pairs| pairs.into_iter().collect())
        .boxed()
}

/// A job rule whose `needs` name jobs from `needable`.
fn rule_with(needable: Vec<String>) -> BoxedStrategy<Rule> {
    let need = move || {
        let names = needable.clone();
        let n = names.len();
        subsequence(names, 0..=n).prop_flat_map(|names| {
            names
                .into_iter()
                .map(|job| {
                    one_of![
                        Just(RuleNeed::Job(job.clone())),
                        (option::of(any::<bool>()), option::of(any::<bool>())).prop_map(
                            move |(artifacts, optional)| RuleNeed::Config {
                                job: job.clone(),
                                artifacts,
                                optional,
                            }
                        ),
                    ]
                })
                .collect::<Vec<_>>()
        })
    };
    (
        (
            option::weighted(0.7, arb_if_expression()),
            option::weighted(0.2, arb_changes()),
            option::weighted(0.2, arb_exists()),
            option::weighted(0.2, arb_rule_variables()),
        ),
        (
            option::of(select(&When::ALL[..])),
            select(&["5 minutes", "1 hour", "30 seconds", "1 day"][..]),
            option::weighted(0.2, any::<bool>()),
            option::weighted(0.2, need()),
            option::weighted(0.2, any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (condition, changes, exists, variables),
                (when, start_in, allow_failure, needs, interruptible),
            )| {
                let when = when.map(|(_, w)| w);
                Rule {
                    condition,
                    changes,
                    exists,
                    variables,
                    when,
                    start_in: (when == Some(When::Delayed)).then(|| start_in.to_owned()),
                    allow_failure,
                    needs,
                    interruptible,
                    ..Rule::default()
                }
            },
        )
        .boxed()
}

/// One job rule: `if`, `changes`, `exists`, `variables`, `when` (with `start_in` for
/// `delayed`), `allow_failure`, `needs` (names and the long form), `interruptible`.
pub fn arb_rule() -> impl Strategy<Value = Rule> {
    rule_with(vec!["build".to_owned(), "lint".to_owned()])
}

/// A job's `rules:`: rules and `!reference` items, or a `!reference` to a list of rules.
fn rules_with(needable: Vec<String>) -> BoxedStrategy<OrReference<Vec<RuleItem>>> {
    let item = one_of![
        6 => rule_with(needable).prop_map(RuleItem::Rule),
        1 => Just(RuleItem::Other(StringItem::Reference(reference(&["rules"])))),
    ];
    one_of![
        8 => vec(item, 1..4).prop_map(OrReference::Value),
        1 => Just(OrReference::Reference(reference(&["rules"]))),
    ]
    .boxed()
}

/// A small `parallel:matrix`: 1 to 3 entries of 1 to 3 variables with 1 to 3 values.
fn arb_matrix() -> BoxedStrategy<Matrix> {
    let value = || {
        one_of![
            3 => one_line_string().prop_map(Value::String),
            1 => (0..1000i64).prop_map(Value::Int),
        ]
    };
    let matrix_value = one_of![
        1 => value().prop_map(MatrixValue::One),
        1 => vec(value(), 1..4).prop_map(|vs| MatrixValue::Many(dedup(vs))),
    ];
    vec(vec((arb_variable_name(), matrix_value), 1..4), 1..4)
        .prop_map(|entries| Matrix {
            matrix: entries
                .into_iter()
                .map(|e| e.into_iter().collect())
                .collect(),
            ..Matrix::default()
        })
        .boxed()
}

/// `{job, artifacts, optional}` (and `parallel:matrix` when `with_matrix`) for `job`.
fn local_need_config(job: String, with_matrix: bool) -> BoxedStrategy<Need> {
    (
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        if with_matrix {
            option::weighted(0.3, arb_matrix()).boxed()
        } else {
            Just(None).boxed()
        },
    )
        .prop_map(move |(artifacts, optional, parallel)| {
            let mut c = NeedConfig::new(job.clone());
            c.artifacts = artifacts;
            c.optional = optional;
            c.parallel = parallel;
            Need::Config(Box::new(c))
        })
        .boxed()
}

/// Needs that name no job of this pipeline: `{job, pipeline}`, `{job, project, ref}`,
/// and `!reference`.
fn remote_need() -> BoxedStrategy<Need> {
    one_of![
        (option::of(any::<bool>()), option::of(any::<bool>())).prop_map(|(artifacts, optional)| {
            let mut c = NeedConfig::new("upstream-build");
            c.pipeline = Some("$PARENT_PIPELINE_ID".to_owned());
            c.artifacts = artifacts;
            c.optional = optional;
            Need::Config(Box::new(c))
        }),
        option::of(any::<bool>()).prop_map(|artifacts| {
            let mut c = NeedConfig::new("other-project-build");
            c.project = Some("group/other-project".to_owned());
            c.git_ref = Some("main".to_owned());
            c.artifacts = artifacts;
            Need::Config(Box::new(c))
        }),
        Just(Need::Reference(reference(&["needs"]))),
    ]
    .boxed()
}

/// Needs of a job that may need the jobs in `needable` (each at most once), plus
/// cross-pipeline and cross-project needs and `!reference` items; possibly empty.
fn needs_with(needable: Vec<String>) -> BoxedStrategy<OrReference<Vec<Need>>> {
    let n = needable.len();
    let local = subsequence(needable, 0..=n).prop_flat_map(|names| {
        names
            .into_iter()
            .map(|job| {
                one_of![2 => Just(Need::Job(job.clone())), 1 => local_need_config(job, false)]
            })
            .collect::<Vec<_>>()
    });
    let list = (local, vec(remote_need(), 0..2)).prop_map(|(mut needs, remote)| {
        // Each cross-pipeline form at most once (GitLab refuses a need listed twice).
        for need in remote {
            if !needs.contains(&need) {
                needs.push(need);
            }
        }
        needs
    });
    one_of![
        8 => list.prop_map(OrReference::Value),
        1 => Just(OrReference::Reference(reference(&["needs"]))),
    ]
    .boxed()
}

/// One `needs:` item in every form: a job name, `{job, artifacts, optional,
/// parallel:matrix}`, `{job, pipeline}`, `{job, project, ref}`, `!reference`.
pub fn arb_need() -> impl Strategy<Value = Need> {
    one_of![
        3 => arb_job_name().prop_map(Need::Job),
        2 => arb_job_name().prop_flat_map(|job| local_need_config(job, true)),
        2 => remote_need(),
    ]
}

/// Image references: real-looking names, tags, digests, variables, and YAML look-alikes.
fn arb_image_name() -> BoxedStrategy<String> {
    one_of![
        3 => select(&[
            "alpine", "rust:1.95", "docker:27-dind", "registry.example.com:5000/group/app:1.2.3",
            "ghcr.io/org/img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA", "python:3.12-slim", "node:22", "on", "yes", "null",
            "1.0", "12:30", "0755",
        ][..])
        .prop_map(str::to_owned),
        2 => re("[a-z][a-z0-9]{0,6}(/[a-z0-9]{1,6})?(:[0-9]{1,2}(\\.[0-9]{1,2})?)?"),
    ]
    .boxed()
}

fn arb_pull_policies() -> BoxedStrategy<PullPolicies> {
    let policy = || select(&PullPolicy::ALL[..]).prop_map(|(_, p)| p);
    one_of![
        policy().prop_map(PullPolicies::One),
        vec(policy(), 1..4).prop_map(|ps| PullPolicies::Many(dedup(ps))),
    ]
    .boxed()
}

fn arb_docker_options() -> BoxedStrategy<DockerOptions> {
    (
        option::of(select(&["linux/amd64", "linux/arm64"][..])),
        option::of(select(&["1000", "root", "nobody", "0"][..])),
    )
        .prop_map(|(platform, user)| DockerOptions {
            platform: platform.map(str::to_owned),
            user: user.map(str::to_owned),
            ..DockerOptions::default()
        })
        .boxed()
}

fn arb_kubernetes_options() -> BoxedStrategy<KubernetesOptions> {
    one_of![
        Just(None),
        (0..65_536i64).prop_map(|u| Some(Value::Int(u))),
        select(&["1000", "runner"][..]).prop_map(|u| Some(Value::from(u))),
    ]
    .prop_map(|user| KubernetesOptions {
        user,
        ..KubernetesOptions::default()
    })
    .boxed()
}

/// `image:` in both forms: a name, or `{name, entrypoint, docker, kubernetes,
/// pull_policy}`.
pub fn arb_image() -> impl Strategy<Value = Image> {
    let config = (
        arb_image_name(),
        option::of(vec(arb_yaml_string().prop_map(Value::String), 1..3)),
        option::of(arb_docker_options()),
        option::weighted(0.3, arb_kubernetes_options()),
        option::of(arb_pull_policies()),
    )
        .prop_map(|(name, entrypoint, docker, kubernetes, pull_policy)| {
            let mut c = ImageConfig::new(name);
            c.entrypoint = entrypoint;
            c.docker = docker;
            c.kubernetes = kubernetes;
            c.pull_policy = pull_policy;
            Image::Config(Box::new(c))
        });
    one_of![3 => arb_image_name().prop_map(Image::Name), 2 => config]
}

/// `services:` items in both forms.
fn arb_service() -> BoxedStrategy<Service> {
    let config = (
        arb_image_name(),
        option::of(re("[a-z][a-z0-9-]{0,8}")),
        option::weighted(0.3, vec(non_empty_string(), 1..3)),
        option::weighted(0.3, vec(arb_yaml_string(), 1..3)),
        option::weighted(0.3, arb_variables()),
        option::weighted(0.3, arb_pull_policies()),
    )
        .prop_map(
            |(name, alias, entrypoint, command, variables, pull_policy)| {
                let mut c = ServiceConfig::new(name);
                c.alias = alias;
                c.entrypoint = entrypoint;
                c.command = command.map(Script::from);
                c.variables = variables;
                c.pull_policy = pull_policy;
                Service::Config(Box::new(c))
            },
        );
    one_of![2 => arb_image_name().prop_map(Service::Name), 1 => config].boxed()
}

/// `tags:` - a non-empty list of tags (nested lists, `!reference` items) or a
/// `!reference`.
fn arb_tags() -> BoxedStrategy<OrReference<Vec<StringItem>>> {
    let item = one_of![
        6 => one_line_string().prop_map(StringItem::One),
        1 => vec(one_line_string(), 1..3).prop_map(StringItem::Nested),
        1 => Just(StringItem::Reference(reference(&["tags"]))),
    ];
    one_of![
        8 => vec(item, 1..4).prop_map(|items| OrReference::Value(dedup(items))),
        1 => Just(OrReference::Reference(reference(&["tags"]))),
    ]
    .boxed()
}

fn arb_duration() -> BoxedStrategy<String> {
    select(
        &[
            "10m",
            "1h",
            "1h 30m",
            "30 minutes",
            "2 hours 5 minutes",
            "3600",
            "1 day",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed()
}

fn arb_retry() -> BoxedStrategy<Retry> {
    let when = one_of![
        select(&RETRY_WHEN[..]).prop_map(|w| OneOrMany::One(w.to_owned())),
        subsequence(&RETRY_WHEN[..], 1..4)
            .prop_map(|ws| OneOrMany::Many(ws.into_iter().map(str::to_owned).collect())),
    ];
    let config = (
        option::of(0..=2u8),
        option::of(when),
        option::of(arb_exit_codes()),
    )
        .prop_map(|(max, when, exit_codes)| {
            let c = RetryConfig {
                max,
                when,
                exit_codes,
                ..RetryConfig::default()
            };
            Retry::Config(Box::new(c))
        });
    one_of![(0..=2u8).prop_map(Retry::Max), config].boxed()
}

fn arb_exit_codes() -> BoxedStrategy<OneOrMany<i64>> {
    one_of![
        (0..=255i64).prop_map(OneOrMany::One),
        vec(0..=255i64, 1..4).prop_map(|cs| OneOrMany::Many(dedup(cs))),
    ]
    .boxed()
}

fn arb_allow_failure() -> BoxedStrategy<AllowFailure> {
    one_of![
        2 => any::<bool>().prop_map(AllowFailure::Bool),
        1 => arb_exit_codes().prop_map(|exit_codes| AllowFailure::ExitCodes { exit_codes }),
    ]
    .boxed()
}

fn arb_parallel() -> BoxedStrategy<Parallel> {
    one_of![
        2 => (1..=200u32).prop_map(Parallel::Count),
        1 => arb_matrix().prop_map(Parallel::Matrix),
    ]
    .boxed()
}

fn arb_environment() -> BoxedStrategy<Environment> {
    let name = || {
        one_of![
            3 => re("[a-z]{1,8}(/[a-z0-9_-]{1,8})?"),
            1 => Just("review/$CI_COMMIT_REF_SLUG".to_owned()),
            1 => select(&["on", "yes", "null", "1.0", "0755", "production"][..]).prop_map(str::to_owned),
        ]
    };
    let config = (
        name(),
        option::of(select(
            &[
                "https://example.com",
                "https://$CI_ENVIRONMENT_SLUG.example.com",
                "$DYNAMIC_URL",
            ][..],
        )),
        option::of(select(&EnvironmentAction::ALL[..])),
        option::of(select(&["1 day", "1 week", "never"][..])),
        option::weighted(0.2, Just(())),
        option::of(select(
            &["production", "staging", "testing", "development", "other"][..],
        )),
    )
        .prop_map(|(name, url, action, auto_stop_in, kubernetes, tier)| {
            let c = EnvironmentConfig {
                name,
                url: url.map(str::to_owned),
                action: action.map(|(_, a)| a),
                auto_stop_in: auto_stop_in.map(str::to_owned),
                kubernetes: kubernetes.map(|()| {
                    let mut m = Mapping::new();
                    m.insert("agent".into(), Value::from("group/project:agent"));
                    m.insert("namespace".into(), Value::from("apps"));
                    Value::Map(m)
                }),
                deployment_tier: tier.map(str::to_owned),
                ..EnvironmentConfig::default()
            };
            Environment::Config(Box::new(c))
        });
    one_of![name().prop_map(Environment::Name), config].boxed()
}

/// A file list for `artifacts:reports`.
fn arb_report_files(list: bool) -> BoxedStrategy<Report> {
    if list {
        one_of![
            arb_path().prop_map(|p| Report::Files(OneOrMany::One(p))),
            vec(arb_path(), 1..3).prop_map(|ps| Report::Files(OneOrMany::Many(ps))),
        ]
        .boxed()
    } else {
        arb_path()
            .prop_map(|p| Report::Files(OneOrMany::One(p)))
            .boxed()
    }
}

fn arb_reports() -> BoxedStrategy<Reports> {
    const STRING_ONLY: [&str; 3] = ["accessibility", "annotations", "browser_performance"];
    let names: Vec<&'static str> = crate::model::REPORT_NAMES.to_vec();
    subsequence(names, 1..4)
        .prop_flat_map(|names| {
            names
                .into_iter()
                .map(|name| {
                    let report = if name == "coverage_report" {
                        one_of![
                            4 => (select(&["cobertura", "jacoco"][..]), arb_path()).prop_map(|(f, p)| {
                                let c = CoverageReport {
                                    coverage_format: Some(f.to_owned()),
                                    path: Some(p),
                                    ..CoverageReport::default()
                                };
                                Report::CoverageReport(Some(c))
                            }),
                            1 => Just(Report::CoverageReport(None)),
                        ]
                        .boxed()
                    } else {
                        arb_report_files(!STRING_ONLY.contains(&name))
                    };
                    (Just(name.to_owned()), report)
                })
                .collect::<Vec<_>>()
        })
        .prop_map(|pairs| Reports(pairs.into_iter().collect()))
        .boxed()
}

/// `artifacts:` with every key: `paths`, `exclude`, `expose_as` (with plain file paths, as
/// GitLab wants), `name`, `untracked`, `when`, `access` or `public`, `expire_in`,
/// `reports`.
pub fn arb_artifacts() -> impl Strategy<Value = Artifacts> {
    let expose = (
        re("[A-Za-z][A-Za-z0-9_-]{0,6}( [A-Za-z0-9]{1,6})?"),
        vec(re("[a-z]{1,6}(/[a-z]{1,6})?\\.(txt|html|json)"), 1..3),
    );
    (
        (
            option::of(vec(arb_path(), 1..3)),
            option::weighted(0.3, vec(arb_path(), 1..3)),
            option::weighted(0.2, expose),
            option::weighted(0.3, one_line_string()),
            option::weighted(0.3, any::<bool>()),
        ),
        (
            option::of(select(&ArtifactsWhen::ALL[..])),
            one_of![
                Just((None, None)),
                select(&ArtifactsAccess::ALL[..]).prop_map(|(_, a)| (Some(a), None)),
                any::<bool>().prop_map(|p| (None, Some(p))),
            ],
            option::of(select(&["1 week", "never", "30 days", "1 hrs 20 min"][..])),
            option::weighted(0.4, arb_reports()),
        ),
    )
        .prop_map(
            |(
                (paths, exclude, expose, name, untracked),
                (when, (access, public), expire_in, reports),
            )| {
                let mut a = Artifacts {
                    paths,
                    ..Artifacts::default()
                };
                if let Some((expose_as, paths)) = expose {
                    a.expose_as = Some(expose_as);
                    a.paths = Some(paths);
                }
                a.exclude = exclude;
                a.name = name;
                a.untracked = untracked;
                a.when = when.map(|(_, w)| w);
                a.access = access;
                a.public = public;
                a.expire_in = expire_in.map(str::to_owned);
                a.reports = reports;
                a
            },
        )
}

/// Cache keys GitLab accepts: not empty, not only dots, no `/` (nor its escapes).
fn arb_cache_key_name() -> BoxedStrategy<String> {
    one_of![
        2 => select(&["$CI_COMMIT_REF_SLUG", "cargo", "on", "0755", "12:30", "key-$CI_JOB_NAME"][..])
            .prop_map(str::to_owned),
        2 => one_line_string(),
    ]
    .prop_filter("a cache key", |k| {
        let lower = k.to_ascii_lowercase();
        !k.contains('/')
            && k.chars().any(|c| c != '.')
            && !lower.contains("%2f")
            && !lower.contains("%2e")
    })
    .boxed()
}

fn arb_cache_key() -> BoxedStrategy<CacheKey> {
    let files = (
        one_of![
            vec(arb_path(), 1..3).prop_map(|f| (Some(f), None)),
            vec(arb_path(), 1..=2).prop_map(|f| (None, Some(f))),
        ],
        option::of(arb_cache_key_name()),
    )
        .prop_map(|((files, files_commits), prefix)| {
            let k = CacheKeyFiles {
                files,
                files_commits,
                prefix,
                ..CacheKeyFiles::default()
            };
            CacheKey::Files(k)
        });
    one_of![3 => arb_cache_key_name().prop_map(CacheKey::Name), 1 => files].boxed()
}

fn arb_one_cache() -> BoxedStrategy<Cache> {
    (
        (
            option::of(arb_cache_key()),
            one_of![
                6 => option::of(vec(arb_path(), 1..3).prop_map(crate::model::PathList::Paths)),
                1 => Just(Some(crate::model::PathList::Reference(reference(&["cache", "paths"])))),
            ],
            option::of(select(&["pull", "push", "pull-push", "$CACHE_POLICY"][..])),
        ),
        (
            option::weighted(0.2, any::<bool>()),
            option::weighted(0.2, any::<bool>()),
            option::of(select(&ArtifactsWhen::ALL[..])),
            option::weighted(0.2, vec(arb_cache_key_name(), 0..=5)),
        ),
    )
        .prop_map(
            |((key, paths, policy), (unprotect, untracked, when, fallback_keys))| Cache {
                key,
                paths,
                policy: policy.map(str::to_owned),
                unprotect,
                untracked,
                when: when.map(|(_, w)| w),
                fallback_keys,
                ..Cache::default()
            },
        )
        .boxed()
}

/// `cache:` - one cache, or a list of 1 to 4, with every key (`key` as a name or
/// `{files|files_commits, prefix}`, `paths` or a `!reference` to them, `policy`,
/// `unprotect`, `untracked`, `when`, `fallback_keys`).
pub fn arb_cache() -> impl Strategy<Value = Caches> {
    one_of![
        3 => arb_one_cache().prop_map(|c| Caches::One(Box::new(c))),
        1 => vec(arb_one_cache(), 1..=4).prop_map(Caches::Many),
    ]
}

fn arb_inherit() -> BoxedStrategy<Inherit> {
    let list = |names: BoxedStrategy<Vec<String>>| {
        one_of![
            any::<bool>().prop_map(InheritList::All),
            names.prop_map(InheritList::Only)
        ]
    };
    (
        option::of(list(
            subsequence(&INHERITABLE_DEFAULTS[..], 0..4)
                .prop_map(|ns| ns.into_iter().map(str::to_owned).collect())
                .boxed(),
        )),
        option::of(list(vec(arb_variable_name(), 0..3).prop_map(dedup).boxed())),
    )
        .prop_map(|(default, variables)| Inherit {
            default,
            variables,
            ..Inherit::default()
        })
        .boxed()
}

fn arb_only_except() -> BoxedStrategy<OnlyExcept> {
    let refs = || {
        vec(
            one_of![
                select(&REF_KEYWORDS[..]).prop_map(str::to_owned),
                select(&["main", "/^release-.*$/", "yes", "on"][..]).prop_map(str::to_owned),
            ]
            .prop_map(StringItem::One),
            1..3,
        )
        .prop_map(dedup)
    };
    let config = (
        option::of(refs()),
        option::weighted(0.2, Just("active")),
        option::weighted(0.3, vec(arb_if_expression(), 1..3)),
        option::weighted(0.3, vec(arb_path(), 1..3)),
    )
        .prop_map(|(refs, kubernetes, variables, changes)| {
            let c = OnlyExceptConfig {
                refs,
                kubernetes: kubernetes.map(str::to_owned),
                variables,
                changes,
                ..OnlyExceptConfig::default()
            };
            OnlyExcept::Config(Box::new(c))
        });
    one_of![2 => refs().prop_map(OnlyExcept::Refs), 1 => config].boxed()
}

/// Where a job sits in its pipeline: what it may name.
#[derive(Debug, Clone)]
struct JobSite {
    /// The stage to write, `None` for the implicit `test`.
    stage: Option<String>,
    /// Visible jobs of the same or an earlier stage, defined before this one.
    needable: Vec<String>,
    /// Hidden templates it may extend.
    templates: Vec<String>,
}

/// A visible job at `site`. Fields are drawn independently, then GitLab's combination
/// rules are applied (`start_in` only with `when: delayed`, never with `rules`, no
/// `only`/`except` with `rules`, `manual_confirmation` only with `when: manual`,
/// `dependencies` within `needs`).
fn job_at(site: JobSite) -> BoxedStrategy<Job> {
    let JobSite {
        stage,
        needable,
        templates,
    } = site;
    let extends = if templates.is_empty() {
        Just(None).boxed()
    } else {
        let n = templates.len();
        option::weighted(
            0.3,
            one_of![
                select(templates.clone()).prop_map(OneOrMany::One),
                subsequence(templates, 1..=n).prop_map(OneOrMany::Many),
            ],
        )
        .boxed()
    };
    let n = needable.len();
    let deps = subsequence(needable.clone(), 0..=n);
    let head = (
        extends,
        option::weighted(0.4, arb_image()),
        option::weighted(0.1, vec(arb_service(), 0..3).prop_map(OrReference::Value)),
        option::weighted(0.3, arb_tags()),
        option::weighted(0.4, arb_variables()),
        option::weighted(0.1, arb_inherit()),
        option::weighted(0.4, needs_with(needable.clone())),
        option::weighted(0.2, deps),
    );
    let flow = (
        option::weighted(0.4, rules_with(needable)),
        option::weighted(0.1, arb_only_except()),
        option::weighted(0.1, arb_only_except()),
        option::weighted(
            0.3,
            select(&When::ALL[..]).prop_filter("job when", |(_, w)| *w != When::Never),
        ),
        select(&["5 minutes", "1 hour", "30 seconds", "1 day"][..]),
        option::weighted(0.1, one_line_string()),
        option::weighted(0.3, arb_allow_failure()),
    );
    let scripts = (
        option::weighted(0.3, arb_script()),
        arb_script(),
        option::weighted(0.2, arb_script()),
        option::weighted(0.1, arb_script()),
    );
    let rest = (
        option::weighted(
            0.3,
            one_of![1 => Just(None), 6 => arb_artifacts().prop_map(Some)],
        ),
        option::weighted(0.3, arb_cache()),
        option::weighted(
            0.1,
            select(
                &[
                    "/Coverage: \\d+\\.\\d+%/",
                    "/^TOTAL.+?(\\d+\\%)$/",
                    "/(\\d+\\.\\d+)% covered/",
                ][..],
            ),
        ),
        option::weighted(0.2, arb_environment()),
        option::weighted(0.2, arb_parallel()),
        option::weighted(0.2, arb_retry()),
        option::weighted(0.2, arb_duration()),
        option::weighted(0.2, any::<bool>()),
        option::weighted(
            0.1,
            one_of![
                re("[a-z][a-z0-9_-]{0,8}"),
                Just("$CI_ENVIRONMENT_NAME".to_owned()),
            ],
        ),
    );
    // Boxed parts keep the value tree (and debug builds' stack frames) small.
    (
        Just(stage),
        head.boxed(),
        flow.boxed(),
        scripts.boxed(),
        rest.boxed(),
    )
        .prop_map(|(stage, head, flow, scripts, rest)| {
            let (extends, image, services, tags, variables, inherit, needs, dependencies) = head;
            let (rules, only, except, when, start_in, manual_confirmation, allow_failure) = flow;
            let (before_script, script, after_script, hooks) = scripts;
            let (
                artifacts,
                cache,
                coverage,
                environment,
                parallel,
                retry,
                timeout,
                interruptible,
                resource_group,
            ) = rest;
            let mut job = Job::new();
            job.extends = extends;
            job.stage = stage.map(OneOrMany::One);
            job.image = image;
            job.services = services;
            job.tags = tags;
            job.variables = variables;
            job.inherit = inherit;
            // `dependencies` must be among the jobs `needs` names, when `needs` is given.
            job.dependencies = match (&needs, dependencies) {
                (_, None) => None,
                (None, deps) => deps,
                (Some(OrReference::Value(needs)), Some(deps)) => Some(
                    deps.into_iter()
                        .filter(|d| needs.iter().any(|n| n.job() == Some(d.as_str())))
                        .collect(),
                ),
                (Some(OrReference::Reference(_)), Some(_)) => None,
            };
            job.needs = needs;
            let has_rules = rules.is_some();
            job.rules = rules;
            if !has_rules {
                job.only = only;
                job.except = except;
            }
            job.when = when.map(|(_, w)| w);
            if has_rules && job.when == Some(When::Delayed) {
                job.when = Some(When::Manual);
            }
            if job.when == Some(When::Delayed) {
                job.start_in = Some(start_in.to_owned());
            }
            if job.when == Some(When::Manual) {
                job.manual_confirmation = manual_confirmation;
            }
            job.allow_failure = allow_failure;
            job.before_script = before_script;
            job.script = Some(script);
            job.after_script = after_script;
            job.hooks = hooks.map(|s| Hooks {
                pre_get_sources_script: Some(s),
                ..Hooks::default()
            });
            job.artifacts = artifacts;
            job.cache = cache;
            job.coverage = coverage.map(str::to_owned);
            job.environment = environment;
            job.parallel = parallel;
            job.retry = retry;
            job.timeout = timeout;
            job.interruptible = interruptible;
            job.resource_group = resource_group;
            job
        })
        .boxed()
}

/// A visible job in GitLab's default stages that may need `build` and `lint` and extend
/// `.template`: every job keyword the model has short and long forms for (`image`,
/// `services`, `tags`, `variables`, `inherit`, `needs`, `dependencies`, `rules` or
/// `only`/`except`, `when` with `start_in`, `allow_failure`, scripts and `hooks`,
/// `artifacts` (or null), `cache`, `coverage`, `environment`, `parallel`, `retry`,
/// `timeout`, `interruptible`, `resource_group`). Always has a `script`.
pub fn arb_job() -> impl Strategy<Value = Job> {
    (select(&DEFAULT_STAGES[..]), any::<bool>()).prop_flat_map(|(stage, implicit)| {
        job_at(JobSite {
            stage: (!(implicit && stage == "test")).then(|| stage.to_owned()),
            needable: vec!["build".to_owned(), "lint".to_owned()],
            templates: vec![".template".to_owned()],
        })
    })
}

/// A hidden template for `extends`: only keys that merge into any job without breaking
/// GitLab's combination rules.
fn arb_template() -> BoxedStrategy<Job> {
    (
        option::of(arb_script()),
        option::weighted(0.3, arb_script()),
        option::weighted(0.3, arb_image()),
        option::weighted(0.3, arb_tags()),
        option::weighted(0.3, arb_variables()),
        option::weighted(0.2, arb_retry()),
        option::weighted(0.2, arb_duration()),
        option::weighted(0.2, any::<bool>()),
    )
        .prop_map(
            |(script, before_script, image, tags, variables, retry, timeout, interruptible)| {
                let mut job = Job::new();
                job.script = script;
                job.before_script = before_script;
                job.image = image;
                job.tags = tags;
                job.variables = variables;
                job.retry = retry;
                job.timeout = timeout;
                job.interruptible = interruptible;
                job
            },
        )
        .boxed()
}

/// The hidden job [`REFERENCE_HOLDER`], with every key the strategies' `!reference` tags
/// read: `script`, `before_script`, `tags`, `rules`, `needs` (empty) and `cache:paths`.
pub fn arb_reference_holder() -> impl Strategy<Value = Job> {
    (
        vec(arb_yaml_string(), 1..3),
        vec(arb_yaml_string(), 1..3),
        vec(one_line_string(), 1..3),
        vec(arb_if_expression(), 1..3),
        vec(arb_path(), 1..3),
    )
        .prop_map(|(script, before_script, tags, conditions, paths)| {
            let mut job = Job::new();
            job.script = Some(Script::from(script));
            job.before_script = Some(Script::from(before_script));
            job.tags = Some(OrReference::Value(
                dedup(tags).into_iter().map(StringItem::One).collect(),
            ));
            job.rules = Some(OrReference::Value(
                conditions
                    .into_iter()
                    .map(|c| RuleItem::Rule(Rule::condition(c)))
                    .collect(),
            ));
            job.needs = Some(OrReference::Value(Vec::new()));
            job.cache = Some(Caches::One(Box::new(Cache::paths(paths))));
            job
        })
}

fn arb_defaults() -> BoxedStrategy<JobDefaults> {
    (
        option::weighted(0.4, arb_image()),
        option::weighted(0.3, arb_tags()),
        option::weighted(0.3, arb_script()),
        option::weighted(0.2, arb_script()),
        option::weighted(0.2, arb_retry()),
        option::weighted(0.2, arb_duration()),
        option::weighted(0.2, any::<bool>()),
        option::weighted(0.2, arb_cache()),
        option::weighted(0.2, arb_artifacts()),
    )
        .prop_map(
            |(
                image,
                tags,
                before_script,
                after_script,
                retry,
                timeout,
                interruptible,
                cache,
                artifacts,
            )| {
                JobDefaults {
                    image,
                    tags,
                    before_script,
                    after_script,
                    retry,
                    timeout,
                    interruptible,
                    cache,
                    artifacts: artifacts.map(Some),
                    ..JobDefaults::default()
                }
            },
        )
        .boxed()
}

fn arb_workflow() -> BoxedStrategy<Workflow> {
    let rule = (
        option::of(arb_if_expression()),
        option::weighted(0.2, arb_changes()),
        option::weighted(0.2, arb_exists()),
        option::weighted(0.2, arb_rule_variables()),
        option::of(select(&[When::Always, When::Never][..])),
        option::weighted(0.2, arb_auto_cancel()),
    )
        .prop_map(
            |(condition, changes, exists, variables, when, auto_cancel)| {
                let r = Rule {
                    condition,
                    changes,
                    exists,
                    variables,
                    when,
                    auto_cancel: auto_cancel.map(Box::new),
                    ..Rule::default()
                };
                RuleItem::Rule(r)
            },
        );
    (
        option::of(
            one_line_string().prop_filter("at most 255 characters", |s| s.chars().count() <= 255),
        ),
        option::weighted(0.3, arb_auto_cancel()),
        option::of(vec(rule, 1..3).prop_map(OrReference::Value)),
    )
        .prop_map(|(name, auto_cancel, rules)| Workflow {
            name,
            auto_cancel,
            rules,
            ..Workflow::default()
        })
        .boxed()
}

fn arb_auto_cancel() -> BoxedStrategy<AutoCancel> {
    (
        option::of(select(&["conservative", "interruptible", "none"][..])),
        option::of(select(&["none", "all"][..])),
    )
        .prop_map(|(on_new_commit, on_job_failure)| AutoCancel {
            on_new_commit: on_new_commit.map(str::to_owned),
            on_job_failure: on_job_failure.map(str::to_owned),
            ..AutoCancel::default()
        })
        .boxed()
}

/// The pipeline-level keywords: `workflow`, `stages`, `variables`, `default` or the
/// deprecated top-level `image`/`before_script`.
#[derive(Debug, Clone)]
struct Globals {
    workflow: Option<Workflow>,
    variables: Option<Variables>,
    default: Option<JobDefaults>,
    image: Option<Image>,
    before_script: Option<Script>,
}

fn arb_globals() -> BoxedStrategy<Globals> {
    (
        option::weighted(0.2, arb_workflow()),
        option::weighted(0.4, arb_global_variables()),
        one_of![
            3 => Just((None, None, None)),
            2 => arb_defaults().prop_map(|d| (Some(d), None, None)),
            1 => (option::of(arb_image()), option::of(arb_script()))
                .prop_map(|(image, script)| (None, image, script)),
        ],
    )
        .prop_map(
            |(workflow, variables, (default, image, before_script))| Globals {
                workflow,
                variables,
                default,
                image,
                before_script,
            },
        )
        .boxed()
}

/// A whole pipeline: global keywords, declared `stages` (or GitLab's defaults, with
/// nested lists), 1 to 5 visible jobs in those stages (and `.pre`/`.post`) whose `needs`
/// and `dependencies` name earlier jobs, 0 to 2 hidden templates they `extends`, and the
/// hidden [`REFERENCE_HOLDER`] that every `!reference` points into.
pub fn arb_pipeline() -> impl Strategy<Value = Pipeline> {
    let layout = (
        option::weighted(0.7, (vec(arb_stage_name(), 1..5), any::<bool>())),
        vec(arb_job_name(), 1..6),
        vec(re("[a-z][a-z0-9_-]{0,8}"), 0..3),
    );
    layout
        .prop_flat_map(|(stages, names, templates)| {
            let stages = stages.map(|(names, nest)| (dedup(names), nest));
            let declared: Vec<String> = match &stages {
                Some((names, _)) => names.clone(),
                None => DEFAULT_STAGES.iter().map(|s| (*s).to_owned()).collect(),
            };
            let names = dedup(names);
            let templates: Vec<String> =
                dedup(templates.into_iter().map(|t| format!(".{t}")).collect())
                    .into_iter()
                    .filter(|t| t != REFERENCE_HOLDER)
                    .collect();
            // Stage choices: `.pre`, the declared stages, `.post`; mostly declared ones.
            let mut choices = vec![".pre".to_owned()];
            choices.extend(declared);
            choices.push(".post".to_owned());
            let picks = vec(
                one_of![1 => Just(0usize), 8 => 1..choices.len() - 1, 1 => Just(choices.len() - 1)],
                names.len(),
            );
            (
                Just(stages),
                Just(names),
                Just(templates),
                Just(choices),
                picks,
                vec(any::<bool>(), 1..6),
            )
        })
        .prop_flat_map(|(stages, names, templates, choices, picks, implicit)| {
            let test_is_declared = choices.iter().any(|c| c == "test");
            let jobs: Vec<BoxedStrategy<Job>> = names
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    let stage = choices[picks[i]].clone();
                    let implicit =
                        implicit[i % implicit.len()] && stage == "test" && test_is_declared;
                    let needable = names[..i]
                        .iter()
                        .zip(&picks)
                        .filter(|(_, p)| **p <= picks[i])
                        .map(|(n, _)| n.clone())
                        .collect();
                    job_at(JobSite {
                        stage: (!implicit).then_some(stage),
                        needable,
                        templates: templates.clone(),
                    })
                })
                .collect();
            let template_jobs: Vec<BoxedStrategy<Job>> =
                templates.iter().map(|_| arb_template()).collect();
            (
                Just(stages),
                Just(names),
                Just(templates),
                jobs,
                template_jobs,
                arb_reference_holder(),
                arb_globals(),
            )
        })
        .prop_map(
            |(stages, names, templates, jobs, template_jobs, holder, globals)| {
                let mut p = Pipeline::new();
                p.stages = stages.map(|(mut names, nest)| {
                    // Optionally the last two as a nested list, which GitLab flattens.
                    let nested =
                        (nest && names.len() >= 2).then(|| names.split_off(names.len() - 2));
                    let mut items: Vec<StringItem> =
                        names.into_iter().map(StringItem::One).collect();
                    items.extend(nested.map(StringItem::Nested));
                    items
                });
                p.workflow = globals.workflow;
                p.variables = globals.variables;
                p.default = globals.default;
                p.image = globals.image;
                p.before_script = globals.before_script;
                p.jobs
                    .insert(REFERENCE_HOLDER.to_owned(), JobEntry::Job(Box::new(holder)));
                for (name, job) in templates.into_iter().zip(template_jobs) {
                    p.jobs.insert(name, JobEntry::Job(Box::new(job)));
                }
                for (name, job) in names.into_iter().zip(jobs) {
                    p.insert_job(name, job);
                }
                p
            },
        )
}
