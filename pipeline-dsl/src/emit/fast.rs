//! The fast writer: model types (through serde) straight to YAML text, with no [`Value`]
//! tree in between, byte for byte what the slow path writes (model → [`Value`] via
//! `value.rs` → `yaml.rs`'s guard → serde-saphyr).
//!
//! It knows the few layouts our documents use: block mappings and sequences (sequences
//! under a key are not indented), `[]` and `{}` for empty ones, plain or double-quoted
//! scalars, block literals for multi-line strings, and `!reference` tags. Anything else,
//! and anything where the slow path would do something special, makes it give up
//! ([`Fallback`]) so that the slow path writes the document (or reports its error):
//! floats, a `<<` key, keys that are neither strings nor integers, a key written twice in
//! one mapping (the [`Value`] tree keeps one), very long keys, an empty or multi-line
//! `!reference`, a top level that is not a mapping, any serialization error.
//!
//! [`Value`]: crate::model::Value

use serde::ser::{self, Serialize};

use super::saphyr_quoting::{
    escape_double_quoted, is_auto_block_scalar_readable, is_block_scalar_content_safe,
    is_plain_safe, is_plain_value_safe,
};
use super::yaml::needs_guard;
use crate::model::{JobEntry, Pipeline, REFERENCE_MARKER};

/// serde-saphyr writes a longer key as an explicit `? key`, which this writer does not.
const SIMPLE_KEY_MAX_LEN: usize = 1024;

/// The fast writer cannot write this document exactly; the slow path must.
#[derive(Debug)]
pub(super) struct Fallback;

impl std::fmt::Display for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fast writer falls back")
    }
}

impl std::error::Error for Fallback {}

impl ser::Error for Fallback {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Fallback
    }
}

type R = Result<(), Fallback>;

/// The pipeline's body (global keywords in [`super::order::GLOBAL_ORDER`], then jobs and
/// hidden keys), as `emit::pipeline_value` then the slow writer would write it; `None`
/// when only the slow path can.
pub(super) fn body(p: &Pipeline) -> Option<String> {
    let mut w = Writer::with_capacity(p.jobs.len() * 384 + 1024);
    let globals: [(&str, Option<&dyn erased::Erased>); 11] = [
        ("$schema", p.schema.as_ref().map(|v| v as _)),
        ("workflow", p.workflow.as_ref().map(|v| v as _)),
        ("include", p.include.as_ref().map(|v| v as _)),
        ("stages", p.stages.as_ref().map(|v| v as _)),
        ("variables", p.variables.as_ref().map(|v| v as _)),
        ("default", p.default.as_ref().map(|v| v as _)),
        ("image", p.image.as_ref().map(|v| v as _)),
        ("services", p.services.as_ref().map(|v| v as _)),
        ("cache", p.cache.as_ref().map(|v| v as _)),
        ("before_script", p.before_script.as_ref().map(|v| v as _)),
        ("after_script", p.after_script.as_ref().map(|v| v as _)),
    ];
    debug_assert!(
        globals
            .iter()
            .map(|(k, _)| *k)
            .eq(super::order::GLOBAL_ORDER.iter().copied())
    );
    let mut entries = 0usize;
    for (key, value) in globals {
        let Some(value) = value else {
            continue;
        };
        // A job of the same name would replace the global's value in the `Value` tree.
        if p.jobs.contains_key(key) {
            return None;
        }
        w.key(key, Pos::Root, entries).ok()?;
        value.erased_serialize(&mut w, 0).ok()?;
        entries += 1;
    }
    for (name, entry) in &p.jobs {
        w.key(name, Pos::Root, entries).ok()?;
        match entry {
            JobEntry::Job(job) => job.serialize(Node::value(&mut w, 0)).ok()?,
            JobEntry::Raw(value) => value.serialize(Node::value(&mut w, 0)).ok()?,
        }
        entries += 1;
    }
    if entries == 0 {
        w.out.push_str("{}\n");
    }
    Some(w.out)
}

/// One document whose top level is a mapping, as the slow writer would write `value`'s
/// [`Value`](crate::model::Value) tree; `None` when only the slow path can.
pub(super) fn document<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut w = Writer::with_capacity(256);
    value
        .serialize(Node {
            w: &mut w,
            pos: Pos::Root,
        })
        .ok()?;
    Some(w.out)
}

/// Object-safe serialization into the writer, for the global keywords' different types.
mod erased {
    use super::{Node, R, Serialize, Writer};

