//! The pipeline: the builder binding, declared stages, global keys, jobs, `build()`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::forms::Ex;
use crate::check::global;
use crate::kw;
use crate::syntax::{PipelineInput, Value};

/// The expansion of a checked input.
pub(crate) fn pipeline(input: &PipelineInput) -> TokenStream {
    let p = Ident::new("__p", Span::mixed_site());
    let mut ex = Ex::new(input);
    let mut body = Vec::new();

    // `stages: [build, test]`: declared first, in order; their handles are bound.
    match global(input, "stages") {
        Some(Value::Splice(s)) => {
            let tokens = &s.tokens;
            body.push(quote! {
                for __stage in (#tokens) {
                    #p.stage(__stage);
                }
            });
            ex.stages_spliced = true;
        }
        Some(list) => {
            for (i, item) in list.items().iter().enumerate() {
                let Some(name) = item.text() else { continue };
                let ident = format_ident!("__stage_{}", i, span = Span::mixed_site());
                body.push(quote! { let #ident = #p.stage(#name); });
                ex.stages.push((name, ident));
            }
        }
        None => {}
    }

    // Global keys, in written order.
    let mut calls = TokenStream::new();
    for entry in &input.globals {
        if let Some(k) = kw::PIPELINE.get(&entry.key.name) {
            calls.extend(ex.entry(k.form, &entry.key.name, &entry.value));
        }
    }
    if !calls.is_empty() {
        body.push(quote! { #p #calls; });
    }

    // Jobs, in written order.
    for (i, job) in input.jobs.iter().enumerate() {
        ex.current = i;
        let mut calls = TokenStream::new();
        for entry in &job.body.entries {
            if let Some(k) = kw::JOB.get(&entry.key.name) {
                calls.extend(ex.entry(k.form, &entry.key.name, &entry.value));
            }
        }
        let name = &job.name.name;
        let ident = format_ident!("__job_{}", i, span = Span::mixed_site());
        let b = Ident::new("__b", Span::mixed_site());
        body.push(quote! {
            #[allow(unused_variables)]
            let #ident = #p.job(#name, |#b| #b #calls);
        });
    }

    quote! {{
        let mut #p = ::pipeline_dsl::Pipeline::builder();
        #(#body)*
        #p.build()
    }}
}
