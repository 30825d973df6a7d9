//! YAML text to the model, the way GitLab reads it: Psych's YAML 1.1 typing, anchors,
//! aliases and `<<` merge keys, `!reference` tags, and every constraint of GitLab's
//! schema, with each error located by file position and path.
//!
//! ```
//! let imported = pipeline_dsl::import::from_str("build:\n  script: make\n").unwrap();
//! assert!(imported.pipeline.job("build").is_some());
//! ```

mod artifacts;
mod cache;
mod cx;
mod environment;
mod image;
mod include;
mod inherit;
mod job;
mod needs;
mod node;
mod only_except;
mod parallel;
mod pipeline;
mod reader;
mod release;
mod retry;
mod rules;
mod script;
mod secrets;
mod spec;
mod steps;
mod trigger;
mod variables;
mod workflow;

use crate::diagnostic::{Diagnostic, Diagnostics, KeyPath, SourceSpan};
use crate::model::Pipeline;

pub use reader::{MAX_DEPTH, MAX_FILE_BYTES};

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Keep keys GitLab does not know in the model's `extra` maps instead of refusing
    /// them (`fmt --allow-unknown`). Off by default: GitLab refuses such keys too.
    pub allow_unknown: bool,
}

impl ImportOptions {
    /// The default options: unknown keys are errors.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`ImportOptions::allow_unknown`].
    #[must_use]
    pub fn allow_unknown(mut self, allow: bool) -> Self {
        self.allow_unknown = allow;
        self
    }
}

/// A successful import: the pipeline and what deserves a warning (duplicate keys, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Imported {
    /// The pipeline.
    pub pipeline: Pipeline,
    /// Warnings found while reading.
    pub warnings: Diagnostics,
    /// Where each key of the pipeline was written, to locate later diagnostics.
    pub source_map: SourceMap,
}

/// Where each path of an imported pipeline (`jobs."build".stage`) was written.
///
/// ```
/// use pipeline_dsl::KeyPath;
///
/// let imported = pipeline_dsl::import::from_str("build:\n  stage: build\n  script: make\n").unwrap();
/// let span = imported.source_map.locate(&KeyPath::root().job("build").key("stage")).unwrap();
/// assert_eq!((span.line, span.column), (2, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceMap(std::collections::BTreeMap<String, SourceSpan>);

impl SourceMap {
    /// The position of `path`, or of its closest written ancestor.
    pub fn locate(&self, path: &KeyPath) -> Option<SourceSpan> {
        let mut path = path.clone();
        loop {
            if let Some(span) = self.0.get(&path.to_string()) {
                return Some(*span);
            }
            path.0.pop()?;
        }
    }

    /// Fills in the position of every diagnostic that has none.
    pub fn locate_all(&self, diagnostics: &mut Diagnostics) {
        for d in &mut diagnostics.0 {
            if d.span.is_none() {
                d.span = self.locate(&d.path);
            }
        }
    }

    fn record(&mut self, path: &KeyPath, node: &node::Node, key_span: SourceSpan) {
        // Point at a scalar value itself, at the key of a list or a mapping.
        let span = match node.kind {
            node::NodeKind::Scalar(_) => node.span,
            _ => key_span,
        };
        self.0.insert(path.to_string(), span);
        match &node.kind {
            node::NodeKind::Map(entries) => {
                for e in entries {
                    self.record(&path.clone().key(e.key.clone()), &e.value, e.key_span);
                }
            }
            node::NodeKind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.record(&path.clone().index(i), item, item.span);
                }
            }
            _ => {}
        }
    }

    fn of_documents(documents: &[node::Node]) -> Self {
        let mut map = SourceMap::default();
        for doc in documents {
            for e in doc.entries().unwrap_or_default() {
                let path = if crate::model::GLOBAL_KEYWORDS.contains(&e.key.as_str())
                    || e.key == "!reference"
                {
                    KeyPath::root().key(e.key.clone())
                } else {
                    KeyPath::root().job(&e.key)
                };
                map.record(&path, &e.value, e.key_span);
            }
        }
        map
    }
}

/// Import failed: every error found (and the warnings), each with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{diagnostics}")]
pub struct ImportError {
    /// The errors and warnings, in the order they were found.
    pub diagnostics: Diagnostics,
}

/// Imports a `.gitlab-ci.yml` with the default options.
///
/// # Errors
/// When GitLab would refuse the file: invalid YAML, a limit, an unknown keyword, or a value
/// GitLab's schema does not accept. Every problem is reported, not only the first.
pub fn from_str(text: &str) -> Result<Imported, ImportError> {
    from_str_with(text, &ImportOptions::default())
}

/// Imports a `.gitlab-ci.yml`.
///
/// # Errors
/// As [`from_str`].
pub fn from_str_with(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let loaded = reader::load(text).map_err(|d| ImportError {
        diagnostics: Diagnostics(vec![d]),
    })?;
    let mut cx = cx::Cx::new(options.allow_unknown);
    let pipeline = pipeline::pipeline(&loaded.documents, &mut cx);
    let mut diagnostics: Vec<Diagnostic> = loaded.warnings;
    diagnostics.append(&mut cx.diagnostics);
    let diagnostics = Diagnostics(diagnostics);
    match pipeline {
        Some(pipeline) if !diagnostics.has_errors() => Ok(Imported {
            pipeline,
            warnings: diagnostics,
            source_map: SourceMap::of_documents(&loaded.documents),
        }),
        _ => Err(ImportError { diagnostics }),
    }
}

/// Loads YAML text as GitLab's loader would (Psych: YAML 1.1 types, aliases expanded,
/// `<<` merged), without reading it as a pipeline: one [`Value`](crate::model::Value) per document.
///
/// ```
/// use pipeline_dsl::model::Value;
///
/// let docs = pipeline_dsl::import::load_values("a: on\nb: '0755'\n").unwrap();
/// let map = docs[0].as_map().unwrap();
/// assert_eq!(map["a"], Value::Bool(true));
/// assert_eq!(map["b"], Value::from("0755"));
/// ```
///
/// # Errors
/// Invalid YAML or a limit (size, depth, alias expansion).
pub fn load_values(text: &str) -> Result<Vec<crate::model::Value>, ImportError> {
    let loaded = reader::load(text).map_err(|d| ImportError {
        diagnostics: Diagnostics(vec![d]),
    })?;
    Ok(loaded.documents.iter().map(node::Node::to_value).collect())
}
