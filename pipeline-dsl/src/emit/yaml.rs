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
    let not_itself_when_plain = !s.contains('\n') && crate::yaml11::plain_is_not_this_string(s);
    // A block literal takes its indentation from the first non-empty line; a tab there
    // cannot be written as block content.
    let tab_led_block = s.contains('\n')
        && s.lines()
            .find(|l| !l.is_empty())
            .is_some_and(|l| l.starts_with('\t'));
    not_itself_when_plain || tab_led_block
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
