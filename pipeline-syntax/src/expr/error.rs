//! Parse errors of the expression language: a byte span into the text, a 1-based column and
//! a kind whose message says what is wrong in GitLab's vocabulary.

use std::fmt;
use std::ops::Range;

use super::ast::BinaryOp;

/// Why an expression text is not a valid GitLab expression, and where.
///
/// `offset` and `len` are a byte span into the parsed text (for source snippets); `column` is
/// the same position counted in characters, starting at 1 (for messages). `Display` gives the
/// message and the column, e.g. "expected a value after `==` at column 7".
///
/// ```
/// use pipeline_syntax::expr::{Expr, ParseErrorKind};
///
/// let err = Expr::parse("$A == ").unwrap_err();
/// assert_eq!((err.offset, err.len), (3, 2));
/// assert_eq!(err.to_string(), "expected a value after `==` at column 4");
/// assert!(matches!(err.kind, ParseErrorKind::MissingOperand { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseError {
    /// Byte offset of the offending text.
    pub offset: usize,
    /// Byte length of the offending text (0 for "nothing here").
    pub len: usize,
    /// 1-based character column of `offset`, counted from the start of the text.
    pub column: usize,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

/// What is wrong with an expression; see [`ParseError`] for where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is empty or only whitespace.
    Empty,
    /// A character that starts no token.
    UnexpectedChar(char),
    /// A bare word: GitLab has no unquoted strings and no keywords but `null`, `true`, `false`.
    UnknownWord(String),
    /// A number: GitLab expressions have no numbers, only strings.
    Number(String),
    /// `${NAME}`: expressions only accept `$NAME`.
    BracedVariable(String),
    /// `$` not followed by a name (letters, digits, `_`), or a malformed `$[[ inputs.NAME ]]`.
    DanglingDollar,
    /// An operator of other languages (`=`, `!`, `&`, `and`, `<`, ...).
    UnknownOperator {
        /// The text found.
        found: String,
        /// What to write instead.
        help: &'static str,
    },
    /// A string literal without its closing quote.
    UnterminatedString {
        /// The quote that opened it.
        quote: char,
    },
    /// A line break inside a string literal; GitLab strings end at the line.
    NewlineInString,
    /// A regex literal without its closing `/`.
    UnterminatedPattern,
    /// `//`: an empty regex literal.
    EmptyPattern,
    /// `/a/`: GitLab needs at least two characters between the slashes.
    ShortPattern,
    /// A letter after a regex literal that is not one of the flags `i`, `m`, `s`, `U`.
    UnsupportedFlag(char),
    /// More than [`MAX_TOKENS`](super::MAX_TOKENS) tokens.
    TooManyTokens,
    /// An operator without a value on one side.
    MissingOperand {
        /// The operator.
        op: BinaryOp,
        /// `true` when the value after the operator is missing, `false` when the one before.
        after: bool,
    },
    /// Two values next to each other without an operator between them.
    MissingOperator {
        /// The value that needs an operator before it.
        found: String,
    },
    /// `()`: parentheses with nothing inside.
    EmptyParentheses,
    /// A `)` without its `(`.
    UnmatchedClose,
    /// A `(` without its `)`.
    UnclosedParen,
}

impl ParseError {
    pub(crate) fn new(text: &str, span: Range<usize>, kind: ParseErrorKind) -> Self {
        let column = text
            .get(..span.start)
            .map_or(span.start, |s| s.chars().count())
            + 1;
        ParseError {
            offset: span.start,
            len: span.end - span.start,
            column,
            kind,
        }
    }

    /// The byte range of the offending text.
    pub fn span(&self) -> Range<usize> {
        self.offset..self.offset + self.len
    }

    /// The message GitLab itself raises for this expression (its error class), e.g.
    /// `Unknown lexeme found!` or `Unmatched parenthesis`.
    ///
    /// GitLab shows none of them to users (a bad `rules:if` is reported as
    /// `invalid expression syntax`); they tie our finer kinds to GitLab's classes in tests.
    pub fn gitlab_message(&self) -> &'static str {
        match self.kind {
            ParseErrorKind::Empty => "StatementError",
            ParseErrorKind::TooManyTokens => "Too many tokens!",
            ParseErrorKind::MissingOperand { .. } => "Invalid left operand",
            ParseErrorKind::MissingOperator { .. } => "Unreachable nodes in parse tree",
            ParseErrorKind::EmptyParentheses => "Empty parse tree",
            ParseErrorKind::UnmatchedClose => "Unmatched parenthesis",
            ParseErrorKind::UnclosedParen => {
                "Unprocessable token found in parse tree: parenthesis_open"
            }
            _ => "Unknown lexeme found!",
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.kind, self.column)
    }
}

impl std::error::Error for ParseError {}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::Empty => f.write_str("the expression is empty"),
            ParseErrorKind::UnexpectedChar(c) => write!(f, "unexpected `{c}`"),
            ParseErrorKind::UnknownWord(word) => match word.to_ascii_lowercase().as_str() {
                keyword @ ("null" | "true" | "false") => {
                    write!(f, "unknown word `{word}`; keywords are lowercase: `{keyword}`")
                }
                "nil" | "none" | "undefined" => {
                    write!(f, "unknown word `{word}`; an undefined variable is `null`")
                }
                _ => write!(
                    f,
                    "unknown word `{word}`; quote strings (`\"{word}\"`) and write variables as `${word}`"
                ),
            },
            ParseErrorKind::Number(number) => write!(
                f,
                "numbers are not values in GitLab expressions; quote it: `\"{number}\"`"
            ),
            ParseErrorKind::BracedVariable(name) => {
                write!(f, "`${{{name}}}` is not supported in expressions; write `${name}`")
            }
            ParseErrorKind::DanglingDollar => f.write_str(
                "expected a variable name after `$` (letters, digits and `_`), or `$[[ inputs.NAME ]]`",
            ),
            ParseErrorKind::UnknownOperator { found, help } => {
                write!(f, "`{found}` is not an operator in GitLab expressions; {help}")
            }
            ParseErrorKind::UnterminatedString { quote } => {
                write!(f, "unterminated string; add the closing `{quote}`")
            }
            ParseErrorKind::NewlineInString => {
                f.write_str("a string cannot contain a line break")
            }
            ParseErrorKind::UnterminatedPattern => {
                f.write_str("unterminated regex; add the closing `/`")
            }
            ParseErrorKind::EmptyPattern => f.write_str("empty regex `//`"),
            ParseErrorKind::ShortPattern => f.write_str(
                "a regex literal needs at least two characters between the slashes (GitLab rejects `/a/`)",
            ),
            ParseErrorKind::UnsupportedFlag(c) => write!(
                f,
                "unsupported regex flag `{c}`; GitLab accepts `i`, `m`, `s` and `U`"
            ),
            ParseErrorKind::TooManyTokens => write!(
                f,
                "too many tokens; GitLab accepts at most {}",
                super::MAX_TOKENS
            ),
            ParseErrorKind::MissingOperand { op, after: true } => {
                write!(f, "expected a value after `{op}`")
            }
            ParseErrorKind::MissingOperand { op, after: false } => {
                write!(f, "expected a value before `{op}`")
            }
            ParseErrorKind::MissingOperator { found } => write!(
                f,
                "expected an operator (`==`, `!=`, `=~`, `!~`, `&&` or `||`) before `{found}`"
            ),
            ParseErrorKind::EmptyParentheses => f.write_str("empty parentheses"),
            ParseErrorKind::UnmatchedClose => f.write_str("unmatched `)`"),
            ParseErrorKind::UnclosedParen => f.write_str("unclosed `(`"),
        }
    }
}
