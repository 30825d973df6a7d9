//! Canonical expression text: single spaces around operators, double quotes unless the string
//! holds one, and parentheses only where the tree differs from what precedence and left
//! associativity would read.

use std::fmt;

use super::ast::{BinaryOp, Expr, Pattern};

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Variable(name) => write!(f, "${name}"),
            Expr::Input(name) => write!(f, "$[[ inputs.{name} ]]"),
            Expr::String(s) if s.contains('"') && !s.contains('\'') => write!(f, "'{s}'"),
            Expr::String(s) => write!(f, "\"{s}\""),
            Expr::Null => f.write_str("null"),
            Expr::Bool(b) => write!(f, "{b}"),
            Expr::Pattern(pattern) => fmt::Display::fmt(pattern, f),
            Expr::Binary { op, left, right } => {
                // A left operand needs parentheses when it binds more loosely; a right operand
                // also when it binds equally (operators associate to the left).
                write_operand(f, left, |p| p > op.precedence())?;
                write!(f, " {op} ")?;
                write_operand(f, right, |p| p >= op.precedence())
            }
        }
    }
}

fn write_operand(
    f: &mut fmt::Formatter<'_>,
    operand: &Expr,
    needs_parens: impl Fn(u8) -> bool,
) -> fmt::Result {
    match operand {
        Expr::Binary { op, .. } if needs_parens(op.precedence()) => write!(f, "({operand})"),
        _ => fmt::Display::fmt(operand, f),
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/{}", self.body(), self.flags())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Expr {
        Expr::parse(text).unwrap()
    }

    #[test]
    fn parentheses_only_where_needed() {
        assert_eq!(p("(($A) && ($B))").to_string(), "$A && $B");
        assert_eq!(p("$A && ($B || $C)").to_string(), "$A && ($B || $C)");
        assert_eq!(p("($A && $B) || $C").to_string(), "$A && $B || $C");
        assert_eq!(p("$A == ($B == $C)").to_string(), "$A == ($B == $C)");
        assert_eq!(p("($A == $B) == $C").to_string(), "$A == $B == $C");
        assert_eq!(p("$A == ($B && $C)").to_string(), "$A == ($B && $C)");
        assert_eq!(p("$A && ($B && $C)").to_string(), "$A && ($B && $C)");
    }

    #[test]
    fn literals_print_as_written() {
        assert_eq!(p("'it\"s'").to_string(), "'it\"s'");
        assert_eq!(p("'plain'").to_string(), "\"plain\"");
        assert_eq!(p("$[[inputs.env]]").to_string(), "$[[ inputs.env ]]");
        assert_eq!(p("/a\\/b/mi").to_string(), "/a\\/b/mi");
        assert_eq!(p("null == false").to_string(), "null == false");
    }
}
