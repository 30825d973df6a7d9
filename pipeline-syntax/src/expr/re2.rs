//! RE2 syntax, as GitLab compiles it, rewritten for the `regex` crate: ASCII `\d\w\s\b`,
//! `\Q…\E`, octal escapes and literal braces translated; flags beyond `imsU`, stacked
//! repetitions (`a**`) and counts above 1000 refused, as RE2 does.

/// The largest count RE2 accepts in `{n,m}`.
const MAX_REPEAT: u64 = 1000;

const DIGIT: &str = "0-9";
const WORD: &str = "0-9A-Za-z_";
const SPACE: &str = "\\t\\n\\x0C\\r ";

/// Compiles an RE2 pattern; the error is a one-line message.
pub(crate) fn compile(re2: &str) -> Result<regex::Regex, String> {
    let translated = translate(re2)?;
    regex::Regex::new(&translated).map_err(|e| {
        let text = e.to_string();
        let last = text.lines().last().unwrap_or_default();
        last.strip_prefix("error: ").unwrap_or(last).to_owned()
    })
}

/// Rewrites an RE2 pattern into an equivalent `regex` pattern, or says why RE2 rejects it.
pub(crate) fn translate(re2: &str) -> Result<String, String> {
    let mut t = Translator {
        chars: re2.chars().collect(),
        pos: 0,
        out: String::new(),
    };
    t.run()?;
    Ok(t.out)
}

struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
}

impl Translator {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn run(&mut self) -> Result<(), String> {
        // Whether the last item was a repetition operator: RE2 refuses `a**` and `a{2}*`.
        let mut after_repeat = false;
        while let Some(c) = self.peek(0) {
            let mut repeat = false;
            match c {
                '\\' => self.escape()?,
                '[' => self.class()?,
                '(' => self.group()?,
                '*' | '+' | '?' => {
                    self.pos += 1;
                    self.out.push(c);
                    repeat = true;
                }
                '{' => {
                    if let Some(len) = self.counted_repeat()? {
                        self.out.extend(&self.chars[self.pos..self.pos + len]);
                        self.pos += len;
                        repeat = true;
                    } else {
                        self.pos += 1;
                        self.out.push_str("\\{");
                    }
                }
                '}' => {
                    self.pos += 1;
                    self.out.push_str("\\}");
                }
                _ => {
                    self.pos += 1;
                    self.out.push(c);
                }
            }
            if repeat {
                if after_repeat {
                    return Err(format!("bad repetition operator: `{c}`"));
                }
                if self.peek(0) == Some('?') {
                    self.pos += 1;
                    self.out.push('?');
                }
            }
            after_repeat = repeat;
        }
        Ok(())
    }

