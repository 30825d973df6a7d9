//! Whether a `rules:if`, `workflow:rules:if`, `include:rules:if` or `only:variables`
//! expression parses, with pipeline-syntax's parser (GitLab's grammar). With the `plan`
//! feature (which brings the regex engine), regex literals are also checked as RE2, as
//! GitLab's `valid?` does; without it only the syntax is.

/// `Ok` when GitLab's parser accepts `text`; else what is wrong with it.
pub(super) fn parse_expression(text: &str) -> Result<(), String> {
    let expr = pipeline_syntax::expr::Expr::parse(text).map_err(|e| e.to_string())?;
    #[cfg(feature = "plan")]
    expr.validate().map_err(|e| e.to_string())?;
    #[cfg(not(feature = "plan"))]
    let _ = expr;
    Ok(())
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

    #[cfg(feature = "plan")]
    #[test]
    fn regex_literals_are_checked_as_re2_with_the_regex_engine() {
        assert!(parse_expression("$A =~ /(?=x)/").is_err());
        assert!(parse_expression("$X =~ / some ( thin/i").is_err());
        assert_eq!(parse_expression("$A =~ /^v\\d+$/"), Ok(()));
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
    /// `ERROR` rows must not parse, the others must. Some errors are RE2 errors, which need
    /// the regex engine (feature `plan`).
    #[cfg(feature = "plan")]
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
