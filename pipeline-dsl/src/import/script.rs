//! Import of `script`, `before_script`, `after_script`, `hooks`.
//!
//! GitLab's schema: `script` is a non-empty string or a non-empty list whose items are
//! strings or lists of strings (one level of nesting); `before_script`, `after_script` and
//! `hooks:pre_get_sources_script` take the same forms but may be empty (`""`, `[]`). A
//! `!reference [job, key]` stands for a list of strings, so it is accepted as the whole
//! script or as one item of the list. Numbers, booleans and null are not commands: GitLab
//! would not read the text that was written.

use crate::model::{Hooks, Script, StringItem};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};

/// `script:` (non-empty).
pub(crate) fn script(node: &Node, cx: &mut Cx) -> Option<Script> {
    convert(node, cx, true)
}

/// `before_script:` / `after_script:` (may be empty).
pub(crate) fn optional_script(node: &Node, cx: &mut Cx) -> Option<Script> {
    convert(node, cx, false)
}

fn convert(node: &Node, cx: &mut Cx, required: bool) -> Option<Script> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => {
            if required && s.is_empty() {
                cx.error_help(
                    node.span,
                    "expected a non-empty script, found an empty string",
                    "write at least one command",
                );
                return None;
            }
            Some(Script::Line(s.clone()))
        }
        NodeKind::Seq(items) => {
            if required && items.is_empty() {
                cx.error_help(
                    node.span,
                    "expected at least one command, found an empty list",
                    "write at least one command",
                );
                return None;
            }
            cx.list(node, "commands", item).map(Script::Lines)
        }
        NodeKind::Reference(parts) => {
            if required && parts.is_empty() {
                cx.error(
                    node.span,
                    "expected a `!reference` to a job's commands, found an empty `!reference []`",
                );
                return None;
            }
            cx.reference(node).map(Script::Reference)
        }
        _ if required => cx.expected(node, "a non-empty string or a non-empty list of commands"),
        _ => cx.expected(node, "a string or a list of commands"),
    }
}

/// One item of a script list: a command, a list of commands, or a `!reference`.
fn item(node: &Node, cx: &mut Cx) -> Option<StringItem> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => Some(StringItem::One(s.clone())),
        NodeKind::Seq(_) => cx
            .list(node, "commands", |n, cx| match n.as_str() {
                Some(s) => Some(s.to_owned()),
                None => cx.expected(n, "a command string (a nested list holds strings only)"),
            })
            .map(StringItem::Nested),
        NodeKind::Reference(_) => cx.reference(node).map(StringItem::Reference),
        _ => cx.expected(
            node,
            "a command string, a list of command strings or a `!reference`",
        ),
    }
}

impl FromNode for Hooks {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let before = cx.diagnostics.len();
        let mut m = cx.map(node, "a mapping with `pre_get_sources_script`")?;
        let hooks = Hooks {
            pre_get_sources_script: m.with(cx, "pre_get_sources_script", optional_script),
        };
        m.finish_strict(cx, &["pre_get_sources_script"], "`hooks`");
        (cx.diagnostics.len() == before).then_some(hooks)
    }
}

/// Test helpers shared by the importer tests of `image`, `script`, `variables`,
/// `secrets`, `artifacts`, `cache`, `environment` and `release`.
#[cfg(test)]
pub(super) mod test_support {
    use std::path::PathBuf;

    use crate::diagnostic::{Diagnostic, PathSegment};
    use crate::import::{ImportOptions, from_str, from_str_with};
    use crate::model::{Job, Pipeline};

    /// Imports `text`; panics with the diagnostics when it is refused.
    pub(crate) fn accept(text: &str) -> Pipeline {
        match from_str(text) {
            Ok(imported) => imported.pipeline,
            Err(e) => panic!("refused:\n{e}\n--- input ---\n{text}"),
        }
    }

