//! Values, as YAML has them: strings, integers, booleans, `null`, bare words (names such
//! as `build`, `.pre` or `pull-push`), lists `[...]`, maps `{ key: value, ... }`, and
//! splices of Rust code (`#(expr)`, or a macro call such as `format!(...)`).

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitInt, LitStr, Token, braced, bracketed};

/// A value in key position's right-hand side.
#[derive(Clone)]
pub(crate) enum Value {
    /// `"text"`
    Str(LitStr),
    /// `3`, `-1`
    Int(Int),
    /// `true`, `false`
    Bool(LitBool),
    /// `null`
    Null(Span),
    /// `build`, `.pre`, `pull-push`, `on_success`
    Word(Word),
    /// `[a, b]`
    List(List),
    /// `{ a: 1, b: 2 }`
    Map(Map),
    /// `#(expr)` or `name!(...)`
    Splice(Splice),
}

/// An integer literal, possibly negative.
#[derive(Clone)]
pub(crate) struct Int {
    pub(crate) lit: LitInt,
    pub(crate) negative: Option<Token![-]>,
}

/// A bare word: an identifier (Rust keywords too), optionally after a `.` and joined by
/// `-` to more identifiers.
#[derive(Clone)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// `[a, b, c]`
#[derive(Clone)]
pub(crate) struct List {
    pub(crate) span: Span,
    pub(crate) items: Vec<Value>,
}

/// `{ key: value, ... }`, in written order.
#[derive(Clone)]
pub(crate) struct Map {
    pub(crate) span: Span,
    pub(crate) entries: Vec<Entry>,
}

/// `key: value`
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) key: Key,
    pub(crate) value: Value,
}

/// A key: an identifier (Rust keywords such as `if` and `ref` included) or a string.
#[derive(Clone)]
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) span: Span,
}

/// Rust code spliced where a value goes: the tokens inside `#( ... )`, or a whole macro
/// call (`format!("{x}")`).
#[derive(Clone)]
pub(crate) struct Splice {
    pub(crate) tokens: TokenStream,
    pub(crate) span: Span,
}

impl Value {
    /// The span of the whole value (for a list or map, its delimiters).
    pub(crate) fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span(),
            Value::Int(i) => i.lit.span(),
            Value::Bool(b) => b.span,
            Value::Null(s) => *s,
            Value::Word(w) => w.span,
            Value::List(l) => l.span,
            Value::Map(m) => m.span,
            Value::Splice(s) => s.span,
        }
    }

    /// The text of a string or a word.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.value()),
            Value::Word(w) => Some(w.text.clone()),
            _ => None,
        }
    }

    /// A short name of the value's kind, for messages ("a list").
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Bool(_) => "a boolean",
            Value::Null(_) => "`null`",
            Value::Word(_) => "a bare name",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
            Value::Splice(_) => "a Rust expression",
        }
    }

    /// The items of a list, or the value itself as a one-item list.
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::List(l) => &l.items,
            other => std::slice::from_ref(other),
        }
    }
}

impl Int {
    /// The value, if it fits an `i64`.
    pub(crate) fn value(&self) -> Option<i64> {
        let v: i64 = self.lit.base10_parse().ok()?;
        Some(if self.negative.is_some() { -v } else { v })
    }
}

impl Map {
    /// The first entry called `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.name == key)
    }

    /// The value of the first entry called `key`.
    pub(crate) fn value(&self, key: &str) -> Option<&Value> {
        self.get(key).map(|e| &e.value)
    }
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let s: LitStr = input.parse()?;
            return Ok(Key {
                name: s.value(),
                span: s.span(),
            });
        }
        if input.peek(Ident::peek_any) {
            let ident = Ident::parse_any(input)?;
            return Ok(Key {
                name: ident.unraw().to_string(),
                span: ident.span(),
            });
        }
        Err(input.error("expected a key: a name such as `script` or a string"))
    }
}

