//! Untyped YAML data as GitLab reads it: the payload of `extra` keys, `inputs` and
//! other places where GitLab itself accepts any value.
//!
//! No YAML library type appears here; `import` and `emit` translate.

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

/// An ordered mapping from string keys to values; order is kept as written.
pub type Mapping = IndexMap<String, Value>;

/// One YAML value, typed as GitLab's YAML 1.1 loader (Ruby's Psych) types it.
///
/// ```
/// use pipeline_dsl::model::Value;
///
/// let v = Value::from("main");
/// assert_eq!(v.as_str(), Some("main"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null`, `~` or an empty value.
    #[default]
    Null,
    /// `true` / `false` (YAML 1.1 also reads `yes`, `on`, ... as booleans).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(Float),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<Value>),
    /// A mapping, in written order.
    Map(Mapping),
    /// GitLab's `!reference [job, key, ...]` tag.
    Reference(Reference),
}

/// A floating-point number compared by bits, so models stay `Eq`.
#[derive(Debug, Clone, Copy)]
pub struct Float(pub f64);

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits() || (self.0.is_nan() && other.0.is_nan())
    }
}
impl Eq for Float {}

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

/// GitLab's `!reference [job, key, ...]`: reuse a value from another job or hidden key.
///
/// GitLab reference: <https://docs.gitlab.com/ci/yaml/yaml_optimization/#reference-tags>
///
/// ```
/// use pipeline_dsl::model::Reference;
///
/// let r = Reference::new([".setup", "script"]);
/// assert_eq!(r.to_string(), "!reference [.setup, script]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference(pub Vec<String>);

/// The newtype-struct name that tells the emitter's value serializer "this is a `!reference`".
#[doc(hidden)]
pub const REFERENCE_MARKER: &str = "$pipeline_dsl::Reference";

impl Reference {
    /// A reference to the path `parts` (a job or hidden key, then keys inside it).
    pub fn new<I, S>(parts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(parts.into_iter().map(Into::into).collect())
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "!reference [{}]", self.0.join(", "))
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(REFERENCE_MARKER, &self.0)
    }
}

impl Value {
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping, if this is a mapping.
    pub fn as_map(&self) -> Option<&Mapping> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// A short name of the value's type, as error messages say it (`a string`, `a list`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Reference(_) => "a `!reference`",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => f.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Seq(items) => items.serialize(serializer),
            Value::Map(map) => map.serialize(serializer),
            Value::Reference(r) => r.serialize(serializer),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "any YAML value" })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Reference {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Reference".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "`!reference [job, key, ...]`",
            "type": "array",
            "items": { "type": "string", "minLength": 1 }
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Float {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Float".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}
