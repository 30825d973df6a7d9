//! Psych oracle tests: what GitLab's YAML loader really reads from our YAML.
//!
//! GitLab loads `.gitlab-ci.yml` with Ruby's Psych (YAML 1.1) as
//! `YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [], aliases: true)`.
//! These tests emit strings with our emitter, load the text with exactly that call in one
//! long-lived `ruby` process, and require every string back as the same Ruby `String`:
//! not a boolean, a number, nil, a date or a Symbol. They also check that our importer's
//! YAML reader types plain scalars as Psych does.
//!
//! Without `ruby` on `PATH` the tests skip loudly (and fail under `CI=true`).

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use pipeline_dsl::emit::{self, EmitError};
use pipeline_dsl::import;
use pipeline_dsl::model::{Float, Job, Mapping, Pipeline, Script, StringItem, Value};
use proptest::prelude::*;

use crate::support::skip_or_fail;

// ---------------------------------------------------------------------------------------
// The oracle: one `ruby` process, one JSON line per batch of YAML documents.
// ---------------------------------------------------------------------------------------

/// Reads batches (one JSON array of YAML texts per line) from stdin and answers each with
/// one JSON line: per document, the loaded value as a tagged tree, or the exception.
const ORACLE: &str = r##"
require "yaml"
require "json"
Encoding.default_external = Encoding::UTF_8
Encoding.default_internal = nil
$stdout.sync = true

def tree(v)
  case v
  when String
    raise "invalid #{v.encoding} string #{v.inspect}" unless v.valid_encoding?
    v.instance_of?(String) ? { "s" => v.encode("UTF-8") } : { "o" => "#{v.class}: #{v.inspect}" }
  when Symbol then { "sym" => v.to_s }
  when Integer then { "i" => v.to_s }
  when Float then { "f" => v.to_s }
  when true, false then { "b" => v }
  when nil then { "n" => true }
  when Array then { "a" => v.map { |x| tree(x) } }
  when Hash then { "h" => v.map { |k, x| [tree(k), tree(x)] } }
  else { "o" => "#{v.class}: #{v.inspect}" }
  end
end

$stdin.each_line do |line|
  docs = JSON.parse(line)
  out = docs.map do |text|
    begin
      loaded = YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [], aliases: true)
      JSON.generate(tree(loaded))
    rescue Exception => e
      JSON.generate({ "err" => "#{e.class}: #{e.message}".encode("UTF-8", invalid: :replace, undef: :replace) })
    end
  end
  $stdout.puts("[" + out.join(",") + "]")
end
"##;

/// A value as Psych loaded it.
#[derive(Debug, Clone, PartialEq)]
enum Ruby {
    Str(String),
    Sym(String),
    /// An Integer, as Ruby prints it.
    Int(String),
    /// A Float, as Ruby prints it (`1.0`, `1.0e+20`, `Infinity`, `NaN`).
    Float(String),
    Bool(bool),
    Nil,
    Array(Vec<Ruby>),
    Hash(Vec<(Ruby, Ruby)>),
    /// Any other class (never expected under `safe_load`).
    Other(String),
}

impl fmt::Display for Ruby {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ruby::Str(s) => write!(f, "String {s:?}"),
            Ruby::Sym(s) => write!(f, "Symbol :{s:?}"),
            Ruby::Int(i) => write!(f, "Integer {i}"),
            Ruby::Float(x) => write!(f, "Float {x}"),
            Ruby::Bool(b) => write!(f, "{b}"),
            Ruby::Nil => write!(f, "nil"),
            Ruby::Array(items) => write!(f, "Array {items:?}"),
            Ruby::Hash(pairs) => write!(f, "Hash {pairs:?}"),
            Ruby::Other(o) => write!(f, "{o}"),
        }
    }
}

/// What Psych did with one document: the value, or the exception (`Class: message`).
type Loaded = Result<Ruby, String>;

