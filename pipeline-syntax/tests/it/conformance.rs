//! GitLab conformance: the 203 cases of `semantics/expression-cases.tsv` (from GitLab's own
//! specs), read in place. Every case's value and truthiness must match (feature `eval`), and
//! every error must fall in the error class GitLab raises (both configurations).

use pipeline_syntax::expr::Expr;

use crate::support::{Json, read_shared};

const CASES: &str = "semantics/expression-cases.tsv";

/// GitLab's error message for each `ERROR` row, by file line (from `expressions.md`).
const ERROR_MESSAGES: [(&str, &[usize]); 9] = [
    (
        "Unknown lexeme found!",
        &[93, 106, 128, 142, 143, 146, 178, 191, 195, 196, 197, 202],
    ),
    ("StatementError", &[102, 194]),
    (
        "Unreachable nodes in parse tree",
        &[103, 108, 130, 131, 141],
    ),
    ("Invalid left operand", &[104, 105, 109, 110, 192]),
    (
        "Unprocessable token found in parse tree: parenthesis_open",
        &[111, 112, 115],
    ),
    ("Unmatched parenthesis", &[113, 114, 116]),
    ("Invalid regular expression!", &[149, 201]),
    ("Empty parse tree", &[193]),
    ("Too many tokens!", &[204]),
];

/// One row of the file.
struct Case {
    line: usize,
    variables: Json,
    expression: String,
    /// `None` for `ERROR`.
    value: Option<Json>,
    truthful: bool,
}

fn cases() -> Option<Vec<Case>> {
    let text = read_shared(CASES)?;
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("a header row");
    assert_eq!(header, "variables\texpression\tvalue\ttruthful");
    let cases = lines
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "line {}: {line:?}", i + 1);
            Case {
                line: i + 1,
                variables: Json::parse(fields[0]),
                expression: fields[1].to_owned(),
                value: (fields[2] != "ERROR").then(|| Json::parse(fields[2])),
                truthful: match fields[3] {
                    "true" => true,
                    "false" => false,
                    other => panic!("line {}: truthful {other:?}", i + 1),
                },
            }
        })
        .collect::<Vec<_>>();
    assert_eq!(
        cases.len(),
        203,
        "expression-cases.tsv should hold 203 cases"
    );
    Some(cases)
}

fn gitlab_message(line: usize) -> Option<&'static str> {
    ERROR_MESSAGES
        .iter()
        .find(|(_, lines)| lines.contains(&line))
        .map(|(m, _)| *m)
}

