//! The expression tree: values, the six binary operators, and regex literals.
//!
//! Trees carry no source positions, so two trees are equal when they mean the same thing,
//! and printing then parsing a tree gives the same tree back.

use std::fmt;
use std::str::FromStr;

use super::lexer::{is_word, lex_pattern};

/// A GitLab CI/CD variable expression (`rules:if`, `workflow:rules:if`, `only:variables`).
///
/// Parse one with [`Expr::parse`] (or `str::parse`), or build one:
///
/// ```
/// use pipeline_syntax::expr::{Expr, Pattern};
///
/// let release = Expr::var("CI_COMMIT_TAG")
///     .matches(Pattern::new("^v\\d+", "")?)
///     .and(Expr::var("CI_PIPELINE_SOURCE").eq(Expr::string("push")));
/// assert_eq!(
///     release.to_string(),
///     r#"$CI_COMMIT_TAG =~ /^v\d+/ && $CI_PIPELINE_SOURCE == "push""#
/// );
/// assert_eq!(release.to_string().parse::<Expr>()?, release);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A bare variable is a presence test: `$DEPLOY` is true when `DEPLOY` is defined and holds
/// something other than whitespace. `Display` writes the canonical text, with parentheses
/// only where the tree needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expr {
    /// `$NAME`: a CI/CD variable (undefined variables are `null`).
    Variable(String),
    /// `$[[ inputs.NAME ]]`: a `spec:inputs` value.
    Input(String),
    /// `"text"` or `'text'`: a string literal (GitLab strings have no escapes).
    String(String),
    /// `null`: the value of an undefined variable.
    Null,
    /// `true` or `false` (newer GitLab versions only; never equal to a string).
    Bool(bool),
    /// `/regex/flags`: a regex literal.
    Pattern(Pattern),
    /// `left op right`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
    },
}

/// The binary operators, from tightest to loosest: comparisons, then `&&`, then `||`.
///
/// Operators of equal precedence associate to the left: `$A == $B == $C` is
/// `($A == $B) == $C`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BinaryOp {
    /// `==`
    Equals,
    /// `=~`
    Matches,
    /// `!=`
    NotEquals,
    /// `!~`
    NotMatches,
    /// `&&`
    And,
    /// `||`
    Or,
}

/// A regex literal `/body/flags`, kept as written between the slashes.
///
/// `body` uses GitLab's literal syntax: a `/` inside is written `\/`. GitLab hands
/// [`Pattern::re2_source`] to RE2, its regex engine.
///
/// ```
/// use pipeline_syntax::expr::Pattern;
///
/// let pattern = Pattern::new("^release\\/", "i")?;
/// assert_eq!(pattern.to_string(), "/^release\\//i");
/// assert_eq!(pattern.re2_source(), "(?i)^release/");
/// assert!(Pattern::new("a", "").is_err()); // GitLab rejects one-character literals
/// # Ok::<(), pipeline_syntax::expr::PatternError>(())
/// ```
#[derive(Clone)]
pub struct Pattern {
    body: String,
    flags: String,
    /// The compiled regex, built on first use.
    #[cfg(feature = "eval")]
    pub(crate) compiled: std::sync::OnceLock<Result<regex::Regex, String>>,
}

/// Why a regex literal cannot be written in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatternError {
    /// A flag other than `i`, `m`, `s` and `U`.
    UnsupportedFlag(char),
    /// An empty body: `//` is not a regex literal.
    Empty,
    /// A one-character body: GitLab rejects `/a/`.
    TooShort,
    /// A body ending in `\`, which would escape the closing slash.
    TrailingBackslash,
    /// A `/` in the body that is not written `\/`, at this byte offset of the body.
    UnescapedSlash(usize),
    /// Text that is not one `/body/flags` literal (from `str::parse`).
    NotALiteral,
}

/// A name or string that no expression text can hold (see [`Expr::check_printable`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LiteralError {
    /// A variable or input name that is not only ASCII letters, digits and `_`.
    Name(String),
    /// A string that holds both `"` and `'` (GitLab strings have no escapes).
    BothQuotes(String),
    /// A string that holds a line feed (GitLab strings end at the line).
    LineFeed(String),
}

impl Expr {
    /// Parses an expression exactly as GitLab does.
    ///
    /// GitLab's parser is a shunting-yard without infix checks, so a few odd forms it accepts
    /// are accepted here too (`$A $B ==` is `$A == $B`); they print back in infix form.
    ///
    /// # Errors
    ///
    /// A [`ParseError`](super::ParseError) for every text GitLab rejects as
    /// `invalid expression syntax`, except invalid regexes, which need the regex engine: see
    /// `Expr::validate` (feature `eval`).
    pub fn parse(text: &str) -> Result<Expr, super::ParseError> {
        super::parser::parse(text)
    }

    /// A variable reference `$NAME` (a presence test on its own).
    pub fn var(name: impl Into<String>) -> Expr {
        Expr::Variable(name.into())
    }