fn ruby_from_json(v: &serde_json::Value) -> Loaded {
    let obj = v
        .as_object()
        .ok_or_else(|| format!("bad oracle output {v}"))?;
    let (tag, payload) = obj
        .iter()
        .next()
        .ok_or_else(|| format!("bad oracle output {v}"))?;
    let text = || {
        payload
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("bad oracle output {v}"))
    };
    Ok(match tag.as_str() {
        "err" => return Err(text()?),
        "s" => Ruby::Str(text()?),
        "sym" => Ruby::Sym(text()?),
        "i" => Ruby::Int(text()?),
        "f" => Ruby::Float(text()?),
        "b" => Ruby::Bool(payload.as_bool().unwrap_or_default()),
        "n" => Ruby::Nil,
        "o" => Ruby::Other(text()?),
        "a" => Ruby::Array(
            payload
                .as_array()
                .into_iter()
                .flatten()
                .map(ruby_from_json)
                .collect::<Result<_, _>>()?,
        ),
        "h" => Ruby::Hash(
            payload
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| match pair.as_array().map(Vec::as_slice) {
                    Some([k, x]) => Ok((ruby_from_json(k)?, ruby_from_json(x)?)),
                    _ => Err(format!("bad oracle output {pair}")),
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(format!("bad oracle output {v}")),
    })
}

/// A running `ruby` that loads YAML as GitLab does.
struct Psych {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Psych {
    /// Starts the oracle, or skips loudly (`None`) when `ruby` is missing.
    fn start() -> Option<Psych> {
        let spawned = Command::new("ruby")
            .args(["-e", ORACLE])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                skip_or_fail(&format!(
                    "ruby not found ({e}); install Ruby with Psych (`apt-get install ruby`) to check our YAML against GitLab's loader"
                ));
                return None;
            }
        };
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut psych = Psych {
            child,
            stdin: Some(stdin),
            stdout,
        };
        // Fail early, with a clear message, when Ruby runs but Psych or JSON does not.
        let probe = psych.load(&["a: on".to_owned()]);
        assert_eq!(
            probe,
            vec![Ok(Ruby::Hash(vec![(
                Ruby::Str("a".into()),
                Ruby::Bool(true)
            )]))],
            "the Psych oracle does not answer as expected"
        );
        Some(psych)
    }

    /// Loads every document with GitLab's options, in one round trip.
    fn load(&mut self, docs: &[String]) -> Vec<Loaded> {
        if docs.is_empty() {
            return Vec::new();
        }
        let mut line = serde_json::to_string(docs).expect("documents are JSON strings");
        line.push('\n');
        let stdin = self.stdin.as_mut().expect("oracle stdin is open");
        stdin.write_all(line.as_bytes()).expect("write to ruby");
        stdin.flush().expect("flush ruby's stdin");
        let mut answer = String::new();
        self.stdout
            .read_line(&mut answer)
            .expect("read ruby's answer");
        assert!(
            !answer.is_empty(),
            "ruby exited without answering (see its stderr above)"
        );
        let parsed: serde_json::Value = serde_json::from_str(&answer)
            .unwrap_or_else(|e| panic!("bad oracle output ({e}): {answer}"));
        let results: Vec<Loaded> = parsed
            .as_array()
            .unwrap_or_else(|| panic!("bad oracle output: {answer}"))
            .iter()
            .map(ruby_from_json)
            .collect();
        assert_eq!(
            results.len(),
            docs.len(),
            "the oracle answered a different number of documents"
        );
        results
    }
}

impl Drop for Psych {
    fn drop(&mut self) {
        drop(self.stdin.take()); // EOF: the Ruby loop ends.
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// The traps.
// ---------------------------------------------------------------------------------------

/// Every spelling of `word` in upper and lower case (`on`, `On`, `oN`, `ON`).
fn case_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|i| chars[*i].is_ascii_alphabetic())
        .collect();
    (0..1u32 << letters.len())
        .map(|mask| {
            let mut out = chars.clone();
            for (bit, &i) in letters.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    out[i] = out[i].to_ascii_uppercase();
                }
            }
            out.into_iter().collect()
        })
        .collect()
}