    pub(super) trait Erased {
        fn erased_serialize(&self, w: &mut Writer, col: usize) -> R;
    }

    impl<T: Serialize> Erased for T {
        fn erased_serialize(&self, w: &mut Writer, col: usize) -> R {
            self.serialize(Node::value(w, col))
        }
    }
}

/// Where a node starts.
#[derive(Debug, Clone, Copy)]
enum Pos {
    /// The top level.
    Root,
    /// After `key:` (no space yet), the key at column `col`.
    Value { col: usize },
    /// After `- `, the dash at column `col`.
    Item { col: usize },
}

/// The output and the scratch space of one document.
pub(super) struct Writer {
    out: String,
    /// The current key, as serialized.
    key: String,
    /// Hashes of the keys of the open mappings that may repeat a key (a stack).
    hashes: Vec<u64>,
    /// The strings of a `!reference` being written.
    parts: Vec<String>,
    /// Keys met recently and whether each is written plain, by hash: a document repeats
    /// the same few keys, whose style need not be worked out again.
    styles: Vec<Option<(u64, String, bool)>>,
}

/// Slots of [`Writer::styles`].
const STYLE_SLOTS: usize = 64;

const SPACES: &str = "                                                                ";

impl Writer {
    fn with_capacity(n: usize) -> Self {
        Self {
            out: String::with_capacity(n),
            key: String::new(),
            hashes: Vec::new(),
            parts: Vec::new(),
            styles: vec![None; STYLE_SLOTS],
        }
    }

    /// Whether serde-saphyr writes `key` plain (else double-quoted); `hash` is its hash,
    /// to look it up among the keys met before.
    fn key_is_plain(&mut self, key: &str, hash: Option<u64>) -> bool {
        if obviously_plain(key, b":,[]{}") {
            return true;
        }
        let plain = |key: &str| is_plain_safe(key) && is_plain_value_safe(key, false, true);
        let Some(h) = hash else {
            return plain(key);
        };
        let slot = &mut self.styles[(h % STYLE_SLOTS as u64) as usize];
        if let Some((seen, text, style)) = slot
            && *seen == h
            && text == key
        {
            return *style;
        }
        let style = plain(key);
        match slot {
            Some((seen, text, old)) => {
                *seen = h;
                text.clear();
                text.push_str(key);
                *old = style;
            }
            None => *slot = Some((h, key.to_owned(), style)),
        }
        style
    }

