//! Docker image references, `[registry[:port]/]path[:tag][@digest]`, as `image:` and
//! `services:` take them, with `$VAR` references allowed anywhere (the runner expands them).
//!
//! GitLab reference: <https://docs.gitlab.com/ci/yaml/#image>; grammar: Docker's
//! `distribution/reference`.
//!
//! ```
//! use pipeline_syntax::image::ImageRef;
//!
//! let image: ImageRef = "registry.example.com:5000/team/app:1.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".parse()?;
//! assert_eq!(image.registry(), Some("registry.example.com:5000"));
//! assert_eq!(image.repository(), "team/app");
//! assert_eq!(image.tag(), Some("1.4"));
//! assert!(image.is_pinned());
//!
//! let image: ImageRef = "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA".parse()?;
//! assert_eq!((image.repository(), image.tag()), ("$CI_REGISTRY_IMAGE", Some("$CI_COMMIT_SHORT_SHA")));
//! assert!(image.has_variables());
//!
//! let err = "Alpine:3.20".parse::<ImageRef>().unwrap_err();
//! assert_eq!(err.to_string(), "image repositories must be lowercase; found `A` at column 1");
//! # Ok::<(), pipeline_syntax::image::ImageError>(())
//! ```
//!
//! Variables make the parts templates: a part that holds a reference is only checked for
//! characters its literal text may not contain. The first path component is the registry when
//! Docker would say so (it has a `.` or `:`, is `localhost`, or has uppercase letters) or when
//! it holds a variable (GitLab's idiom `$CI_REGISTRY/group/app`).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::refs;

/// The longest image name (registry and repository) Docker accepts, in characters.
pub const MAX_NAME_LEN: usize = 255;
/// The longest tag Docker accepts, in characters.
pub const MAX_TAG_LEN: usize = 128;

/// A parsed image reference; `Display` gives the text back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    text: String,
    registry: Option<Range<usize>>,
    repository: Range<usize>,
    tag: Option<Range<usize>>,
    digest: Option<Range<usize>>,
    has_variables: bool,
}

/// Why a text is not an image reference, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageError {
    /// Byte offset of the offending text.
    pub offset: usize,
    /// Byte length of the offending text.
    pub len: usize,
    /// 1-based character column of `offset`.
    pub column: usize,
    /// What is wrong.
    pub kind: ImageErrorKind,
}

/// The parts of an image reference, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `registry.example.com:5000`
    Registry,
    /// `group/app`
    Repository,
    /// `:1.4`
    Tag,
    /// `@sha256:…`
    Digest,
}

/// What is wrong with an image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageErrorKind {
    /// The text is empty.
    Empty,
    /// A whitespace character.
    Whitespace,
    /// An empty part: `app:`, `app@`, `a//b`, `/app`.
    EmptyPart(Part),
    /// A character the part cannot hold.
    InvalidChar {
        /// The part.
        part: Part,
        /// The character.
        ch: char,
    },
    /// An uppercase letter in the repository.
    Uppercase(char),
    /// Separators in a repository path component other than one `.`, one `_`, `__` or dashes,
    /// or at its start or end.
    Separator(String),
    /// A registry host name component that starts or ends with `-`.
    Host(String),
    /// A registry port that is not a number.
    Port(String),
    /// A tag that starts with `.` or `-`.
    TagStart(char),
    /// A tag longer than [`MAX_TAG_LEN`] characters (holding the length).
    TagTooLong(usize),
    /// A name (registry and repository) longer than [`MAX_NAME_LEN`] characters.
    NameTooLong(usize),
    /// A digest that is not `algorithm:hex`.
    DigestFormat,
    /// A digest algorithm Docker does not support.
    DigestAlgorithm(String),
    /// A digest of the wrong length for its algorithm.
    DigestLength {
        /// The algorithm.
        algorithm: String,
        /// The number of hex digits it needs.
        expected: usize,
        /// The number found.
        found: usize,
    },
}

