//! Import of `environment:`.
//!
//! GitLab's schema: a string, or a mapping with `name` (required, non-empty), `url`
//! (pattern `^(https?://.+|\$[A-Za-z]+)`), `on_stop`, `auto_stop_in`, `deployment_tier`
//! (strings), `action` (`start`, `prepare`, `stop`, `verify`, `access`) and
//! `kubernetes` (`agent`, `namespace`, `flux_resource_path`, `managed_resources:
//! {enabled}`, `dashboard: {namespace, flux_resource_path}`; checked here, then kept as
//! written); no other keys.

use crate::model::{Environment, EnvironmentAction, EnvironmentConfig, Value};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};

/// The keys of the long form.
const ENVIRONMENT_KEYS: [&str; 7] = [
    "name",
    "url",
    "on_stop",
    "action",
    "auto_stop_in",
    "kubernetes",
    "deployment_tier",
];

impl FromNode for Environment {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(Environment::Name(s.clone())),
            NodeKind::Map(_) => config(node, cx).map(|c| Environment::Config(Box::new(c))),
            _ => cx.expected(node, "an environment name or a mapping with `name`"),
        }
    }
}

fn config(node: &Node, cx: &mut Cx) -> Option<EnvironmentConfig> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name`")?;
    let config = EnvironmentConfig {
        // A missing `name` is recorded as an error: the default is never returned.
        name: m
            .required(cx, "name", "`environment`", |n, cx| cx.non_empty(n))
            .unwrap_or_default(),
        url: m.with(cx, "url", |n, cx| {
            cx.string_where(
                n,
                "a URL starting with `http://` or `https://`, or a `$VARIABLE`",
                url_ok,
            )
        }),
        on_stop: m.get(cx, "on_stop"),
        action: m.with(cx, "action", |n, cx| cx.one_of(n, &EnvironmentAction::ALL)),
        auto_stop_in: m.get(cx, "auto_stop_in"),
        kubernetes: m.with(cx, "kubernetes", kubernetes),
        deployment_tier: m.get(cx, "deployment_tier"),
    };
    m.finish_strict(cx, &ENVIRONMENT_KEYS, "`environment`");
    (cx.diagnostics.len() == before).then_some(config)
}