    fn indent(&mut self, col: usize) {
        let mut left = col;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// Writes `key:` as entry number `entry` of a mapping that starts at `pos` and has its
    /// keys at column `col` (`hash`: the key's, when worth remembering its style).
    fn key_at(&mut self, key: &str, hash: Option<u64>, pos: Pos, col: usize, entry: usize) -> R {
        // `<<` is refused by the slow path (`EmitError::MergeKey`).
        if key == "<<" {
            return Err(Fallback);
        }
        if entry == 0 {
            match pos {
                Pos::Root => {}
                Pos::Value { .. } => {
                    self.out.push('\n');
                    self.indent(col);
                }
                // The first key goes on the dash's line.
                Pos::Item { .. } => {}
            }
        } else {
            self.indent(col);
        }
        if self.key_is_plain(key, hash) {
            if key.len() > SIMPLE_KEY_MAX_LEN && key.chars().count() > SIMPLE_KEY_MAX_LEN {
                return Err(Fallback);
            }
            self.out.push_str(key);
        } else {
            let start = self.out.len();
            self.out.push('"');
            escape_double_quoted(key, &mut self.out).map_err(|_| Fallback)?;
            self.out.push('"');
            let text = &self.out[start..];
            if text.len() > SIMPLE_KEY_MAX_LEN && text.chars().count() > SIMPLE_KEY_MAX_LEN {
                return Err(Fallback);
            }
        }
        self.out.push(':');
        Ok(())
    }

    /// A top-level key.
    fn key(&mut self, key: &str, pos: Pos, entry: usize) -> R {
        self.key_at(key, None, pos, 0, entry)
    }

    /// A scalar's text at `pos`, then the end of its line.
    fn scalar(&mut self, pos: Pos, text: &str) -> R {
        match pos {
            Pos::Root => return Err(Fallback),
            Pos::Value { .. } => self.out.push(' '),
            Pos::Item { .. } => {}
        }
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    /// A string at `pos`: `GuardedStr` of `yaml.rs`, then serde-saphyr's `serialize_str`
    /// in block context.
    fn string(&mut self, pos: Pos, s: &str) -> R {
        let column = match pos {
            Pos::Root => return Err(Fallback),
            Pos::Value { col } | Pos::Item { col } => col,
        };
        if obviously_plain(s, b"") {
            return self.scalar(pos, s);
        }
        if s.contains('\n') {
            if needs_guard(s) {
                return self.quoted(pos, s);
            }
            if is_block_scalar_content_safe(s) && is_auto_block_scalar_readable(s) {
                return self.literal(pos, column, s);
            }
            // Not plain-safe (a line break is a control character): double-quoted.
            return self.quoted(pos, s);
        }
        if let [c @ (b'.' | b'#' | b'-')] = s.as_bytes() {
            if needs_guard(s) {
                return self.quoted(pos, s);
            }
            if let Pos::Value { .. } = pos {
                self.out.push(' ');
            }
            self.out.push('\'');
            self.out.push(char::from(*c));
            self.out.push_str("'\n");
            return Ok(());
        }
        // A single line the guard would quote is double-quoted, and so is one serde-saphyr
        // would not write plain: the guard only matters for plain-safe text.
        if is_plain_value_safe(s, false, false) && !needs_guard(s) {
            self.scalar(pos, s)
        } else {
            self.quoted(pos, s)
        }
    }

    fn quoted(&mut self, pos: Pos, s: &str) -> R {
        match pos {
            Pos::Root => return Err(Fallback),
            Pos::Value { .. } => self.out.push(' '),
            Pos::Item { .. } => {}
        }
        self.out.push('"');
        escape_double_quoted(s, &mut self.out).map_err(|_| Fallback)?;
        self.out.push_str("\"\n");
        Ok(())
    }

    /// A block literal whose parent (the key, or the dash) is at column `parent`.
    fn literal(&mut self, pos: Pos, parent: usize, s: &str) -> R {
        if let Pos::Value { .. } = pos {
            self.out.push(' ');
        }
        let body = parent + 2;
        let content = s.trim_end_matches('\n');
        let trailing = s.len() - content.len();
        self.out.push('|');
        let first_line_spaces = content
            .split('\n')
            .find(|l| !l.is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
        if first_line_spaces > 0 {
            self.out.push('2');
        }
        match trailing {
            0 => self.out.push('-'),
            1 if !content.is_empty() => {}
            _ => self.out.push('+'),
        }
        self.out.push('\n');
        if content.is_empty() {
            for _ in 0..trailing {
                self.out.push('\n');
            }
        } else {
            for line in content.split('\n') {
                if !line.is_empty() {
                    self.indent(body);
                    self.out.push_str(line);
                }
                self.out.push('\n');
            }
            for _ in 1..trailing {
                self.out.push('\n');
            }
        }
        Ok(())
    }

    /// `!reference [...]` at `pos`, from the strings in `self.parts`: a tagged block
    /// sequence, indented below its key or dash.
    fn reference(&mut self, pos: Pos) -> R {
        let column = match pos {
            Pos::Root => return Err(Fallback),
            Pos::Value { col } => {
                self.out.push(' ');
                col
            }
            Pos::Item { col } => col,
        };
        let parts = std::mem::take(&mut self.parts);
        if parts.is_empty() || parts.iter().any(|p| p.contains('\n')) {
            return Err(Fallback);
        }
        self.out.push_str("!reference\n");
        let dash = column + 2;
        let mut result = Ok(());
        for part in &parts {
            self.indent(dash);
            self.out.push_str("- ");
            result = self.string(Pos::Item { col: dash }, part);
            if result.is_err() {
                break;
            }
        }
        self.parts = parts;
        self.parts.clear();
        result
    }
}

/// Whether `s` is certainly written plain, by a short test that implies the long ones
/// (`is_plain_value_safe`, and for keys `is_plain_safe` too, and the guard): printable
/// ASCII starting with `$`, or with a letter when longer than any YAML 1.1 word
/// (`false`), with no `#`, no `: `, no `:` at the end, no space at the end, and none of
/// `also` (the characters a key may not hold).
fn obviously_plain(s: &str, also: &[u8]) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    // A letter starts a word Psych reads as a string (the guard), and serde-saphyr finds
    // nothing ambiguous in a word that long; nothing is ambiguous after a `$`.
    if !(first == b'$' || (first.is_ascii_alphabetic() && b.len() > 5)) {
        return false;
    }
    if last == b' ' || last == b':' {
        return false;
    }
    let mut prev = 0u8;
    for &c in b {
        if !(0x20..0x7f).contains(&c) || c == b'#' || (prev == b':' && c == b' ') {
            return false;
        }
        if also.contains(&c) {
            return false;
        }
        prev = c;
    }
    true
}

/// FNV-1a, to notice a key written twice in one mapping (a collision only costs a fall
/// back to the slow path).
fn hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A node at a position: the serializer (one type, so that each model type's `Serialize`
/// is compiled once more, not once per position).
struct Node<'w> {
    w: &'w mut Writer,
    pos: Pos,
}

impl<'w> Node<'w> {
    /// The value of a key at column `col`.
    fn value(w: &'w mut Writer, col: usize) -> Self {
        Self {
            w,
            pos: Pos::Value { col },
        }
    }

    fn map(self, tracked: bool) -> Result<MapSer<'w>, Fallback> {
        let col = match self.pos {
            Pos::Root => 0,
            Pos::Value { col } | Pos::Item { col } => col + 2,
        };
        let hashes = self.w.hashes.len();
        Ok(MapSer {
            w: self.w,
            pos: self.pos,
            col,
            entries: 0,
            tracked,
            hashes,
        })
    }

    fn seq(self) -> Result<SeqSer<'w>, Fallback> {
        let col = match self.pos {
            Pos::Root => return Err(Fallback),
            // Under a key, a sequence is not indented.
            Pos::Value { col } => col,
            Pos::Item { col } => col + 2,
        };
        Ok(SeqSer {
            w: self.w,
            pos: self.pos,
            col,
            items: 0,
        })
    }
}

