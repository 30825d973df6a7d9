//! The derives: `#[derive(Stages)]` on an enum ([`stages`]) and `#[derive(Variables)]` on
//! a struct ([`variables`]). Each parses its attributes, checks them into a [`Ctxt`],
//! and emits either the items or the errors alone.
//!
//! [`Ctxt`]: crate::ctxt::Ctxt

pub(crate) mod stages;
pub(crate) mod variables;

use syn::{Attribute, LitStr};

use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;

/// `#[attr(key = "value", ...)]` pairs of the attributes called `attr`, each key one of
/// `keys`; unknown keys are reported with a did-you-mean.
pub(crate) fn string_args(
    cx: &Ctxt,
    attrs: &[Attribute],
    attr: &str,
    keys: &[&str],
) -> Vec<(String, LitStr)> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident(attr)) {
        let result = a.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if !keys.contains(&key.as_str()) {
                let hint = did_you_mean(&key, keys.iter().copied());
                let hint = if hint.is_empty() {
                    let all: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                    format!("; expected {}", all.join(" or "))
                } else {
                    hint
                };
                return Err(meta.error(format!("unknown `{attr}` attribute `{key}`{hint}")));
            }
            let value: LitStr = meta.value()?.parse().map_err(|e| {
                syn::Error::new(e.span(), format!("expected a string: `{key} = \"...\"`"))
            })?;
            out.push((key, value));
            Ok(())
        });
        if let Err(e) = result {
            cx.push(e);
        }
    }
    out
}

/// The doc comment of an item: its `///` lines, one leading space removed, joined by
/// line breaks; `None` without one.
pub(crate) fn doc(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).trim_end().to_owned())
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// `PushWhenTag` -> `push_when_tag`, `HTTPServer` -> `http_server`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_case_of_variant_names() {
        assert_eq!(snake_case("Build"), "build");
        assert_eq!(snake_case("PushWhenTag"), "push_when_tag");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("Deploy2Prod"), "deploy2_prod");
    }
}