impl ImageRef {
    /// Parses an image reference.
    ///
    /// # Errors
    ///
    /// An [`ImageError`] at the first part Docker would reject.
    pub fn parse(text: &str) -> Result<ImageRef, ImageError> {
        Parser::new(text).parse()
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The registry (`host[:port]`), when the reference names one.
    pub fn registry(&self) -> Option<&str> {
        self.registry.clone().map(|r| &self.text[r])
    }

    /// The repository path after the registry (`library/alpine`, `group/app`).
    pub fn repository(&self) -> &str {
        &self.text[self.repository.clone()]
    }

    /// The tag after `:`, when there is one.
    pub fn tag(&self) -> Option<&str> {
        self.tag.clone().map(|r| &self.text[r])
    }

    /// The digest after `@` (`sha256:…`), when there is one.
    pub fn digest(&self) -> Option<&str> {
        self.digest.clone().map(|r| &self.text[r])
    }

    /// Whether the reference writes a tag (`alpine:3.20`, not `alpine`).
    pub fn has_explicit_tag(&self) -> bool {
        self.tag.is_some()
    }

    /// Whether Docker pulls `latest`: the tag is `latest`, or there is neither tag nor digest.
    pub fn is_latest(&self) -> bool {
        match self.tag() {
            Some(tag) => tag == "latest",
            None => self.digest.is_none(),
        }
    }

    /// Whether the reference has a digest, which pins the exact image.
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// Whether the reference holds `$VAR` references (its parts are then templates).
    pub fn has_variables(&self) -> bool {
        self.has_variables
    }
}

impl FromStr for ImageRef {
    type Err = ImageError;

    fn from_str(text: &str) -> Result<ImageRef, ImageError> {
        ImageRef::parse(text)
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

struct Parser<'a> {
    text: &'a str,
    /// Byte ranges of `$VAR` references; characters inside them are not literal.
    vars: Vec<Range<usize>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let vars = refs::scan(text).map(|r| r.span).collect();
        Parser { text, vars }
    }

    fn error(&self, span: Range<usize>, kind: ImageErrorKind) -> ImageError {
        let column = self.text[..span.start].chars().count() + 1;
        ImageError {
            offset: span.start,
            len: span.end - span.start,
            column,
            kind,
        }
    }

    fn error_at(&self, offset: usize, c: char, kind: ImageErrorKind) -> ImageError {
        self.error(offset..offset + c.len_utf8(), kind)
    }

    fn has_var(&self, range: &Range<usize>) -> bool {
        self.vars
            .iter()
            .any(|v| v.start < range.end && range.start < v.end)
    }

    /// The characters of `range` outside variable references, with their offsets.
    fn literal(&self, range: Range<usize>) -> impl Iterator<Item = (usize, char)> + '_ {
        let start = range.start;
        self.text[range]
            .char_indices()
            .map(move |(i, c)| (start + i, c))
            .filter(|(i, _)| !self.vars.iter().any(|v| v.contains(i)))
    }

    fn find(&self, range: Range<usize>, wanted: char) -> Option<usize> {
        self.literal(range)
            .find(|&(_, c)| c == wanted)
            .map(|(i, _)| i)
    }

    fn rfind(&self, range: Range<usize>, wanted: char) -> Option<usize> {
        self.literal(range)
            .filter(|&(_, c)| c == wanted)
            .last()
            .map(|(i, _)| i)
    }

    fn parse(&self) -> Result<ImageRef, ImageError> {
        let text = self.text;
        if text.is_empty() {
            return Err(self.error(0..0, ImageErrorKind::Empty));
        }
        if let Some((i, c)) = self.literal(0..text.len()).find(|(_, c)| c.is_whitespace()) {
            return Err(self.error_at(i, c, ImageErrorKind::Whitespace));
        }
        let (name_end, digest) = match self.find(0..text.len(), '@') {
            Some(at) => (at, Some(at + 1..text.len())),
            None => (text.len(), None),
        };
        let registry = self
            .find(0..name_end, '/')
            .map(|slash| 0..slash)
            .filter(|first| {
                let literal: String = self.literal(first.clone()).map(|(_, c)| c).collect();
                literal.contains(['.', ':'])
                    || &text[first.clone()] == "localhost"
                    || literal.chars().any(|c| c.is_ascii_uppercase())
                    || self.has_var(first)
            });
        let path_start = registry.as_ref().map_or(0, |r| r.end + 1);
        let (repository, tag) = match self.rfind(path_start..name_end, ':') {
            Some(colon) => (path_start..colon, Some(colon + 1..name_end)),
            None => (path_start..name_end, None),
        };
        if let Some(registry) = &registry {
            self.check_registry(registry.clone())?;
        }
        self.check_repository(repository.clone())?;
        if let Some(tag) = &tag {
            self.check_tag(tag.clone())?;
        }
        if let Some(digest) = &digest {
            self.check_digest(digest.clone())?;
        }
        let name = 0..repository.end;
        if !self.has_var(&name) {
            let len = text[name].chars().count();
            if len > MAX_NAME_LEN {
                return Err(self.error(0..repository.end, ImageErrorKind::NameTooLong(len)));
            }
        }
        Ok(ImageRef {
            text: text.to_owned(),
            registry,
            repository,
            tag,
            digest,
            has_variables: !self.vars.is_empty(),
        })
    }

