//! Local includes, read so that their jobs, templates and stages are known names: a simple
//! merge (GitLab deep-merges; here a name is known when any file defines it). Any include
//! this cannot read makes references to unknown names warnings instead of errors.

use std::path::{Path, PathBuf};

use super::ValidateOptions;
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{Include, Pipeline};

/// GitLab's limit on includes per pipeline, nested ones counted.
const MAX_INCLUDES: usize = 150;

/// What the includes of a pipeline gave.
#[derive(Debug, Default)]
pub(super) struct Loaded {
    /// The files read, in GitLab's merge order (lowest priority first: an earlier include,
    /// and a file's own includes before the file).
    pub(super) files: Vec<Pipeline>,
    /// Whether some include could not be read (remote, project, template, component, a
    /// local file not found, or no base directory given).
    pub(super) unresolved: bool,
    /// Warnings about local includes that could not be read.
    pub(super) problems: Vec<Diagnostic>,
}

/// Reads the local includes of `pipeline` (and theirs) under `options.base_dir`.
pub(super) fn load(pipeline: &Pipeline, options: &ValidateOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let mut seen: Vec<PathBuf> = Vec::new();
    let Some(includes) = &pipeline.include else {
        return loaded;
    };
    let many = matches!(includes, crate::model::Includes::Many(_));
    for (i, item) in includes.items().iter().enumerate() {
        let path = if many {
            KeyPath::root().key("include").index(i)
        } else {
            KeyPath::root().key("include")
        };
        load_item(item, options, &path, &mut seen, &mut loaded);
    }
    loaded
}

/// Reads one include item (and, recursively, what it includes).
fn load_item(
    item: &Include,
    options: &ValidateOptions,
    at: &KeyPath,
    seen: &mut Vec<PathBuf>,
    loaded: &mut Loaded,
) {
    let local = match item {
        Include::Path(p) if !p.starts_with("http://") && !p.starts_with("https://") => p,
        Include::Local(l) => &l.local,
        _ => {
            loaded.unresolved = true;
            return;
        }
    };
    let Some(base) = &options.base_dir else {
        loaded.unresolved = true;
        return;
    };
    // Wildcards and variables name files only GitLab can list or expand.
    if local.contains(['*', '$']) {
        loaded.unresolved = true;
        return;
    }
    if loaded.files.len() + seen.len() >= MAX_INCLUDES {
        loaded.unresolved = true;
        return;
    }
    let file = base.join(local.trim_start_matches('/'));
    if seen.contains(&file) {
        return;
    }
    seen.push(file.clone());
    match read(&file) {
        Ok(included) => {
            if let Some(nested) = &included.include {
                for nested_item in nested.items() {
                    load_item(nested_item, options, at, seen, loaded);
                }
            }
            loaded.files.push(included);
        }
        Err(why) => {
            loaded.unresolved = true;
            loaded.problems.push(
                Diagnostic::warning(
                    "include-not-resolved",
                    at.clone(),
                    format!(
                        "local include `{local}` {why}; the jobs, templates and stages it defines are unknown"
                    ),
                )
                .with_help(format!(
                    "paths of `include: local` are relative to the project root; the base directory is `{}`",
                    base.display()
                )),
            );
        }
    }
}

/// Reads and imports one file.
#[cfg(feature = "import")]
fn read(file: &Path) -> Result<Pipeline, String> {
    let text = std::fs::read_to_string(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "was not found".to_owned(),
        _ => format!("could not be read ({e})"),
    })?;
    crate::import::from_str(&text)
        .map(|imported| imported.pipeline)
        .map_err(|e| {
            let first = e
                .diagnostics
                .errors()
                .next()
                .map_or_else(String::new, |d| format!(": {}", d.message));
            format!("could not be imported{first}")
        })
}

/// Without the YAML reader, an included file is known to exist but not what it defines.
#[cfg(not(feature = "import"))]
fn read(file: &Path) -> Result<Pipeline, String> {
    Err(without_reader(file))
}

