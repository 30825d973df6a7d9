//! Lints: what GitLab runs but is likely unsafe, fragile or deprecated. Passwords on command
//! lines, deprecated `CI_BUILD_*` variables, `:latest` and untagged images, `docker:dind`
//! without TLS, deprecated top-level defaults, and `only`/`except`. Each can be allowed.

use std::collections::BTreeMap;

use super::{At, Cx, Key, LineAt, Sink, ValidateOptions, each_script_line, tick};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{
    Include, Inherit, Job, OnlyExcept, OnlyExceptConfig, RuleItem, Scalar, Script, Service,
    StringItem, VariableValue, Variables,
};

/// The lints, key by key ([`super::check`] walks the file once). Each lint reports in
/// file order, global keywords before jobs; these are the per-job parts.
pub(super) struct Checks<'a, 'o> {
    /// Passwords in job scripts.
    passwords: Sink<'o>,
    /// Deprecated variables, in job scripts, job services' variables, job variables, job
    /// rules and job `only`/`except` expressions.
    script_vars: Sink<'o>,
    service_vars: Sink<'o>,
    job_vars: Sink<'o>,
    rule_vars: Sink<'o>,
    only_except_vars: Sink<'o>,
    /// Image tags, of job images and of job services.
    images: Sink<'o>,
    service_images: Sink<'o>,
    /// `docker:dind` without TLS, per service location (reported once for all its jobs).
    dind: Dind<'a>,
    /// `only`/`except` of the jobs and templates GitLab reads.
    only_except: Sink<'o>,
}

impl<'a, 'o> Checks<'a, 'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            passwords: Sink::new(options),
            script_vars: Sink::new(options),
            service_vars: Sink::new(options),
            job_vars: Sink::new(options),
            rule_vars: Sink::new(options),
            only_except_vars: Sink::new(options),
            images: Sink::new(options),
            service_images: Sink::new(options),
            dind: Dind::default(),
            only_except: Sink::new(options),
        }
    }

    pub(super) fn key(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        let Some(job) = key.job else {
            return;
        };
        let name = key.name;
        each_job_script_line(name, job, &mut |at, line| {
            password(&at, line, &mut self.passwords);
        });
        each_job_script_line(name, job, &mut |at, line| {
            deprecated_in(&|| at.path(), line, &mut self.script_vars);
        });
        let services = job.services.as_ref().and_then(|s| s.value());
        if let Some(services) = services {
            service_variables(
                services,
                &At::root().job(name).key("services"),
                &mut self.service_vars,
            );
        }
        if job.variables.is_some() {
            deprecated_in_variables(
                job.variables.as_ref(),
                &|| KeyPath::root().job(name).key("variables"),
                &mut self.job_vars,
            );
        }
        if let Some(rules) = job.rules.as_ref().and_then(|r| r.value()) {
            rule_variables(
                rules,
                &At::root().job(name).key("rules"),
                &mut self.rule_vars,
            );
        }
        only_except_variables(name, job, &mut self.only_except_vars);
        if let Some(image) = &job.image {
            image_tag(
                "image",
                image.name(),
                &|| KeyPath::root().job(name).key("image"),
                &mut self.images,
            );
        }
        if let Some(services) = services {
            service_tags(
                services,
                &At::root().job(name).key("services"),
                &mut self.service_images,
            );
        }
        if key.visible {
            self.dind.job(cx, name);
        }
        if key.used {
            only_except(name, job, &mut self.only_except);
        }
    }

    /// In order: passwords, deprecated variables, image tags, `docker:dind`, deprecated
    /// global keywords, `only`/`except`; each with the global keywords' part first.
    pub(super) fn finish(self, cx: &Cx<'_>, out: &mut Sink<'o>) {
        let p = cx.pipeline;
        each_global_script_line(cx, &mut |at, line| password(&at, line, out));
        out.append(self.passwords);

        each_global_script_line(cx, &mut |at, line| deprecated_in(&|| at.path(), line, out));
        out.append(self.script_vars);
        deprecated_in_variables(
            p.variables.as_ref(),
            &|| KeyPath::root().key("variables"),
            out,
        );
        each_global_services(cx, &mut |services, at| service_variables(services, at, out));
        out.append(self.service_vars);
        out.append(self.job_vars);
        out.append(self.rule_vars);
        each_global_rules(cx, &mut |rules, at| rule_variables(rules, at, out));
        out.append(self.only_except_vars);

        if let Some(image) = &p.image {
            image_tag("image", image.name(), &|| KeyPath::root().key("image"), out);
        }
        if let Some(image) = p.default.as_ref().and_then(|d| d.image.as_ref()) {
            image_tag(
                "image",
                image.name(),
                &|| KeyPath::root().key("default").key("image"),
                out,
            );
        }
        out.append(self.images);
        each_global_services(cx, &mut |services, at| service_tags(services, at, out));
        out.append(self.service_images);

        self.dind.finish(out);
        deprecated_globals(cx, out);
        out.append(self.only_except);
    }
}

