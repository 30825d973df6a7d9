//! "Did you mean": close-name suggestions for keys, jobs, stages, ref keywords and `when`
//! values, shared by the syntax and check stages. The scoring is pipeline-syntax's
//! (`names::suggest`, Jaro-Winkler), the one validation and import use too, so the macro
//! suggests what the rest of the library would.

use pipeline_syntax::names;

/// `; did you mean `x`?` for the closest candidate, or nothing. Candidates much longer or
/// shorter than the word are left out: Jaro-Winkler rewards a shared prefix, and `$A` is
/// not a typo of `$APP_STORE_CONNECT_API_KEY`.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let len = word.chars().count();
    let slack = (len / 2).max(2);
    let similar = candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= slack);
    match names::suggest(word, similar) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// The closest candidate within a small edit distance (Damerau–Levenshtein, case-insensitive):
/// 1 for words of up to 5 characters, 2 above; a word that is a prefix of a candidate (or the
/// other way round, from 3 characters) is close too. Used where a near miss must be an
/// error rather than a hint (`only: [tag]`), so the bar is stricter than [`did_you_mean`]'s.
pub(crate) fn near_miss<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = if lower.chars().count() <= 5 { 1 } else { 2 };
    let mut best: Option<(usize, &'a str)> = None;
    for &c in candidates {
        if c == word {
            return None;
        }
        let d = distance(&lower, c);
        let prefix = lower.len() >= 3 && (c.starts_with(&lower) || lower.starts_with(c));
        if (d <= limit || prefix) && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFS: [&str; 12] = [
        "api",
        "branches",
        "chat",
        "external",
        "external_pull_requests",
        "merge_requests",
        "pipelines",
        "pushes",
        "schedules",
        "tags",
        "triggers",
        "web",
    ];

    #[test]
    fn misspelled_ref_keywords_are_near_misses() {
        for (word, keyword) in [
            ("tag", "tags"),
            ("Tags", "tags"),
            ("branch", "branches"),
            ("merge_request", "merge_requests"),
            ("schedule", "schedules"),
            ("push", "pushes"),
            ("trigers", "triggers"),
            ("pipeline", "pipelines"),
            ("webs", "web"),
        ] {
            assert_eq!(near_miss(word, &REFS), Some(keyword), "{word}");
        }
    }

    #[test]
    fn branch_names_are_not_near_misses() {
        for word in [
            "main",
            "master",
            "develop",
            "dev",
            "staging",
            "production",
            "release",
            "stable",
            "next",
            "trunk",
            "hotfix",
            "feature",
            "test",
            "tests",
            "docs",
            "beta",
        ] {
            assert_eq!(near_miss(word, &REFS), None, "{word}");
        }
    }

    #[test]
    fn did_you_mean_reads_as_a_hint() {
        assert_eq!(
            did_you_mean("artefacts", ["artifacts", "stage"]),
            "; did you mean `artifacts`?"
        );
        assert_eq!(did_you_mean("zzz", ["artifacts"]), "");
    }
}
