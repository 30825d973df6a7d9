//! Evaluation with GitLab's semantics (feature `eval`): Ruby values flow through `&&` and
//! `||`, undefined is not empty, `=~` falls back to a substring search, and regexes are RE2's;
//! only the final value is tested for truthiness.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use super::ast::{BinaryOp, Expr, Pattern, unescape_slashes};
use super::re2;

/// Where an expression reads its variables (and `spec:inputs` values) from.
///
/// Implemented for `BTreeMap`s of strings, for slices, arrays and `Vec`s of pairs (where the
/// last pair with a name wins, as in a YAML `variables:` map), and for `()` (no variables).
///
/// ```
/// use pipeline_syntax::expr::{Expr, Variables};
///
/// let vars = [("CI_COMMIT_BRANCH", "main")];
/// assert_eq!(vars.get("CI_COMMIT_BRANCH"), Some("main"));
/// assert!(Expr::var("CI_COMMIT_BRANCH").is_truthy(&vars));
/// ```
pub trait Variables {
    /// The value of the variable `name`, or `None` when it is not defined.
    fn get(&self, name: &str) -> Option<&str>;

    /// The value of the input `name` (`$[[ inputs.name ]]`); none by default.
    ///
    /// GitLab inputs may also be numbers or arrays, which [`Value`] cannot hold: a number input
    /// given here as a string compares equal to the string, where GitLab's would not.
    fn input(&self, name: &str) -> Option<Value<'_>> {
        let _ = name;
        None
    }
}

/// The value of an expression, as GitLab's Ruby code sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value<'a> {
    /// Ruby `nil`: an undefined variable, or `null`.
    Null,
    /// A boolean: the result of a comparison, or a `true`/`false` literal.
    Bool(bool),
    /// A string: a variable's value or a string literal.
    String(&'a str),
    /// A regex literal.
    Pattern(&'a Pattern),
}

/// Why GitLab cannot evaluate an expression; a rule whose `if` fails to evaluate does not
/// match.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// A regex literal RE2 rejects (GitLab: `Invalid regular expression!`).
    InvalidRegex {
        /// The literal, as written (`/(?=x)/`).
        pattern: String,
        /// Why the regex engine rejects it.
        message: String,
    },
    /// Operands GitLab's Ruby code fails on with an internal error (for example a regex on
    /// the left of `==`, or `true` on the right of `=~`).
    UnsupportedOperands {
        /// The operator.
        op: BinaryOp,
        /// What the left operand is (`"a regex"`, `"a string"`, ...).
        left: &'static str,
        /// What the right operand is.
        right: &'static str,
    },
}

impl Expr {
    /// Evaluates the expression against `vars`, returning the value GitLab computes.
    ///
    /// `&&` and `||` return one of their operands, as in Ruby: `$EMPTY && "x"` is `"x"`
    /// because the empty string is not `nil`.
    ///
    /// # Errors
    ///
    /// An [`EvalError`] for an invalid regex literal (anywhere in the tree, even where
    /// `&&`/`||` would not reach it) or for operands GitLab cannot combine.
    ///
    /// # Examples
    ///
    /// ```
    /// use pipeline_syntax::expr::{Expr, Value};
    ///
    /// let expr: Expr = "$EMPTY && $NAME".parse().unwrap();
    /// let vars = [("EMPTY", ""), ("NAME", "x")];
    /// assert_eq!(expr.evaluate(&vars), Ok(Value::String("x")));
    /// ```
    pub fn evaluate<'a>(&'a self, vars: &'a dyn Variables) -> Result<Value<'a>, EvalError> {
        // GitLab builds (and so compiles) every regex literal before it evaluates anything.
        self.validate()?;
        eval(self, vars)
    }

