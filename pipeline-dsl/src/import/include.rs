//! Import of `include:` and `inputs:`.
//!
//! The include items of `include:`, `spec:include` and `trigger:include` share one
//! converter: the forms and keys each place allows differ (see [`Place`]).

use crate::model::{
    Include, IncludeArtifact, IncludeComponent, IncludeLocal, IncludeProject, IncludeRemote,
    IncludeTemplate, Includes, Inputs, OneOrMany, Value,
};

use super::cx::{Cx, FromNode, list};
use super::node::{Node, NodeKind, Scalar};
use super::rules::reference_unsupported;

impl FromNode for Includes {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Seq(_) => cx
                .list(node, "include items", |n, cx| {
                    include_item(n, cx, Place::Include)
                })
                .map(Includes::Many),
            NodeKind::Scalar(Scalar::Str(_)) | NodeKind::Map(_) => {
                include_item(node, cx, Place::Include).map(Includes::One)
            }
            _ => cx.expected(node, "a file path, an include mapping or a list of them"),
        }
    }
}

/// Where an include item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// `include:` - strings and the `local`, `project`, `template`, `component` and
    /// `remote` forms, each with `rules` and `inputs`.
    Include,
    /// `spec:include` - `local`, `project` and `remote` only, with no `rules` or `inputs`.
    Spec,
    /// `trigger:include` items - `local`, `template`, `artifact`, `project` (one `file`),
    /// `component` and `remote` (no `integrity` or `cache`), each with `inputs` only.
    Trigger,
}

impl Place {
    fn forms(self) -> &'static [&'static str] {
        match self {
            Place::Include => &["local", "project", "template", "component", "remote"],
            Place::Spec => &["local", "project", "remote"],
            Place::Trigger => &[
                "local",
                "template",
                "artifact",
                "project",
                "component",
                "remote",
            ],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Place::Include => "`include`",
            Place::Spec => "`spec:include`",
            Place::Trigger => "`trigger:include`",
        }
    }
}

/// Every key that names an include form.
const FORMS: [&str; 6] = [
    "local",
    "project",
    "template",
    "component",
    "remote",
    "artifact",
];

/// One include item at `place`.
pub(super) fn include_item(node: &Node, cx: &mut Cx, place: Place) -> Option<Include> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_)) if place == Place::Include => include_path(node, cx),
        NodeKind::Map(_) => include_mapping(node, cx, place),
        _ => {
            let forms = list(place.forms());
            let what = match place {
                Place::Include => format!("a file path or a mapping with one of {forms}"),
                _ => format!("a mapping with one of {forms}"),
            };
            cx.expected(node, &what)
        }
    }
}

/// `- ci/lint.yml` or `- https://example.com/ci.yml`.
fn include_path(node: &Node, cx: &mut Cx) -> Option<Include> {
    let s = cx.string(node)?;
    if !word_then_yaml(&s) {
        cx.error(
            node.span,
            format!("expected a path or URL ending in a name and `.yml` or `.yaml`, found `{s}`"),
        );
        return None;
    }
    if !(s.starts_with("http://") || s.starts_with("https://")) && has_scheme(&s) {
        cx.error(
            node.span,
            format!(
                "expected an `http://` or `https://` URL or a path without a scheme, found `{s}`"
            ),
        );
        return None;
    }
    Some(Include::Path(s))
}

