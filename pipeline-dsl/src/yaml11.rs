//! YAML 1.1 as Ruby's Psych types it: which plain (unquoted) scalars are booleans, null,
//! integers (octal, hex, sexagesimal, `1_000`), floats, dates and times, or symbols. One
//! place shared by import (reading as GitLab reads) and emit (quoting what would not read
//! back as the string it is).

/// A scalar with the type Psych gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
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
    if text.len() > 1 && text.starts_with(':') {
        return Err("GitLab's YAML loader reads a plain `:word` as a Ruby symbol, not a string");
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
    match psych_int(text) {
        Some(Ok(v)) => Ok(Scalar::Int(v)),
        Some(Err(())) => Err("this integer is too large for pipeline-dsl to keep exactly"),
        None => Ok(Scalar::Str(text.to_owned())),
    }
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

/// Psych's date pattern, `^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$` (a match
/// makes Psych load a `Date`, which GitLab's loader refuses).
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    let month_ok = match month.as_bytes() {
        [m] => m.is_ascii_digit(),
        [b'1', b'0'..=b'2'] | [b'0', b'0'..=b'9'] => true,
        _ => false,
    };
    let day_ok = match day.as_bytes() {
        [d] => d.is_ascii_digit(),
        [b'1' | b'2', b'0'..=b'9'] | [b'3', b'0' | b'1'] | [b'0', b'0'..=b'9'] => true,
        _ => false,
    };
    all_digits(year, 4, 4) && month_ok && day_ok
}

