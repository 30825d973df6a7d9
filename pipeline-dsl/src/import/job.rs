//! Import of jobs, hidden keys and `default:`.

use super::cx::{Cx, FromNode};
use super::node::Node;
use super::{artifacts, image, include, needs, rules, script, secrets, spec, steps, variables};
use crate::model::{
    AllowFailure, JOB_KEYWORDS, Job, JobDefaults, OneOrMany, Pages, PagesConfig, Release, When,
};

/// The keywords `default:` accepts.
pub(crate) const DEFAULT_KEYWORDS: [&str; 14] = [
    "after_script",
    "artifacts",
    "before_script",
    "hooks",
    "cache",
    "image",
    "interruptible",
    "id_tokens",
    "identity",
    "retry",
    "services",
    "tags",
    "timeout",
    "!reference",
];

/// A job mapping. `what` names it in messages (`job \`build\``).
pub(crate) fn job(node: &Node, cx: &mut Cx, what: &str) -> Option<Job> {
    let mut m = cx.map(node, &format!("{what} to be a mapping of job keywords"))?;
    let errors_before = cx.diagnostics.len();
    let mut job = Job::new();
    job.image = m.get(cx, "image");
    job.services = m.with(cx, "services", image::services);
    job.before_script = m.with(cx, "before_script", script::optional_script);
    job.after_script = m.with(cx, "after_script", script::optional_script);
    job.hooks = m.get(cx, "hooks");
    let rules_null = m.node("rules").is_some_and(Node::is_null);
    if !rules_null {
        job.rules = m.with(cx, "rules", rules::job_rules);
    }
    job.variables = m.with(cx, "variables", variables::job_variables);
    job.cache = m.get(cx, "cache");
    job.id_tokens = m.with(cx, "id_tokens", secrets::id_tokens).map(Box::new);
    job.identity = m.with(cx, "identity", |n, cx| cx.enum_string(n, &["google_cloud"]));
    job.dast_configuration = m
        .with(cx, "dast_configuration", dast_configuration)
        .map(Box::new);
    job.inputs = m.with(cx, "inputs", spec::job_inputs).map(Box::new);
    job.secrets = m.with(cx, "secrets", secrets::secrets).map(Box::new);
    job.script = m.with(cx, "script", script::script);
    job.run = m.with(cx, "run", steps::steps);
    job.stage = m.with(cx, "stage", stage);
    job.only = m.get(cx, "only");
    job.except = m.get(cx, "except");
    job.extends = m.with(cx, "extends", extends);
    job.needs = m.with(cx, "needs", needs::needs);
    job.tags = m.with(cx, "tags", tags);
    job.allow_failure = m.get(cx, "allow_failure");
    job.timeout = m.with(cx, "timeout", |n, cx| cx.non_empty(n));
    job.when = m.get(cx, "when");
    job.start_in = m.with(cx, "start_in", |n, cx| cx.non_empty(n));
    job.manual_confirmation = m.get(cx, "manual_confirmation");
    job.dependencies = m.get(cx, "dependencies");
    job.artifacts = m.with(cx, "artifacts", artifacts::artifacts);
    job.environment = m.get(cx, "environment");
    job.release = m.get::<Release>(cx, "release").map(Box::new);
    job.coverage = m.with(cx, "coverage", |n, cx| {
        cx.string_where(n, "a regular expression between slashes (`/.../`)", |s| {
            s.len() >= 3 && s.starts_with('/') && s.ends_with('/')
        })
    });
    job.retry = m.get(cx, "retry");
    job.parallel = m.get(cx, "parallel");
    job.interruptible = m.get(cx, "interruptible");
    job.resource_group = m.get(cx, "resource_group");
    job.trigger = m.get(cx, "trigger");
    job.inherit = m.get(cx, "inherit");
    job.publish = m.get(cx, "publish");
    job.pages = m.get(cx, "pages");
    // GitLab's schema: `when: delayed` needs `start_in`.
    if job.when == Some(When::Delayed) && job.start_in.is_none() {
        cx.error(node.span, "`when: delayed` needs `start_in`");
    }
    job.extra = m.finish(cx, &JOB_KEYWORDS, what);
    if rules_null {
        job.extra.insert("rules", crate::model::Value::Null);
    }
    let _ = include::inputs; // trigger and include inputs are read by their own converters
    (cx.diagnostics.len() == errors_before).then_some(job)
}