/// The mapping being written.
struct MapSer<'w> {
    w: &'w mut Writer,
    pos: Pos,
    /// The column of its keys.
    col: usize,
    entries: usize,
    /// Whether a key may repeat (mappings, not structs): then its hashes are kept.
    tracked: bool,
    /// Where its hashes start in `w.hashes`.
    hashes: usize,
}

impl MapSer<'_> {
    fn key_str(&mut self, key: &str) -> R {
        let h = hash(key);
        if self.tracked {
            self.w.hashes.push(h);
        }
        self.w
            .key_at(key, Some(h), self.pos, self.col, self.entries)
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(Node::value(self.w, self.col))?;
        self.entries += 1;
        Ok(())
    }

    fn finish(self) -> R {
        if self.entries == 0 {
            match self.pos {
                Pos::Root => self.w.out.push_str("{}\n"),
                Pos::Value { .. } => self.w.out.push_str(" {}\n"),
                Pos::Item { .. } => self.w.out.push_str("{}\n"),
            }
        }
        if self.tracked {
            let mine = &mut self.w.hashes[self.hashes..];
            mine.sort_unstable();
            let repeated = mine.windows(2).any(|w| w[0] == w[1]);
            self.w.hashes.truncate(self.hashes);
            if repeated {
                return Err(Fallback);
            }
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = ();
    type Error = Fallback;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        let mut text = std::mem::take(&mut self.w.key);
        text.clear();
        let result = key
            .serialize(KeySer {
                out: &mut text,
                ints: true,
            })
            .and_then(|()| self.key_str(&text));
        self.w.key = text;
        result
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.value(value)
    }

    fn end(self) -> R {
        self.finish()
    }
}

impl ser::SerializeStruct for MapSer<'_> {
    type Ok = ();
    type Error = Fallback;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        self.key_str(key)?;
        self.value(value)
    }

    fn end(self) -> R {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSer<'_> {
    type Ok = ();
    type Error = Fallback;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> R {
        self.finish()
    }
}

/// The sequence being written.
struct SeqSer<'w> {
    w: &'w mut Writer,
    pos: Pos,
    /// The column of its dashes.
    col: usize,
    items: usize,
}

impl SeqSer<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        if self.items == 0 {
            match self.pos {
                Pos::Root => return Err(Fallback),
                Pos::Value { .. } => {
                    self.w.out.push('\n');
                    self.w.indent(self.col);
                }
                // The first item goes on the outer dash's line.
                Pos::Item { .. } => {}
            }
        } else {
            self.w.indent(self.col);
        }
        self.w.out.push_str("- ");
        value.serialize(Node {
            w: self.w,
            pos: Pos::Item { col: self.col },
        })?;
        self.items += 1;
        Ok(())
    }

    fn finish(self) -> R {
        if self.items == 0 {
            match self.pos {
                Pos::Root => return Err(Fallback),
                Pos::Value { .. } => self.w.out.push_str(" []\n"),
                Pos::Item { .. } => self.w.out.push_str("[]\n"),
            }
        }
        Ok(())
    }
}

