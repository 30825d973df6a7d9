//! Docker image references.

use pipeline_syntax::image::{ImageErrorKind, ImageRef, Part};

fn parts(text: &str) -> (Option<String>, String, Option<String>, Option<String>) {
    let image = ImageRef::parse(text).unwrap_or_else(|e| panic!("`{text}`: {e}"));
    assert_eq!(image.to_string(), text);
    (
        image.registry().map(str::to_owned),
        image.repository().to_owned(),
        image.tag().map(str::to_owned),
        image.digest().map(str::to_owned),
    )
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn error(text: &str) -> (usize, ImageErrorKind) {
    let err = ImageRef::parse(text).expect_err(text);
    (err.offset, err.kind)
}

const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn docker_hub_names() {
    assert_eq!(parts("alpine"), (None, "alpine".into(), None, None));
    assert_eq!(
        parts("rust:1.95-slim"),
        (None, "rust".into(), s("1.95-slim"), None)
    );
    assert_eq!(
        parts("library/node:20"),
        (None, "library/node".into(), s("20"), None)
    );
    assert_eq!(
        parts("my_org/my-app__x.y:v1"),
        (None, "my_org/my-app__x.y".into(), s("v1"), None)
    );
}

#[test]
fn registries_are_recognised_as_docker_does() {
    assert_eq!(
        parts("registry.gitlab.com/group/app"),
        (s("registry.gitlab.com"), "group/app".into(), None, None)
    );
    assert_eq!(
        parts("localhost/app:1"),
        (s("localhost"), "app".into(), s("1"), None)
    );
    assert_eq!(
        parts("localhost:5000/app"),
        (s("localhost:5000"), "app".into(), None, None)
    );
    assert_eq!(
        parts("[::1]:5000/app"),
        (s("[::1]:5000"), "app".into(), None, None)
    );
    // No slash: `localhost:5000` is the image `localhost` with the tag `5000`.
    assert_eq!(
        parts("localhost:5000"),
        (None, "localhost".into(), s("5000"), None)
    );
    let digest = format!("quay.io/org/app@{DIGEST}");
    assert_eq!(
        parts(&digest),
        (s("quay.io"), "org/app".into(), None, s(DIGEST))
    );
    let both = format!("app:1.2@{DIGEST}");
    assert_eq!(parts(&both), (None, "app".into(), s("1.2"), s(DIGEST)));
}

#[test]
fn variables_may_stand_anywhere() {
    assert_eq!(
        parts("$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"),
        (None, "$CI_REGISTRY_IMAGE".into(), s("$CI_COMMIT_SHA"), None)
    );
    assert_eq!(
        parts("$CI_REGISTRY/group/app:latest"),
        (s("$CI_REGISTRY"), "group/app".into(), s("latest"), None)
    );
    assert_eq!(
        parts("${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/node:${NODE}-alpine"),
        (
            s("${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}"),
            "node".into(),
            s("${NODE}-alpine"),
            None
        )
    );
    assert_eq!(parts("$IMAGE"), (None, "$IMAGE".into(), None, None));
    assert_eq!(
        parts("app@$DIGEST"),
        (None, "app".into(), None, s("$DIGEST"))
    );
    assert!(ImageRef::parse("$IMAGE").unwrap().has_variables());
    assert!(!ImageRef::parse("alpine").unwrap().has_variables());
}

#[test]
fn tag_helpers() {
    let image = |text: &str| ImageRef::parse(text).unwrap();
    assert!(image("alpine").is_latest());
    assert!(!image("alpine").has_explicit_tag());
    assert!(image("alpine:latest").is_latest());
    assert!(image("alpine:latest").has_explicit_tag());
    assert!(!image("alpine:3.20").is_latest());
    assert!(!image("alpine:$VERSION").is_latest());
    let pinned = image(&format!("alpine@{DIGEST}"));
    assert!(!pinned.is_latest());
    assert!(pinned.is_pinned());
}

#[test]
fn malformed_references_are_refused_with_positions() {
    assert_eq!(error(""), (0, ImageErrorKind::Empty));
    assert_eq!(error("alpine 3"), (6, ImageErrorKind::Whitespace));
    assert_eq!(error("group/MyApp"), (6, ImageErrorKind::Uppercase('M')));
    assert_eq!(error("alpine:"), (6, ImageErrorKind::EmptyPart(Part::Tag)));
    assert_eq!(
        error("alpine@"),
        (6, ImageErrorKind::EmptyPart(Part::Digest))
    );
    assert_eq!(
        error("a//b"),
        (1, ImageErrorKind::EmptyPart(Part::Repository))
    );
    assert_eq!(
        error("alpine:3.2!"),
        (
            10,
            ImageErrorKind::InvalidChar {
                part: Part::Tag,
                ch: '!'
            }
        )
    );
    assert_eq!(error("alpine:-rc"), (7, ImageErrorKind::TagStart('-')));
    assert_eq!(
        error("my..app"),
        (2, ImageErrorKind::Separator("..".into()))
    );
    assert_eq!(error("-app"), (0, ImageErrorKind::Separator("-".into())));
    assert_eq!(error("app_"), (3, ImageErrorKind::Separator("_".into())));
    assert_eq!(
        error("host.com:port/app"),
        (9, ImageErrorKind::Port("port".into()))
    );
    assert_eq!(
        error("-host.com/app"),
        (0, ImageErrorKind::Host("-host.com".into()))
    );
    assert_eq!(
        error("app@sha256:abc"),
        (
            11,
            ImageErrorKind::DigestLength {
                algorithm: "sha256".into(),
                expected: 64,
                found: 3
            }
        )
    );
    assert_eq!(
        error("app@md5:0123456789abcdef0123456789abcdef"),
        (4, ImageErrorKind::DigestAlgorithm("md5".into()))
    );
    assert_eq!(
        error(&format!(
            "app@{}",
            DIGEST.to_uppercase().replace("SHA", "sha")
        )),
        (
            21,
            ImageErrorKind::InvalidChar {
                part: Part::Digest,
                ch: 'A'
            }
        )
    );
    assert_eq!(error("app@latest"), (4, ImageErrorKind::DigestFormat));
    assert_eq!(
        error(&format!("app:{}", "x".repeat(129))),
        (4, ImageErrorKind::TagTooLong(129))
    );
    assert_eq!(
        error(&format!("a/{}", "b".repeat(254))),
        (0, ImageErrorKind::NameTooLong(256))
    );
}

#[test]
fn error_messages() {
    let err = ImageRef::parse("group/MyApp:1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "image repositories must be lowercase; found `M` at column 7"
    );
    let err = ImageRef::parse("app:1@sha1:abc").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported digest algorithm `sha1`; Docker accepts `sha256`, `sha384` and `sha512` at column 7"
    );
}
