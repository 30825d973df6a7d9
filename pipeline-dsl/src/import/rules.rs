//! Import of `rules:` of jobs, includes and `workflow:`.
//!
//! GitLab's schema has three rule shapes: job rules (`if`, `changes`, `exists`,
//! `variables`, `when`, `start_in`, `allow_failure`, `needs`, `interruptible`), include
//! rules (`if`, `changes`, `exists`, `when: never | always | null`) and workflow rules
//! (`if`, `changes`, `exists`, `variables`, `when: always | never`, `auto_cancel`). A
//! rules list may also hold strings and lists of strings (what a `!reference` stands for).

use crate::model::{
    Changes, ChangesConfig, Exists, ExistsConfig, OrReference, Rule, RuleItem, RuleNeed,
    StringItem, When,
};

use super::cx::Cx;
use super::node::{Node, NodeKind, Scalar};

/// Which `rules:` a rule belongs to: the keys it may have differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Job,
    Include,
    Workflow,
}

/// The keys of a job rule.
const JOB_RULE_KEYS: [&str; 9] = [
    "if",
    "changes",
    "exists",
    "variables",
    "when",
    "start_in",
    "allow_failure",
    "needs",
    "interruptible",
];

/// The keys of an `include:rules` rule.
const INCLUDE_RULE_KEYS: [&str; 4] = ["if", "changes", "exists", "when"];

/// The keys of a `workflow:rules` rule.
const WORKFLOW_RULE_KEYS: [&str; 6] = [
    "if",
    "changes",
    "exists",
    "variables",
    "when",
    "auto_cancel",
];

impl Kind {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Job => &JOB_RULE_KEYS,
            Kind::Include => &INCLUDE_RULE_KEYS,
            Kind::Workflow => &WORKFLOW_RULE_KEYS,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Job => "a rule",
            Kind::Include => "an `include` rule",
            Kind::Workflow => "a `workflow` rule",
        }
    }

    fn item(self) -> &'static str {
        match self {
            Kind::Job | Kind::Include => {
                "a rule mapping, a non-empty string or a non-empty list of strings"
            }
            Kind::Workflow => "a rule mapping or a non-empty list of strings",
        }
    }
}

/// A job's `rules:`.
///
/// `rules: null` is accepted (GitLab's schema allows it, and GitLab treats a null keyword
/// as one that is not given): this returns `None`, and the job converter keeps the null in
/// the job's `extra` so that re-emitting gives the same data.
pub(crate) fn job_rules(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<RuleItem>>> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Null) => None,
        NodeKind::Reference(_) => cx.reference(node).map(OrReference::Reference),
        _ => rule_list(node, cx, Kind::Job).map(OrReference::Value),
    }
}

/// `include:rules` (if/changes/exists/when never|always).
///
/// `rules: null` imports as no rules (see [`job_rules`]).
pub(crate) fn include_rules(node: &Node, cx: &mut Cx) -> Option<Vec<RuleItem>> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Null) => None,
        NodeKind::Reference(_) => reference_unsupported(node, cx),
        _ => rule_list(node, cx, Kind::Include),
    }
}

/// `workflow:rules`.
pub(crate) fn workflow_rules(node: &Node, cx: &mut Cx) -> Option<OrReference<Vec<RuleItem>>> {
    match &node.kind {
        NodeKind::Reference(_) => cx.reference(node).map(OrReference::Reference),
        _ => rule_list(node, cx, Kind::Workflow).map(OrReference::Value),
    }
}

fn rule_list(node: &Node, cx: &mut Cx, kind: Kind) -> Option<Vec<RuleItem>> {
    cx.list(node, "rules", |n, cx| rule_item(n, cx, kind))
}

fn rule_item(node: &Node, cx: &mut Cx, kind: Kind) -> Option<RuleItem> {
    match &node.kind {
        NodeKind::Map(_) => rule(node, cx, kind).map(RuleItem::Rule),
        NodeKind::Reference(parts) => {
            if parts.is_empty() {
                cx.error(
                    node.span,
                    "expected a `!reference` with at least one item, found `!reference []`",
                );
                return None;
            }
            cx.reference(node)
                .map(|r| RuleItem::Other(StringItem::Reference(r)))
        }
        NodeKind::Seq(items) => {
            if items.is_empty() {
                cx.error(
                    node.span,
                    "expected a non-empty list of strings, found an empty list",
                );
                return None;
            }
            cx.strings(node)
                .map(|s| RuleItem::Other(StringItem::Nested(s)))
        }
        NodeKind::Scalar(Scalar::Str(_)) if kind != Kind::Workflow => cx
            .non_empty(node)
            .map(|s| RuleItem::Other(StringItem::One(s))),
        _ => cx.expected(node, kind.item()),
    }
}

