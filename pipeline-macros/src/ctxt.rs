//! The error accumulator (serde's `Ctxt`): every check pushes its errors here, so one
//! compile reports every mistake of an invocation; `check` combines them into one
//! `syn::Error` with `syn::Error::combine`. Dropping a context whose errors were never
//! taken is a bug of this crate, and panics (outside of an unwinding panic).

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;

/// Collects spanned errors.
pub(crate) struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error at `span`.
    pub(crate) fn error(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error that was built elsewhere (a parse error, say).
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("errors pushed after `check`")
            .push(error);
    }

    /// All recorded errors as one, or `Ok` when there were none.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            first.combine(e);
        }
        Err(first)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("pipeline-macros: a Ctxt was dropped without `check`");
        }
    }
}
