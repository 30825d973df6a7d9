//! Keys and shapes: every key is known where it is written (else "unknown job keyword",
//! with a did-you-mean, or a note that the key belongs elsewhere), written once, and given
//! a value of the form its table says. Closed sets of words (`when`, `artifacts:when`,
//! `cache:policy`, ...) are checked here too. Rust splices (`#(...)`) pass: their type is
//! for rustc to check against the builder.

use crate::ctxt::Ctxt;
use crate::kw::{self, Form, Short, Special, Table};
use crate::suggest::did_you_mean;
use crate::syntax::{Entry, Map, PipelineInput, Value};

/// Checks the global keys and every job's keys.
pub(crate) fn check_pipeline(cx: &Ctxt, input: &PipelineInput) {
    check_entries(cx, &input.globals, &kw::PIPELINE, None);
    // `{ artifact: ..., job: ... }` includes a file an earlier job made: only a child
    // pipeline (`trigger:include`) can, since the pipeline itself must exist first.
    if let Some(include) = super::global(input, "include") {
        for item in include.items() {
            if let Value::Map(m) = item
                && let Some(e) = m.get("artifact")
            {
                cx.error(
                    e.key.span,
                    "`include:artifact` is only allowed in `trigger:include`; include the file in a child pipeline",
                );
            }
        }
    }
    for job in &input.jobs {
        check_entries(cx, &job.body.entries, &kw::JOB, Some(&job.name.name));
    }
}

/// Checks the entries of one mapping against `table`.
fn check_entries(cx: &Ctxt, entries: &[Entry], table: &Table, job: Option<&str>) {
    for (i, entry) in entries.iter().enumerate() {
        let name = entry.key.name.as_str();
        // A key written twice: YAML loaders keep the last one silently; here it is a mistake.
        if entries[..i].iter().any(|e| e.key.name == name) {
            let place = job.map_or(String::new(), |j| format!(" in job `{j}`"));
            cx.error(
                entry.key.span,
                format!("duplicate `{name}`{place}; write each key once"),
            );
            continue;
        }
        match table.get(name) {
            Some(k) => check_form(cx, name, &entry.value, k.form),
            None => cx.error(entry.key.span, unknown_key(name, table)),
        }
    }
}

/// "unknown job keyword `artefacts`; did you mean `artifacts`?", or where the key belongs.
fn unknown_key(name: &str, table: &Table) -> String {
    let hint = did_you_mean(name, table.names());
    let pipeline = std::ptr::eq(table, &kw::PIPELINE);
    let job = std::ptr::eq(table, &kw::JOB);
    if job && kw::PIPELINE.get(name).is_some() {
        let fix = if hint.is_empty() {
            "; move it out of the job".to_owned()
        } else {
            hint
        };
        return format!("`{name}` is a global keyword, not a job keyword{fix}");
    }
    if pipeline && kw::JOB.get(name).is_some() {
        return format!(
            "`{name}` is a job keyword, not a global keyword; put it in a job, or in `default: {{ ... }}`"
        );
    }
    if !hint.is_empty() {
        return format!("unknown {} `{name}`{hint}", table.what);
    }
    if pipeline {
        return format!("unknown global keyword `{name}`; a job is written `job {name} {{ ... }}`");
    }
    let known: Vec<String> = table.names().map(|n| format!("`{n}`")).collect();
    format!(
        "unknown {} `{name}`; expected one of {}",
        table.what,
        known.join(", ")
    )
}