    /// Whether a rule with this `if` matches: the value is truthy, and evaluation did not fail.
    ///
    /// ```
    /// use pipeline_syntax::expr::Expr;
    ///
    /// let expr: Expr = r#"$CI_COMMIT_TAG =~ /^v\d+\./ || $FORCE"#.parse().unwrap();
    /// assert!(expr.is_truthy(&[("CI_COMMIT_TAG", "v1.2.0")]));
    /// assert!(!expr.is_truthy(&[("CI_COMMIT_TAG", "nightly"), ("FORCE", " ")]));
    /// ```
    pub fn is_truthy(&self, vars: &dyn Variables) -> bool {
        self.evaluate(vars).is_ok_and(|value| value.is_truthy())
    }

    /// Checks what GitLab checks beyond syntax: every regex literal compiles with RE2.
    ///
    /// # Errors
    ///
    /// The first regex literal that does not compile.
    pub fn validate(&self) -> Result<(), EvalError> {
        match self {
            Expr::Pattern(pattern) => pattern.validate(),
            Expr::Binary { left, right, .. } => {
                left.validate()?;
                right.validate()
            }
            _ => Ok(()),
        }
    }
}

impl Pattern {
    /// Whether the regex finds a match anywhere in `text` (it is not anchored).
    ///
    /// # Errors
    ///
    /// [`EvalError::InvalidRegex`] when RE2 rejects the regex.
    pub fn is_match(&self, text: &str) -> Result<bool, EvalError> {
        Ok(self.regex()?.is_match(text))
    }

    /// Checks that the regex compiles with RE2's syntax.
    ///
    /// # Errors
    ///
    /// [`EvalError::InvalidRegex`] when RE2 rejects the regex.
    pub fn validate(&self) -> Result<(), EvalError> {
        self.regex().map(|_| ())
    }

    /// The compiled regex, built once.
    fn regex(&self) -> Result<&regex::Regex, EvalError> {
        self.compiled
            .get_or_init(|| re2::compile(&self.re2_source()))
            .as_ref()
            .map_err(|message| EvalError::InvalidRegex {
                pattern: self.to_string(),
                message: message.clone(),
            })
    }
}

impl<'a> Value<'a> {
    /// GitLab's truthiness (Rails' `present?`): `null`, `false`, and strings that are empty or
    /// only whitespace are false; everything else, `"false"` and `"0"` included, is true.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::String(s) => !s.chars().all(char::is_whitespace),
            Value::Pattern(_) => true,
        }
    }

    /// The string, when the value is one.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Ruby's falsy values, the only ones `&&` and `||` look at.
    fn is_nil_or_false(&self) -> bool {
        matches!(self, Value::Null | Value::Bool(false))
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(true) => "`true`",
            Value::Bool(false) => "`false`",
            Value::String(_) => "a string",
            Value::Pattern(_) => "a regex",
        }
    }
}

fn eval<'a>(expr: &'a Expr, vars: &'a dyn Variables) -> Result<Value<'a>, EvalError> {
    let (op, left, right) = match expr {
        Expr::Variable(name) => return Ok(vars.get(name).map_or(Value::Null, Value::String)),
        Expr::Input(name) => return Ok(vars.input(name).unwrap_or(Value::Null)),
        Expr::String(s) => return Ok(Value::String(s)),
        Expr::Null => return Ok(Value::Null),
        Expr::Bool(b) => return Ok(Value::Bool(*b)),
        Expr::Pattern(pattern) => return Ok(Value::Pattern(pattern)),
        Expr::Binary { op, left, right } => (*op, left, right),
    };
    let left = eval(left, vars)?;
    match op {
        BinaryOp::And if left.is_nil_or_false() => Ok(left),
        BinaryOp::Or if !left.is_nil_or_false() => Ok(left),
        BinaryOp::And | BinaryOp::Or => eval(right, vars),
        BinaryOp::Equals | BinaryOp::NotEquals => {
            let equal = ruby_equals(op, left, eval(right, vars)?)?;
            Ok(Value::Bool(equal == (op == BinaryOp::Equals)))
        }
        BinaryOp::Matches | BinaryOp::NotMatches => {
            let Some(found) = ruby_match(op, left, eval(right, vars)?)? else {
                // `nil` or `false` on the right: `=~` is false and `!~` true.
                return Ok(Value::Bool(op == BinaryOp::NotMatches));
            };
            Ok(Value::Bool(found == (op == BinaryOp::Matches)))
        }
    }
}

