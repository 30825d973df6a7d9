//! The lexer: expression text to tokens, with GitLab's lexeme table tried in GitLab's order.
//!
//! At each position, after skipping whitespace, the first lexeme that matches there wins; no
//! lexeme is an error. Exactness matters more than elegance here: `/a/` is not a regex,
//! `nullable` is `null` followed by junk, strings have no escapes and end at the line.

use std::ops::Range;

use super::ast::BinaryOp;
use super::error::{ParseError, ParseErrorKind};

/// The most tokens GitLab accepts in one expression; one more is an error.
///
/// GitLab's lexer stops after its 100th token whether or not the text ends there.
pub const MAX_TOKENS: usize = 99;

/// One token of an expression and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// What the token is.
    pub kind: TokenKind<'a>,
    /// Its byte range in the text.
    pub span: Range<usize>,
}

/// The kinds of token, in the order the lexer tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind<'a> {
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `$[[ inputs.NAME ]]`, holding `NAME`.
    Input(&'a str),
    /// `$NAME`, holding `NAME`.
    Variable(&'a str),
    /// `"text"` or `'text'`, holding `text`.
    String(&'a str),
    /// `/body/flags`, as written (`\/` escapes kept in `body`).
    Pattern {
        /// The text between the slashes.
        body: &'a str,
        /// The flag letters after the closing slash.
        flags: &'a str,
    },
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// `==`, `=~`, `!=`, `!~`, `&&` or `||`.
    Operator(BinaryOp),
}

/// Splits an expression into tokens exactly as GitLab's lexer does.
///
/// # Errors
///
/// A [`ParseError`] at the first text that starts no token, or at the token after the
/// [`MAX_TOKENS`]th.
///
/// # Examples
///
/// ```
/// use pipeline_syntax::expr::{tokenize, TokenKind};
///
/// let tokens = tokenize("$CI_COMMIT_TAG=~/^v\\d/").unwrap();
/// assert_eq!(tokens[0].kind, TokenKind::Variable("CI_COMMIT_TAG"));
/// assert_eq!(tokens[2].kind, TokenKind::Pattern { body: "^v\\d", flags: "" });
/// assert_eq!(tokens[2].span, 16..22);
/// ```
pub fn tokenize(text: &str) -> Result<Vec<Token<'_>>, ParseError> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut pos = 0;
    loop {
        pos = skip_whitespace(text, pos);
        if pos == text.len() {
            return Ok(tokens);
        }
        let Some((kind, len)) = lex_one(&text[pos..]) else {
            return Err(unknown_lexeme(text, pos, tokens.last()));
        };
        let span = pos..pos + len;
        if tokens.len() == MAX_TOKENS {
            return Err(ParseError::new(text, span, ParseErrorKind::TooManyTokens));
        }
        tokens.push(Token { kind, span });
        pos += len;
    }
}

/// Ruby's `\s`: space, tab, line feed, vertical tab, form feed, carriage return.
pub(crate) fn is_ruby_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Ruby's `\w`: ASCII letters, digits and `_`.
pub(crate) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn skip_whitespace(text: &str, mut pos: usize) -> usize {
    while pos < text.len() && is_ruby_space(text.as_bytes()[pos]) {
        pos += 1;
    }
    pos
}

fn word_len(s: &str) -> usize {
    s.bytes().take_while(|&c| is_word(c)).count()
}

/// The first lexeme (in GitLab's order) that matches at the start of `s`, and its length.
fn lex_one(s: &str) -> Option<(TokenKind<'_>, usize)> {
    let b = s.as_bytes();
    match b[0] {
        b'(' => return Some((TokenKind::OpenParen, 1)),
        b')' => return Some((TokenKind::CloseParen, 1)),
        b'$' => {
            if let Some((name, len)) = lex_input(s) {
                return Some((TokenKind::Input(name), len));
            }
            let len = word_len(&s[1..]);
            return (len > 0).then(|| (TokenKind::Variable(&s[1..=len]), len + 1));
        }
        b'"' | b'\'' => return lex_string(s).map(|len| (TokenKind::String(&s[1..len - 1]), len)),
        b'/' => {
            if let Some((body, flags)) = lex_pattern(s) {
                let len = 1 + body.len() + 1 + flags.len();
                return Some((TokenKind::Pattern { body, flags }, len));
            }
        }
        _ => {}
    }
    if s.starts_with("null") {
        return Some((TokenKind::Null, 4));
    }
    for (word, value) in [("true", true), ("false", false)] {
        if s.starts_with(word) && !b.get(word.len()).is_some_and(|&c| is_word(c)) {
            return Some((TokenKind::Bool(value), word.len()));
        }
    }
    BinaryOp::ALL
        .into_iter()
        .find(|op| s.starts_with(op.symbol()))
        .map(|op| (TokenKind::Operator(op), 2))
}

/// `\$\[\[\s*inputs\.(?<name>\w+)\s*\]\]`
fn lex_input(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix("$[[")?;
    let mut pos = s.len() - rest.len();
    pos = skip_whitespace(s, pos);
    pos += s[pos..].strip_prefix("inputs.").map(|_| "inputs.".len())?;
    let name_len = word_len(&s[pos..]);
    if name_len == 0 {
        return None;
    }
    let name = &s[pos..pos + name_len];
    pos = skip_whitespace(s, pos + name_len);
    s[pos..].starts_with("]]").then_some((name, pos + 2))
}

/// `("(?<string>.*?)")|('(?<string>.*?)')`: no escapes, and Ruby's `.` stops at a line feed.
fn lex_string(s: &str) -> Option<usize> {
    let quote = s.as_bytes()[0];
    let end = s[1..].bytes().position(|c| c == quote || c == b'\n')?;
    (s.as_bytes()[1 + end] == quote).then_some(end + 2)
}

/// `^\/([^\/]|\\/)+[^\\]\/[ismU]*`, with the regex engine's backtracking order, returning the
/// body (between the slashes) and the flags.
///
/// The search tree is a chain: each unit is one non-`/` character, or an escaped `\/`. Greedy
/// repetition explores the longest chain first, but at each `\/` it first tries the shorter
/// reading (`\` alone, then the `/` as the final character), which succeeds only on `\//`.
/// When the chain ends (at an unescaped `/` or the end), the tail "one non-backslash character,
/// then `/`" is tried at the deepest node first. Works on characters, not bytes.
pub(crate) fn lex_pattern(s: &str) -> Option<(&str, &str)> {
    // Only the characters up to two past the first unescaped `/` matter.
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut last = usize::MAX;
    for (i, (offset, c)) in s.char_indices().enumerate() {
        chars.push((offset, c));
        if i == last {
            break;
        }
        if last == usize::MAX && i >= 1 && c == '/' && chars[i - 1].1 != '\\' {
            last = i + 2;
        }
    }
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(s.len(), |&(o, _)| o);
    // The tail at node `i` (i >= 2: at least one unit consumed): `[^\\]\/[ismU]*`.
    let tail = |i: usize| -> Option<(&str, &str)> {
        let c = at(i)?;
        if c == '\\' || at(i + 1)? != '/' {
            return None;
        }
        let flags_start = offset(i + 2);
        let flags_len = s[flags_start..]
            .bytes()
            .take_while(|c| matches!(c, b'i' | b's' | b'm' | b'U'))
            .count();
        Some((
            &s[1..offset(i + 1)],
            &s[flags_start..flags_start + flags_len],
        ))
    };
    let mut chain = Vec::new();
    let mut i = 1;
    while let Some(c) = at(i).filter(|&c| c != '/') {
        chain.push(i);
        if c == '\\' && at(i + 1) == Some('/') {
            // The shorter reading: `\` is a unit and the `/` is the final character.
            if let Some(found) = tail(i + 1) {
                return Some(found);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    chain.push(i);
    chain
        .into_iter()
        .rev()
        .filter(|&node| node >= 2)
        .find_map(tail)
}

/// Builds the error for text that starts no token, naming the likely mistake.
fn unknown_lexeme(text: &str, pos: usize, previous: Option<&Token<'_>>) -> ParseError {
    let s = &text[pos..];
    let c = s.chars().next().unwrap_or(' ');
    let word = word_len(s);
    let error = |len: usize, kind| ParseError::new(text, pos..pos + len, kind);
    let operator = |found: &str, help| {
        error(
            found.len(),
            ParseErrorKind::UnknownOperator {
                found: found.to_owned(),
                help,
            },
        )
    };
    match c {
        '$' => {
            if let Some(rest) = s.strip_prefix("${") {
                let name = word_len(rest);
                if name > 0 && rest.as_bytes().get(name) == Some(&b'}') {
                    let kind = ParseErrorKind::BracedVariable(rest[..name].to_owned());
                    return error(name + 3, kind);
                }
            }
            error(1, ParseErrorKind::DanglingDollar)
        }
        '"' | '\'' => {
            let line_end = s[1..].find('\n').map_or(s.len(), |n| n + 1);
            if s[line_end..].contains(c) {
                error(line_end, ParseErrorKind::NewlineInString)
            } else {
                error(line_end, ParseErrorKind::UnterminatedString { quote: c })
            }
        }
        '/' => match closing_slash(s) {
            Some(1) => error(2, ParseErrorKind::EmptyPattern),
            Some(close) if s[1..close].chars().count() == 1 => {
                error(close + 1, ParseErrorKind::ShortPattern)
            }
            _ => error(s.len(), ParseErrorKind::UnterminatedPattern),
        },
        '0'..='9' => {
            let len = s
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b'.')
                .count();
            let len = if word > len { word } else { len };
            error(len, ParseErrorKind::Number(s[..len].to_owned()))
        }
        '=' => operator("=", "compare with `==`"),
        '!' => operator(
            "!",
            "write `!=` or `!~`; a missing variable is `$VAR == null`",
        ),
        '&' => operator("&", "write `&&`"),
        '|' => operator("|", "write `||`"),
        '<' | '>' => {
            let len = if s[1..].starts_with('=') { 2 } else { 1 };
            operator(&s[..len], "GitLab compares strings only with `==` and `!=`")
        }
        _ if word > 0 => {
            let found = &s[..word];
            match found.to_ascii_lowercase().as_str() {
                "and" => return operator(found, "write `&&`"),
                "or" => return operator(found, "write `||`"),
                "not" => return operator(found, "write `!=` or `!~`"),
                _ => {}
            }
            if let Some(prev) = previous.filter(|t| t.span.end == pos) {
                match prev.kind {
                    TokenKind::Pattern { .. } if c.is_ascii_alphabetic() => {
                        return error(c.len_utf8(), ParseErrorKind::UnsupportedFlag(c));
                    }
                    // `null` has no word boundary: `nullable` is `null` then `able`.
                    TokenKind::Null => {
                        let glued = text[prev.span.start..pos + word].to_owned();
                        return ParseError::new(
                            text,
                            prev.span.start..pos + word,
                            ParseErrorKind::UnknownWord(glued),
                        );
                    }
                    _ => {}
                }
            }
            error(word, ParseErrorKind::UnknownWord(found.to_owned()))
        }
        _ => error(c.len_utf8(), ParseErrorKind::UnexpectedChar(c)),
    }
}

/// The byte offset of the first `/` after the opening one that `\/` does not escape.
fn closing_slash(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '/' => return Some(i),
            '\\' if s[i + 1..].starts_with('/') => {
                chars.next();
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(s: &str) -> Option<(&str, &str)> {
        lex_pattern(s)
    }

    #[test]
    fn pattern_lexeme_follows_the_backtracking_order() {
        assert_eq!(pattern("/ab/"), Some(("ab", "")));
        assert_eq!(pattern("/ab/imx"), Some(("ab", "im")));
        assert_eq!(pattern("/a/"), None);
        assert_eq!(pattern("//"), None);
        assert_eq!(pattern("/ab"), None);
        assert_eq!(pattern("/a\\/b/"), Some(("a\\/b", "")));
        assert_eq!(pattern("/a\\//"), Some(("a\\/", "")));
        assert_eq!(pattern("/\\//"), Some(("\\/", "")));
        // The first unescaped slash ends the body, even when more text follows.
        assert_eq!(pattern("/some .* / pattern/"), Some(("some .* ", "")));
        // `[^\\]` may be a slash: `/ab//` is the body `ab/`.
        assert_eq!(pattern("/ab//"), Some(("ab/", "")));
        // A body ending in a backslash cannot be closed.
        assert_eq!(pattern("/ab\\/"), None);
        // Characters, not bytes: one two-byte character is still one character.
        assert_eq!(pattern("/é/"), None);
        assert_eq!(pattern("/éé/"), Some(("éé", "")));
    }

    /// GitLab's token regex, run by a regex engine with the same leftmost-first semantics as
    /// Ruby's backtracking one, agrees with the hand-written scan.
    #[cfg(feature = "eval")]
    mod against_the_regex {
        use proptest::prelude::*;

        use super::pattern;

        proptest! {
            #[test]
            fn same_token(text in "/[/\\\\aimU é\n]{0,12}") {
                let regex = regex::Regex::new(r"^/(?:[^/]|\\/)+[^\\]/[ismU]*").unwrap();
                let expected = regex.find(&text).map(|m| m.end());
                let found = pattern(&text).map(|(body, flags)| body.len() + flags.len() + 2);
                prop_assert_eq!(found, expected);
            }
        }
    }

    #[test]
    fn strings_have_no_escapes_and_stop_at_line_feeds() {
        assert_eq!(lex_string("\"a\\\"b\""), Some(4));
        assert_eq!(lex_string("'a\"b'"), Some(5));
        assert_eq!(lex_string("\"a\nb\""), None);
        assert_eq!(lex_string("\"\""), Some(2));
    }

    #[test]
    fn input_references_allow_inner_whitespace() {
        assert_eq!(lex_input("$[[inputs.env]]"), Some(("env", 15)));
        assert_eq!(lex_input("$[[  inputs.env\t]] =="), Some(("env", 18)));
        assert_eq!(lex_input("$[[ input.env ]]"), None);
        assert_eq!(lex_input("$[[ inputs. ]]"), None);
    }
}