/// Checks one value against its form.
pub(crate) fn check_form(cx: &Ctxt, key: &str, value: &Value, form: Form) {
    if matches!(value, Value::Splice(_)) {
        return;
    }
    match form {
        Form::Str(_) => expect(cx, key, value, is_str(value), "a string"),
        Form::Name(_) => expect(cx, key, value, is_name(value), "a name"),
        Form::Names(_) => check_list(cx, key, value, is_name, "a name or a list of names"),
        Form::Bool(_) => expect(
            cx,
            key,
            value,
            matches!(value, Value::Bool(_)),
            "`true` or `false`",
        ),
        Form::Int(_) => expect(cx, key, value, matches!(value, Value::Int(_)), "an integer"),
        Form::Strs(_) | Form::Script(_) => {
            check_list(cx, key, value, is_str, "a string or a list of strings")
        }
        Form::Ints(_) => check_list(
            cx,
            key,
            value,
            |v| matches!(v, Value::Int(_) | Value::Splice(_)),
            "an integer or a list of integers",
        ),
        Form::BoolOrStrs(..) => {
            if !matches!(value, Value::Bool(_)) {
                check_list(
                    cx,
                    key,
                    value,
                    is_name,
                    "`true`, `false` or a list of names",
                );
            }
        }
        Form::Choice { values, .. } => check_choice(cx, key, value, values),
        Form::Any(_) => {}
        Form::Anys(_) => expect(cx, key, value, matches!(value, Value::List(_)), "a list"),
        Form::AnyMap(_) => expect(cx, key, value, matches!(value, Value::Map(_)), "a map"),
        Form::Block {
            table, args, short, ..
        } => check_block(cx, key, value, table, args, short),
        Form::Named { table, .. } => match value {
            Value::Map(m) => {
                for e in &m.entries {
                    match &e.value {
                        Value::Map(inner) => check_entries(cx, &inner.entries, table, None),
                        Value::Splice(_) => {}
                        other => expected(cx, &e.key.name, other, "a map"),
                    }
                }
            }
            other => expected(cx, key, other, "a map of names to maps"),
        },
        Form::Special(s) => check_special(cx, key, value, s),
    }
}

fn check_block(cx: &Ctxt, key: &str, value: &Value, table: &Table, args: &[&str], short: Short) {
    match (value, short) {
        (Value::Map(m), _) => {
            check_entries(cx, &m.entries, table, None);
            for arg in args {
                if m.get(arg).is_none() {
                    cx.error(m.span, format!("`{key}` needs `{arg}`; add `{arg}: ...`"));
                }
            }
        }
        (v, Short::Str(_)) => expect(cx, key, v, is_str(v), "a string or a map"),
        (v, Short::Bool(_)) => expect(
            cx,
            key,
            v,
            matches!(v, Value::Bool(_)),
            "`true`, `false` or a map",
        ),
        (v, Short::Int(_)) => expect(
            cx,
            key,
            v,
            matches!(v, Value::Int(_)),
            "an integer or a map",
        ),
        (v, Short::Null(_)) => expect(cx, key, v, matches!(v, Value::Null(_)), "a map or `null`"),
        (v, Short::None) => expected(cx, key, v, "a map"),
    }
}

/// `when: manaul` and other words of closed sets.
pub(crate) fn check_choice(cx: &Ctxt, key: &str, value: &Value, values: &[(&str, &str)]) {
    let Some(word) = (match value {
        Value::Word(_) | Value::Str(_) => value.text(),
        Value::Splice(_) => return,
        _ => None,
    }) else {
        expected(cx, key, value, "a name");
        return;
    };
    if values.iter().any(|(v, _)| *v == word) {
        return;
    }
    let names = values.iter().map(|(v, _)| *v);
    let hint = did_you_mean(&word, names.clone());
    let message = if hint.is_empty() {
        let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
        format!(
            "invalid `{key}` value `{word}`; expected one of {}",
            all.join(", ")
        )
    } else {
        format!("invalid `{key}` value `{word}`{hint}")
    };
    cx.error(value.span(), message);
}

