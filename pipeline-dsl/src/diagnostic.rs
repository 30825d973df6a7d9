//! Diagnostics shared by import and validation: a stable code, a severity, a path into
//! the pipeline (`jobs."build".cache.key`), a message in GitLab's words, an optional
//! help line and, for imported files, the source position.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// GitLab would run the pipeline, but it is likely wrong, unsafe or deprecated.
    Warning,
    /// GitLab would refuse the file or the pipeline.
    Error,
}

/// A position in the imported source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceSpan {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start.
    pub offset: usize,
    /// Length in bytes (at least 1 where the source allows).
    pub len: usize,
}

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Where in the pipeline a diagnostic points: `jobs."build".cache.key`, `stages[2]`.
///
/// ```
/// use pipeline_dsl::diagnostic::KeyPath;
///
/// let path = KeyPath::root().job("build").key("cache").key("key");
/// assert_eq!(path.to_string(), r#"jobs."build".cache.key"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPath(pub Vec<PathSegment>);

impl KeyPath {
    /// The whole document.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// The path into job `name`.
    #[must_use]
    pub fn job(self, name: &str) -> Self {
        self.key("jobs").key(name)
    }

    /// This path, then `key`.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(PathSegment::Key(key.into()));
        self
    }

    /// This path, then list item `index`.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(PathSegment::Index(index));
        self
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        let mut after_jobs = false;
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    // Job names are user words: quote them, and any key that is not a plain word.
                    let plain = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                        && !after_jobs;
                    if plain {
                        f.write_str(k)?;
                    } else {
                        write!(f, "{k:?}")?;
                    }
                    after_jobs = i == 0 && k == "jobs";
                }
                PathSegment::Index(n) => {
                    write!(f, "[{n}]")?;
                    after_jobs = false;
                }
            }
        }
        Ok(())
    }
}

/// One problem found by import or validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable, greppable code such as `unknown-keyword` or `needs-unknown-job`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Where in the pipeline.
    pub path: KeyPath,
    /// What is wrong: lowercase, no trailing period, names in backticks.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// Where in the source text, for imported files.
    pub span: Option<SourceSpan>,
}

impl Diagnostic {
    /// An error with `code` at `path`.
    pub fn error(code: &'static str, path: KeyPath, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            path,
            message: message.into(),
            help: None,
            span: None,
        }
    }

    /// A warning with `code` at `path`.
    pub fn warning(code: &'static str, path: KeyPath, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, path, message)
        }
    }

    /// The same diagnostic with a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a source position.
    #[must_use]
    pub fn with_span(mut self, span: SourceSpan) -> Self {
        self.span = Some(span);
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code, self.message)?;
        match self.span {
            Some(s) => write!(f, "\n  --> {}:{} at {}", s.line, s.column, self.path)?,
            None => write!(f, "\n  --> {}", self.path)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, errors and warnings together, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Whether there is no diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Iterates over all diagnostics.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            d.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Did-you-mean: the closest of `candidates` to `word`, when one is close enough.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    pipeline_syntax::names::suggest(word, candidates)
}