    fn check_chars(
        &self,
        range: Range<usize>,
        part: Part,
        allowed: impl Fn(char) -> bool,
    ) -> Result<(), ImageError> {
        if range.is_empty() {
            let at = range.start.saturating_sub(1);
            return Err(self.error(at..range.start, ImageErrorKind::EmptyPart(part)));
        }
        match self.literal(range).find(|&(_, c)| !allowed(c)) {
            Some((i, c)) if part == Part::Repository && c.is_uppercase() => {
                Err(self.error_at(i, c, ImageErrorKind::Uppercase(c)))
            }
            Some((i, ch)) => Err(self.error_at(i, ch, ImageErrorKind::InvalidChar { part, ch })),
            None => Ok(()),
        }
    }

    fn check_registry(&self, range: Range<usize>) -> Result<(), ImageError> {
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        self.check_chars(range.clone(), Part::Registry, allowed)?;
        if self.has_var(&range) {
            return Ok(());
        }
        let text = &self.text[range.clone()];
        // `[v6:addr]:port`, or `host:port`.
        let (host, port) = if text.starts_with('[') {
            let close = text
                .find(']')
                .ok_or_else(|| self.error(range.clone(), ImageErrorKind::Host(text.to_owned())))?;
            let inner = &text[1..close];
            if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
                let host = text[..=close].to_owned();
                return Err(self.error(
                    range.start..range.start + close + 1,
                    ImageErrorKind::Host(host),
                ));
            }
            let rest = &text[close + 1..];
            if !rest.is_empty() && !rest.starts_with(':') {
                let kind = ImageErrorKind::Port(rest.to_owned());
                return Err(self.error(range.start + close + 1..range.end, kind));
            }
            (
                None,
                rest.strip_prefix(':').map(|p| (range.start + close + 2, p)),
            )
        } else {
            match text.split_once(':') {
                Some((host, port)) => (Some(host), Some((range.start + host.len() + 1, port))),
                None => (Some(text), None),
            }
        };
        if let Some(host) = host {
            let mut offset = range.start;
            for label in host.split('.') {
                let bad = label.is_empty()
                    || label.starts_with('-')
                    || label.ends_with('-')
                    || label.contains(['[', ']', ':']);
                if bad {
                    let kind = ImageErrorKind::Host(host.to_owned());
                    return Err(self.error(offset..offset + label.len(), kind));
                }
                offset += label.len() + 1;
            }
        }
        if let Some((offset, port)) = port
            && (port.is_empty() || !port.bytes().all(|c| c.is_ascii_digit()))
        {
            let kind = ImageErrorKind::Port(port.to_owned());
            return Err(self.error(offset..offset + port.len(), kind));
        }
        Ok(())
    }

    fn check_repository(&self, range: Range<usize>) -> Result<(), ImageError> {
        let mut start = range.start;
        loop {
            let end = self.find(start..range.end, '/').unwrap_or(range.end);
            self.check_component(start..end)?;
            if end == range.end {
                return Ok(());
            }
            start = end + 1;
        }
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    fn check_component(&self, range: Range<usize>) -> Result<(), ImageError> {
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
        self.check_chars(range.clone(), Part::Repository, allowed)?;
        if self.has_var(&range) {
            return Ok(());
        }
        let text = &self.text[range.clone()];
        let is_separator = |c: char| matches!(c, '.' | '_' | '-');
        let mut i = 0;
        while i < text.len() {
            let run = text[i..].chars().take_while(|&c| is_separator(c)).count();
            if run == 0 {
                i += 1;
                continue;
            }
            let separator = &text[i..i + run];
            let valid =
                matches!(separator, "." | "_" | "__") || separator.bytes().all(|c| c == b'-');
            if !valid || i == 0 || i + run == text.len() {
                let span = range.start + i..range.start + i + run;
                return Err(self.error(span, ImageErrorKind::Separator(separator.to_owned())));
            }
            i += run;
        }
        Ok(())
    }

    /// `[\w][\w.-]{0,127}`
    fn check_tag(&self, range: Range<usize>) -> Result<(), ImageError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        self.check_chars(range.clone(), Part::Tag, allowed)?;
        if self.has_var(&range) {
            return Ok(());
        }
        let text = &self.text[range.clone()];
        if let Some(first @ ('.' | '-')) = text.chars().next() {
            return Err(self.error_at(range.start, first, ImageErrorKind::TagStart(first)));
        }
        if text.len() > MAX_TAG_LEN {
            return Err(self.error(range, ImageErrorKind::TagTooLong(text.len())));
        }
        Ok(())
    }

    /// `algorithm:hex`, with the lengths Docker checks for the algorithms it supports.
    fn check_digest(&self, range: Range<usize>) -> Result<(), ImageError> {
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, ':' | '+' | '.' | '_' | '-');
        self.check_chars(range.clone(), Part::Digest, allowed)?;
        if self.has_var(&range) {
            return Ok(());
        }
        let text = &self.text[range.clone()];
        let Some((algorithm, hex)) = text.split_once(':') else {
            return Err(self.error(range, ImageErrorKind::DigestFormat));
        };
        let expected = match algorithm {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => {
                let span = range.start..range.start + algorithm.len();
                return Err(self.error(span, ImageErrorKind::DigestAlgorithm(algorithm.to_owned())));
            }
        };
        let hex_start = range.start + algorithm.len() + 1;
        if let Some((i, ch)) = hex
            .char_indices()
            .find(|(_, c)| !matches!(c, '0'..='9' | 'a'..='f'))
        {
            let kind = ImageErrorKind::InvalidChar {
                part: Part::Digest,
                ch,
            };
            return Err(self.error_at(hex_start + i, ch, kind));
        }
        if hex.len() != expected {
            let algorithm = algorithm.to_owned();
            let kind = ImageErrorKind::DigestLength {
                algorithm,
                expected,
                found: hex.len(),
            };
            return Err(self.error(hex_start..range.end, kind));
        }
        Ok(())
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Registry => "registry",
            Part::Repository => "repository",
            Part::Tag => "tag",
            Part::Digest => "digest",
        })
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.kind, self.column)
    }
}

