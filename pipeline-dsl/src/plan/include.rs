//! `include:` for planning: the files a pipeline includes, merged as GitLab merges them
//! (each included file deep-merged in order, then the including file over them), with
//! `include:rules` evaluated for the context.
//!
//! Local files are read through a callback (the caller knows where the repository is); the
//! workflow templates GitLab ships (`Workflows/Branch-Pipelines.gitlab-ci.yml`,
//! `Workflows/MergeRequest-Pipelines.gitlab-ci.yml`) are built in. Remote files, other
//! projects, other templates and components cannot be read here: they are reported as
//! unresolved, and the plan covers the rest.

use std::collections::BTreeMap;

use crate::import::{self, ImportOptions};
use crate::model::{Include, Includes, Mapping, Pipeline, Value, When};

use super::context::Context;
use super::error::PlanError;
use super::evaluate::{Scope, first_match};
use super::prepare::{InheritVars, include_rules};
use super::resolve::deep_merge;

/// GitLab's limit on includes, nested ones and duplicates counted.
const MAX_INCLUDES: usize = 150;

/// The workflow templates GitLab ships, which hold only `workflow:rules`.
const TEMPLATES: [(&str, &str); 2] = [
    (
        "Workflows/Branch-Pipelines.gitlab-ci.yml",
        "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n    - if: $CI_COMMIT_BRANCH\n",
    ),
    (
        "Workflows/MergeRequest-Pipelines.gitlab-ci.yml",
        "workflow:\n  rules:\n    - if: $CI_MERGE_REQUEST_IID\n    - if: $CI_COMMIT_TAG\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n",
    ),
];

/// A pipeline with its includes merged in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Included {
    /// The merged pipeline (no `include:` left).
    pub pipeline: Pipeline,
    /// The includes that could not be read (remote files, other projects, templates other
    /// than the workflow ones, components, missing local files), described.
    pub unresolved: Vec<String>,
}

/// Merges the files `pipeline` includes, for `ctx` (`include:rules` depend on it).
/// `read_local` returns the text of a local file, given its path from the repository root.
///
/// ```
/// use pipeline_dsl::plan::{Context, resolve_includes};
///
/// let yaml = "
/// include:
///   - template: Workflows/MergeRequest-Pipelines.gitlab-ci.yml
///   - local: ci/test.yml
/// build:
///   script: [make]
/// ";
/// let pipeline = pipeline_dsl::import::from_str(yaml)?.pipeline;
/// let files = |path: &str| (path == "ci/test.yml").then(|| "test:\n  script: [make test]\n".to_owned());
/// let ctx = Context::merge_request("feature", "main");
/// let included = resolve_includes(&pipeline, &ctx, &files).unwrap();
/// assert!(included.unresolved.is_empty());
/// let plan = included.pipeline.plan(&ctx);
/// // Included jobs come first: GitLab merges the file over what it includes.
/// assert_eq!(plan.job_names(), ["test", "build"]);
/// // The template keeps branch pipelines to the default branch.
/// assert!(!included.pipeline.plan(&Context::push_branch("feature")).created);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// More than 150 includes, an invalid `include:rules` expression, or an included file that
/// is not valid YAML or that GitLab would refuse once merged.
pub fn resolve_includes(
    pipeline: &Pipeline,
    ctx: &Context,
    read_local: &dyn Fn(&str) -> Option<String>,
) -> Result<Included, Vec<PlanError>> {
    let config = |message: String| vec![PlanError::Config { message }];
    let Some(includes) = &pipeline.include else {
        return Ok(Included {
            pipeline: pipeline.clone(),
            unresolved: Vec::new(),
        });
    };
    let text = crate::emit::to_string(pipeline).map_err(|e| config(e.to_string()))?;
    let mut documents = import::load_values(&text).map_err(|e| config(e.to_string()))?;
    let body = match documents.pop() {
        Some(Value::Map(m)) => m,
        _ => Mapping::new(),
    };
    let mut merger = Merger {
        ctx,
        read_local,
        predefined: ctx.predefined_variables(),
        unresolved: Vec::new(),
        count: 0,
    };
    let merged = merger.merge(body, includes)?;
    let mut text = String::new();
    for header in &documents {
        text.push_str(&crate::emit::value_to_string(header).map_err(|e| config(e.to_string()))?);
        text.push_str("---\n");
    }
    text.push_str(&crate::emit::value_to_string(&merged).map_err(|e| config(e.to_string()))?);
    let pipeline = import::from_str_with(&text, &ImportOptions::new().allow_unknown(true))
        .map_err(|e| {
            e.diagnostics
                .errors()
                .map(|d| PlanError::Config {
                    message: format!("{}: {}", d.path, d.message),
                })
                .collect::<Vec<_>>()
        })?
        .pipeline;
    Ok(Included {
        pipeline,
        unresolved: merger.unresolved,
    })
}

