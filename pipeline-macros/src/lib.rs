//! Procedural macros of pipeline-dsl: [`pipeline!`], `#[derive(Stages)]` and
//! `#[derive(Variables)]`. Use them through `pipeline_dsl` (feature `macros`, on by
//! default), which re-exports them; their documentation, with every form and every error,
//! is in the book's chapter on macros.
//!
//! Each entry point is parse -> check -> expand: `syntax/` reads the tokens, `check/`
//! collects every mistake into a `ctxt::Ctxt`, `expand/` writes builder calls
//! (`::pipeline_dsl::...` and `::pipeline_dsl::__private` only). With errors, `fallback`
//! emits them with a dummy value instead of the expansion. A panic is a bug of this crate
//! and is reported as one, at the call site.

mod check;
mod ctxt;
mod derive;
mod expand;
mod fallback;
mod kw;
mod suggest;
mod syntax;
#[cfg(test)]
mod tests;

use proc_macro::TokenStream;
use proc_macro2::Span;

/// A whole pipeline in a YAML-shaped syntax, checked at compile time; evaluates to a
/// `pipeline_dsl::Pipeline` built with the builder.
///
/// ```text
/// let p = pipeline! {
///     image: "docker:latest",
///     variables: { DOCKER_DRIVER: "overlay2" },
///     stages: [build, push],
///     external: [DOCKER_PASSWORD],          // set in the project's settings
///
///     job Build { stage: build, script: ["docker build ..."] }
///     job "push-image" {
///         stage: push,
///         needs: [Build],
///         rules: [{ if: "$CI_COMMIT_TAG", when: manual }],
///         script: ["docker push ...", format!("echo {}", x), #(more_lines)],
///     }
/// };
/// ```
///
/// - Global keys are `key: value,`; jobs are `job NAME { key: value, ... }` with NAME an
///   identifier, a string, or `.name` for a hidden job.
/// - Values: strings, integers, `true`/`false`/`null`, bare names (stages, jobs, ref
///   keywords, `when` values), lists `[...]`, maps `{...}` for long forms.
/// - `#(expr)` splices any Rust expression where a value goes (passed to the builder
///   setter of that key); a macro call such as `format!(...)` is spliced as is.
/// - Checked at compile time: unknown keys, undeclared stages, unknown jobs in `needs`,
///   `dependencies` and `extends`, duplicate jobs, misspelled `only`/`except` ref
///   keywords, `rules` with `only`/`except`, `when` values, `rules:if` expressions,
///   undefined `$VARS`, image references.
///
/// The book's chapter on macros has every key, every form and every error.
#[proc_macro]
pub fn pipeline(input: TokenStream) -> TokenStream {
    guard(|| {
        let tokens = proc_macro2::TokenStream::from(input);
        match syn::parse2::<syntax::PipelineInput>(tokens.clone()) {
            Ok(parsed) => {
                let cx = ctxt::Ctxt::new();
                check::check(&cx, &parsed);
                match cx.check() {
                    Ok(()) => expand::pipeline(&parsed),
                    Err(errors) => fallback::pipeline(&errors, &expand::splices(&parsed)),
                }
            }
            Err(e) => {
                let splices = fallback::raw_splices(tokens);
                fallback::pipeline(&e, &splices.iter().collect::<Vec<_>>())
            }
        }
    })
}

/// The stages of a pipeline as an enum, in declaration order.
#[proc_macro_derive(Stages, attributes(stage))]
pub fn derive_stages(input: TokenStream) -> TokenStream {
    guard(|| match syn::parse2(input.into()) {
        Ok(item) => derive::stages::derive(&item),
        Err(e) => fallback::derive(&e),
    })
}

/// Pipeline variables as a struct: descriptions from doc comments, typed references.
#[proc_macro_derive(Variables, attributes(variable))]
pub fn derive_variables(input: TokenStream) -> TokenStream {
    guard(|| match syn::parse2(input.into()) {
        Ok(item) => derive::variables::derive(&item),
        Err(e) => fallback::derive(&e),
    })
}

/// Runs a macro body; a panic becomes a compile error that asks for a bug report.
fn guard(f: impl FnOnce() -> proc_macro2::TokenStream + std::panic::UnwindSafe) -> TokenStream {
    match std::panic::catch_unwind(f) {
        Ok(tokens) => tokens.into(),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            syn::Error::new(
                Span::call_site(),
                format!("pipeline-macros bug: {message}; please report it with the macro input"),
            )
            .to_compile_error()
            .into()
        }
    }
}
