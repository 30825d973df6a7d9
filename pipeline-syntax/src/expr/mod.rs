//! GitLab's CI/CD variable expressions: `rules:if`, `workflow:rules:if`, `include:rules:if`
//! and `only/except:variables`, parsed, printed and (feature `eval`) evaluated exactly as
//! GitLab does.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/jobs/job_rules/#cicd-variable-expressions>
//!
//! ```
//! use pipeline_syntax::expr::Expr;
//!
//! let expr: Expr = r#"($CI_COMMIT_BRANCH=="main")&&$DEPLOY"#.parse()?;
//! assert_eq!(expr.to_string(), r#"$CI_COMMIT_BRANCH == "main" && $DEPLOY"#);
//! assert_eq!(expr.variables(), ["CI_COMMIT_BRANCH", "DEPLOY"]);
//!
//! let err = Expr::parse("$A = 'x'").unwrap_err();
//! assert_eq!(err.to_string(), "`=` is not an operator in GitLab expressions; compare with `==` at column 4");
//! # Ok::<(), pipeline_syntax::expr::ParseError>(())
//! ```
//!
//! The language, in short: values are `$NAME` variables, `'…'`/`"…"` strings (no escapes),
//! `null`, `true`/`false` and `/regex/flags` literals (flags `i`, `m`, `s`, `U`; at least two
//! characters between the slashes); operators are `==`, `!=`, `=~`, `!~` (tightest), then
//! `&&`, then `||`, all left-associative; parentheses group; at most 99 tokens.

mod ast;
mod error;
#[cfg(feature = "eval")]
mod eval;
mod lexer;
mod parser;
mod print;
#[cfg(feature = "eval")]
mod re2;

pub use ast::{BinaryOp, Expr, LiteralError, Pattern, PatternError};
pub use error::{ParseError, ParseErrorKind};
#[cfg(feature = "eval")]
pub use eval::{EvalError, Value, Variables};
pub use lexer::{MAX_TOKENS, Token, TokenKind, tokenize};