fn rule(node: &Node, cx: &mut Cx, kind: Kind) -> Option<Rule> {
    let mut m = cx.map(node, "a rule mapping")?;
    let before = cx.diagnostics.len();
    let mut when_null = false;
    let mut rule = Rule {
        condition: m.get(cx, "if"),
        changes: m.with(cx, "changes", changes),
        exists: m.with(cx, "exists", exists),
        ..Rule::default()
    };
    match kind {
        Kind::Job => {
            rule.variables = m.with(cx, "variables", super::variables::rule_variables);
            rule.when = m.get(cx, "when");
            rule.start_in = m.with(cx, "start_in", |n, cx| cx.non_empty(n));
            rule.allow_failure = m.get(cx, "allow_failure");
            rule.needs = m.with(cx, "needs", rule_needs);
            rule.interruptible = m.get(cx, "interruptible");
        }
        Kind::Include => {
            // `when: null` is allowed here and means no `when`; it is kept in `extra`
            // as null so that re-emitting gives the same data.
            if m.node("when").is_some_and(Node::is_null) {
                when_null = true;
            } else {
                rule.when = m.with(cx, "when", |n, cx| {
                    cx.one_of(n, &[("never", When::Never), ("always", When::Always)])
                });
            }
        }
        Kind::Workflow => {
            rule.variables = m.with(cx, "variables", super::variables::rule_variables);
            rule.when = m.with(cx, "when", |n, cx| {
                cx.one_of(n, &[("always", When::Always), ("never", When::Never)])
            });
            rule.auto_cancel = m
                .with(cx, "auto_cancel", super::workflow::auto_cancel)
                .map(Box::new);
        }
    }
    rule.extra = m.finish(cx, kind.keys(), kind.what());
    if when_null {
        rule.extra.insert("when", crate::model::Value::Null);
    }
    (cx.diagnostics.len() == before).then_some(rule)
}

/// `rules:changes` - a list of globs, or `{paths | regexp, compare_to}`.
fn changes(node: &Node, cx: &mut Cx) -> Option<Changes> {
    match &node.kind {
        NodeKind::Seq(_) => cx.strings(node).map(Changes::Paths),
        NodeKind::Map(_) => {
            let mut m = cx.map(node, "a mapping")?;
            let before = cx.diagnostics.len();
            let config = ChangesConfig {
                paths: m.with(cx, "paths", plain_strings),
                compare_to: m.get(cx, "compare_to"),
                regexp: m.with(cx, "regexp", |n, cx| cx.string_max(n, 0, 255)),
            };
            paths_or_regexp(&m, cx, "`changes`");
            m.finish_strict(cx, &["paths", "compare_to", "regexp"], "`changes`");
            (cx.diagnostics.len() == before).then_some(Changes::Config(Box::new(config)))
        }
        NodeKind::Reference(_) => reference_unsupported(node, cx),
        _ => cx.expected(
            node,
            "a list of paths or a mapping with `paths` or `regexp`",
        ),
    }
}

/// `rules:exists` - a list of globs, or `{paths | regexp, project, ref}`.
fn exists(node: &Node, cx: &mut Cx) -> Option<Exists> {
    match &node.kind {
        NodeKind::Seq(_) => cx.strings(node).map(Exists::Paths),
        NodeKind::Map(_) => {
            let mut m = cx.map(node, "a mapping")?;
            let before = cx.diagnostics.len();
            let config = ExistsConfig {
                paths: m.with(cx, "paths", plain_strings),
                project: m.get(cx, "project"),
                git_ref: m.get(cx, "ref"),
                regexp: m.with(cx, "regexp", |n, cx| cx.string_max(n, 0, 255)),
            };
            paths_or_regexp(&m, cx, "`exists`");
            if m.has("ref") && !m.has("project") {
                cx.error(m.node.span, "`exists:ref` needs `exists:project`");
            }
            m.finish_strict(cx, &["paths", "project", "ref", "regexp"], "`exists`");
            (cx.diagnostics.len() == before).then_some(Exists::Config(Box::new(config)))
        }
        NodeKind::Reference(_) => reference_unsupported(node, cx),
        _ => cx.expected(
            node,
            "a list of paths or a mapping with `paths` or `regexp`",
        ),
    }
}