/// Every known YAML 1.1 trap for GitLab's loader, and strings that are hard to write.
fn traps() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Booleans and null in every case variant; the special floats too.
    for word in [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", ".inf", ".nan",
    ] {
        out.extend(case_variants(word));
    }
    #[rustfmt::skip]
    let fixed: &[&str] = &[
        // null
        "~", "",
        // integers: octal, hex, binary, separators, signs
        "0755", "0o17", "00", "0", "-0", "+0", "08", "09", "0x1F", "0X1F", "-0x1F", "0x",
        "0b101", "0B101", "-0b101", "1_000", "1,000", "1,2:3", "1__0", "_1", "1_", "+1", "-1",
        "1,000,000", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "0b", "0o",
        // sexagesimal
        "12:30", "1:02:03", "190:20:30.15", "-12:30", "+1:30", "1:60", "1:2:3:4", "12:30:",
        "1_0:30",
        // dates and times
        "2019-12-01", "2019-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
        "2001-12-14T21:59:43Z", "2001-12-14 21:59:43", "2019-13-45", "1999-02-29",
        // floats
        ".5", "1.", "1e3", "1.0e+3", "1.0E-3", "1.e3", "+.5", "-.5", "1.5", "0.", "1_000.5",
        "1,000.5", "6.8523015e+5", "685.230_15e+03", "685_230.15", "-.Inf", "+.inf", "NaN",
        "Infinity", "-Infinity", "1.2.3", "1.2.3.4", "0.1.2", "-", "+", ".", "-.", "1-2",
        // Ruby symbols
        ":sym", ":\"quoted sym\"", ":'quoted sym'", ":", "::", ":1", "::sym", ": x",
        // leading indicator characters, alone and followed by text with and without a space
        // (added below), and structure
        "<<", "=", "---", "...", "--- a", "... a", "a: b", "a:b", "a #b", "a# b", "a:", "a: ",
        "http://example.com/a#b", "!reference [a, b]", "!!str x", "!!int 1", "&a x", "*a",
        "&a?b", "&a.b x", "'a'#b", "\"a\"#b", "'a' #b", "%YAML 1.1", "%TAG ! x", "{a: b}",
        "[a, b]", "{}", "[]", "''", "\"\"", "'", "\"",
        // whitespace
        "\tx", "x\t", "a\tb", "\t", " x", "x ", " ", "  ", " x ", "\t x", "x \t",
        // lines
        "a\nb", "a\nb\n", "a\nb\n\n", "a\n", "a\n\n", "a\n\n\n", "\n", "\n\n", "\na", "\n\na",
        " a\nb", "a\nb ", "a \nb", " a\n b\n", "  a\n b", "\ta\nb", "\ta\n\tb", "a\n\tb",
        "a\n\nb", "a\n \nb", "a\n\t\nb", "a\r\nb", "a\r\nb\r\n", "\r\n", "a\rb", "\r",
        "- a\n- b", "a: 1\nb: 2", "#!/bin/sh\nset -eu", "echo a \\\n  b", "---\n", "a\n---\nb",
        "a\n...\nb", "|\na", ">\na",
        // unicode, NBSP, BOM
        "é", "日本語", "🎉", "naïve café", "\u{a0}", "a\u{a0}", "\u{a0}a", "a\u{a0}b", "\u{feff}",
        "\u{feff}a", "a\u{feff}", "\u{2028}", "a\u{2028}b", "\u{2029}", "\u{85}", "a\u{85}b",
        "\u{200b}", "\u{fffd}", "\u{10ffff}",
        // control characters
        "\u{0}", "a\u{0}b", "\u{1}", "\u{7}", "\u{8}", "\u{b}", "\u{c}",
        "\u{1b}[31mred\u{1b}[0m", "\u{1f}", "\u{7f}", "\u{80}", "\u{9f}",
        // CI-flavoured
        "$CI_COMMIT_TAG", "${VAR}", "$$", "echo \"on\"", "echo 'no'", "docker:dind", "*.log",
        "**/*", "exit 0", "echo $((1+1))", "make -j$(nproc)", "curl -H 'A: b' x", "a=b",
        "/Coverage: \\d+%/", "\\", "\\n", "%", "@user",
    ];
    out.extend(fixed.iter().map(|s| (*s).to_owned()));
    for c in [
        "-", "?", "!", "&", "*", "#", "%", "@", "`", "|", ">", "'", "\"", "{", "[", ",", "]", "}",
        ":",
    ] {
        out.push(c.to_owned());
        out.push(format!("{c}x"));
        out.push(format!("{c} x"));
        out.push(format!("x{c}"));
        out.push(format!("x {c}"));
        out.push(format!("x {c} y"));
    }
    // Very long lines: nothing may be folded.
    out.push("word ".repeat(100).trim_end().to_owned());
    out.push("x".repeat(500));
    out.push(format!("{}\n{}", "a b ".repeat(125), "c d ".repeat(125)));
    out.push("k".repeat(1500));
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

// ---------------------------------------------------------------------------------------
// Emitting a string three ways and checking what Psych reads.
// ---------------------------------------------------------------------------------------

/// Where the string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `{v: s}`.
    Value,
    /// `{s: x}`.
    Key,
    /// `job: {script: [s]}` through the pipeline emitter.
    ScriptLine,
}

