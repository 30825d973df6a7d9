//! Diagnostics rendered the way rustc renders its own: `file:line:col`, the source line,
//! a caret under the offending text, and the help line (annotate-snippets).

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use pipeline_dsl::diagnostic::{Diagnostic, Diagnostics, Severity};

/// Renders every diagnostic, each followed by a blank line.
pub(crate) fn diagnostics(path: &Path, source: &str, diagnostics: &Diagnostics) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&one(&renderer, path, source, d));
        out.push_str("\n\n");
    }
    out
}

fn one(renderer: &Renderer, path: &Path, source: &str, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path_text = path.display().to_string();
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group = match d.span {
        Some(span) if span.offset <= source.len() => {
            let end = (span.offset + span.len).min(source.len()).max(span.offset);
            let end = end.min(line_end(source, span.offset));
            let end = if end == span.offset {
                span.offset + usize::from(span.offset < source.len())
            } else {
                end
            };
            let end = floor_char_boundary(source, end);
            let label = format!("at {}", d.path);
            title.element(
                Snippet::source(source)
                    .path(path_text.as_str())
                    .annotation(AnnotationKind::Primary.span(span.offset..end).label(label)),
            )
        }
        _ => title.element(Level::NOTE.message(format!("at {} in {}", d.path, path.display()))),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report).to_string()
}

fn line_end(source: &str, offset: usize) -> usize {
    source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
