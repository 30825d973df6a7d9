//! Import of `artifacts:`.
//!
//! GitLab's schema: null, or a mapping with `paths` and `exclude` (non-empty lists of
//! strings), `expose_as`, `name`, `expire_in` (strings), `untracked`, `public` (booleans),
//! `when` (`on_success`, `on_failure`, `always`), `access` (`none`, `developer`,
//! `maintainer`, `all`; not together with `public`) and `reports`; no other keys.
//! `reports` takes exactly GitLab's report names: `accessibility`, `annotations` and
//! `browser_performance` take one file, `junit` a file or a non-empty list, and
//! `coverage_report` null or `{coverage_format: cobertura | jacoco, path}`; the others a
//! file or a list of files.

use indexmap::IndexMap;

use crate::model::{
    Artifacts, ArtifactsAccess, ArtifactsWhen, CoverageReport, OneOrMany, REPORT_NAMES, Report,
    Reports,
};

use super::cx::Cx;
use super::node::{Node, NodeKind, Scalar};

/// The keys of `artifacts:`.
const ARTIFACTS_KEYS: [&str; 10] = [
    "paths",
    "exclude",
    "expose_as",
    "name",
    "untracked",
    "when",
    "access",
    "public",
    "expire_in",
    "reports",
];

/// `artifacts:` (null allowed).
pub(crate) fn artifacts(node: &Node, cx: &mut Cx) -> Option<Option<Artifacts>> {
    if node.is_null() {
        return Some(None);
    }
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping of artifact settings, or null")?;
    let a = Artifacts {
        paths: m.with(cx, "paths", non_empty_paths),
        exclude: m.with(cx, "exclude", non_empty_paths),
        expose_as: m.get(cx, "expose_as"),
        name: m.get(cx, "name"),
        untracked: m.get(cx, "untracked"),
        when: m.with(cx, "when", |n, cx| cx.one_of(n, &ArtifactsWhen::ALL)),
        access: m.with(cx, "access", |n, cx| cx.one_of(n, &ArtifactsAccess::ALL)),
        public: m.get(cx, "public"),
        expire_in: m.get(cx, "expire_in"),
        reports: m.with(cx, "reports", reports),
    };
    if m.has("access") && m.has("public") {
        let span = node
            .entries()
            .and_then(|e| e.iter().find(|e| e.key == "public"))
            .map_or(node.span, |e| e.key_span);
        cx.at("public", |cx| {
            cx.error_help(
                span,
                "`public` cannot be used together with `access`",
                "`public` is deprecated: keep `access` only",
            );
        });
    }
    m.finish_strict(cx, &ARTIFACTS_KEYS, "`artifacts`");
    (cx.diagnostics.len() == before).then_some(Some(a))
}

/// `paths:` / `exclude:` - a list of at least one string.
fn non_empty_paths(node: &Node, cx: &mut Cx) -> Option<Vec<String>> {
    match &node.kind {
        NodeKind::Reference(_) => {
            cx.error_help(
                node.span,
                "a `!reference` cannot stand for this list: this version keeps it as written \
                 strings",
                "write the list out",
            );
            None
        }
        _ => cx.list_len(node, "paths", 1, usize::MAX, |n, cx| cx.string(n)),
    }
}

/// `reports:` - report names in written order.
fn reports(node: &Node, cx: &mut Cx) -> Option<Reports> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping of report names to files")?;
    let keys: Vec<&str> = m.keys().collect();
    let mut known: IndexMap<&str, Report> = IndexMap::new();
    for key in &keys {
        if REPORT_NAMES.contains(key)
            && let Some(report) = m.with(cx, key, |n, cx| report(key, n, cx))
        {
            known.insert(key, report);
        }
    }
    let extra = m.finish(cx, &REPORT_NAMES, "`artifacts:reports`");
    if cx.diagnostics.len() != before {
        return None;
    }
    let mut out = Reports::default();
    for key in keys {
        let report = match known.shift_remove(key) {
            Some(report) => report,
            // Only there when unknown keys are allowed: keep them where they were written.
            None => match extra.get(key) {
                Some(value) => Report::Other(value.clone()),
                None => continue,
            },
        };
        out.0.insert(key.to_owned(), report);
    }
    Some(out)
}

fn report(name: &str, node: &Node, cx: &mut Cx) -> Option<Report> {
    match name {
        "accessibility" | "annotations" | "browser_performance" => match node.as_str() {
            Some(s) => Some(Report::Files(OneOrMany::One(s.to_owned()))),
            None => cx.expected(node, "a file path"),
        },
        "junit" => match &node.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(Report::Files(OneOrMany::One(s.clone()))),
            NodeKind::Seq(_) => cx
                .list_len(node, "file paths", 1, usize::MAX, |n, cx| cx.string(n))
                .map(|v| Report::Files(OneOrMany::Many(v))),
            _ => cx.expected(node, "a file path or a non-empty list of them"),
        },
        "coverage_report" => coverage_report(node, cx).map(Report::CoverageReport),
        _ => match &node.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(Report::Files(OneOrMany::One(s.clone()))),
            NodeKind::Seq(_) => cx.strings(node).map(|v| Report::Files(OneOrMany::Many(v))),
            _ => cx.expected(node, "a file path or a list of them"),
        },
    }
}

