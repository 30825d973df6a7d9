//! `#[derive(Variables)]`: a struct whose named fields are pipeline variables. A field
//! `docker_driver` is the variable `DOCKER_DRIVER` (or `#[variable(name = "...")]`); its
//! doc comment is the variable's `description`; its value is the field's value, and the
//! derived `Default` takes `#[variable(value = "...")]`, else the field type's `Default`.
//!
//! Generated, for `struct Docker { docker_driver: String }`:
//! - `Docker::DOCKER_DRIVER: Var`, an associated constant per field that displays as
//!   `$DOCKER_DRIVER` (`format!("--driver {}", Docker::DOCKER_DRIVER)`);
//! - `Docker::ALL: [Var; N]`, in declaration order;
//! - `Docker::variables(&self) -> Vec<(&'static str, VariableConfig)>`, the long forms
//!   with values and descriptions, for `PipelineBuilder::variables` or `variables: #(...)`;
//! - `impl Default for Docker` (so do not derive `Default` as well).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use pipeline_syntax::names::is_referenceable_variable_name;

use super::{doc, string_args};
use crate::ctxt::Ctxt;
use crate::fallback;

/// The expansion of `#[derive(Variables)]`.
pub(crate) fn derive(item: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let vars = parse(&cx, item);
    match cx.check() {
        Ok(()) => expand(item, &vars),
        Err(e) => fallback::derive(&e),
    }
}

struct Variable<'a> {
    field: &'a syn::Field,
    name: String,
    value: Option<syn::LitStr>,
    description: Option<String>,
}

fn parse<'a>(cx: &Ctxt, item: &'a DeriveInput) -> Vec<Variable<'a>> {
    let ident = &item.ident;
    let fields = match &item.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => &named.named,
            _ => {
                cx.error(
                    ident.span(),
                    format!("`#[derive(Variables)]` needs named fields; give each field of `{ident}` a name, which names its variable"),
                );
                return Vec::new();
            }
        },
        _ => {
            cx.error(
                ident.span(),
                format!("`#[derive(Variables)]` needs a struct; make `{ident}` a struct whose fields are the variables"),
            );
            return Vec::new();
        }
    };
    if !item.generics.params.is_empty() {
        cx.error(
            item.generics.params.span(),
            format!("`#[derive(Variables)]` cannot be used on a generic struct; remove the parameters of `{ident}`"),
        );
    }
    let mut out: Vec<Variable<'a>> = Vec::new();
    for field in fields {
        let Some(field_ident) = &field.ident else {
            continue;
        };
        let args = string_args(cx, &field.attrs, "variable", &["name", "value"]);
        let renamed = args.iter().rev().find(|(k, _)| k == "name");
        let (name, span) = match renamed {
            Some((_, lit)) => (lit.value(), lit.span()),
            None => (
                field_ident
                    .to_string()
                    .trim_start_matches("r#")
                    .to_uppercase(),
                field_ident.span(),
            ),
        };
        if !is_referenceable_variable_name(&name) {
            cx.error(
                span,
                format!("`{name}` cannot be referenced as `${name}`; a variable name is letters, digits and `_`, not starting with a digit"),
            );
        }
        if let Some(first) = out.iter().find(|v| v.name == name) {
            cx.error(
                span,
                format!(
                    "variable `{name}` is declared twice, by `{}` and `{field_ident}`; rename one with `#[variable(name = \"...\")]`",
                    first.field.ident.as_ref().map(ToString::to_string).unwrap_or_default()
                ),
            );
        }
        out.push(Variable {
            field,
            name,
            value: args
                .iter()
                .rev()
                .find(|(k, _)| k == "value")
                .map(|(_, v)| v.clone()),
            description: doc(&field.attrs),
        });
    }
    out
}

fn expand(item: &DeriveInput, vars: &[Variable<'_>]) -> TokenStream {
    let ty = &item.ident;
    let n = vars.len();
    let var = quote! { ::pipeline_dsl::vars::Var };
    let consts = vars.iter().map(|v| {
        let field = v
            .field
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let c = format_ident!(
            "{}",
            field.trim_start_matches("r#").to_uppercase(),
            span = v.field.span()
        );
        let name = &v.name;
        let doc = format!("`${name}`: the variable `{name}` as a reference for scripts.");
        (
            c.clone(),
            quote! {
                #[doc = #doc]
                pub const #c: #var = #var::new(#name);
            },
        )
    });
    let (const_idents, const_items): (Vec<_>, Vec<_>) = consts.unzip();
    let entries = vars.iter().map(|v| {
        let field = &v.field.ident;
        let name = &v.name;
        let description = match &v.description {
            Some(d) => quote! { ::core::option::Option::Some(#d) },
            None => quote! { ::core::option::Option::None },
        };
        quote! {
            (#name, ::pipeline_dsl::__private::variable(&self.#field, #description))
        }
    });
    let defaults = vars.iter().map(|v| {
        let field = &v.field.ident;
        let field_ty = &v.field.ty;
        match &v.value {
            Some(lit) => quote_spanned! {lit.span()=> #field: ::core::convert::From::from(#lit) },
            None => quote_spanned! {field_ty.span()=> #field: <#field_ty as ::core::default::Default>::default() },
        }
    });
    quote! {
        #[automatically_derived]
        impl #ty {
            #(#const_items)*

            /// Every variable, in declaration order.
            pub const ALL: [#var; #n] = [#(#ty::#const_idents),*];

            /// Each variable's name and long form (`value` and `description`), in
            /// declaration order: for `PipelineBuilder::variables` or `variables: #(...)`.
            pub fn variables(&self) -> ::std::vec::Vec<(&'static str, ::pipeline_dsl::model::VariableConfig)> {
                ::std::vec![#(#entries),*]
            }
        }

        #[automatically_derived]
        impl ::core::default::Default for #ty {
            fn default() -> Self {
                Self { #(#defaults),* }
            }
        }
    }
}