/// Psych's TIME pattern:
/// `^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(\d\d)?))?$`.
fn is_timestamp(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let b = text.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start >= min
    };
    let lit = |i: &mut usize, c: u8| {
        if b.get(*i) == Some(&c) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !(digits(&mut i, 4, 4) && lit(&mut i, b'-') && digits(&mut i, 1, 2) && lit(&mut i, b'-')) {
        return false;
    }
    if !digits(&mut i, 1, 2) {
        return false;
    }
    if !(lit(&mut i, b'T') || lit(&mut i, b't')) {
        let start = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if !(digits(&mut i, 1, 2)
        && lit(&mut i, b':')
        && digits(&mut i, 2, 2)
        && lit(&mut i, b':')
        && digits(&mut i, 2, 2))
    {
        return false;
    }
    if lit(&mut i, b'.') {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i == b.len() {
        return true;
    }
    // The zone: `\s*(?:Z|[-+]\d{1,2}:?(\d\d)?)`, then the end.
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if lit(&mut i, b'Z') {
        return i == b.len();
    }
    if !(lit(&mut i, b'-') || lit(&mut i, b'+')) {
        return false;
    }
    // `\d{1,2}:?(\d\d)?`: try one and two leading digits, as the regex backtracks.
    let rest = &text[i..];
    [1, 2].iter().any(|&n| {
        // Check the bytes first: only then is `n` a character boundary.
        rest.len() >= n && rest.as_bytes()[..n].iter().all(u8::is_ascii_digit) && {
            let tail = rest[n..].strip_prefix(':').unwrap_or(&rest[n..]);
            tail.is_empty() || (tail.len() == 2 && tail.bytes().all(|c| c.is_ascii_digit()))
        }
    })
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
    // Psych sums `n.to_i * 60 ** |e - 2|` over the parts (so `1:30` is 1*3600 + 30*60),
    // and only the first part carries the sign (`-12:30` is -43200 + 1800).
    let mut total: i64 = 0;
    for (e, n) in parts.iter().enumerate() {
        let mut n: i64 = n.replace('_', "").parse().ok()?;
        if e == 0 && sign == "-" {
            n = -n;
        }
        let power = 60_i64.checked_pow(u32::try_from(e.abs_diff(2)).ok()?)?;
        total = total.checked_add(n.checked_mul(power)?)?;
    }
    Some(total)
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
    // Psych sums `n.to_f * 60 ** |e - 2|` left to right, the last part carrying the
    // fraction and only the first part the sign (as for integers: `-1:30.5` is
    // -3600 + 1830, not -(3600 + 1830)).
    let n = parts.len();
    let mut total = 0.0_f64;
    for (e, p) in parts.iter().enumerate() {
        let digits = if e == n - 1 {
            format!("{}.{}", p.replace('_', ""), frac.replace('_', ""))
        } else {
            p.replace('_', "")
        };
        let mut v: f64 = digits.parse().ok()?;
        if e == 0 && sign == "-" {
            v = -v;
        }
        let power = 60_f64.powi(i32::try_from(e.abs_diff(2)).ok()?);
        total += v * power;
    }
    Some(total)
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
fn psych_int(text: &str) -> Option<Result<i64, ()>> {
    let (sign, body) = split_sign(text);
    let negative = sign == "-";
    let apply = |v: i64| if negative { v.checked_neg() } else { Some(v) };
    let fit = |v: Option<i64>| Some(v.ok_or(()));
    let clean = |s: &str| {
        s.chars()
            .filter(|c| *c != '_' && *c != ',')
            .collect::<String>()
    };
    if let Some(bin) = body.strip_prefix("0b") {
        if !bin.is_empty() && bin.bytes().all(|b| matches!(b, b'0' | b'1' | b'_' | b',')) {
            return fit(i64::from_str_radix(&clean(bin), 2).ok().and_then(apply));
        }
        return None;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        if !hex.is_empty()
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b'_' || b == b',')
        {
            return fit(i64::from_str_radix(&clean(hex), 16).ok().and_then(apply));
        }
        return None;
    }
    if body.len() > 1 && body.starts_with('0') {
        if body.bytes().all(|b| matches!(b, b'0'..=b'7' | b'_' | b',')) {
            let digits = clean(body);
            return fit(i64::from_str_radix(&digits, 8).ok().and_then(apply));
        }
        return None;
    }
    if body == "0" {
        return Some(Ok(0));
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
    fit(clean(body).parse::<i64>().ok().and_then(apply))
}

/// Whether a plain `s` would not read back as the string `s` (Psych would see another type,
/// or refuse it): the emitter must quote it.
pub(crate) fn plain_is_not_this_string(s: &str) -> bool {
    !matches!(resolve_plain(s), Ok(Scalar::Str(ref t)) if t == s)
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
        assert!(resolve_plain("2001-12-14t21:59:43.10-05:00").is_err());
        assert_eq!(
            resolve_plain("2001-12-14t21:59:43.10-05:00y"),
            Ok(Scalar::Str("2001-12-14t21:59:43.10-05:00y".into()))
        );
        assert!(resolve_plain("2001-12-14 21:59:43.10 -5").is_err());
        assert!(resolve_plain("2001-12-14 21:59:43.10 -500").is_err());
        assert_eq!(
            resolve_plain("2001-12-14 21:59:43.10 -5 x"),
            Ok(Scalar::Str("2001-12-14 21:59:43.10 -5 x".into()))
        );
        assert_eq!(
            resolve_plain("2019-13-45"),
            Ok(Scalar::Str("2019-13-45".into()))
        );
        assert_eq!(resolve_plain("-12:30"), Ok(Scalar::Int(-41400)));
        // Checked with Ruby: `YAML.load("v: -1190:20:30.15")` is -4282769.85.
        assert_eq!(
            resolve_plain("-1190:20:30.15"),
            Ok(Scalar::Float(-4282769.85))
        );
        assert_eq!(resolve_plain("190:20:30.15"), Ok(Scalar::Float(685230.15)));
        assert_eq!(resolve_plain("1:30.5"), Ok(Scalar::Float(5430.0)));
        assert_eq!(resolve_plain("-1:30.5"), Ok(Scalar::Float(-1770.0)));
        assert!(resolve_plain(":sym").is_err());
        assert_eq!(resolve_plain(":"), Ok(Scalar::Str(":".into())));
        assert!(resolve_plain("99999999999999999999").is_err());
        assert_eq!(
            resolve_plain("2019-01-01 10:00:00 +5日本語"),
            Ok(Scalar::Str("2019-01-01 10:00:00 +5日本語".into()))
        );
    }
}