fn include_mapping(node: &Node, cx: &mut Cx, place: Place) -> Option<Include> {
    let mut m = cx.map(node, "a mapping")?;
    let present: Vec<&str> = FORMS.iter().copied().filter(|k| m.has(k)).collect();
    let allowed: Vec<&str> = present
        .iter()
        .copied()
        .filter(|k| place.forms().contains(k))
        .collect();
    let form = match (allowed.as_slice(), present.as_slice()) {
        ([one], _) => *one,
        ([], [other, ..]) => {
            cx.error(
                node.span,
                format!(
                    "{} cannot use `{other}`; it takes one of {}",
                    place.name(),
                    list(place.forms())
                ),
            );
            return None;
        }
        ([], []) => {
            let message = if m.has("file") {
                "an include with `file` needs the key `project`".to_owned()
            } else if m.has("job") && place == Place::Trigger {
                "an include with `job` needs the key `artifact`".to_owned()
            } else {
                format!("an include needs one of {}", list(place.forms()))
            };
            cx.error(node.span, message);
            return None;
        }
        ([first, second, ..], _) => {
            cx.error(
                node.span,
                format!("an include takes one of `{first}` and `{second}`, not both"),
            );
            return None;
        }
    };
    let before = cx.diagnostics.len();
    // Keys every form of this place may add.
    let rules_inputs: &[&str] = match place {
        Place::Include => &["rules", "inputs"],
        Place::Spec => &[],
        Place::Trigger => &["inputs"],
    };
    let rules = if rules_inputs.contains(&"rules") {
        m.with(cx, "rules", super::rules::include_rules)
    } else {
        None
    };
    let inputs = if rules_inputs.contains(&"inputs") {
        m.with(cx, "inputs", inputs)
    } else {
        None
    };
    let mut known: Vec<&str> = vec![form];
    let item = match form {
        "local" => m
            .required(cx, "local", "an include", yaml_path)
            .map(|local| {
                Include::Local(IncludeLocal {
                    local,
                    rules,
                    inputs,
                })
            }),
        "template" => m
            .required(cx, "template", "an include", yaml_path)
            .map(|template| {
                Include::Template(IncludeTemplate {
                    template,
                    rules,
                    inputs,
                })
            }),
        "component" => m
            .required(cx, "component", "an include", |n, cx| cx.string(n))
            .map(|component| {
                Include::Component(IncludeComponent {
                    component,
                    rules,
                    inputs,
                })
            }),
        "artifact" => {
            known.push("job");
            let artifact = m.required(cx, "artifact", "an include", yaml_path);
            let job = m.required(cx, "job", "an include with `artifact`", |n, cx| {
                cx.string(n)
            });
            match (artifact, job) {
                (Some(artifact), Some(job)) => Some(Include::Artifact(IncludeArtifact {
                    artifact,
                    job,
                    inputs,
                })),
                _ => None,
            }
        }
        "project" => {
            known.extend(["ref", "file"]);
            let project = m.required(cx, "project", "an include", project_path);
            let git_ref = m.with(cx, "ref", |n, cx| match place {
                Place::Trigger => cx.non_empty(n),
                _ => cx.string(n),
            });
            let file = m.required(cx, "file", "an include with `project`", |n, cx| {
                match (&n.kind, place) {
                    (NodeKind::Seq(_), Place::Include | Place::Spec) => {
                        cx.list(n, "file paths", yaml_path).map(OneOrMany::Many)
                    }
                    (NodeKind::Reference(_), Place::Include | Place::Spec) => {
                        reference_unsupported(n, cx)
                    }
                    (NodeKind::Scalar(Scalar::Str(_)), _) => yaml_path(n, cx).map(OneOrMany::One),
                    (_, Place::Trigger) => cx.expected(n, "a file path"),
                    _ => cx.expected(n, "a file path or a list of file paths"),
                }
            });
            match (project, file) {
                (Some(project), Some(file)) => Some(Include::Project(IncludeProject {
                    project,
                    git_ref,
                    file,
                    rules,
                    inputs,
                })),
                _ => None,
            }
        }
        _ => {
            // "remote"
            let remote = m.required(cx, "remote", "an include", |n, cx| {
                cx.string_where(
                    n,
                    "an `http://` or `https://` URL of a `.yml` or `.yaml` file",
                    remote_url,
                )
            });
            let (integrity, cache) = if place == Place::Trigger {
                (None, None)
            } else {
                known.extend(["integrity", "cache"]);
                (
                    m.with(cx, "integrity", |n, cx| {
                        cx.string_where(n, "`sha256-` and a base64 SHA-256 digest", integrity)
                    }),
                    m.with(cx, "cache", cache),
                )
            };
            remote.map(|remote| {
                Include::Remote(IncludeRemote {
                    remote,
                    integrity,
                    cache,
                    rules,
                    inputs,
                })
            })
        }
    };
    known.extend(rules_inputs);
    let what = format!("{} with `{form}`", place.name());
    m.finish_strict(cx, &known, &what);
    let item = item?;
    (cx.diagnostics.len() == before).then_some(item)
}

