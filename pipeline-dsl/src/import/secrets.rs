//! Import of `secrets:` and `id_tokens:`.
//!
//! GitLab's schema: `secrets:` maps a name to a mapping with at least one provider
//! (`vault`, `gcp_secret_manager`, `azure_key_vault`, `aws_secrets_manager`,
//! `gitlab_secrets_manager`) plus `file` (boolean) and `token` (string); no other keys;
//! `gcp_secret_manager` requires `token`. Each provider has its own closed shape (checked
//! here, then kept as written). `id_tokens:` maps a name to `{aud}`, where `aud` is a
//! string or a non-empty list of different strings.

use crate::model::{IdToken, IdTokens, OneOrMany, Secret, Secrets, Value};

use super::cx::{Cx, MapReader, list};
use super::node::{Node, NodeKind, Scalar};

/// The secrets providers GitLab knows.
const PROVIDERS: [&str; 5] = [
    "vault",
    "gcp_secret_manager",
    "azure_key_vault",
    "aws_secrets_manager",
    "gitlab_secrets_manager",
];

/// The keys of one secret.
const SECRET_KEYS: [&str; 7] = [
    "vault",
    "gcp_secret_manager",
    "azure_key_vault",
    "aws_secrets_manager",
    "gitlab_secrets_manager",
    "file",
    "token",
];

/// `secrets:`.
pub(crate) fn secrets(node: &Node, cx: &mut Cx) -> Option<Secrets> {
    let Some(entries) = node.entries() else {
        return cx.expected(node, "a mapping of secret names to their providers");
    };
    let before = cx.diagnostics.len();
    let mut out = Secrets::new();
    for entry in entries {
        if let Some(secret) = cx.at(&entry.key, |cx| secret(&entry.value, cx, &entry.key)) {
            out.insert(entry.key.clone(), secret);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

fn secret(node: &Node, cx: &mut Cx, name: &str) -> Option<Secret> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(
        node,
        &format!("a mapping with a secrets provider ({})", list(&PROVIDERS)),
    )?;
    let secret = Secret {
        vault: m.with(cx, "vault", vault),
        gcp_secret_manager: m.with(cx, "gcp_secret_manager", gcp_secret_manager),
        azure_key_vault: m.with(cx, "azure_key_vault", azure_key_vault),
        aws_secrets_manager: m.with(cx, "aws_secrets_manager", aws_secrets_manager),
        gitlab_secrets_manager: m.with(cx, "gitlab_secrets_manager", gitlab_secrets_manager),
        file: m.get(cx, "file"),
        token: m.get(cx, "token"),
    };
    if !PROVIDERS.iter().any(|p| m.has(p)) {
        cx.error_help(
            node.span,
            format!("secret `{name}` names no secrets provider"),
            format!("add one of {}", list(&PROVIDERS)),
        );
    }
    if m.has("gcp_secret_manager") && !m.has("token") {
        cx.error_help(
            node.span,
            format!("secret `{name}` uses `gcp_secret_manager`, which needs `token`"),
            "name the ID token to authenticate with, such as `token: $GCP_ID_TOKEN`",
        );
    }
    m.finish_strict(cx, &SECRET_KEYS, &format!("secret `{name}`"));
    (cx.diagnostics.len() == before).then_some(secret)
}

/// Reads the string keys `keys` of `m` (`required` ones must be there).
fn string_keys(m: &mut MapReader<'_>, cx: &mut Cx, what: &str, required: &[&str], keys: &[&str]) {
    for key in keys {
        if required.contains(key) {
            m.required(cx, key, what, |n, cx| cx.string(n));
        } else {
            m.with(cx, key, |n, cx| cx.string(n));
        }
    }
}

/// Checks a closed mapping of strings and keeps it as written.
fn string_map(
    node: &Node,
    cx: &mut Cx,
    what: &str,
    required: &[&str],
    keys: &[&str],
) -> Option<Value> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, &format!("a mapping with {}", list(keys)))?;
    string_keys(&mut m, cx, what, required, keys);
    // The raw value (with any allowed unknown key) is what the model keeps.
    let _kept_in_value = m.finish(cx, keys, what);
    (cx.diagnostics.len() == before).then(|| node.to_value())
}

