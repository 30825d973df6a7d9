//! The spanned YAML tree that import works on: what Ruby's Psych would load (aliases
//! expanded, `<<` merged, scalars typed by YAML 1.1 rules), with the source position of
//! every node kept for diagnostics.

use crate::diagnostic::SourceSpan;
use crate::model::{Float, Mapping, Reference, Value};

/// One loaded YAML node.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) span: SourceSpan,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// `!reference [a, b]`: kept apart so that any converter can tell it from a list.
    Reference(Vec<Node>),
}

/// One `key: value` pair of a mapping, after merge keys were applied.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: SourceSpan,
    pub(crate) value: Node,
}

/// A scalar with the type Psych gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Node {
    /// A short description of the node's type for "expected X, found Y" messages.
    pub(crate) fn found(&self) -> String {
        match &self.kind {
            NodeKind::Scalar(Scalar::Null) => "null".into(),
            NodeKind::Scalar(Scalar::Bool(b)) => format!("the boolean `{b}`"),
            NodeKind::Scalar(Scalar::Int(i)) => format!("the integer `{i}`"),
            NodeKind::Scalar(Scalar::Float(f)) => format!("the number `{f}`"),
            NodeKind::Scalar(Scalar::Str(s)) => {
                let shown: String = s.chars().take(40).collect();
                let ellipsis = if s.chars().count() > 40 { "..." } else { "" };
                format!("the string `{}{ellipsis}`", shown.escape_debug())
            }
            NodeKind::Seq(_) => "a list".into(),
            NodeKind::Map(_) => "a mapping".into(),
            NodeKind::Reference(_) => "a `!reference`".into(),
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(Scalar::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar(Scalar::Null))
    }

    pub(crate) fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a mapping node.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// The untyped value, for `extra` keys and free-form payloads.
    pub(crate) fn to_value(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar(s) => match s {
                Scalar::Null => Value::Null,
                Scalar::Bool(b) => Value::Bool(*b),
                Scalar::Int(i) => Value::Int(*i),
                Scalar::Float(f) => Value::Float(Float(*f)),
                Scalar::Str(s) => Value::String(s.clone()),
            },
            NodeKind::Seq(items) => Value::Seq(items.iter().map(Node::to_value).collect()),
            NodeKind::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_value()))
                    .collect::<Mapping>(),
            ),
            NodeKind::Reference(parts) => Value::Reference(Reference(
                parts
                    .iter()
                    .map(|p| p.as_str().unwrap_or_default().to_owned())
                    .collect(),
            )),
        }
    }
}

/// Types a plain (unquoted) scalar as Psych's `ScalarScanner#tokenize` does (YAML 1.1).
///
/// Returns `Err` with a reason for the spellings GitLab cannot load at all: dates and
/// times (GitLab's loader permits no `Date` or `Time` class, so the whole file is refused).
pub(crate) fn resolve_plain(text: &str) -> Result<Scalar, &'static str> {
    if text.is_empty() || text == "~" || text.eq_ignore_ascii_case("null") {
        return Ok(Scalar::Null);
    }
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "yes" | "true" | "on") {
        return Ok(Scalar::Bool(true));
    }
    if matches!(lower.as_str(), "no" | "false" | "off") {
        return Ok(Scalar::Bool(false));
    }
    // Psych's shortcut: text that starts like a word is a string (except the words above).
    if starts_like_word(text) || text.contains('\n') {
        return Ok(Scalar::Str(text.to_owned()));
    }
    if is_timestamp(text) || is_date(text) {
        return Err("GitLab's YAML loader reads this as a date or time and refuses the file");
    }
    match lower.as_str() {
        ".inf" | "+.inf" => return Ok(Scalar::Float(f64::INFINITY)),
        "-.inf" => return Ok(Scalar::Float(f64::NEG_INFINITY)),
        ".nan" => return Ok(Scalar::Float(f64::NAN)),
        _ => {}
    }
    if let Some(v) = sexagesimal_int(text) {
        return Ok(Scalar::Int(v));
    }
    if let Some(v) = sexagesimal_float(text) {
        return Ok(Scalar::Float(v));
    }
    if is_psych_float(text) {
        if text.trim_start_matches(['-', '+']) == "." {
            return Ok(Scalar::Str(text.to_owned()));
        }
        let cleaned: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
        // Ruby's Float() accepts `1.` and `1.e5` once the trailing dot is dropped.
        let cleaned = cleaned
            .replace(".e", "e")
            .replace(".E", "E")
            .trim_end_matches('.')
            .to_owned();
        if let Ok(v) = cleaned.parse::<f64>() {
            return Ok(Scalar::Float(v));
        }
        return Ok(Scalar::Str(text.to_owned()));
    }
    if let Some(v) = psych_int(text) {
        return Ok(Scalar::Int(v));
    }
    Ok(Scalar::Str(text.to_owned()))
}

