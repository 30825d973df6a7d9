//! What an invocation with errors expands to (clap's dummies, thiserror's fallback): the
//! errors, plus a value of the right type, so that `let p: Pipeline = pipeline! { ... };`
//! adds no type error of its own and the user sees only the real mistakes. The Rust
//! splices of the input are kept (type-checked, never run), so their variables do not
//! turn into "unused" warnings.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::syntax::Splice;

/// The errors and a dummy `Pipeline`.
pub(crate) fn pipeline(errors: &syn::Error, splices: &[&Splice]) -> TokenStream {
    let errors = errors.to_compile_error();
    let splices = splices.iter().map(|s| &s.tokens);
    quote! {{
        #errors
        #[allow(unreachable_code, clippy::all)]
        let _ = || { #( let _ = &(#splices); )* };
        ::pipeline_dsl::__private::fallback_pipeline()
    }}
}

/// The errors alone, for a derive: its items are not emitted, so nothing refers to them.
pub(crate) fn derive(errors: &syn::Error) -> TokenStream {
    errors.to_compile_error()
}

/// The `#( ... )` splices of input that did not parse, found token by token, so that a
/// syntax error does not also leave the splices' variables unused.
pub(crate) fn raw_splices(tokens: TokenStream) -> Vec<Splice> {
    let mut out = Vec::new();
    let mut pound = false;
    for tt in tokens {
        match tt {
            TokenTree::Group(g) if pound && g.delimiter() == Delimiter::Parenthesis => {
                if !g.stream().is_empty() {
                    out.push(Splice {
                        tokens: g.stream(),
                        span: g.span(),
                    });
                }
                pound = false;
            }
            TokenTree::Group(g) => {
                out.extend(raw_splices(g.stream()));
                pound = false;
            }
            TokenTree::Punct(p) => pound = p.as_char() == '#',
            _ => pound = false,
        }
    }
    out
}
