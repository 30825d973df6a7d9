//! Import of `cache:`.
//!
//! GitLab's schema: one cache mapping or a list of them. A cache has `key` (a string
//! with no `/` that is not empty or only dots - pattern `^[^/]*[^./][^/]*$` - or
//! `{files: 1 to 10 strings, files_commits: 1 or 2 strings, prefix: string}`), `paths`
//! (a list of strings, or a `!reference`), `policy` (a string matching
//! `pull-push|pull|push|\$\w{1,255}`, searched anywhere in the string as JSON Schema
//! does), `unprotect` and `untracked` (booleans), `when` (`on_success`, `on_failure`,
//! `always`) and `fallback_keys` (at most 5 strings). The schema leaves other keys open;
//! GitLab itself refuses them, and so does import.

use crate::diagnostic::did_you_mean;
use crate::model::{ArtifactsWhen, Cache, CacheKey, CacheKeyFiles, Caches, PathList};

use super::cx::{Cx, FromNode};
use super::node::{Node, NodeKind, Scalar};

/// The keys of one cache.
const CACHE_KEYS: [&str; 7] = [
    "key",
    "paths",
    "policy",
    "unprotect",
    "untracked",
    "when",
    "fallback_keys",
];

impl FromNode for Caches {
    fn from_node(node: &Node, cx: &mut Cx) -> Option<Self> {
        match &node.kind {
            NodeKind::Map(_) => cache(node, cx).map(|c| Caches::One(Box::new(c))),
            NodeKind::Seq(_) => cx.list(node, "caches", cache).map(Caches::Many),
            _ => cx.expected(node, "a cache mapping or a list of them"),
        }
    }
}

fn cache(node: &Node, cx: &mut Cx) -> Option<Cache> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a cache mapping (`key`, `paths`, `policy`, ...)")?;
    let c = Cache {
        key: m.with(cx, "key", cache_key),
        paths: m.with(cx, "paths", |n, cx| match &n.kind {
            NodeKind::Reference(_) => cx.reference(n).map(PathList::Reference),
            NodeKind::Seq(_) => cx.strings(n).map(PathList::Paths),
            _ => cx.expected(n, "a list of paths"),
        }),
        policy: m.with(cx, "policy", policy),
        unprotect: m.get(cx, "unprotect"),
        untracked: m.get(cx, "untracked"),
        when: m.with(cx, "when", |n, cx| cx.one_of(n, &ArtifactsWhen::ALL)),
        fallback_keys: m.with(cx, "fallback_keys", |n, cx| {
            cx.list_len(n, "cache keys", 0, 5, |n, cx| cx.string(n))
        }),
    };
    m.finish_strict(cx, &CACHE_KEYS, "`cache`");
    (cx.diagnostics.len() == before).then_some(c)
}

/// `key:` - a name, or a key computed from files.
fn cache_key(node: &Node, cx: &mut Cx) -> Option<CacheKey> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => {
            if s.contains('/') {
                cx.error_help(
                    node.span,
                    format!(
                        "expected a cache key without `/`, found `{}`",
                        s.escape_debug()
                    ),
                    "GitLab uses the key as a file name: replace `/`, for example with `-`",
                );
                return None;
            }
            if s.chars().all(|c| c == '.') {
                cx.error(
                    node.span,
                    format!(
                        "expected a cache key other than an empty string or dots only, found `{s}`"
                    ),
                );
                return None;
            }
            Some(CacheKey::Name(s.clone()))
        }
        NodeKind::Map(_) => {
            let before = cx.diagnostics.len();
            let mut m = cx.map(node, "a mapping")?;
            let key = CacheKeyFiles {
                files: m.with(cx, "files", |n, cx| {
                    cx.list_len(n, "files", 1, 10, |n, cx| cx.string(n))
                }),
                files_commits: m.with(cx, "files_commits", |n, cx| {
                    cx.list_len(n, "files", 1, 2, |n, cx| cx.string(n))
                }),
                prefix: m.get(cx, "prefix"),
            };
            m.finish_strict(cx, &["files", "files_commits", "prefix"], "`cache:key`");
            (cx.diagnostics.len() == before).then_some(CacheKey::Files(key))
        }
        _ => cx.expected(
            node,
            "a key string or a mapping with `files`, `files_commits` or `prefix`",
        ),
    }
}