/// `include:cache` - `true`/`false` or a non-empty duration.
fn cache(node: &Node, cx: &mut Cx) -> Option<Value> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Bool(b)) => Some(Value::Bool(*b)),
        NodeKind::Scalar(Scalar::Str(_)) => cx.non_empty(node).map(Value::String),
        _ => cx.expected(node, "`true`, `false` or a duration"),
    }
}

/// `inputs:` passed to an include or a trigger.
pub(crate) fn inputs(node: &Node, cx: &mut Cx) -> Option<Inputs> {
    let mut m = cx.map(node, "a mapping of input names to values")?;
    let before = cx.diagnostics.len();
    let mut out = Inputs::new();
    for e in m.entries() {
        cx.at(&e.key, |cx| {
            if !is_input_name(&e.key) {
                cx.error_help(
                    e.key_span,
                    format!("`{}` is not a valid input name", e.key),
                    "input names use only letters, digits, `_` and `-`",
                );
            }
            if input_value(&e.value, cx) {
                out.insert(e.key.clone(), e.value.to_value());
            }
        });
    }
    (cx.diagnostics.len() == before).then_some(out)
}

/// An input value: a string of at most 1024 characters, a number, a boolean, null, a
/// mapping, or a list whose items are not null.
fn input_value(node: &Node, cx: &mut Cx) -> bool {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_)) => cx.string_max(node, 0, 1024).is_some(),
        NodeKind::Scalar(_) | NodeKind::Map(_) | NodeKind::Reference(_) => true,
        NodeKind::Seq(items) => {
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                if item.is_null() {
                    cx.at_index(i, |cx| {
                        cx.expected::<()>(
                            item,
                            "a string, a number, a boolean, a mapping or a list",
                        )
                    });
                    ok = false;
                }
            }
            ok
        }
    }
}

/// `^[a-zA-Z0-9_-]+$`.
fn is_input_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A string matching `\.ya?ml$`.
pub(super) fn yaml_path(node: &Node, cx: &mut Cx) -> Option<String> {
    cx.string_where(node, "a path ending in `.yml` or `.yaml`", ends_yaml)
}

/// A project path, matching `(?:\S/\S|\$\S+)` anywhere.
pub(super) fn project_path(node: &Node, cx: &mut Cx) -> Option<String> {
    cx.string_where(
        node,
        "a project path such as `group/project` or a `$VARIABLE`",
        is_project_path,
    )
}

/// `\.ya?ml$` (a JavaScript `$`: the very end of the text).
pub(super) fn ends_yaml(s: &str) -> bool {
    s.ends_with(".yml") || s.ends_with(".yaml")
}