fn check_special(cx: &Ctxt, key: &str, value: &Value, special: Special) {
    match special {
        Special::Stages | Special::External | Special::Dependencies => {
            check_list(cx, key, value, is_name, "a list of names");
        }
        Special::Stage | Special::OnStop => expect(cx, key, value, is_name(value), "a name"),
        Special::Extends => check_list(cx, key, value, is_name, "a name or a list of names"),
        Special::Variables { long } => check_variables(cx, key, value, long),
        Special::Services => {
            for item in value.items() {
                check_form(
                    cx,
                    key,
                    item,
                    Form::Block {
                        method: "",
                        table: &kw::SERVICE,
                        args: &["name"],
                        short: Short::Str(""),
                    },
                );
            }
        }
        Special::Needs => {
            if !matches!(value, Value::List(_)) {
                expected(cx, key, value, "a list");
                return;
            }
            for item in value.items() {
                match item {
                    Value::Map(m) => {
                        check_entries(cx, &m.entries, &kw::NEED, None);
                        if m.get("job").is_none() {
                            cx.error(m.span, "`needs` needs `job`; add `job: NAME`");
                        }
                        if m.get("project").is_some() && m.get("ref").is_none() {
                            cx.error(m.span, "`needs:project` needs `ref`; add `ref: \"main\"`");
                        }
                    }
                    v if is_name(v) => {}
                    v => expected(cx, key, v, "a job name or a map"),
                }
            }
        }
        Special::Rules { workflow } => {
            if !matches!(value, Value::List(_)) {
                expected(cx, key, value, "a list of rules `[{ if: \"...\" }, ...]`");
                return;
            }
            for item in value.items() {
                match item {
                    Value::Map(m) => {
                        check_entries(cx, &m.entries, &kw::RULE, None);
                        if let Some(when) = m.value("when") {
                            let values = if workflow {
                                kw::WORKFLOW_WHEN
                            } else {
                                kw::WHEN
                            };
                            check_choice(cx, "when", when, values);
                        }
                        if !workflow && let Some(e) = m.get("auto_cancel") {
                            cx.error(
                                e.key.span,
                                "`auto_cancel` is only allowed in `workflow:rules`; move it to a workflow rule",
                            );
                        }
                    }
                    Value::Splice(_) => {}
                    v => expected(cx, key, v, "a rule `{ if: \"...\", when: ... }`"),
                }
            }
        }
        Special::OnlyExcept => match value {
            Value::Map(m) => check_entries(cx, &m.entries, &kw::ONLY_EXCEPT, None),
            v => check_list(cx, key, v, is_name, "a list of refs or a map"),
        },
        Special::AllowFailure => match value {
            Value::Bool(_) => {}
            Value::Map(m) => {
                for e in &m.entries {
                    if e.key.name == "exit_codes" {
                        check_form(cx, "exit_codes", &e.value, Form::Ints(""));
                    } else {
                        cx.error(
                            e.key.span,
                            format!(
                                "unknown `allow_failure` key `{}`; expected `exit_codes`",
                                e.key.name
                            ),
                        );
                    }
                }
            }
            v => expected(cx, key, v, "`true`, `false` or `{ exit_codes: [...] }`"),
        },
        Special::Parallel => match value {
            Value::Int(_) => {}
            Value::Map(m) => {
                for e in &m.entries {
                    if e.key.name == "matrix" {
                        check_special(cx, "matrix", &e.value, Special::Matrix);
                    } else {
                        cx.error(
                            e.key.span,
                            format!("unknown `parallel` key `{}`; expected `matrix`", e.key.name),
                        );
                    }
                }
            }
            v => expected(cx, key, v, "an integer or `{ matrix: [...] }`"),
        },
        Special::Matrix => {
            // `needs:parallel` is `{ matrix: [...] }`; `parallel:matrix` is the list itself.
            let list = match value {
                Value::Map(m) if key == "parallel" => match m.value("matrix") {
                    Some(v) => v,
                    None => {
                        cx.error(m.span, "`parallel` needs `matrix`; add `matrix: [...]`");
                        return;
                    }
                },
                v => v,
            };
            if !matches!(list, Value::List(_)) {
                expected(cx, "matrix", list, "a list of maps");
                return;
            }
            for item in list.items() {
                match item {
                    Value::Map(m) => {
                        for e in &m.entries {
                            check_list(
                                cx,
                                &e.key.name,
                                &e.value,
                                is_scalar,
                                "a value or a list of values",
                            );
                        }
                    }
                    Value::Splice(_) => {}
                    v => expected(cx, "matrix", v, "a map `{ NAME: [values] }`"),
                }
            }
        }
        Special::Cache => match value {
            Value::List(l) => {
                for item in &l.items {
                    check_form(
                        cx,
                        key,
                        item,
                        Form::Block {
                            method: "",
                            table: &kw::CACHE,
                            args: &[],
                            short: Short::None,
                        },
                    );
                }
            }
            v => check_form(
                cx,
                key,
                v,
                Form::Block {
                    method: "",
                    table: &kw::CACHE,
                    args: &[],
                    short: Short::None,
                },
            ),
        },
        Special::CacheKey => match value {
            Value::Map(m) => check_entries(cx, &m.entries, &kw::CACHE_KEY, None),
            v => expect(cx, key, v, is_str(v), "a string or `{ files: [...] }`"),
        },
        Special::IdTokens => match value {
            Value::Map(m) => {
                for e in &m.entries {
                    match &e.value {
                        Value::Map(inner) => {
                            check_entries(cx, &inner.entries, &kw::ID_TOKEN, None);
                            if inner.get("aud").is_none() {
                                cx.error(
                                    inner.span,
                                    "`id_tokens` entries need `aud`; add `aud: \"...\"`",
                                );
                            }
                        }
                        other => expected(cx, &e.key.name, other, "`{ aud: ... }`"),
                    }
                }
            }
            v => expected(cx, key, v, "a map of token names to `{ aud: ... }`"),
        },
        Special::Trigger => match value {
            Value::Map(m) => {
                check_entries(cx, &m.entries, &kw::TRIGGER, None);
                match (m.get("project"), m.get("include")) {
                    (None, None) => cx.error(
                        m.span,
                        "`trigger` needs `project` (a multi-project pipeline) or `include` (a child pipeline)",
                    ),
                    (Some(_), Some(e)) => cx.error(
                        e.key.span,
                        "`trigger` takes `project` or `include`, not both",
                    ),
                    _ => {}
                }
            }
            v => expect(cx, key, v, is_str(v), "a project path or a map"),
        },
        Special::Include => {
            for item in value.items() {
                match item {
                    Value::Map(m) => {
                        check_entries(cx, &m.entries, &kw::INCLUDE, None);
                        let kinds = [
                            "local",
                            "remote",
                            "template",
                            "project",
                            "component",
                            "artifact",
                        ];
                        let found: Vec<&str> = kinds
                            .iter()
                            .copied()
                            .filter(|k| m.get(k).is_some())
                            .collect();
                        match found.as_slice() {
                            [] => cx.error(
                                m.span,
                                "an `include` item needs one of `local`, `remote`, `template`, `project`, `component` or `artifact`",
                            ),
                            ["project"] if m.get("file").is_none() => {
                                cx.error(m.span, "`include:project` needs `file`; add `file: \"...\"`");
                            }
                            ["artifact"] if m.get("job").is_none() => {
                                cx.error(m.span, "`include:artifact` needs `job`; add `job: NAME`");
                            }
                            [_] => {}
                            [_, second, ..] => cx.error(
                                m.get(second).map_or(m.span, |e| e.key.span),
                                format!("an `include` item takes one of `{}` and `{second}`, not both", found[0]),
                            ),
                        }
                    }
                    v => expect(cx, key, v, is_str(v), "a path, a map or a list of them"),
                }
            }
        }
        Special::Reports => match value {
            Value::Map(m) => {
                for e in &m.entries {
                    if e.key.name == "coverage_report" {
                        match &e.value {
                            Value::Map(inner) => {
                                check_entries(cx, &inner.entries, &kw::COVERAGE_REPORT, None);
                            }
                            other => expected(
                                cx,
                                "coverage_report",
                                other,
                                "`{ coverage_format: ..., path: ... }`",
                            ),
                        }
                    } else {
                        check_list(
                            cx,
                            &e.key.name,
                            &e.value,
                            is_str,
                            "a path or a list of paths",
                        );
                    }
                }
            }
            v => expected(cx, key, v, "a map of report names to paths"),
        },
        Special::RuleFiles => match value {
            Value::Map(m) => {
                let table = if key == "changes" {
                    &kw::CHANGES
                } else {
                    &kw::EXISTS
                };
                check_entries(cx, &m.entries, table, None);
            }
            v => check_list(cx, key, v, is_str, "a list of globs or a map"),
        },
        Special::PullPolicy => {
            for item in value.items() {
                check_choice(cx, key, item, kw::PULL_POLICIES);
            }
        }
        Special::Links => {
            for item in value.items() {
                match item {
                    Value::Map(m) => {
                        check_entries(cx, &m.entries, &kw::RELEASE_LINK, None);
                        for arg in ["name", "url"] {
                            if m.get(arg).is_none() {
                                cx.error(
                                    m.span,
                                    format!("a release link needs `{arg}`; add `{arg}: \"...\"`"),
                                );
                            }
                        }
                    }
                    v => expected(cx, key, v, "a map `{ name: ..., url: ... }`"),
                }
            }
        }
    }
}

