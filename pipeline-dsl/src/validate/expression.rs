//! Whether a CI/CD variable expression (`rules:if`, `only:variables`) parses, the way
//! GitLab's lexer and shunting-yard parser decide it. A stand-in until `pipeline-syntax`
//! publishes its expression parser; then this file goes.
//!
//! FIXME(pipeline-syntax): once `pipeline-syntax/src/expr` is committed, turn on its `eval`
//! feature in `pipeline-dsl/Cargo.toml`, make the body of `parse_expression`
//! `let expr = pipeline_syntax::expr::Expr::parse(text).map_err(|e| e.to_string())?;
//! expr.validate().map_err(|e| e.to_string())` (syntax, then RE2 as GitLab's `valid?`), and
//! delete the rest of this file (keep the tests: they pass against it).

/// `Ok` when GitLab's parser accepts `text`; else what is wrong with it.
pub(super) fn parse_expression(text: &str) -> Result<(), String> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err("the expression is empty".into());
    }
    parse(&tokens)
}

/// GitLab's lexer stops after this many tokens (99 are accepted).
const MAX_TOKENS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Value,
    /// A binary operator with its precedence (lower binds tighter).
    Op(u16),
}

/// Ruby's `\s`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

/// Ruby's `\w` (ASCII).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut tokens = Vec::new();
    for _ in 0..MAX_TOKENS {
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return Ok(tokens);
        }
        let rest = &text[at..];
        let (token, len) = lexeme(rest)?.ok_or_else(|| {
            let shown: String = rest.chars().take(12).collect();
            format!(
                "unknown lexeme found at column {}: `{shown}`",
                text[..at].chars().count() + 1
            )
        })?;
        tokens.push(token);
        at += len;
    }
    Err("too many tokens (GitLab accepts at most 99)".into())
}

/// The lexeme at the start of `rest`, in GitLab's order of trial.
fn lexeme(rest: &str) -> Result<Option<(Token, usize)>, String> {
    let b = rest.as_bytes();
    let word_len = |from: usize| b[from..].iter().take_while(|c| is_word(**c)).count();
    let found = match b[0] {
        b'(' => Some((Token::Open, 1)),
        b')' => Some((Token::Close, 1)),
        b'$' if rest.starts_with("$[[") => input(rest).map(|n| (Token::Value, n)),
        b'$' if word_len(1) > 0 => Some((Token::Value, 1 + word_len(1))),
        q @ (b'"' | b'\'') => b[1..]
            .iter()
            .position(|c| *c == q)
            .map(|end| (Token::Value, end + 2)),
        b'/' => pattern(rest)?.map(|n| (Token::Value, n)),
        _ if rest.starts_with("null") => Some((Token::Value, 4)),
        _ if rest.starts_with("true") && word_len(4) == 0 => Some((Token::Value, 4)),
        _ if rest.starts_with("false") && word_len(5) == 0 => Some((Token::Value, 5)),
        _ if rest.starts_with("==") || rest.starts_with("=~") => Some((Token::Op(10), 2)),
        _ if rest.starts_with("!=") || rest.starts_with("!~") => Some((Token::Op(10), 2)),
        _ if rest.starts_with("&&") => Some((Token::Op(11), 2)),
        _ if rest.starts_with("||") => Some((Token::Op(12), 2)),
        _ => None,
    };
    Ok(found)
}

/// `$[[ inputs.name ]]`: its length.
fn input(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let mut at = 3;
    while at < b.len() && is_space(b[at]) {
        at += 1;
    }
    if !rest[at..].starts_with("inputs.") {
        return None;
    }
    at += "inputs.".len();
    let name = b[at..].iter().take_while(|c| is_word(**c)).count();
    if name == 0 {
        return None;
    }
    at += name;
    while at < b.len() && is_space(b[at]) {
        at += 1;
    }
    rest[at..].starts_with("]]").then_some(at + 2)
}

/// `/body/flags`: the body ends at the first `/` not after a backslash and has at least
/// two characters; the flags are `i`, `s`, `m`, `U`. Returns the length.
fn pattern(rest: &str) -> Result<Option<usize>, String> {
    let b = rest.as_bytes();
    let mut end = None;
    for i in 1..b.len() {
        if b[i] == b'/' && b[i - 1] != b'\\' {
            end = Some(i);
            break;
        }
    }
    let Some(end) = end else {
        return Ok(None);
    };
    let body = &rest[1..end];
    if body.chars().count() < 2 {
        return Ok(None);
    }
    let flags = b[end + 1..]
        .iter()
        .take_while(|c| matches!(c, b'i' | b's' | b'm' | b'U'))
        .count();
    check_regex(body)?;
    Ok(Some(end + 1 + flags))
}