/// Calls `f` with every script line of the global keywords (top-level and `default`) and
/// its path, in file order.
fn each_global_script_line<'a>(cx: &Cx<'a>, f: &mut impl FnMut(LineAt<'_, 'a>, &'a str)) {
    let p = cx.pipeline;
    let mut add = |script: Option<&'a Script>, path: At<'a>| {
        if let Some(script) = script {
            each_script_line(script, &path, f);
        }
    };
    add(p.before_script.as_ref(), At::root().key("before_script"));
    add(p.after_script.as_ref(), At::root().key("after_script"));
    if let Some(d) = &p.default {
        let at = At::root().key("default");
        add(d.before_script.as_ref(), at.key("before_script"));
        add(d.after_script.as_ref(), at.key("after_script"));
        add(
            d.hooks
                .as_ref()
                .and_then(|h| h.pre_get_sources_script.as_ref()),
            at.key("hooks").key("pre_get_sources_script"),
        );
    }
}

/// Calls `f` with every script line of job `name` and its path, in order.
fn each_job_script_line<'a>(
    name: &'a str,
    job: &'a Job,
    f: &mut impl FnMut(LineAt<'_, 'a>, &'a str),
) {
    let scripts = [
        ("before_script", job.before_script.as_ref()),
        ("script", job.script.as_ref()),
        ("after_script", job.after_script.as_ref()),
    ];
    for (key, script) in scripts {
        if let Some(script) = script {
            each_script_line(script, &At::root().job(name).key(key), f);
        }
    }
    if let Some(script) = job
        .hooks
        .as_ref()
        .and_then(|h| h.pre_get_sources_script.as_ref())
    {
        let at = At::root()
            .job(name)
            .key("hooks")
            .key("pre_get_sources_script");
        each_script_line(script, &at, f);
    }
}

// ---------------------------------------------------------------------------------------
// passwords on command lines

/// Words in a variable name that say it holds a secret.
const SECRET_WORDS: [&str; 5] = ["PASS", "PWD", "TOKEN", "SECRET", "CREDENTIAL"];

fn password(path: &LineAt<'_, '_>, script: &str, out: &mut Sink<'_>) {
    for line in script.lines() {
        let Some(found) = password_argument(line) else {
            continue;
        };
        let login = line.split_whitespace().any(|w| w == "login");
        let help = if login {
            "pipe it in instead: `echo \"$PASSWORD\" | docker login -u \"$USER\" --password-stdin \"$REGISTRY\"`"
        } else {
            "pass it through standard input or an environment variable the tool reads"
        };
        out.push(
            Diagnostic::warning(
                "password-on-command-line",
                path.path(),
                format!(
                    "a password is passed on the command line ({}): other processes can read it, and the job log may show it",
                    tick(&found)
                ),
            )
            .with_help(help),
        );
        // One report per script entry is enough.
        return;
    }
}

/// The password argument on `line`, if there is one: `--password=...`, `--password X`,
/// `-p X` after `login`, or `-p $SECRET_LOOKING_VARIABLE` anywhere.
fn password_argument(line: &str) -> Option<String> {
    // Every form below has `--password`, or `-p` with `login` or a `$` variable.
    let bytes = line.as_bytes();
    let (mut long, mut short) = (false, false);
    for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'-') {
        let rest = &bytes[i + 1..];
        long |= rest.starts_with(b"-password");
        short |= rest.first() == Some(&b'p');
    }
    let login = || bytes.windows(5).any(|w| w == b"login");
    if !(long || (short && (bytes.contains(&b'$') || login()))) {
        return None;
    }
    let mut words = line.split_whitespace().peekable();
    let mut login = false;
    while let Some(word) = words.next() {
        let next = words.peek().copied();
        if word == "login" {
            login = true;
        }
        if let Some(value) = word.strip_prefix("--password=") {
            if !value.is_empty() {
                return Some(word.to_owned());
            }
            continue;
        }
        if word == "--password"
            && let Some(value) = next
            && !value.starts_with('-')
        {
            return Some(format!("{word} {value}"));
        }
        if word == "-p"
            && let Some(value) = next
            && !value.starts_with('-')
            && (login || is_secret_variable(value))
        {
            return Some(format!("{word} {value}"));
        }
        if let Some(value) = word.strip_prefix("-p")
            && !value.is_empty()
            && !word.starts_with("--")
            && ((login && value.starts_with(['$', '"', '\''])) || is_secret_variable(value))
        {
            return Some(word.to_owned());
        }
    }
    None
}

/// `$DB_PASSWORD`, `"${TOKEN}"`: a variable whose name says it is secret.
fn is_secret_variable(word: &str) -> bool {
    let word = word.trim_matches(['"', '\'']);
    let Some(name) = var_refs(word).next() else {
        return false;
    };
    word.starts_with('$') && SECRET_WORDS.iter().any(|s| name.to_uppercase().contains(s))
}

/// The variables `$NAME`, `${NAME}` and `%NAME%` referenced in `text` (`$$` escapes).
fn var_refs(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < b.len() {
            let start = at;
            at += 1;
            match b[start] {
                b'$' if b.get(start + 1) == Some(&b'$') => at += 1,
                b'$' => {
                    let braced = b.get(at) == Some(&b'{');
                    let from = if braced { at + 1 } else { at };
                    let len = b[from..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    if len > 0 {
                        at = from + len;
                        return Some(&text[from..from + len]);
                    }
                }
                b'%' => {
                    let len = b[at..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                        .count();
                    if len > 0 && b.get(at + len) == Some(&b'%') {
                        let name = &text[at..at + len];
                        at += len + 1;
                        return Some(name);
                    }
                }
                _ => {}
            }
        }
        None
    })
}

