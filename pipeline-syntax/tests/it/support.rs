//! Helpers: reading the shared GitLab data files in place, and a small JSON reader for the
//! `variables` and `value` columns of `expression-cases.tsv`.

use std::path::PathBuf;

/// Reads `../shared/gitlab-ci/<relative>` (relative to the workspace root).
///
/// A missing file skips the test loudly, unless `CI=true`, where it fails: CI must never pass
/// a conformance test by not running it.
pub(crate) fn read_shared(relative: &str) -> Option<String> {
    read_shared_in(relative, std::env::var("CI").as_deref() == Ok("true"))
}

#[allow(
    clippy::print_stderr,
    reason = "the skip must be loud in the test output"
)]
fn read_shared_in(relative: &str, ci: bool) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/gitlab-ci")
        .join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) => {
            let message = format!("{} not found ({err})", path.display());
            assert!(!ci, "{message}; CI=true needs it");
            eprintln!("SKIPPED: {message}; set CI=true to make this a failure");
            None
        }
    }
}

#[test]
fn missing_data_files_skip_outside_ci_and_fail_in_ci() {
    assert_eq!(read_shared_in("no-such-file.tsv", false), None);
    assert!(std::panic::catch_unwind(|| read_shared_in("no-such-file.tsv", true)).is_err());
}

/// A JSON value, as far as the data files need.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn parse(text: &str) -> Json {
        let mut reader = Reader {
            chars: text.chars().collect(),
            pos: 0,
        };
        let value = reader.value();
        reader.skip_space();
        assert_eq!(
            reader.pos,
            reader.chars.len(),
            "trailing text in JSON {text:?}"
        );
        value
    }
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
}

impl Reader {
    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn next(&mut self) -> char {
        let c = self.chars[self.pos];
        self.pos += 1;
        c
    }

    fn expect(&mut self, word: &str) {
        for expected in word.chars() {
            assert_eq!(self.next(), expected, "malformed JSON");
        }
    }

    fn value(&mut self) -> Json {
        self.skip_space();
        match self.chars[self.pos] {
            '{' => self.object(),
            '"' => Json::String(self.string()),
            'n' => {
                self.expect("null");
                Json::Null
            }
            't' => {
                self.expect("true");
                Json::Bool(true)
            }
            'f' => {
                self.expect("false");
                Json::Bool(false)
            }
            _ => {
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(*c))
                {
                    self.pos += 1;
                }
                assert!(self.pos > start, "unexpected JSON at {start}");
                Json::Number(self.chars[start..self.pos].iter().collect())
            }
        }
    }

    fn object(&mut self) -> Json {
        self.expect("{");
        let mut members = Vec::new();
        self.skip_space();
        if self.chars[self.pos] == '}' {
            self.pos += 1;
            return Json::Object(members);
        }
        loop {
            self.skip_space();
            let key = self.string();
            self.skip_space();
            self.expect(":");
            members.push((key, self.value()));
            self.skip_space();
            match self.next() {
                ',' => {}
                '}' => return Json::Object(members),
                c => panic!("unexpected `{c}` in JSON object"),
            }
        }
    }

    fn string(&mut self) -> String {
        self.expect("\"");
        let mut out = String::new();
        loop {
            match self.next() {
                '"' => return out,
                '\\' => match self.next() {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).map(|_| self.next()).collect();
                        let code = u32::from_str_radix(&hex, 16).expect("hex escape");
                        out.push(char::from_u32(code).expect("a scalar value"));
                    }
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
    }
}

#[test]
fn json_reader_reads_the_shapes_of_the_data_files() {
    let parsed = Json::parse(r#"{"A":"l1\nl2","inputs":{"x":"a\"b"},"n":null,"t":true,"k":12}"#);
    let expected = Json::Object(vec![
        ("A".into(), Json::String("l1\nl2".into())),
        (
            "inputs".into(),
            Json::Object(vec![("x".into(), Json::String("a\"b".into()))]),
        ),
        ("n".into(), Json::Null),
        ("t".into(), Json::Bool(true)),
        ("k".into(), Json::Number("12".into())),
    ]);
    assert_eq!(parsed, expected);
}
