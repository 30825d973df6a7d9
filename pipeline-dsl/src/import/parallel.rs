//! Import of `parallel:` and `parallel:matrix` (also used by `needs:parallel`).

use indexmap::IndexMap;

use crate::model::{Matrix, MatrixValue, Parallel};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};

impl FromNode for Parallel {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(Scalar::Int(_)) => cx
                .int_range(node, 1, 200)
                .and_then(|i| u32::try_from(i).ok())
                .map(Parallel::Count),
            NodeKind::Map(_) => Matrix::from_node(node, cx).map(Parallel::Matrix),
            _ => cx.expected(node, "an integer from 1 to 200 or a mapping with `matrix`"),
        }
    }
}

impl FromNode for Matrix {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        let mut m = cx.map(node, "a mapping with `matrix`")?;
        let before = cx.diagnostics.len();
        let matrix = m.required(cx, "matrix", "`parallel`", |n, cx| {
            cx.list_len(n, "matrix entries", 0, 200, entry)
        });
        m.finish_strict(cx, &["matrix"], "`parallel`");
        let matrix = matrix?;
        (cx.diagnostics.len() == before).then_some(Matrix { matrix })
    }
}

/// One matrix entry: variable names to a string, a number or a list.
fn entry(node: &Node, cx: &mut Cx) -> Option<IndexMap<String, MatrixValue>> {
    let NodeKind::Map(entries) = &node.kind else {
        return cx.expected(node, "a mapping of variable names to values");
    };
    let mut out = IndexMap::with_capacity(entries.len());
    let mut ok = true;
    for e in entries {
        match cx.at(&e.key, |cx| value(&e.value, cx)) {
            Some(v) => {
                out.insert(e.key.clone(), v);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn value(node: &Node, cx: &mut Cx) -> Option<MatrixValue> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(_) | Scalar::Int(_) | Scalar::Float(_)) => {
            Some(MatrixValue::One(node.to_value()))
        }
        NodeKind::Seq(items) => Some(MatrixValue::Many(
            items.iter().map(Node::to_value).collect(),
        )),
        // A `!reference` is a list to the schema; the value keeps the tag.
        NodeKind::Reference(_) => Some(MatrixValue::One(node.to_value())),
        _ => cx.expected(node, "a string, a number or a list"),
    }
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use crate::import::from_str;
    use crate::model::{Float, Matrix, MatrixValue, Parallel, Reference, Value};

    fn parallel(yaml: &str) -> Option<Parallel> {
        from_str(yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .pipeline
            .job("job")
            .expect("job")
            .parallel
            .clone()
    }

    use super::super::script::test_support::errors;

    #[test]
    fn count_and_matrix() {
        assert_eq!(parallel("job:\n  parallel: 1\n"), Some(Parallel::Count(1)));
        assert_eq!(
            parallel("job:\n  parallel: 200\n"),
            Some(Parallel::Count(200))
        );
        let got = parallel(
            "job:\n  parallel:\n    matrix:\n      - PROVIDER: aws\n        STACK: [app, 1, 2.5]\n        N: 3\n        F: 1.5\n        R: !reference [.m, values]\n      - {}\n",
        );
        let mut first = IndexMap::new();
        first.insert("PROVIDER".to_owned(), MatrixValue::One(Value::from("aws")));
        first.insert(
            "STACK".to_owned(),
            MatrixValue::Many(vec![
                Value::from("app"),
                Value::Int(1),
                Value::Float(Float(2.5)),
            ]),
        );
        first.insert("N".to_owned(), MatrixValue::One(Value::Int(3)));
        first.insert("F".to_owned(), MatrixValue::One(Value::Float(Float(1.5))));
        first.insert(
            "R".to_owned(),
            MatrixValue::One(Value::Reference(Reference::new([".m", "values"]))),
        );
        assert_eq!(
            got,
            Some(Parallel::Matrix(Matrix {
                matrix: vec![first, IndexMap::new()]
            }))
        );
    }

    #[test]
    fn constraints() {
        assert_eq!(
            errors("job:\n  parallel: 0\n"),
            ["jobs.\"job\".parallel: expected an integer from 1 to 200, found `0`"]
        );
        assert_eq!(
            errors("job:\n  parallel: 201\n"),
            ["jobs.\"job\".parallel: expected an integer from 1 to 200, found `201`"]
        );
        assert_eq!(
            errors("job:\n  parallel: '5'\n"),
            [
                "jobs.\"job\".parallel: expected an integer from 1 to 200 or a mapping with `matrix`, found the string `5`"
            ]
        );
        assert_eq!(
            errors("job:\n  parallel: 2.0\n"),
            [
                "jobs.\"job\".parallel: expected an integer from 1 to 200 or a mapping with `matrix`, found the number `2`"
            ]
        );
        assert_eq!(
            errors("job:\n  parallel: {}\n"),
            ["jobs.\"job\".parallel: `parallel` needs the key `matrix`"]
        );
        assert_eq!(
            errors("job:\n  parallel:\n    matrix: [{A: true}]\n"),
            [
                "jobs.\"job\".parallel.matrix[0].A: expected a string, a number or a list, found the boolean `true`"
            ]
        );
        assert_eq!(
            errors("job:\n  parallel:\n    matrix: [{A: }]\n"),
            [
                "jobs.\"job\".parallel.matrix[0].A: expected a string, a number or a list, found null"
            ]
        );
        assert_eq!(
            errors("job:\n  parallel:\n    matrix: [a1]\n"),
            [
                "jobs.\"job\".parallel.matrix[0]: expected a mapping of variable names to values, found the string `a1`"
            ]
        );
        assert_eq!(
            errors("job:\n  parallel:\n    matrix: {A: 1}\n"),
            ["jobs.\"job\".parallel.matrix: expected a list of matrix entries, found a mapping"]
        );
        assert_eq!(
            errors("job:\n  parallel:\n    matrix: []\n    max: 2\n"),
            ["jobs.\"job\".parallel.max: `max` is not a keyword of `parallel`"]
        );
        let many = "      - {A: 1}\n".repeat(201);
        assert_eq!(
            errors(&format!("job:\n  parallel:\n    matrix:\n{many}")),
            [
                "jobs.\"job\".parallel.matrix: expected at most 200 item(s) of matrix entries, found 201"
            ]
        );
    }

    #[test]
    fn schema_fixtures() {
        let n = crate::import::rules::fixtures::check(&["parallel.yml"], &["parallel.yml"]);
        assert!(n == 0 || n == 6, "{n} units");
    }
}