/// Psych: `string.match?(%r{^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+})`, which
/// (after the boolean and null words) makes the text a plain string.
fn starts_like_word(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let Some(&first) = chars.peek() else {
        return false;
    };
    let word_char = |c: char| c.is_alphabetic() || "_ \t!@#$%^&*(){}<>|/\\~;=".contains(c);
    if !(first.is_ascii_digit() || first == '.' || first == ':' || first == '-') {
        chars.next();
        if word_char(first) {
            return true;
        }
    }
    chars.next().is_some_and(word_char)
}

fn all_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// `^\d{4}-\d{1,2}-\d{1,2}$` (Psych's date pattern, loosely: the month and day ranges it
/// checks only decide between a date and an error, and both refuse the file).
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && all_digits(parts[0], 4, 4)
        && all_digits(parts[1], 1, 2)
        && all_digits(parts[2], 1, 2)
}

/// Psych's TIME: a date, `T`/`t` or spaces, `h:mm:ss`, optional fraction and zone.
fn is_timestamp(text: &str) -> bool {
    if text.len() < 10 || !text.is_char_boundary(10) || !is_date(&text[..10]) {
        return false;
    }
    let rest = &text[10..];
    let rest = if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return false;
        }
        trimmed
    };
    let mut parts = rest.splitn(3, ':');
    let (Some(h), Some(m), Some(s)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    all_digits(h, 1, 2) && all_digits(m, 2, 2) && s.len() >= 2 && all_digits(&s[..2], 2, 2)
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$` read as base 60.
fn sexagesimal_int(text: &str) -> Option<i64> {
    let (sign, body) = split_sign(text);
    let parts: Vec<&str> = body.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let head = parts[0];
    if head.is_empty()
        || !head.as_bytes()[0].is_ascii_digit()
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    if !parts[1..].iter().all(|p| is_base60_digit(p)) {
        return None;
    }
    // Psych sums n * 60 ** |e - 2| over the parts, so `1:30` is 1*3600 + 30*60... as Ruby does.
    let mut total: i64 = 0;
    for (e, n) in parts.iter().enumerate() {
        let n: i64 = n.replace('_', "").parse().ok()?;
        let power = 60_i64.checked_pow(u32::try_from(e.abs_diff(2)).ok()?)?;
        total = total.checked_add(n.checked_mul(power)?)?;
    }
    Some(if sign == "-" { -total } else { total })
}

fn is_base60_digit(p: &str) -> bool {
    (1..=2).contains(&p.len())
        && p.bytes().all(|b| b.is_ascii_digit())
        && (p.len() == 1 || p.as_bytes()[0] <= b'5')
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$` read as base 60 with a fraction.
fn sexagesimal_float(text: &str) -> Option<f64> {
    let (sign, body) = split_sign(text);
    let (whole, frac) = body.rsplit_once('.')?;
    if !frac.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    let parts: Vec<&str> = whole.split(':').collect();
    if !(2..=3).contains(&parts.len()) || !parts[1..].iter().all(|p| is_base60_digit(p)) {
        return None;
    }
    let head = parts[0];
    if head.is_empty()
        || !head.as_bytes()[0].is_ascii_digit()
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    // Psych: the last part carries the fraction; base 60 from the right.
    let mut total = 0.0_f64;
    let n = parts.len();
    for (i, p) in parts.iter().enumerate() {
        let mut v: f64 = p.replace('_', "").parse().ok()?;
        if i == n - 1 {
            v += format!("0.{}", frac.replace('_', ""))
                .parse::<f64>()
                .unwrap_or(0.0);
        }
        total = total * 60.0 + v;
    }
    Some(if sign == "-" { -total } else { total })
}

fn split_sign(text: &str) -> (&str, &str) {
    match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("+", &text[1..]),
        _ => ("", text),
    }
}