/// GitLab's schema: exactly one of `paths` and `regexp`.
fn paths_or_regexp(m: &super::cx::MapReader<'_>, cx: &mut Cx, what: &str) {
    match (m.has("paths"), m.has("regexp")) {
        (true, true) => cx.error(
            m.node.span,
            format!("{what} takes `paths` or `regexp`, not both"),
        ),
        (false, false) => cx.error(m.node.span, format!("{what} needs `paths` or `regexp`")),
        _ => {}
    }
}

/// `rules:needs` - job names or `{job, artifacts, optional}`.
fn rule_needs(node: &Node, cx: &mut Cx) -> Option<Vec<RuleNeed>> {
    if let NodeKind::Reference(_) = node.kind {
        return reference_unsupported(node, cx);
    }
    cx.list(
        node,
        "job names or `{job: ...}` mappings",
        |n, cx| match &n.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(RuleNeed::Job(s.clone())),
            NodeKind::Map(_) => {
                let mut m = cx.map(n, "a mapping")?;
                let before = cx.diagnostics.len();
                let job = m.required(cx, "job", "a `rules:needs` item", |n, cx| cx.non_empty(n));
                let artifacts = m.get(cx, "artifacts");
                let optional = m.get(cx, "optional");
                m.finish_strict(
                    cx,
                    &["job", "artifacts", "optional"],
                    "a `rules:needs` item",
                );
                let job = job?;
                (cx.diagnostics.len() == before).then_some(RuleNeed::Config {
                    job,
                    artifacts,
                    optional,
                })
            }
            _ => cx.expected(n, "a job name or a mapping with `job`"),
        },
    )
}

/// Records that a `!reference` stands where the model keeps a plain value. GitLab's schema
/// accepts it there (it sees a list of strings), but the model could not write it back.
pub(super) fn reference_unsupported<T>(node: &Node, cx: &mut Cx) -> Option<T> {
    cx.error_help(
        node.span,
        "a `!reference` cannot be imported here: pipeline-dsl keeps this value written out",
        "replace the `!reference` with the values it stands for",
    );
    None
}

/// A list of strings where the model has no `!reference` form.
pub(super) fn plain_strings(node: &Node, cx: &mut Cx) -> Option<Vec<String>> {
    match node.kind {
        NodeKind::Reference(_) => reference_unsupported(node, cx),
        _ => cx.strings(node),
    }
}

/// Runs GitLab's schema fixtures through the importer, one validation unit at a time.
#[cfg(test)]
pub(super) mod fixtures {
    use std::path::{Path, PathBuf};

    use crate::diagnostic::{Diagnostic, PathSegment};
    use crate::import::cx::Cx;
    use crate::import::node::{Node, NodeKind};

    /// The fixture units that GitLab's own schema tests tolerate (see
    /// `check_schema_fixtures.py`).
    const KNOWN_STALE: [(&str, &str, &str); 1] = [("positive", "run.yml", "step_using_action")];

    /// Files whose top-level values are whole documents.
    const GLOBAL_FIXTURES: [&str; 2] = [
        "workflow/auto_cancel/on_job_failure.yml",
        "workflow/auto_cancel/on_new_commit.yml",
    ];

