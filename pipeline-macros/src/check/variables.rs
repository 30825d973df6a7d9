//! Every `$VAR` / `${VAR}` in a script, a variable's value, an expression or an image
//! must be defined somewhere, or it expands to nothing at run time (a classic silent
//! failure: `docker login -p $DOCKER_PASWORD`). Defined means one of:
//!
//! - predefined by GitLab (`pipeline_syntax::variables`; the deprecated `CI_BUILD_*`
//!   names count: validation lints them, they still work);
//! - in the pipeline's `variables`, the job's `variables`, `rules:variables`,
//!   `parallel:matrix`, `secrets` or `id_tokens`;
//! - declared as set in the project's settings, with the macro's `external: [NAME]` key;
//! - set by the job's own shell before the use: `export NAME=...`, `NAME=...`,
//!   `for NAME in`, `read NAME` in an earlier command of `before_script` / `script`
//!   (`after_script` runs in a shell of its own, so only its own assignments count);
//! - one of the shell's own variables (`HOME`, `PATH`, `PWD`, ...: [`SHELL_VARIABLES`]).
//!
//! When `variables` is Rust code (`variables: #(...)`) its names are unknown, and the check
//! is off for the scope it covers.

use std::collections::BTreeSet;

use pipeline_syntax::expr::Expr;
use pipeline_syntax::{refs, variables};

use super::expressions::{expressions, job_expressions};
use super::{Facts, global, span_in};
use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;
use crate::syntax::{JobDef, Map, Value};

/// Variables every POSIX-ish shell (and the runner's environment) has.
pub(crate) const SHELL_VARIABLES: [&str; 20] = [
    "HOME", "PATH", "PWD", "OLDPWD", "USER", "SHELL", "HOSTNAME", "TERM", "LANG", "TMPDIR", "IFS",
    "RANDOM", "LINENO", "SECONDS", "UID", "EUID", "PPID", "REPLY", "OPTARG", "OPTIND",
];

/// Names known everywhere in the pipeline; `None` when some are unknown (spliced).
struct Known {
    names: Option<BTreeSet<String>>,
}

impl Known {
    fn with(&self, more: impl IntoIterator<Item = String>) -> Known {
        Known {
            names: self.names.as_ref().map(|n| {
                let mut n = n.clone();
                n.extend(more);
                n
            }),
        }
    }

    fn unknown() -> Known {
        Known { names: None }
    }
}

/// Every reference is defined.
pub(crate) fn check_references(cx: &Ctxt, facts: &Facts<'_>) {
    let input = facts.input;
    let mut global_names = BTreeSet::new();
    let mut spliced = false;
    match global(input, "variables") {
        Some(Value::Map(m)) => global_names.extend(m.entries.iter().map(|e| e.key.name.clone())),
        Some(Value::Splice(_)) => spliced = true,
        _ => {}
    }
    if let Some(v) = global(input, "external") {
        global_names.extend(v.items().iter().filter_map(Value::text));
    }
    let known = if spliced {
        Known::unknown()
    } else {
        Known {
            names: Some(global_names),
        }
    };

    // Global values: variables' own values, top-level and `default` scripts and images.
    if let Some(Value::Map(m)) = global(input, "variables") {
        for e in &m.entries {
            check_value_refs(cx, &known, variable_value(&e.value), &[]);
        }
    }
    if let Some(Value::Map(m)) = global(input, "workflow")
        && let Some(Value::List(rules)) = m.value("rules")
    {
        for rule in &rules.items {
            if let Value::Map(r) = rule {
                let k = known.with(map_keys(r.value("variables")));
                if let Some(v) = r.value("if") {
                    check_expression_refs(cx, &k, v);
                }
            }
        }
    }
    let default = match global(input, "default") {
        Some(Value::Map(m)) => Some(m),
        _ => None,
    };
    for job in &input.jobs {
        check_job(cx, &known, job, input_scripts(input, default));
    }
    // Expressions outside jobs that the job walk does not see.
    for (key, value) in expressions(facts) {
        if key == "include:rules:if" {
            check_expression_refs(cx, &known, value);
        }
    }
    // A pipeline without jobs still has its global scripts checked.
    if input.jobs.is_empty() {
        let scripts = input_scripts(input, default);
        check_script_sequence(
            cx,
            &known,
            scripts.before.into_iter().flat_map(Value::items),
        );
        check_script_sequence(cx, &known, scripts.after.into_iter().flat_map(Value::items));
    }
    for value in images(global(input, "image"), global(input, "services")) {
        check_value_refs(cx, &known, Some(value), &[]);
    }
}

