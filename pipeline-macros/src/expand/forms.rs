//! Keys to setter calls: one function per table form ([`Form`]) and per special key.
//! Every function returns a chain of `.setter(...)` calls to append to a builder, so the
//! same code serves the pipeline, jobs, `default` and every nested builder.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::check::keys::variable_table;
use crate::check::needs::is_local_need;
use crate::kw::{self, Form, Short, Special, Table};
use crate::syntax::{Map, PipelineInput, Value};

/// The expansion's state: declared stages and where the job walk is.
pub(crate) struct Ex<'a> {
    input: &'a PipelineInput,
    /// Declared stages and their handle bindings, in order.
    pub(crate) stages: Vec<(String, Ident)>,
    /// `stages` is Rust code: stage names become `Stage::external`.
    pub(crate) stages_spliced: bool,
    /// The index of the job being expanded.
    pub(crate) current: usize,
}

fn method(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn closure_param(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// A spliced expression, parenthesized.
fn splice(value: &Value) -> Option<TokenStream> {
    match value {
        Value::Splice(s) => {
            let t = &s.tokens;
            Some(quote! { (#t) })
        }
        _ => None,
    }
}

/// A string value: the literal, or a splice.
fn text(value: &Value) -> TokenStream {
    match value {
        Value::Str(s) => quote! { #s },
        Value::Word(w) => {
            let t = &w.text;
            quote! { #t }
        }
        Value::Splice(_) => splice(value).unwrap_or_default(),
        other => {
            let t = other.text().unwrap_or_default();
            quote! { #t }
        }
    }
}

/// An array of `String`s from a string or a list of strings (splices included).
fn texts(value: &Value) -> TokenStream {
    let items = value.items().iter().map(|v| {
        let t = text(v);
        quote! { ::pipeline_dsl::__private::text(#t) }
    });
    quote! { [#(#items),*] }
}

/// An integer literal, as written (for setters taking a concrete integer type).
fn int(value: &Value) -> TokenStream {
    match value {
        Value::Int(i) => {
            let lit = &i.lit;
            let neg = i.negative.map(|_| quote! { - });
            quote! { #neg #lit }
        }
        v => splice(v).unwrap_or_default(),
    }
}

/// A YAML scalar for a generic `impl Into<...>` (integers become `i64`).
fn scalar(value: &Value) -> TokenStream {
    match value {
        Value::Int(i) => {
            let lit = Literal::i64_suffixed(i.value().unwrap_or_default());
            quote! { #lit }
        }
        Value::Bool(b) => quote! { #b },
        v => text(v),
    }
}

/// Any value as a `::pipeline_dsl::model::Value`.
fn yaml(value: &Value) -> TokenStream {
    match value {
        Value::Null(_) => quote! { ::pipeline_dsl::model::Value::Null },
        Value::List(l) => {
            let items = l.items.iter().map(yaml);
            quote! { ::pipeline_dsl::__private::seq([#(#items),*]) }
        }
        Value::Map(m) => {
            let entries = m.entries.iter().map(|e| {
                let k = &e.key.name;
                let v = yaml(&e.value);
                quote! { (#k, #v) }
            });
            quote! { ::pipeline_dsl::__private::map([#(#entries),*]) }
        }
        v => {
            let s = scalar(v);
            quote! { ::pipeline_dsl::__private::value(#s) }
        }
    }
}

impl<'a> Ex<'a> {
    pub(crate) fn new(input: &'a PipelineInput) -> Self {
        Ex {
            input,
            stages: Vec::new(),
            stages_spliced: false,
            current: 0,
        }
    }

    /// A job handle: `&__job_N` for a job defined earlier, else `JobRef::external`.
    fn job_ref(&self, value: &Value) -> TokenStream {
        if let Some(s) = splice(value) {
            return s;
        }
        let name = value.text().unwrap_or_default();
        match self.input.jobs.iter().position(|j| j.name.name == name) {
            Some(i) if i < self.current => {
                let ident = format_ident!("__job_{}", i, span = Span::mixed_site());
                quote! { &#ident }
            }
            _ => quote! { ::pipeline_dsl::JobRef::external(#name) },
        }
    }

    /// A stage handle.
    fn stage(&self, value: &Value) -> TokenStream {
        if let Some(s) = splice(value) {
            return s;
        }
        let name = value.text().unwrap_or_default();
        if let Some((_, ident)) = self.stages.iter().find(|(n, _)| *n == name) {
            return quote! { &#ident };
        }
        let default = match name.as_str() {
            ".pre" => Some(quote! { PRE }),
            ".post" => Some(quote! { POST }),
            "build" if self.stages.is_empty() && !self.stages_spliced => Some(quote! { BUILD }),
            "test" if self.stages.is_empty() && !self.stages_spliced => Some(quote! { TEST }),
            "deploy" if self.stages.is_empty() && !self.stages_spliced => Some(quote! { DEPLOY }),
            _ => None,
        };
        match default {
            Some(c) => quote! { ::pipeline_dsl::Stage::#c },
            None => quote! { ::pipeline_dsl::Stage::external(#name) },
        }
    }

    /// The entries of a map, as setter calls by `table` (keys in `skip` are passed
    /// elsewhere, as positional arguments).
    fn entries(&self, map: &Map, table: &Table, skip: &[&str]) -> TokenStream {
        let mut out = TokenStream::new();
        for e in &map.entries {
            if skip.contains(&e.key.name.as_str()) {
                continue;
            }
            if let Some(k) = table.get(&e.key.name) {
                out.extend(self.entry(k.form, &e.key.name, &e.value));
            }
        }
        out
    }

    /// One key's setter calls.
    pub(crate) fn entry(&self, form: Form, key: &str, value: &Value) -> TokenStream {
        match form {
            Form::Str(m) | Form::Name(m) | Form::Bool(m) | Form::Strs(m) if m.is_empty() => {
                TokenStream::new()
            }
            Form::Str(m) | Form::Name(m) => {
                let m = method(m);
                let v = text(value);
                quote! { .#m(#v) }
            }
            Form::Bool(m) => {
                let m = method(m);
                let v = match value {
                    Value::Bool(b) => quote! { #b },
                    v => splice(v).unwrap_or_default(),
                };
                quote! { .#m(#v) }
            }
            Form::Int(m) => {
                let m = method(m);
                let v = int(value);
                quote! { .#m(#v) }
            }
            Form::Strs(m) | Form::Names(m) | Form::Script(m) => {
                let m = method(m);
                let v = splice(value).unwrap_or_else(|| texts(value));
                quote! { .#m(#v) }
            }
            Form::Ints(m) => {
                let m = method(m);
                let v = splice(value).unwrap_or_else(|| {
                    let items = value.items().iter().map(int);
                    quote! { [#(#items),*] }
                });
                quote! { .#m(#v) }
            }
            Form::BoolOrStrs(bool_m, list_m) => match value {
                Value::Bool(b) => {
                    let m = method(bool_m);
                    quote! { .#m(#b) }
                }
                v => {
                    let m = method(list_m);
                    let v = splice(v).unwrap_or_else(|| texts(v));
                    quote! { .#m(#v) }
                }
            },
            Form::Choice {
                method: m,
                ty,
                values,
            } => {
                let m = method(m);
                let v = self.choice(value, ty, values);
                quote! { .#m(#v) }
            }
            Form::Any(m) => {
                let m = method(m);
                let v = yaml(value);
                quote! { .#m(#v) }
            }
            Form::Anys(m) => {
                let m = method(m);
                let calls = value.items().iter().map(|v| {
                    let v = yaml(v);
                    quote! { .#m(#v) }
                });
                quote! { #(#calls)* }
            }
            Form::AnyMap(m) => {
                let m = method(m);
                let Value::Map(map) = value else {
                    let v = splice(value).unwrap_or_default();
                    return quote! { .#m(#v) };
                };
                let calls = map.entries.iter().map(|e| {
                    let k = &e.key.name;
                    let v = yaml(&e.value);
                    quote! { .#m(#k, #v) }
                });
                quote! { #(#calls)* }
            }
            Form::Block {
                method: m,
                table,
                args,
                short,
            } => self.block(value, m, table, args, short),
            Form::Named { method: m, table } => {
                let m = method(m);
                let Value::Map(map) = value else {
                    return TokenStream::new();
                };
                let calls = map.entries.iter().map(|e| {
                    let name = &e.key.name;
                    let f = match &e.value {
                        Value::Map(inner) => {
                            let b = closure_param("__n");
                            let calls = self.entries(inner, table, &[]);
                            quote! { |#b| #b #calls }
                        }
                        v => splice(v).unwrap_or_default(),
                    };
                    quote! { .#m(#name, #f) }
                });
                quote! { #(#calls)* }
            }
            Form::Special(s) => self.special(s, key, value),
        }
    }

    /// A word of a closed set: `Ty::Variant`, or the word as a string.
    fn choice(&self, value: &Value, ty: &str, values: &[(&str, &str)]) -> TokenStream {
        if let Some(s) = splice(value) {
            return s;
        }
        let word = value.text().unwrap_or_default();
        if ty.is_empty() {
            return quote! { #word };
        }
        let variant = values
            .iter()
            .find(|(w, _)| *w == word)
            .map_or("", |(_, v)| v);
        let ty: TokenStream = ty.parse().unwrap_or_default();
        let variant = method(variant);
        quote! { #ty::#variant }
    }

    /// A key with a long form (a map) and maybe a short one.
    fn block(
        &self,
        value: &Value,
        m: &str,
        table: &Table,
        args: &[&str],
        short: Short,
    ) -> TokenStream {
        match (value, short) {
            // A key whose keys go straight to the parent's builder (`release:assets`).
            (Value::Map(map), _) if m.is_empty() => self.entries(map, table, args),
            (Value::Map(map), _) => {
                let m = method(m);
                let positional = args.iter().map(|a| {
                    let v = map.value(a).map(text).unwrap_or_default();
                    quote! { #v, }
                });
                let b = closure_param("__b");
                let calls = self.entries(map, table, args);
                quote! { .#m(#(#positional)* |#b| #b #calls) }
            }
            (Value::Null(_), Short::Null(n)) => {
                let n = method(n);
                quote! { .#n() }
            }
            (v, Short::Str(s) | Short::Bool(s) | Short::Int(s)) => {
                let s = method(s);
                let v = match v {
                    Value::Int(_) => int(v),
                    Value::Bool(b) => quote! { #b },
                    v => text(v),
                };
                quote! { .#s(#v) }
            }
            (v, _) => {
                let m = method(m);
                let v = splice(v).unwrap_or_default();
                quote! { .#m(#v) }
            }
        }
    }

    fn special(&self, special: Special, key: &str, value: &Value) -> TokenStream {
        let whole = splice(value);
        match special {
            Special::Stages | Special::External => TokenStream::new(),
            Special::Stage => {
                let s = self.stage(value);
                quote! { .stage(#s) }
            }
            Special::Variables { long } => self.variables(value, long),
            Special::Services => {
                if let Some(s) = whole {
                    return quote! { .services(#s) };
                }
                let calls = value.items().iter().map(|item| {
                    self.block(
                        item,
                        "service_with",
                        &kw::SERVICE,
                        &["name"],
                        Short::Str("service"),
                    )
                });
                quote! { #(#calls)* }
            }
            Special::Needs => {
                if let Some(s) = whole {
                    return quote! { .needs(#s) };
                }
                if value.items().is_empty() {
                    return quote! { .no_needs() };
                }
                let calls = value.items().iter().map(|item| self.need(item));
                quote! { #(#calls)* }
            }
            Special::Dependencies => {
                if let Some(s) = whole {
                    return quote! { .dependencies(#s) };
                }
                if value.items().is_empty() {
                    return quote! { .no_dependencies() };
                }
                let calls = value.items().iter().map(|item| {
                    let j = self.job_ref(item);
                    quote! { .dependency(#j) }
                });
                quote! { #(#calls)* }
            }
            Special::Extends => {
                if let Some(s) = whole {
                    return quote! { .extends(#s) };
                }
                let calls = value.items().iter().map(|item| {
                    let j = self.job_ref(item);
                    quote! { .extends(#j) }
                });
                quote! { #(#calls)* }
            }
            Special::Rules { workflow } => {
                if let Some(s) = whole {
                    return quote! { .rules(#s) };
                }
                let calls = value.items().iter().map(|item| self.rule(item, workflow));
                quote! { #(#calls)* }
            }
            Special::OnlyExcept => {
                let m = method(key);
                match value {
                    Value::Map(map) => {
                        let with = format_ident!("{}_with", key);
                        let b = closure_param("__o");
                        let calls = self.entries(map, &kw::ONLY_EXCEPT, &[]);
                        quote! { .#with(|#b| #b #calls) }
                    }
                    v => {
                        let v = whole.unwrap_or_else(|| texts(v));
                        quote! { .#m(#v) }
                    }
                }
            }
            Special::AllowFailure => match value {
                Value::Map(map) => {
                    let codes = map.value("exit_codes");
                    match codes {
                        Some(Value::List(_)) | Some(Value::Splice(_)) => self.entry(
                            Form::Ints("allow_failure_exit_codes"),
                            key,
                            codes.unwrap_or(value),
                        ),
                        Some(one) => {
                            let v = int(one);
                            quote! { .allow_failure_exit_code(#v) }
                        }
                        None => TokenStream::new(),
                    }
                }
                Value::Bool(b) => quote! { .allow_failure(#b) },
                v => {
                    let v = splice(v).unwrap_or_default();
                    quote! { .allow_failure(#v) }
                }
            },
            Special::Parallel => match value {
                Value::Map(map) => {
                    let m = map
                        .value("matrix")
                        .map(|v| self.matrix(v))
                        .unwrap_or_default();
                    quote! { .parallel_matrix(#m) }
                }
                v => {
                    let v = int(v);
                    quote! { .parallel(#v) }
                }
            },
            Special::Matrix => {
                let list = match value {
                    Value::Map(m) => m.value("matrix").unwrap_or(value),
                    v => v,
                };
                let m = self.matrix(list);
                quote! { .parallel_matrix(#m) }
            }
            Special::Cache => {
                if let Some(s) = whole {
                    return quote! { .cache(#s) };
                }
                let calls = value
                    .items()
                    .iter()
                    .map(|item| self.block(item, "cache", &kw::CACHE, &[], Short::None));
                quote! { #(#calls)* }
            }
            Special::CacheKey => match value {
                Value::Map(map) => {
                    let b = closure_param("__k");
                    let calls = self.entries(map, &kw::CACHE_KEY, &[]);
                    quote! { .key_with(|#b| #b #calls) }
                }
                v => {
                    let v = text(v);
                    quote! { .key(#v) }
                }
            },
            Special::IdTokens => {
                let Value::Map(map) = value else {
                    return TokenStream::new();
                };
                let calls = map.entries.iter().map(|e| {
                    let name = &e.key.name;
                    let aud = match &e.value {
                        Value::Map(m) => m.value("aud"),
                        _ => None,
                    };
                    match aud {
                        Some(Value::List(_)) => {
                            let v = texts(aud.unwrap_or(value));
                            quote! { .id_token_audiences(#name, #v) }
                        }
                        Some(v) => {
                            let v = text(v);
                            quote! { .id_token(#name, #v) }
                        }
                        None => TokenStream::new(),
                    }
                });
                quote! { #(#calls)* }
            }
            Special::Trigger => self.trigger(value),
            Special::Include => {
                let calls = value.items().iter().map(|item| {
                    let i = self.include(item);
                    quote! { .include(#i) }
                });
                quote! { #(#calls)* }
            }
            Special::Reports => {
                let Value::Map(map) = value else {
                    return TokenStream::new();
                };
                let calls = map.entries.iter().map(|e| {
                    let name = &e.key.name;
                    match &e.value {
                        Value::Map(m) if name == "coverage_report" => {
                            let f = m.value("coverage_format").map(text).unwrap_or_default();
                            let p = m.value("path").map(text).unwrap_or_default();
                            quote! { .coverage_report(#f, #p) }
                        }
                        Value::List(_) => {
                            let v = texts(&e.value);
                            quote! { .report_files(#name, #v) }
                        }
                        v => {
                            let v = text(v);
                            quote! { .report(#name, #v) }
                        }
                    }
                });
                quote! { #(#calls)* }
            }
            Special::RuleFiles => {
                let m = method(key);
                match value {
                    Value::Map(map) => {
                        let with = format_ident!("{}_with", key);
                        let table = if key == "changes" {
                            &kw::CHANGES
                        } else {
                            &kw::EXISTS
                        };
                        let b = closure_param("__f");
                        let calls = self.entries(map, table, &[]);
                        quote! { .#with(|#b| #b #calls) }
                    }
                    v => {
                        let v = whole.unwrap_or_else(|| texts(v));
                        quote! { .#m(#v) }
                    }
                }
            }
            Special::OnStop => {
                let j = self.job_ref(value);
                quote! { .on_stop(#j) }
            }
            Special::PullPolicy => match value {
                Value::List(l) => {
                    let items = l.items.iter().map(|v| {
                        self.choice(v, "::pipeline_dsl::model::PullPolicy", kw::PULL_POLICIES)
                    });
                    quote! { .pull_policies([#(#items),*]) }
                }
                v => {
                    let v = self.choice(v, "::pipeline_dsl::model::PullPolicy", kw::PULL_POLICIES);
                    quote! { .pull_policy(#v) }
                }
            },
            Special::Links => {
                let calls = value.items().iter().map(|item| match item {
                    Value::Map(m) => {
                        let name = m.value("name").map(text).unwrap_or_default();
                        let url = m.value("url").map(text).unwrap_or_default();
                        let b = closure_param("__l");
                        let calls = self.entries(m, &kw::RELEASE_LINK, &["name", "url"]);
                        quote! { .asset_link_with(#name, #url, |#b| #b #calls) }
                    }
                    _ => TokenStream::new(),
                });
                quote! { #(#calls)* }
            }
        }
    }

    /// `variables: { NAME: value, OTHER: { value: ..., description: ... } }`
    fn variables(&self, value: &Value, long: bool) -> TokenStream {
        if let Some(s) = splice(value) {
            return quote! { .variables(#s) };
        }
        let Value::Map(map) = value else {
            return TokenStream::new();
        };
        let calls = map.entries.iter().map(|e| {
            let name = &e.key.name;
            match &e.value {
                Value::Map(inner) if long => {
                    let b = closure_param("__v");
                    let calls = self.entries(inner, variable_table(), &[]);
                    quote! { .variable_with(#name, |#b| #b #calls) }
                }
                v => {
                    let v = scalar(v);
                    quote! { .variable(#name, #v) }
                }
            }
        });
        quote! { #(#calls)* }
    }

    /// One `needs` item.
    fn need(&self, item: &Value) -> TokenStream {
        match item {
            Value::Map(m) if is_local_need(m) => {
                let job = m.value("job").map(|j| self.job_ref(j)).unwrap_or_default();
                let b = closure_param("__n");
                let mut calls = TokenStream::new();
                if let Some(v) = m.value("artifacts") {
                    calls.extend(self.entry(Form::Bool("artifacts"), "artifacts", v));
                }
                if let Some(Value::Bool(b)) = m.value("optional")
                    && b.value
                {
                    calls.extend(quote! { .optional() });
                }
                if let Some(v) = m.value("parallel") {
                    calls.extend(self.special(Special::Matrix, "parallel", v));
                }
                quote! { .need_with(#job, |#b| #b #calls) }
            }
            Value::Map(m) => {
                let job = m.value("job").map(text).unwrap_or_default();
                let mut need = if let Some(p) = m.value("pipeline") {
                    let p = text(p);
                    quote! { ::pipeline_dsl::model::Need::pipeline(#p, #job) }
                } else {
                    let project = m.value("project").map(text).unwrap_or_default();
                    let r = m.value("ref").map(text).unwrap_or_default();
                    quote! { ::pipeline_dsl::model::Need::project(#project, #job, #r) }
                };
                if let Some(v) = m.value("artifacts") {
                    need.extend(self.entry(Form::Bool("artifacts"), "artifacts", v));
                }
                quote! { .need(#need) }
            }
            Value::Splice(_) => {
                let s = splice(item).unwrap_or_default();
                quote! { .need(#s) }
            }
            v => {
                let j = self.job_ref(v);
                quote! { .need(#j) }
            }
        }
    }

    /// One rule: `.rule(Rule::...)`, or `.rule_with(rule, |n| ...)` with `rules:needs`.
    fn rule(&self, item: &Value, workflow: bool) -> TokenStream {
        let Value::Map(m) = item else {
            let s = splice(item).unwrap_or_default();
            return quote! { .rule(#s) };
        };
        let mut rule = match m.value("if") {
            Some(v) => {
                let v = text(v);
                quote! { ::pipeline_dsl::model::Rule::condition(#v) }
            }
            None => quote! { ::pipeline_dsl::model::Rule::always() },
        };
        for e in &m.entries {
            let name = e.key.name.as_str();
            if matches!(name, "if" | "needs") {
                continue;
            }
            if name == "when" {
                let values = if workflow {
                    kw::WORKFLOW_WHEN
                } else {
                    kw::WHEN
                };
                let v = self.choice(&e.value, "::pipeline_dsl::model::When", values);
                rule.extend(quote! { .when(#v) });
                continue;
            }
            if let Some(k) = kw::RULE.get(name) {
                rule.extend(self.entry(k.form, name, &e.value));
            }
        }
        match m.value("needs") {
            Some(needs) => {
                let b = closure_param("__r");
                let calls = needs.items().iter().map(|n| match n {
                    Value::Map(nm) => {
                        let job = nm.value("job").map(|j| self.job_ref(j)).unwrap_or_default();
                        let c = closure_param("__rn");
                        let mut opts = TokenStream::new();
                        if let Some(v) = nm.value("artifacts") {
                            opts.extend(self.entry(Form::Bool("artifacts"), "artifacts", v));
                        }
                        if let Some(Value::Bool(b)) = nm.value("optional")
                            && b.value
                        {
                            opts.extend(quote! { .optional() });
                        }
                        quote! { .need_with(#job, |#c| #c #opts) }
                    }
                    v => {
                        let j = self.job_ref(v);
                        quote! { .need(#j) }
                    }
                });
                quote! { .rule_with(#rule, |#b| #b #(#calls)*) }
            }
            None => quote! { .rule(#rule) },
        }
    }

    /// `parallel:matrix` / `needs:parallel:matrix` entries, as a closure over the
    /// matrix builder.
    fn matrix(&self, list: &Value) -> TokenStream {
        let m = closure_param("__m");
        if let Some(s) = splice(list) {
            return s;
        }
        let entries = list.items().iter().map(|item| {
            let Value::Map(map) = item else {
                return TokenStream::new();
            };
            let e = closure_param("__e");
            let calls = map.entries.iter().map(|entry| {
                let name = &entry.key.name;
                match &entry.value {
                    Value::List(l) => {
                        let items = l.items.iter().map(yaml);
                        quote! { .values(#name, [#(#items),*]) }
                    }
                    v => {
                        let v = yaml(v);
                        quote! { .value(#name, #v) }
                    }
                }
            });
            quote! { .entry(|#e| #e #(#calls)*) }
        });
        quote! { |#m| #m #(#entries)* }
    }

    /// `trigger`: a project path, `{ project: ... }` or `{ include: ... }`.
    fn trigger(&self, value: &Value) -> TokenStream {
        let Value::Map(m) = value else {
            let v = text(value);
            return quote! { .trigger(#v) };
        };
        let t = closure_param("__t");
        let mut calls = TokenStream::new();
        for e in &m.entries {
            match e.key.name.as_str() {
                "project" => {}
                "include" => {
                    for item in e.value.items() {
                        calls.extend(match item {
                            Value::Str(_) | Value::Word(_) => {
                                let v = text(item);
                                quote! { .include_file(#v) }
                            }
                            Value::Map(im) if im.get("artifact").is_some() => {
                                let a = im.value("artifact").map(text).unwrap_or_default();
                                let j =
                                    im.value("job").map(|j| self.job_ref(j)).unwrap_or_default();
                                quote! { .include_artifact(#a, #j) }
                            }
                            other => {
                                let i = self.include(other);
                                quote! { .include(#i) }
                            }
                        });
                    }
                }
                "inputs" => {
                    if let Value::Map(inputs) = &e.value {
                        for i in &inputs.entries {
                            let name = &i.key.name;
                            let v = yaml(&i.value);
                            calls.extend(quote! { .input(#name, #v) });
                        }
                    }
                }
                name => {
                    if let Some(k) = kw::TRIGGER.get(name) {
                        calls.extend(self.entry(k.form, name, &e.value));
                    }
                }
            }
        }
        match m.value("project") {
            Some(p) => {
                let p = text(p);
                quote! { .trigger_with(#p, |#t| #t #calls) }
            }
            None => quote! { .trigger_child(|#t| #t #calls) },
        }
    }

    /// One `include` item, as a value that converts into `Include`.
    fn include(&self, item: &Value) -> TokenStream {
        let m = match item {
            Value::Map(m) => m,
            Value::Splice(_) => return splice(item).unwrap_or_default(),
            v => {
                let v = text(v);
                return quote! { ::pipeline_dsl::model::Include::path(#v) };
            }
        };
        let get = |k: &str| m.value(k).map(text);
        let mut include = if let Some(v) = get("local") {
            quote! { ::pipeline_dsl::model::IncludeLocal::new(#v) }
        } else if let Some(v) = get("remote") {
            let mut t = quote! { ::pipeline_dsl::model::IncludeRemote::new(#v) };
            if let Some(i) = get("integrity") {
                t.extend(quote! { .integrity(#i) });
            }
            t
        } else if let Some(v) = get("template") {
            quote! { ::pipeline_dsl::model::IncludeTemplate::new(#v) }
        } else if let Some(v) = get("component") {
            quote! { ::pipeline_dsl::model::IncludeComponent::new(#v) }
        } else {
            let project = get("project").unwrap_or_default();
            let files = m.value("file").map(Value::items).unwrap_or_default();
            let first = files.first().map(text).unwrap_or_default();
            let mut t = quote! { ::pipeline_dsl::model::IncludeProject::new(#project, #first) };
            for f in files.iter().skip(1) {
                let f = text(f);
                t.extend(quote! { .file(#f) });
            }
            if let Some(r) = get("ref") {
                t.extend(quote! { .git_ref(#r) });
            }
            t
        };
        if let Some(rules) = m.value("rules") {
            for r in rules.items() {
                // `.rule(...)` of the include's own builder.
                include.extend(self.rule(r, false));
            }
        }
        if let Some(Value::Map(inputs)) = m.value("inputs") {
            for i in &inputs.entries {
                let name = &i.key.name;
                let v = yaml(&i.value);
                include.extend(quote! { .input(#name, #v) });
            }
        }
        include
    }
}
