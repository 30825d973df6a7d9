//! `release:` - create a GitLab release from a job.
//!
//! `tag_name` and `description` are required, so they are arguments.

use crate::builder::lists::extend_strings;
use crate::model::{Release, ReleaseAssets, ReleaseLink};

/// `release:`, made by [`JobBuilder::release_with`](super::JobBuilder::release_with).
///
/// # Examples
///
/// ```
/// use pipeline_dsl::{emit, vars, Pipeline};
///
/// let mut p = Pipeline::builder();
/// p.job("release", |j| {
///     j.image("registry.gitlab.com/gitlab-org/release-cli:latest")
///         .script("echo releasing")
///         .release_with(vars::CI_COMMIT_TAG.to_string(), "Release $CI_COMMIT_TAG", |r| {
///             r.name("v$CI_COMMIT_TAG")
///                 .asset_link_with("binary", "https://example.com/app", |l| l.link_type("package"))
///         })
/// });
/// assert_eq!(
///     emit::to_string(&p.build()).unwrap(),
///     "release:\n  image: registry.gitlab.com/gitlab-org/release-cli:latest\n  script:\n  \
///      - echo releasing\n  release:\n    tag_name: $CI_COMMIT_TAG\n    description: Release $CI_COMMIT_TAG\n    \
///      name: v$CI_COMMIT_TAG\n    assets:\n      links:\n      - name: binary\n        \
///      url: https://example.com/app\n        link_type: package\n"
/// );
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ReleaseBuilder(Release);

impl ReleaseBuilder {
    pub(crate) fn new(tag_name: impl Into<String>, description: impl Into<String>) -> Self {
        Self(Release {
            tag_name: tag_name.into(),
            description: description.into(),
            ..Release::default()
        })
    }

    pub(crate) fn into_model(self) -> Release {
        self.0
    }

    /// `tag_message` - the message of the annotated tag GitLab creates.
    pub fn tag_message(mut self, message: impl Into<String>) -> Self {
        self.0.tag_message = Some(message.into());
        self
    }

    /// `name` - the release's title (defaults to the tag name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// `ref` - what to tag when the tag does not exist yet (a commit SHA, tag or branch).
    pub fn git_ref(mut self, git_ref: impl Into<String>) -> Self {
        self.0.git_ref = Some(git_ref.into());
        self
    }

    /// `milestones` - adds a milestone the release is associated with.
    pub fn milestone(self, milestone: impl Into<String>) -> Self {
        self.milestones([milestone])
    }

    /// `milestones` - adds milestones.
    pub fn milestones<I, S>(mut self, milestones: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        extend_strings(&mut self.0.milestones, milestones);
        self
    }

    /// `released_at` - an ISO 8601 date and time (defaults to now).
    pub fn released_at(mut self, at: impl Into<String>) -> Self {
        self.0.released_at = Some(at.into());
        self
    }

    /// `assets:links` - adds a link.
    pub fn asset_link(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.asset_link_with(name, url, |l| l)
    }

    /// `assets:links` - adds a link with `filepath` or `link_type`.
    pub fn asset_link_with(
        mut self,
        name: impl Into<String>,
        url: impl Into<String>,
        f: impl FnOnce(ReleaseLinkBuilder) -> ReleaseLinkBuilder,
    ) -> Self {
        let link = f(ReleaseLinkBuilder(ReleaseLink {
            name: name.into(),
            url: url.into(),
            ..ReleaseLink::default()
        }))
        .0;
        self.0
            .assets
            .get_or_insert_with(ReleaseAssets::default)
            .links
            .push(link);
        self
    }
}

/// One `release:assets:links` item.
#[derive(Debug, Clone)]
#[must_use]
pub struct ReleaseLinkBuilder(ReleaseLink);

impl ReleaseLinkBuilder {
    /// `filepath` - a permanent path for the link (`/binaries/app`).
    pub fn filepath(mut self, path: impl Into<String>) -> Self {
        self.0.filepath = Some(path.into());
        self
    }

    /// `link_type` - `runbook`, `package`, `image` or `other`.
    pub fn link_type(mut self, link_type: impl Into<String>) -> Self {
        self.0.link_type = Some(link_type.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::{Pipeline, emit};

    #[test]
    fn builder_release_required_and_optional_keys() {
        let mut p = Pipeline::builder();
        p.job("a", |j| j.script("x").release("v1", "first"));
        p.job("b", |j| {
            j.script("x").release_with("v2", "second", |r| {
                r.tag_message("annotated")
                    .git_ref("$CI_COMMIT_SHA")
                    .milestone("m1")
                    .milestones(["m2"])
                    .released_at("2026-01-01T00:00:00Z")
                    .asset_link("docs", "https://example.com/docs")
                    .asset_link_with("bin", "https://example.com/bin", |l| l.filepath("/bin/app"))
            })
        });
        assert_eq!(
            emit::to_string(&p.build()).unwrap(),
            "a:\n  script:\n  - x\n  release:\n    tag_name: v1\n    description: first\nb:\n  script:\n  - x\n  \
             release:\n    tag_name: v2\n    tag_message: annotated\n    description: second\n    \
             ref: $CI_COMMIT_SHA\n    milestones:\n    - m1\n    - m2\n    released_at: \"2026-01-01T00:00:00Z\"\n    \
             assets:\n      links:\n      - name: docs\n        url: https://example.com/docs\n      \
             - name: bin\n        url: https://example.com/bin\n        filepath: /bin/app\n"
        );
    }
}