    /// At `{`: the length of `{n}`, `{n,}` or `{n,m}`, or `None` when it is a literal brace.
    fn counted_repeat(&self) -> Result<Option<usize>, String> {
        let rest = &self.chars[self.pos + 1..];
        let digits = |from: usize| {
            rest[from..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let number = |from: usize, len: usize| -> u64 {
            rest[from..from + len].iter().fold(0u64, |n, c| {
                n.saturating_mul(10)
                    .saturating_add(u64::from(*c as u8 - b'0'))
            })
        };
        let min_len = digits(0);
        if min_len == 0 {
            return Ok(None);
        }
        let mut end = min_len;
        let mut counts = vec![number(0, min_len)];
        if rest.get(end) == Some(&',') {
            let max_len = digits(end + 1);
            if max_len > 0 {
                counts.push(number(end + 1, max_len));
            }
            end += 1 + max_len;
        }
        if rest.get(end) != Some(&'}') {
            return Ok(None);
        }
        if counts.iter().any(|&n| n > MAX_REPEAT) {
            return Err(format!(
                "bad repetition operator: counts are at most {MAX_REPEAT}"
            ));
        }
        Ok(Some(end + 2))
    }

    /// At `\` outside a class.
    fn escape(&mut self) -> Result<(), String> {
        let Some(c) = self.peek(1) else {
            return Err("trailing `\\`".to_owned());
        };
        let text = match c {
            'd' => format!("[{DIGIT}]"),
            'D' => format!("[^{DIGIT}]"),
            'w' => format!("[{WORD}]"),
            'W' => format!("[^{WORD}]"),
            's' => format!("[{SPACE}]"),
            'S' => format!("[^{SPACE}]"),
            'b' => "(?-u:\\b)".to_owned(),
            'B' => "(?-u:\\B)".to_owned(),
            'A' | 'z' => format!("\\{c}"),
            'C' => "(?s:.)".to_owned(),
            '<' | '>' => c.to_string(),
            'p' | 'P' => {
                self.unicode_class();
                return Ok(());
            }
            'Q' => {
                self.pos += 2;
                while let Some(c) = self.peek(0) {
                    if c == '\\' && self.peek(1) == Some('E') {
                        self.pos += 2;
                        break;
                    }
                    self.pos += 1;
                    push_literal(&mut self.out, c);
                }
                return Ok(());
            }
            _ => {
                let text = self.single_escape()?;
                self.out.push_str(&text);
                return Ok(());
            }
        };
        self.pos += 2;
        self.out.push_str(&text);
        Ok(())
    }

    /// `\pL`, `\p{Greek}`, `\P…`: copied as they are.
    fn unicode_class(&mut self) {
        let len = if self.peek(2) == Some('{') {
            self.chars[self.pos..]
                .iter()
                .position(|&c| c == '}')
                .map_or(self.chars.len() - self.pos, |p| p + 1)
        } else {
            3.min(self.chars.len() - self.pos)
        };
        self.out.extend(&self.chars[self.pos..self.pos + len]);
        self.pos += len;
    }

    /// An escape that stands for one character, at `\`; returns its `regex` spelling.
    fn single_escape(&mut self) -> Result<String, String> {
        let c = self.peek(1).ok_or("trailing `\\`")?;
        match c {
            '1'..='7' if !self.peek(2).is_some_and(|d| ('0'..='7').contains(&d)) => Err(format!(
                "invalid escape sequence: `\\{c}` (backreferences are not supported)"
            )),
            '0'..='7' => {
                // Up to three octal digits in all.
                let mut code = 0u32;
                let mut len = 0;
                while len < 3 {
                    match self.peek(1 + len) {
                        Some(d @ '0'..='7') => code = code * 8 + (d as u32 - '0' as u32),
                        _ => break,
                    }
                    len += 1;
                }
                self.pos += 1 + len;
                Ok(format!("\\x{{{code:X}}}"))
            }
            'x' => {
                let len = if self.peek(2) == Some('{') {
                    self.chars[self.pos..]
                        .iter()
                        .position(|&c| c == '}')
                        .map_or(self.chars.len() - self.pos, |p| p + 1)
                } else {
                    4.min(self.chars.len() - self.pos)
                };
                let text: String = self.chars[self.pos..self.pos + len].iter().collect();
                self.pos += len;
                Ok(text)
            }
            'a' | 'f' | 't' | 'n' | 'r' | 'v' => {
                self.pos += 2;
                Ok(format!("\\{c}"))
            }
            // RE2: an escaped ASCII character that is not a letter or digit is itself.
            _ if c.is_ascii() && !c.is_ascii_alphanumeric() => {
                self.pos += 2;
                let mut text = String::new();
                push_literal(&mut text, c);
                Ok(text)
            }
            _ => Err(format!("invalid escape sequence: `\\{c}`")),
        }
    }

    /// At `[`: a character class.
    fn class(&mut self) -> Result<(), String> {
        self.pos += 1;
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.pos += 1;
            self.out.push('^');
        }
        let mut first = true;
        loop {
            let c = self.peek(0).ok_or("missing closing `]`")?;
            if c == ']' && !first {
                self.pos += 1;
                self.out.push(']');
                return Ok(());
            }
            first = false;
            if c == '[' && self.peek(1) == Some(':') {
                let rest = &self.chars[self.pos..];
                if let Some(end) = rest.windows(2).position(|w| w == [':', ']']) {
                    self.out.extend(&rest[..end + 2]);
                    self.pos += end + 2;
                    continue;
                }
            }
            if c == '\\' {
                let perl = match self.peek(1) {
                    Some('d') => Some(DIGIT.to_owned()),
                    Some('D') => Some(format!("[^{DIGIT}]")),
                    Some('w') => Some(WORD.to_owned()),
                    Some('W') => Some(format!("[^{WORD}]")),
                    Some('s') => Some(SPACE.to_owned()),
                    Some('S') => Some(format!("[^{SPACE}]")),
                    Some('p' | 'P') => {
                        self.unicode_class();
                        continue;
                    }
                    _ => None,
                };
                if let Some(perl) = perl {
                    self.pos += 2;
                    self.out.push_str(&perl);
                    continue;
                }
            }
            let low = self.class_char()?;
            self.out.push_str(&low);
            if self.peek(0) == Some('-') && self.peek(1).is_some_and(|c| c != ']') {
                self.pos += 1;
                self.out.push('-');
                let high = self.class_char()?;
                self.out.push_str(&high);
            }
        }
    }

    /// One character of a class (a range end), as `regex` must spell it inside a class.
    fn class_char(&mut self) -> Result<String, String> {
        let c = self.peek(0).ok_or("missing closing `]`")?;
        if c == '\\' {
            return match self.peek(1) {
                Some('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P') => {
                    Err("invalid character class range".to_owned())
                }
                _ => self.single_escape(),
            };
        }
        self.pos += 1;
        let mut text = String::new();
        if matches!(c, '[' | ']' | '\\' | '&' | '~' | '-' | '^') {
            text.push('\\');
        }
        text.push(c);
        Ok(text)
    }

    /// At `(`: a group, a named group, or a flag group.
    fn group(&mut self) -> Result<(), String> {
        if self.peek(1) != Some('?') {
            self.pos += 1;
            self.out.push('(');
            return Ok(());
        }
        let named = match (self.peek(2), self.peek(3)) {
            (Some('P'), Some('<')) => true,
            (Some('<'), Some(c)) => c != '=' && c != '!',
            _ => false,
        };
        if named {
            let rest = &self.chars[self.pos..];
            let end = rest
                .iter()
                .position(|&c| c == '>')
                .ok_or("invalid named capture group")?;
            self.out.extend(&rest[..=end]);
            self.pos += end + 1;
            return Ok(());
        }
        let mut on = String::new();
        let mut off = String::new();
        let mut negated = false;
        let mut saw_flag = false;
        let mut i = 2;
        let close = loop {
            match self.peek(i) {
                Some(flag @ ('i' | 'm' | 's' | 'U')) => {
                    let (add, remove) = if negated {
                        (&mut off, &mut on)
                    } else {
                        (&mut on, &mut off)
                    };
                    remove.retain(|f| f != flag);
                    if !add.contains(flag) {
                        add.push(flag);
                    }
                    saw_flag = true;
                }
                Some('-') if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                Some(close @ (':' | ')')) => break close,
                Some(_) => {
                    let text: String = self.chars[self.pos..=self.pos + i].iter().collect();
                    return Err(format!("invalid or unsupported Perl syntax: `{text}`"));
                }
                None => return Err("missing closing `)`".to_owned()),
            }
            i += 1;
        };
        if negated && !saw_flag {
            return Err("invalid or unsupported Perl syntax: empty flag negation".to_owned());
        }
        self.pos += i + 1;
        match (on.is_empty() && off.is_empty(), close) {
            (true, ':') => self.out.push_str("(?:"),
            // `(?)` sets nothing.
            (true, _) => {}
            (false, _) => {
                self.out.push_str("(?");
                self.out.push_str(&on);
                if !off.is_empty() {
                    self.out.push('-');
                    self.out.push_str(&off);
                }
                self.out.push(close);
            }
        }
        Ok(())
    }
}

/// Appends `c` as a literal, escaped when `regex` would read it as syntax.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_control() || c == ' ' {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(re2: &str, text: &str) -> bool {
        compile(re2).unwrap().is_match(text)
    }

    fn rejected(re2: &str) -> bool {
        compile(re2).is_err()
    }

    #[test]
    fn perl_classes_are_ascii_only() {
        assert!(matches("^\\d+$", "123"));
        assert!(!matches("\\d", "٣"));
        assert!(!matches("\\w", "é"));
        assert!(matches("\\W", "é"));
        assert!(!matches("\\s", "\u{a0}"));
        assert!(!matches("\\s", "\u{b}"));
        assert!(matches("[\\d]", "7"));
        assert!(!matches("[\\d]", "٣"));
        assert!(matches("[^\\D]", "7"));
        assert!(matches("a\\b", "a "));
        assert!(!matches("é\\b", "é"));
    }

    #[test]
    fn re2_only_syntax_is_translated() {
        assert!(matches("\\Qa.b\\E", "a.b"));
        assert!(!matches("\\Qa.b\\E", "axb"));
        assert!(matches("^\\101\\0$", "A\0"));
        assert!(matches("a{,2}", "a{,2}"));
        assert!(matches("a{x}", "a{x}"));
        assert!(matches("x}", "x}"));
        assert!(matches("^[a&&b]+$", "a&b"));
        assert!(matches("^[-a]+$", "a-"));
        assert!(matches("^[--/]+$", "-./"));
        assert!(matches("^[a-c-]+$", "b-"));
        assert!(matches("^[a[b]+$", "[ab"));
        assert!(matches("\\<a\\>", "<a>"));
        assert!(matches("(?ii)A", "a"));
        assert!(matches("(?i-i)a", "a"));
        assert!(!matches("(?i-i)a", "A"));
        assert!(matches("(?)a", "a"));
        assert!(matches("\\x41\\x{42}", "AB"));
        assert!(matches("^[[:alpha:]]+$", "abc"));
        assert!(matches("(?P<year>\\d{4})", "2024"));
        assert!(matches("a\\_\\ b", "a_ b"));
        assert!(matches("^[\\pL-]+$", "é-a"));
        assert!(matches("^\\pL$", "é"));
    }

    #[test]
    fn what_re2_rejects_is_rejected() {
        assert!(rejected("(?=x)"));
        assert!(rejected("(?!x)"));
        assert!(rejected("(?<=x)"));
        assert!(rejected("(?x)a b"));
        assert!(rejected("(?u)a"));
        assert!(rejected("a**"));
        assert!(rejected("a*+"));
        assert!(rejected("a{2}*"));
        assert!(rejected("a{1001}"));
        assert!(rejected("\\1"));
        assert!(rejected("\\8"));
        assert!(rejected("\\q"));
        assert!(rejected("( thin"));
        assert!(rejected("[a"));
        assert!(rejected("(?i-)a"));
        assert!(rejected("[a-\\d]"));
        assert!(rejected("[a--]"));
        assert!(!rejected("a*?"));
        assert!(!rejected("a{1000}"));
        assert!(!rejected("a{2,}?"));
    }
}