// ---------------------------------------------------------------------------------------
// deprecated predefined variables

fn deprecated_replacement(name: &str) -> Option<&'static str> {
    pipeline_syntax::variables::deprecated_replacement(name)
}

/// What every deprecated name starts with (so a text without it names none).
const DEPRECATED_PREFIX: &str = "CI_BUILD_";

/// Deprecated variables named in `text`, found at `path` (built only for a report).
fn deprecated_in(path: &dyn Fn() -> KeyPath, text: &str, out: &mut Sink<'_>) {
    let bytes = text.as_bytes();
    let named = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'C')
        .any(|(i, _)| bytes[i..].starts_with(DEPRECATED_PREFIX.as_bytes()));
    if !named {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in var_refs(text) {
        let Some(new) = deprecated_replacement(name) else {
            continue;
        };
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        out.push(
            Diagnostic::warning(
                "deprecated-variable",
                path(),
                format!("`{name}` is a deprecated predefined variable; use `{new}`"),
            )
            .with_help(format!("replace `${name}` with `${new}`")),
        );
    }
}

/// Deprecated variables named in the values of `variables` at `at`.
fn deprecated_in_variables(v: Option<&Variables>, at: &dyn Fn() -> KeyPath, out: &mut Sink<'_>) {
    for (name, value) in v.into_iter().flat_map(Variables::iter) {
        // Numbers and booleans, written as GitLab sets them, never hold a `$` or a `%`.
        let value = match value {
            VariableValue::Value(Scalar::String(s)) => s,
            VariableValue::Value(_) => continue,
            VariableValue::Config(c) => match &c.value {
                Some(v) => v,
                None => continue,
            },
        };
        deprecated_in(&|| at().key(name), value, out);
    }
}

/// Deprecated variables in the `variables` of the services at `at`.
fn service_variables(services: &[Service], at: &At<'_>, out: &mut Sink<'_>) {
    for (i, s) in services.iter().enumerate() {
        if let Service::Config(c) = s {
            deprecated_in_variables(
                c.variables.as_ref(),
                &|| at.path().index(i).key("variables"),
                out,
            );
        }
    }
}

/// Deprecated variables in the conditions and variables of the rules at `at`.
fn rule_variables(rules: &[RuleItem], at: &At<'_>, out: &mut Sink<'_>) {
    for (i, item) in rules.iter().enumerate() {
        let RuleItem::Rule(rule) = item else {
            continue;
        };
        if let Some(condition) = &rule.condition {
            deprecated_in(&|| at.path().index(i).key("if"), condition, out);
        }
        for (name, value) in rule.variables.iter().flatten() {
            if let Scalar::String(s) = value {
                deprecated_in(&|| at.path().index(i).key("variables").key(name), s, out);
            }
        }
    }
}

/// Deprecated variables in a job's `only`/`except` expressions.
fn only_except_variables(name: &str, job: &Job, out: &mut Sink<'_>) {
    for (key, value) in [("only", &job.only), ("except", &job.except)] {
        if let Some(OnlyExcept::Config(c)) = value {
            for (i, expr) in c.variables.iter().flatten().enumerate() {
                deprecated_in(
                    &|| KeyPath::root().job(name).key(key).key("variables").index(i),
                    expr,
                    out,
                );
            }
        }
    }
}

/// Calls `f` with the top-level and `default` `services:` lists and their paths.
fn each_global_services<'a>(cx: &Cx<'a>, f: &mut impl FnMut(&'a [Service], &At<'a>)) {
    let p = cx.pipeline;
    if let Some(s) = p.services.as_ref().and_then(|s| s.value()) {
        f(s, &At::root().key("services"));
    }
    if let Some(s) = p
        .default
        .as_ref()
        .and_then(|d| d.services.as_ref())
        .and_then(|s| s.value())
    {
        f(s, &At::root().key("default").key("services"));
    }
}