/// `default:`.
pub(crate) fn defaults(node: &Node, cx: &mut Cx) -> Option<JobDefaults> {
    let mut m = cx.map(node, "`default` to be a mapping")?;
    let d = JobDefaults {
        after_script: m.with(cx, "after_script", script::optional_script),
        artifacts: m.with(cx, "artifacts", artifacts::artifacts),
        before_script: m.with(cx, "before_script", script::optional_script),
        hooks: m.get(cx, "hooks"),
        cache: m.get(cx, "cache"),
        image: m.get(cx, "image"),
        interruptible: m.get(cx, "interruptible"),
        id_tokens: m.with(cx, "id_tokens", secrets::id_tokens).map(Box::new),
        identity: m.with(cx, "identity", |n, cx| cx.enum_string(n, &["google_cloud"])),
        retry: m.get(cx, "retry"),
        services: m.with(cx, "services", image::services),
        tags: m.with(cx, "tags", tags),
        timeout: m.with(cx, "timeout", |n, cx| cx.non_empty(n)),
        reference: m.with(cx, "!reference", |n, cx| {
            cx.list(n, "non-empty strings", |n, cx| cx.non_empty(n))
        }),
    };
    m.finish_strict(cx, &DEFAULT_KEYWORDS, "`default`");
    Some(d)
}

/// `stage:` - a non-empty string, or (as GitLab's schema allows) a non-empty list.
fn stage(node: &Node, cx: &mut Cx) -> Option<OneOrMany<String>> {
    match node.as_str() {
        Some(_) => cx.non_empty(node).map(OneOrMany::One),
        None => cx
            .list_len(node, "strings", 1, usize::MAX, |n, cx| cx.string(n))
            .map(OneOrMany::Many),
    }
}

/// `extends:` - a template name or a non-empty list of them.
fn extends(node: &Node, cx: &mut Cx) -> Option<OneOrMany<String>> {
    match node.as_str() {
        Some(s) => Some(OneOrMany::One(s.to_owned())),
        None => cx
            .list_len(node, "template names", 1, usize::MAX, |n, cx| cx.string(n))
            .map(OneOrMany::Many),
    }
}

/// `tags:` - a non-empty list of non-empty strings or nested lists, or a `!reference`.
pub(crate) fn tags(
    node: &Node,
    cx: &mut Cx,
) -> Option<crate::model::OrReference<Vec<crate::model::StringItem>>> {
    use crate::model::{OrReference, StringItem};
    if let super::node::NodeKind::Reference(_) = node.kind {
        return cx.reference(node).map(OrReference::Reference);
    }
    cx.list_len(node, "runner tags", 1, usize::MAX, |n, cx| {
        match n.as_str() {
            Some(_) => cx.non_empty(n).map(StringItem::One),
            None => match &n.kind {
                super::node::NodeKind::Reference(_) => cx.reference(n).map(StringItem::Reference),
                _ => cx
                    .list_len(n, "strings", 1, usize::MAX, |n, cx| cx.string(n))
                    .map(StringItem::Nested),
            },
        }
    })
    .map(OrReference::Value)
}

fn dast_configuration(node: &Node, cx: &mut Cx) -> Option<indexmap::IndexMap<String, String>> {
    let mut m = cx.map(node, "`dast_configuration` to be a mapping")?;
    let mut out = indexmap::IndexMap::new();
    for key in ["site_profile", "scanner_profile"] {
        if let Some(v) = m.get::<String>(cx, key) {
            out.insert(key.to_owned(), v);
        }
    }
    m.finish_strict(
        cx,
        &["site_profile", "scanner_profile"],
        "`dast_configuration`",
    );
    Some(out)
}

impl FromNode for When {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.one_of(node, &When::ALL)
    }
}

impl FromNode for AllowFailure {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        if let Some(b) = match node.kind {
            super::node::NodeKind::Scalar(super::node::Scalar::Bool(b)) => Some(b),
            _ => None,
        } {
            return Some(AllowFailure::Bool(b));
        }
        let mut m = cx.map(node, "`true`, `false` or `{exit_codes: ...}`")?;
        let codes = m.required(cx, "exit_codes", "`allow_failure`", exit_codes);
        m.finish_strict(cx, &["exit_codes"], "`allow_failure`");
        codes.map(|exit_codes| AllowFailure::ExitCodes { exit_codes })
    }
}

/// `exit_codes:` - an integer or a non-empty list of unique integers.
pub(crate) fn exit_codes(node: &Node, cx: &mut Cx) -> Option<OneOrMany<i64>> {
    match &node.kind {
        super::node::NodeKind::Seq(_) => {
            let codes = cx.list_len(node, "exit codes", 1, usize::MAX, |n, cx| cx.int(n))?;
            cx.unique(node, codes).map(OneOrMany::Many)
        }
        _ => cx.int(node).map(OneOrMany::One),
    }
}

impl FromNode for Pages {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        if let super::node::NodeKind::Scalar(super::node::Scalar::Bool(b)) = node.kind {
            return Some(Pages::Enabled(b));
        }
        let mut m = cx.map(node, "`true`, `false` or a mapping")?;
        let config = PagesConfig {
            path_prefix: m.get(cx, "path_prefix"),
            expire_in: m.get(cx, "expire_in"),
            publish: m.get(cx, "publish"),
        };
        m.finish_strict(cx, &["path_prefix", "expire_in", "publish"], "`pages`");
        Some(Pages::Config(Box::new(config)))
    }
}

impl FromNode for u32 {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let i = cx.int_range(node, 0, i64::from(u32::MAX))?;
        u32::try_from(i).ok()
    }
}