/// One emitted document and the string it must give back.
struct Case {
    meant: String,
    form: Form,
    yaml: String,
}

fn value_doc(s: &str) -> Value {
    let mut m = Mapping::new();
    m.insert("v".into(), Value::String(s.to_owned()));
    Value::Map(m)
}

fn key_doc(s: &str) -> Value {
    let mut m = Mapping::new();
    m.insert(s.to_owned(), Value::from("x"));
    Value::Map(m)
}

fn script_pipeline(s: &str) -> Pipeline {
    let mut job = Job::new();
    job.script = Some(Script::Lines(vec![StringItem::One(s.to_owned())]));
    let mut p = Pipeline::new();
    p.insert_job("job", job);
    p
}

/// Emits `s` in the three forms. Emitter errors are failures, except the refusal of a
/// `<<` key, which is required.
fn cases_for(s: &str, out: &mut Vec<Case>, failures: &mut Vec<String>) {
    match emit::value_to_string(&value_doc(s)) {
        Ok(yaml) => out.push(Case {
            meant: s.to_owned(),
            form: Form::Value,
            yaml,
        }),
        Err(e) => failures.push(format!("{s:?} as a value: the emitter refused it: {e}")),
    }
    match emit::value_to_string(&key_doc(s)) {
        Err(EmitError::MergeKey { .. }) if s == "<<" => {}
        Ok(yaml) if s == "<<" => failures.push(format!(
            "`<<` as a key must be refused (Psych merges it even quoted), but the emitter wrote:\n{yaml}"
        )),
        Ok(yaml) => out.push(Case { meant: s.to_owned(), form: Form::Key, yaml }),
        Err(e) => failures.push(format!("{s:?} as a key: the emitter refused it: {e}")),
    }
    match emit::to_string(&script_pipeline(s)) {
        Ok(yaml) => out.push(Case {
            meant: s.to_owned(),
            form: Form::ScriptLine,
            yaml,
        }),
        Err(e) => failures.push(format!(
            "{s:?} as a script line: the emitter refused it: {e}"
        )),
    }
}

/// The string Psych gave back for `case`, or why there is none.
fn read_back(case: &Case, loaded: &Loaded) -> Result<String, String> {
    let str_of = |r: &Ruby| match r {
        Ruby::Str(s) => Ok(s.clone()),
        other => Err(format!("read as {other}, not a String")),
    };
    let value = loaded.as_ref().map_err(|e| format!("Psych raised {e}"))?;
    let Ruby::Hash(pairs) = value else {
        return Err(format!("the document is {value}, not a Hash"));
    };
    let [(key, value)] = pairs.as_slice() else {
        return Err(format!(
            "the document has {} keys, not 1: {value}",
            pairs.len()
        ));
    };
    match case.form {
        Form::Value => {
            if *key != Ruby::Str("v".into()) {
                return Err(format!("the key is {key}"));
            }
            str_of(value)
        }
        Form::Key => {
            if *value != Ruby::Str("x".into()) {
                return Err(format!("the value is {value}"));
            }
            str_of(key)
        }
        Form::ScriptLine => {
            if *key != Ruby::Str("job".into()) {
                return Err(format!("the job key is {key}"));
            }
            let Ruby::Hash(job) = value else {
                return Err(format!("the job is {value}"));
            };
            match job.as_slice() {
                [(Ruby::Str(k), Ruby::Array(lines))] if k == "script" => match lines.as_slice() {
                    [line] => str_of(line),
                    _ => Err(format!("the script has {} lines: {lines:?}", lines.len())),
                },
                _ => Err(format!("the job is {value}")),
            }
        }
    }
}

/// Emits every string three ways, loads all the documents in one round trip, and returns
/// one message per string that did not come back as the same String.
fn check_strings(psych: &mut Psych, strings: &[String]) -> Vec<String> {
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    for s in strings {
        cases_for(s, &mut cases, &mut failures);
    }
    let docs: Vec<String> = cases.iter().map(|c| c.yaml.clone()).collect();
    let loaded = psych.load(&docs);
    for (case, loaded) in cases.iter().zip(&loaded) {
        match read_back(case, loaded) {
            Ok(back) if back == case.meant => {}
            Ok(back) => failures.push(format!(
                "{:?} as {:?}: Psych read {back:?}\n--- emitted ---\n{}",
                case.meant, case.form, case.yaml
            )),
            Err(why) => failures.push(format!(
                "{:?} as {:?}: {why}\n--- emitted ---\n{}",
                case.meant, case.form, case.yaml
            )),
        }
    }
    failures
}

