//! Job, stage and variable name rules, and "did you mean" suggestions for unknown names.
//!
//! GitLab reference: <https://docs.gitlab.com/ci/jobs/#job-names>
//!
//! ```
//! use pipeline_syntax::names::{self, NameErrorKind};
//!
//! assert!(names::check_job_name("build:linux 1/3").is_ok());
//! assert!(names::is_hidden(".template"));
//! let err = names::check_job_name("variables").unwrap_err();
//! assert_eq!(err.kind, NameErrorKind::Reserved);
//! assert_eq!(err.to_string(), "`variables` is a global keyword and cannot name a job");
//! assert_eq!(names::suggest("biuld", ["build", "test", "deploy"]), Some("build"));
//! ```

use std::fmt;

/// Top-level keys GitLab always reads as global keywords, never as jobs.
pub const RESERVED_JOB_NAMES: [&str; 8] = [
    "image",
    "services",
    "stages",
    "before_script",
    "after_script",
    "variables",
    "cache",
    "include",
];

/// Global keywords that GitLab reads as a job only when the value has `script`, `run` or
/// `trigger`.
pub const AMBIGUOUS_JOB_NAMES: [&str; 2] = ["default", "workflow"];

/// The longest job name GitLab accepts, in characters (generated `parallel` names included).
pub const MAX_JOB_NAME_LEN: usize = 255;

/// The stage that always runs first.
pub const PRE_STAGE: &str = ".pre";
/// The stage that always runs last.
pub const POST_STAGE: &str = ".post";
/// The stage of a job that names none.
pub const DEFAULT_JOB_STAGE: &str = "test";
/// The stages of a pipeline without `stages:`, `.pre` and `.post` included.
pub const DEFAULT_STAGES: [&str; 5] = [PRE_STAGE, "build", "test", "deploy", POST_STAGE];

/// The score under which [`suggest`] proposes nothing (Jaro-Winkler similarity, 0 to 1).
pub const SUGGESTION_THRESHOLD: f64 = 0.7;

/// Why a name cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameError {
    /// The name as given.
    pub name: String,
    /// What is wrong with it.
    pub kind: NameErrorKind,
}

/// What is wrong with a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameErrorKind {
    /// The name is empty.
    Empty,
    /// A job name longer than [`MAX_JOB_NAME_LEN`] characters.
    TooLong,
    /// A job name that is a global keyword ([`RESERVED_JOB_NAMES`]).
    Reserved,
    /// `<<`, which YAML 1.1 loaders read as a merge key even when quoted.
    MergeKey,
}

/// A job name GitLab accepts but that is likely a mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameWarning {
    /// `default` or `workflow`: a job only when it has `script`, `run` or `trigger`.
    GlobalKeyword,
    /// `pages`: the deprecated way to mark a Pages job; use the `pages` job keyword.
    Pages,
    /// `pages:deploy`: reserved for the Pages job when it runs in a `deploy` stage.
    PagesDeploy,
    /// `true`, `false` or `nil`: they work only quoted, and GitLab discourages them.
    YamlScalar,
}

/// Checks a job name (a top-level key): not empty, at most 255 characters, not a global
/// keyword, not `<<`. Hidden jobs (`.name`) pass.
///
/// # Errors
///
/// A [`NameError`] saying which rule the name breaks.
pub fn check_job_name(name: &str) -> Result<(), NameError> {
    let kind = if name.is_empty() {
        NameErrorKind::Empty
    } else if name == "<<" {
        NameErrorKind::MergeKey
    } else if RESERVED_JOB_NAMES.contains(&name) {
        NameErrorKind::Reserved
    } else if name.chars().count() > MAX_JOB_NAME_LEN {
        NameErrorKind::TooLong
    } else {
        return Ok(());
    };
    Err(NameError {
        name: name.to_owned(),
        kind,
    })
}

/// Whether a job name is hidden (starts with `.`): a template GitLab never runs.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// The warning for a job name GitLab accepts but that is likely a mistake, if any.
pub fn job_name_warning(name: &str) -> Option<NameWarning> {
    match name {
        "default" | "workflow" => Some(NameWarning::GlobalKeyword),
        "pages" => Some(NameWarning::Pages),
        "pages:deploy" => Some(NameWarning::PagesDeploy),
        "true" | "false" | "nil" => Some(NameWarning::YamlScalar),
        _ => None,
    }
}