/// Calls `f` with the `rules:` lists of `workflow` and of the includes and their paths.
fn each_global_rules<'a>(cx: &Cx<'a>, f: &mut impl FnMut(&'a [RuleItem], &At<'a>)) {
    let p = cx.pipeline;
    if let Some(r) = p
        .workflow
        .as_ref()
        .and_then(|w| w.rules.as_ref())
        .and_then(|r| r.value())
    {
        f(r, &At::root().key("workflow").key("rules"));
    }
    if let Some(includes) = &p.include {
        let many = matches!(includes, crate::model::Includes::Many(_));
        for (i, item) in includes.items().iter().enumerate() {
            let rules = match item {
                Include::Local(x) => x.rules.as_ref(),
                Include::Project(x) => x.rules.as_ref(),
                Include::Template(x) => x.rules.as_ref(),
                Include::Component(x) => x.rules.as_ref(),
                Include::Remote(x) => x.rules.as_ref(),
                Include::Path(_) | Include::Artifact(_) => None,
            };
            if let Some(r) = rules {
                let at = At::root().key("include");
                let at = if many { at.index(i) } else { at };
                f(r.as_slice(), &at.key("rules"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// images

#[derive(Debug, PartialEq, Eq)]
enum Tag {
    /// A tag other than `latest`, a digest, or a variable we cannot see through.
    Fine,
    Latest,
    Untagged,
}

/// How an image reference is tagged: `alpine:3.20` (fine), `alpine@sha256:…` (fine),
/// `alpine:latest`, `alpine` (untagged; Docker pulls `latest`). A port in the registry
/// (`registry:5000/app`) is not a tag.
fn tag(reference: &str) -> Tag {
    let reference = reference.trim();
    if reference.is_empty() || reference.contains('@') {
        return Tag::Fine;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        Some((_, "latest")) => Tag::Latest,
        Some(_) => Tag::Fine,
        None if reference.contains('$') => Tag::Fine,
        None => Tag::Untagged,
    }
}

/// A `:latest` or missing tag on the image or service `reference` at `path`.
fn image_tag(kind: &str, reference: &str, path: &dyn Fn() -> KeyPath, out: &mut Sink<'_>) {
    match tag(reference) {
        Tag::Fine => {}
        Tag::Latest => out.push(
            Diagnostic::warning(
                "image-latest",
                path(),
                format!(
                    "{kind} `{reference}` uses the `latest` tag, which moves: the same pipeline may run a different image tomorrow"
                ),
            )
            .with_help("pin a version (`name:1.2.3`) or a digest (`name@sha256:...`)"),
        ),
        Tag::Untagged => out.push(
            Diagnostic::warning(
                "image-untagged",
                path(),
                format!(
                    "{kind} `{reference}` has no tag, so Docker pulls `{reference}:latest`, which moves"
                ),
            )
            .with_help("pin a version (`name:1.2.3`) or a digest (`name@sha256:...`)"),
        ),
    }
}

/// Tags of the services at `at`.
fn service_tags(services: &[Service], at: &At<'_>, out: &mut Sink<'_>) {
    for (i, s) in services.iter().enumerate() {
        image_tag("service", s.name(), &|| at.path().index(i), out);
    }
}

// ---------------------------------------------------------------------------------------
// docker:dind without TLS

/// Whether `reference` is a Docker-in-Docker service: `docker:*dind*` from any registry.
fn is_dind(reference: &str) -> bool {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    let last = last.split('@').next().unwrap_or(last);
    matches!(last.split_once(':'), Some(("docker", tag)) if tag.contains("dind"))
}

/// Why TLS is not set up, from the variables the job and its service see; `None` when it is.
fn tls_problem(certdir: Option<&str>, host: Option<&str>) -> Option<String> {
    match (certdir, host) {
        (None, _) => Some("`DOCKER_TLS_CERTDIR` is not set".into()),
        (Some(""), _) => Some("`DOCKER_TLS_CERTDIR` is empty, which turns TLS off".into()),
        (_, None) => Some("`DOCKER_HOST` is not set".into()),
        (_, Some(h)) if h.trim_end_matches('/').ends_with(":2375") => {
            Some("`DOCKER_HOST` uses port 2375, which is plain text".into())
        }
        _ => None,
    }
}

/// `docker:dind` services without TLS: service location -> (service name, jobs without
/// TLS, why for the first job), in the order first met.
#[derive(Default)]
struct Dind<'a> {
    found: Vec<(At<'a>, &'a str, Vec<&'a str>, String)>,
    found_at: BTreeMap<At<'a>, usize>,
}

impl<'a> Dind<'a> {
    /// The `docker:dind` services visible job `name` runs, and how it sets up TLS.
    fn job(&mut self, cx: &Cx<'a>, name: &'a str) {
        let p = cx.pipeline;
        let inherit: Option<&Inherit> = cx
            .lookup(name, &|j: &Job| j.inherit.as_ref())
            .map(|(i, _)| i);
        let default_services = inherit
            .and_then(|i| i.default.as_ref())
            .is_none_or(|l| l.includes("services"));
        let inherited_variables = inherit.and_then(|i| i.variables.as_ref());
        let services: Option<(&Vec<Service>, At<'a>)> =
            match cx.lookup(name, &|j: &Job| j.services.as_ref()) {
                Some((s, origin)) => s
                    .value()
                    .map(|s| (s, cx.origin_at(name, origin, "services"))),
                None if default_services => p
                    .default
                    .as_ref()
                    .and_then(|d| d.services.as_ref())
                    .and_then(|s| s.value())
                    .map(|s| (s, At::root().key("default").key("services")))
                    .or_else(|| {
                        p.services
                            .as_ref()
                            .and_then(|s| s.value())
                            .map(|s| (s, At::root().key("services")))
                    }),
                None => None,
            };
        let Some((services, at)) = services else {
            return;
        };
        let job_vars = cx.lookup_all(name, &|j: &Job| j.variables.as_ref());
        let global = |var: &str| {
            if !inherited_variables.is_none_or(|l| l.includes(var)) {
                return None;
            }
            p.variables.as_ref()?.get(var)?.value()
        };
        for (i, service) in services.iter().enumerate() {
            if !is_dind(service.name()) {
                continue;
            }
            let lookup = |var: &str| -> Option<String> {
                if let Service::Config(c) = service
                    && let Some(v) = c.variables.as_ref().and_then(|v| v.get(var))
                {
                    return v.value();
                }
                job_vars
                    .iter()
                    .find_map(|(vars, _)| vars.get(var).and_then(VariableValue::value))
                    .or_else(|| global(var))
            };
            let certdir = lookup("DOCKER_TLS_CERTDIR");
            let host = lookup("DOCKER_HOST");
            let Some(why) = tls_problem(certdir.as_deref(), host.as_deref()) else {
                continue;
            };
            let path = at.index(i);
            match self.found_at.get(&path) {
                Some(&k) => self.found[k].2.push(name),
                None => {
                    self.found_at.insert(path, self.found.len());
                    self.found.push((path, service.name(), vec![name], why));
                }
            }
        }
    }

    fn finish(self, out: &mut Sink<'_>) {
        for (path, service, jobs, why) in self.found {
            let jobs: Vec<String> = jobs.iter().map(|j| tick(j)).collect();
            out.push(
                Diagnostic::warning(
                    "dind-without-tls",
                    path.path(),
                    format!(
                        "service `{service}` runs Docker without TLS for job {}: {why}",
                        jobs.join(", ")
                    ),
                )
                .with_help(
                    "set `DOCKER_HOST: tcp://docker:2376` and `DOCKER_TLS_CERTDIR: \"/certs\"` in `variables` (the runner must share `/certs/client`)",
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// deprecated keywords

fn deprecated_globals(cx: &Cx<'_>, out: &mut Sink<'_>) {
    let p = cx.pipeline;
    let present = [
        ("image", p.image.is_some()),
        ("services", p.services.is_some()),
        ("cache", p.cache.is_some()),
        ("before_script", p.before_script.is_some()),
        ("after_script", p.after_script.is_some()),
    ];
    for (key, set) in present {
        if set {
            out.push(
                Diagnostic::warning(
                    "deprecated-global-keyword",
                    KeyPath::root().key(key),
                    format!("top-level `{key}` is deprecated"),
                )
                .with_help(format!(
                    "move it under `default:` (`default: {{{key}: ...}}`)"
                )),
            );
        }
    }
}

/// `only`/`except` on a job or template GitLab reads.
fn only_except(name: &str, job: &Job, out: &mut Sink<'_>) {
    fn set(v: &Option<OnlyExcept>) -> Option<&OnlyExcept> {
        v.as_ref().filter(|v| !matches!(v, OnlyExcept::Null(())))
    }
    let (only, except) = (set(&job.only), set(&job.except));
    let (key, keys) = match (only, except) {
        (None, None) => return,
        (Some(_), None) => ("only", "`only` is"),
        (None, Some(_)) => ("except", "`except` is"),
        (Some(_), Some(_)) => ("only", "`only` and `except` are"),
    };
    let help = match equivalent_rules(only, except) {
        Some(rules) => format!("use `rules` instead: `{rules}`"),
        None => "rewrite the conditions as `rules`: https://docs.gitlab.com/ci/yaml/#rules".into(),
    };
    out.push(
        Diagnostic::warning(
            "only-except-deprecated",
            KeyPath::root().job(name).key(key),
            format!("job `{name}`: {keys} deprecated; `rules` replace them"),
        )
        .with_help(help),
    );
}

/// `only`/`except` as `rules`, in YAML flow form, when they translate one to one.
fn equivalent_rules(only: Option<&OnlyExcept>, except: Option<&OnlyExcept>) -> Option<String> {
    let mut rules: Vec<String> = Vec::new();
    if let Some(except) = except {
        for condition in conditions(except)? {
            rules.push(format!("{{if: {}, when: never}}", flow(&condition)));
        }
    }
    match only {
        Some(only) => {
            for condition in conditions(only)? {
                rules.push(format!("{{if: {}}}", flow(&condition)));
            }
        }
        // Without `only`, a job runs for branches and tags.
        None => {
            rules.push("{if: $CI_COMMIT_BRANCH}".into());
            rules.push("{if: $CI_COMMIT_TAG}".into());
        }
    }
    Some(format!("rules: [{}]", rules.join(", ")))
}

/// One expression per ref (any of them matches), each `&&` the variables (any of them).
fn conditions(policy: &OnlyExcept) -> Option<Vec<String>> {
    let (refs, variables): (Vec<&str>, Option<&Vec<String>>) = match policy {
        OnlyExcept::Refs(items) => (items_strings(items)?, None),
        OnlyExcept::Config(config)
            if matches!(
                **config,
                OnlyExceptConfig {
                    kubernetes: None,
                    changes: None,
                    ..
                }
            ) =>
        {
            let OnlyExceptConfig {
                refs, variables, ..
            } = &**config;
            (
                match refs {
                    Some(items) => items_strings(items)?,
                    None => Vec::new(),
                },
                variables.as_ref(),
            )
        }
        _ => return None,
    };
    let variables = variables.filter(|v| !v.is_empty()).map(|v| {
        if v.len() == 1 {
            v[0].clone()
        } else {
            v.iter()
                .map(|e| format!("({e})"))
                .collect::<Vec<_>>()
                .join(" || ")
        }
    });
    let refs: Vec<String> = refs.into_iter().map(ref_condition).collect::<Option<_>>()?;
    let out = match (refs.is_empty(), variables) {
        (true, None) => return None,
        (true, Some(v)) => vec![v],
        (false, None) => refs,
        (false, Some(v)) => refs
            .into_iter()
            .map(|r| {
                if v.contains("||") {
                    format!("{r} && ({v})")
                } else {
                    format!("{r} && {v}")
                }
            })
            .collect(),
    };
    Some(out)
}

fn items_strings(items: &[StringItem]) -> Option<Vec<&str>> {
    if items.iter().any(|i| matches!(i, StringItem::Reference(_))) {
        return None;
    }
    Some(items.iter().flat_map(StringItem::strings).collect())
}

/// The `rules:if` expression for one `only`/`except` ref.
fn ref_condition(r: &str) -> Option<String> {
    let source = |s: &str| format!("$CI_PIPELINE_SOURCE == \"{s}\"");
    Some(match r {
        "tags" => "$CI_COMMIT_TAG".into(),
        "branches" => "$CI_COMMIT_BRANCH".into(),
        "merge_requests" => source("merge_request_event"),
        "external_pull_requests" => source("external_pull_request_event"),
        "schedules" => source("schedule"),
        "triggers" => source("trigger"),
        "pipelines" => source("pipeline"),
        "pushes" => source("push"),
        "api" | "web" | "chat" | "external" => source(r),
        _ if r.contains('@') || r.contains('"') => return None,
        _ if r.len() > 2 && r.starts_with('/') && r.rfind('/').is_some_and(|i| i > 0) => {
            format!("$CI_COMMIT_REF_NAME =~ {r}")
        }
        _ => format!("$CI_COMMIT_REF_NAME == \"{r}\""),
    })
}

/// An expression as a YAML flow scalar: plain when it is one word, else single-quoted.
fn flow(expr: &str) -> String {
    if expr
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    {
        expr.to_owned()
    } else {
        format!("'{}'", expr.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, job_mut, none, only, parse, run, with_code};
    use super::super::{ValidateOptions, check};
    use super::{Tag, password_argument, tag};
    use crate::model::{
        Image, Inherit, InheritList, JobDefaults, OnlyExcept, OnlyExceptConfig, OrReference,
        Pipeline, Rule, RuleItem, Script, Service, ServiceConfig, StringItem, Variables,
    };

    #[test]
    fn every_deprecated_name_starts_with_the_prefix_the_lint_looks_for() {
        for (old, _) in pipeline_syntax::variables::DEPRECATED {
            assert!(old.starts_with(super::DEPRECATED_PREFIX), "{old}");
        }
    }

    #[test]
    fn the_password_shortcut_keeps_every_form() {
        for line in [
            "docker login -u x -p $P r",
            "docker login -u x -p secret r",
            "x --password=abc",
            "x --password abc",
            "mysql -p$DB_PASSWORD",
            "x -p \"${TOKEN}\"",
            "login -p'abc'",
        ] {
            assert!(password_argument(line).is_some(), "{line}");
        }
        for line in [
            "cargo build -p crate0",
            "x --password=",
            "echo -p",
            "ls -la",
        ] {
            assert!(password_argument(line).is_none(), "{line}");
        }
    }

    /// The seed pipeline `dind_publish` (examples/dind_publish.rs), which GitLab runs.
    fn dind_publish() -> Pipeline {
        let mut p = Pipeline::new();
        p.stages = Some(vec!["publish".into()]);
        p.variables = Some(Variables::from([("DOCKER_DRIVER", "overlay2")]));
        p.services = Some(OrReference::Value(vec![Service::from("docker:dind")]));
        let mut j = job(Some("publish"));
        j.image = Some(Image::from("docker"));
        j.script = Some(Script::from([
            "export VERSION_TAG=v1.2.3",
            "docker login ${CI_REGISTRY} -u gitlab-ci-token -p ${CI_BUILD_TOKEN}",
            "docker build -t ${CI_REGISTRY_IMAGE}:latest -t ${CI_REGISTRY_IMAGE}:${VERSION_TAG}  .",
            "docker push ${CI_REGISTRY_IMAGE}:latest",
        ]));
        p.insert_job("publish-docker", j);
        p
    }

    #[test]
    fn the_dind_publish_seed_has_no_errors_and_five_lints() {
        let found = run(&dind_publish());
        assert!(!found.has_errors(), "{found}");
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "password-on-command-line",
                "deprecated-variable",
                "image-untagged",
                "dind-without-tls",
                "deprecated-global-keyword",
            ]
        );
    }

    #[test]
    fn a_password_on_a_command_line_warns() {
        let found = run(&dind_publish());
        let d = only(&found, "password-on-command-line");
        assert!(!d.is_error());
        assert_eq!(d.path.to_string(), r#"jobs."publish-docker".script[1]"#);
        assert_eq!(
            d.message,
            "a password is passed on the command line (`-p ${CI_BUILD_TOKEN}`): other processes can read it, and the job log may show it"
        );
        assert!(d.help.as_deref().unwrap().contains("--password-stdin"));
    }

    #[test]
    fn password_forms() {
        for (line, found) in [
            ("docker login -u u -p secret registry", Some("-p secret")),
            (
                "docker login --password=$PASS registry",
                Some("--password=$PASS"),
            ),
            (
                "podman login --password $CI_REGISTRY_PASSWORD r",
                Some("--password $CI_REGISTRY_PASSWORD"),
            ),
            ("mysql -u root -p $DB_PASSWORD", Some("-p $DB_PASSWORD")),
            (
                "mysql -u root -p$MYSQL_ROOT_PASSWORD db",
                Some("-p$MYSQL_ROOT_PASSWORD"),
            ),
            ("echo $PW | docker login -u u --password-stdin r", None),
            ("mkdir -p $BUILD_DIR", None),
            ("ssh -p 2222 host", None),
            ("cp -p a b", None),
        ] {
            assert_eq!(password_argument(line).as_deref(), found, "{line}");
        }
    }

    #[test]
    fn no_password_no_warning() {
        let mut p = parse("j:\n  stage: test\n");
        job_mut(&mut p, "j").script = Some(Script::from([
            "echo -n $CI_JOB_TOKEN | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY",
        ]));
        none(&run(&p), "password-on-command-line");
    }

    #[test]
    fn deprecated_variables_warn_in_scripts_variables_and_expressions() {
        let mut p = parse("j:\n  stage: test\n");
        p.variables = Some(Variables::from([
            ("REF", "$CI_BUILD_REF_NAME"),
            ("DIR", "$CI_BUILDS_DIR"),
        ]));
        let j = job_mut(&mut p, "j");
        j.script = Some(Script::from(["echo ${CI_BUILD_REF} $CI_BUILD_REF"]));
        j.rules = Some(OrReference::Value(vec![RuleItem::Rule(Rule::condition(
            "$CI_BUILD_TAG",
        ))]));
        let found = run(&p);
        let hits = with_code(&found, "deprecated-variable");
        let shown: Vec<(String, &str)> = hits
            .iter()
            .map(|d| (d.path.to_string(), d.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    r#"jobs."j".script[0]"#.to_owned(),
                    "`CI_BUILD_REF` is a deprecated predefined variable; use `CI_COMMIT_SHA`"
                ),
                (
                    "variables.REF".to_owned(),
                    "`CI_BUILD_REF_NAME` is a deprecated predefined variable; use `CI_COMMIT_REF_NAME`"
                ),
                (
                    r#"jobs."j".rules[0].if"#.to_owned(),
                    "`CI_BUILD_TAG` is a deprecated predefined variable; use `CI_COMMIT_TAG`"
                ),
            ]
        );
        assert_eq!(
            hits[0].help.as_deref(),
            Some("replace `$CI_BUILD_REF` with `$CI_COMMIT_SHA`")
        );
    }

    #[test]
    fn current_variables_do_not_warn() {
        let mut p = parse("j:\n  stage: test\n");
        job_mut(&mut p, "j").script = Some(Script::from([
            "echo $CI_JOB_TOKEN $CI_BUILDS_DIR $$CI_BUILD_REF",
        ]));
        none(&run(&p), "deprecated-variable");
    }

    #[test]
    fn image_tags() {
        assert_eq!(tag("alpine:3.20"), Tag::Fine);
        assert_eq!(tag("alpine@sha256:abc"), Tag::Fine);
        assert_eq!(tag("registry:5000/group/app"), Tag::Untagged);
        assert_eq!(tag("registry:5000/group/app:latest"), Tag::Latest);
        assert_eq!(tag("$CI_REGISTRY_IMAGE"), Tag::Fine);
        assert_eq!(tag("$CI_REGISTRY_IMAGE:latest"), Tag::Latest);
        assert_eq!(tag("docker:dind"), Tag::Fine);
    }

    #[test]
    fn latest_images_warn_everywhere() {
        let mut p = parse("j:\n  stage: test\n");
        p.image = Some(Image::from("ruby:latest"));
        p.default = Some(JobDefaults {
            image: Some(Image::from("node:latest")),
            services: Some(OrReference::Value(vec![Service::from("redis:latest")])),
            ..JobDefaults::default()
        });
        job_mut(&mut p, "j").image = Some(Image::from("rust:latest"));
        let found = run(&p);
        let paths: Vec<String> = with_code(&found, "image-latest")
            .iter()
            .map(|d| d.path.to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "image",
                "default.image",
                r#"jobs."j".image"#,
                "default.services[0]"
            ]
        );
        let first = with_code(&found, "image-latest")[0];
        assert!(
            first
                .message
                .starts_with("image `ruby:latest` uses the `latest` tag")
        );
    }

    #[test]
    fn untagged_images_warn() {
        let mut p = parse("j:\n  stage: test\n");
        job_mut(&mut p, "j").services = Some(OrReference::Value(vec![Service::from("postgres")]));
        let found = run(&p);
        let d = only(&found, "image-untagged");
        assert_eq!(d.path.to_string(), r#"jobs."j".services[0]"#);
        assert_eq!(
            d.message,
            "service `postgres` has no tag, so Docker pulls `postgres:latest`, which moves"
        );
    }

    #[test]
    fn pinned_images_are_silent() {
        let mut p = parse("j:\n  stage: test\n");
        job_mut(&mut p, "j").image = Some(Image::from("rust:1.95"));
        job_mut(&mut p, "j").services = Some(OrReference::Value(vec![Service::from(
            "postgres@sha256:0123",
        )]));
        let found = run(&p);
        none(&found, "image-latest");
        none(&found, "image-untagged");
    }

    #[test]
    fn dind_without_tls_warns_once_per_service() {
        let mut p = parse("a:\n  stage: test\nb:\n  stage: test\n");
        p.default = Some(JobDefaults {
            services: Some(OrReference::Value(vec![Service::from("docker:27-dind")])),
            ..JobDefaults::default()
        });
        let found = run(&p);
        let d = only(&found, "dind-without-tls");
        assert_eq!(d.path.to_string(), "default.services[0]");
        assert_eq!(
            d.message,
            "service `docker:27-dind` runs Docker without TLS for job `a`, `b`: `DOCKER_TLS_CERTDIR` is not set"
        );
        // TLS turned off explicitly is still no TLS.
        p.variables = Some(Variables::from([
            ("DOCKER_TLS_CERTDIR", ""),
            ("DOCKER_HOST", "tcp://docker:2375"),
        ]));
        assert!(
            only(&run(&p), "dind-without-tls")
                .message
                .ends_with("`DOCKER_TLS_CERTDIR` is empty, which turns TLS off")
        );
    }

    #[test]
    fn dind_with_tls_is_silent() {
        let mut p = parse("a:\n  stage: test\nb:\n  stage: test\n");
        let mut service = ServiceConfig::new("docker:27-dind");
        service.variables = Some(Variables::from([("DOCKER_TLS_CERTDIR", "/certs")]));
        job_mut(&mut p, "a").services =
            Some(OrReference::Value(vec![Service::Config(Box::new(service))]));
        job_mut(&mut p, "a").variables =
            Some(Variables::from([("DOCKER_HOST", "tcp://docker:2376")]));
        none(&run(&p), "dind-without-tls");
        // A job that does not inherit the default services does not run the service.
        p.default = Some(JobDefaults {
            services: Some(OrReference::Value(vec![Service::from("docker:dind")])),
            ..JobDefaults::default()
        });
        job_mut(&mut p, "b").inherit = Some(Inherit {
            default: Some(InheritList::All(false)),
            ..Inherit::default()
        });
        none(&run(&p), "dind-without-tls");
    }

    #[test]
    fn deprecated_top_level_keywords_warn() {
        let mut p = parse("j:\n  stage: test\n");
        p.before_script = Some(Script::from(["echo hi"]));
        p.image = Some(Image::from("alpine:3"));
        let found = run(&p);
        let hits = with_code(&found, "deprecated-global-keyword");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].path.to_string(), "image");
        assert_eq!(hits[0].message, "top-level `image` is deprecated");
        assert_eq!(
            hits[0].help.as_deref(),
            Some("move it under `default:` (`default: {image: ...}`)")
        );
        let mut q = parse("j:\n  stage: test\n");
        q.default = Some(JobDefaults {
            image: Some(Image::from("alpine:3")),
            ..JobDefaults::default()
        });
        none(&run(&q), "deprecated-global-keyword");
    }

    #[test]
    fn only_except_warn_with_the_equivalent_rules() {
        let mut p = parse("j:\n  stage: test\nk:\n  stage: test\nl:\n  stage: test\n");
        job_mut(&mut p, "j").only = Some(OnlyExcept::Refs(vec![StringItem::from("tags")]));
        job_mut(&mut p, "k").only = Some(OnlyExcept::Config(Box::new(OnlyExceptConfig {
            refs: Some(vec![
                StringItem::from("main"),
                StringItem::from("/^release-/"),
            ]),
            variables: Some(vec!["$DEPLOY == \"1\"".into()]),
            ..OnlyExceptConfig::default()
        })));
        job_mut(&mut p, "k").except = Some(OnlyExcept::Refs(vec![StringItem::from("schedules")]));
        job_mut(&mut p, "l").except = Some(OnlyExcept::Config(Box::new(OnlyExceptConfig {
            changes: Some(vec!["src/**".into()]),
            ..OnlyExceptConfig::default()
        })));
        let found = run(&p);
        let hits = with_code(&found, "only-except-deprecated");
        assert_eq!(hits.len(), 3);
        assert_eq!(hits[0].path.to_string(), r#"jobs."j".only"#);
        assert_eq!(
            hits[0].message,
            "job `j`: `only` is deprecated; `rules` replace them"
        );
        assert_eq!(
            hits[0].help.as_deref(),
            Some("use `rules` instead: `rules: [{if: $CI_COMMIT_TAG}]`")
        );
        assert_eq!(
            hits[1].message,
            "job `k`: `only` and `except` are deprecated; `rules` replace them"
        );
        assert_eq!(
            hits[1].help.as_deref(),
            Some(
                "use `rules` instead: `rules: [{if: '$CI_PIPELINE_SOURCE == \"schedule\"', when: never}, {if: '$CI_COMMIT_REF_NAME == \"main\" && $DEPLOY == \"1\"'}, {if: '$CI_COMMIT_REF_NAME =~ /^release-/ && $DEPLOY == \"1\"'}]`"
            )
        );
        assert_eq!(hits[2].path.to_string(), r#"jobs."l".except"#);
        assert!(
            hits[2]
                .help
                .as_deref()
                .unwrap()
                .starts_with("rewrite the conditions as `rules`")
        );
        none(
            &check(&p, &ValidateOptions::new().allow("only-except-deprecated")),
            "only-except-deprecated",
        );
    }

    #[test]
    fn rules_and_null_only_do_not_warn() {
        let mut p = parse("j:\n  stage: test\n");
        job_mut(&mut p, "j").only = Some(OnlyExcept::Null(()));
        none(&run(&p), "only-except-deprecated");
    }
}