/// `variables: { NAME: "value", OTHER: { value: ..., description: ... } }`
fn check_variables(cx: &Ctxt, key: &str, value: &Value, long: bool) {
    let Value::Map(m) = value else {
        expected(cx, key, value, "a map `{ NAME: \"value\" }`");
        return;
    };
    check_unique(cx, m);
    for e in &m.entries {
        match &e.value {
            Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Splice(_) => {}
            Value::Map(inner) if long => {
                check_entries(cx, &inner.entries, &VARIABLE, None);
            }
            other => expected(
                cx,
                &e.key.name,
                other,
                if long {
                    "a string, a number, a boolean or `{ value: ..., description: ... }`"
                } else {
                    "a string, a number or a boolean"
                },
            ),
        }
    }
}

/// The long form of a variable.
static VARIABLE: Table = Table {
    what: "variable key",
    keys: &[
        kw::Kw {
            name: "value",
            form: Form::Str("value"),
        },
        kw::Kw {
            name: "description",
            form: Form::Str("description"),
        },
        kw::Kw {
            name: "options",
            form: Form::Strs("options"),
        },
        kw::Kw {
            name: "expand",
            form: Form::Bool("expand"),
        },
    ],
};

/// The long form of a variable, for the expansion.
pub(crate) fn variable_table() -> &'static Table {
    &VARIABLE
}