/// Checks a stage name: any non-empty string.
///
/// # Errors
///
/// A [`NameError`] for the empty name.
pub fn check_stage_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError {
            name: String::new(),
            kind: NameErrorKind::Empty,
        });
    }
    Ok(())
}

/// Checks a variable name (a key of `variables:`): not empty and not `<<`.
///
/// # Errors
///
/// A [`NameError`] saying which rule the name breaks.
pub fn check_variable_name(name: &str) -> Result<(), NameError> {
    let kind = match name {
        "" => NameErrorKind::Empty,
        "<<" => NameErrorKind::MergeKey,
        _ => return Ok(()),
    };
    Err(NameError {
        name: name.to_owned(),
        kind,
    })
}

/// Whether `$name` can reference the variable: a letter or `_`, then letters, digits and `_`
/// (ASCII). Other names are valid keys but cannot be expanded.
pub fn is_referenceable_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && bytes.all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
///
/// Scores are Jaro-Winkler similarities of the lowercased names (so case differences cost
/// nothing); the best score must reach [`SUGGESTION_THRESHOLD`], and the first of equal scores
/// wins. When `word` itself is a candidate there is no typo, and no suggestion.
///
/// ```
/// use pipeline_syntax::names::suggest;
///
/// let keywords = ["artifacts", "after_script", "allow_failure", "stage"];
/// assert_eq!(suggest("artefacts", keywords), Some("artifacts"));
/// assert_eq!(suggest("STAGE", keywords), Some("stage"));
/// assert_eq!(suggest("zzz", keywords), None);
/// ```
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            return None;
        }
        let score = similarity(&word_lower, &candidate.to_lowercase());
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The Jaro-Winkler similarity of two strings, from 0 (nothing alike) to 1 (equal), by
/// characters and case-sensitive.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = vec![false; b.len()];
    let mut a_matches = Vec::new();
    for (i, &c) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        if let Some(j) = (lo..hi).find(|&j| !b_used[j] && b[j] == c) {
            b_used[j] = true;
            a_matches.push(c);
        }
    }
    if a_matches.is_empty() {
        return 0.0;
    }
    let b_matches = b
        .iter()
        .zip(&b_used)
        .filter(|&(_, &used)| used)
        .map(|(&c, _)| c);
    let transpositions = a_matches
        .iter()
        .zip(b_matches)
        .filter(|&(x, y)| *x != y)
        .count()
        / 2;
    let (m, t, la, lb) = (
        a_matches.len() as f64,
        transpositions as f64,
        a.len() as f64,
        b.len() as f64,
    );
    let jaro = (m / la + m / lb + (m - t) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count();
    let prefix = prefix as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match self.kind {
            NameErrorKind::Empty => f.write_str("a name cannot be empty"),
            NameErrorKind::TooLong => write!(
                f,
                "job name `{name}` has {} characters; GitLab accepts at most {MAX_JOB_NAME_LEN}",
                name.chars().count()
            ),
            NameErrorKind::Reserved => {
                write!(f, "`{name}` is a global keyword and cannot name a job")
            }
            NameErrorKind::MergeKey => f.write_str(
                "`<<` cannot be a name: YAML loaders read it as a merge key, even quoted",
            ),
        }
    }
}

impl std::error::Error for NameError {}

impl fmt::Display for NameWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameWarning::GlobalKeyword => {
                "this name is also a global keyword; GitLab reads it as a job only when it has `script`, `run` or `trigger`"
            }
            NameWarning::Pages => {
                "naming a job `pages` to publish GitLab Pages is deprecated; use the `pages` job keyword"
            }
            NameWarning::PagesDeploy => {
                "`pages:deploy` is reserved for the Pages job of a `deploy` stage"
            }
            NameWarning::YamlScalar => {
                "`true`, `false` and `nil` work as job names only quoted, and GitLab discourages them"
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_known_values() {
        let close = |a: &str, b: &str, expected: f64| {
            let got = similarity(a, b);
            assert!(
                (got - expected).abs() < 1e-3,
                "{a} ~ {b}: {got}, expected {expected}"
            );
        };
        close("MARTHA", "MARHTA", 0.961);
        close("DWAYNE", "DUANE", 0.84);
        close("DIXON", "DICKSONX", 0.813);
        close("abc", "xyz", 0.0);
        close("", "", 1.0);
    }
}
