//! Expression behaviour, aimed at the mistakes of a naive implementation: tokens glued
//! without spaces, slashes in regexes, `=~` between strings, regexes held in variables,
//! precedence and associativity, Ruby values through `&&`/`||`, and error positions.

use pipeline_syntax::expr::{
    BinaryOp, Expr, LiteralError, MAX_TOKENS, ParseErrorKind, Pattern, PatternError, TokenKind,
    tokenize,
};

fn parse(text: &str) -> Expr {
    Expr::parse(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

fn error(text: &str) -> String {
    Expr::parse(text).expect_err(text).to_string()
}

#[test]
fn parentheses_and_operators_need_no_spaces() {
    let expected = Expr::var("A").eq(Expr::string("x")).and(Expr::var("B"));
    assert_eq!(parse(r#"($A=="x")&&$B"#), expected);
    assert_eq!(parse("$A=='x'&&$B"), expected);
    assert_eq!(parse("\t( $A\n==\r\"x\" ) &&\u{b}$B "), expected);
}

#[test]
fn slashes_inside_regexes() {
    let expr = parse(r"$P =~ /a\/b/");
    let Expr::Binary { right, .. } = &expr else {
        panic!("{expr:?}")
    };
    let Expr::Pattern(pattern) = right.as_ref() else {
        panic!("{right:?}")
    };
    assert_eq!(pattern.body(), r"a\/b");
    assert_eq!(pattern.re2_source(), "a/b");
    assert_eq!(expr.to_string(), r"$P =~ /a\/b/");
    // The first unescaped slash ends the literal.
    assert!(Expr::parse("$P =~ /a/b/").is_err());
}

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(
        parse("$A || $B && $C"),
        Expr::var("A").or(Expr::var("B").and(Expr::var("C")))
    );
    assert_eq!(
        parse("$A && $B || $C"),
        Expr::var("A").and(Expr::var("B")).or(Expr::var("C"))
    );
    assert_eq!(
        parse("$A == 'a' || $B =~ /bb/ && $C != null"),
        Expr::var("A").eq(Expr::string("a")).or(Expr::var("B")
            .matches(Pattern::new("bb", "").unwrap())
            .and(Expr::var("C").ne(Expr::null())))
    );
}

#[test]
fn comparisons_are_left_associative() {
    assert_eq!(
        parse("$A == $B == $C"),
        Expr::var("A").eq(Expr::var("B")).eq(Expr::var("C"))
    );
    assert_eq!(
        parse("$A =~ $B != $C"),
        Expr::var("A").matches(Expr::var("B")).ne(Expr::var("C"))
    );
    assert_eq!(
        parse("$A && $B && $C"),
        Expr::var("A").and(Expr::var("B")).and(Expr::var("C"))
    );
    assert_eq!(parse("$A == ($B == $C)").to_string(), "$A == ($B == $C)");
}

#[test]
fn literals_may_stand_on_either_side() {
    assert_eq!(parse(r#""x" == $A"#), Expr::string("x").eq(Expr::var("A")));
    assert_eq!(parse("null != $A"), Expr::null().ne(Expr::var("A")));
    assert_eq!(
        parse("true == false"),
        Expr::bool(true).eq(Expr::bool(false))
    );
    assert_eq!(
        parse("/ab/ == /ab/"),
        Expr::Pattern("/ab/".parse().unwrap()).eq(Expr::Pattern("/ab/".parse().unwrap()))
    );
    assert_eq!(
        parse("$[[ inputs.env ]] == 'prod'"),
        Expr::input("env").eq(Expr::string("prod"))
    );
}

#[test]
fn regex_literals_follow_gitlab_lexing() {
    assert_eq!(
        error("$A =~ /a/"),
        "a regex literal needs at least two characters between the slashes (GitLab rejects `/a/`) at column 7"
    );
    assert_eq!(error("$A =~ //"), "empty regex `//` at column 7");
    assert_eq!(
        error("$A =~ /ab"),
        "unterminated regex; add the closing `/` at column 7"
    );
    assert_eq!(
        error("$A =~ /ab/x"),
        "unsupported regex flag `x`; GitLab accepts `i`, `m`, `s` and `U` at column 11"
    );
    assert_eq!(parse("$A =~ /ab/imsU").to_string(), "$A =~ /ab/imsU");
    // A flag-like word after a space is a word, not a flag.
    assert!(matches!(
        Expr::parse("$A =~ /ab/ i").unwrap_err().kind,
        ParseErrorKind::UnknownWord(_)
    ));
}

#[test]
fn errors_say_what_and_where() {
    assert_eq!(error(""), "the expression is empty at column 1");
    assert_eq!(error("$A == "), "expected a value after `==` at column 4");
    assert_eq!(error("== $A"), "expected a value before `==` at column 1");
    assert_eq!(
        error("$A $B"),
        "expected an operator (`==`, `!=`, `=~`, `!~`, `&&` or `||`) before `$B` at column 4"
    );
    assert_eq!(error("($A == 'x'"), "unclosed `(` at column 1");
    assert_eq!(error("$A == 'x')"), "unmatched `)` at column 10");
    assert_eq!(error("()"), "empty parentheses at column 1");
    assert_eq!(
        error("${A} == 'x'"),
        "`${A}` is not supported in expressions; write `$A` at column 1"
    );
    assert_eq!(
        error("$A == \"x"),
        "unterminated string; add the closing `\"` at column 7"
    );
    assert_eq!(
        error("$A == 12"),
        "numbers are not values in GitLab expressions; quote it: `\"12\"` at column 7"
    );
    assert_eq!(
        error("$A and $B"),
        "`and` is not an operator in GitLab expressions; write `&&` at column 4"
    );
    assert_eq!(
        error("!$A"),
        "`!` is not an operator in GitLab expressions; write `!=` or `!~`; a missing variable is `$VAR == null` at column 1"
    );
    assert_eq!(
        error("$A == main"),
        "unknown word `main`; quote strings (`\"main\"`) and write variables as `$main` at column 7"
    );
    assert_eq!(
        error("$A == nullable"),
        "unknown word `nullable`; quote strings (`\"nullable\"`) and write variables as `$nullable` at column 7"
    );
    assert_eq!(
        error("$A == NULL"),
        "unknown word `NULL`; keywords are lowercase: `null` at column 7"
    );
    assert_eq!(
        error("$A == nil"),
        "unknown word `nil`; an undefined variable is `null` at column 7"
    );
    // Columns count characters, offsets count bytes.
    let err = Expr::parse("'é' == ?").unwrap_err();
    assert_eq!((err.offset, err.column, err.len), (8, 8, 1));
}

#[test]
fn at_most_99_tokens() {
    let chain = |n: usize| vec!["$A"; n].join(" && ");
    assert_eq!(tokenize(&chain(50)).unwrap().len(), MAX_TOKENS);
    assert!(Expr::parse(&chain(50)).is_ok());
    let err = Expr::parse(&chain(51)).unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::TooManyTokens);
    assert_eq!(err.gitlab_message(), "Too many tokens!");
    // The 100th token is an error even when the text ends with it.
    let hundred = format!("{} &&", chain(50));
    assert_eq!(
        Expr::parse(&hundred).unwrap_err().kind,
        ParseErrorKind::TooManyTokens
    );
}

#[test]
fn tokens_carry_spans() {
    let text = "$[[ inputs.x ]]=='a b'||true";
    let tokens = tokenize(text).unwrap();
    let kinds: Vec<_> = tokens.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TokenKind::Input("x"),
            TokenKind::Operator(BinaryOp::Equals),
            TokenKind::String("a b"),
            TokenKind::Operator(BinaryOp::Or),
            TokenKind::Bool(true),
        ]
    );
    let texts: Vec<_> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(texts, ["$[[ inputs.x ]]", "==", "'a b'", "||", "true"]);
}

#[test]
fn variables_are_listed_once_in_order() {
    let expr = parse("$B == $A && ($A =~ $RE || $[[ inputs.x ]] == $B)");
    assert_eq!(expr.variables(), ["B", "A", "RE"]);
    assert_eq!(expr.inputs(), ["x"]);
}

#[test]
fn patterns_refuse_what_gitlab_cannot_read_back() {
    assert_eq!(Pattern::new("a", ""), Err(PatternError::TooShort));
    assert_eq!(Pattern::new("", ""), Err(PatternError::Empty));
    assert_eq!(
        Pattern::new("ab", "x"),
        Err(PatternError::UnsupportedFlag('x'))
    );
    assert_eq!(
        Pattern::new("a/b", ""),
        Err(PatternError::UnescapedSlash(1))
    );
    assert_eq!(
        Pattern::new(r"ab\", ""),
        Err(PatternError::TrailingBackslash)
    );
    assert!(Pattern::new(r"a\/b", "iU").is_ok());
    assert!(Pattern::new(r"\/", "").is_ok());
    assert_eq!(
        "/ab/i".parse::<Pattern>().unwrap(),
        Pattern::new("ab", "i").unwrap()
    );
    assert_eq!("/ab/ i".parse::<Pattern>(), Err(PatternError::NotALiteral));
    assert_eq!(Pattern::new("ab", "").unwrap().to_string(), "/ab/");
}

#[test]
fn strings_print_with_the_quote_they_do_not_hold() {
    assert_eq!(Expr::string(r#"say "hi""#).to_string(), r#"'say "hi"'"#);
    assert_eq!(Expr::string("it's").to_string(), r#""it's""#);
    let both = Expr::var("A").eq(Expr::string(r#"it's "x""#));
    assert_eq!(
        both.check_printable(),
        Err(LiteralError::BothQuotes(r#"it's "x""#.into()))
    );
    assert!(Expr::parse(&both.to_string()).is_err());
    assert_eq!(
        Expr::var("A-B").check_printable(),
        Err(LiteralError::Name("A-B".into()))
    );
    assert_eq!(
        Expr::string("a\nb").check_printable(),
        Err(LiteralError::LineFeed("a\nb".into()))
    );
    assert_eq!(parse("$A == 'x'").check_printable(), Ok(()));
}

#[cfg(feature = "eval")]
mod eval {
    use pipeline_syntax::expr::{BinaryOp, EvalError, Value};

    use super::parse;

    #[test]
    fn presence_distinguishes_undefined_empty_and_blank() {
        let present = parse("$X");
        let is_null = parse("$X == null");
        let is_empty = parse("$X == ''");
        for (vars, truthy, null, empty) in [
            (&[][..], false, true, false),
            (&[("X", "")][..], false, false, true),
            (&[("X", " \t\n\u{a0}")][..], false, false, false),
            (&[("X", "false")][..], true, false, false),
            (&[("X", "0")][..], true, false, false),
        ] {
            assert_eq!(present.is_truthy(&vars), truthy, "{vars:?}");
            assert_eq!(is_null.is_truthy(&vars), null, "{vars:?}");
            assert_eq!(is_empty.is_truthy(&vars), empty, "{vars:?}");
        }
    }

    #[test]
    fn and_or_return_operands_and_only_the_result_is_tested() {
        let vars = [("EMPTY", ""), ("PRESENT", "yes")];
        let eval = |text: &str| parse(text).evaluate(&vars).map(|v| v.to_string()).unwrap();
        assert_eq!(eval("$EMPTY && $PRESENT"), "\"yes\"");
        assert!(parse("$EMPTY && $PRESENT").is_truthy(&vars));
        assert_eq!(eval("$EMPTY || $PRESENT"), "\"\"");
        assert!(!parse("$EMPTY || $PRESENT").is_truthy(&vars));
        assert_eq!(eval("$UNDEFINED || $PRESENT"), "\"yes\"");
        assert_eq!(eval("$UNDEFINED && $PRESENT"), "null");
        assert_eq!(eval("($PRESENT == 'no') || $EMPTY"), "\"\"");
        assert_eq!(eval("($PRESENT == 'no') && $PRESENT"), "false");
    }

    #[test]
    fn precedence_changes_the_outcome() {
        let vars = [("A", "x")];
        // `$A || ($B && $C)` is "x"; `($A || $B) && $C` would be null.
        assert!(parse("$A || $B && $C").is_truthy(&vars));
        assert!(!parse("($A || $B) && $C").is_truthy(&vars));
        // `("a" == "a") == "a"` is `true == "a"`: false.
        assert!(!parse(r#""a" == "a" == "a""#).is_truthy(&vars));
        assert!(parse(r#""a" == ("a" == "a") || true == ("a" == "a")"#).is_truthy(&vars));
    }

    #[test]
    fn matching_a_string_searches_the_left_inside_the_right() {
        let check = |text: &str, vars: &[(&str, &str)]| parse(text).is_truthy(&vars);
        assert!(check(r#""23" =~ "1234""#, &[]));
        assert!(!check(r#""23" =~ /1234/"#, &[]));
        assert!(!check(r#""1234" =~ "23""#, &[]));
        assert!(check(r#"$UNDEFINED =~ "anything""#, &[]));
        assert!(check("$A =~ $B", &[("A", "b"), ("B", "abc")]));
        assert!(!check("$A !~ $B", &[("A", "b"), ("B", "abc")]));
        // `nil` or `false` on the right: `=~` false, `!~` true, whatever the left.
        assert!(!check("$A =~ $UNDEFINED", &[("A", "")]));
        assert!(check("$A !~ $UNDEFINED", &[("A", "")]));
        assert!(check("$A !~ ('a' == 'b')", &[]));
    }

    #[test]
    fn regexes_held_in_variables() {
        let expr = parse("$CI_COMMIT_TITLE =~ $SKIP_RE");
        let vars = |title| [("CI_COMMIT_TITLE", title), ("SKIP_RE", r"/\[skip-e2e\]/i")];
        assert!(expr.is_truthy(&vars("Fix login [SKIP-E2E]")));
        assert!(!expr.is_truthy(&vars("Fix login")));
        // One-character and empty bodies work in variables, unlike literals.
        assert!(parse("$A =~ $R").is_truthy(&[("A", "xay"), ("R", "/a/")]));
        assert!(parse("$A =~ $R").is_truthy(&[("A", ""), ("R", "//")]));
        // `\/` is unescaped before reading, and the first `/…/` line is the regex.
        assert!(parse("$A =~ $R").is_truthy(&[("A", "a/b"), ("R", r"/a\/b/")]));
        assert!(parse("$A =~ $R").is_truthy(&[("A", "ab"), ("R", "comment\n/^AB$/i\nmore")]));
        // Not a regex (or not one RE2 accepts): the string search applies, with the original.
        assert!(parse("$A =~ $R").is_truthy(&[("A", "(?=x"), ("R", "/(?=x)/")]));
        assert!(!parse("$A =~ $R").is_truthy(&[("A", "y"), ("R", "/(?=x)/")]));
    }

    #[test]
    fn regexes_are_unanchored_re2() {
        let check = |text: &str, value: &str| parse(text).is_truthy(&[("V", value)]);
        assert!(check("$V =~ /issue/", "severe-issues"));
        assert!(!check("$V =~ /^issue/", "severe-issues"));
        assert!(check("$V =~ /^v\\d+\\.\\d+/", "v12.3"));
        assert!(!check("$V =~ /^\\d+$/", "١٢٣"));
        assert!(check("$V =~ /^release-/i", "RELEASE-1"));
        assert!(!check("$V =~ /^l2$/", "l1\nl2"));
        assert!(check("$V =~ /^l2$/m", "l1\nl2"));
        assert!(!check("$V =~ /a.b/", "a\nb"));
        assert!(check("$V =~ /a.b/s", "a\nb"));
        assert!(check("$V =~ /^user\\x40team$/", "user@team"));
        assert!(!check("$V =~ /$OTHER/", "$OTHER"));
        assert!(check("$V =~ /\\$OTHER/", "x$OTHER"));
    }

    #[test]
    fn evaluation_errors_make_rules_not_match() {
        let invalid = parse("$A =~ /(?=x)/ || true");
        assert!(matches!(
            invalid.evaluate(&[("A", "x")]),
            Err(EvalError::InvalidRegex { .. })
        ));
        assert!(!invalid.is_truthy(&[("A", "x")]));
        assert!(invalid.validate().is_err());
        // The regex fails even where `||` would not reach it.
        assert!(!parse("true || $A =~ /(?<=x)y/").is_truthy(&[("A", "xy")]));

        let unsupported = parse("/ab/ == 'ab'");
        assert_eq!(
            unsupported.evaluate(&[("A", "x")]),
            Err(EvalError::UnsupportedOperands {
                op: BinaryOp::Equals,
                left: "a regex",
                right: "a string"
            })
        );
        assert_eq!(
            unsupported.evaluate(&[("A", "x")]).unwrap_err().to_string(),
            "`==` between a regex and a string fails in GitLab with an internal error"
        );
        assert!(!parse("$A =~ true").is_truthy(&[("A", "true")]));
        assert!(!parse("/ab/ =~ /ab/").is_truthy(&()));
        // Regex equality compares RE2 sources; the other way round is plain Ruby `==`.
        assert!(parse("/ab/i == /ab/i").is_truthy(&()));
        assert!(!parse("/ab/mi == /ab/im").is_truthy(&()));
        assert!(!parse("'ab' == /ab/").is_truthy(&()));
    }

    #[test]
    fn booleans_are_not_strings() {
        let vars = [("A", "true")];
        assert!(!parse("$A == true").is_truthy(&vars));
        assert!(parse("$A == 'true'").is_truthy(&vars));
        assert!(parse("($A == 'true') == true").is_truthy(&vars));
        assert!(parse("($A == 'true') =~ /^true$/").is_truthy(&vars));
        assert_eq!(parse("false").evaluate(&vars), Ok(Value::Bool(false)));
    }

    #[test]
    fn variables_come_from_maps_slices_and_vectors() {
        use std::collections::BTreeMap;

        let expr = parse("$A == 'x'");
        let map: BTreeMap<String, String> = [("A".to_owned(), "x".to_owned())].into();
        assert!(expr.is_truthy(&map));
        let borrowed: BTreeMap<&str, &str> = [("A", "x")].into();
        assert!(expr.is_truthy(&borrowed));
        assert!(expr.is_truthy(&vec![("A".to_owned(), "x".to_owned())]));
        // The last definition wins, as in a YAML map.
        assert!(expr.is_truthy(&[("A", "y"), ("A", "x")]));
        assert!(!expr.is_truthy(&[("A", "x"), ("A", "y")]));
    }
}