/// Keys of a map written once (variables, where the table check does not run).
fn check_unique(cx: &Ctxt, m: &Map) {
    for (i, e) in m.entries.iter().enumerate() {
        if m.entries[..i].iter().any(|o| o.key.name == e.key.name) {
            cx.error(
                e.key.span,
                format!("duplicate `{}`; write each key once", e.key.name),
            );
        }
    }
}

fn check_list(cx: &Ctxt, key: &str, value: &Value, ok: fn(&Value) -> bool, what: &str) {
    match value {
        Value::List(l) => {
            for item in &l.items {
                if !ok(item) {
                    expected(cx, key, item, what);
                }
            }
        }
        v => expect(cx, key, v, ok(v), what),
    }
}

fn is_str(v: &Value) -> bool {
    matches!(v, Value::Str(_) | Value::Splice(_))
}

fn is_name(v: &Value) -> bool {
    matches!(v, Value::Str(_) | Value::Word(_) | Value::Splice(_))
}

fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Word(_) | Value::Splice(_)
    )
}

fn expect(cx: &Ctxt, key: &str, value: &Value, ok: bool, what: &str) {
    if !ok {
        expected(cx, key, value, what);
    }
}

/// "expected a string for `stage`, found a list".
fn expected(cx: &Ctxt, key: &str, value: &Value, what: &str) {
    let hint = match value {
        Value::Word(w) if what.starts_with("a string") => {
            format!("; write it as a string: `\"{}\"`", w.text)
        }
        _ => String::new(),
    };
    cx.error(
        value.span(),
        format!("expected {what} for `{key}`, found {}{hint}", value.kind()),
    );
}
