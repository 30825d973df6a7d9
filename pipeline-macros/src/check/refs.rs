//! `only` / `except` refs: a bare name that is not one of GitLab's ref keywords but is a
//! near miss of one (`tag` for `tags`, `merge_request` for `merge_requests`) is a mistake:
//! GitLab would read it as a branch name and the job would silently never run. A branch
//! that really has such a name is written as a string (`only: ["tag"]`); strings and
//! `/regex/` patterns are taken as written.

use super::Facts;
use crate::ctxt::Ctxt;
use crate::kw::REF_KEYWORDS;
use crate::suggest::near_miss;
use crate::syntax::Value;

/// Misspelled ref keywords.
pub(crate) fn check_ref_keywords(cx: &Ctxt, facts: &Facts<'_>) {
    for job in &facts.input.jobs {
        for key in ["only", "except"] {
            let refs = match job.body.value(key) {
                Some(Value::Map(m)) => m.value("refs"),
                other => other,
            };
            for item in refs.map(Value::items).unwrap_or_default() {
                let Value::Word(w) = item else {
                    continue;
                };
                if REF_KEYWORDS.contains(&w.text.as_str()) {
                    continue;
                }
                if let Some(keyword) = near_miss(&w.text, &REF_KEYWORDS) {
                    cx.error(
                        w.span,
                        format!(
                            "`{}` is not a ref keyword of `{key}`; did you mean `{keyword}`? \
                             (for a branch named `{}`, write the string `\"{}\"`)",
                            w.text, w.text, w.text
                        ),
                    );
                }
            }
        }
    }
}