/// `vault:` - `path/to/secret/field@engine` or `{engine: {name, path}, path, field}`.
fn vault(node: &Node, cx: &mut Cx) -> Option<Value> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => Some(Value::String(s.clone())),
        NodeKind::Map(_) => {
            let before = cx.diagnostics.len();
            let mut m = cx.map(node, "a mapping")?;
            m.required(cx, "engine", "`vault`", |n, cx| {
                string_map(
                    n,
                    cx,
                    "`vault:engine`",
                    &["name", "path"],
                    &["name", "path"],
                )
            });
            string_keys(
                &mut m,
                cx,
                "`vault`",
                &["path", "field"],
                &["path", "field"],
            );
            // The raw value (with any allowed unknown key) is what the model keeps.
            let _kept_in_value = m.finish(cx, &["engine", "path", "field"], "`vault`");
            (cx.diagnostics.len() == before).then(|| node.to_value())
        }
        _ => cx.expected(
            node,
            "a string `path/to/secret/field@engine` or a mapping with `engine`, `path` and `field`",
        ),
    }
}

/// `gcp_secret_manager: {name, version}` (version: a string or an integer).
fn gcp_secret_manager(node: &Node, cx: &mut Cx) -> Option<Value> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name` and `version`")?;
    m.required(cx, "name", "`gcp_secret_manager`", |n, cx| cx.string(n));
    m.with(cx, "version", |n, cx| match &n.kind {
        NodeKind::Scalar(Scalar::Str(_) | Scalar::Int(_)) => Some(()),
        _ => cx.expected(n, "a version string or number"),
    });
    // The raw value (with any allowed unknown key) is what the model keeps.
    let _kept_in_value = m.finish(cx, &["name", "version"], "`gcp_secret_manager`");
    (cx.diagnostics.len() == before).then(|| node.to_value())
}

/// `azure_key_vault: {name, version}`.
fn azure_key_vault(node: &Node, cx: &mut Cx) -> Option<Value> {
    string_map(
        node,
        cx,
        "`azure_key_vault`",
        &["name"],
        &["name", "version"],
    )
}

/// `aws_secrets_manager:` - a secret id, or `{secret_id, ...}`.
fn aws_secrets_manager(node: &Node, cx: &mut Cx) -> Option<Value> {
    const KEYS: [&str; 7] = [
        "secret_id",
        "version_id",
        "version_stage",
        "region",
        "role_arn",
        "role_session_name",
        "field",
    ];
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => Some(Value::String(s.clone())),
        NodeKind::Map(_) => string_map(node, cx, "`aws_secrets_manager`", &["secret_id"], &KEYS),
        _ => cx.expected(node, "a secret id or a mapping with `secret_id`"),
    }
}

/// `gitlab_secrets_manager: {name, source}`; the name is letters, digits and `_`.
fn gitlab_secrets_manager(node: &Node, cx: &mut Cx) -> Option<Value> {
    let before = cx.diagnostics.len();
    let mut m = cx.map(node, "a mapping with `name` and `source`")?;
    m.required(cx, "name", "`gitlab_secrets_manager`", |n, cx| {
        cx.string_where(n, "a name of letters, digits and `_`", |s| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
    });
    m.with(cx, "source", |n, cx| cx.string(n));
    // The raw value (with any allowed unknown key) is what the model keeps.
    let _kept_in_value = m.finish(cx, &["name", "source"], "`gitlab_secrets_manager`");
    (cx.diagnostics.len() == before).then(|| node.to_value())
}

/// `id_tokens:`.
pub(crate) fn id_tokens(node: &Node, cx: &mut Cx) -> Option<IdTokens> {
    let Some(entries) = node.entries() else {
        return cx.expected(node, "a mapping of token names to `{aud: ...}`");
    };
    let before = cx.diagnostics.len();
    let mut out = IdTokens::new();
    for entry in entries {
        if let Some(token) = cx.at(&entry.key, |cx| id_token(&entry.value, cx, &entry.key)) {
            out.insert(entry.key.clone(), token);
        }
    }
    (cx.diagnostics.len() == before).then_some(out)
}

fn id_token(node: &Node, cx: &mut Cx, name: &str) -> Option<IdToken> {
    let before = cx.diagnostics.len();
    let what = format!("ID token `{name}`");
    let mut m = cx.map(node, "a mapping with `aud`")?;
    let aud = m.required(cx, "aud", &what, aud);
    m.finish_strict(cx, &["aud"], &what);
    match aud {
        Some(aud) if cx.diagnostics.len() == before => Some(IdToken { aud }),
        _ => None,
    }
}

/// `aud:` - one audience or a non-empty list of different ones.
fn aud(node: &Node, cx: &mut Cx) -> Option<OneOrMany<String>> {
    match &node.kind {
        NodeKind::Scalar(Scalar::Str(s)) => Some(OneOrMany::One(s.clone())),
        NodeKind::Seq(_) => {
            let auds = cx.list_len(node, "audiences", 1, usize::MAX, |n, cx| cx.string(n))?;
            cx.unique(node, auds).map(OneOrMany::Many)
        }
        _ => cx.expected(node, "an audience string or a non-empty list of them"),
    }
}

#[cfg(test)]
#[allow(
    clippy::field_reassign_with_default,
    reason = "expected values are built as users of the non-exhaustive model types build them"
)]
mod tests {
    use super::super::script::test_support::{
        accept_unknown, check_fixtures, job, refuse, refused_with,
    };
    use crate::model::{IdToken, OneOrMany, Secret, Value};

    fn secret(yaml: &str) -> Secret {
        let j = job(
            &format!("j:\n  script: x\n  secrets:\n    S: {yaml}\n"),
            "j",
        );
        j.secrets.expect("secrets")["S"].clone()
    }

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn providers_are_kept_as_written() {
        let s = secret("{vault: a/b@c, file: false, token: $T}");
        let mut expected = Secret::default();
        expected.vault = Some(Value::from("a/b@c"));
        expected.file = Some(false);
        expected.token = Some("$T".into());
        assert_eq!(s, expected);

        let s = secret("{vault: {engine: {name: kv, path: p}, path: db, field: pw}}");
        let engine = map(&[("name", "kv".into()), ("path", "p".into())]);
        let vault = map(&[
            ("engine", engine),
            ("path", "db".into()),
            ("field", "pw".into()),
        ]);
        assert_eq!(s.vault, Some(vault));

        let s = secret("{gcp_secret_manager: {name: n, version: 2}, token: $T}");
        assert_eq!(
            s.gcp_secret_manager,
            Some(map(&[("name", "n".into()), ("version", Value::Int(2))]))
        );
        let s = secret("{azure_key_vault: {name: n, version: v}}");
        assert_eq!(
            s.azure_key_vault,
            Some(map(&[("name", "n".into()), ("version", "v".into())]))
        );
        assert_eq!(
            secret("{aws_secrets_manager: arn}").aws_secrets_manager,
            Some("arn".into())
        );
        let s = secret(
            "{aws_secrets_manager: {secret_id: i, version_id: v, version_stage: s, region: r, \
             role_arn: a, role_session_name: n, field: f}}",
        );
        assert!(s.aws_secrets_manager.is_some());
        let s = secret("{gitlab_secrets_manager: {name: DB_1, source: group/x}}");
        assert_eq!(
            s.gitlab_secrets_manager,
            Some(map(&[
                ("name", "DB_1".into()),
                ("source", "group/x".into())
            ]))
        );
    }

    #[test]
    fn secret_constraints() {
        let p = "jobs.\"j\".secrets.S";
        let doc = |y: &str| format!("j:\n  script: x\n  secrets:\n    S: {y}\n");
        refused_with(
            &doc("{token: $T}"),
            p,
            "secret `S` names no secrets provider",
        );
        refused_with(&doc("{gcp_secret_manager: {name: n}}"), p, "needs `token`");
        refused_with(&doc("a"), p, "expected a mapping with a secrets provider");
        refused_with(
            &doc("{vault: a, extra_prop: b}"),
            "jobs.\"j\".secrets.S.extra_prop",
            "not a keyword of secret `S`",
        );
        refused_with(
            &doc("{vault: a, file: 'yes'}"),
            "jobs.\"j\".secrets.S.file",
            "`true` or `false`",
        );
        refused_with(
            &doc("{vault: a, token: 1}"),
            "jobs.\"j\".secrets.S.token",
            "expected a string",
        );
        refused_with(
            &doc("{vault: 1}"),
            "jobs.\"j\".secrets.S.vault",
            "a string `path/to/secret/field@engine`",
        );
        refused_with(
            &doc("{vault: {invalid: x}}"),
            "jobs.\"j\".secrets.S.vault",
            "`vault` needs the key `engine`",
        );
        refused_with(
            &doc("{vault: {path: p}}"),
            "jobs.\"j\".secrets.S.vault",
            "`vault` needs the key `field`",
        );
        refused_with(
            &doc("{vault: {engine: {path: kv}, path: a, field: b}}"),
            "jobs.\"j\".secrets.S.vault.engine",
            "`vault:engine` needs the key `name`",
        );
        refused_with(
            &doc("{vault: {engine: {name: a, path: kv, x: 1}, path: a, field: b}}"),
            "jobs.\"j\".secrets.S.vault.engine.x",
            "not a keyword of `vault:engine`",
        );
        refused_with(
            &doc("{gcp_secret_manager: {name: n, version: 1.5}, token: t}"),
            "jobs.\"j\".secrets.S.gcp_secret_manager.version",
            "found the number `1.5`",
        );
        refused_with(
            &doc("{gcp_secret_manager: {version: 1}, token: t}"),
            "jobs.\"j\".secrets.S.gcp_secret_manager",
            "needs the key `name`",
        );
        refused_with(
            &doc("{azure_key_vault: {name: a, extra_prop: b}}"),
            "jobs.\"j\".secrets.S.azure_key_vault.extra_prop",
            "not a keyword",
        );
        refused_with(
            &doc("{azure_key_vault: {name: , version: v}}"),
            "jobs.\"j\".secrets.S.azure_key_vault.name",
            "expected a string, found null",
        );
        refused_with(
            &doc("{azure_key_vault: {version: v}}"),
            "jobs.\"j\".secrets.S.azure_key_vault",
            "needs the key `name`",
        );
        refused_with(
            &doc("{aws_secrets_manager: {region: r}}"),
            "jobs.\"j\".secrets.S.aws_secrets_manager",
            "needs the key `secret_id`",
        );
        refused_with(
            &doc("{aws_secrets_manager: [a]}"),
            "jobs.\"j\".secrets.S.aws_secrets_manager",
            "a secret id or a mapping",
        );
        refused_with(
            &doc("{gitlab_secrets_manager: {name: a-b}}"),
            "jobs.\"j\".secrets.S.gitlab_secrets_manager.name",
            "letters, digits and `_`, found `a-b`",
        );
        refused_with(
            &doc("{gitlab_secrets_manager: {name: ''}}"),
            "jobs.\"j\".secrets.S.gitlab_secrets_manager.name",
            "letters, digits",
        );
        refused_with(
            "j:\n  secrets: [a]\n",
            "jobs.\"j\".secrets",
            "a mapping of secret names",
        );
        // every secret is checked
        assert_eq!(
            refuse("j:\n  secrets:\n    A: {}\n    B: {vault: a}\n    C: 1\n").len(),
            2
        );
    }

    #[test]
    fn id_tokens() {
        let j = job(
            "j:\n  script: x\n  id_tokens:\n    A: {aud: x}\n    B:\n      aud: [x, y]\n",
            "j",
        );
        let tokens = j.id_tokens.unwrap();
        assert_eq!(tokens["A"], IdToken::new("x"));
        assert_eq!(
            tokens["B"].aud,
            OneOrMany::Many(vec!["x".into(), "y".into()])
        );
        let doc = |y: &str| format!("j:\n  script: x\n  id_tokens:\n    T: {y}\n");
        refused_with(
            &doc("{}"),
            "jobs.\"j\".id_tokens.T",
            "ID token `T` needs the key `aud`",
        );
        refused_with(
            &doc("{aud: a, sub: b}"),
            "jobs.\"j\".id_tokens.T.sub",
            "not a keyword of ID token `T`",
        );
        refused_with(
            &doc("{aud: {x: y}}"),
            "jobs.\"j\".id_tokens.T.aud",
            "an audience string or a non-empty list",
        );
        refused_with(
            &doc("{aud: []}"),
            "jobs.\"j\".id_tokens.T.aud",
            "at least 1",
        );
        refused_with(
            &doc("{aud: [a, a]}"),
            "jobs.\"j\".id_tokens.T.aud",
            "listed twice",
        );
        refused_with(
            &doc("{aud: [a, 1]}"),
            "jobs.\"j\".id_tokens.T.aud[1]",
            "expected a string",
        );
        refused_with(&doc("a"), "jobs.\"j\".id_tokens.T", "a mapping with `aud`");
        refused_with("j:\n  id_tokens:\n", "jobs.\"j\".id_tokens", "found null");
        refused_with(
            "default:\n  id_tokens: {T: {aud: 1}}\n",
            "default.id_tokens.T.aud",
            "found the integer `1`",
        );
    }

    #[test]
    fn unknown_provider_keys_are_kept_when_allowed() {
        let p = accept_unknown(
            "j:\n  script: x\n  secrets:\n    S:\n      azure_key_vault: {name: a, future: b}\n",
        );
        let s = &p.job("j").unwrap().secrets.as_ref().unwrap()["S"];
        assert_eq!(
            s.azure_key_vault,
            Some(map(&[("name", "a".into()), ("future", "b".into())]))
        );
    }

    #[test]
    fn schema_fixtures() {
        check_fixtures(
            &["secrets.yml", "id_tokens.yml"],
            &["secrets.yml", "id_tokens.yml"],
            &["secrets", "id_tokens"],
        );
    }
}