/// Ruby's `left == right` between expression values.
fn ruby_equals(op: BinaryOp, left: Value<'_>, right: Value<'_>) -> Result<bool, EvalError> {
    Ok(match (left, right) {
        // GitLab's regex class compares sources, and crashes on anything without one.
        (Value::Pattern(a), Value::Pattern(b)) => a.re2_source() == b.re2_source(),
        (Value::Pattern(_), other) => {
            return Err(EvalError::UnsupportedOperands {
                op,
                left: left.kind(),
                right: other.kind(),
            });
        }
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        _ => false,
    })
}

/// Whether `right` (a regex, or a string) finds `left`; `None` when `right` is `nil`/`false`.
fn ruby_match(op: BinaryOp, left: Value<'_>, right: Value<'_>) -> Result<Option<bool>, EvalError> {
    let unsupported = || EvalError::UnsupportedOperands {
        op,
        left: left.kind(),
        right: right.kind(),
    };
    if right.is_nil_or_false() {
        return Ok(None);
    }
    let text = match left {
        Value::Null => "",
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        Value::String(s) => s,
        // Ruby would match against the object's description, `#<Gitlab::UntrustedRegexp:0x…>`.
        Value::Pattern(_) => return Err(unsupported()),
    };
    let found = match right {
        Value::Pattern(pattern) => pattern.is_match(text)?,
        Value::String(s) => match regex_from_string(s) {
            Some(regex) => regex.is_match(text),
            // Not a `/regex/`: Ruby's `String#scan` looks for the left text inside the right.
            None => s.contains(text),
        },
        _ => return Err(unsupported()),
    };
    Ok(Some(found))
}

/// The regex a variable holds, read as GitLab does: `\/` becomes `/`, then the first line of
/// the form `/body/flags` is the regex (one-character and empty bodies included), if RE2
/// accepts it.
fn regex_from_string(value: &str) -> Option<regex::Regex> {
    let unescaped = unescape_slashes(value);
    let (body, flags) = unescaped.split('\n').find_map(|line| {
        let rest = line.strip_prefix('/')?;
        let close = rest.rfind('/')?;
        let flags = &rest[close + 1..];
        flags
            .bytes()
            .all(|c| matches!(c, b'i' | b'm' | b's' | b'U'))
            .then_some((&rest[..close], flags))
    })?;
    let source = if flags.is_empty() {
        body.to_owned()
    } else {
        format!("(?{flags}){body}")
    };
    re2::compile(&source).ok()
}

/// No variables at all: every variable is undefined.
///
/// ```
/// use pipeline_syntax::expr::Expr;
///
/// assert!(Expr::var("ANYTHING").eq(Expr::null()).is_truthy(&()));
/// ```
impl Variables for () {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<K: Borrow<str> + Ord, V: AsRef<str>> Variables for BTreeMap<K, V> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Variables for [(K, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Variables for [(K, V); N] {
    fn get(&self, name: &str) -> Option<&str> {
        Variables::get(self.as_slice(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Variables for Vec<(K, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        Variables::get(self.as_slice(), name)
    }
}

impl<T: Variables + ?Sized> Variables for &T {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }

    fn input(&self, name: &str) -> Option<Value<'_>> {
        (**self).input(name)
    }
}

impl fmt::Display for Value<'_> {
    /// `null`, `true`, `false`, a quoted string, or `/regex/flags`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Pattern(pattern) => fmt::Display::fmt(pattern, f),
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::InvalidRegex { pattern, message } => {
                write!(f, "invalid regex `{pattern}`: {message}")
            }
            EvalError::UnsupportedOperands { op, left, right } => write!(
                f,
                "`{op}` between {left} and {right} fails in GitLab with an internal error"
            ),
        }
    }
}

impl std::error::Error for EvalError {}
