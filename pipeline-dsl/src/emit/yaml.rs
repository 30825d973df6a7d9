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
/// a numeric-looking string with `,` or `:` (Psych reads `1,000` and `1:30` as numbers),
/// and a multi-line string whose first line starts with a tab (no valid block literal).
pub(crate) fn needs_guard(s: &str) -> bool {
    let numeric_with_separator = s.bytes().any(|b| b == b',' || b == b':')
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b':' | b'.' | b'_' | b'+' | b'-'));
    let tab_led_block = s.contains('\n') && s.starts_with('\t');
    numeric_with_separator || tab_led_block
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
    fn the_guard_catches_the_two_shapes_serde_saphyr_leaves_plain() {
        assert!(needs_guard("1,2:3"));
        assert!(needs_guard("1:30"));
        assert!(needs_guard("\tfoo\nbar"));
        assert!(!needs_guard("docker:dind"));
        assert!(!needs_guard("1.2.3"));
        assert!(!needs_guard("foo\n\tbar"));
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
