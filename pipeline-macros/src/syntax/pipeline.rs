//! The top level of `pipeline!`: global keys (`key: value,`) and job definitions
//! (`job NAME { key: value, ... }`), in written order.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, braced};

use super::value::{Entry, Key, Map, parse_entries};

/// A whole `pipeline! { ... }` invocation.
pub(crate) struct PipelineInput {
    /// Global keys, in written order.
    pub(crate) globals: Vec<Entry>,
    /// Jobs, in written order.
    pub(crate) jobs: Vec<JobDef>,
}

/// `job NAME { ... }`: NAME is an identifier (`Build`), a string (`"publish-docker"`) or a
/// hidden name (`.template`).
pub(crate) struct JobDef {
    pub(crate) name: Key,
    pub(crate) body: Map,
}

impl JobDef {
    /// The span of the job's name.
    pub(crate) fn span(&self) -> Span {
        self.name.span
    }
}

impl Parse for PipelineInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut globals = Vec::new();
        let mut jobs = Vec::new();
        while !input.is_empty() {
            // `job NAME { ... }` (a global key called `job` would be followed by `:`).
            if input.peek(Ident::peek_any) && !input.peek2(Token![:]) {
                let fork = input.fork();
                let word = Ident::parse_any(&fork)?;
                if word == "job" {
                    input.parse::<Ident>()?;
                    jobs.push(parse_job(input)?);
                    if input.peek(Token![,]) {
                        input.parse::<Token![,]>()?;
                    }
                    continue;
                }
                return Err(syn::Error::new(
                    word.span(),
                    format!(
                        "expected `{word}: value` for a global keyword or `job NAME {{ ... }}` \
                         for a job"
                    ),
                ));
            }
            let key: Key = input.parse()?;
            if !input.peek(Token![:]) || input.peek(Token![::]) {
                return Err(syn::Error::new(
                    input.span(),
                    format!("expected `:` after `{}`", key.name),
                ));
            }
            input.parse::<Token![:]>()?;
            let value = input.parse()?;
            globals.push(Entry { key, value });
            if input.is_empty() {
                break;
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            } else if !(input.peek(Ident::peek_any)
                && input.fork().parse::<Ident>().is_ok_and(|i| i == "job"))
            {
                let last = &globals[globals.len() - 1].key.name;
                return Err(input.error(format!("expected `,` after the value of `{last}`")));
            }
        }
        Ok(PipelineInput { globals, jobs })
    }
}

/// The name and body of a job, after the `job` keyword.
fn parse_job(input: ParseStream<'_>) -> syn::Result<JobDef> {
    let name = if input.peek(LitStr) {
        let s: LitStr = input.parse()?;
        Key {
            name: s.value(),
            span: s.span(),
        }
    } else if input.peek(Token![.]) {
        let dot: Token![.] = input.parse()?;
        let ident = Ident::parse_any(input)?;
        Key {
            name: format!(".{}", ident.unraw()),
            span: dot.span.join(ident.span()).unwrap_or(ident.span()),
        }
    } else if input.peek(Ident::peek_any) {
        let ident = Ident::parse_any(input)?;
        Key {
            name: ident.unraw().to_string(),
            span: ident.span(),
        }
    } else {
        return Err(input.error(
            "expected a job name after `job`: a name such as `build`, a string such as \
             `\"publish-docker\"`, or `.template` for a hidden job",
        ));
    };
    if !input.peek(syn::token::Brace) {
        return Err(input.error(format!(
            "expected `{{` after `job {}`; a job is `job NAME {{ key: value, ... }}`",
            name.name
        )));
    }
    let content;
    let brace = braced!(content in input);
    let entries = parse_entries(&content)?;
    Ok(JobDef {
        name,
        body: Map {
            span: brace.span.join(),
            entries,
        },
    })
}