/// Psych's FLOAT: `^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$` (the special
/// spellings were handled before).
fn is_psych_float(text: &str) -> bool {
    let (_, body) = split_sign(text);
    let Some((int_part, rest)) = body.split_once('.') else {
        return false;
    };
    let int_ok = int_part.is_empty()
        || (int_part.as_bytes()[0].is_ascii_digit()
            && int_part
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'_' || b == b','));
    if !int_ok {
        return false;
    }
    let (frac, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match exp {
        None => true,
        Some(e) => {
            let (sign, digits) = split_sign(e);
            !sign.is_empty() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// Psych's legacy INTEGER: binary, octal (leading 0), decimal with `_`/`,` separators, hex.
fn psych_int(text: &str) -> Option<i64> {
    let (sign, body) = split_sign(text);
    let negative = sign == "-";
    let apply = |v: i64| if negative { v.checked_neg() } else { Some(v) };
    let clean = |s: &str| {
        s.chars()
            .filter(|c| *c != '_' && *c != ',')
            .collect::<String>()
    };
    if let Some(bin) = body.strip_prefix("0b") {
        if !bin.is_empty() && bin.bytes().all(|b| matches!(b, b'0' | b'1' | b'_' | b',')) {
            return i64::from_str_radix(&clean(bin), 2).ok().and_then(apply);
        }
        return None;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        if !hex.is_empty()
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b'_' || b == b',')
        {
            return i64::from_str_radix(&clean(hex), 16).ok().and_then(apply);
        }
        return None;
    }
    if body.len() > 1 && body.starts_with('0') {
        if body.bytes().all(|b| matches!(b, b'0'..=b'7' | b'_' | b',')) {
            let digits = clean(body);
            return i64::from_str_radix(&digits, 8).ok().and_then(apply);
        }
        return None;
    }
    if body == "0" {
        return Some(0);
    }
    // [1-9](?:[0-9]|,[0-9]|_[0-9])*
    let bytes = body.as_bytes();
    if bytes.is_empty() || !matches!(bytes[0], b'1'..=b'9') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => i += 1,
            b'_' | b',' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 2,
            _ => return None,
        }
    }
    clean(body).parse::<i64>().ok().and_then(apply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_spellings_are_typed_as_psych_types_them() {
        assert_eq!(resolve_plain("on"), Ok(Scalar::Bool(true)));
        assert_eq!(resolve_plain("No"), Ok(Scalar::Bool(false)));
        assert_eq!(resolve_plain("y"), Ok(Scalar::Str("y".into())));
        assert_eq!(resolve_plain("0755"), Ok(Scalar::Int(493)));
        assert_eq!(resolve_plain("08"), Ok(Scalar::Str("08".into())));
        assert_eq!(resolve_plain("1_000"), Ok(Scalar::Int(1000)));
        assert_eq!(resolve_plain("0x1F"), Ok(Scalar::Int(31)));
        assert_eq!(resolve_plain("12:30"), Ok(Scalar::Int(45000)));
        assert_eq!(resolve_plain("1.5"), Ok(Scalar::Float(1.5)));
        assert_eq!(resolve_plain("1e3"), Ok(Scalar::Str("1e3".into())));
        assert_eq!(resolve_plain("~"), Ok(Scalar::Null));
        assert_eq!(
            resolve_plain("docker:dind"),
            Ok(Scalar::Str("docker:dind".into()))
        );
        assert_eq!(resolve_plain("v1.2.3"), Ok(Scalar::Str("v1.2.3".into())));
        assert_eq!(resolve_plain("1.2.3"), Ok(Scalar::Str("1.2.3".into())));
        assert!(resolve_plain("2019-12-01").is_err());
        assert!(resolve_plain("2019-12-01 10:00:00").is_err());
    }
}