    /// An input reference `$[[ inputs.NAME ]]`.
    pub fn input(name: impl Into<String>) -> Expr {
        Expr::Input(name.into())
    }

    /// A string literal; it prints with double quotes, or single quotes when it holds `"`.
    pub fn string(value: impl Into<String>) -> Expr {
        Expr::String(value.into())
    }

    /// `null`, the value of an undefined variable.
    pub fn null() -> Expr {
        Expr::Null
    }

    /// `true` or `false`.
    pub fn bool(value: bool) -> Expr {
        Expr::Bool(value)
    }

    /// `left op right`.
    pub fn binary(op: BinaryOp, left: impl Into<Expr>, right: impl Into<Expr>) -> Expr {
        Expr::Binary {
            op,
            left: Box::new(left.into()),
            right: Box::new(right.into()),
        }
    }

    /// `self == other`.
    #[must_use]
    pub fn eq(self, other: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::Equals, self, other)
    }

    /// `self != other`.
    #[must_use]
    pub fn ne(self, other: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::NotEquals, self, other)
    }

    /// `self =~ pattern` (a [`Pattern`], or a variable holding `/regex/flags`).
    #[must_use]
    pub fn matches(self, pattern: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::Matches, self, pattern)
    }

    /// `self !~ pattern`.
    #[must_use]
    pub fn not_matches(self, pattern: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::NotMatches, self, pattern)
    }

    /// `self && other`.
    #[must_use]
    pub fn and(self, other: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::And, self, other)
    }

    /// `self || other`.
    #[must_use]
    pub fn or(self, other: impl Into<Expr>) -> Expr {
        Expr::binary(BinaryOp::Or, self, other)
    }

    /// The variables the expression reads, in order of first appearance, without repeats.
    ///
    /// ```
    /// use pipeline_syntax::expr::Expr;
    ///
    /// let expr: Expr = "$B == $A || $B =~ $RE".parse().unwrap();
    /// assert_eq!(expr.variables(), ["B", "A", "RE"]);
    /// ```
    pub fn variables(&self) -> Vec<&str> {
        self.distinct(|e| match e {
            Expr::Variable(name) => Some(name),
            _ => None,
        })
    }

    /// The inputs the expression reads (`$[[ inputs.NAME ]]`), in order, without repeats.
    pub fn inputs(&self) -> Vec<&str> {
        self.distinct(|e| match e {
            Expr::Input(name) => Some(name),
            _ => None,
        })
    }

    /// The names `pick` finds in the tree, left to right, first appearances only.
    fn distinct<'a>(&'a self, pick: impl Fn(&'a Expr) -> Option<&'a String>) -> Vec<&'a str> {
        let mut names: Vec<&str> = Vec::new();
        self.collect(&mut |e| {
            if let Some(name) = pick(e)
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        });
        names
    }

    /// Visits every node, parents before children, left before right.
    fn collect<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        visit(self);
        if let Expr::Binary { left, right, .. } = self {
            left.collect(visit);
            right.collect(visit);
        }
    }

    /// Checks that the expression can be written as text: names are ASCII letters, digits
    /// and `_`, and no string holds both quote characters or a line feed.
    ///
    /// Trees from [`Expr::parse`] always pass. `Display` still prints a tree that fails, but
    /// the text does not parse (it never parses to a different tree).
    ///
    /// # Errors
    ///
    /// The first literal that cannot be written.
    pub fn check_printable(&self) -> Result<(), LiteralError> {
        let mut result = Ok(());
        self.collect(&mut |e| {
            if result.is_err() {
                return;
            }
            result = match e {
                Expr::Variable(name) | Expr::Input(name)
                    if name.is_empty() || !name.bytes().all(is_word) =>
                {
                    Err(LiteralError::Name(name.clone()))
                }
                Expr::String(s) if s.contains('\n') => Err(LiteralError::LineFeed(s.clone())),
                Expr::String(s) if s.contains('"') && s.contains('\'') => {
                    Err(LiteralError::BothQuotes(s.clone()))
                }
                _ => Ok(()),
            };
        });
        result
    }
}

impl FromStr for Expr {
    type Err = super::ParseError;

    fn from_str(text: &str) -> Result<Expr, Self::Err> {
        Expr::parse(text)
    }
}

impl From<Pattern> for Expr {
    fn from(pattern: Pattern) -> Expr {
        Expr::Pattern(pattern)
    }
}

impl BinaryOp {
    /// Every operator, in the order GitLab's lexer tries them.
    pub const ALL: [BinaryOp; 6] = [
        BinaryOp::Equals,
        BinaryOp::Matches,
        BinaryOp::NotEquals,
        BinaryOp::NotMatches,
        BinaryOp::And,
        BinaryOp::Or,
    ];