/// The state of one resolution.
struct Merger<'a> {
    ctx: &'a Context,
    read_local: &'a dyn Fn(&str) -> Option<String>,
    predefined: BTreeMap<String, String>,
    unresolved: Vec<String>,
    count: usize,
}

impl Merger<'_> {
    /// `body` (without its `include`) over the files `includes` names.
    fn merge(&mut self, mut body: Mapping, includes: &Includes) -> Result<Value, Vec<PlanError>> {
        body.shift_remove("include");
        let mut merged = Value::Map(Mapping::new());
        for item in includes.items() {
            if !self.rules_pass(item)? {
                continue;
            }
            self.count += 1;
            if self.count > MAX_INCLUDES {
                return Err(vec![PlanError::Config {
                    message: format!("Maximum of {MAX_INCLUDES} nested includes are allowed!"),
                }]);
            }
            let Some(text) = self.content(item) else {
                continue;
            };
            let included = self.file(&text)?;
            deep_merge(&mut merged, included);
        }
        deep_merge(&mut merged, Value::Map(body));
        Ok(merged)
    }

    /// An included file, its own includes merged in.
    fn file(&mut self, text: &str) -> Result<Value, Vec<PlanError>> {
        let config = |message: String| vec![PlanError::Config { message }];
        let mut documents = import::load_values(text).map_err(|e| config(e.to_string()))?;
        let body = match documents.pop() {
            Some(Value::Map(m)) => m,
            _ => Mapping::new(),
        };
        if !body.contains_key("include") {
            return Ok(Value::Map(body));
        }
        let nested = import::from_str_with(text, &ImportOptions::new().allow_unknown(true))
            .map_err(|e| config(e.to_string()))?
            .pipeline
            .include;
        match nested {
            Some(includes) => self.merge(body, &includes),
            None => Ok(Value::Map(body)),
        }
    }

    /// Whether the item's `rules` (if any) include it for this context.
    fn rules_pass(&self, item: &Include) -> Result<bool, Vec<PlanError>> {
        let rules = match item {
            Include::Local(i) => i.rules.as_deref(),
            Include::Project(i) => i.rules.as_deref(),
            Include::Template(i) => i.rules.as_deref(),
            Include::Component(i) => i.rules.as_deref(),
            Include::Remote(i) => i.rules.as_deref(),
            Include::Path(_) | Include::Artifact(_) => None,
        };
        let Some(rules) = rules else {
            return Ok(true);
        };
        let rules = include_rules(rules, "include:rules:rule")?;
        let empty = BTreeMap::new();
        let all = InheritVars::All;
        let scope = Scope {
            pipeline: self.ctx.pipeline_variables(),
            job: None,
            root: &empty,
            inherit: &all,
            predefined: &self.predefined,
            job_predefined: None,
        };
        Ok(first_match(&rules, &scope, self.ctx).is_some_and(|r| r.when != Some(When::Never)))
    }

    /// The text of an include, or `None` (recorded as unresolved).
    fn content(&mut self, item: &Include) -> Option<String> {
        let local = |this: &mut Self, path: &str| -> Option<String> {
            if path.contains(['*', '?', '[', '{']) {
                this.unresolved
                    .push(format!("local `{path}` (wildcards are not expanded)"));
                return None;
            }
            let found = (this.read_local)(path.trim_start_matches('/'));
            if found.is_none() {
                this.unresolved.push(format!("local `{path}` (not found)"));
            }
            found
        };
        match item {
            Include::Path(p) if p.starts_with("http://") || p.starts_with("https://") => {
                self.unresolved.push(format!("remote `{p}`"));
                None
            }
            Include::Path(p) => local(self, p),
            Include::Local(l) => local(self, &l.local),
            Include::Template(t) => {
                let found = TEMPLATES
                    .iter()
                    .find(|(name, _)| *name == t.template)
                    .map(|(_, text)| (*text).to_owned());
                if found.is_none() {
                    self.unresolved.push(format!("template `{}`", t.template));
                }
                found
            }
            Include::Remote(r) => {
                self.unresolved.push(format!("remote `{}`", r.remote));
                None
            }
            Include::Project(p) => {
                self.unresolved.push(format!("project `{}`", p.project));
                None
            }
            Include::Component(c) => {
                self.unresolved.push(format!("component `{}`", c.component));
                None
            }
            Include::Artifact(a) => {
                self.unresolved.push(format!("artifact `{}`", a.artifact));
                None
            }
        }
    }
}
