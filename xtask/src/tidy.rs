//! Tidy checks: conventions of the repository that are cheap to check as a test. Each
//! check says how to fix what it finds.

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                files_under(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "pipeline-dsl/src",
        "pipeline-syntax/src",
        "pipeline-cli/src",
        "pipeline-macros/src",
        "xtask/src",
    ] {
        files_under(&root().join(dir), "rs", &mut files);
    }
    files
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let missing: Vec<String> = rust_sources()
        .into_iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "start these files with a `//!` doc saying what they are for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_ignored_or_should_panic_tests() {
    let mut found = Vec::new();
    let mut files = rust_sources();
    files_under(&root().join("tests"), "rs", &mut files);
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            // Spelled in two pieces so that this file does not find itself.
            if t.starts_with(concat!("#[", "ignore"))
                || t.starts_with(concat!("#[", "should_panic"))
            {
                found.push(format!("{}:{}", p.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "assert today's behaviour instead of ignoring a test:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_model_does_not_depend_on_the_layers_over_it() {
    let mut files = Vec::new();
    files_under(&root().join("pipeline-dsl/src/model"), "rs", &mut files);
    let mut found = Vec::new();
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for layer in [
            "crate::emit",
            "crate::import",
            "crate::validate",
            "crate::builder",
            "crate::plan",
        ] {
            if text.contains(layer) {
                found.push(format!("{} uses {layer}", p.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "model/ is plain data; move the code into the layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_book_page_is_in_the_summary_and_exists() {
    let src = root().join("book/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let mut pages = Vec::new();
    files_under(&src, "md", &mut pages);
    for page in pages {
        let rel = page
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel != "SUMMARY.md" {
            assert!(
                summary.contains(&format!("({rel})")),
                "add `{rel}` to book/src/SUMMARY.md"
            );
        }
    }
    for link in summary.split("](").skip(1) {
        let target = link.split(')').next().unwrap_or_default();
        assert!(
            src.join(target).is_file(),
            "SUMMARY.md links to `{target}`, which does not exist"
        );
    }
}

#[test]
fn every_example_has_its_committed_output() {
    let mut examples = Vec::new();
    files_under(&root().join("examples"), "rs", &mut examples);
    for ex in examples {
        if ex.parent() != Some(&root().join("examples")) {
            continue;
        }
        let name = ex.file_stem().unwrap().to_string_lossy().into_owned();
        if name.starts_with("bench_") {
            continue;
        }
        let out = root().join(format!("examples/{name}.gitlab-ci.yml"));
        assert!(
            out.is_file(),
            "run `cargo run --example {name} > examples/{name}.gitlab-ci.yml`"
        );
    }
}

#[test]
fn no_trailing_whitespace_in_sources_and_docs() {
    let mut files = rust_sources();
    files_under(&root().join("book/src"), "md", &mut files);
    for doc in ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"] {
        files.push(root().join(doc));
    }
    let mut found = Vec::new();
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            if line.ends_with(' ') || line.ends_with('\t') {
                found.push(format!("{}:{}", p.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "remove the trailing whitespace:\n{}",
        found.join("\n")
    );
}
