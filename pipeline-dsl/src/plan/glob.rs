//! Ruby's `File.fnmatch?` with the flags GitLab passes for `changes:` and `exists:`
//! (`FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB`), ported from Ruby's `dir.c`: `*` and `?` stop
//! at `/`, `**/` matches any number of directories, dot files match like any other, `{a,b}`
//! alternates, `[...]` is a character class, `\` escapes, and matching is case-sensitive.
//!
//! ```
//! use pipeline_dsl::plan::fnmatch;
//!
//! assert!(fnmatch("**/*.md", "docs/a/README.md"));
//! assert!(fnmatch("**/*.md", "README.md"));
//! assert!(!fnmatch("*.md", "docs/README.md"));
//! assert!(fnmatch("*.{js,ts}", "app.ts"));
//! assert!(fnmatch("*", ".gitlab-ci.yml"));
//! ```

/// Whether `path` matches `glob` as Ruby's `File.fnmatch?(glob, path, File::FNM_PATHNAME |
/// File::FNM_DOTMATCH | File::FNM_EXTGLOB)` says.
pub fn fnmatch(glob: &str, path: &str) -> bool {
    let path: Vec<char> = path.chars().collect();
    let mut found = false;
    brace_expand(&glob.chars().collect::<Vec<_>>(), &mut |pattern| {
        found = fnmatch_pathname(pattern, &path);
        found
    });
    found
}

/// Whether any of `paths` matches any of `globs`.
pub(crate) fn any_match(globs: &[String], paths: &[String]) -> bool {
    globs
        .iter()
        .any(|glob| paths.iter().any(|path| fnmatch(glob, path)))
}

/// `rules:exists` matching: a glob without metacharacters is an exact path (or, ending in
/// `/`, a directory that holds some file); others match with [`fnmatch`].
pub(crate) fn exists_match(globs: &[String], files: &[String]) -> bool {
    globs.iter().any(|glob| {
        if glob.contains(['*', '?', '[', '{']) {
            files.iter().any(|file| fnmatch(glob, file))
        } else if glob.ends_with('/') {
            files.iter().any(|file| file.starts_with(glob.as_str()))
        } else {
            files.iter().any(|file| file == glob)
        }
    })
}

/// Ruby's `ruby_brace_expand`: calls `each` with every expansion of the first top-level
/// `{...}` group (recursively), stopping when it returns true. A `{` without its `}` makes
/// the pattern match nothing, as in Ruby.
fn brace_expand(pattern: &[char], each: &mut dyn FnMut(&[char]) -> bool) -> bool {
    let mut lbrace = None;
    let mut rbrace = None;
    let mut nest = 0usize;
    let mut i = 0;
    while i < pattern.len() {
        let c = pattern[i];
        if c == '{' {
            if nest == 0 {
                lbrace = Some(i);
            }
            nest += 1;
        }
        if c == '}' && lbrace.is_some() {
            nest = nest.saturating_sub(1);
            if nest == 0 {
                rbrace = Some(i);
                break;
            }
        }
        if c == '\\' {
            i += 1;
            if i >= pattern.len() {
                break;
            }
        }
        i += 1;
    }
    match (lbrace, rbrace) {
        (Some(l), Some(r)) => {
            let mut p = l;
            while p < r {
                p += 1;
                let start = p;
                let mut depth = 0isize;
                while p < r && !(pattern[p] == ',' && depth == 0) {
                    match pattern[p] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        '\\' => {
                            p += 1;
                            if p == r {
                                break;
                            }
                        }
                        _ => {}
                    }
                    p += 1;
                }
                let mut expanded: Vec<char> = Vec::with_capacity(pattern.len());
                expanded.extend_from_slice(&pattern[..l]);
                expanded.extend_from_slice(&pattern[start..p.min(r)]);
                expanded.extend_from_slice(&pattern[r + 1..]);
                if brace_expand(&expanded, each) {
                    return true;
                }
            }
            false
        }
        (None, None) => each(pattern),
        _ => false,
    }
}

/// Ruby's `fnmatch` with `FNM_PATHNAME`: segment by segment, with `**/` retried at every
/// directory depth.
fn fnmatch_pathname(pattern: &[char], string: &[char]) -> bool {
    let mut p = 0;
    let mut s = 0;
    let mut ptmp: Option<usize> = None;
    let mut stmp: Option<usize> = None;
    loop {
        if at(pattern, p) == Some('*')
            && at(pattern, p + 1) == Some('*')
            && at(pattern, p + 2) == Some('/')
        {
            while at(pattern, p) == Some('*')
                && at(pattern, p + 1) == Some('*')
                && at(pattern, p + 2) == Some('/')
            {
                p += 3;
            }
            ptmp = Some(p);
            stmp = Some(s);
        }
        let (matched, np, ns) = fnmatch_segment(pattern, p, string, s);
        if matched {
            let mut ns = ns;
            while ns < string.len() && string[ns] != '/' {
                ns += 1;
            }
            let p_more = np < pattern.len();
            let s_more = ns < string.len();
            if p_more && s_more {
                p = np + 1;
                s = ns + 1;
                continue;
            }
            if !p_more && !s_more {
                return true;
            }
        }
        // Failed: let the last `**/` swallow one more directory.
        if let (Some(pt), Some(mut st)) = (ptmp, stmp) {
            while st < string.len() && string[st] != '/' {
                st += 1;
            }
            if st < string.len() {
                p = pt;
                st += 1;
                stmp = Some(st);
                s = st;
                continue;
            }
        }
        return false;
    }
}