macro_rules! seq_impls {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for SeqSer<'_> {
            type Ok = ();
            type Error = Fallback;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
                self.item(value)
            }

            fn end(self) -> R {
                self.finish()
            }
        }
    )*};
}

seq_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Every serde call, at the node's position: what `value.rs` makes of it, written as the
/// slow path would write that.
impl<'w> ser::Serializer for Node<'w> {
    type Ok = ();
    type Error = Fallback;
    type SerializeSeq = SeqSer<'w>;
    type SerializeTuple = SeqSer<'w>;
    type SerializeTupleStruct = SeqSer<'w>;
    type SerializeTupleVariant = SeqSer<'w>;
    type SerializeMap = MapSer<'w>;
    type SerializeStruct = MapSer<'w>;
    type SerializeStructVariant = MapSer<'w>;

    fn serialize_bool(self, v: bool) -> R {
        self.w.scalar(self.pos, if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        let mut buf = itoa_buf();
        self.w.scalar(self.pos, format_int(&mut buf, v))
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.serialize_i64(i64::try_from(v).map_err(|_| Fallback)?)
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(Fallback)
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(Fallback)
    }
    fn serialize_char(self, v: char) -> R {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> R {
        self.w.string(self.pos, v)
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Err(Fallback)
    }
    fn serialize_none(self) -> R {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.w.scalar(self.pos, "null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R {
        if name == REFERENCE_MARKER {
            let mut parts = std::mem::take(&mut self.w.parts);
            parts.clear();
            let collected = v.serialize(PartsSer { parts: &mut parts });
            self.w.parts = parts;
            collected?;
            return self.w.reference(self.pos);
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        // `{variant: value}`, as `value.rs` makes it.
        let mut map = self.serialize_map(Some(1))?;
        map.key_str(variant)?;
        map.value(v)?;
        map.finish()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqSer<'w>, Fallback> {
        self.seq()
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'w>, Fallback> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqSer<'w>, Fallback> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<SeqSer<'w>, Fallback> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSer<'w>, Fallback> {
        self.map(true)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapSer<'w>, Fallback> {
        self.map(false)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<MapSer<'w>, Fallback> {
        // `value.rs` writes a struct variant's fields without the variant.
        self.map(false)
    }
}

/// Room for any `i64` in decimal.
fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

/// `v` in decimal, as `{v}` writes it.
fn format_int(buf: &mut [u8; 20], v: i64) -> &str {
    let mut n = v.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        // A digit: always ASCII.
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// A mapping key as `value.rs` accepts one: a string, or an integer written in decimal
/// (with `ints`; an item of a `!reference` must be a string).
struct KeySer<'k> {
    out: &'k mut String,
    ints: bool,
}

impl ser::Serializer for KeySer<'_> {
    type Ok = ();
    type Error = Fallback;
    type SerializeSeq = ser::Impossible<(), Fallback>;
    type SerializeTuple = ser::Impossible<(), Fallback>;
    type SerializeTupleStruct = ser::Impossible<(), Fallback>;
    type SerializeTupleVariant = ser::Impossible<(), Fallback>;
    type SerializeMap = ser::Impossible<(), Fallback>;
    type SerializeStruct = ser::Impossible<(), Fallback>;
    type SerializeStructVariant = ser::Impossible<(), Fallback>;

    fn serialize_bool(self, _: bool) -> R {
        Err(Fallback)
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        if !self.ints {
            return Err(Fallback);
        }
        let mut buf = itoa_buf();
        self.out.push_str(format_int(&mut buf, v));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.serialize_i64(i64::try_from(v).map_err(|_| Fallback)?)
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(Fallback)
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(Fallback)
    }
    fn serialize_char(self, v: char) -> R {
        self.out.push(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.out.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Err(Fallback)
    }
    fn serialize_none(self) -> R {
        Err(Fallback)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Err(Fallback)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Err(Fallback)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.out.push_str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R {
        if name == REFERENCE_MARKER {
            return Err(Fallback);
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R {
        Err(Fallback)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Fallback> {
        Err(Fallback)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Fallback> {
        Err(Fallback)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Fallback> {
        Err(Fallback)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Fallback> {
        Err(Fallback)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Fallback> {
        Err(Fallback)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Fallback> {
        Err(Fallback)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Fallback> {
        Err(Fallback)
    }
}

/// The strings of a `!reference` (`value.rs` refuses anything else in one).
struct PartsSer<'p> {
    parts: &'p mut Vec<String>,
}

impl<'p> ser::Serializer for PartsSer<'p> {
    type Ok = ();
    type Error = Fallback;
    type SerializeSeq = PartsSeq<'p>;
    type SerializeTuple = PartsSeq<'p>;
    type SerializeTupleStruct = PartsSeq<'p>;
    type SerializeTupleVariant = PartsSeq<'p>;
    type SerializeMap = ser::Impossible<(), Fallback>;
    type SerializeStruct = ser::Impossible<(), Fallback>;
    type SerializeStructVariant = ser::Impossible<(), Fallback>;

    fn serialize_bool(self, _: bool) -> R {
        Err(Fallback)
    }
    fn serialize_i8(self, _: i8) -> R {
        Err(Fallback)
    }
    fn serialize_i16(self, _: i16) -> R {
        Err(Fallback)
    }
    fn serialize_i32(self, _: i32) -> R {
        Err(Fallback)
    }
    fn serialize_i64(self, _: i64) -> R {
        Err(Fallback)
    }
    fn serialize_u8(self, _: u8) -> R {
        Err(Fallback)
    }
    fn serialize_u16(self, _: u16) -> R {
        Err(Fallback)
    }
    fn serialize_u32(self, _: u32) -> R {
        Err(Fallback)
    }
    fn serialize_u64(self, _: u64) -> R {
        Err(Fallback)
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(Fallback)
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(Fallback)
    }
    fn serialize_char(self, _: char) -> R {
        Err(Fallback)
    }
    fn serialize_str(self, _: &str) -> R {
        Err(Fallback)
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Err(Fallback)
    }
    fn serialize_none(self) -> R {
        Err(Fallback)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Err(Fallback)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Err(Fallback)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Err(Fallback)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R {
        if name == REFERENCE_MARKER {
            return Err(Fallback);
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R {
        Err(Fallback)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<PartsSeq<'p>, Fallback> {
        Ok(PartsSeq { parts: self.parts })
    }
    fn serialize_tuple(self, _: usize) -> Result<PartsSeq<'p>, Fallback> {
        Ok(PartsSeq { parts: self.parts })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<PartsSeq<'p>, Fallback> {
        Ok(PartsSeq { parts: self.parts })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<PartsSeq<'p>, Fallback> {
        Ok(PartsSeq { parts: self.parts })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Fallback> {
        Err(Fallback)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Fallback> {
        Err(Fallback)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Fallback> {
        Err(Fallback)
    }
}

/// The list inside a `!reference`.
struct PartsSeq<'p> {
    parts: &'p mut Vec<String>,
}

impl PartsSeq<'_> {
    fn part<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        let mut s = String::new();
        v.serialize(KeySer {
            out: &mut s,
            ints: false,
        })?;
        self.parts.push(s);
        Ok(())
    }
}

macro_rules! parts_impls {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for PartsSeq<'_> {
            type Ok = ();
            type Error = Fallback;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
                self.part(value)
            }

            fn end(self) -> R {
                Ok(())
            }
        }
    )*};
}

parts_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

#[cfg(test)]
mod tests {
    use super::super::{pipeline_value, slow_value_to_string};
    use super::*;
    use crate::model::{Mapping, Reference, Value};

    /// What the slow path writes for the body of `p` (`None` on an error).
    fn slow_body(p: &Pipeline) -> Option<String> {
        slow_value_to_string(&pipeline_value(p).ok()?).ok()
    }

    /// Fails unless the fast writer writes `v` as the slow one does (or gives up).
    fn same(v: &Value) -> bool {
        let Some(fast) = document(v) else {
            return false;
        };
        let slow = slow_value_to_string(v);
        assert_eq!(Ok(&fast), slow.as_ref(), "for {v:?}");
        true
    }

    /// Strings that stress the scalar styles: YAML 1.1 look-alikes, indicators, edge
    /// whitespace, line breaks (for block literals), control and non-ASCII characters.
    const STRINGS: &[&str] = &[
        "",
        "a",
        "-",
        ".",
        "#",
        "~",
        "-a",
        "?",
        "? a",
        "- a",
        ":",
        ":a",
        "a:",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "#a",
        "'",
        "\"",
        "'a'",
        "\"a\"",
        "a'b",
        "a\"b",
        "\\",
        "a\\b",
        "[a]",
        "{a}",
        "a,b",
        ",a",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "%a",
        "@a",
        "`a",
        "<<",
        "=",
        "y",
        "n",
        "Y",
        "yes",
        "No",
        "on",
        "OFF",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "0",
        "1",
        "-1",
        "+1",
        "01",
        "0755",
        "08",
        "1_000",
        "1,000",
        "0x1F",
        "0b10",
        "0o7",
        "1.5",
        ".5",
        "1.",
        "1e3",
        "1.2.3",
        "v1.2.3",
        ".inf",
        "-.Inf",
        ".nan",
        "NaN",
        "inf",
        "12:30",
        "1:30",
        "-1:30",
        "190:20:30.15",
        "2001-12-14",
        "2001-12-14 21:59:43.10 -5",
        "2001-12-14t21:59:43.10-05:00",
        "---",
        "...",
        "--- a",
        "... a",
        "---a",
        " a",
        "a ",
        "\ta",
        "a\t",
        "a b",
        "a  b",
        "docker:dind",
        "rust:1.80",
        "$CI_COMMIT_TAG",
        "$A == \"b\"",
        "${A}",
        "%A%",
        "echo on",
        "*.log",
        "**/*",
        "é",
        "日本語",
        "🎉",
        "\u{a0}",
        "a\u{a0}",
        "\u{feff}a",
        "\u{85}",
        "a\u{2028}b",
        "\u{0}",
        "a\u{7}",
        "\u{1b}",
        "\u{7f}",
        "a\rb",
        "a\r\nb",
        "a\nb",
        "a\nb\n",
        "a\nb\n\n",
        "\n",
        "\n\n",
        "\na",
        " a\nb",
        "  a\n b\n",
        "\ta\nb",
        "a\n\tb",
        "\n\ta",
        "a\n\nb",
        "a \nb",
        "a\n ",
        "#a\nb",
        "- a\nb",
        "a: b\nc",
        "a\u{85}\nb",
        "'\n'",
        "\"a\nb\"",
        "yes ",
        "No\t",
        " off",
        "False\n",
        "nulls",
        "truer",
        "Infinity",
        "nan ",
        "y\t",
        "n ",
        "abcdef",
        "ab\tcdef",
        "\u{e9}\u{7f}",
        "a\u{2028}",
    ];

    use super::super::TestRng as Rng;

    impl Rng {
        fn string(&mut self) -> String {
            match self.below(4) {
                0 => {
                    let a = STRINGS[self.below(STRINGS.len())];
                    let b = STRINGS[self.below(STRINGS.len())];
                    format!("{a}{b}")
                }
                _ => STRINGS[self.below(STRINGS.len())].to_owned(),
            }
        }
        fn value(&mut self, depth: usize) -> Value {
            let leaf = depth == 0 || self.below(3) == 0;
            match if leaf {
                self.below(5)
            } else {
                5 + self.below(4)
            } {
                0 => Value::Null,
                1 => Value::Bool(self.below(2) == 0),
                2 => Value::Int(self.next() as i64 >> self.below(64)),
                3 | 4 => Value::String(self.string()),
                5 => Value::Seq((0..self.below(4)).map(|_| self.value(depth - 1)).collect()),
                6 => Value::Reference(Reference(
                    (0..self.below(4)).map(|_| self.string()).collect(),
                )),
                _ => Value::Map(self.map(depth - 1)),
            }
        }
        fn map(&mut self, depth: usize) -> Mapping {
            (0..self.below(4))
                .map(|_| (self.string(), self.value(depth)))
                .collect()
        }
    }

    #[test]
    fn the_fast_writer_writes_values_as_the_slow_one() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut fast = 0;
        let total = 20_000;
        for _ in 0..total {
            let v = Value::Map(rng.map(4));
            if same(&v) {
                fast += 1;
            }
        }
        // Most documents take the fast path (the rest fell back, which is always exact).
        assert!(
            fast > total / 2,
            "only {fast} of {total} took the fast path"
        );
    }

    #[test]
    fn the_fast_writer_writes_each_string_and_layout_as_the_slow_one() {
        for s in STRINGS {
            let v = || Value::String((*s).to_owned());
            let seq = |items: Vec<Value>| Value::Seq(items);
            let map = |k: &str, v: Value| Value::Map([(k.to_owned(), v)].into_iter().collect());
            let reference = Value::Reference(Reference(vec![(*s).to_owned(), "x".into()]));
            for doc in [
                map(s, Value::Null),
                map("k", v()),
                map("k", seq(vec![v(), v()])),
                map("k", seq(vec![map("a", v()), map(s, seq(vec![v()]))])),
                map("k", seq(vec![seq(vec![v(), map("b", v())]), v()])),
                map("k", map("a", map("b", v()))),
                map("k", reference.clone()),
                map(
                    "k",
                    seq(vec![reference.clone(), map("r", reference.clone())]),
                ),
                map("k", seq(vec![seq(vec![seq(vec![v()])])])),
            ] {
                same(&doc);
            }
        }
    }

    #[test]
    fn the_shortcut_implies_the_full_decisions() {
        let mut rng = Rng(7);
        for _ in 0..20_000 {
            let s = rng.string();
            if obviously_plain(&s, b"") {
                assert!(is_plain_value_safe(&s, false, false), "{s:?}");
                assert!(!needs_guard(&s), "{s:?}");
            }
            if obviously_plain(&s, b":,[]{}") {
                assert!(
                    is_plain_safe(&s) && is_plain_value_safe(&s, false, true),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn the_fast_writer_gives_up_where_the_slow_one_differs() {
        let map = |entries: Vec<(&str, Value)>| {
            Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
            )
        };
        // A merge key is the slow path's error; floats, empty references and non-mapping
        // documents are its to write.
        assert!(document(&map(vec![("<<", Value::Null)])).is_none());
        assert!(document(&map(vec![("a", map(vec![("<<", Value::Null)]))])).is_none());
        assert!(document(&map(vec![("f", Value::Float(crate::model::Float(1.5)))])).is_none());
        assert!(document(&map(vec![("r", Value::Reference(Reference(vec![])))])).is_none());
        assert!(document(&Value::Seq(vec![])).is_none());
        assert!(document(&Value::String("a".into())).is_none());
        // A key written twice in one mapping: the `Value` tree keeps one.
        let mut job = crate::model::Job::new();
        job.stage = Some("build".into());
        job.extra.insert("stage", Value::from("test"));
        let mut p = Pipeline::new();
        p.insert_job("j", job);
        assert!(body(&p).is_none());
        // A job named like a global keyword that is set.
        let mut p = Pipeline::new();
        p.stages = Some(vec!["a".into()]);
        p.insert_job("stages", crate::model::Job::new());
        assert!(body(&p).is_none());
    }

    /// Every YAML file under `dir` (recursively).
    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn the_fast_writer_writes_imported_files_as_the_slow_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["tests/fixtures", "examples", "../shared/gitlab-ci"] {
            yaml_files(&root.join(dir), &mut files);
        }
        assert!(
            !files.is_empty(),
            "no YAML files found under {}",
            root.display()
        );
        let mut checked = 0;
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let Ok(imported) = crate::import::from_str(&text) else {
                continue;
            };
            let p = imported.pipeline;
            if let Some(fast) = body(&p) {
                assert_eq!(Some(fast), slow_body(&p), "{}", file.display());
                checked += 1;
            }
        }
        assert!(checked > 0);
    }

    #[test]
    fn the_fast_writer_writes_the_synthetic_pipeline_as_the_slow_one() {
        use crate::model::{Rule, When};
        let mut b = Pipeline::builder();
        let stages = b.stages(["build", "test", "deploy"]);
        let mut previous = None;
        for i in 0..30 {
            let stage = &stages[i % 3];
            let needs = if i % 3 != 0 { previous.take() } else { None };
            let job = b.job(format!("job-{i}"), |j| {
                let j = j
                    .stage(stage)
                    .image("rust:1.80")
                    .variable("IDX", i.to_string())
                    .script([format!("cargo build -p crate{i}"), "echo 'a: b'".into()])
                    .rule(Rule::condition("$CI_COMMIT_BRANCH == \"main\""))
                    .rule(Rule::condition("$CI_COMMIT_TAG").when(When::Manual))
                    .artifacts(|a| a.path(format!("target/{i}")).expire_in("1 week"));
                match &needs {
                    Some(need) => j.need(need),
                    None => j,
                }
            });
            previous = Some(job);
        }
        let p = b.build();
        assert_eq!(body(&p), slow_body(&p));
    }

    #[cfg(feature = "proptest")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn the_fast_writer_writes_any_pipeline_as_the_slow_one(
            p in crate::testing::arb_pipeline()
        ) {
            if let Some(fast) = body(&p) {
                proptest::prop_assert_eq!(Some(fast), slow_body(&p));
            }
        }
    }
}