impl std::error::Error for ImageError {}

impl fmt::Display for ImageErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageErrorKind::Empty => f.write_str("the image reference is empty"),
            ImageErrorKind::Whitespace => {
                f.write_str("an image reference cannot contain whitespace")
            }
            ImageErrorKind::EmptyPart(Part::Repository) => {
                f.write_str("empty repository path component")
            }
            ImageErrorKind::EmptyPart(part) => write!(f, "empty image {part}"),
            ImageErrorKind::InvalidChar { part, ch } => {
                write!(f, "`{ch}` is not allowed in an image {part}")
            }
            ImageErrorKind::Uppercase(c) => {
                write!(f, "image repositories must be lowercase; found `{c}`")
            }
            ImageErrorKind::Separator(s) => write!(
                f,
                "misplaced `{s}`; repository path components start and end with a letter or digit, joined by `.`, `_`, `__` or dashes"
            ),
            ImageErrorKind::Host(host) => write!(
                f,
                "invalid registry host `{host}`; its labels are letters, digits and inner `-`"
            ),
            ImageErrorKind::Port(port) => {
                write!(f, "invalid registry port `{port}`; a port is a number")
            }
            ImageErrorKind::TagStart(c) => {
                write!(
                    f,
                    "a tag cannot start with `{c}`; start it with a letter, digit or `_`"
                )
            }
            ImageErrorKind::TagTooLong(len) => {
                write!(
                    f,
                    "the tag has {len} characters; Docker accepts at most {MAX_TAG_LEN}"
                )
            }
            ImageErrorKind::NameTooLong(len) => write!(
                f,
                "the image name has {len} characters; Docker accepts at most {MAX_NAME_LEN}"
            ),
            ImageErrorKind::DigestFormat => f.write_str(
                "expected a digest `algorithm:hex`, such as `sha256:` and 64 hex digits",
            ),
            ImageErrorKind::DigestAlgorithm(a) => write!(
                f,
                "unsupported digest algorithm `{a}`; Docker accepts `sha256`, `sha384` and `sha512`"
            ),
            ImageErrorKind::DigestLength {
                algorithm,
                expected,
                found,
            } => write!(
                f,
                "a `{algorithm}` digest has {expected} hex digits, not {found}"
            ),
        }
    }
}
