//! YAML text to [`Node`] trees, the way GitLab's loader (Ruby's Psych, `aliases: true`)
//! reads it: aliases expanded, `<<` merge keys applied in Psych's order, duplicate keys
//! resolved to the last value (with a warning), scalars typed by YAML 1.1 rules. The only
//! place in the crate that talks to the YAML parser.

#![allow(
    clippy::result_large_err,
    reason = "an error ends the load at once; it is built a single time, never in a hot path"
)]

use serde_saphyr::granit_parser::{Event, Marker, Options, Parser, ScalarStyle, Span};

use super::node::{Entry, Node, NodeKind, Scalar};
use crate::diagnostic::{Diagnostic, KeyPath, SourceSpan};
use crate::yaml11::resolve_plain;

/// GitLab's `max_yaml_size_bytes` default.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// GitLab's `max_yaml_depth` default.
pub const MAX_DEPTH: usize = 100;
/// How many nodes alias expansion may produce before we call it an alias bomb.
const MAX_EXPANDED_NODES: usize = 1_000_000;

/// A loaded document stream: the documents and the warnings found while loading.
pub(crate) struct Loaded {
    pub(crate) documents: Vec<Node>,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Loads every document of `text`. A YAML syntax error or a limit is fatal: the one
/// diagnostic says where.
pub(crate) fn load(text: &str) -> Result<Loaded, Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "file-too-large",
            KeyPath::root(),
            format!(
                "the file is {} bytes; GitLab refuses CI files over {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        )
        .with_help("split the pipeline with `include:` or a dynamic child pipeline"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((offset, c)) = text
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
    {
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[..offset]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        return Err(Diagnostic::error(
            "yaml-syntax",
            KeyPath::root(),
            format!(
                "the character U+{:04X} is a line break to GitLab's YAML parser but not to YAML 1.2 readers; the file means different things to different tools",
                u32::from(c)
            ),
        )
        .with_span(SourceSpan { line, column, offset, len: c.len_utf8() })
        .with_help("write it as an escape inside double quotes (`\\u2028`), or remove it"));
    }
    let mut reader = Reader {
        parser: Parser::new_from_str_with_options(text, psych_options()),
        text,
        anchors: Vec::new(),
        expanded: 0,
        warnings: Vec::new(),
        peeked: None,
    };
    let mut documents = Vec::new();
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                reader.anchors.clear();
                let (event, span) = reader.next()?;
                if matches!(event, Event::DocumentEnd) {
                    documents.push(Node {
                        kind: NodeKind::Scalar(Scalar::Null),
                        span: reader.span(span),
                    });
                } else {
                    documents.push(reader.node(event, span, 0)?);
                }
            }
            other => {
                return Err(reader.syntax(span, &format!("unexpected YAML event {other:?}")));
            }
        }
    }
    Ok(Loaded {
        documents,
        warnings: reader.warnings,
    })
}

/// Parser options that match libyaml, which Psych is built on.
fn psych_options() -> Options {
    let mut options = Options::default();
    // libyaml ends a block scalar cut off by the end of the file without a line feed,
    // and reads a BOM inside the document as content.
    options.block_scalar_eof_without_line_feed = true;
    options.bom_inside_document_as_content = true;
    // Anchor names are checked against libyaml's narrower alphabet.
    options.emit_anchor_events = true;
    options
}

