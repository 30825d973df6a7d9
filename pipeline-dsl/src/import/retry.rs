//! Import of `retry:` (a count 0 to 2, or `{max, when, exit_codes}`).

use crate::model::{OneOrMany, RETRY_WHEN, Retry, RetryConfig};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};

const RETRY_KEYS: [&str; 3] = ["max", "when", "exit_codes"];

impl FromNode for Retry {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Int(_)) => max(node, cx).map(Retry::Max),
            NodeKind::Map(_) => config(node, cx).map(|c| Retry::Config(Box::new(c))),
            _ => cx.expected(
                node,
                "an integer from 0 to 2 or a mapping with `max`, `when` or `exit_codes`",
            ),
        }
    }
}

fn max(node: &Node, cx: &mut Cx) -> Option<u8> {
    cx.int_range(node, 0, 2).and_then(|i| u8::try_from(i).ok())
}

fn config(node: &Node, cx: &mut Cx) -> Option<RetryConfig> {
    let mut m = cx.map(node, "a mapping")?;
    let before = cx.diagnostics.len();
    let config = RetryConfig {
        max: m.with(cx, "max", max),
        when: m.with(cx, "when", |n, cx| match n.kind {
            // Duplicates are allowed (the schema has no `uniqueItems` here).
            NodeKind::Seq(_) => cx
                .list(n, "failure types", |n, cx| cx.enum_string(n, &RETRY_WHEN))
                .map(OneOrMany::Many),
            _ => cx.enum_string(n, &RETRY_WHEN).map(OneOrMany::One),
        }),
        exit_codes: m.with(cx, "exit_codes", super::job::exit_codes),
    };
    m.finish_strict(cx, &RETRY_KEYS, "`retry`");
    (cx.diagnostics.len() == before).then_some(config)
}

#[cfg(test)]
mod tests {
    use crate::import::from_str;
    use crate::model::{OneOrMany, Retry, RetryConfig};

    fn retry(yaml: &str) -> Option<Retry> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .retry
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn both_forms_are_kept() {
        assert_eq!(retry("job:\n  retry: 0\n"), Some(Retry::Max(0)));
        assert_eq!(retry("job:\n  retry: 2\n"), Some(Retry::Max(2)));
        let config = RetryConfig {
            max: Some(1),
            when: Some(OneOrMany::One("runner_system_failure".into())),
            exit_codes: Some(OneOrMany::One(137)),
        };
        assert_eq!(
            retry(
                "job:\n  retry:\n    max: 1\n    when: runner_system_failure\n    exit_codes: 137\n"
            ),
            Some(Retry::Config(Box::new(config)))
        );
        let config = RetryConfig {
            max: None,
            when: Some(OneOrMany::Many(vec![
                "api_failure".into(),
                "api_failure".into(),
            ])),
            exit_codes: Some(OneOrMany::Many(vec![1, 255])),
        };
        assert_eq!(
            retry(
                "job:\n  retry:\n    when: [api_failure, api_failure]\n    exit_codes: [1, 255]\n"
            ),
            Some(Retry::Config(Box::new(config)))
        );
        assert_eq!(
            retry("job:\n  retry: {}\n"),
            Some(Retry::Config(Box::default()))
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("job:\n  retry: -1\n"),
            ["jobs.\"job\".retry: expected an integer from 0 to 2, found `-1`"]
        );
        assert_eq!(
            errors("job:\n  retry: 3\n"),
            ["jobs.\"job\".retry: expected an integer from 0 to 2, found `3`"]
        );
        assert_eq!(
            errors("job:\n  retry: '2'\n"),
            [
                "jobs.\"job\".retry: expected an integer from 0 to 2 or a mapping with `max`, `when` or `exit_codes`, found the string `2`"
            ]
        );
        assert_eq!(
            errors("job:\n  retry:\n    max: 2\n    unknown: 2\n"),
            ["jobs.\"job\".retry.unknown: `unknown` is not a keyword of `retry`"]
        );
        assert_eq!(
            errors("job:\n  retry:\n    max: 5\n"),
            ["jobs.\"job\".retry.max: expected an integer from 0 to 2, found `5`"]
        );
        let errs = errors("job:\n  retry:\n    when: [api_failure, script_failur]\n");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0]
                .starts_with("jobs.\"job\".retry.when[1]: `script_failur` is not one of `always`")
        );
        assert_eq!(
            errors("job:\n  retry:\n    exit_codes: '137'\n"),
            ["jobs.\"job\".retry.exit_codes: expected an integer, found the string `137`"]
        );
        assert_eq!(
            errors("job:\n  retry:\n    exit_codes: [137, 137]\n"),
            ["jobs.\"job\".retry.exit_codes: this item is listed twice; items must be unique"]
        );
        assert_eq!(
            errors("job:\n  retry:\n    exit_codes: []\n"),
            ["jobs.\"job\".retry.exit_codes: expected at least 1 item(s) of exit codes, found 0"]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(&["retry.yml"], &["retry.yml"]);
        assert!(n == 0 || n == 19, "{n} units");
    }
}
