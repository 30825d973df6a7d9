//! `secrets:` and `id_tokens:` - credentials a job receives from a secrets provider or as
//! OIDC tokens.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#secrets>

use indexmap::IndexMap;
use serde::Serialize;

use super::{OneOrMany, Value};

/// `secrets:` - secret name to where it comes from.
pub type Secrets = IndexMap<String, Secret>;

/// One secret. Exactly the providers GitLab knows; their settings are kept as written
/// (import checks their shape against GitLab's schema).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Secret {
    /// `vault` - `path/to/secret/field@engine` or `{engine: {name, path}, path, field}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault: Option<Value>,
    /// `gcp_secret_manager` - `{name, version}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcp_secret_manager: Option<Value>,
    /// `azure_key_vault` - `{name, version}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure_key_vault: Option<Value>,
    /// `aws_secrets_manager` - a secret id or `{secret_id, ...}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_secrets_manager: Option<Value>,
    /// `gitlab_secrets_manager` - `{name, source}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gitlab_secrets_manager: Option<Value>,
    /// `file` - expose the secret as a file (the default) or as a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<bool>,
    /// `token` - the `id_tokens` entry to authenticate with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `id_tokens:` - token name to its audience.
pub type IdTokens = IndexMap<String, IdToken>;

/// One OIDC token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct IdToken {
    /// `aud` - one audience or a list.
    pub aud: OneOrMany<String>,
}

impl IdToken {
    /// A token for one audience.
    pub fn new(aud: impl Into<String>) -> Self {
        Self {
            aud: OneOrMany::One(aud.into()),
        }
    }
}