    /// Keywords converted by code outside this part of the importer; their errors (from
    /// converters still being written) neither pass nor fail a unit here.
    const FOREIGN_JOB_KEYS: [&str; 17] = [
        "script",
        "stage",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "artifacts",
        "environment",
        "release",
        "secrets",
        "id_tokens",
        "hooks",
        "tags",
        "timeout",
        "coverage",
        "dependencies",
    ];
    const FOREIGN_GLOBAL_KEYS: [&str; 8] = [
        "stages",
        "variables",
        "default",
        "image",
        "services",
        "cache",
        "before_script",
        "after_script",
    ];

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/gitlab-ci/schema-tests")
    }

    /// Whether the fixtures are there; prints a loud line and passes when they are not,
    /// unless `CI=true`.
    #[allow(clippy::print_stderr)]
    fn available() -> bool {
        if root().is_dir() {
            return true;
        }
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "schema fixtures missing at {}",
            root().display()
        );
        eprintln!(
            "SKIPPED: GitLab schema fixtures not found at {}; fixture test not run",
            root().display()
        );
        false
    }

    /// Whether a diagnostic comes from a converter outside this part of the importer:
    /// a foreign global keyword, a foreign job keyword, or `rules:variables`.
    fn foreign(d: &Diagnostic) -> bool {
        let key = |i: usize| match d.path.0.get(i) {
            Some(PathSegment::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        if key(0).is_some_and(|k| FOREIGN_GLOBAL_KEYS.contains(&k)) {
            return true;
        }
        let mine = ["include", "workflow", "spec"];
        if !key(0).is_some_and(|k| mine.contains(&k))
            && key(1).is_some_and(|k| k == "variables" || FOREIGN_JOB_KEYS.contains(&k))
        {
            return true;
        }
        (2..d.path.0.len()).any(|i| {
            key(i) == Some("variables")
                && matches!(d.path.0[i - 1], PathSegment::Index(_))
                && key(i - 2) == Some("rules")
        })
    }

    /// The units of one fixture file: label and one-document node.
    fn units(rel: &str, text: &str, as_documents: bool) -> Vec<(String, Node)> {
        let loaded = crate::import::reader::load(text)
            .unwrap_or_else(|d| panic!("fixture {rel} does not load: {d}"));
        let mut entries: Vec<crate::import::node::Entry> = Vec::new();
        for doc in &loaded.documents {
            for e in doc.entries().unwrap_or_default() {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e.clone());
                }
            }
        }
        let global = as_documents || GLOBAL_FIXTURES.contains(&rel);
        entries
            .into_iter()
            .map(|e| {
                let doc = if global {
                    e.value.clone()
                } else {
                    Node {
                        span: e.key_span,
                        kind: NodeKind::Map(vec![e.clone()]),
                    }
                };
                (e.key, doc)
            })
            .collect()
    }

    /// Every fixture file under `kind/dir_or_file` (a file, or a directory walked fully).
    fn files(kind: &str, rel: &str) -> Vec<String> {
        let path = root().join(kind).join(rel);
        if path.is_file() {
            return vec![rel.to_owned()];
        }
        let mut out = Vec::new();
        let mut stack = vec![path];
        while let Some(dir) = stack.pop() {
            let Ok(read) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in read.flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                    let rel = p
                        .strip_prefix(root().join(kind))
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push(rel);
                }
            }
        }
        out.sort();
        out
    }

    /// Runs the fixture files (paths relative to `positive/` and `negative/`): every
    /// positive unit must import without an error of ours, every negative unit must be
    /// refused with at least one. Returns the number of units checked.
    ///
    /// With `FIXTURES_VERBOSE` set, prints each unit with the errors it got.
    pub(crate) fn check(positive: &[&str], negative: &[&str]) -> usize {
        run(positive, negative, false, &[])
    }

    /// Like [`check`] for negative files whose units wrap a whole document in a label
    /// (`label: {spec: ...}`): GitLab refuses such a unit for its unknown top-level key
    /// alone, so this also imports each wrapped document and expects it refused, except
    /// the labels in `valid` (wrapped documents the schema accepts).
    pub(crate) fn check_wrapped(negative: &[&str], valid: &[&str]) -> usize {
        run(&[], negative, true, valid)
    }

    #[allow(clippy::print_stderr)]
    fn run(positive: &[&str], negative: &[&str], wrapped: bool, valid: &[&str]) -> usize {
        if !available() {
            return 0;
        }
        let verbose = std::env::var_os("FIXTURES_VERBOSE").is_some();
        let mut problems = Vec::new();
        let mut count = 0;
        for (kind, list) in [("positive", positive), ("negative", negative)] {
            for pattern in list {
                let rels = files(kind, pattern);
                assert!(!rels.is_empty(), "no fixture file {kind}/{pattern}");
                for rel in rels {
                    let text = std::fs::read_to_string(root().join(kind).join(&rel))
                        .unwrap_or_else(|e| panic!("{kind}/{rel}: {e}"));
                    for (label, doc) in units(&rel, &text, wrapped) {
                        count += 1;
                        let mut cx = Cx::new(false);
                        let _ =
                            crate::import::pipeline::pipeline(std::slice::from_ref(&doc), &mut cx);
                        let ours: Vec<String> = cx
                            .diagnostics
                            .iter()
                            .filter(|d| d.is_error() && !foreign(d))
                            .map(|d| format!("{}: {}", d.path, d.message))
                            .collect();
                        if verbose {
                            eprintln!("{kind}/{rel} :: {label:?}: {ours:?}");
                        }
                        let stale = KNOWN_STALE.contains(&(kind, rel.as_str(), label.as_str()));
                        let kind = if valid.contains(&label.as_str()) {
                            "positive"
                        } else {
                            kind
                        };
                        match kind {
                            "positive" if !ours.is_empty() && !stale => problems
                                .push(format!("{kind}/{rel} :: {label:?} was refused: {ours:?}")),
                            "negative" if ours.is_empty() => {
                                problems.push(format!("{kind}/{rel} :: {label:?} was accepted"))
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        assert!(
            problems.is_empty(),
            "fixture mismatches:\n{}",
            problems.join("\n")
        );
        count
    }
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::{
        AutoCancel, Changes, ChangesConfig, Exists, ExistsConfig, Include, Includes, OrReference,
        Reference, Rule, RuleItem, RuleNeed, StringItem, When,
    };

    fn job_rules(yaml: &str) -> Option<OrReference<Vec<RuleItem>>> {
        let imported = from_str(yaml).unwrap_or_else(|e| panic!("{e}"));
        imported.pipeline.job("job").expect("job").rules.clone()
    }

    fn rules(items: Vec<RuleItem>) -> Option<OrReference<Vec<RuleItem>>> {
        Some(OrReference::Value(items))
    }

    /// The errors of a refused import, as `path: message`.
    fn errors(yaml: &str) -> Vec<String> {
        let err = from_str(yaml).expect_err("should be refused");
        err.diagnostics
            .errors()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect()
    }

    fn has_error(yaml: &str, needle: &str) {
        let errs = errors(yaml);
        assert!(
            errs.iter().any(|e| e.contains(needle)),
            "no error containing {needle:?} in {errs:?}"
        );
    }

    #[test]
    fn a_rule_with_every_job_key_except_variables() {
        let got = job_rules(
            "job:\n  rules:\n    - if: $CI_COMMIT_TAG\n      changes: [src/**/*]\n      exists: [Dockerfile]\n      when: delayed\n      start_in: 5 minutes\n      allow_failure: true\n      needs: [build, {job: lint, artifacts: false, optional: true}]\n      interruptible: false\n",
        );
        let expected = Rule {
            condition: Some("$CI_COMMIT_TAG".into()),
            changes: Some(Changes::Paths(vec!["src/**/*".into()])),
            exists: Some(Exists::Paths(vec!["Dockerfile".into()])),
            when: Some(When::Delayed),
            start_in: Some("5 minutes".into()),
            allow_failure: Some(true),
            needs: Some(vec![
                RuleNeed::Job("build".into()),
                RuleNeed::Config {
                    job: "lint".into(),
                    artifacts: Some(false),
                    optional: Some(true),
                },
            ]),
            interruptible: Some(false),
            ..Rule::default()
        };
        assert_eq!(got, rules(vec![RuleItem::Rule(expected)]));
    }

    #[test]
    fn string_list_and_reference_items_keep_their_form() {
        let got = job_rules(
            "job:\n  rules:\n    - !reference [.base, rules]\n    - [a, b]\n    - some-string\n    - when: never\n",
        );
        assert_eq!(
            got,
            rules(vec![
                RuleItem::Other(StringItem::Reference(Reference::new([".base", "rules"]))),
                RuleItem::Other(StringItem::Nested(vec!["a".into(), "b".into()])),
                RuleItem::Other(StringItem::One("some-string".into())),
                RuleItem::Rule(Rule::always().when(When::Never)),
            ])
        );
        assert_eq!(
            job_rules("job:\n  rules: !reference [.base, rules]\n"),
            Some(OrReference::Reference(Reference::new([".base", "rules"])))
        );
    }

    #[test]
    fn null_rules_import_as_absent() {
        assert_eq!(job_rules("job:\n  rules: null\n"), None);
        assert_eq!(job_rules("job:\n  rules:\n"), None);
    }

    #[test]
    fn long_forms_of_changes_and_exists() {
        let got = job_rules(
            "job:\n  rules:\n    - changes: {paths: [a.md], compare_to: main}\n    - changes: {regexp: '\\.rs$'}\n    - exists: {paths: [x], project: g/p, ref: main}\n    - exists: {regexp: foo}\n",
        );
        let rule = |changes, exists| {
            RuleItem::Rule(Rule {
                changes,
                exists,
                ..Rule::default()
            })
        };
        assert_eq!(
            got,
            rules(vec![
                rule(
                    Some(Changes::Config(Box::new(ChangesConfig {
                        paths: Some(vec!["a.md".into()]),
                        compare_to: Some("main".into()),
                        regexp: None,
                    }))),
                    None
                ),
                rule(
                    Some(Changes::Config(Box::new(ChangesConfig {
                        paths: None,
                        compare_to: None,
                        regexp: Some("\\.rs$".into()),
                    }))),
                    None
                ),
                rule(
                    None,
                    Some(Exists::Config(Box::new(ExistsConfig {
                        paths: Some(vec!["x".into()]),
                        project: Some("g/p".into()),
                        git_ref: Some("main".into()),
                        regexp: None,
                    })))
                ),
                rule(
                    None,
                    Some(Exists::Config(Box::new(ExistsConfig {
                        paths: None,
                        project: None,
                        git_ref: None,
                        regexp: Some("foo".into()),
                    })))
                ),
            ])
        );
    }

    #[test]
    fn changes_needs_exactly_one_of_paths_and_regexp() {
        has_error(
            "job:\n  rules:\n    - changes: {compare_to: main}\n",
            "jobs.\"job\".rules[0].changes: `changes` needs `paths` or `regexp`",
        );
        has_error(
            "job:\n  rules:\n    - changes: {paths: [a], regexp: b}\n",
            "`changes` takes `paths` or `regexp`, not both",
        );
        has_error(
            "job:\n  rules:\n    - changes: {paths: [a], compare_to: {ref: main}}\n",
            "jobs.\"job\".rules[0].changes.compare_to: expected a string, found a mapping",
        );
        let long = "x".repeat(256);
        has_error(
            &format!("job:\n  rules:\n    - changes: {{regexp: '{long}'}}\n"),
            "expected a string of 0 to 255 characters, found 256 characters",
        );
    }

    #[test]
    fn exists_ref_needs_project() {
        has_error(
            "job:\n  rules:\n    - exists: {paths: [a], ref: main}\n",
            "`exists:ref` needs `exists:project`",
        );
    }

    #[test]
    fn bad_rule_items_are_refused() {
        has_error(
            "job:\n  rules:\n    - if:\n",
            "jobs.\"job\".rules[0].if: expected a string, found null",
        );
        has_error("job:\n  rules:\n    - ''\n", "expected a non-empty string");
        has_error(
            "job:\n  rules:\n    - []\n",
            "expected a non-empty list of strings",
        );
        has_error(
            "job:\n  rules:\n    - 5\n",
            "expected a rule mapping, a non-empty string",
        );
        has_error(
            "job:\n  rules: {if: $X}\n",
            "jobs.\"job\".rules: expected a list of rules, found a mapping",
        );
        has_error(
            "job:\n  rules:\n    - when: sometimes\n",
            "`sometimes` is not one of",
        );
        has_error(
            "job:\n  rules:\n    - allow_failure: {exit_codes: 1}\n",
            "expected `true` or `false`",
        );
        has_error(
            "job:\n  rules:\n    - start_in: ''\n",
            "expected a non-empty string",
        );
        has_error(
            "job:\n  rules:\n    - changes: !reference [.a, b]\n",
            "a `!reference` cannot be imported here",
        );
    }

    #[test]
    fn every_error_is_reported() {
        assert_eq!(
            errors(
                "job:\n  rules:\n    - if: 1\n      when: later\n    - changes: {}\n    - exists: {regexp: a, paths: [b]}\n"
            ),
            [
                "jobs.\"job\".rules[0].if: expected a string, found the integer `1`",
                "jobs.\"job\".rules[0].when: `later` is not one of `on_success`, `on_failure`, `always`, `never`, `manual` or `delayed`",
                "jobs.\"job\".rules[1].changes: `changes` needs `paths` or `regexp`",
                "jobs.\"job\".rules[2].exists: `exists` takes `paths` or `regexp`, not both",
            ]
        );
    }

    #[test]
    fn unknown_rule_keys_are_refused_with_a_suggestion() {
        let err = from_str("job:\n  rules:\n    - iff: $X\n").expect_err("refused");
        let d = err.diagnostics.errors().next().expect("one error");
        assert_eq!(d.message, "`iff` is not a keyword of a rule");
        assert_eq!(d.help.as_deref(), Some("did you mean `if`?"));
        assert_eq!(d.path.to_string(), "jobs.\"job\".rules[0].iff");
        has_error(
            "workflow:\n  rules:\n    - if: $X\n      start_in: 1 day\n",
            "`start_in` is not a keyword of a `workflow` rule",
        );
    }

    #[test]
    fn rules_needs_items() {
        has_error(
            "job:\n  rules:\n    - needs:\n",
            "jobs.\"job\".rules[0].needs: expected a list of job names",
        );
        has_error(
            "job:\n  rules:\n    - needs: [20]\n",
            "jobs.\"job\".rules[0].needs[0]: expected a job name or a mapping with `job`, found the integer `20`",
        );
        has_error(
            "job:\n  rules:\n    - needs: [{job: ''}]\n",
            "expected a non-empty string",
        );
        has_error(
            "job:\n  rules:\n    - needs: [{pipeline: '5'}]\n",
            "a `rules:needs` item needs the key `job`",
        );
    }

    #[test]
    fn include_rules_allow_when_null_and_never_always_only() {
        let imported = from_str(
            "include:\n  - local: a.yml\n    rules:\n      - exists: [f.md]\n        when: null\n      - if: $X\n        when: never\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let Some(Includes::Many(items)) = &imported.pipeline.include else {
            panic!("includes")
        };
        let Include::Local(local) = &items[0] else {
            panic!("local")
        };
        assert_eq!(
            local.rules,
            Some(vec![
                RuleItem::Rule(Rule {
                    exists: Some(Exists::Paths(vec!["f.md".into()])),
                    extra: [("when", crate::model::Value::Null)].into_iter().collect(),
                    ..Rule::default()
                }),
                RuleItem::Rule(Rule::condition("$X").when(When::Never)),
            ])
        );
        has_error(
            "include:\n  - local: a.yml\n    rules:\n      - when: manual\n",
            "`manual` is not one of `never` or `always`",
        );
        has_error(
            "include:\n  - local: a.yml\n    rules:\n      - needs: [a]\n",
            "`needs` is not a keyword of an `include` rule",
        );
    }

    #[test]
    fn workflow_rules_when_and_auto_cancel() {
        let imported = from_str(
            "workflow:\n  rules:\n    - if: $X\n      when: always\n      auto_cancel:\n        on_new_commit: none\n    - [a]\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let wf = imported.pipeline.workflow.expect("workflow");
        let mut rule = Rule::condition("$X").when(When::Always);
        rule.auto_cancel = Some(Box::new(AutoCancel {
            on_new_commit: Some("none".into()),
            on_job_failure: None,
        }));
        assert_eq!(
            wf.rules,
            rules(vec![
                RuleItem::Rule(rule),
                RuleItem::Other(StringItem::Nested(vec!["a".into()])),
            ])
        );
        has_error(
            "workflow:\n  rules:\n    - when: manual\n",
            "`manual` is not one of `always` or `never`",
        );
        has_error(
            "workflow:\n  rules:\n    - a-string\n",
            "expected a rule mapping or a non-empty list of strings",
        );
        has_error(
            "workflow:\n  rules:\n",
            "workflow.rules: expected a list of rules, found null",
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = super::fixtures::check(
            &["rules.yml", "rules_needs.yml", "job_when.yml"],
            &["rules.yml", "rules_needs.yml", "job_when.yml"],
        );
        assert!(n == 0 || n > 10, "{n} units");
    }
}
