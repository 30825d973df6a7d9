//! Image references (`image`, `services`, in the pipeline, `default` and jobs) must be
//! references Docker accepts (`pipeline_syntax::image`): a malformed one fails every job
//! that uses it, at run time. `$VAR` parts are allowed; the runner expands them.

use pipeline_syntax::image::ImageRef;

use super::{Facts, global, span_in};
use crate::ctxt::Ctxt;
use crate::syntax::{Map, Value};

/// Every image reference parses.
pub(crate) fn check_images(cx: &Ctxt, facts: &Facts<'_>) {
    let input = facts.input;
    let mut images = Vec::new();
    collect(
        global(input, "image"),
        global(input, "services"),
        &mut images,
    );
    if let Some(Value::Map(d)) = global(input, "default") {
        collect(d.value("image"), d.value("services"), &mut images);
    }
    for job in &input.jobs {
        collect(
            job.body.value("image"),
            job.body.value("services"),
            &mut images,
        );
    }
    for value in images {
        let Value::Str(lit) = value else {
            continue;
        };
        let text = lit.value();
        if let Err(e) = ImageRef::parse(&text) {
            cx.error(
                span_in(value, e.offset..e.offset + e.len),
                format!(
                    "malformed image reference `{text}` (column {} of the string): {}",
                    e.column, e.kind
                ),
            );
        }
    }
}

/// The image names of an `image` key and a `services` list.
fn collect<'a>(image: Option<&'a Value>, services: Option<&'a Value>, out: &mut Vec<&'a Value>) {
    out.extend(image.map(name_of));
    for item in services.map(Value::items).unwrap_or_default() {
        out.push(name_of(item));
    }
}

/// `"docker:27"` or the `name` of `{ name: "docker:27", ... }`.
fn name_of(value: &Value) -> &Value {
    match value {
        Value::Map(m) => Map::value(m, "name").unwrap_or(value),
        v => v,
    }
}
