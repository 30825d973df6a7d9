//! `#[derive(Stages)]`: an enum whose unit variants are the pipeline's stages, in
//! declaration order. A stage is named after its variant in snake_case (`PushImage` ->
//! `push_image`), or by `#[stage(name = "...")]`.
//!
//! Generated, for `enum Ci { Build, Test }`:
//! - `Ci::ALL: [Ci; 2]` and `Ci::NAMES: [&str; 2]`, in declaration order;
//! - `Ci::name(&self) -> &'static str` and `Ci::stage(&self) -> Stage`;
//! - `From<Ci>` / `From<&Ci>` for `Stage` and `String`, `Borrow<Stage>` (so a variant goes
//!   wherever the builder takes a stage: `.stage(Ci::Build)`), and `Display`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use super::{snake_case, string_args};
use crate::ctxt::Ctxt;
use crate::fallback;

/// The expansion of `#[derive(Stages)]`.
pub(crate) fn derive(item: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let stages = parse(&cx, item);
    match cx.check() {
        Ok(()) => expand(item, &stages),
        Err(e) => fallback::derive(&e),
    }
}

/// A variant and its stage name.
struct StageVariant<'a> {
    ident: &'a syn::Ident,
    name: String,
}

fn parse<'a>(cx: &Ctxt, item: &'a DeriveInput) -> Vec<StageVariant<'a>> {
    let ident = &item.ident;
    let Data::Enum(data) = &item.data else {
        cx.error(
            ident.span(),
            format!("`#[derive(Stages)]` needs an enum; make `{ident}` an enum whose variants are the stages"),
        );
        return Vec::new();
    };
    if !item.generics.params.is_empty() {
        cx.error(
            item.generics.params.first().map_or(ident.span(), syn::spanned::Spanned::span),
            format!("`#[derive(Stages)]` cannot be used on a generic enum; remove the parameters of `{ident}`"),
        );
    }
    if data.variants.is_empty() {
        cx.error(
            ident.span(),
            format!("`{ident}` has no variants; each variant of a `Stages` enum is a stage"),
        );
    }
    let mut out: Vec<StageVariant<'a>> = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            cx.error(
                v.ident.span(),
                format!(
                    "stage variant `{}` cannot have fields; a stage is only a name",
                    v.ident
                ),
            );
        }
        let args = string_args(cx, &v.attrs, "stage", &["name"]);
        let (name, span) = match args.last() {
            Some((_, lit)) => (lit.value(), lit.span()),
            None => (snake_case(&v.ident.to_string()), v.ident.span()),
        };
        if name.is_empty() {
            cx.error(
                span,
                "a stage name cannot be empty; write one, or remove the attribute",
            );
        }
        if let Some(first) = out.iter().find(|s| s.name == name) {
            cx.error(
                span,
                format!(
                    "stage `{name}` is declared twice, by `{}` and `{}`; rename one with `#[stage(name = \"...\")]`",
                    first.ident, v.ident
                ),
            );
        }
        out.push(StageVariant {
            ident: &v.ident,
            name,
        });
    }
    out
}

fn expand(item: &DeriveInput, stages: &[StageVariant<'_>]) -> TokenStream {
    let ty = &item.ident;
    let n = stages.len();
    let idents: Vec<_> = stages.iter().map(|s| s.ident).collect();
    let names: Vec<_> = stages.iter().map(|s| s.name.as_str()).collect();
    let indexes = 0..n;
    let stage = quote! { ::pipeline_dsl::Stage };
    quote! {
        #[automatically_derived]
        impl #ty {
            /// Every stage, in declaration order.
            pub const ALL: [#ty; #n] = [#(#ty::#idents),*];
            /// Every stage's name, in declaration order (for `PipelineBuilder::stages`).
            pub const NAMES: [&'static str; #n] = [#(#names),*];

            /// This stage's name, as written in `stages:` and `stage:`.
            pub const fn name(&self) -> &'static str {
                match self {
                    #(#ty::#idents => #names,)*
                }
            }

            /// This stage as a builder handle.
            pub fn stage(&self) -> #stage {
                #stage::external(self.name())
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ty> for #stage {
            fn from(value: #ty) -> Self {
                value.stage()
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<&#ty> for #stage {
            fn from(value: &#ty) -> Self {
                value.stage()
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ty> for ::std::string::String {
            fn from(value: #ty) -> Self {
                ::std::string::String::from(value.name())
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<&#ty> for ::std::string::String {
            fn from(value: &#ty) -> Self {
                ::std::string::String::from(value.name())
            }
        }

        #[automatically_derived]
        impl ::core::borrow::Borrow<#stage> for #ty {
            fn borrow(&self) -> &#stage {
                static STAGES: ::std::sync::LazyLock<[#stage; #n]> =
                    ::std::sync::LazyLock::new(|| [#(#stage::external(#names)),*]);
                let index = match self {
                    #(#ty::#idents => #indexes,)*
                };
                &STAGES[index]
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}