/// Every case parses exactly when GitLab parses it, errors fall in GitLab's error class, and
/// what parses prints back to text that parses to the same tree.
#[test]
fn parse_outcomes_match_gitlab() {
    let Some(cases) = cases() else { return };
    let mut failures = Vec::new();
    for case in &cases {
        let expected = gitlab_message(case.line);
        assert_eq!(
            expected.is_some(),
            case.value.is_none(),
            "line {}: message table",
            case.line
        );
        assert!(
            case.value.is_some() || !case.truthful,
            "line {}: an error is never truthful",
            case.line
        );
        assert!(
            matches!(case.variables, Json::Object(_)),
            "line {}: variables",
            case.line
        );
        match (Expr::parse(&case.expression), expected) {
            (Ok(expr), None | Some("Invalid regular expression!")) => {
                let printed = expr.to_string();
                if Expr::parse(&printed).as_ref() != Ok(&expr) {
                    failures.push(format!(
                        "line {}: `{printed}` does not parse back",
                        case.line
                    ));
                }
            }
            (Ok(_), Some(message)) => {
                failures.push(format!(
                    "line {}: parsed, GitLab says `{message}`",
                    case.line
                ));
            }
            (Err(err), Some(message)) if err.gitlab_message() == message => {}
            (Err(err), _) => failures.push(format!(
                "line {}: {err} (GitLab class `{}`), expected {expected:?}",
                case.line,
                err.gitlab_message()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[cfg(feature = "eval")]
mod eval {
    use std::collections::BTreeMap;

    use pipeline_syntax::expr::{EvalError, Expr, Value, Variables};

    use super::{Case, cases};
    use crate::support::Json;

    /// A case's variables; the `inputs` object feeds `$[[ inputs.NAME ]]`.
    struct CaseVariables {
        variables: BTreeMap<String, String>,
        inputs: BTreeMap<String, Json>,
    }

    impl CaseVariables {
        fn new(json: &Json) -> Self {
            let Json::Object(members) = json else {
                panic!("variables must be an object")
            };
            let mut variables = BTreeMap::new();
            let mut inputs = BTreeMap::new();
            for (name, value) in members {
                match (name.as_str(), value) {
                    ("inputs", Json::Object(members)) => inputs.extend(members.iter().cloned()),
                    (_, Json::String(s)) => {
                        variables.insert(name.clone(), s.clone());
                    }
                    _ => panic!("unexpected variable {name}: {value:?}"),
                }
            }
            CaseVariables { variables, inputs }
        }
    }

    impl Variables for CaseVariables {
        fn get(&self, name: &str) -> Option<&str> {
            self.variables.get(name).map(String::as_str)
        }

        fn input(&self, name: &str) -> Option<Value<'_>> {
            match self.inputs.get(name)? {
                Json::String(s) => Some(Value::String(s)),
                Json::Bool(b) => Some(Value::Bool(*b)),
                Json::Null => Some(Value::Null),
                other => panic!("unsupported input value {other:?}"),
            }
        }
    }

    fn same_value(value: &Value<'_>, expected: &Json) -> bool {
        match (value, expected) {
            (Value::Null, Json::Null) => true,
            (Value::Bool(a), Json::Bool(b)) => a == b,
            (Value::String(a), Json::String(b)) => a == b,
            _ => false,
        }
    }

    fn check(case: &Case) -> Result<(), String> {
        let vars = CaseVariables::new(&case.variables);
        let truthy = Expr::parse(&case.expression).is_ok_and(|e| e.is_truthy(&vars));
        if truthy != case.truthful {
            return Err(format!("truthy is {truthy}, GitLab says {}", case.truthful));
        }
        let result = Expr::parse(&case.expression)
            .map_err(|e| e.to_string())
            .and_then(|expr| {
                let value = expr.evaluate(&vars).map_err(|e| e.to_string())?;
                Ok(format!(
                    "{value}|{}",
                    matches!(&case.value, Some(v) if same_value(&value, v))
                ))
            });
        match (&case.value, result) {
            (None, Err(_)) => Ok(()),
            (None, Ok(value)) => Err(format!("evaluates to {value}, GitLab raises an error")),
            (Some(_), Ok(value)) if value.ends_with("|true") => Ok(()),
            (Some(expected), Ok(value)) => {
                Err(format!("evaluates to {value}, GitLab gives {expected:?}"))
            }
            (Some(expected), Err(err)) => {
                Err(format!("fails with `{err}`, GitLab gives {expected:?}"))
            }
        }
    }

    /// All 203 cases: the value GitLab computes and whether the rule matches.
    #[test]
    fn values_and_truthiness_match_gitlab() {
        let Some(cases) = cases() else { return };
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                check(case)
                    .err()
                    .map(|why| format!("line {} `{}`: {why}", case.line, case.expression))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} cases:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    /// The two rows GitLab rejects for their regex fail as invalid regexes, not otherwise.
    #[test]
    fn invalid_regex_rows_fail_in_the_regex_engine() {
        let Some(cases) = cases() else { return };
        for line in [149, 201] {
            let case = cases
                .iter()
                .find(|c| c.line == line)
                .expect("the row exists");
            let expr = Expr::parse(&case.expression).expect("the syntax is valid");
            let vars = CaseVariables::new(&case.variables);
            assert!(
                matches!(expr.evaluate(&vars), Err(EvalError::InvalidRegex { .. })),
                "line {line}"
            );
        }
    }
}
