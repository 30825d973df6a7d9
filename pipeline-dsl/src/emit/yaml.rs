//! [`Value`] trees to YAML text GitLab reads exactly as meant: serde-saphyr writes the
//! text (it quotes YAML 1.1 look-alikes such as `on`, `0755`, `12:30`), with no line
//! folding, block literals for multi-line strings, `!reference` as a tag, and our guard
//! for the two shapes it would leave ambiguous. YAML library types stay in this module.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_saphyr::{DoubleQuoted, SerializerOptions, Tagged};

use crate::model::Value;

/// Writes one YAML document (no `---`), ending in a newline.
pub(crate) fn document(value: &Value) -> Result<String, String> {
    let mut options = SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX;
    options.min_fold_chars = usize::MAX;
    serde_saphyr::to_string_with_options(&Guarded(value), options).map_err(|e| e.to_string())
}

/// Whether serde-saphyr's own quoting is not enough for `s` and it must be double-quoted:
/// any single-line string that Psych would not read back as itself when plain (such as
/// `1,000` or `1:30`, numbers to Psych, or a timestamp with a short zone), and a multi-line
/// string whose first non-empty line starts with a tab (no valid block literal).
pub(crate) fn needs_guard(s: &str) -> bool {
    if s.contains('\n') {
        // A block literal takes its indentation from the first non-empty line; a tab there
        // cannot be written as block content.
        s.lines()
            .find(|l| !l.is_empty())
            .is_some_and(|l| l.starts_with('\t'))
    } else {
        match word_is_itself(s) {
            Some(itself) => !itself,
            None => crate::yaml11::plain_is_not_this_string(s),
        }
    }
}

/// The cheap answer to "does Psych read plain `s` back as itself?" for the common case, a
/// single line that starts like a word: Psych's resolver reads such text as a string
/// unless it is one of the null or boolean words it checks first
/// (`yaml11::resolve_plain`, in that order). `None` when the full resolver must decide.
fn word_is_itself(s: &str) -> Option<bool> {
    if !starts_like_word(s) {
        return None;
    }
    let special = s.len() <= 5
        && ["null", "yes", "true", "on", "no", "false", "off", "~"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w));
    Some(!special)
}

/// `yaml11::starts_like_word`: Psych's
/// `string.match?(%r{^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+})`.
fn starts_like_word(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let word_char = |c: char| c.is_alphabetic() || "_ \t!@#$%^&*(){}<>|/\\~;=".contains(c);
    // Psych's optional first character may not be one of these; none is a word character
    // either, so such text does not start like a word.
    if first.is_ascii_digit() || first == '.' || first == ':' || first == '-' {
        return false;
    }
    word_char(first) || chars.next().is_some_and(word_char)
}

struct Guarded<'a>(&'a Value);

struct GuardedStr<'a>(&'a str);

impl Serialize for GuardedStr<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if needs_guard(self.0) {
            DoubleQuoted(self.0).serialize(serializer)
        } else {
            serializer.serialize_str(self.0)
        }
    }
}

impl Serialize for Guarded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(f.0),
            Value::String(s) => GuardedStr(s).serialize(serializer),
            Value::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Guarded(item))?;
                }
                seq.end()
            }
            Value::Map(map) => {
                let mut m = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(&GuardedStr(k), &Guarded(v))?;
                }
                m.end()
            }
            Value::Reference(r) => {
                let parts: Vec<GuardedStr<'_>> = r.0.iter().map(|s| GuardedStr(s)).collect();
                Tagged(parts, Some("!reference".to_owned())).serialize(serializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_quotes_what_psych_would_not_read_back_as_itself() {
        // Psych reads these plain as numbers...
        assert!(needs_guard("1,000"));
        assert!(needs_guard("1_0:30"));
        // ...but `1,2:3` as a string (checked with Ruby), so it may stay plain.
        assert!(!needs_guard("1,2:3"));
        assert!(needs_guard("1:30"));
        assert!(needs_guard("\tfoo\nbar"));
        assert!(!needs_guard("docker:dind"));
        assert!(!needs_guard("1.2.3"));
        assert!(needs_guard("2001-12-14 21:59:43.10 -500"));
        assert!(needs_guard("on"));
        assert!(!needs_guard("foo\n\tbar"));
        assert!(needs_guard("\n\t"));
    }

    #[test]
    fn the_shortcut_agrees_with_the_resolver() {
        let words = [
            "",
            "~",
            "a",
            "null",
            "NULL",
            "Null ",
            "yes",
            "Yes",
            "y",
            "on",
            "ON",
            "off",
            "no",
            "No ",
            "true",
            "false",
            "falsey",
            "1 week",
            "1",
            "1.5",
            "-a",
            ".a",
            ":a",
            "a:",
            "_a",
            " a",
            "\ta",
            "!a",
            "@a",
            "#a",
            "$a",
            "%a",
            "^a",
            "&a",
            "*a",
            "(a",
            "{a",
            "<a",
            "|a",
            "/a",
            "\\a",
            "~a",
            ";a",
            "=a",
            "é",
            "éa",
            "1é",
            "+1",
            "+a",
            "'a",
            "\"a",
            ",a",
            "?a",
            "[a",
            "`a",
            "a b",
            "1:30",
            "2001-12-14",
            "0x1F",
            "a\u{85}",
            "日本",
            "-1",
            "--",
            ". a",
        ];
        for s in words {
            if let Some(itself) = word_is_itself(s) {
                assert_eq!(itself, !crate::yaml11::plain_is_not_this_string(s), "{s:?}");
            }
            assert_eq!(
                needs_guard(s),
                crate::yaml11::plain_is_not_this_string(s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn references_are_written_as_tags() {
        let v = Value::Map(
            [(
                "script".to_owned(),
                Value::Reference(crate::model::Reference::new([".setup", "script"])),
            )]
            .into_iter()
            .collect(),
        );
        let text = document(&v).unwrap();
        assert!(text.starts_with("script: !reference"), "{text}");
    }
}
