//! Variable references in text: `$NAME` and `${NAME}` in scripts and values, with `$$` as the
//! escape for a literal `$`; optionally `%NAME%` and `%%`, which GitLab's own expansion (of
//! `variables:` values, for instance) also reads.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/variables/where_variables_can_be_used/>
//!
//! ```
//! use pipeline_syntax::refs;
//!
//! let found: Vec<_> = refs::scan("echo ${CI_JOB_NAME} $$HOME $CI_PROJECT_DIR/out")
//!     .map(|r| (r.name, r.span))
//!     .collect();
//! assert_eq!(found, [("CI_JOB_NAME", 5..19), ("CI_PROJECT_DIR", 27..42)]);
//! ```
//!
//! Names follow GitLab's expansion: a letter or `_`, then letters, digits and `_` (ASCII).
//! `$1`, `${A:-x}` and `$` alone are not references. In `rules:if` expressions, variables are
//! tokens instead (and `$1` is one): use [`Expr::variables`](crate::expr::Expr::variables).

use std::ops::Range;

/// Which reference forms to recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// `$NAME`, `${NAME}` and the `$$` escape: scripts, `image:`, `services:`, paths, ...
    #[default]
    Dollar,
    /// Also `%NAME%` and the `%%` escape, as GitLab expands `variables:` values.
    DollarAndPercent,
}

/// How a reference is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `$NAME`
    Dollar,
    /// `${NAME}`
    Braced,
    /// `%NAME%`
    Percent,
}

/// One variable reference: the name and where the whole reference is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef<'a> {
    /// The variable name, without `$`, braces or `%`.
    pub name: &'a str,
    /// The byte range of the whole reference (`${NAME}` with its braces).
    pub span: Range<usize>,
    /// How it is written.
    pub form: Form,
}

/// The references in `text`, `$` forms only, in order.
pub fn scan(text: &str) -> Refs<'_> {
    scan_with(text, Syntax::Dollar)
}

/// The references in `text` in the given syntax, in order.
///
/// ```
/// use pipeline_syntax::refs::{self, Form, Syntax};
///
/// let found: Vec<_> = refs::scan_with("%%PATH%% %HOME%\\bin", Syntax::DollarAndPercent).collect();
/// assert_eq!((found[0].name, found[0].form), ("HOME", Form::Percent));
/// assert_eq!(found.len(), 1);
/// ```
pub fn scan_with(text: &str, syntax: Syntax) -> Refs<'_> {
    Refs {
        text,
        pos: 0,
        syntax,
    }
}

/// Whether `text` references `name`.
pub fn references(text: &str, name: &str) -> bool {
    scan(text).any(|r| r.name == name)
}

/// An iterator over the variable references of a text; see [`scan`].
#[derive(Debug, Clone)]
pub struct Refs<'a> {
    text: &'a str,
    pos: usize,
    syntax: Syntax,
}

impl<'a> Iterator for Refs<'a> {
    type Item = VarRef<'a>;

    fn next(&mut self) -> Option<VarRef<'a>> {
        let bytes = self.text.as_bytes();
        let percent = self.syntax == Syntax::DollarAndPercent;
        while self.pos < bytes.len() {
            let start = self.pos;
            let rest = &self.text[start..];
            // The alternatives in GitLab's order: `$$`, `%%`, `$NAME`, `${NAME}` (or `${}`),
            // `%NAME%`; a match is consumed whole, so `$$A` and `%%A%` are not references.
            let (len, found) = if rest.starts_with("$$") || (percent && rest.starts_with("%%")) {
                (2, None)
            } else if bytes[start] == b'$' {
                if let Some(len) = name_len(&rest[1..]) {
                    (1 + len, Some((1..1 + len, Form::Dollar)))
                } else if let Some(inner) = rest.strip_prefix("${") {
                    match name_len(inner).unwrap_or(0) {
                        len if inner.as_bytes().get(len) == Some(&b'}') => {
                            (len + 3, (len > 0).then_some((2..2 + len, Form::Braced)))
                        }
                        _ => (1, None),
                    }
                } else {
                    (1, None)
                }
            } else if percent && bytes[start] == b'%' {
                match name_len(&rest[1..]) {
                    Some(len) if rest.as_bytes().get(1 + len) == Some(&b'%') => {
                        (len + 2, Some((1..1 + len, Form::Percent)))
                    }
                    _ => (1, None),
                }
            } else {
                (rest.chars().next().map_or(1, char::len_utf8), None)
            };
            self.pos += len;
            if let Some((name, form)) = found {
                return Some(VarRef {
                    name: &rest[name],
                    span: start..start + len,
                    form,
                });
            }
        }
        None
    }
}

/// The length of the name `[A-Za-z_][A-Za-z0-9_]*` at the start of `s`.
fn name_len(s: &str) -> Option<usize> {
    let first = *s.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    Some(
        s.bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, syntax: Syntax) -> Vec<&str> {
        scan_with(text, syntax).map(|r| r.name).collect()
    }

    #[test]
    fn dollar_forms_and_escapes() {
        assert_eq!(names("$A ${B} $$C $$$D", Syntax::Dollar), ["A", "B", "D"]);
        assert_eq!(
            names("${} $1 ${1A} ${A:-x} $ a$B_2c", Syntax::Dollar),
            ["B_2c"]
        );
        assert_eq!(names("%A% 50%", Syntax::Dollar), Vec::<&str>::new());
        assert_eq!(names("é$Aé", Syntax::Dollar), ["A"]);
    }

    #[test]
    fn percent_forms() {
        assert_eq!(
            names("%A% %%B%% %C %1% %_d%", Syntax::DollarAndPercent),
            ["A", "_d"]
        );
        // Why `%` forms are opt-in: shell text is full of them.
        assert_eq!(names("date +%Y%m%d", Syntax::DollarAndPercent), ["Y"]);
    }

    #[test]
    fn spans_cover_the_whole_reference() {
        let found: Vec<_> = scan("x${AB}y$C").map(|r| (r.span, r.form)).collect();
        assert_eq!(found, [(1..6, Form::Braced), (7..9, Form::Dollar)]);
    }
}