impl Parse for Value {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `"text"`
        if input.peek(LitStr) {
            return Ok(Value::Str(input.parse()?));
        }
        // `3`, `-1`
        if input.peek(LitInt) {
            return Ok(Value::Int(Int {
                lit: input.parse()?,
                negative: None,
            }));
        }
        if input.peek(Token![-]) && input.peek2(LitInt) {
            let negative = Some(input.parse()?);
            return Ok(Value::Int(Int {
                lit: input.parse()?,
                negative,
            }));
        }
        // `#(expr)`
        if input.peek(Token![#]) {
            let pound: Token![#] = input.parse()?;
            let content;
            let paren = syn::parenthesized!(content in input);
            let tokens: TokenStream = content.parse()?;
            if tokens.is_empty() {
                return Err(syn::Error::new(
                    paren.span.join(),
                    "`#()` needs a Rust expression inside",
                ));
            }
            let _ = pound;
            return Ok(Value::Splice(Splice {
                span: paren.span.join(),
                tokens,
            }));
        }
        // `[a, b]`
        if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let mut items = Vec::new();
            while !content.is_empty() {
                items.push(content.parse()?);
                if content.is_empty() {
                    break;
                }
                content
                    .parse::<Token![,]>()
                    .map_err(|_| content.error("expected `,` or `]` after a list item"))?;
            }
            return Ok(Value::List(List {
                span: bracket.span.join(),
                items,
            }));
        }
        // `{ key: value }`
        if input.peek(syn::token::Brace) {
            let content;
            let brace = braced!(content in input);
            let entries = parse_entries(&content)?;
            return Ok(Value::Map(Map {
                span: brace.span.join(),
                entries,
            }));
        }
        // `.pre`, `.template`
        if input.peek(Token![.]) && input.peek2(Ident::peek_any) {
            let dot: Token![.] = input.parse()?;
            let mut word = parse_word(input)?;
            word.text.insert(0, '.');
            word.span = dot.span.join(word.span).unwrap_or(word.span);
            return Ok(Value::Word(word));
        }
        if input.peek(Ident::peek_any) {
            // `format!(...)`, `std::format!(...)`: a macro call is a splice.
            if is_macro_call(input) {
                return parse_macro_call(input).map(Value::Splice);
            }
            if input.peek(LitBool) {
                return Ok(Value::Bool(input.parse()?));
            }
            let word = parse_word(input)?;
            if word.text == "null" {
                return Ok(Value::Null(word.span));
            }
            return Ok(Value::Word(word));
        }
        Err(input.error(
            "expected a value: a string, a number, `true` or `false`, a name, a list `[...]`, \
             a map `{...}` or a Rust expression `#(...)`",
        ))
    }
}

/// `key: value` entries separated by commas, up to the end of `input`.
pub(crate) fn parse_entries(input: ParseStream<'_>) -> syn::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    while !input.is_empty() {
        let key: Key = input.parse()?;
        if !input.peek(Token![:]) || input.peek(Token![::]) {
            return Err(syn::Error::new(
                input.span(),
                format!("expected `:` after `{}`", key.name),
            ));
        }
        input.parse::<Token![:]>()?;
        let value: Value = input.parse()?;
        entries.push(Entry { key, value });
        if input.is_empty() {
            break;
        }
        if !input.peek(Token![,]) {
            let last = &entries[entries.len() - 1].key.name;
            return Err(input.error(format!("expected `,` after the value of `{last}`")));
        }
        input.parse::<Token![,]>()?;
    }
    Ok(entries)
}

/// `ident(-ident)*`: names such as `pull-push` read as one word.
fn parse_word(input: ParseStream<'_>) -> syn::Result<Word> {
    let first = Ident::parse_any(input)?;
    let span = first.span();
    let mut text = first.unraw().to_string();
    while input.peek(Token![-]) && input.peek2(Ident::peek_any) {
        input.parse::<Token![-]>()?;
        text.push('-');
        text.push_str(&Ident::parse_any(input)?.unraw().to_string());
    }
    Ok(Word { text, span })
}

/// Whether the input starts with `path::to::name!`.
fn is_macro_call(input: ParseStream<'_>) -> bool {
    let fork = input.fork();
    loop {
        if Ident::parse_any(&fork).is_err() {
            return false;
        }
        if fork.peek(Token![!]) {
            return true;
        }
        if fork.parse::<Token![::]>().is_err() {
            return false;
        }
    }
}

/// `path::name!(...)` (any delimiter), kept as tokens.
fn parse_macro_call(input: ParseStream<'_>) -> syn::Result<Splice> {
    let mut tokens = TokenStream::new();
    let span = input.span();
    loop {
        Ident::parse_any(input)?.to_tokens(&mut tokens);
        if input.peek(Token![!]) {
            input.parse::<Token![!]>()?.to_tokens(&mut tokens);
            break;
        }
        input.parse::<Token![::]>()?.to_tokens(&mut tokens);
    }
    match input.parse::<TokenTree>()? {
        TokenTree::Group(g) if g.delimiter() != Delimiter::None => g.to_tokens(&mut tokens),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "expected `(`, `[` or `{` after the macro name",
            ));
        }
    }
    Ok(Splice { tokens, span })
}