    /// The operator as written: `==`, `=~`, `!=`, `!~`, `&&` or `||`.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Equals => "==",
            BinaryOp::Matches => "=~",
            BinaryOp::NotEquals => "!=",
            BinaryOp::NotMatches => "!~",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
        }
    }

    /// GitLab's precedence number: 10 for comparisons, 11 for `&&`, 12 for `||`; lower binds
    /// tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::And => 11,
            BinaryOp::Or => 12,
            _ => 10,
        }
    }
}

impl Pattern {
    /// A regex literal from the text between the slashes (with `/` written `\/`) and the
    /// flags (`i`, `m`, `s`, `U`; GitLab keeps them as written, repeats included).
    ///
    /// # Errors
    ///
    /// A [`PatternError`] when `/body/flags` would not be read back as this one literal.
    pub fn new(body: impl Into<String>, flags: &str) -> Result<Pattern, PatternError> {
        let body = body.into();
        if let Some(flag) = flags.chars().find(|c| !matches!(c, 'i' | 'm' | 's' | 'U')) {
            return Err(PatternError::UnsupportedFlag(flag));
        }
        match body.chars().count() {
            0 => return Err(PatternError::Empty),
            1 => return Err(PatternError::TooShort),
            _ => {}
        }
        // GitLab's lexer has one escape, `\/`: a slash is escaped when a backslash precedes it,
        // whatever precedes that backslash.
        let mut previous = None;
        for (i, c) in body.char_indices() {
            if c == '/' && previous != Some('\\') {
                return Err(PatternError::UnescapedSlash(i));
            }
            previous = Some(c);
        }
        if body.ends_with('\\') {
            return Err(PatternError::TrailingBackslash);
        }
        let literal = format!("/{body}/{flags}");
        match lex_pattern(&literal) {
            Some((b, f)) if b.len() == body.len() && f.len() == flags.len() => {
                Ok(Pattern::from_parts(body, flags.to_owned()))
            }
            _ => Err(PatternError::NotALiteral),
        }
    }

    /// A pattern the lexer produced; no checks needed.
    pub(crate) fn from_parts(body: String, flags: String) -> Pattern {
        Pattern {
            body,
            flags,
            #[cfg(feature = "eval")]
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The text between the slashes, as written.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The flags after the closing slash, as written.
    pub fn flags(&self) -> &str {
        &self.flags
    }

    /// The regex GitLab gives to RE2: every `\/` becomes `/`, and the flags become a `(?flags)`
    /// prefix. Two regex literals are `==` in GitLab when these are equal.
    pub fn re2_source(&self) -> String {
        let body = unescape_slashes(&self.body);
        if self.flags.is_empty() {
            body
        } else {
            format!("(?{}){body}", self.flags)
        }
    }
}

/// Replaces every `\/` with `/`, scanning left to right like Ruby's `gsub`.
pub(crate) fn unescape_slashes(text: &str) -> String {
    text.replace("\\/", "/")
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.body == other.body && self.flags == other.flags
    }
}

impl Eq for Pattern {}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("body", &self.body)
            .field("flags", &self.flags)
            .finish()
    }
}

impl FromStr for Pattern {
    type Err = PatternError;

    /// Reads one whole literal, `/body/flags`.
    fn from_str(text: &str) -> Result<Pattern, PatternError> {
        if !text.starts_with('/') {
            return Err(PatternError::NotALiteral);
        }
        match lex_pattern(text) {
            Some((body, flags)) if body.len() + flags.len() + 2 == text.len() => {
                Ok(Pattern::from_parts(body.to_owned(), flags.to_owned()))
            }
            _ => Err(PatternError::NotALiteral),
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::UnsupportedFlag(c) => {
                write!(f, "unsupported regex flag `{c}`; GitLab accepts `i`, `m`, `s` and `U`")
            }
            PatternError::Empty => f.write_str("a regex literal cannot be empty"),
            PatternError::TooShort => f.write_str(
                "a regex literal needs at least two characters between the slashes (GitLab rejects `/a/`)",
            ),
            PatternError::TrailingBackslash => {
                f.write_str("a regex literal cannot end with `\\`")
            }
            PatternError::UnescapedSlash(offset) => {
                write!(f, "unescaped `/` at byte {offset} of a regex literal; write `\\/`")
            }
            PatternError::NotALiteral => f.write_str("expected one regex literal `/regex/flags`"),
        }
    }
}

impl std::error::Error for PatternError {}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiteralError::Name(name) => write!(
                f,
                "`{name}` cannot be named in an expression; names are ASCII letters, digits and `_`"
            ),
            LiteralError::BothQuotes(s) => write!(
                f,
                "string {s:?} cannot be written in an expression: it holds both `\"` and `'`"
            ),
            LiteralError::LineFeed(s) => write!(
                f,
                "string {s:?} cannot be written in an expression: it holds a line break"
            ),
        }
    }
}

impl std::error::Error for LiteralError {}
