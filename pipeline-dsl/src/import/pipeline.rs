//! Import of the document stream: the `spec:` header, global keywords, the deprecated
//! top-level defaults, jobs and hidden keys.

use super::cx::Cx;
use super::job::{self, defaults};
use super::node::{Node, NodeKind};
use super::{image, script, variables};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{JobEntry, Pipeline, Spec, StringItem};

pub(crate) fn pipeline(documents: &[Node], cx: &mut Cx) -> Option<Pipeline> {
    let (header, body) = match documents {
        [] => {
            cx.push(Diagnostic::error(
                "empty-file",
                KeyPath::root(),
                "the file is empty; GitLab says `Please provide content of .gitlab-ci.yml`",
            ));
            return None;
        }
        [body] => (None, body),
        [header, body] => (Some(header), body),
        [_, _, third, ..] => {
            cx.error(
                third.span,
                "a CI file has at most two YAML documents: a `spec:` header and the pipeline",
            );
            return None;
        }
    };
    let mut pipeline = Pipeline::default();
    if let Some(header) = header {
        pipeline.spec = spec_header(header, cx);
    }
    if body.is_null() && pipeline.spec.is_some() {
        return Some(pipeline);
    }
    let Some(entries) = body.entries() else {
        cx.expected::<()>(body, "a mapping of global keywords and jobs");
        return None;
    };
    for entry in entries {
        let key = entry.key.as_str();
        let value = &entry.value;
        cx.at(key, |cx| match key {
            "$schema" => pipeline.schema = cx.string(value),
            "spec" => {
                if pipeline.spec.is_some() {
                    cx.error(entry.key_span, "`spec` is given twice");
                } else {
                    pipeline.spec = super::cx::FromNode::from_node(value, cx);
                }
            }
            "include" => pipeline.include = super::cx::FromNode::from_node(value, cx),
            "stages" => pipeline.stages = stages(value, cx),
            "variables" => pipeline.variables = variables::global_variables(value, cx),
            "workflow" => pipeline.workflow = super::cx::FromNode::from_node(value, cx),
            "default" => pipeline.default = defaults(value, cx),
            "image" => pipeline.image = super::cx::FromNode::from_node(value, cx),
            "services" => pipeline.services = image::services(value, cx),
            "cache" => pipeline.cache = super::cx::FromNode::from_node(value, cx),
            "before_script" => pipeline.before_script = script::optional_script(value, cx),
            "after_script" => pipeline.after_script = script::optional_script(value, cx),
            "!reference" => {
                if let Some(parts) = cx.list(value, "non-empty strings", |n, cx| cx.non_empty(n)) {
                    pipeline.jobs.insert(
                        key.to_owned(),
                        JobEntry::Raw(crate::model::Value::Seq(
                            parts.into_iter().map(crate::model::Value::String).collect(),
                        )),
                    );
                }
            }
            "<<" => cx.error_help(
                entry.key_span,
                "`<<` cannot be a job name: GitLab's YAML loader merges it even when quoted",
                "rename the job",
            ),
            name if name.starts_with('.') => {
                // A hidden key is a job template when it is shaped like one; otherwise
                // it is an anchor holder GitLab does not look into.
                let mut probe = Cx::new(cx.allow_unknown);
                let entry = match job::job(value, &mut probe, &format!("hidden job `{name}`")) {
                    Some(job) => JobEntry::Job(Box::new(job)),
                    None => JobEntry::Raw(value.to_value()),
                };
                pipeline.jobs.insert(name.to_owned(), entry);
            }
            name => {
                // Paths into jobs read `jobs."name".key`, so step out of the key and back in.
                cx.leave(|cx| {
                    cx.at("jobs", |cx| {
                        cx.at(name, |cx| {
                            if let Some(job) = job::job(value, cx, &format!("job `{name}`")) {
                                pipeline
                                    .jobs
                                    .insert(name.to_owned(), JobEntry::Job(Box::new(job)));
                            }
                        });
                    });
                });
            }
        });
    }
    Some(pipeline)
}

/// The header document: a mapping with `spec:` only.
fn spec_header(node: &Node, cx: &mut Cx) -> Option<Spec> {
    let mut m = cx.map(node, "the header document to be a mapping with `spec:`")?;
    let spec = m.get(cx, "spec");
    m.finish_strict(cx, &["spec"], "the header document");
    spec
}

/// `stages:` - a non-empty list of unique names (items may be nested lists).
fn stages(node: &Node, cx: &mut Cx) -> Option<Vec<StringItem>> {
    let items = cx.list_len(node, "stage names", 1, usize::MAX, |n, cx| match &n.kind {
        NodeKind::Reference(_) => cx.reference(n).map(StringItem::Reference),
        NodeKind::Seq(_) => cx.strings(n).map(StringItem::Nested),
        _ => cx.string(n).map(StringItem::One),
    })?;
    cx.unique(node, items)
}
