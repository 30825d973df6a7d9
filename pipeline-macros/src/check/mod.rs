//! The compile-time checks: one function per rule, each with the rule and its reason.
//! Every check reports into the [`Ctxt`] and goes on, so one compile shows every mistake.
//!
//! - [`keys`]: unknown and duplicate keys, values of the wrong shape, `when` and other
//!   closed sets of words.
//! - [`jobs`]: duplicate and reserved job names.
//! - [`stages`]: a job's `stage` is declared.
//! - [`needs`]: `needs`, `dependencies`, `extends`, `environment:on_stop` and
//!   `rules:needs` name defined jobs.
//! - [`refs`]: misspelled ref keywords in `only` / `except`.
//! - [`rules`]: `rules` is not combined with `only` / `except`.
//! - [`expressions`]: `rules:if` and `only:variables` parse.
//! - [`variables`]: every `$VAR` is defined somewhere.
//! - [`images`]: image references are well formed.

pub(crate) mod expressions;
pub(crate) mod images;
pub(crate) mod jobs;
pub(crate) mod keys;
pub(crate) mod needs;
pub(crate) mod refs;
pub(crate) mod rules;
pub(crate) mod stages;
pub(crate) mod variables;

use proc_macro2::Span;

use crate::ctxt::Ctxt;
use crate::syntax::{JobDef, PipelineInput, Value};

/// What the checks learn about the pipeline as a whole.
pub(crate) struct Facts<'a> {
    pub(crate) input: &'a PipelineInput,
    /// The declared stages: `None` without a `stages` key (GitLab's defaults apply);
    /// `Some(None)` when the list is Rust code, so its names are unknown.
    pub(crate) stages: Option<Option<Vec<(String, Span)>>>,
}

impl<'a> Facts<'a> {
    pub(crate) fn new(input: &'a PipelineInput) -> Self {
        let stages = global(input, "stages").map(|v| match v {
            Value::Splice(_) => None,
            v => Some(
                v.items()
                    .iter()
                    .filter_map(|item| item.text().map(|t| (t, item.span())))
                    .collect(),
            ),
        });
        Facts { input, stages }
    }

    /// The job called `name`.
    pub(crate) fn job(&self, name: &str) -> Option<&'a JobDef> {
        self.input.jobs.iter().find(|j| j.name.name == name)
    }

    /// Every job name, in written order.
    pub(crate) fn job_names(&self) -> impl Iterator<Item = &'a str> {
        self.input.jobs.iter().map(|j| j.name.name.as_str())
    }
}

/// The value of a global key.
pub(crate) fn global<'a>(input: &'a PipelineInput, key: &str) -> Option<&'a Value> {
    input
        .globals
        .iter()
        .find(|e| e.key.name == key)
        .map(|e| &e.value)
}

/// Runs every check.
pub(crate) fn check(cx: &Ctxt, input: &PipelineInput) {
    keys::check_pipeline(cx, input);
    let facts = Facts::new(input);
    jobs::check_names(cx, &facts);
    stages::check_declared(cx, &facts);
    needs::check_targets(cx, &facts);
    refs::check_ref_keywords(cx, &facts);
    rules::check_rules_exclusive(cx, &facts);
    expressions::check_expressions(cx, &facts);
    variables::check_references(cx, &facts);
    images::check_images(cx, &facts);
}

/// The span of `range` (bytes of the string's value) inside a string literal, where the
/// compiler can give one: `Literal::subspan` works on nightly only, so on stable this is
/// the whole literal (and messages name the column instead). A literal with escapes maps
/// value bytes to source bytes unevenly, so it always gets the whole span.
pub(crate) fn span_in(value: &Value, range: std::ops::Range<usize>) -> Span {
    let Value::Str(lit) = value else {
        return value.span();
    };
    let token = lit.token();
    let source = token.to_string();
    let text = lit.value();
    if source.len() == text.len() + 2 && source[1..source.len() - 1] == text {
        let end = range.end.max(range.start + 1).min(text.len()) + 1;
        if let Some(span) = token.subspan(range.start + 1..end) {
            return span;
        }
    }
    lit.span()
}