fn at(chars: &[char], i: usize) -> Option<char> {
    chars.get(i).copied()
}

/// End of a path segment: the end of the text or a `/`.
fn is_end(chars: &[char], i: usize) -> bool {
    matches!(at(chars, i), None | Some('/'))
}

/// Skips an escaping backslash.
fn unescape(chars: &[char], i: usize) -> usize {
    if at(chars, i) == Some('\\') { i + 1 } else { i }
}

/// Ruby's `fnmatch_helper`: matches one segment; returns whether it matched and where the
/// pattern and the string stopped.
fn fnmatch_segment(
    pattern: &[char],
    mut p: usize,
    string: &[char],
    mut s: usize,
) -> (bool, usize, usize) {
    let mut ptmp: Option<usize> = None;
    let mut stmp: Option<usize> = None;
    loop {
        let mut failed = false;
        match at(pattern, p) {
            Some('*') => {
                while at(pattern, p) == Some('*') {
                    p += 1;
                }
                if is_end(pattern, unescape(pattern, p)) {
                    p = unescape(pattern, p);
                    return (true, p, s);
                }
                if is_end(string, s) {
                    return (false, p, s);
                }
                ptmp = Some(p);
                stmp = Some(s);
                continue;
            }
            Some('?') => {
                if is_end(string, s) {
                    return (false, p, s);
                }
                p += 1;
                s += 1;
                continue;
            }
            Some('[') => {
                if is_end(string, s) {
                    return (false, p, s);
                }
                match bracket(pattern, p + 1, string[s]) {
                    Some(next) => {
                        p = next;
                        s += 1;
                        continue;
                    }
                    None => failed = true,
                }
            }
            _ => {}
        }
        if !failed {
            p = unescape(pattern, p);
            if is_end(string, s) {
                return (is_end(pattern, p), p, s);
            }
            if is_end(pattern, p) {
                failed = true;
            } else if pattern[p] == string[s] {
                p += 1;
                s += 1;
                continue;
            } else {
                failed = true;
            }
        }
        debug_assert!(failed);
        // Try the next position for the last `*`.
        if let (Some(pt), Some(st)) = (ptmp, stmp) {
            p = pt;
            let st = st + 1;
            stmp = Some(st);
            s = st;
            continue;
        }
        return (false, p, s);
    }
}

/// Ruby's `bracket`: matches `c` against the class starting after `[`; returns the index
/// after the closing `]` on a match.
fn bracket(pattern: &[char], mut p: usize, c: char) -> Option<usize> {
    if p >= pattern.len() {
        return None;
    }
    let mut negated = false;
    if matches!(pattern[p], '!' | '^') {
        negated = true;
        p += 1;
    }
    let mut ok = false;
    while at(pattern, p)? != ']' {
        let mut t1 = p;
        if pattern[t1] == '\\' {
            t1 += 1;
        }
        let c1 = at(pattern, t1)?;
        p = t1 + 1;
        if p >= pattern.len() {
            return None;
        }
        if pattern[p] == '-' && at(pattern, p + 1) != Some(']') {
            let mut t2 = p + 1;
            if at(pattern, t2) == Some('\\') {
                t2 += 1;
            }
            let c2 = at(pattern, t2)?;
            p = t2 + 1;
            if ok {
                continue;
            }
            if c == c1 || c == c2 || (c1 <= c && c <= c2) {
                ok = true;
            }
        } else {
            if ok {
                continue;
            }
            if c == c1 {
                ok = true;
            }
        }
    }
    if ok == negated { None } else { Some(p + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitlab_semantics_table() {
        // The glob table of ../shared/gitlab-ci/semantics/rules.md (Ruby 3.1, same flags).
        let cases = [
            ("*.md", "README.md", true),
            ("*.md", "docs/README.md", false),
            ("**/*.md", "README.md", true),
            ("**/*.md", "docs/a/README.md", true),
            ("docs/*", "docs/a/b.md", false),
            ("docs/**/*", "docs/b.md", true),
            ("docs/**/*", "docs/a/b.md", true),
            ("docs/", "docs/b.md", false),
            ("docs", "docs/b.md", false),
            ("*", "docs/b.md", false),
            ("**", "docs/b.md", false),
            ("**/*", "docs/b.md", true),
            ("*", ".gitlab-ci.yml", true),
            ("**/.env", ".env", true),
            ("{a,b}.txt", "b.txt", true),
            ("*.{js,ts}", "x.ts", true),
            ("*.MD", "README.md", false),
            ("a?c", "a/c", false),
            ("/README.md", "README.md", false),
            ("./README.md", "README.md", false),
        ];
        for (glob, path, expected) in cases {
            assert_eq!(fnmatch(glob, path), expected, "{glob} vs {path}");
        }
    }

    #[test]
    fn exists_classes() {
        let files = vec!["Dockerfile".to_owned(), "docs/a.md".to_owned()];
        assert!(exists_match(&["Dockerfile".into()], &files));
        assert!(!exists_match(&["dockerfile".into()], &files));
        assert!(exists_match(&["docs/".into()], &files));
        assert!(!exists_match(&["doc/".into()], &files));
        assert!(exists_match(&["**/*.md".into()], &files));
        assert!(!exists_match(&[], &files));
    }
}