/// Scripts a job inherits when it writes none: `default`'s, else the top-level ones.
#[derive(Clone, Copy)]
struct Inherited<'a> {
    before: Option<&'a Value>,
    after: Option<&'a Value>,
}

fn input_scripts<'a>(
    input: &'a crate::syntax::PipelineInput,
    default: Option<&'a Map>,
) -> Inherited<'a> {
    let pick = |key: &str| {
        default
            .and_then(|d| d.value(key))
            .or_else(|| global(input, key))
    };
    Inherited {
        before: pick("before_script"),
        after: pick("after_script"),
    }
}

fn check_job(cx: &Ctxt, known: &Known, job: &JobDef, inherited: Inherited<'_>) {
    let body = &job.body;
    let mut local = Vec::new();
    let mut spliced = false;
    match body.value("variables") {
        Some(Value::Map(m)) => local.extend(m.entries.iter().map(|e| e.key.name.clone())),
        Some(Value::Splice(_)) => spliced = true,
        _ => {}
    }
    local.extend(map_keys(body.value("secrets")));
    local.extend(map_keys(body.value("id_tokens")));
    if let Some(Value::Map(p)) = body.value("parallel")
        && let Some(matrix) = p.value("matrix")
    {
        for item in matrix.items() {
            local.extend(map_keys(Some(item)));
        }
    }
    if let Some(Value::List(rules)) = body.value("rules") {
        for rule in &rules.items {
            if let Value::Map(r) = rule {
                local.extend(map_keys(r.value("variables")));
            }
        }
    }
    let known = if spliced {
        Known::unknown()
    } else {
        known.with(local)
    };

    if let Some(Value::Map(m)) = body.value("variables") {
        for e in &m.entries {
            check_value_refs(cx, &known, variable_value(&e.value), &[]);
        }
    }
    for (_, value) in job_expressions(body) {
        check_expression_refs(cx, &known, value);
    }
    let before = body.value("before_script").or(inherited.before);
    let script = body.value("script");
    check_script_sequence(
        cx,
        &known,
        before.into_iter().chain(script).flat_map(Value::items),
    );
    let after = body.value("after_script").or(inherited.after);
    check_script_sequence(cx, &known, after.into_iter().flat_map(Value::items));
    for value in images(body.value("image"), body.value("services")) {
        check_value_refs(cx, &known, Some(value), &[]);
    }
}

/// Script lines run in one shell, in order: a name assigned in an earlier command is
/// defined for the later ones.
fn check_script_sequence<'a>(cx: &Ctxt, known: &Known, lines: impl Iterator<Item = &'a Value>) {
    let mut assigned: Vec<String> = Vec::new();
    for line in lines {
        let Value::Str(lit) = line else {
            continue;
        };
        let text = lit.value();
        // Assignments in this line count from their own position on.
        let here = assignments(&text);
        check_text(cx, known, line, &text, &assigned, &here);
        assigned.extend(here.into_iter().map(|(name, _)| name));
    }
}

/// A variable's value: a string, or the `value` of the long form.
fn variable_value(value: &Value) -> Option<&Value> {
    match value {
        Value::Map(m) => m.value("value"),
        v => Some(v),
    }
}

fn check_value_refs(cx: &Ctxt, known: &Known, value: Option<&Value>, assigned: &[String]) {
    let Some(value @ Value::Str(lit)) = value else {
        return;
    };
    check_text(cx, known, value, &lit.value(), assigned, &[]);
}

/// `$VAR` in a string.
fn check_text(
    cx: &Ctxt,
    known: &Known,
    value: &Value,
    text: &str,
    assigned: &[String],
    here: &[(String, usize)],
) {
    let Some(names) = &known.names else {
        return;
    };
    for r in refs::scan(text) {
        let defined_here = here.iter().any(|(n, at)| n == r.name && *at < r.span.start);
        if defined_here || assigned.iter().any(|a| a == r.name) || is_known(names, r.name) {
            continue;
        }
        let column = text[..r.span.start].chars().count() + 1;
        report(cx, names, value, r.span.clone(), r.name, column, assigned);
    }
}

/// Variables of a `rules:if` / `only:variables` expression.
fn check_expression_refs(cx: &Ctxt, known: &Known, value: &Value) {
    let Some(names) = &known.names else {
        return;
    };
    let Value::Str(lit) = value else {
        return;
    };
    let text = lit.value();
    let Ok(expr) = Expr::parse(&text) else {
        return;
    };
    for name in expr.variables() {
        if is_known(names, name) {
            continue;
        }
        let at = text.find(&format!("${name}")).unwrap_or(0);
        let column = text[..at].chars().count() + 1;
        report(cx, names, value, at..at + name.len() + 1, name, column, &[]);
    }
}