/// The schema's `^(https?://.+|\$[A-Za-z]+)` (not anchored at the end; `.` is any
/// character but a line terminator).
fn url_ok(s: &str) -> bool {
    if let Some(rest) = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
    {
        return rest
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'));
    }
    s.strip_prefix('$')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// `kubernetes:` - checked against the schema's shape, kept as written.
fn kubernetes(node: &Node, cx: &mut Cx) -> Option<Value> {
    const KEYS: [&str; 5] = [
        "agent",
        "namespace",
        "flux_resource_path",
        "managed_resources",
        "dashboard",
    ];
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `agent`, `namespace` or `dashboard`")?;
    m.with(cx, "agent", |n, cx| cx.string(n));
    m.with(cx, "namespace", |n, cx| cx.non_empty(n));
    m.with(cx, "flux_resource_path", |n, cx| cx.string(n));
    m.with(cx, "managed_resources", |n, cx| {
        let mut m = cx.map(n, "a mapping with `enabled`")?;
        m.with(cx, "enabled", |n, cx| cx.bool(n));
        // The raw value (with any allowed unknown key) is what the model keeps.
        let _kept_in_value = m.finish(cx, &["enabled"], "`managed_resources`");
        Some(())
    });
    m.with(cx, "dashboard", |n, cx| {
        let mut m = cx.map(n, "a mapping with `namespace` or `flux_resource_path`")?;
        m.with(cx, "namespace", |n, cx| cx.non_empty(n));
        m.with(cx, "flux_resource_path", |n, cx| cx.string(n));
        // The raw value (with any allowed unknown key) is what the model keeps.
        let _kept_in_value = m.finish(cx, &["namespace", "flux_resource_path"], "`dashboard`");
        Some(())
    });
    // The raw value (with any allowed unknown key) is what the model keeps.
    let _kept_in_value = m.finish(cx, &KEYS, "`environment:kubernetes`");
    (cx.diagnostics.len() == before).then(|| node.to_value())
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{
        accept_unknown, check_fixtures, fixture_dir, job, refuse, refused_with, units,
    };
    use super::url_ok;
    use crate::model::{Environment, EnvironmentAction, EnvironmentConfig, Value};

    fn environment(yaml: &str) -> Environment {
        job(&format!("j:\n  script: x\n  environment: {yaml}\n"), "j")
            .environment
            .expect("an environment")
    }

    #[test]
    fn both_forms_are_kept() {
        assert_eq!(
            environment("production"),
            Environment::Name("production".into())
        );
        assert_eq!(environment("''"), Environment::Name(String::new()));
        let mut config = EnvironmentConfig::default();
        config.name = "review/$CI_COMMIT_REF_SLUG".into();
        config.url = Some("https://$CI_ENVIRONMENT_SLUG.example.com".into());
        config.on_stop = Some("stop".into());
        config.action = Some(EnvironmentAction::Prepare);
        config.auto_stop_in = Some("1 day".into());
        config.deployment_tier = Some("staging".into());
        let agent = Value::Map(
            [
                ("agent".to_owned(), Value::from("g/p:a")),
                (
                    "dashboard".to_owned(),
                    Value::Map(
                        [("namespace".to_owned(), Value::from("ns"))]
                            .into_iter()
                            .collect(),
                    ),
                ),
            ]
            .into_iter()
            .collect(),
        );
        config.kubernetes = Some(agent);
        assert_eq!(
            environment(
                "{name: review/$CI_COMMIT_REF_SLUG, url: 'https://$CI_ENVIRONMENT_SLUG.example.com', \
                 on_stop: stop, action: prepare, auto_stop_in: 1 day, deployment_tier: staging, \
                 kubernetes: {agent: 'g/p:a', dashboard: {namespace: ns}}}"
            ),
            Environment::Config(Box::new(config))
        );
        let mut config = EnvironmentConfig::default();
        config.name = "a".into();
        config.url = Some("$URL".into());
        assert_eq!(
            environment("{name: a, url: $URL}"),
            Environment::Config(Box::new(config))
        );
    }

    #[test]
    fn url_pattern() {
        for ok in ["http://a", "https://x y", "$A", "$Ab_1", "https://a\n"] {
            assert!(url_ok(ok), "{ok:?}");
        }
        for bad in [
            "",
            "http://",
            "https://\nx",
            "ftp://a",
            "$",
            "$_A",
            "${A}",
            "$1",
            "a https://b",
        ] {
            assert!(!url_ok(bad), "{bad:?}");
        }
        refused_with(
            "j:\n  environment: {name: a, url: example.com}\n",
            "jobs.\"j\".environment.url",
            "expected a URL starting with `http://` or `https://`, or a `$VARIABLE`, found `example.com`",
        );
    }

    #[test]
    fn constraints() {
        let doc = |y: &str| format!("j:\n  script: x\n  environment: {y}\n");
        refused_with(
            &doc(""),
            "jobs.\"j\".environment",
            "an environment name or a mapping with `name`, found null",
        );
        refused_with(&doc("[a]"), "jobs.\"j\".environment", "found a list");
        refused_with(&doc("1"), "jobs.\"j\".environment", "found the integer `1`");
        refused_with(
            &doc("{url: 'http://a'}"),
            "jobs.\"j\".environment",
            "`environment` needs the key `name`",
        );
        refused_with(
            &doc("{name: ''}"),
            "jobs.\"j\".environment.name",
            "non-empty",
        );
        refused_with(
            &doc("{name: a, url: 1}"),
            "jobs.\"j\".environment.url",
            "expected a string",
        );
        refused_with(
            &doc("{name: a, on_stop: [a]}"),
            "jobs.\"j\".environment.on_stop",
            "expected a string",
        );
        let d = refused_with(
            &doc("{name: a, action: stopp}"),
            "jobs.\"j\".environment.action",
            "`stopp` is not one of",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `stop`?"));
        refused_with(
            &doc("{name: a, auto_stop_in: 1}"),
            "jobs.\"j\".environment.auto_stop_in",
            "expected a string",
        );
        refused_with(
            &doc("{name: a, deployment_tier: 1}"),
            "jobs.\"j\".environment.deployment_tier",
            "expected a string",
        );
        refused_with(
            &doc("{name: a, kubernetes: a}"),
            "jobs.\"j\".environment.kubernetes",
            "expected a mapping",
        );
        refused_with(
            &doc("{name: a, kubernetes: {namespace: ''}}"),
            "jobs.\"j\".environment.kubernetes.namespace",
            "non-empty",
        );
        refused_with(
            &doc("{name: a, kubernetes: {agent: 1}}"),
            "jobs.\"j\".environment.kubernetes.agent",
            "expected a string",
        );
        refused_with(
            &doc("{name: a, kubernetes: {managed_resources: {enabled: 'no'}}}"),
            "jobs.\"j\".environment.kubernetes.managed_resources.enabled",
            "`true` or `false`",
        );
        refused_with(
            &doc("{name: a, kubernetes: {managed_resources: {x: 1}}}"),
            "jobs.\"j\".environment.kubernetes.managed_resources.x",
            "not a keyword of `managed_resources`",
        );
        refused_with(
            &doc("{name: a, kubernetes: {dashboard: {namespace: ''}}}"),
            "jobs.\"j\".environment.kubernetes.dashboard.namespace",
            "non-empty",
        );
        refused_with(
            &doc("{name: a, kubernetes: {dashboard: {flux_resource_path: 1}}}"),
            "jobs.\"j\".environment.kubernetes.dashboard.flux_resource_path",
            "expected a string",
        );
        let d = refused_with(
            &doc("{name: a, kubernetes: {agnt: a}}"),
            "jobs.\"j\".environment.kubernetes.agnt",
            "not a keyword of `environment:kubernetes`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `agent`?"));
        refused_with(
            &doc("{name: a, urls: b}"),
            "jobs.\"j\".environment.urls",
            "not a keyword of `environment`",
        );
        assert_eq!(refuse(&doc("{name: '', url: x, action: y}")).len(), 3);
    }

    #[test]
    fn unknown_kubernetes_keys_are_kept_when_allowed() {
        let p =
            accept_unknown("j:\n  script: x\n  environment: {name: a, kubernetes: {future: 1}}\n");
        let Some(Environment::Config(c)) = &p.job("j").unwrap().environment else {
            panic!("long form");
        };
        assert_eq!(
            c.kubernetes,
            Some(Value::Map(
                [("future".to_owned(), Value::Int(1))].into_iter().collect()
            ))
        );
    }

    /// GitLab's fixtures hold no `environment:` unit today; check any that appear.
    #[test]
    fn schema_fixtures() {
        let Some(dir) = fixture_dir() else {
            return;
        };
        let mut files = [Vec::new(), Vec::new()];
        for (i, kind) in ["positive", "negative"].into_iter().enumerate() {
            for entry in std::fs::read_dir(dir.join(kind)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if units(&text)
                    .iter()
                    .any(|(_, u)| u.contains("\n  environment:"))
                {
                    files[i].push(path.file_name().unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let positive: Vec<&str> = files[0].iter().map(String::as_str).collect();
        let negative: Vec<&str> = files[1].iter().map(String::as_str).collect();
        check_fixtures(&positive, &negative, &["environment"]);
    }
}