struct Reader<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    text: &'a str,
    /// Anchor id to (node, node count); ids are per document.
    anchors: Vec<Option<(Node, usize)>>,
    expanded: usize,
    warnings: Vec<Diagnostic>,
    peeked: Option<(Event<'a>, Span)>,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), Diagnostic> {
        if let Some(p) = self.peeked.take() {
            return Ok(p);
        }
        loop {
            match self.parser.next_event() {
                None => return Ok((Event::StreamEnd, Span::default())),
                Some(Ok((event, span))) =>
                {
                    #[allow(unreachable_patterns, reason = "Comment exists only with a feature")]
                    match event {
                        Event::Anchor(_, name) => {
                            if let Some(bad) = name
                                .chars()
                                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
                            {
                                return Err(self.syntax(
                                    span,
                                    &format!(
                                        "the anchor name `{name}` has `{bad}`; GitLab's YAML parser ends anchor names there and reads the rest as the value"
                                    ),
                                )
                                .with_help("use letters, digits, `_` and `-` in anchor names"));
                            }
                        }
                        Event::UnresolvedAlias(..) => {}
                        _ => return Ok((event, span)),
                    }
                }
                Some(Err(e)) => {
                    let m = *e.marker();
                    return Err(self.error_at(
                        "yaml-syntax",
                        m,
                        1,
                        format!("invalid YAML: {}", e.info()),
                    ));
                }
            }
        }
    }

    fn span(&self, span: Span) -> SourceSpan {
        let start = self.offset(span.start);
        let end = self.offset(span.end).max(start);
        SourceSpan {
            line: span.start.line().max(1),
            column: span.start.col() + 1,
            offset: start,
            len: (end - start).max(1),
        }
    }

    fn offset(&self, m: Marker) -> usize {
        m.byte_offset()
            .unwrap_or_else(|| {
                self.text
                    .char_indices()
                    .nth(m.index())
                    .map_or(self.text.len(), |(i, _)| i)
            })
            .min(self.text.len())
    }

    fn error_at(&self, code: &'static str, m: Marker, len: usize, msg: String) -> Diagnostic {
        let offset = self.offset(m);
        Diagnostic::error(code, KeyPath::root(), msg).with_span(SourceSpan {
            line: m.line().max(1),
            column: m.col() + 1,
            offset,
            len,
        })
    }

    fn syntax(&self, span: Span, msg: &str) -> Diagnostic {
        Diagnostic::error("yaml-syntax", KeyPath::root(), msg).with_span(self.span(span))
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), Diagnostic> {
        self.expanded += n;
        if self.expanded > MAX_EXPANDED_NODES {
            return Err(Diagnostic::error(
                "file-too-large",
                KeyPath::root(),
                format!(
                    "aliases expand this file to more than {MAX_EXPANDED_NODES} values; GitLab refuses it as too large"
                ),
            )
            .with_span(self.span(span)));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node, count: usize) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some((node.clone(), count));
    }

    /// Reads one node whose first event is `event`; `depth` counts enclosing collections.
    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, Diagnostic> {
        let (node, _) = self.node_counted(event, span, depth)?;
        Ok(node)
    }

    fn node_counted(
        &mut self,
        event: Event<'a>,
        span: Span,
        depth: usize,
    ) -> Result<(Node, usize), Diagnostic> {
        let here = self.span(span);
        match event {
            Event::Alias(id) => {
                let Some(Some((node, count))) = self.anchors.get(id).cloned() else {
                    return Err(self.syntax(
                        span,
                        "this alias refers to an anchor that is not complete yet (a recursive alias); GitLab cannot load it",
                    ));
                };
                self.count(count, span)?;
                if depth + node_depth(&node) > MAX_DEPTH + 1 {
                    return Err(too_deep(here));
                }
                Ok((node, count))
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                let scalar = self.scalar(&text, style, tag.as_deref(), span)?;
                let node = Node {
                    kind: NodeKind::Scalar(scalar),
                    span: here,
                };
                self.remember(anchor, &node, 1);
                Ok((node, 1))
            }
            Event::SequenceStart(_, anchor, tag) => {
                if depth >= MAX_DEPTH {
                    return Err(too_deep(here));
                }
                self.count(1, span)?;
                let mut items = Vec::new();
                let mut total = 1;
                loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let (item, n) = self.node_counted(ev, sp, depth + 1)?;
                    total += n;
                    items.push(item);
                }
                let kind = match tag.as_deref().map(|t| (t.handle(), t.suffix())) {
                    None => NodeKind::Seq(items),
                    Some(("!", "reference")) => NodeKind::Reference(items),
                    Some((_, "seq")) => NodeKind::Seq(items),
                    Some((h, s)) => {
                        return Err(self.syntax(
                            span,
                            &format!("unknown YAML tag `{h}{s}`; GitLab knows `!reference` only"),
                        ));
                    }
                };
                let node = Node { kind, span: here };
                self.remember(anchor, &node, total);
                Ok((node, total))
            }
            Event::MappingStart(_, anchor, tag) => {
                if depth >= MAX_DEPTH {
                    return Err(too_deep(here));
                }
                if let Some(t) = tag.as_deref()
                    && t.suffix() != "map"
                {
                    return Err(self.syntax(
                        span,
                        &format!(
                            "unknown YAML tag `{}{}` on a mapping; GitLab knows `!reference` only",
                            t.handle(),
                            t.suffix()
                        ),
                    ));
                }
                self.count(1, span)?;
                let (entries, total) = self.mapping(depth)?;
                let node = Node {
                    kind: NodeKind::Map(entries),
                    span: here,
                };
                self.remember(anchor, &node, total);
                Ok((node, total))
            }
            other => Err(self.syntax(span, &format!("unexpected YAML event {other:?}"))),
        }
    }

    fn scalar(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&serde_saphyr::granit_parser::Tag>,
        span: Span,
    ) -> Result<Scalar, Diagnostic> {
        if let Some(tag) = tag {
            let explicit = match (tag.handle(), tag.suffix()) {
                (_, "str") => Some(Scalar::Str(text.to_owned())),
                (_, "null") => Some(Scalar::Null),
                (_, "bool") | (_, "int") | (_, "float") => resolve_plain(text).ok(),
                _ => None,
            };
            return explicit.ok_or_else(|| {
                self.syntax(
                    span,
                    &format!(
                        "unknown or mismatched YAML tag `{}{}` on `{text}`; GitLab knows `!reference` only",
                        tag.handle(),
                        tag.suffix()
                    ),
                )
            });
        }
        if style != ScalarStyle::Plain {
            return Ok(Scalar::Str(text.to_owned()));
        }
        resolve_plain(text).map_err(|why| {
            self.syntax(span, &format!("`{text}`: {why}"))
                .with_help(format!("quote it: \"{text}\""))
        })
    }

    /// Reads the pairs of a mapping up to its end and applies Psych's merge and
    /// duplicate-key rules: a later key replaces the value but keeps the first position.
    fn mapping(&mut self, depth: usize) -> Result<(Vec<Entry>, usize), Diagnostic> {
        let mut entries: Vec<Entry> = Vec::new();
        // Keys written in this mapping itself (not merged in): only these can be duplicates.
        let mut written: Vec<(String, usize)> = Vec::new();
        let mut total = 1;
        loop {
            let (kev, kspan) = self.next()?;
            if matches!(kev, Event::MappingEnd) {
                break;
            }
            let key_span = self.span(kspan);
            let merge = matches!(&kev, Event::Scalar(t, _, _, tag) if t == "<<" && tag.as_deref().is_none_or(|t| t.suffix() != "str"));
            let key = match kev {
                Event::Scalar(text, style, anchor, tag) => {
                    let scalar = self.scalar(&text, style, tag.as_deref(), kspan)?;
                    if anchor != 0 {
                        let n = Node {
                            kind: NodeKind::Scalar(scalar.clone()),
                            span: key_span,
                        };
                        self.remember(anchor, &n, 1);
                    }
                    key_text(&scalar, &text).map_err(|why| {
                        Diagnostic::error("yaml-key", KeyPath::root(), why).with_span(key_span)
                    })?
                }
                Event::Alias(id) => match self.anchors.get(id).cloned().flatten() {
                    Some((
                        Node {
                            kind: NodeKind::Scalar(s),
                            ..
                        },
                        _,
                    )) => key_text(&s, "").map_err(|why| {
                        Diagnostic::error("yaml-key", KeyPath::root(), why).with_span(key_span)
                    })?,
                    _ => {
                        return Err(self.syntax(
                            kspan,
                            "a mapping key must be a string; this alias is not one",
                        ));
                    }
                },
                _ => {
                    return Err(self.syntax(
                        kspan,
                        "a mapping key must be a string, not a list or a mapping",
                    ));
                }
            };
            let (vev, vspan) = self.next()?;
            let (value, n) = self.node_counted(vev, vspan, depth + 1)?;
            total += n;
            if merge {
                match &value.kind {
                    NodeKind::Map(merged) => {
                        for e in merged.clone() {
                            upsert(&mut entries, e);
                        }
                        continue;
                    }
                    NodeKind::Seq(items)
                        if items.iter().all(|i| matches!(i.kind, NodeKind::Map(_))) =>
                    {
                        // Psych merges the list from the last item to the first, so the first wins.
                        let mut combined: Vec<Entry> = Vec::new();
                        for item in items.iter().rev() {
                            for e in item.entries().unwrap_or_default() {
                                upsert(&mut combined, e.clone());
                            }
                        }
                        for e in combined {
                            upsert(&mut entries, e);
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            if let Some((_, first_line)) = written.iter().find(|(k, _)| *k == key) {
                self.warnings.push(
                    Diagnostic::warning(
                        "duplicate-key",
                        KeyPath::root(),
                        format!(
                            "duplicate key `{key}` (first at line {first_line}); GitLab keeps the last value"
                        ),
                    )
                    .with_span(key_span)
                    .with_help("remove one of the two"),
                );
            }
            written.push((key.clone(), key_span.line));
            upsert(
                &mut entries,
                Entry {
                    key,
                    key_span,
                    value,
                },
            );
        }
        Ok((entries, total))
    }
}

/// Inserts or replaces `entry`, keeping the first position of its key (Ruby's `Hash#[]=`).
fn upsert(entries: &mut Vec<Entry>, entry: Entry) {
    if let Some(slot) = entries.iter_mut().find(|e| e.key == entry.key) {
        slot.value = entry.value;
    } else {
        entries.push(entry);
    }
}

/// The key as GitLab sees it. Keys that Psych types as booleans or null are refused:
/// GitLab would not see the name that was written.
fn key_text(scalar: &Scalar, raw: &str) -> Result<String, String> {
    match scalar {
        Scalar::Str(s) => Ok(s.clone()),
        Scalar::Int(_) | Scalar::Float(_) => Ok(raw.to_owned()),
        Scalar::Bool(b) => Err(format!(
            "the key `{raw}` is read by GitLab as the boolean `{b}`; quote it: \"{raw}\""
        )),
        Scalar::Null => Err(format!(
            "the key `{raw}` is read by GitLab as null; quote it or give it a name"
        )),
    }
}

fn node_depth(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(_) => 0,
        NodeKind::Seq(items) | NodeKind::Reference(items) => {
            1 + items.iter().map(node_depth).max().unwrap_or(0)
        }
        NodeKind::Map(entries) => {
            1 + entries
                .iter()
                .map(|e| node_depth(&e.value))
                .max()
                .unwrap_or(0)
        }
    }
}

fn too_deep(span: SourceSpan) -> Diagnostic {
    Diagnostic::error(
        "file-too-deep",
        KeyPath::root(),
        format!("the YAML nests deeper than {MAX_DEPTH} levels; GitLab refuses it"),
    )
    .with_span(span)
}