fn is_known(names: &BTreeSet<String>, name: &str) -> bool {
    names.contains(name)
        || variables::is_predefined(name)
        || variables::deprecated_replacement(name).is_some()
        || SHELL_VARIABLES.contains(&name)
}

fn report(
    cx: &Ctxt,
    names: &BTreeSet<String>,
    value: &Value,
    range: std::ops::Range<usize>,
    name: &str,
    column: usize,
    assigned: &[String],
) {
    let candidates = names
        .iter()
        .map(String::as_str)
        .chain(assigned.iter().map(String::as_str))
        .chain(variables::PREDEFINED.iter().map(|v| v.name));
    let hint = did_you_mean(name, candidates);
    let fix = if hint.is_empty() {
        format!(
            "; define it in `variables`, or declare it as set in the project's settings with `external: [{name}]`"
        )
    } else {
        hint.replace("mean `", "mean `$")
    };
    cx.error(
        span_in(value, range),
        format!("undefined variable `${name}` (column {column} of the string){fix}"),
    );
}

/// The keys of a map value.
fn map_keys(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Map(m)) => m.entries.iter().map(|e| e.key.name.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Image names of `image` and `services`.
fn images<'a>(image: Option<&'a Value>, services: Option<&'a Value>) -> Vec<&'a Value> {
    let name = |v: &'a Value| match v {
        Value::Map(m) => m.value("name").unwrap_or(v),
        v => v,
    };
    image
        .map(name)
        .into_iter()
        .chain(
            services
                .map(Value::items)
                .unwrap_or_default()
                .iter()
                .map(name),
        )
        .collect()
}

/// Names a shell line assigns, with the byte offset of each assignment: `export A=1 B`,
/// `A=1 cmd`, `for A in ...`, `read -r A B`, `local A=1`.
pub(crate) fn assignments(line: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (start, segment) in split_commands(line) {
        let mut words = words(segment).into_iter().map(|(o, w)| (o + start, w));
        let Some((at, first)) = words.next() else {
            continue;
        };
        match first {
            "export" | "local" | "declare" | "readonly" | "typeset" | "read" => {
                for (at, w) in words.filter(|(_, w)| !w.starts_with('-')) {
                    let name = w.split('=').next().unwrap_or_default();
                    if is_name(name) {
                        out.push((name.to_owned(), at));
                    }
                }
            }
            "for" => {
                if let Some((at, w)) = words.next()
                    && is_name(w)
                {
                    out.push((w.to_owned(), at));
                }
            }
            _ => {
                // `A=1 B=2 cmd`: leading assignments.
                for (at, w) in std::iter::once((at, first)).chain(words) {
                    match w.split_once('=') {
                        Some((name, _)) if is_name(name) => out.push((name.to_owned(), at)),
                        _ => break,
                    }
                }
            }
        }
    }
    out
}

/// The commands of a line, split at `;`, `&&`, `||`, `|` and line breaks, with offsets.
fn split_commands(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let sep = match bytes[i] {
            b';' | b'\n' => 1,
            b'&' | b'|' if bytes.get(i + 1) == Some(&bytes[i]) => 2,
            b'|' => 1,
            _ => 0,
        };
        if sep > 0 {
            out.push((start, &line[start..i]));
            start = i + sep;
            i += sep;
        } else {
            i += 1;
        }
    }
    out.push((start, &line[start..]));
    out
}

/// Whitespace-separated words with their offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn is_name(s: &str) -> bool {
    pipeline_syntax::names::is_referenceable_variable_name(s)
}

#[cfg(test)]
mod tests {
    use super::assignments;

    fn names(line: &str) -> Vec<String> {
        assignments(line).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn shell_assignments() {
        assert_eq!(names("export VERSION_TAG=v1.2.3"), ["VERSION_TAG"]);
        assert_eq!(names("export A=1 B"), ["A", "B"]);
        assert_eq!(names("A=1 B=2 make"), ["A", "B"]);
        assert_eq!(names("cd x && export TAG=$(git describe)"), ["TAG"]);
        assert_eq!(names("for f in *.yml; do echo $f; done"), ["f"]);
        assert_eq!(names("read -r LINE"), ["LINE"]);
        assert_eq!(names("echo A=1"), Vec::<String>::new());
        assert_eq!(names("docker build -t x ."), Vec::<String>::new());
    }

    #[test]
    fn assignment_offsets_are_in_the_line() {
        assert_eq!(assignments("echo $A; export A=1"), [("A".to_owned(), 16)]);
    }
}