#[test]
fn psych_reads_every_trap_back_as_the_same_string() {
    let Some(mut psych) = Psych::start() else {
        return;
    };
    let strings = traps();
    assert!(
        strings.len() > 300,
        "the trap list shrank to {}",
        strings.len()
    );
    let failures = check_strings(&mut psych, &strings);
    assert!(
        failures.is_empty(),
        "{} of {} emitted documents did not read back as the same String under GitLab's loader:\n\n{}",
        failures.len(),
        strings.len() * 3,
        failures.join("\n\n")
    );
}

#[test]
fn long_lines_are_not_folded() {
    for s in ["word ".repeat(100).trim_end().to_owned(), "x".repeat(500)] {
        let value = emit::value_to_string(&value_doc(&s)).unwrap();
        let script = emit::to_string(&script_pipeline(&s)).unwrap();
        for yaml in [value, script] {
            assert!(
                yaml.lines().any(|l| l.contains(&s)),
                "a {}-character line was folded:\n{yaml}",
                s.len()
            );
        }
    }
}

#[test]
fn a_merge_key_is_refused_everywhere() {
    assert!(matches!(
        emit::value_to_string(&key_doc("<<")),
        Err(EmitError::MergeKey { .. })
    ));
    let mut p = Pipeline::new();
    let mut job = Job::new();
    job.script = Some(Script::from(["true"]));
    p.insert_job("<<", job.clone());
    assert!(
        matches!(emit::to_string(&p), Err(EmitError::MergeKey { .. })),
        "a `<<` job"
    );
    let mut p = Pipeline::new();
    let mut vars = pipeline_dsl::model::Variables::default();
    vars.insert("<<", "x");
    job.variables = Some(vars);
    p.insert_job("job", job);
    assert!(
        matches!(emit::to_string(&p), Err(EmitError::MergeKey { .. })),
        "a `<<` variable"
    );
}

/// How many random strings each random test checks per run at least, whatever
/// `PROPTEST_CASES` says (five times the 2,000 asked for; a few seconds in a debug build).
const RANDOM_STRINGS_PER_RUN: usize = 10_000;

/// The batch size of one proptest case: at least RANDOM_STRINGS_PER_RUN strings are spread
/// over the cases proptest runs (`PROPTEST_CASES`, 256 by default). Each case is one
/// round trip to the same ruby process, and shrinks to the strings that fail.
fn strings_per_case() -> usize {
    let cases = ProptestConfig::default().cases.max(1) as usize;
    RANDOM_STRINGS_PER_RUN.div_ceil(cases).max(4)
}