/// `\w\.ya?ml$`.
fn word_then_yaml(s: &str) -> bool {
    let stem = s
        .strip_suffix(".yml")
        .or_else(|| s.strip_suffix(".yaml"))
        .unwrap_or("");
    stem.bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `^\w+://`.
fn has_scheme(s: &str) -> bool {
    s.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// A JavaScript line terminator (what `.` does not match).
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// `^https?://.+\.ya?ml$`.
fn remote_url(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    rest.strip_suffix(".yml")
        .or_else(|| rest.strip_suffix(".yaml"))
        .is_some_and(|stem| !stem.is_empty() && !stem.chars().any(is_line_terminator))
}

/// `^sha256-[A-Za-z0-9+/]{43}=$`.
fn integrity(s: &str) -> bool {
    s.strip_prefix("sha256-")
        .and_then(|rest| rest.strip_suffix('='))
        .is_some_and(|digest| {
            digest.len() == 43
                && digest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        })
}

/// `(?:\S/\S|\$\S+)`, searched anywhere in the text.
pub(super) fn is_project_path(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(3)
        .any(|w| !w[0].is_whitespace() && w[1] == '/' && !w[2].is_whitespace())
        || chars
            .windows(2)
            .any(|w| w[0] == '$' && !w[1].is_whitespace())
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::{ends_yaml, has_scheme, integrity, is_project_path, remote_url, word_then_yaml};
    use crate::import::from_str;
    use crate::model::{
        Include, IncludeComponent, IncludeLocal, IncludeProject, IncludeRemote, IncludeTemplate,
        Includes, OneOrMany, Rule, RuleItem, Value,
    };

    fn include(yaml: &str) -> Includes {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .include
            .expect("include")
    }

    use super::super::script::test_support::errors;

    #[test]
    fn patterns() {
        assert!(word_then_yaml("ci/a.yml") && word_then_yaml("b_.yaml"));
        assert!(
            !word_then_yaml("ci/.yml") && !word_then_yaml("a-.yml") && !word_then_yaml("a.yml ")
        );
        assert!(has_scheme("ftp://x") && has_scheme("a_1://x") && !has_scheme("/a://x"));
        assert!(!has_scheme("://x") && !has_scheme("ci/a.yml"));
        assert!(remote_url("https://x.yml") && remote_url("http://a/b.yaml"));
        assert!(!remote_url("https://.yml") && !remote_url("ftp://a.yml"));
        assert!(!remote_url("https://a\nb.yml") && !remote_url("https://a.yml.txt"));
        assert!(ends_yaml("a.yml") && ends_yaml(".yaml") && !ends_yaml("a.yml\n"));
        let digest = "A".repeat(43);
        assert!(integrity(&format!("sha256-{digest}=")));
        assert!(!integrity(&format!("sha256-{digest}")));
        assert!(!integrity(&format!("sha256-{}=", "A".repeat(42))));
        assert!(!integrity(&format!("sha256-{}-=", "A".repeat(42))));
        for ok in [
            "group/project",
            "g/sub/p",
            "$FOO",
            "group/$VAR/project",
            "$.",
            "a b/c",
        ] {
            assert!(is_project_path(ok), "{ok}");
        }
        for bad in ["", "slug#", "/slug", "slug", "slug/", "$", "$ x", "a / b"] {
            assert!(!is_project_path(bad), "{bad}");
        }
    }

    #[test]
    fn every_form_is_kept() {
        assert_eq!(
            include("include: ci/a.yml\n"),
            Includes::One(Include::Path("ci/a.yml".into()))
        );
        assert_eq!(
            include("include:\n  local: ci/a.yml\n"),
            Includes::One(Include::local("ci/a.yml"))
        );
        let digest = "x".repeat(43);
        let got = include(&format!(
            "include:\n  - https://example.com/ci.yml\n  - project: g/p\n    ref: v1\n    file: [a.yml, b.yaml]\n  - project: $P\n    file: c.yml\n  - template: Auto-DevOps.gitlab-ci.yml\n  - component: $CI_SERVER_FQDN/g/c@1.0\n    inputs:\n      stage: build\n  - remote: https://example.com/r.yml\n    integrity: sha256-{digest}=\n    cache: 1 hour\n  - local: l.yml\n    rules:\n      - if: $X\n    inputs: {{n: 1, list: [a, 2], m: {{k: v}}, none: null}}\n"
        ));
        let mut component_inputs = IndexMap::new();
        component_inputs.insert("stage".to_owned(), Value::from("build"));
        let mut local_inputs = IndexMap::new();
        local_inputs.insert("n".to_owned(), Value::Int(1));
        local_inputs.insert(
            "list".to_owned(),
            Value::Seq(vec![Value::from("a"), Value::Int(2)]),
        );
        let mut map = IndexMap::new();
        map.insert("k".to_owned(), Value::from("v"));
        local_inputs.insert("m".to_owned(), Value::Map(map));
        local_inputs.insert("none".to_owned(), Value::Null);
        assert_eq!(
            got,
            Includes::Many(vec![
                Include::Path("https://example.com/ci.yml".into()),
                Include::Project(IncludeProject {
                    project: "g/p".into(),
                    git_ref: Some("v1".into()),
                    file: OneOrMany::Many(vec!["a.yml".into(), "b.yaml".into()]),
                    rules: None,
                    inputs: None,
                }),
                Include::Project(IncludeProject {
                    project: "$P".into(),
                    git_ref: None,
                    file: OneOrMany::One("c.yml".into()),
                    rules: None,
                    inputs: None,
                }),
                Include::Template(IncludeTemplate {
                    template: "Auto-DevOps.gitlab-ci.yml".into(),
                    rules: None,
                    inputs: None,
                }),
                Include::Component(IncludeComponent {
                    component: "$CI_SERVER_FQDN/g/c@1.0".into(),
                    rules: None,
                    inputs: Some(component_inputs),
                }),
                Include::Remote(IncludeRemote {
                    remote: "https://example.com/r.yml".into(),
                    integrity: Some(format!("sha256-{digest}=")),
                    cache: Some(Value::from("1 hour")),
                    rules: None,
                    inputs: None,
                }),
                Include::Local(IncludeLocal {
                    local: "l.yml".into(),
                    rules: Some(vec![RuleItem::Rule(Rule::condition("$X"))]),
                    inputs: Some(local_inputs),
                }),
            ])
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("include: ci/a.txt\n"),
            [
                "include: expected a path or URL ending in a name and `.yml` or `.yaml`, found `ci/a.txt`"
            ]
        );
        assert_eq!(
            errors("include: ftp://host/a.yml\n"),
            [
                "include: expected an `http://` or `https://` URL or a path without a scheme, found `ftp://host/a.yml`"
            ]
        );
        assert_eq!(
            errors("include:\n"),
            ["include: expected a file path, an include mapping or a list of them, found null"]
        );
        assert_eq!(
            errors("include:\n  - local: builds.yml\n    cache: true\n"),
            ["include[0].cache: `cache` is not a keyword of `include` with `local`"]
        );
        assert_eq!(
            errors("include:\n  - local: a.yml\n    template: b.yml\n"),
            ["include[0]: an include takes one of `local` and `template`, not both"]
        );
        assert_eq!(
            errors("include:\n  - file: a.yml\n"),
            ["include[0]: an include with `file` needs the key `project`"]
        );
        assert_eq!(
            errors("include:\n  - artifact: a.yml\n    job: gen\n"),
            [
                "include[0]: `include` cannot use `artifact`; it takes one of `local`, `project`, `template`, `component` or `remote`"
            ]
        );
        assert_eq!(
            errors("include:\n  - project: g/p\n"),
            ["include[0]: an include with `project` needs the key `file`"]
        );
        for bad in ["''", "slug#", "/slug", "slug", "slug/"] {
            assert_eq!(
                errors(&format!("include:\n  - project: {bad}\n    file: a.yml\n")),
                [format!(
                    "include[0].project: expected a project path such as `group/project` or a `$VARIABLE`, found `{}`",
                    bad.trim_matches('\'')
                )]
            );
        }
        assert_eq!(
            errors("include:\n  - project: g/p\n    file: [a.yml, b.txt]\n"),
            ["include[0].file[1]: expected a path ending in `.yml` or `.yaml`, found `b.txt`"]
        );
        assert_eq!(
            errors(
                "include:\n  - remote: https://x/a.yml\n    integrity: sha256-abc=\n    cache: ''\n"
            ),
            [
                "include[0].integrity: expected `sha256-` and a base64 SHA-256 digest, found `sha256-abc=`",
                "include[0].cache: expected a non-empty string, found an empty one"
            ]
        );
        assert_eq!(
            errors("include:\n  - remote: ftp://x/a.yml\n"),
            [
                "include[0].remote: expected an `http://` or `https://` URL of a `.yml` or `.yaml` file, found `ftp://x/a.yml`"
            ]
        );
        assert_eq!(
            errors("include:\n  - local: a.yml\n    inputs:\n      invalid/name: x\n"),
            ["include[0].inputs.\"invalid/name\": `invalid/name` is not a valid input name"]
        );
        let long = "x".repeat(1025);
        assert_eq!(
            errors(&format!(
                "include:\n  - local: a.yml\n    inputs:\n      s: {long}\n      l: [a, null]\n"
            )),
            [
                "include[0].inputs.s: expected a string of 0 to 1024 characters, found 1025 characters",
                "include[0].inputs.l[1]: expected a string, a number, a boolean, a mapping or a list, found null"
            ]
        );
        assert_eq!(
            errors("include:\n  - local: a.yml\n    rules:\n      - when: manual\n").len(),
            1
        );
    }

    #[test]
    fn null_include_rules_import_as_absent() {
        assert_eq!(
            include("include:\n  - local: a.yml\n    rules:\n"),
            Includes::Many(vec![Include::local("a.yml")])
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(
            &["include.yml", "project_path.yml"],
            &["include.yml", "include_cache.yml", "project_path"],
        );
        assert!(n == 0 || n > 20, "{n} units");
    }
}
