//! The conversion context: turns [`Node`]s into model values, collecting every error
//! (with its path and source position) instead of stopping at the first, and the small
//! typed readers every converter uses.

use super::node::{Entry, Node, NodeKind, Scalar};
use crate::diagnostic::{Diagnostic, KeyPath, SourceSpan, did_you_mean};
use crate::model::{Extra, OneOrMany, Reference, StringItem, Value};

/// Collects diagnostics and knows where in the document conversion is.
pub(crate) struct Cx {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) allow_unknown: bool,
    path: KeyPath,
}

/// Converts one node into a model value; `None` means an error was recorded.
pub(crate) trait FromNode: Sized {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self>;
}

impl Cx {
    pub(crate) fn new(allow_unknown: bool) -> Self {
        Self {
            diagnostics: Vec::new(),
            allow_unknown,
            path: KeyPath::root(),
        }
    }

    /// Runs `f` with `key` appended to the current path.
    pub(crate) fn at<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path
            .0
            .push(crate::diagnostic::PathSegment::Key(key.to_owned()));
        let out = f(self);
        self.path.0.pop();
        out
    }

    /// Runs `f` with list index `i` appended to the current path.
    pub(crate) fn at_index<T>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.0.push(crate::diagnostic::PathSegment::Index(i));
        let out = f(self);
        self.path.0.pop();
        out
    }

    /// Runs `f` one path step up (to re-enter under another name).
    pub(crate) fn leave<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let last = self.path.0.pop();
        let out = f(self);
        if let Some(last) = last {
            self.path.0.push(last);
        }
        out
    }

    pub(crate) fn path(&self) -> &KeyPath {
        &self.path
    }

    /// Records an error at `span`.
    pub(crate) fn error(&mut self, span: SourceSpan, message: impl Into<String>) {
        self.push(Diagnostic::error("invalid-value", self.path.clone(), message).with_span(span));
    }

    /// Records an error at `span` with a help line.
    pub(crate) fn error_help(
        &mut self,
        span: SourceSpan,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(
            Diagnostic::error("invalid-value", self.path.clone(), message)
                .with_span(span)
                .with_help(help),
        );
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Records "expected X, found Y" for `node` and returns `None`.
    pub(crate) fn expected<T>(&mut self, node: &Node, what: &str) -> Option<T> {
        let found = node.found();
        self.error(node.span, format!("expected {what}, found {found}"));
        None
    }

    /// A string scalar (not a number or boolean: GitLab would not see a string).
    pub(crate) fn string(&mut self, node: &Node) -> Option<String> {
        match node.as_str() {
            Some(s) => Some(s.to_owned()),
            None => self.expected(node, "a string"),
        }
    }

    /// A non-empty string.
    pub(crate) fn non_empty(&mut self, node: &Node) -> Option<String> {
        let s = self.string(node)?;
        if s.is_empty() {
            self.error(node.span, "expected a non-empty string, found an empty one");
            return None;
        }
        Some(s)
    }

    /// A string whose length is at most `max` characters.
    pub(crate) fn string_max(&mut self, node: &Node, min: usize, max: usize) -> Option<String> {
        let s = self.string(node)?;
        let n = s.chars().count();
        if n < min || n > max {
            self.error(
                node.span,
                format!("expected a string of {min} to {max} characters, found {n} characters"),
            );
            return None;
        }
        Some(s)
    }

    /// A string that satisfies `ok`, described by `what` in the error.
    pub(crate) fn string_where(
        &mut self,
        node: &Node,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let s = self.string(node)?;
        if ok(&s) {
            Some(s)
        } else {
            self.error(node.span, format!("expected {what}, found `{s}`"));
            None
        }
    }

    pub(crate) fn bool(&mut self, node: &Node) -> Option<bool> {
        match node.kind {
            NodeKind::Scalar(Scalar::Bool(b)) => Some(b),
            _ => self.expected(node, "`true` or `false`"),
        }
    }

    pub(crate) fn int(&mut self, node: &Node) -> Option<i64> {
        match node.kind {
            NodeKind::Scalar(Scalar::Int(i)) => Some(i),
            _ => self.expected(node, "an integer"),
        }
    }

    /// An integer in `min..=max`.
    pub(crate) fn int_range(&mut self, node: &Node, min: i64, max: i64) -> Option<i64> {
        let i = self.int(node)?;
        if (min..=max).contains(&i) {
            Some(i)
        } else {
            self.error(
                node.span,
                format!("expected an integer from {min} to {max}, found `{i}`"),
            );
            None
        }
    }

    /// One of a closed set of strings.
    pub(crate) fn one_of<T: Copy>(&mut self, node: &Node, all: &[(&'static str, T)]) -> Option<T> {
        let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        let Some(s) = node.as_str() else {
            return self.expected(node, &format!("one of {}", list(&names)));
        };
        if let Some((_, v)) = all.iter().find(|(n, _)| *n == s) {
            return Some(*v);
        }
        let message = format!("`{s}` is not one of {}", list(&names));
        match did_you_mean(s, names.iter().copied()) {
            Some(best) => self.error_help(node.span, message, format!("did you mean `{best}`?")),
            None => self.error(node.span, message),
        }
        None
    }

    /// A string from a closed set, kept as the string.
    pub(crate) fn enum_string(&mut self, node: &Node, names: &[&'static str]) -> Option<String> {
        let pairs: Vec<(&'static str, &'static str)> = names.iter().map(|n| (*n, *n)).collect();
        self.one_of(node, &pairs).map(str::to_owned)
    }

    /// A list whose items `item` converts; errors in items are all reported.
    pub(crate) fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        mut item: impl FnMut(&Node, &mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let NodeKind::Seq(items) = &node.kind else {
            return self.expected(node, &format!("a list of {what}"));
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, n) in items.iter().enumerate() {
            match self.at_index(i, |cx| item(n, cx)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A list with a length in `min..=max`.
    pub(crate) fn list_len<T>(
        &mut self,
        node: &Node,
        what: &str,
        min: usize,
        max: usize,
        item: impl FnMut(&Node, &mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let v = self.list(node, what, item)?;
        if v.len() < min {
            self.error(
                node.span,
                format!(
                    "expected at least {min} item(s) of {what}, found {}",
                    v.len()
                ),
            );
            return None;
        }
        if v.len() > max {
            self.error(
                node.span,
                format!(
                    "expected at most {max} item(s) of {what}, found {}",
                    v.len()
                ),
            );
            return None;
        }
        Some(v)
    }

    /// A list of strings.
    pub(crate) fn strings(&mut self, node: &Node) -> Option<Vec<String>> {
        self.list(node, "strings", |n, cx| cx.string(n))
    }

    /// A list of items that must be unique.
    pub(crate) fn unique<T: PartialEq>(&mut self, node: &Node, items: Vec<T>) -> Option<Vec<T>> {
        for (i, a) in items.iter().enumerate() {
            if items[..i].contains(a) {
                let span = match &node.kind {
                    NodeKind::Seq(n) => n.get(i).map_or(node.span, |n| n.span),
                    _ => node.span,
                };
                self.error(span, "this item is listed twice; items must be unique");
                return None;
            }
        }
        Some(items)
    }

    /// A string or a list of strings, kept in the written form.
    pub(crate) fn one_or_many_strings(&mut self, node: &Node) -> Option<OneOrMany<String>> {
        match &node.kind {
            NodeKind::Seq(_) => self.strings(node).map(OneOrMany::Many),
            _ => match node.as_str() {
                Some(s) => Some(OneOrMany::One(s.to_owned())),
                None => self.expected(node, "a string or a list of strings"),
            },
        }
    }

    /// `!reference [a, b]` - a list of non-empty strings.
    pub(crate) fn reference(&mut self, node: &Node) -> Option<Reference> {
        let NodeKind::Reference(items) = &node.kind else {
            return self.expected(node, "`!reference [job, key]`");
        };
        let mut parts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let part = self.at_index(i, |cx| cx.non_empty(item))?;
            parts.push(part);
        }
        Some(Reference(parts))
    }

    /// An item of a flattened string list: a string, a nested list of strings, or a
    /// `!reference`.
    pub(crate) fn string_item(&mut self, node: &Node) -> Option<StringItem> {
        match &node.kind {
            NodeKind::Reference(_) => self.reference(node).map(StringItem::Reference),
            NodeKind::Seq(_) => self.strings(node).map(StringItem::Nested),
            _ => self.string(node).map(StringItem::One),
        }
    }

    /// Starts reading a mapping node; records "expected {what}" when it is not one.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<MapReader<'n>> {
        match &node.kind {
            NodeKind::Map(entries) => Some(MapReader {
                node,
                entries,
                used: vec![false; entries.len()],
            }),
            _ => self.expected(node, what),
        }
    }
}

/// Reads the keys of one mapping; [`MapReader::finish`] reports the keys nobody read.
pub(crate) struct MapReader<'n> {
    pub(crate) node: &'n Node,
    entries: &'n [Entry],
    used: Vec<bool>,
}

impl<'n> MapReader<'n> {
    /// The node of `key`, marking it read.
    pub(crate) fn node(&mut self, key: &str) -> Option<&'n Node> {
        let i = self.entries.iter().position(|e| e.key == key)?;
        self.used[i] = true;
        Some(&self.entries[i].value)
    }

    /// Whether `key` is present.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    /// The keys, in written order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'n str> {
        self.entries.iter().map(|e| e.key.as_str())
    }

    /// The entries, in written order (for free-form mappings such as `variables:`).
    pub(crate) fn entries(&mut self) -> &'n [Entry] {
        self.used.iter_mut().for_each(|u| *u = true);
        self.entries
    }

    /// Converts `key` with `f` if present (path extended by the key).
    pub(crate) fn with<T>(
        &mut self,
        cx: &mut Cx,
        key: &str,
        f: impl FnOnce(&Node, &mut Cx) -> Option<T>,
    ) -> Option<T> {
        let node = self.node(key)?;
        cx.at(key, |cx| f(node, cx))
    }

    /// Converts `key` through its [`FromNode`] impl if present.
    pub(crate) fn get<T: FromNode>(&mut self, cx: &mut Cx, key: &str) -> Option<T> {
        self.with(cx, key, T::from_node)
    }

    /// Like [`MapReader::with`], but records an error when the key is missing.
    pub(crate) fn required<T>(
        &mut self,
        cx: &mut Cx,
        key: &str,
        what: &str,
        f: impl FnOnce(&Node, &mut Cx) -> Option<T>,
    ) -> Option<T> {
        if !self.has(key) {
            cx.error(self.node.span, format!("{what} needs the key `{key}`"));
            return None;
        }
        self.with(cx, key, f)
    }

    /// Reports every key no converter read: an error with a did-you-mean among `known`,
    /// or, when unknown keys are allowed, an entry of the returned [`Extra`] (which the
    /// caller must keep in the model: nothing is ever dropped).
    #[must_use = "unknown keys kept under `allow_unknown` must be stored in the model's `extra`"]
    pub(crate) fn finish(self, cx: &mut Cx, known: &[&str], what: &str) -> Extra {
        self.finish_into(cx, known, what, true)
    }

    /// Like [`MapReader::finish`], for model types with no `extra` map: an unknown key is
    /// an error even when unknown keys are allowed, because there is nowhere to keep it.
    pub(crate) fn finish_strict(self, cx: &mut Cx, known: &[&str], what: &str) {
        let _ = self.finish_into(cx, known, what, false);
    }

    fn finish_into(self, cx: &mut Cx, known: &[&str], what: &str, keepable: bool) -> Extra {
        let mut extra = Extra::default();
        for (entry, used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            if cx.allow_unknown && keepable {
                extra.insert(entry.key.clone(), entry.value.to_value());
                continue;
            }
            let mut message = format!("`{}` is not a keyword of {what}", entry.key);
            if cx.allow_unknown {
                message.push_str(
                    "; unknown keys can be kept on jobs, images, services and rules, not here",
                );
            }
            let path = cx.path().clone().key(entry.key.clone());
            let mut d =
                Diagnostic::error("unknown-keyword", path, message).with_span(entry.key_span);
            d = match did_you_mean(&entry.key, known.iter().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!("the keywords of {what} are {}", list(known))),
            };
            cx.push(d);
        }
        extra
    }
}

/// `a`, `b` or `c`.
pub(crate) fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => format!(
            "{} or `{last}`",
            init.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl FromNode for String {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.string(node)
    }
}

impl FromNode for bool {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.bool(node)
    }
}

impl FromNode for Value {
    fn from_node(node: &Node, _: &mut Cx) -> Option<Self> {
        Some(node.to_value())
    }
}

impl FromNode for Reference {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.reference(node)
    }
}

impl FromNode for StringItem {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.string_item(node)
    }
}

impl FromNode for OneOrMany<String> {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.one_or_many_strings(node)
    }
}

impl FromNode for Vec<String> {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        cx.strings(node)
    }
}