/// The parts of RE2's syntax that a pattern most often gets wrong: unbalanced parentheses
/// and Perl-only lookarounds and backreferences.
fn check_regex(body: &str) -> Result<(), String> {
    let b = body.as_bytes();
    let mut depth: i64 = 0;
    let mut in_class = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if !in_class && b.get(i + 1).is_some_and(|c| (b'1'..=b'9').contains(c)) {
                    return Err(format!(
                        "invalid regular expression `/{body}/`: RE2 has no backreferences"
                    ));
                }
                i += 1;
            }
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &body[i..];
                if ["(?=", "(?!", "(?<=", "(?<!"]
                    .iter()
                    .any(|l| rest.starts_with(l))
                {
                    return Err(format!(
                        "invalid regular expression `/{body}/`: RE2 has no lookarounds"
                    ));
                }
                depth += 1;
            }
            b')' if !in_class => {
                depth -= 1;
                if depth < 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 || in_class {
        return Err(format!(
            "invalid regular expression `/{body}/`: unbalanced parentheses or brackets"
        ));
    }
    Ok(())
}

/// Shunting-yard as GitLab does it, then the tree's shape by operand counting.
fn parse(tokens: &[Token]) -> Result<(), String> {
    let mut output: Vec<Token> = Vec::new();
    let mut ops: Vec<Token> = Vec::new();
    for &token in tokens {
        match token {
            Token::Value => output.push(token),
            Token::Op(p) => {
                while let Some(&Token::Op(top)) = ops.last() {
                    if p < top {
                        break;
                    }
                    output.push(Token::Op(top));
                    ops.pop();
                }
                ops.push(token);
            }
            Token::Open => ops.push(token),
            Token::Close => loop {
                match ops.pop() {
                    None => return Err("unmatched parenthesis: `)` without `(`".into()),
                    Some(Token::Open) => break,
                    Some(op) => output.push(op),
                }
            },
        }
    }
    while let Some(op) = ops.pop() {
        output.push(op);
    }
    let mut values: usize = 0;
    for token in output {
        match token {
            Token::Value => values += 1,
            Token::Op(_) => match values {
                0 => return Err("invalid right operand: an operator has nothing after it".into()),
                1 => {
                    return Err(
                        "invalid left operand: an operator is missing a value on one side".into(),
                    );
                }
                _ => values -= 1,
            },
            Token::Open => return Err("unmatched parenthesis: `(` without `)`".into()),
            Token::Close => {}
        }
    }
    match values {
        0 => Err("empty parse tree: nothing between the parentheses".into()),
        1 => Ok(()),
        _ => Err(
            "unreachable nodes in parse tree: two values without an operator between them".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_expression;

    #[test]
    fn gitlab_examples_parse() {
        for ok in [
            "$CI_COMMIT_BRANCH == \"main\"",
            "$A",
            "\"some value\"",
            "null",
            "true",
            "$CI_COMMIT_TAG =~ /^v\\d+/ && ($DEPLOY || $CI_PIPELINE_SOURCE == \"web\")",
            "$A=='x'",
            "$PATH_VARIABLE =~ /path\\/variable/",
            "$[[ inputs.env ]] == 'prod'",
            "(($A == \"a\" || $B == \"b\") && $C == \"c\" || $D == \"d\") && $E == \"e\"",
            "$1",
            "$A =~ /^l2$/m",
        ] {
            assert_eq!(parse_expression(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn gitlab_errors_do_not_parse() {
        for bad in [
            "",
            "   ",
            "$A = 'x'",
            "$VAR \"text\"",
            "== \"123\"",
            "$VAR ==",
            "12345",
            "$VAR == (",
            "$VAR2 == (\"aa\"))",
            "(($VAR2 == \"aa\")",
            "$X =~ //",
            "$X =~ /a/",
            "$X =~ /pattern/x",
            "$X =~ / some ( thin/i",
            "$A =~ /(?=x)/",
            "${A} == \"x\"",
            "()",
            "!$A",
            "$A == \"x\" AND $A",
            "\"a\\\"b\" == $A",
            "nullable",
            "truex",
        ] {
            assert!(parse_expression(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn at_most_99_tokens() {
        let ok = vec!["$A"; 50].join(" && ");
        assert_eq!(parse_expression(&ok), Ok(()));
        let too_many = vec!["$A"; 51].join(" && ");
        assert!(
            parse_expression(&too_many)
                .unwrap_err()
                .contains("too many tokens")
        );
    }

    /// Every case of GitLab's own specs (`../shared/gitlab-ci/semantics/expression-cases.tsv`):
    /// `ERROR` rows must not parse, the others must.
    #[test]
    fn gitlab_spec_cases() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/gitlab-ci/semantics/expression-cases.tsv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true and {path} is missing"
            );
            eprintln!("\n==================== SKIPPED: {path} not found ====================\n");
            return;
        };
        let mut checked = 0;
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [_, expression, value, _] = fields[..] else {
                continue;
            };
            let parsed = parse_expression(expression);
            if value == "ERROR" {
                assert!(parsed.is_err(), "{expression:?} should not parse");
            } else {
                assert_eq!(parsed, Ok(()), "{expression:?}");
            }
            checked += 1;
        }
        assert!(checked > 200, "only {checked} cases read");
    }
}