/// Why a local include was not read in a build without the `import` feature.
#[cfg_attr(
    all(feature = "import", not(test)),
    allow(
        dead_code,
        reason = "used when the `import` feature is off, and by a test"
    )
)]
fn without_reader(file: &Path) -> String {
    match file.try_exists() {
        Ok(true) => "was not read (pipeline-dsl was built without its `import` feature)".to_owned(),
        _ => "was not found".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{none, only, parse};
    use super::super::{ValidateOptions, check};
    use crate::model::{Include, Includes};

    /// A fresh directory under the system's temp dir for one test.
    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pipeline-dsl-validate-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("ci")).unwrap();
        dir
    }

    const MAIN: &str = "build:\n  stage: compile\n  extends: .base\n";

    fn main_with(include: Include) -> crate::model::Pipeline {
        let mut p = parse(MAIN);
        p.include = Some(Includes::Many(vec![include]));
        p
    }

    #[test]
    fn local_includes_under_base_dir_make_their_names_known() {
        let dir = temp_dir("known");
        std::fs::write(
            dir.join("ci/base.yml"),
            "stages: [compile]\n.base:\n  stage: compile\n",
        )
        .unwrap();
        // The template still has no script: the job is missing one, and that is certain now.
        let p = main_with(Include::local("/ci/base.yml"));
        let found = check(&p, &ValidateOptions::new().base_dir(&dir));
        none(&found, "stage-undeclared");
        none(&found, "unresolved-reference");
        none(&found, "include-not-resolved");
        only(&found, "job-missing-script");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn nested_local_includes_are_read_too() {
        let dir = temp_dir("nested");
        let a = "include: ci/b.yml\nstages: [compile]\n";
        std::fs::write(dir.join("ci/a.yml"), a).unwrap();
        std::fs::write(dir.join("ci/b.yml"), ".base:\n  stage: compile\n").unwrap();
        let p = main_with(Include::Path("ci/a.yml".into()));
        let found = check(&p, &ValidateOptions::new().base_dir(&dir));
        if crate::import::from_str(a).is_ok() {
            none(&found, "include-not-resolved");
            none(&found, "extends-unknown");
            none(&found, "unresolved-reference");
            none(&found, "stage-undeclared");
        } else {
            // The `include` importer is still a stub: `a.yml` cannot be read yet.
            let d = only(&found, "include-not-resolved");
            assert!(
                d.message.contains("`ci/a.yml` could not be imported"),
                "{}",
                d.message
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_local_include_is_a_warning_and_makes_names_uncertain() {
        let dir = temp_dir("missing");
        let p = main_with(Include::local("ci/nope.yml"));
        let found = check(&p, &ValidateOptions::new().base_dir(&dir));
        let d = only(&found, "include-not-resolved");
        assert_eq!(d.path.to_string(), "include[0]");
        assert!(
            d.message.contains("`ci/nope.yml` was not found"),
            "{}",
            d.message
        );
        none(&found, "extends-unknown");
        none(&found, "stage-undeclared");
        assert_eq!(
            super::super::tests::with_code(&found, "unresolved-reference").len(),
            2
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_the_reader_an_existing_include_is_said_to_be_unread() {
        let dir = temp_dir("without-reader");
        std::fs::write(dir.join("ci/a.yml"), "a:\n  script: [x]\n").unwrap();
        let unread = super::without_reader(&dir.join("ci/a.yml"));
        assert!(unread.contains("`import` feature"), "{unread}");
        assert_eq!(
            super::without_reader(&dir.join("ci/missing.yml")),
            "was not found"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_include_that_does_not_import_is_a_warning() {
        let dir = temp_dir("broken");
        std::fs::write(dir.join("ci/bad.yml"), "stages: 12\n").unwrap();
        let p = main_with(Include::local("ci/bad.yml"));
        let found = check(&p, &ValidateOptions::new().base_dir(&dir));
        let d = only(&found, "include-not-resolved");
        assert!(d.message.contains("could not be imported"), "{}", d.message);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_a_base_dir_local_includes_are_not_read_and_not_reported() {
        let p = main_with(Include::local("ci/base.yml"));
        let found = check(&p, &ValidateOptions::new());
        none(&found, "include-not-resolved");
        none(&found, "extends-unknown");
        none(&found, "stage-undeclared");
    }
}
