//! The parser: GitLab's shunting-yard, step for step, so that it accepts exactly the texts
//! GitLab accepts and builds the same trees.
//!
//! Tokens go to reverse Polish notation (an incoming operator first moves every stacked
//! operator of equal or tighter precedence to the output, hence left associativity), then a
//! stack machine builds the tree. Positions ride along only to point errors at the right token.

use std::ops::Range;

use super::ast::{BinaryOp, Expr, Pattern};
use super::error::{ParseError, ParseErrorKind};
use super::lexer::{Token, TokenKind, tokenize};

/// An item of the reverse Polish output: the index of its token.
#[derive(Clone, Copy)]
enum Rpn {
    Value(usize),
    Operator(usize, BinaryOp),
    Open(usize),
}

/// A subtree on the build stack, with the tokens it covers.
struct Node {
    expr: Expr,
    span: Range<usize>,
    first_token: usize,
}

pub(super) fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(ParseError::new(text, 0..text.len(), ParseErrorKind::Empty));
    }
    let rpn = to_rpn(text, &tokens)?;
    build(text, &tokens, &rpn)
}

fn to_rpn(text: &str, tokens: &[Token<'_>]) -> Result<Vec<Rpn>, ParseError> {
    let mut output = Vec::with_capacity(tokens.len());
    let mut stack: Vec<Rpn> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::OpenParen => stack.push(Rpn::Open(i)),
            TokenKind::CloseParen => {
                while let Some(&top @ Rpn::Operator(..)) = stack.last() {
                    output.push(top);
                    stack.pop();
                }
                if stack.pop().is_none() {
                    let kind = ParseErrorKind::UnmatchedClose;
                    return Err(ParseError::new(text, token.span.clone(), kind));
                }
            }
            TokenKind::Operator(op) => {
                while let Some(&top @ Rpn::Operator(_, top_op)) = stack.last() {
                    if top_op.precedence() > op.precedence() {
                        break;
                    }
                    output.push(top);
                    stack.pop();
                }
                stack.push(Rpn::Operator(i, op));
            }
            _ => output.push(Rpn::Value(i)),
        }
    }
    output.extend(stack.into_iter().rev());
    Ok(output)
}

