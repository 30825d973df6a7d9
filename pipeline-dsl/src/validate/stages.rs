//! Stages: every job runs in a stage the pipeline declares. A job without `stage` is in
//! `test`; without `stages:` the list is `.pre, build, test, deploy, .post`; `.pre` and
//! `.post` always exist. Hidden jobs (`.template`) are not checked.

use super::{Cx, Key, Sink, ValidateOptions, suggest, tick, ticks};
use crate::diagnostic::{Diagnostic, KeyPath};
use crate::model::{Job, OneOrMany};

/// The stage checks, key by key ([`super::check`] walks the file once).
pub(super) struct Checks<'o> {
    jobs: Sink<'o>,
}

impl<'o> Checks<'o> {
    pub(super) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            jobs: Sink::new(options),
        }
    }

    pub(super) fn key<'a>(&mut self, cx: &Cx<'a>, key: &Key<'a>) {
        if key.visible {
            job(cx, key.name, &mut self.jobs);
        }
    }

    pub(super) fn finish(self, out: &mut Sink<'o>) {
        out.append(self.jobs);
    }
}

/// A visible job's stage is declared.
fn job<'a>(cx: &Cx<'a>, name: &'a str, out: &mut Sink<'_>) {
    let found = cx.lookup(name, &|j: &Job| j.stage.as_ref());
    // Built only for a report.
    let path = || match found {
        Some((_, origin)) => cx.origin_path(name, origin, "stage"),
        None => KeyPath::root().job(name),
    };
    let stage = match found {
        Some((OneOrMany::One(s), _)) => s.as_str(),
        Some((OneOrMany::Many(list), _)) => {
            out.push(
                Diagnostic::error(
                    "stage-not-a-string",
                    path(),
                    format!(
                        "job `{name}`: `stage` config should be a string, not a list ({})",
                        ticks(list.iter().map(String::as_str))
                    ),
                )
                .with_help("a job runs in one stage; write `stage: <name>`"),
            );
            return;
        }
        // A template we cannot see may set the stage.
        None if cx.uncertain && !cx.chain_known(name) => return,
        None => "test",
    };
    if cx.stage_index(stage).is_some() {
        return;
    }
    let close = suggest(stage, cx.stages.iter().map(String::as_str));
    if cx.stages_final {
        let available = if cx.stages.is_empty() {
            "none (`stages` is empty)".to_owned()
        } else {
            ticks(cx.stages.iter().map(String::as_str))
        };
        let help = close.unwrap_or_else(|| {
            if found.is_none() {
                "a job without `stage` is in `test`; add `test` to `stages`, or give the job a `stage`".to_owned()
            } else {
                format!("add {} to `stages`", tick(stage))
            }
        });
        out.push(
            Diagnostic::error(
                "stage-undeclared",
                path(),
                format!(
                    "job `{name}`: chosen stage `{stage}` does not exist; available stages are {available}"
                ),
            )
            .with_help(help),
        );
    } else {
        let mut d = Diagnostic::warning(
            "unresolved-reference",
            path(),
            format!(
                "job `{name}` is in stage `{stage}`, which this file does not declare; an included or including file must"
            ),
        );
        if let Some(help) = close {
            d = d.with_help(help);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{job, job_mut, none, only, parse, run};
    use super::super::{ValidateOptions, check};
    use crate::model::{Include, Includes, OneOrMany, Pipeline};

    #[test]
    fn a_job_in_an_undeclared_stage_is_an_error() {
        let p = parse("stages: [build, test]\nlint:\n  stage: tests\n");
        let found = run(&p);
        let d = only(&found, "stage-undeclared");
        assert!(d.is_error());
        assert_eq!(d.path.to_string(), r#"jobs."lint".stage"#);
        assert_eq!(
            d.message,
            "job `lint`: chosen stage `tests` does not exist; available stages are `.pre`, `build`, `test`, `.post`"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `test`?"));
    }

    #[test]
    fn declared_and_default_stages_are_silent() {
        let p = parse(
            "stages: [build, test]\nb:\n  stage: build\nt:\n  stage: test\npre:\n  stage: .pre\npost:\n  stage: .post\nimplicit:\n  when: always\n",
        );
        let found = run(&p);
        none(&found, "stage-undeclared");
        assert!(found.is_empty(), "{found}");
        // Without `stages:`, GitLab's defaults apply.
        let p = parse("b:\n  stage: build\nd:\n  stage: deploy\nt:\n  when: always\n");
        assert!(run(&p).is_empty());
    }

    #[test]
    fn a_job_without_stage_needs_test_declared() {
        let p = parse("stages: [build]\nunit:\n  when: always\n");
        let found = run(&p);
        let d = only(&found, "stage-undeclared");
        assert_eq!(d.path.to_string(), r#"jobs."unit""#);
        assert!(d.message.contains("chosen stage `test` does not exist"));
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("a job without `stage` is in `test`")
        );
    }

    #[test]
    fn hidden_jobs_are_not_checked_but_their_stage_is_inherited() {
        let p = parse(
            "stages: [build]\n.tpl:\n  stage: nowhere\n.ok:\n  stage: build\njob:\n  extends: .ok\n",
        );
        let mut p = p;
        job_mut(&mut p, "job").script = Some(crate::model::Script::from(["x"]));
        none(&run(&p), "stage-undeclared");
        job_mut(&mut p, "job").extends = Some(".tpl".into());
        let found = run(&p);
        let d = only(&found, "stage-undeclared");
        // The stage is written in the template: point there.
        assert_eq!(d.path.to_string(), r#"jobs.".tpl".stage"#);
        assert!(d.message.starts_with("job `job`: chosen stage `nowhere`"));
    }

    #[test]
    fn an_empty_stages_list_declares_nothing() {
        let mut p = Pipeline::new();
        p.stages = Some(Vec::new());
        p.insert_job("a", job(Some(".pre")));
        let found = run(&p);
        let d = only(&found, "stage-undeclared");
        assert!(
            d.message
                .ends_with("available stages are none (`stages` is empty)")
        );
    }

    #[test]
    fn a_list_as_stage_is_an_error() {
        let mut p = Pipeline::new();
        let mut j = job(None);
        j.stage = Some(OneOrMany::Many(vec!["build".into()]));
        p.insert_job("a", j);
        let found = run(&p);
        let d = only(&found, "stage-not-a-string");
        assert_eq!(d.path.to_string(), r#"jobs."a".stage"#);
        assert_eq!(
            d.message,
            "job `a`: `stage` config should be a string, not a list (`build`)"
        );
        none(&found, "stage-undeclared");
        none(&run(&parse("a:\n  stage: build\n")), "stage-not-a-string");
    }

    #[test]
    fn with_an_include_an_unknown_stage_is_a_warning() {
        let mut p = parse("lint:\n  stage: lint\n");
        p.include = Some(Includes::One(Include::component("gitlab.com/x/y@1")));
        let found = run(&p);
        none(&found, "stage-undeclared");
        let d = only(&found, "unresolved-reference");
        assert!(!d.is_error());
        assert_eq!(d.path.to_string(), r#"jobs."lint".stage"#);
        // A partial file is treated the same way.
        let p = parse("lint:\n  stage: lint\n");
        let found = check(&p, &ValidateOptions::new().partial(true));
        only(&found, "unresolved-reference");
        none(&found, "stage-undeclared");
    }

    #[test]
    fn a_reference_in_stages_makes_unknown_stages_warnings() {
        let mut p = parse("lint:\n  stage: lint\n");
        p.stages = Some(vec![
            "build".into(),
            crate::model::StringItem::Reference(crate::model::Reference::new([".stages", "x"])),
        ]);
        let found = run(&p);
        none(&found, "stage-undeclared");
        only(&found, "unresolved-reference");
    }

    #[test]
    fn this_files_stages_win_over_includes() {
        // `stages` here replaces any included one, so the error is certain.
        let mut p = parse("stages: [build]\nlint:\n  stage: lint\n");
        p.include = Some(Includes::One(Include::component("gitlab.com/x/y@1")));
        only(&run(&p), "stage-undeclared");
    }
}