#[test]
fn psych_reads_random_strings_back_as_the_same_strings() {
    let Some(psych) = Psych::start() else {
        return;
    };
    let psych = RefCell::new(psych);
    let batch =
        proptest::collection::vec(pipeline_dsl::testing::arb_yaml_string(), strings_per_case());
    proptest!(|(strings in batch)| {
        let failures = check_strings(&mut psych.borrow_mut(), &strings);
        prop_assert!(
            failures.is_empty(),
            "{} document(s) did not read back as the same String:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    });
}

// ---------------------------------------------------------------------------------------
// Our reader's typing of plain scalars against Psych's.
// ---------------------------------------------------------------------------------------

/// Whether our value is what Psych loaded.
fn same_scalar(ruby: &Ruby, ours: &Value) -> bool {
    match (ruby, ours) {
        (Ruby::Str(a), Value::String(b)) => a == b,
        (Ruby::Int(a), Value::Int(b)) => *a == b.to_string(),
        (Ruby::Float(a), Value::Float(Float(b))) => match a.as_str() {
            "NaN" => b.is_nan(),
            "Infinity" => *b == f64::INFINITY,
            "-Infinity" => *b == f64::NEG_INFINITY,
            a => a.parse::<f64>().is_ok_and(|a| a.to_bits() == b.to_bits()),
        },
        (Ruby::Bool(a), Value::Bool(b)) => a == b,
        (Ruby::Nil, Value::Null) => true,
        _ => false,
    }
}

/// `v: <s>` for every one-line string: the plain spellings Psych types.
fn plain_docs(strings: &[String]) -> Vec<(String, String)> {
    strings
        .iter()
        .filter(|s| !s.contains(['\n', '\r']))
        .map(|s| (s.clone(), format!("v: {s}\n")))
        .collect()
}

/// The value under `v` when Psych loaded `{v: ...}`.
fn psych_v(loaded: &Loaded) -> Option<&Ruby> {
    match loaded {
        Ok(Ruby::Hash(pairs)) => match pairs.as_slice() {
            [(Ruby::Str(k), v)] if k == "v" => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// Whether our reader refused the text for one of the documented reasons where refusing
/// beats reading something else: integers beyond 64 bits, anchor names libyaml cuts
/// short, the Unicode line breaks only libyaml honours, and a comment glued to a quoted
/// scalar (libyaml allows it; our YAML 1.2 parser does not). Never a silent misreading.
fn deliberately_refused(result: &Result<Vec<Value>, import::ImportError>) -> bool {
    const REASONS: [&str; 4] = [
        "too large for pipeline-dsl",
        "anchor name",
        "line break to GitLab's YAML parser",
        "comments must be separated",
    ];
    matches!(result, Err(e) if e.diagnostics.iter().any(|d| REASONS.iter().any(|r| d.message.contains(r))))
}

/// Whether our reader refused the text as a date or a time.
fn refused_as_date(result: &Result<Vec<Value>, import::ImportError>) -> bool {
    result
        .as_ref()
        .is_err_and(|e| e.to_string().contains("date or time"))
}

/// The outcome of comparing our reader with Psych on plain scalars.
#[derive(Default)]
struct Typing {
    failures: Vec<String>,
    /// Scalars both loaded and compared.
    compared: usize,
    /// Dates and times Psych refused (`DisallowedClass`).
    refused_dates: usize,
    /// Scalars we refuse on purpose rather than keep inexactly (see `deliberately_refused`).
    refused_on_purpose: usize,
}

/// Our reader (`import::load_values`) against Psych on `v: <s>` for every one-line `s`:
/// - what Psych refuses as a date or time (`DisallowedClass`), we refuse; what we refuse
///   as a date or time, Psych refuses;
/// - a scalar Psych loads, we load with the same type and value (Symbols are left to
///   `psych_symbols_are_not_read_as_strings`);
/// - for a tagged scalar (`! x`, `!x`), where we refuse every tag but `!reference` by
///   design, we either refuse or agree, never read something else;
/// - documents Psych cannot load, and collections, are not compared.
fn compare_typing(psych: &mut Psych, strings: &[String]) -> Typing {
    let docs = plain_docs(strings);
    let texts: Vec<String> = docs.iter().map(|(_, d)| d.clone()).collect();
    let loaded = psych.load(&texts);
    let mut t = Typing::default();
    for ((s, doc), psych) in docs.iter().zip(&loaded) {
        let ours = import::load_values(doc);
        let shown = doc.trim_end();
        if matches!(psych, Err(e) if e.starts_with("Psych::DisallowedClass")) {
            t.refused_dates += 1;
            if ours.is_ok() {
                t.failures.push(format!(
                    "{s:?} (`{shown}`): Psych raises {psych:?}, we read {ours:?}"
                ));
            }
            continue;
        }
        if refused_as_date(&ours) {
            // Refusing agrees with Psych when Psych cannot load the text either.
            if psych.is_ok() {
                t.failures.push(format!(
                    "{s:?} (`{shown}`): we refuse it as a date or time, but Psych reads {psych:?}"
                ));
            }
            continue;
        }
        let Some(v) = psych_v(psych) else { continue };
        if matches!(v, Ruby::Sym(_) | Ruby::Array(_) | Ruby::Hash(_)) {
            continue;
        }
        t.compared += 1;
        let ours_v = match &ours {
            Ok(docs) => match docs.as_slice() {
                [Value::Map(m)] if m.len() == 1 => m.get("v"),
                _ => None,
            },
            Err(_) => None,
        };
        match ours_v {
            Some(o) if same_scalar(v, o) => {}
            None if s.trim_start().starts_with('!') && ours.is_err() => {}
            None if deliberately_refused(&ours) => t.refused_on_purpose += 1,
            Some(o) => t
                .failures
                .push(format!("{s:?} (`{shown}`): Psych reads {v}, we read {o:?}")),
            None => t.failures.push(format!(
                "{s:?} (`{shown}`): Psych reads {v}, we read {ours:?}"
            )),
        }
    }
    t
}

#[test]
fn our_reader_types_plain_scalars_as_psych_does() {
    let Some(mut psych) = Psych::start() else {
        return;
    };
    let t = compare_typing(&mut psych, &traps());
    assert!(
        t.compared > 200,
        "only {} plain scalars were compared",
        t.compared
    );
    assert!(
        t.refused_dates >= 4,
        "only {} dates/times were refused by Psych",
        t.refused_dates
    );
    assert!(
        t.failures.is_empty(),
        "{} plain scalar(s) typed differently from Psych:\n{}",
        t.failures.len(),
        t.failures.join("\n")
    );
}

/// Characters that cannot start a plain scalar (YAML's indicators, but `-`, `?` and `:`,
/// which can when a non-space follows).
const PLAIN_START_INDICATORS: [char; 16] = [
    '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

#[test]
fn our_reader_types_random_plain_scalars_as_psych_does() {
    let Some(psych) = Psych::start() else {
        return;
    };
    let psych = RefCell::new(psych);
    // Plain scalars only: a first character that starts a quoted scalar, a collection, a
    // tag, an anchor, an alias, a comment or a block scalar makes something else.
    let plain = pipeline_dsl::testing::arb_yaml_string().prop_filter("a plain scalar", |s| {
        !s.trim_start().starts_with(PLAIN_START_INDICATORS)
    });
    let batch = proptest::collection::vec(plain, strings_per_case());
    proptest!(|(strings in batch)| {
        let t = compare_typing(&mut psych.borrow_mut(), &strings);
        prop_assert!(
            t.failures.is_empty(),
            "{} plain scalar(s) typed differently from Psych:\n{}",
            t.failures.len(),
            t.failures.join("\n")
        );
    });
}

#[test]
fn psych_symbols_are_not_read_as_strings() {
    // GitLab sees a Ruby Symbol for a plain `:sym` (its string form drops the colon); the
    // model has no Symbol, so reading the String ":sym" would silently change the text.
    // The reader must refuse such a file instead.
    let Some(mut psych) = Psych::start() else {
        return;
    };
    let docs = plain_docs(&traps());
    let texts: Vec<String> = docs.iter().map(|(_, d)| d.clone()).collect();
    let loaded = psych.load(&texts);
    let mut symbols = 0;
    let mut failures = Vec::new();
    for ((_, doc), psych) in docs.iter().zip(&loaded) {
        let Some(Ruby::Sym(sym)) = psych_v(psych) else {
            continue;
        };
        symbols += 1;
        if let Ok(v) = import::load_values(doc) {
            failures.push(format!(
                "`{}`: Psych reads the Symbol :{sym:?}, we read {v:?}",
                doc.trim_end()
            ));
        }
    }
    assert!(symbols >= 3, "only {symbols} symbols in the trap list");
    assert!(
        failures.is_empty(),
        "plain symbols read as something else:\n{}",
        failures.join("\n")
    );
}

/// Non-string scalars the emitter writes come back from Psych with the same type and value.
#[test]
fn psych_reads_emitted_numbers_booleans_and_null_as_written() {
    let Some(mut psych) = Psych::start() else {
        return;
    };
    let mut values: Vec<Value> = vec![Value::Null, Value::Bool(true), Value::Bool(false)];
    values.extend(
        [
            0,
            1,
            -1,
            7,
            493,
            1000,
            45_000,
            i64::from(i32::MAX),
            i64::MAX,
            i64::MIN,
        ]
        .map(Value::Int),
    );
    values.extend(
        [
            0.0,
            -0.0,
            0.5,
            1.0,
            -1.5,
            100.0,
            1e15,
            1e16,
            1e20,
            1.5e300,
            1e-7,
            1e-5,
            0.1,
            123_456.789,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]
        .map(|f| Value::Float(Float(f))),
    );
    let docs: Vec<String> = values
        .iter()
        .map(|v| {
            let mut m = Mapping::new();
            m.insert("v".into(), v.clone());
            emit::value_to_string(&Value::Map(m)).unwrap()
        })
        .collect();
    let loaded = psych.load(&docs);
    let mut failures = String::new();
    for ((v, doc), l) in values.iter().zip(&docs).zip(&loaded) {
        match psych_v(l) {
            Some(r) if same_scalar(r, v) => {}
            other => {
                let _ = writeln!(failures, "{v:?}: Psych read {other:?} ({l:?}) from:\n{doc}");
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}
