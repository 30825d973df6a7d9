//! The planner (`pipeline_dsl::plan`): which jobs GitLab creates for a context.
//!
//! - `docs`: GitLab's documented examples (rules, workflow, only/except, parallel, needs,
//!   extends, `!reference`, `.pre`/`.post`), one small table-driven test each;
//! - `bugs`: the bug classes other local runners got wrong;
//! - `errors`: when GitLab refuses to create the pipeline;
//! - `glob`: `changes:`/`exists:` globs against Ruby's `File.fnmatch?`;
//! - `include`: local files, the workflow templates, `include:rules`;
//! - `explore`: every context at once, and its lints;
//! - `props`: property tests on the seed pipelines and on expressions;
//! - `render`: plans as text, Mermaid and DOT.

mod bugs;
mod docs;
mod errors;
mod explore;
mod glob;
mod include;
mod props;
mod render;
mod support;
