//! Property tests: printing then parsing any tree gives the tree back; precedence and
//! associativity hold for every operator pair; no input makes the parsers panic or point
//! outside the text.

use pipeline_syntax::expr::{BinaryOp, Expr, Pattern};
use pipeline_syntax::image::ImageRef;
use pipeline_syntax::refs;
use proptest::prelude::*;

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z_][A-Z0-9_]{0,10}",
        "[a-z0-9_]{1,6}",
        Just("CI_COMMIT_BRANCH".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
    ]
}

/// Strings any literal can hold: no line feed, and not both quote characters.
fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 ./_-]{0,8}",
        "[^\n\"]{0,6}",
        "[^\n']{0,6}",
        Just(String::new()),
        Just("  ".to_owned()),
    ]
}

fn arb_pattern() -> impl Strategy<Value = Pattern> {
    let body = prop_oneof![
        "[a-z.^$*+?()|]{2,8}",
        Just(r"^v\d+\.\d+$".to_owned()),
        Just(r"a\/b".to_owned()),
        Just(r"\/\/".to_owned()),
        Just("[0-9]{2}".to_owned()),
    ];
    (body, "[imsU]{0,3}").prop_filter_map("a writable literal", |(body, flags)| {
        Pattern::new(body, &flags).ok()
    })
}

fn arb_leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        4 => arb_name().prop_map(Expr::var),
        1 => "[a-z_][a-z0-9_]{0,6}".prop_map(Expr::input),
        3 => arb_string().prop_map(Expr::string),
        1 => Just(Expr::null()),
        1 => any::<bool>().prop_map(Expr::bool),
        2 => arb_pattern().prop_map(Expr::Pattern),
    ]
}

fn arb_op() -> impl Strategy<Value = BinaryOp> {
    proptest::sample::select(BinaryOp::ALL.to_vec())
}

/// Trees of depth at most 4: at most 16 leaves and 15 operators, well under 99 tokens even
/// with every pair of parentheses.
fn arb_expr() -> impl Strategy<Value = Expr> {
    arb_leaf().prop_recursive(4, 16, 2, |inner| {
        (arb_op(), inner.clone(), inner).prop_map(|(op, left, right)| Expr::binary(op, left, right))
    })
}

proptest! {
    #[test]
    fn print_then_parse_is_the_identity(expr in arb_expr()) {
        prop_assert_eq!(expr.check_printable(), Ok(()));
        let text = expr.to_string();
        let parsed = Expr::parse(&text).map_err(|e| TestCaseError::fail(format!("`{text}`: {e}")))?;
        prop_assert_eq!(&parsed, &expr, "text: {}", text);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn precedence_and_left_associativity(
        a in arb_leaf(), b in arb_leaf(), c in arb_leaf(), first in arb_op(), second in arb_op(),
    ) {
        let text = format!("{a} {first} {b} {second} {c}");
        let parsed = Expr::parse(&text).map_err(|e| TestCaseError::fail(format!("`{text}`: {e}")))?;
        // Equal or tighter first operator: `(a first b) second c`; else `a first (b second c)`.
        let expected = if first.precedence() <= second.precedence() {
            Expr::binary(second, Expr::binary(first, a, b), c)
        } else {
            Expr::binary(first, a, Expr::binary(second, b, c))
        };
        prop_assert_eq!(parsed, expected, "text: {}", text);
    }

    #[test]
    fn parsing_any_text_never_panics_and_errors_point_inside_it(text in "[ -~\n\té]{0,40}") {
        if let Err(err) = Expr::parse(&text) {
            prop_assert!(err.offset + err.len <= text.len());
            prop_assert!(text.is_char_boundary(err.offset) && text.is_char_boundary(err.offset + err.len));
            prop_assert!(err.column >= 1);
        }
    }

    #[test]
    fn expression_like_text_never_panics(text in r#"[$()=~!&|"'/ a-zA-Z0-9_\\]{0,30}"#) {
        if let Ok(expr) = Expr::parse(&text) {
            prop_assert_eq!(Expr::parse(&expr.to_string()), Ok(expr));
        }
    }

    #[test]
    fn image_parsing_never_panics(text in "[a-zA-Z0-9$@:/._{} -]{0,40}") {
        if let Ok(image) = ImageRef::parse(&text) {
            prop_assert_eq!(image.to_string(), text);
        }
    }

    #[test]
    fn reference_spans_hold_their_names(text in r"[$%{}a-zA-Z_0-9 é]{0,40}") {
        for syntax in [refs::Syntax::Dollar, refs::Syntax::DollarAndPercent] {
            for r in refs::scan_with(&text, syntax) {
                prop_assert!(text[r.span.clone()].contains(r.name));
            }
        }
    }
}

#[cfg(feature = "eval")]
mod eval {
    use pipeline_syntax::expr::Expr;
    use proptest::prelude::*;

    use super::arb_expr;

    proptest! {
        /// Evaluation is a function of the tree: the printed text evaluates the same.
        #[test]
        fn printed_text_evaluates_the_same(expr in arb_expr(), a in "[a-z]{0,3}", b in "[ab/]{0,4}") {
            let vars = [("A", a.as_str()), ("B", b.as_str()), ("CI_COMMIT_BRANCH", "main")];
            let reparsed = Expr::parse(&expr.to_string()).expect("printable");
            prop_assert_eq!(reparsed.evaluate(&vars), expr.evaluate(&vars));
            prop_assert_eq!(reparsed.is_truthy(&vars), expr.is_truthy(&vars));
        }
    }
}