/// `coverage_report:` - null or `{coverage_format, path}`.
fn coverage_report(node: &Node, cx: &mut Cx) -> Option<Option<CoverageReport>> {
    if node.is_null() {
        return Some(None);
    }
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `coverage_format` and `path`, or null")?;
    let report = CoverageReport {
        coverage_format: m.with(cx, "coverage_format", |n, cx| {
            cx.enum_string(n, &["cobertura", "jacoco"])
        }),
        path: m.with(cx, "path", |n, cx| cx.non_empty(n)),
    };
    m.finish_strict(cx, &["coverage_format", "path"], "`coverage_report`");
    (cx.diagnostics.len() == before).then_some(Some(report))
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{
        accept, accept_unknown, check_fixtures, job, refuse, refused_with,
    };
    use crate::model::{
        Artifacts, ArtifactsAccess, ArtifactsWhen, CoverageReport, OneOrMany, REPORT_NAMES, Report,
        Value,
    };

    fn artifacts(yaml: &str) -> Option<Artifacts> {
        job(&format!("j:\n  script: x\n  artifacts: {yaml}\n"), "j")
            .artifacts
            .expect("artifacts written")
    }

    #[test]
    fn all_keys() {
        let a = artifacts(
            "{paths: [a, b], exclude: [c], expose_as: E, name: n, untracked: false, \
             when: always, access: developer, expire_in: 1 week}",
        )
        .unwrap();
        let mut expected = Artifacts::paths(["a", "b"]).expire_in("1 week");
        expected.exclude = Some(vec!["c".into()]);
        expected.expose_as = Some("E".into());
        expected.name = Some("n".into());
        expected.untracked = Some(false);
        expected.when = Some(ArtifactsWhen::Always);
        expected.access = Some(ArtifactsAccess::Developer);
        assert_eq!(a, expected);
        assert_eq!(artifacts("{public: false}").unwrap().public, Some(false));
        assert_eq!(artifacts("{}"), Some(Artifacts::default()));
        assert_eq!(artifacts(""), None);
        assert_eq!(
            accept("default:\n  artifacts:\n")
                .default
                .unwrap()
                .artifacts,
            Some(None)
        );
    }

    #[test]
    fn reports_keep_their_form_and_order() {
        let a = artifacts(
            "{reports: {sast: s.json, junit: [a.xml, b.xml], dotenv: [], \
             coverage_report: {coverage_format: cobertura, path: c.xml}, accessibility: x}}",
        )
        .unwrap();
        let reports = a.reports.unwrap();
        let names: Vec<&str> = reports.0.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "sast",
                "junit",
                "dotenv",
                "coverage_report",
                "accessibility"
            ]
        );
        assert_eq!(
            reports.0["sast"],
            Report::Files(OneOrMany::One("s.json".into()))
        );
        assert_eq!(
            reports.0["junit"],
            Report::Files(OneOrMany::Many(vec!["a.xml".into(), "b.xml".into()]))
        );
        assert_eq!(reports.0["dotenv"], Report::Files(OneOrMany::Many(vec![])));
        let mut coverage = CoverageReport::default();
        coverage.coverage_format = Some("cobertura".into());
        coverage.path = Some("c.xml".into());
        assert_eq!(
            reports.0["coverage_report"],
            Report::CoverageReport(Some(coverage))
        );
        let a = artifacts("{reports: {coverage_report: , junit: j.xml}}").unwrap();
        assert_eq!(
            a.reports.unwrap().0["coverage_report"],
            Report::CoverageReport(None)
        );
        // every report name GitLab knows is accepted
        for name in REPORT_NAMES {
            let value = if name == "coverage_report" {
                "{path: p}"
            } else {
                "f"
            };
            assert!(artifacts(&format!("{{reports: {{{name}: {value}}}}}")).is_some());
        }
    }

    #[test]
    fn constraints() {
        let doc = |y: &str| format!("j:\n  script: x\n  artifacts: {y}\n");
        refused_with(
            &doc("[a]"),
            "jobs.\"j\".artifacts",
            "a mapping of artifact settings, or null",
        );
        refused_with(
            &doc("{paths: []}"),
            "jobs.\"j\".artifacts.paths",
            "at least 1",
        );
        refused_with(
            &doc("{paths: a}"),
            "jobs.\"j\".artifacts.paths",
            "a list of paths",
        );
        refused_with(
            &doc("{paths: !reference [.a, b]}"),
            "jobs.\"j\".artifacts.paths",
            "`!reference` cannot stand",
        );
        refused_with(
            &doc("{exclude: []}"),
            "jobs.\"j\".artifacts.exclude",
            "at least 1",
        );
        refused_with(
            &doc("{exclude: [1]}"),
            "jobs.\"j\".artifacts.exclude[0]",
            "expected a string",
        );
        refused_with(
            &doc("{name: 1}"),
            "jobs.\"j\".artifacts.name",
            "expected a string",
        );
        refused_with(
            &doc("{expose_as: }"),
            "jobs.\"j\".artifacts.expose_as",
            "found null",
        );
        refused_with(
            &doc("{expire_in: 1}"),
            "jobs.\"j\".artifacts.expire_in",
            "expected a string",
        );
        refused_with(
            &doc("{untracked: 'true'}"),
            "jobs.\"j\".artifacts.untracked",
            "`true` or `false`",
        );
        refused_with(
            &doc("{public: 1}"),
            "jobs.\"j\".artifacts.public",
            "`true` or `false`",
        );
        refused_with(
            &doc("{when: never}"),
            "jobs.\"j\".artifacts.when",
            "`never` is not one of",
        );
        refused_with(
            &doc("{access: everyone}"),
            "jobs.\"j\".artifacts.access",
            "`everyone` is not one of",
        );
        let d = refused_with(
            &doc("{access: all, public: true}"),
            "jobs.\"j\".artifacts.public",
            "`public` cannot be used together with `access`",
        );
        assert!(d.help.unwrap().contains("deprecated"));
        refused_with(
            &doc("{cyclonedx: foo}"),
            "jobs.\"j\".artifacts.cyclonedx",
            "not a keyword of `artifacts`",
        );
        refused_with(
            &doc("{reports: }"),
            "jobs.\"j\".artifacts.reports",
            "found null",
        );
        refused_with(
            &doc("{reports: {cyclonedx: }}"),
            "jobs.\"j\".artifacts.reports.cyclonedx",
            "a file path or a list of them, found null",
        );
        refused_with(
            &doc("{reports: {cyclonedx: {paths: [a]}}}"),
            "jobs.\"j\".artifacts.reports.cyclonedx",
            "found a mapping",
        );
        refused_with(
            &doc("{reports: {sast: [1]}}"),
            "jobs.\"j\".artifacts.reports.sast[0]",
            "expected a string",
        );
        refused_with(
            &doc("{reports: {accessibility: [a]}}"),
            "jobs.\"j\".artifacts.reports.accessibility",
            "expected a file path, found a list",
        );
        refused_with(
            &doc("{reports: {junit: []}}"),
            "jobs.\"j\".artifacts.reports.junit",
            "at least 1",
        );
        refused_with(
            &doc("{reports: {coverage_report: {coverage_format: lcov}}}"),
            "jobs.\"j\".artifacts.reports.coverage_report.coverage_format",
            "`lcov` is not one of `cobertura` or `jacoco`",
        );
        refused_with(
            &doc("{reports: {coverage_report: {path: ''}}}"),
            "jobs.\"j\".artifacts.reports.coverage_report.path",
            "non-empty",
        );
        let d = refused_with(
            &doc("{reports: {coverage_report: {paths: a}}}"),
            "jobs.\"j\".artifacts.reports.coverage_report.paths",
            "not a keyword of `coverage_report`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `path`?"));
        refused_with(
            &doc("{reports: {coverage_report: a}}"),
            "jobs.\"j\".artifacts.reports.coverage_report",
            "a mapping with `coverage_format` and `path`, or null",
        );
        let d = refused_with(
            &doc("{reports: {junt: a}}"),
            "jobs.\"j\".artifacts.reports.junt",
            "not a keyword of `artifacts:reports`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `junit`?"));
        assert_eq!(
            refuse(&doc("{paths: [], when: x, reports: {junit: 1}}")).len(),
            3
        );
    }

    #[test]
    fn unknown_reports_are_kept_in_place_when_allowed() {
        let p = accept_unknown(
            "j:\n  script: x\n  artifacts:\n    reports: {junit: a, future: [b], sast: c}\n",
        );
        let reports = p
            .job("j")
            .unwrap()
            .artifacts
            .clone()
            .unwrap()
            .unwrap()
            .reports
            .unwrap();
        let names: Vec<&str> = reports.0.keys().map(String::as_str).collect();
        assert_eq!(names, ["junit", "future", "sast"]);
        assert_eq!(
            reports.0["future"],
            Report::Other(Value::Seq(vec!["b".into()]))
        );
    }

    #[test]
    fn schema_fixtures() {
        check_fixtures(&["artifacts.yml"], &["artifacts.yml"], &["artifacts"]);
    }
}