/// `policy:` - the schema's unanchored pattern `pull-push|pull|push|\$\w{1,255}`.
fn policy(node: &Node, cx: &mut Cx) -> Option<String> {
    const WHAT: &str = "`pull`, `push`, `pull-push` or a `$VARIABLE`";
    let Some(s) = node.as_str() else {
        return cx.expected(node, WHAT);
    };
    let bytes = s.as_bytes();
    let variable = bytes
        .windows(2)
        .any(|w| w[0] == b'$' && (w[1].is_ascii_alphanumeric() || w[1] == b'_'));
    if s.contains("pull") || s.contains("push") || variable {
        return Some(s.to_owned());
    }
    let message = format!("expected {WHAT}, found `{}`", s.escape_debug());
    match did_you_mean(s, ["pull", "push", "pull-push"]) {
        Some(best) => cx.error_help(node.span, message, format!("did you mean `{best}`?")),
        None => cx.error(node.span, message),
    }
    None
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{accept, check_fixtures, job, refuse, refused_with};
    use crate::model::{
        ArtifactsWhen, Cache, CacheKey, CacheKeyFiles, Caches, PathList, Reference,
    };

    fn cache(yaml: &str) -> Caches {
        job(&format!("j:\n  script: x\n  cache: {yaml}\n"), "j")
            .cache
            .expect("a cache")
    }

    #[test]
    fn one_or_many_is_kept() {
        let mut c = Cache::paths(["target/"]);
        c.key = Some(CacheKey::Name("$CI_COMMIT_REF_SLUG".into()));
        c.policy = Some("pull".into());
        c.unprotect = Some(true);
        c.untracked = Some(false);
        c.when = Some(ArtifactsWhen::OnFailure);
        c.fallback_keys = Some(vec!["a".into(), "b".into()]);
        assert_eq!(
            cache(
                "{key: $CI_COMMIT_REF_SLUG, paths: [target/], policy: pull, unprotect: true, \
                 untracked: false, when: on_failure, fallback_keys: [a, b]}"
            ),
            Caches::One(Box::new(c))
        );
        assert_eq!(cache("[]"), Caches::Many(vec![]));
        assert_eq!(
            cache("[{}, {}]"),
            Caches::Many(vec![Cache::default(), Cache::default()])
        );
        let mut files = CacheKeyFiles::default();
        files.files = Some(vec!["Cargo.lock".into()]);
        files.prefix = Some("p".into());
        let mut c = Cache::default();
        c.key = Some(CacheKey::Files(files));
        assert_eq!(
            cache("{key: {files: [Cargo.lock], prefix: p}}"),
            Caches::One(Box::new(c))
        );
        let mut files = CacheKeyFiles::default();
        files.files_commits = Some(vec!["a".into(), "b".into()]);
        let mut c = Cache::default();
        c.key = Some(CacheKey::Files(files));
        assert_eq!(
            cache("{key: {files_commits: [a, b]}}"),
            Caches::One(Box::new(c))
        );
        let mut c = Cache::default();
        c.paths = Some(PathList::Reference(Reference::new([
            ".x", "cache", "paths",
        ])));
        assert_eq!(
            cache("{paths: !reference [.x, cache, paths]}"),
            Caches::One(Box::new(c))
        );
        assert!(accept("cache: {key: k}\n").cache.is_some());
        assert!(
            accept("default:\n  cache: [{key: k}]\n")
                .default
                .unwrap()
                .cache
                .is_some()
        );
    }

    #[test]
    fn key_pattern() {
        for ok in ["a", ".a", "a.", "a..b", "$X", " ", "a\\b"] {
            let Caches::One(c) = cache(&format!("{{key: '{ok}'}}")) else {
                panic!("one cache");
            };
            assert_eq!(c.key, Some(CacheKey::Name(ok.into())));
        }
        for dots in ["", ".", ".."] {
            refused_with(
                &format!("j:\n  cache: {{key: '{dots}'}}\n"),
                "jobs.\"j\".cache.key",
                "other than an empty string or dots only",
            );
        }
        let d = refused_with(
            "j:\n  cache: {key: a/b}\n",
            "jobs.\"j\".cache.key",
            "without `/`, found `a/b`",
        );
        assert!(d.help.is_some());
        refused_with(
            "j:\n  cache: {key: 1}\n",
            "jobs.\"j\".cache.key",
            "a key string or a mapping",
        );
        refused_with(
            "j:\n  cache: {key: }\n",
            "jobs.\"j\".cache.key",
            "found null",
        );
    }

    #[test]
    fn policy_pattern_is_searched_like_json_schema() {
        for ok in [
            "pull",
            "push",
            "pull-push",
            "$POLICY",
            "x$_",
            "pulled",
            "my-push",
        ] {
            let Caches::One(c) = cache(&format!("{{policy: '{ok}'}}")) else {
                panic!("one cache");
            };
            assert_eq!(c.policy.as_deref(), Some(ok));
        }
        for bad in ["unknown", "$", "$-", "PULL", ""] {
            refused_with(
                &format!("j:\n  cache: {{policy: '{bad}'}}\n"),
                "jobs.\"j\".cache.policy",
                "expected `pull`, `push`, `pull-push` or a `$VARIABLE`",
            );
        }
        let d = refused_with(
            "j:\n  cache: {policy: pul}\n",
            "jobs.\"j\".cache.policy",
            "found `pul`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `pull`?"));
        refused_with(
            "j:\n  cache: {policy: [push]}\n",
            "jobs.\"j\".cache.policy",
            "found a list",
        );
        refused_with(
            "j:\n  cache: {policy: true}\n",
            "jobs.\"j\".cache.policy",
            "found the boolean",
        );
    }

    #[test]
    fn constraints() {
        let doc = |y: &str| format!("j:\n  script: x\n  cache: {y}\n");
        refused_with(
            &doc(""),
            "jobs.\"j\".cache",
            "a cache mapping or a list of them, found null",
        );
        refused_with(&doc("a"), "jobs.\"j\".cache", "found the string `a`");
        refused_with(
            &doc("[a]"),
            "jobs.\"j\".cache[0]",
            "expected a cache mapping",
        );
        refused_with(
            &doc("{key: {files: a}}"),
            "jobs.\"j\".cache.key.files",
            "a list of files",
        );
        refused_with(
            &doc("{key: {files: []}}"),
            "jobs.\"j\".cache.key.files",
            "at least 1",
        );
        refused_with(
            &doc("{key: {files: [a, b, c, d, e, f, g, h, i, j, k]}}"),
            "jobs.\"j\".cache.key.files",
            "at most 10",
        );
        refused_with(
            &doc("{key: {files_commits: [a, b, c]}}"),
            "jobs.\"j\".cache.key.files_commits",
            "at most 2",
        );
        refused_with(
            &doc("{key: {files_commits: []}}"),
            "jobs.\"j\".cache.key.files_commits",
            "at least 1",
        );
        refused_with(
            &doc("{key: {files: [a], prefix: [b]}}"),
            "jobs.\"j\".cache.key.prefix",
            "expected a string",
        );
        refused_with(
            &doc("{key: {file: [a]}}"),
            "jobs.\"j\".cache.key.file",
            "not a keyword of `cache:key`",
        );
        refused_with(
            &doc("{paths: a}"),
            "jobs.\"j\".cache.paths",
            "a list of paths",
        );
        refused_with(
            &doc("{paths: [1]}"),
            "jobs.\"j\".cache.paths[0]",
            "expected a string",
        );
        refused_with(
            &doc("{untracked: 'true'}"),
            "jobs.\"j\".cache.untracked",
            "`true` or `false`",
        );
        refused_with(
            &doc("{unprotect: 1}"),
            "jobs.\"j\".cache.unprotect",
            "`true` or `false`",
        );
        for bad in ["0", "[always]", "true", "never"] {
            refused_with(
                &doc(&format!("{{when: {bad}}}")),
                "jobs.\"j\".cache.when",
                "one of",
            );
        }
        refused_with(
            &doc("{fallback_keys: [a, b, c, d, e, f]}"),
            "jobs.\"j\".cache.fallback_keys",
            "at most 5",
        );
        refused_with(
            &doc("{fallback_keys: a}"),
            "jobs.\"j\".cache.fallback_keys",
            "a list of cache keys",
        );
        let d = refused_with(
            &doc("{path: [a]}"),
            "jobs.\"j\".cache.path",
            "not a keyword of `cache`",
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `paths`?"));
        assert_eq!(refuse(&doc("[{when: 0}, {when: x}, {policy: x}]")).len(), 3);
    }

    #[test]
    fn schema_fixtures() {
        check_fixtures(
            &["cache.yml", "cache_multiple.yml", "cache_files_commits.yml"],
            &["cache.yml", "cache_multiple.yml"],
            &["cache"],
        );
    }
}