fn build(text: &str, tokens: &[Token<'_>], rpn: &[Rpn]) -> Result<Expr, ParseError> {
    let mut stack: Vec<Node> = Vec::new();
    for &item in rpn {
        match item {
            Rpn::Value(i) => stack.push(Node {
                expr: value(tokens[i].kind),
                span: tokens[i].span.clone(),
                first_token: i,
            }),
            Rpn::Operator(i, op) => {
                let span = tokens[i].span.clone();
                let right = stack.pop();
                let left = stack.pop();
                // GitLab pops the right operand first, so a lone operand is "right" even when
                // it stands before the operator; its position says which side is missing.
                let after = right
                    .as_ref()
                    .is_some_and(|lone| lone.span.start < span.start);
                let (Some(left), Some(right)) = (left, right) else {
                    let kind = ParseErrorKind::MissingOperand { op, after };
                    return Err(ParseError::new(text, span, kind));
                };
                stack.push(Node {
                    span: left.span.start.min(span.start)..right.span.end.max(span.end),
                    first_token: left.first_token.min(i),
                    expr: Expr::Binary {
                        op,
                        left: Box::new(left.expr),
                        right: Box::new(right.expr),
                    },
                });
            }
            Rpn::Open(i) => {
                let kind = ParseErrorKind::UnclosedParen;
                return Err(ParseError::new(text, tokens[i].span.clone(), kind));
            }
        }
    }
    let mut nodes = stack.into_iter();
    match (nodes.next(), nodes.next()) {
        (Some(node), None) => Ok(node.expr),
        (None, _) => {
            let span = tokens[0].span.start..tokens[tokens.len() - 1].span.end;
            Err(ParseError::new(
                text,
                span,
                ParseErrorKind::EmptyParentheses,
            ))
        }
        (Some(_), Some(second)) => {
            // Blame the first value that directly follows another value; GitLab's stack holds
            // the same problem, but grouped by its odd reading of the text.
            let blamed = tokens
                .windows(2)
                .position(|w| ends_value(w[0].kind) && starts_value(w[1].kind))
                .map_or(second.first_token, |i| i + 1);
            let token = &tokens[blamed];
            let found = text[token.span.clone()].to_owned();
            let kind = ParseErrorKind::MissingOperator { found };
            Err(ParseError::new(text, token.span.clone(), kind))
        }
    }
}

fn is_value(kind: TokenKind<'_>) -> bool {
    !matches!(
        kind,
        TokenKind::OpenParen | TokenKind::CloseParen | TokenKind::Operator(_)
    )
}

fn ends_value(kind: TokenKind<'_>) -> bool {
    is_value(kind) || kind == TokenKind::CloseParen
}

fn starts_value(kind: TokenKind<'_>) -> bool {
    is_value(kind) || kind == TokenKind::OpenParen
}

fn value(kind: TokenKind<'_>) -> Expr {
    match kind {
        TokenKind::Variable(name) => Expr::Variable(name.to_owned()),
        TokenKind::Input(name) => Expr::Input(name.to_owned()),
        TokenKind::String(s) => Expr::String(s.to_owned()),
        TokenKind::Pattern { body, flags } => {
            Expr::Pattern(Pattern::from_parts(body.to_owned(), flags.to_owned()))
        }
        TokenKind::Bool(b) => Expr::Bool(b),
        // Only values reach here; `null` is the one left.
        _ => Expr::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> String {
        fn show(e: &Expr) -> String {
            match e {
                Expr::Binary { op, left, right } => {
                    format!("{}({}, {})", op.symbol(), show(left), show(right))
                }
                other => other.to_string(),
            }
        }
        show(&parse(text).unwrap())
    }

    #[test]
    fn gitlab_parser_spec_tree_shapes() {
        assert_eq!(
            tree("$VAR1 == \"123\" == $VAR2"),
            r#"==(==($VAR1, "123"), $VAR2)"#
        );
        assert_eq!(
            tree("$VAR1 || $VAR2 && $VAR3"),
            "||($VAR1, &&($VAR2, $VAR3))"
        );
        assert_eq!(
            tree("$VAR1 && $VAR2 || $VAR3"),
            "||(&&($VAR1, $VAR2), $VAR3)"
        );
        assert_eq!(
            tree("$VAR1 && $VAR2 || $VAR3 && $VAR4"),
            "||(&&($VAR1, $VAR2), &&($VAR3, $VAR4))"
        );
        assert_eq!(
            tree("$VAR1 && ($VAR2 || $VAR3) && $VAR4"),
            "&&(&&($VAR1, ||($VAR2, $VAR3)), $VAR4)"
        );
        assert_eq!(
            tree(r#"$VAR1 == "a" || $VAR2 == "b" && $VAR3 == "c" || $VAR4 == "d" && $VAR5 == "e""#),
            r#"||(||(==($VAR1, "a"), &&(==($VAR2, "b"), ==($VAR3, "c"))), &&(==($VAR4, "d"), ==($VAR5, "e")))"#
        );
        assert_eq!(
            tree(
                r#"(($VAR1 == "a" || $VAR2 == "b") && $VAR3 == "c" || $VAR4 == "d") && $VAR5 == "e""#
            ),
            r#"&&(||(&&(||(==($VAR1, "a"), ==($VAR2, "b")), ==($VAR3, "c")), ==($VAR4, "d")), ==($VAR5, "e"))"#
        );
    }

    #[test]
    fn shunting_yard_oddities_are_accepted_like_gitlab() {
        assert_eq!(tree("$A $B =="), "==($A, $B)");
        assert_eq!(tree("== $A $B"), "==($A, $B)");
        assert_eq!(tree("$A ( == $B )"), "==($A, $B)");
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let err = parse("$A $B").unwrap_err();
        assert_eq!((err.offset, err.len), (3, 2));
        assert_eq!(err.gitlab_message(), "Unreachable nodes in parse tree");
        let err = parse("$A == $B $C").unwrap_err();
        assert_eq!(
            err.kind,
            ParseErrorKind::MissingOperator { found: "$C".into() }
        );
        let err = parse("== \"123\"").unwrap_err();
        let kind = ParseErrorKind::MissingOperand {
            op: BinaryOp::Equals,
            after: false,
        };
        assert_eq!((err.offset, err.kind), (0, kind));
        let err = parse("($A").unwrap_err();
        assert_eq!((err.offset, err.kind), (0, ParseErrorKind::UnclosedParen));
        let err = parse("$A)").unwrap_err();
        assert_eq!((err.offset, err.kind), (2, ParseErrorKind::UnmatchedClose));
        let err = parse(" ( ) ").unwrap_err();
        assert_eq!(
            (err.offset, err.len, err.kind),
            (1, 3, ParseErrorKind::EmptyParentheses)
        );
        let err = parse("   ").unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Empty);
    }
}
