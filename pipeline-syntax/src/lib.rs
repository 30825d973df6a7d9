//! The grammars of GitLab CI that both `pipeline-dsl` and its macros need, with no
//! dependencies by default: `rules:if` expressions, `$VAR` references, predefined variables,
//! image references and job names.
//!
//! ```
//! use pipeline_syntax::expr::{Expr, Pattern};
//!
//! // Parse an expression as GitLab does, and print its canonical form.
//! let expr: Expr = r#"$CI_COMMIT_TAG=~/^v\d+/&&($DEPLOY||$CI_PIPELINE_SOURCE=="web")"#.parse()?;
//! assert_eq!(
//!     expr.to_string(),
//!     r#"$CI_COMMIT_TAG =~ /^v\d+/ && ($DEPLOY || $CI_PIPELINE_SOURCE == "web")"#
//! );
//!
//! // The same tree, built in Rust.
//! let built = Expr::var("CI_COMMIT_TAG")
//!     .matches(Pattern::new(r"^v\d+", "")?)
//!     .and(Expr::var("DEPLOY").or(Expr::var("CI_PIPELINE_SOURCE").eq(Expr::string("web"))));
//! assert_eq!(expr, built);
//!
//! // Evaluate it with GitLab's semantics (feature `eval`).
//! #[cfg(feature = "eval")]
//! {
//!     assert!(expr.is_truthy(&[("CI_COMMIT_TAG", "v1.4.0"), ("DEPLOY", "yes")]));
//!     assert!(!expr.is_truthy(&[("CI_COMMIT_TAG", "v1.4.0"), ("DEPLOY", "")]));
//!     assert!(!expr.is_truthy(&[("CI_COMMIT_BRANCH", "main")]));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//!
//! - [`expr`]: the expression language of `rules:if`, `workflow:rules:if` and
//!   `only:variables` (parse, print, evaluate).
//! - [`variables`]: GitLab's predefined variables, when they are available, and the
//!   deprecated names with their replacements.
//! - [`refs`]: `$VAR` and `${VAR}` references in scripts and values.
//! - [`image`]: Docker image references (`registry:port/path:tag@digest`).
//! - [`names`]: job and stage name rules, and "did you mean" suggestions.
//!
//! # Features
//!
//! - `eval`: expression evaluation; regexes run with RE2's semantics through the `regex`
//!   crate (its only dependency).

pub mod expr;
pub mod image;
pub mod names;
pub mod refs;
pub mod variables;

#[cfg(feature = "eval")]
pub use expr::{EvalError, Value, Variables};
pub use expr::{Expr, ParseError, Pattern};
pub use image::ImageRef;