    /// Imports `text` with unknown keys allowed; panics when it is refused.
    pub(crate) fn accept_unknown(text: &str) -> Pipeline {
        match from_str_with(text, &ImportOptions::new().allow_unknown(true)) {
            Ok(imported) => imported.pipeline,
            Err(e) => panic!("refused:\n{e}\n--- input ---\n{text}"),
        }
    }

    /// The job `name` of an accepted document.
    pub(crate) fn job(text: &str, name: &str) -> Job {
        accept(text)
            .job(name)
            .unwrap_or_else(|| panic!("no job `{name}` in\n{text}"))
            .clone()
    }

    /// The errors of a refused document as `path: message` lines.
    pub(crate) fn errors(yaml: &str) -> Vec<String> {
        from_str(yaml)
            .expect_err("should be refused")
            .diagnostics
            .errors()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect()
    }

    /// The errors of a refused document; panics when it is accepted.
    pub(crate) fn refuse(text: &str) -> Vec<Diagnostic> {
        match from_str(text) {
            Ok(_) => panic!("accepted, but GitLab's schema refuses it:\n{text}"),
            Err(e) => e.diagnostics.errors().cloned().collect(),
        }
    }

    /// Asserts that `text` is refused with an error at `path` whose message contains
    /// `message`.
    #[track_caller]
    pub(crate) fn refused_with(text: &str, path: &str, message: &str) -> Diagnostic {
        let errors = refuse(text);
        match errors
            .iter()
            .find(|d| d.path.to_string() == path && d.message.contains(message))
        {
            Some(d) => d.clone(),
            None => panic!(
                "no error at `{path}` containing {message:?}; got:\n{}",
                errors
                    .iter()
                    .map(|d| format!("  {} :: {}", d.path, d.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// GitLab's schema fixtures, or `None` (after a loud SKIPPED line) when the directory
    /// is missing; with `CI=true` a missing directory fails the test.
    pub(crate) fn fixture_dir() -> Option<PathBuf> {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/gitlab-ci/schema-tests");
        if dir.is_dir() {
            return Some(dir);
        }
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the schema fixtures are missing: {}",
            dir.display()
        );
        say(&format!(
            "SKIPPED!!! GitLab's schema fixtures are missing ({}); the fixture test did not run",
            dir.display()
        ));
        None
    }

    #[allow(
        clippy::print_stderr,
        reason = "a test reports what it skipped or counted"
    )]
    fn say(line: &str) {
        eprintln!("{line}");
    }

    /// The units of a fixture file as GitLab's spec splits it: each top-level key with
    /// its indented block, imported alone.
    pub(crate) fn units(text: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in text.split_inclusive('\n') {
            let top = !line.trim().is_empty()
                && !line.starts_with([' ', '\t', '#'])
                && !line.starts_with("---");
            if top {
                let label = line.split(':').next().unwrap_or(line).trim().to_owned();
                out.push((label, line.to_owned()));
            } else if let Some((_, chunk)) = out.last_mut() {
                chunk.push_str(line);
            }
        }
        out
    }

    /// Imports every unit of the fixture files `positive` and `negative` (paths relative
    /// to `schema-tests/positive` and `schema-tests/negative`): positive units must be
    /// accepted, negative ones refused with an error whose path goes through one of
    /// `keys`. Returns the number of units checked.
    pub(crate) fn check_fixtures(positive: &[&str], negative: &[&str], keys: &[&str]) -> usize {
        let Some(dir) = fixture_dir() else {
            return 0;
        };
        let mut failures = Vec::new();
        let mut checked = 0;
        for (kind, files) in [("positive", positive), ("negative", negative)] {
            for rel in files {
                let path = dir.join(kind).join(rel);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                for (label, unit) in units(&text) {
                    checked += 1;
                    let result = from_str(&unit);
                    match (kind, result) {
                        ("positive", Ok(_)) => {}
                        ("positive", Err(e)) => {
                            failures.push(format!("{kind}/{rel} :: {label}: refused\n{e}"));
                        }
                        (_, Ok(_)) => {
                            failures.push(format!("{kind}/{rel} :: {label}: accepted\n{unit}"));
                        }
                        (_, Err(e)) => {
                            let ours = e.diagnostics.errors().any(|d| {
                                d.path.0.iter().any(|s| {
                                    matches!(s, PathSegment::Key(k) if keys.contains(&k.as_str()))
                                })
                            });
                            if !ours {
                                failures.push(format!(
                                    "{kind}/{rel} :: {label}: refused for another reason\n{e}"
                                ));
                            }
                        }
                    }
                }
            }
        }
        say(&format!(
            "schema fixtures {positive:?} / {negative:?}: {checked} units checked"
        ));
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        checked
    }

    /// Imports every positive unit of every fixture file and collects those refused with
    /// an error whose path goes through one of `keys` (whatever other converters say).
    pub(crate) fn positive_units_refused_through(keys: &[&str]) -> Vec<String> {
        let Some(dir) = fixture_dir() else {
            return Vec::new();
        };
        let mut stack = vec![dir.join("positive")];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yml")
                    && !path.to_string_lossy().contains("workflow/auto_cancel/")
                {
                    // (the `auto_cancel` files are whole-document units: not split by key)
                    files.push(path);
                }
            }
        }
        files.sort();
        let mut out = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (label, unit) in units(&text) {
                let Err(e) = from_str(&unit) else {
                    continue;
                };
                for d in e.diagnostics.errors() {
                    let ours =
                        d.path.0.iter().any(
                            |s| matches!(s, PathSegment::Key(k) if keys.contains(&k.as_str())),
                        );
                    if ours {
                        out.push(format!("{} :: {label}: {d}", path.display()));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::test_support::{
        accept, check_fixtures, job, positive_units_refused_through, refuse, refused_with,
    };
    use crate::model::{Hooks, Reference, Script, StringItem};

    fn one(s: &str) -> StringItem {
        StringItem::One(s.to_owned())
    }

    #[test]
    fn the_written_form_is_kept() {
        let j = job("build:\n  script: make\n", "build");
        assert_eq!(j.script, Some(Script::Line("make".into())));

        let j = job(
            "build:\n  script:\n    - make\n    - [a, b]\n    - !reference [.x, script]\n",
            "build",
        );
        assert_eq!(
            j.script,
            Some(Script::Lines(vec![
                one("make"),
                StringItem::Nested(vec!["a".into(), "b".into()]),
                StringItem::Reference(Reference::new([".x", "script"])),
            ]))
        );

        let j = job("build:\n  script: !reference [.setup, script]\n", "build");
        assert_eq!(
            j.script,
            Some(Script::Reference(Reference::new([".setup", "script"])))
        );

        let j = job("build:\n  script: |\n    a\n    b\n", "build");
        assert_eq!(j.script, Some(Script::Line("a\nb\n".into())));
    }

    #[test]
    fn before_and_after_script_may_be_empty() {
        let j = job(
            "build:\n  script: x\n  before_script: ''\n  after_script: []\n",
            "build",
        );
        assert_eq!(j.before_script, Some(Script::Line(String::new())));
        assert_eq!(j.after_script, Some(Script::Lines(vec![])));
        let p = accept("before_script: [a]\nafter_script: b\nx:\n  script: c\n");
        assert_eq!(p.before_script, Some(Script::Lines(vec![one("a")])));
        assert_eq!(p.after_script, Some(Script::Line("b".into())));
        let p = accept("default:\n  before_script:\n    - [a, '']\n");
        assert_eq!(
            p.default.unwrap().before_script,
            Some(Script::Lines(vec![StringItem::Nested(vec![
                "a".into(),
                String::new()
            ])]))
        );
    }

    #[test]
    fn script_must_not_be_empty() {
        refused_with(
            "j:\n  script: ''\n",
            "jobs.\"j\".script",
            "non-empty script",
        );
        refused_with(
            "j:\n  script: []\n",
            "jobs.\"j\".script",
            "at least one command",
        );
        refused_with("j:\n  script:\n", "jobs.\"j\".script", "found null");
        refused_with(
            "j:\n  script: !reference []\n",
            "jobs.\"j\".script",
            "empty `!reference []`",
        );
    }

    #[test]
    fn commands_are_strings() {
        refused_with(
            "j:\n  script: true\n",
            "jobs.\"j\".script",
            "found the boolean `true`",
        );
        refused_with(
            "j:\n  script: [a, 1]\n",
            "jobs.\"j\".script[1]",
            "found the integer `1`",
        );
        refused_with(
            "j:\n  script: [a, {b: c}]\n",
            "jobs.\"j\".script[1]",
            "found a mapping",
        );
        refused_with(
            "j:\n  script: [[a, [b]]]\n",
            "jobs.\"j\".script[0][1]",
            "nested list holds strings",
        );
        refused_with(
            "j:\n  script: [[a, yes]]\n",
            "jobs.\"j\".script[0][1]",
            "found the boolean `true`",
        );
        refused_with(
            "j:\n  script: [!reference [a, '']]\n",
            "jobs.\"j\".script[0][1]",
            "non-empty string",
        );
        refused_with(
            "j:\n  script: x\n  before_script: 0.1\n",
            "jobs.\"j\".before_script",
            "the number `0.1`",
        );
        refused_with(
            "default:\n  after_script: 1\n",
            "default.after_script",
            "the integer `1`",
        );
        refused_with(
            "after_script: {a: b}\n",
            "after_script",
            "a string or a list of commands",
        );
    }

    #[test]
    fn every_item_error_is_reported() {
        let errors = refuse("j:\n  script: [1, ok, 2]\n");
        let paths: Vec<String> = errors.iter().map(|d| d.path.to_string()).collect();
        assert_eq!(paths, ["jobs.\"j\".script[0]", "jobs.\"j\".script[2]"]);
    }

    #[test]
    fn hooks() {
        let j = job(
            "j:\n  script: x\n  hooks:\n    pre_get_sources_script: [a]\n",
            "j",
        );
        let mut hooks = Hooks::default();
        hooks.pre_get_sources_script = Some(Script::Lines(vec![one("a")]));
        assert_eq!(j.hooks, Some(hooks));
        assert_eq!(
            job("j:\n  script: x\n  hooks: {}\n", "j").hooks,
            Some(Hooks::default())
        );
        let d = refused_with(
            "j:\n  script: x\n  hooks:\n    pre_get_source_script: a\n",
            "jobs.\"j\".hooks.pre_get_source_script",
            "not a keyword of `hooks`",
        );
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `pre_get_sources_script`?")
        );
        refused_with(
            "j:\n  script: x\n  hooks:\n    pre_get_sources_script: true\n",
            "jobs.\"j\".hooks.pre_get_sources_script",
            "found the boolean `true`",
        );
        refused_with(
            "j:\n  script: x\n  hooks:\n",
            "jobs.\"j\".hooks",
            "found null",
        );
    }

    /// No positive unit of any fixture file is refused because of a keyword of
    /// `image.rs`, `script.rs`, `variables.rs`, `secrets.rs`, `artifacts.rs`, `cache.rs`,
    /// `environment.rs` or `release.rs` (other converters may still refuse it).
    #[test]
    fn no_positive_unit_is_refused_through_these_keywords() {
        let refused = positive_units_refused_through(&[
            "image",
            "services",
            "script",
            "before_script",
            "after_script",
            "hooks",
            "variables",
            "secrets",
            "id_tokens",
            "artifacts",
            "cache",
            "environment",
            "release",
        ]);
        assert!(refused.is_empty(), "{}", refused.join("\n"));
    }

    #[test]
    fn schema_fixtures() {
        check_fixtures(
            &["script.yml", "hooks.yml"],
            &["script.yml", "hooks.yml"],
            &["script", "before_script", "after_script", "hooks"],
        );
    }
}
