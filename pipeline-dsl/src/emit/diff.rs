//! Line diffs in the unified format (`diff -u`, git, `patch`) for the `--check` report of a
//! stale generated file. Ours rather than a crate's because this crate is a `build.rs`
//! dependency and `similar` alone cost ~2.8 s of CPU in a cold debug build.
//!
//! Common leading and trailing lines are set aside first (a stale file usually differs in
//! a few places), lines are interned to integers, lines found on one side only are marked
//! changed (no common subsequence can use them, so the result stays minimal), and Myers'
//! O(ND) algorithm in linear space (divide and conquer on the middle snake) aligns the rest.
//! The search is bounded so that huge, very different files cannot hang or exhaust memory:
//! see [`MAX_D`] and [`WORK_BUDGET`]. Past a bound the diff is still valid, just not minimal.

use indexmap::IndexSet;

/// Lines of context around each change, as `diff -u`.
const CONTEXT: usize = 3;

/// How far one middle-snake search goes from each end (so an edit distance of about twice
/// this inside one region). A region that needs more is written as all its old lines
/// deleted then all its new lines inserted. It bounds the search arrays to O(`MAX_D`).
const MAX_D: usize = 4096;

/// Total steps (line comparisons, diagonals visited, array slots reset) the whole alignment
/// may take. Once spent, every region not yet aligned is written as deletions then
/// insertions. Spending it all takes about 0.25 s in an optimized build and 1 s in a debug
/// one (on the 2-core build machine). 3,000 lines replaced here and there among 200,000
/// that repeat a lot (3 distinct ones) fit in it, 3,500 do not (see the tests); real files
/// repeat lines far less, and lines found on one side only cost nothing.
const WORK_BUDGET: u64 = 40_000_000;

/// The unified diff from `old` to `new` with 3 lines of context, under `--- {old_name}` and
/// `+++ {new_name}` headers; the empty string (no headers either) when the texts are equal.
///
/// Lines end at `\n`, which is part of the line, so a last line without it differs from
/// the same line with it and is marked `\ No newline at end of file`, as GNU diff does.
/// Hunk ranges follow GNU diff: `-5` for one line, `-0,0` for an empty file.
pub(crate) fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    unified_diff_bounded(old, new, old_name, new_name, MAX_D, WORK_BUDGET)
}

/// [`unified_diff`] with its bounds as parameters, so tests can reach them on small inputs.
fn unified_diff_bounded(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    max_d: usize,
    budget: u64,
) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let (a_changed, b_changed) = changed_lines(&a, &b, max_d, budget);
    let changes = changes(&a, &b, &a_changed, &b_changed);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    write_hunks(&mut out, &a, &b, &changes);
    out
}

/// Which lines of `a` are deleted and which of `b` inserted. The lines not marked form a
/// common subsequence: the i-th unmarked line of `a` equals the i-th unmarked line of `b`.
fn changed_lines(a: &[&str], b: &[&str], max_d: usize, budget: u64) -> (Vec<bool>, Vec<bool>) {
    let mut a_changed = vec![false; a.len()];
    let mut b_changed = vec![false; b.len()];
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    let suffix = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // `prefix` and `suffix` are at most the length of either side's remainder.
    let a_mid = &a_rest[..a_rest.len() - suffix];
    let b_mid = &b_rest[..b_rest.len() - suffix];

    // Integers compare in one instruction where lines would be compared byte by byte.
    let mut interned: IndexSet<&str> = IndexSet::new();
    let a_ids: Vec<usize> = a_mid.iter().map(|l| interned.insert_full(l).0).collect();
    let b_ids: Vec<usize> = b_mid.iter().map(|l| interned.insert_full(l).0).collect();
    let mut in_a = vec![false; interned.len()];
    let mut in_b = vec![false; interned.len()];
    for &id in &a_ids {
        in_a[id] = true;
    }
    for &id in &b_ids {
        in_b[id] = true;
    }
    // A line absent from the other side is a change in every alignment; leaving it out of
    // the search keeps the result minimal and makes two unrelated files cost nothing.
    let (a_kept, a_at) = keep_shared(&a_ids, &in_b);
    let (b_kept, b_at) = keep_shared(&b_ids, &in_a);

    let mut myers = Myers::new(&a_kept, &b_kept, max_d, budget);
    myers.align();
    for (i, &id) in a_ids.iter().enumerate() {
        if !in_b[id] {
            a_changed[prefix + i] = true;
        }
    }
    for (i, &id) in b_ids.iter().enumerate() {
        if !in_a[id] {
            b_changed[prefix + i] = true;
        }
    }
    for (&at, &changed) in a_at.iter().zip(&myers.a_changed) {
        a_changed[prefix + at] = changed;
    }
    for (&at, &changed) in b_at.iter().zip(&myers.b_changed) {
        b_changed[prefix + at] = changed;
    }
    (a_changed, b_changed)
}

/// The ids also present on the other side, with their positions in `ids`.
fn keep_shared(ids: &[usize], in_other: &[bool]) -> (Vec<usize>, Vec<usize>) {
    ids.iter()
        .enumerate()
        .filter(|&(_, &id)| in_other[id])
        .map(|(i, &id)| (id, i))
        .unzip()
}

/// Myers' diff in linear space over interned lines: marks the lines outside one longest
/// common subsequence, or outside a common subsequence once a bound is reached.
struct Myers<'a> {
    a: &'a [usize],
    b: &'a [usize],
    a_changed: Vec<bool>,
    b_changed: Vec<bool>,
    /// Furthest x reached on each diagonal by the forward search, -1 when not yet reached.
    forward: Vec<isize>,
    /// The same for the backward search, x counted from the end.
    backward: Vec<isize>,
    max_d: usize,
    budget: u64,
}

impl<'a> Myers<'a> {
    fn new(a: &'a [usize], b: &'a [usize], max_d: usize, budget: u64) -> Self {
        Myers {
            a,
            b,
            a_changed: vec![false; a.len()],
            b_changed: vec![false; b.len()],
            forward: Vec::new(),
            backward: Vec::new(),
            max_d,
            budget,
        }
    }

    /// Takes `cost` from the budget; false when it is spent.
    fn spend(&mut self, cost: usize) -> bool {
        let cost = u64::try_from(cost).unwrap_or(u64::MAX);
        self.budget = self.budget.saturating_sub(cost);
        self.budget > 0
    }

    /// Aligns `a` with `b`, region by region. An explicit stack instead of recursion, so
    /// no input can overflow the call stack.
    fn align(&mut self) {
        let mut regions = vec![(0, self.a.len(), 0, self.b.len())];
        while let Some((mut x0, mut x1, mut y0, mut y1)) = regions.pop() {
            if self.budget > 0 {
                let (start, end) = (x0, x1);
                while x0 < x1 && y0 < y1 && self.a[x0] == self.b[y0] {
                    x0 += 1;
                    y0 += 1;
                }
                while x0 < x1 && y0 < y1 && self.a[x1 - 1] == self.b[y1 - 1] {
                    x1 -= 1;
                    y1 -= 1;
                }
                self.spend(x0 - start + end - x1 + 2);
            }
            let split = if x0 < x1 && y0 < y1 && self.budget > 0 {
                self.middle(x0, x1, y0, y1)
            } else {
                None
            };
            match split {
                Some((x, y)) => {
                    // The left region is popped first: when the budget runs out, the diff
                    // is minimal from the start of the file up to that point.
                    regions.push((x, x1, y, y1));
                    regions.push((x0, x, y0, y));
                }
                None => {
                    self.a_changed[x0..x1].fill(true);
                    self.b_changed[y0..y1].fill(true);
                }
            }
        }
    }

    /// A point on a shortest edit path of the region `a[x0..x1]` / `b[y0..y1]` (both
    /// non-empty, differing in their first and in their last line) strictly inside it:
    /// the end of the middle snake, where the searches from both corners meet. `None` when
    /// the region has no line in common, or a bound stops the search first.
    fn middle(&mut self, x0: usize, x1: usize, y0: usize, y1: usize) -> Option<(usize, usize)> {
        let (a, b) = (&self.a[x0..x1], &self.b[y0..y1]);
        // Slice lengths fit in isize: a slice never spans more than isize::MAX bytes.
        let n = isize::try_from(a.len()).ok()?;
        let m = isize::try_from(b.len()).ok()?;
        // Searches meet by step ceil(D / 2); D = n + m (nothing in common) needs step
        // (n + m + 1) / 2, which the loop below stops short of, so that case ends in `None`.
        let limit = isize::try_from(self.max_d).ok()?.min((n + m + 1) / 2 - 1);
        if limit < 0 {
            return None;
        }
        // Diagonals k = x - y from -limit - 1 to limit + 1 are read: one slot each.
        let offset = limit + 1;
        let slots = usize::try_from(2 * limit + 3).ok()?;
        if !self.spend(2 * slots) {
            return None;
        }
        let mut forward = std::mem::take(&mut self.forward);
        let mut backward = std::mem::take(&mut self.backward);
        forward.clear();
        forward.resize(slots, -1);
        backward.clear();
        backward.resize(slots, -1);
        let found = search(
            a,
            b,
            &mut forward,
            &mut backward,
            offset,
            limit,
            &mut self.budget,
        );
        self.forward = forward;
        self.backward = backward;
        let (x, y) = found?;
        // Myers' argument puts the point strictly inside the region; splitting anywhere
        // else would not shrink it, so such a point (never seen) counts as a failed search.
        let inside = (0..=n).contains(&x) && (0..=m).contains(&y) && x + y > 0 && x + y < n + m;
        if !inside {
            return None;
        }
        Some((x0 + usize::try_from(x).ok()?, y0 + usize::try_from(y).ok()?))
    }
}

/// The two searches of Myers' linear-space algorithm (section 4b of "An O(ND) Difference
/// Algorithm and Its Variations", 1986), from (0, 0) forward and from (n, m) backward, one
/// step d at a time until a forward path overlaps a backward one on the same diagonal. The
/// backward search runs on the reversed sequences, so both arrays hold "furthest x".
/// Diagonals whose paths ran off the grid are skipped (`*_lo`, `*_hi`), as in
/// diff-match-patch's bisect.
fn search(
    a: &[usize],
    b: &[usize],
    forward: &mut [isize],
    backward: &mut [isize],
    offset: isize,
    limit: isize,
    budget: &mut u64,
) -> Option<(isize, isize)> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    // Step d reads and writes diagonals -d - 1 ..= d + 1 with d <= limit: slots
    // `offset - d - 1 ..= offset + d + 1`, inside the `2 * limit + 3` there are. The
    // cross-search lookups use `slot`.
    // The start "one step before" step 0, on diagonal 1 of each search.
    forward[(offset + 1) as usize] = 0;
    backward[(offset + 1) as usize] = 0;
    let delta = n - m;
    // With an odd delta the paths meet during a forward step, else during a backward one.
    let odd = delta % 2 != 0;
    let (mut f_lo, mut f_hi, mut b_lo, mut b_hi) = (0, 0, 0, 0);
    for d in 0..=limit {
        let mut k = -d + f_lo;
        while k <= d - f_hi {
            let i = (offset + k) as usize;
            let start = if k == -d || (k != d && forward[i - 1] < forward[i + 1]) {
                forward[i + 1]
            } else {
                forward[i - 1] + 1
            };
            let run = equal_run(a, b, start, start - k);
            let (x, y) = (start + run, start - k + run);
            *budget = budget.saturating_sub(1 + run as u64);
            if *budget == 0 {
                return None;
            }
            forward[i] = x;
            if x > n {
                f_hi += 2;
            } else if y > m {
                f_lo += 2;
            } else if odd
                && let Some(&rx) = slot(backward, offset + delta - k)
                && rx != -1
                && x >= n - rx
            {
                return Some((x, y));
            }
            k += 2;
        }
        let mut k = -d + b_lo;
        while k <= d - b_hi {
            let i = (offset + k) as usize;
            let start = if k == -d || (k != d && backward[i - 1] < backward[i + 1]) {
                backward[i + 1]
            } else {
                backward[i - 1] + 1
            };
            let run = equal_run_back(a, b, n - start, m - (start - k));
            let (x, y) = (start + run, start - k + run);
            *budget = budget.saturating_sub(1 + run as u64);
            if *budget == 0 {
                return None;
            }
            backward[i] = x;
            if x > n {
                b_hi += 2;
            } else if y > m {
                b_lo += 2;
            } else if !odd
                && let Some(&fx) = slot(forward, offset + delta - k)
                && fx != -1
                && fx >= n - x
            {
                return Some((fx, fx - (delta - k)));
            }
            k += 2;
        }
    }
    None
}

/// How many lines are equal from `a[x]` and `b[y]` on (0 off the grid). A plain loop over
/// slices: it is the hot loop, and build scripts run it unoptimized.
fn equal_run(a: &[usize], b: &[usize], x: isize, y: isize) -> isize {
    let tail = |lines, from| {
        usize::try_from(from)
            .ok()
            .and_then(|from| <[usize]>::get(lines, from..))
    };
    let (Some(a), Some(b)) = (tail(a, x), tail(b, y)) else {
        return 0;
    };
    let len = a.len().min(b.len());
    let mut i = 0;
    while i < len && a[i] == b[i] {
        i += 1;
    }
    i as isize
}

/// How many lines are equal going back from `a[x - 1]` and `b[y - 1]` (0 off the grid).
fn equal_run_back(a: &[usize], b: &[usize], x: isize, y: isize) -> isize {
    let head = |lines, to| {
        usize::try_from(to)
            .ok()
            .and_then(|to| <[usize]>::get(lines, ..to))
    };
    let (Some(a), Some(b)) = (head(a, x), head(b, y)) else {
        return 0;
    };
    let len = a.len().min(b.len());
    let mut i = 1;
    while i <= len && a[a.len() - i] == b[b.len() - i] {
        i += 1;
    }
    (i - 1) as isize
}

/// The slot at `index`, if it exists.
fn slot(slots: &[isize], index: isize) -> Option<&isize> {
    slots.get(usize::try_from(index).ok()?)
}

/// One change: old lines `a_start..a_end` replaced by new lines `b_start..b_end`, between
/// runs of equal lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    a_start: usize,
    a_end: usize,
    b_start: usize,
    b_end: usize,
}

/// The changes in order, from the marks of [`changed_lines`].
fn changes(a: &[&str], b: &[&str], a_changed: &[bool], b_changed: &[bool]) -> Vec<Change> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    loop {
        while i < a.len() && j < b.len() && !a_changed[i] && !b_changed[j] && a[i] == b[j] {
            i += 1;
            j += 1;
        }
        if i == a.len() && j == b.len() {
            return out;
        }
        let (a_start, b_start) = (i, j);
        while i < a.len() && a_changed[i] {
            i += 1;
        }
        while j < b.len() && b_changed[j] {
            j += 1;
        }
        if (i, j) == (a_start, b_start) {
            // Unmarked lines that do not pair up: impossible by `changed_lines`'s contract,
            // but taking them as a change keeps the output a correct diff regardless.
            i = (i + 1).min(a.len());
            j = (j + 1).min(b.len());
        }
        out.push(Change {
            a_start,
            a_end: i,
            b_start,
            b_end: j,
        });
    }
}

/// Writes the hunks: changes closer than twice the context share one, as in `diff -u`.
///
/// Between two changes, and before the first and after the last, lie equal lines, as many
/// on each side (see [`changes`]): the context is read from `a`, and the new side's line
/// numbers follow from the old side's.
fn write_hunks(out: &mut String, a: &[&str], b: &[&str], changes: &[Change]) {
    let mut previous_end = 0;
    let mut rest = changes;
    while let Some(first) = rest.first() {
        let mut len = 1;
        while let (Some(prev), Some(next)) = (rest.get(len - 1), rest.get(len)) {
            if next.a_start - prev.a_end > 2 * CONTEXT {
                break;
            }
            len += 1;
        }
        let (group, after) = rest.split_at(len);
        let last = group.last().unwrap_or(first);
        let before = CONTEXT.min(first.a_start - previous_end);
        let next_start = after.first().map_or(a.len(), |next| next.a_start);
        let trailing = CONTEXT.min(next_start - last.a_end);
        let (a_from, a_to) = (first.a_start - before, last.a_end + trailing);
        let (b_from, b_to) = (first.b_start - before, last.b_end + trailing);
        out.push_str("@@ -");
        push_range(out, a_from, a_to - a_from);
        out.push_str(" +");
        push_range(out, b_from, b_to - b_from);
        out.push_str(" @@\n");
        let mut i = a_from;
        for change in group {
            push_lines(out, ' ', a.get(i..change.a_start));
            push_lines(out, '-', a.get(change.a_start..change.a_end));
            push_lines(out, '+', b.get(change.b_start..change.b_end));
            i = change.a_end;
        }
        push_lines(out, ' ', a.get(i..a_to));
        previous_end = last.a_end;
        rest = after;
    }
}

/// A hunk range as GNU diff writes it: `start` alone for one line, `start,len` otherwise,
/// with `start` the line before the hunk when it is empty (`0,0` for an empty file).
fn push_range(out: &mut String, from: usize, len: usize) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = match len {
        0 => write!(out, "{from},0"),
        1 => write!(out, "{}", from + 1),
        _ => write!(out, "{},{len}", from + 1),
    };
}

/// Writes `lines` with the `tag` in front of each (`None`, which the callers' ranges never
/// give, writes nothing rather than panicking).
fn push_lines(out: &mut String, tag: char, lines: Option<&[&str]>) {
    for line in lines.unwrap_or_default() {
        out.push(tag);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str) -> String {
        unified_diff(old, new, "a", "b")
    }

    /// "1\n2\n...\n{n}\n".
    fn numbered(n: usize) -> String {
        (1..=n).map(|i| format!("{i}\n")).collect()
    }

    /// `numbered(n)` with the given lines (1-based) replaced by "x{line}".
    fn numbered_with(n: usize, replaced: &[usize]) -> String {
        (1..=n)
            .map(|i| {
                if replaced.contains(&i) {
                    format!("x{i}\n")
                } else {
                    format!("{i}\n")
                }
            })
            .collect()
    }

    // The expected texts of these small cases are exactly what GNU diff 3.8 prints for the
    // same files with `diff -u --label a --label b` (compared when they were written).

    #[test]
    fn equal_texts_give_nothing_at_all() {
        assert_eq!(diff("", ""), "");
        assert_eq!(diff("a\nb", "a\nb"), "");
    }

    #[test]
    fn one_changed_line_in_the_middle_has_three_lines_of_context() {
        assert_eq!(
            diff(&numbered(9), &numbered_with(9, &[5])),
            "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+x5\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn changes_at_the_start_and_at_the_end_have_context_on_one_side() {
        assert_eq!(
            diff(&numbered(6), &numbered_with(6, &[1])),
            "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+x1\n 2\n 3\n 4\n"
        );
        assert_eq!(
            diff(&numbered(6), &numbered_with(6, &[6])),
            "--- a\n+++ b\n@@ -3,4 +3,4 @@\n 3\n 4\n 5\n-6\n+x6\n"
        );
    }

    #[test]
    fn a_one_line_range_is_written_without_its_length() {
        assert_eq!(diff("a\n", "b\n"), "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!(
            diff("a\n", "a\nb\n"),
            "--- a\n+++ b\n@@ -1 +1,2 @@\n a\n+b\n"
        );
    }

    #[test]
    fn an_empty_side_is_the_empty_range_after_line_zero() {
        assert_eq!(
            diff("", "a\nb\n"),
            "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"
        );
        assert_eq!(
            diff("a\nb\n", ""),
            "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n"
        );
    }

    #[test]
    fn pure_insertions_and_deletions_inside_a_file() {
        assert_eq!(
            diff(&numbered(8), "1\n2\n3\n4\nnew\n5\n6\n7\n8\n"),
            "--- a\n+++ b\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n"
        );
        assert_eq!(
            diff(&numbered(8), "1\n2\n3\n5\n6\n7\n8\n"),
            "--- a\n+++ b\n@@ -1,7 +1,6 @@\n 1\n 2\n 3\n-4\n 5\n 6\n 7\n"
        );
    }

    #[test]
    fn a_missing_final_newline_is_marked_on_either_side() {
        let marker = "\\ No newline at end of file\n";
        assert_eq!(
            diff("a\nb", "a\nb\n"),
            format!("--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n{marker}+b\n")
        );
        assert_eq!(
            diff("a\nb\n", "a\nb"),
            format!("--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n{marker}")
        );
        // An unchanged last line without newline, shown as context, is marked too.
        assert_eq!(
            diff("a\nb\nc", "x\nb\nc"),
            format!("--- a\n+++ b\n@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n{marker}")
        );
        assert_eq!(
            diff("a", ""),
            format!("--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n{marker}")
        );
    }

    #[test]
    fn changes_six_equal_lines_apart_share_a_hunk_and_seven_apart_do_not() {
        // Lines 5 and 12: 6 equal lines between them, all of them context.
        assert_eq!(
            diff(&numbered(16), &numbered_with(16, &[5, 12])),
            "--- a\n+++ b\n@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+x5\n 6\n 7\n 8\n 9\n 10\n 11\n\
             -12\n+x12\n 13\n 14\n 15\n"
        );
        // Lines 5 and 13: 7 equal lines between them, the middle one not shown.
        assert_eq!(
            diff(&numbered(17), &numbered_with(17, &[5, 13])),
            "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+x5\n 6\n 7\n 8\n\
             @@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+x13\n 14\n 15\n 16\n"
        );
    }

    #[test]
    fn deletions_come_before_insertions_within_a_change() {
        assert_eq!(
            diff("k\na\nb\nk\n", "k\nc\nd\nk\n"),
            "--- a\n+++ b\n@@ -1,4 +1,4 @@\n k\n-a\n-b\n+c\n+d\n k\n"
        );
    }

    #[test]
    fn a_stale_file_reads_as_the_file_name_and_its_generated_version() {
        let diff = crate::emit::file::unified_diff(
            "a\n",
            "b\n",
            std::path::Path::new("dir/.gitlab-ci.yml"),
        );
        assert!(
            diff.starts_with("--- dir/.gitlab-ci.yml\n+++ dir/.gitlab-ci.yml (generated)\n@@"),
            "{diff}"
        );
    }

    use super::super::TestRng as Rng;

    impl Rng {
        /// Up to `max` lines from `alphabet`, the last one sometimes without its newline.
        fn text(&mut self, alphabet: &[&str], max: usize) -> String {
            let mut text: String = (0..self.below(max + 1))
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect();
            if text.ends_with('\n') && self.below(4) == 0 {
                text.pop();
            }
            text
        }

        /// `base` with a few random lines replaced, inserted and removed.
        fn edit(&mut self, base: &str, alphabet: &[&str]) -> String {
            let mut lines: Vec<String> = base.split_inclusive('\n').map(str::to_owned).collect();
            for _ in 0..self.below(4) {
                let at = self.below(lines.len() + 1);
                let line = alphabet[self.below(alphabet.len())].to_owned();
                match self.below(3) {
                    0 if at < lines.len() => lines[at] = line,
                    1 if at < lines.len() => {
                        lines.remove(at);
                    }
                    _ => lines.insert(at, line),
                }
            }
            // A line without newline can only be last: give it one when it no longer is.
            let last = lines.len().saturating_sub(1);
            for line in &mut lines[..last] {
                if !line.ends_with('\n') {
                    line.push('\n');
                }
            }
            lines.concat()
        }
    }

    /// Lines that look like diff syntax, to catch a parser (ours or `patch`'s) misled by
    /// content: a deleted "-- x" line is written "--- x".
    const TRICKY: &[&str] = &[
        "a\n",
        "b\n",
        "c\n",
        "-- x\n",
        "++ y\n",
        "@@ -1 +1 @@\n",
        "\\ z\n",
        "\n",
    ];

    /// Applies a unified diff to `old`, strictly: headers, hunk ranges and counts, context
    /// and deleted lines must all match, and hunks must have exactly the context GNU diff
    /// gives them (3 lines, fewer only at either end of the file, at most 6 between two
    /// changes, hunks never touching). The patched text, or what is wrong.
    fn apply(old: &str, diff: &str) -> Result<String, String> {
        const MARKER: &str = "\\ No newline at end of file\n";
        if diff.is_empty() {
            return Ok(old.to_owned());
        }
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut lines = diff.split_inclusive('\n').peekable();
        if lines.next() != Some("--- a\n") || lines.next() != Some("+++ b\n") {
            return Err("bad headers".into());
        }
        let mut out: Vec<String> = Vec::new();
        let mut at = 0;
        let mut hunks = 0;
        while let Some(header) = lines.next() {
            hunks += 1;
            let ranges = header
                .strip_prefix("@@ -")
                .and_then(|h| h.strip_suffix(" @@\n"))
                .ok_or(format!("bad hunk header {header:?}"))?;
            let (old_range, new_range) = ranges.split_once(" +").ok_or("bad ranges")?;
            let parse = |range: &str| -> Result<(usize, usize), String> {
                let (start, len) = range.split_once(',').unwrap_or((range, "1"));
                if len == "1" && range.contains(',') {
                    return Err(format!("`,1` written in {header:?}"));
                }
                let start: usize = start.parse().map_err(|_| "bad start")?;
                let len: usize = len.parse().map_err(|_| "bad length")?;
                match (start, len) {
                    (0, 1..) => Err(format!("line 0 in {header:?}")),
                    (_, 0) => Ok((start, 0)),
                    _ => Ok((start - 1, len)),
                }
            };
            let ((old_from, old_len), (new_from, new_len)) = (parse(old_range)?, parse(new_range)?);
            if old_from < at || (hunks > 1 && old_from == at) {
                return Err(format!(
                    "hunk {header:?} overlaps or touches the previous one"
                ));
            }
            if old_from > old_lines.len() {
                return Err(format!("hunk {header:?} past the end"));
            }
            out.extend(old_lines[at..old_from].iter().map(|l| (*l).to_owned()));
            at = old_from;
            if out.len() != new_from {
                return Err(format!("new start of {header:?} is not {}", out.len() + 1));
            }
            let (mut seen_old, mut seen_new) = (0, 0);
            // The lengths of the runs of context lines, split by the changes.
            let mut runs = vec![0];
            let (mut changed, mut in_change) = (false, false);
            while seen_old < old_len || seen_new < new_len {
                let line = lines.next().ok_or("hunk cut short")?;
                let (tag, text) = line.split_at(1);
                let mut text = text.to_owned();
                if lines.peek() == Some(&MARKER) {
                    lines.next();
                    if text.pop() != Some('\n') {
                        return Err("marker after a line without newline".into());
                    }
                }
                if tag != "+" {
                    if old_lines.get(at).copied() != Some(text.as_str()) {
                        return Err(format!("old line {} is not {text:?}", at + 1));
                    }
                    at += 1;
                    seen_old += 1;
                }
                if tag != "-" {
                    out.push(text);
                    seen_new += 1;
                }
                match tag {
                    " " => {
                        if in_change {
                            runs.push(0);
                            in_change = false;
                        }
                        *runs.last_mut().ok_or("no run")? += 1;
                    }
                    "-" | "+" => (changed, in_change) = (true, true),
                    _ => return Err(format!("bad line {line:?}")),
                }
            }
            if in_change {
                runs.push(0);
            }
            if seen_old != old_len || seen_new != new_len {
                return Err(format!("counts of {header:?} do not match its lines"));
            }
            if !changed {
                return Err(format!("hunk {header:?} without a change"));
            }
            let (first, last) = (runs[0], runs[runs.len() - 1]);
            if first > CONTEXT || (first < CONTEXT && old_from != 0) {
                return Err(format!("{first} leading context lines in {header:?}"));
            }
            if last > CONTEXT || (last < CONTEXT && at != old_lines.len()) {
                return Err(format!("{last} trailing context lines in {header:?}"));
            }
            if let Some(run) = runs[1..runs.len() - 1].iter().find(|&&r| r > 2 * CONTEXT) {
                return Err(format!("{run} context lines between changes in {header:?}"));
            }
        }
        if hunks == 0 {
            return Err("headers without hunks".into());
        }
        out.extend(old_lines[at..].iter().map(|l| (*l).to_owned()));
        Ok(out.concat())
    }

    /// Deleted plus inserted lines.
    fn edits(diff: &str) -> usize {
        diff.lines()
            .skip(2)
            .filter(|l| l.starts_with('-') || l.starts_with('+'))
            .count()
    }

    /// The fewest deleted plus inserted lines turning `old` into `new`, from the longest
    /// common subsequence computed the textbook way.
    fn fewest_edits(old: &str, new: &str) -> usize {
        let a: Vec<&str> = old.split_inclusive('\n').collect();
        let b: Vec<&str> = new.split_inclusive('\n').collect();
        let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        a.len() + b.len() - 2 * lcs[0][0]
    }

    fn check_round_trip(old: &str, new: &str, max_d: usize, budget: u64) {
        let diff = unified_diff_bounded(old, new, "a", "b", max_d, budget);
        let patched = apply(old, &diff);
        if patched.as_deref() != Ok(new) {
            // Large inputs are cut, to keep a failure readable.
            let cut = |s: &str| s.chars().take(2000).collect::<String>();
            panic!(
                "{:?}: max_d {max_d}, budget {budget}\nold {:?}\nnew {:?}\n{}",
                patched.map(|p| cut(&p)),
                cut(old),
                cut(new),
                cut(&diff)
            );
        }
    }

    #[test]
    fn every_diff_applies_to_the_old_text_and_gives_the_new_one() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..4000 {
            let alphabet = &TRICKY[..2 + case % (TRICKY.len() - 1)];
            let old = rng.text(alphabet, 12);
            let new = if case % 2 == 0 {
                rng.edit(&old, alphabet)
            } else {
                rng.text(alphabet, 12)
            };
            check_round_trip(&old, &new, MAX_D, WORK_BUDGET);
        }
    }

    #[test]
    fn diffs_past_the_bounds_still_apply() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for case in 0..3000 {
            let alphabet = &TRICKY[..2 + case % 4];
            let old = rng.text(alphabet, 30);
            let once = rng.edit(&old, alphabet);
            let new = rng.edit(&once, alphabet);
            let budget = [1, 2, 5, 20, 60, 200][case % 6];
            let max_d = [0, 1, 2, 3, MAX_D][case % 5];
            check_round_trip(&old, &new, max_d, budget);
            check_round_trip(&old, &new, max_d, WORK_BUDGET);
            check_round_trip(&old, &new, MAX_D, budget);
        }
    }

    #[test]
    fn diffs_within_the_bounds_are_minimal() {
        let mut rng = Rng(0xdead_beef_cafe_f00d);
        for case in 0..3000 {
            let alphabet = &TRICKY[..2 + case % 3];
            let old = rng.text(alphabet, 16);
            let new = if case % 3 == 0 {
                rng.text(alphabet, 16)
            } else {
                rng.edit(&old, alphabet)
            };
            let diff = diff(&old, &new);
            assert_eq!(
                edits(&diff),
                fewest_edits(&old, &new),
                "old {old:?}\nnew {new:?}\n{diff}"
            );
        }
    }

    #[test]
    fn a_spent_budget_writes_the_unaligned_middle_as_deletions_then_insertions() {
        // Equal first and last lines are set aside before any work is counted.
        let (old, new) = ("k\na\nb\nc\nk\n", "k\nb\nc\na\nk\n");
        assert_eq!(
            diff(old, new),
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n k\n-a\n b\n c\n+a\n k\n"
        );
        let dumped = "--- a\n+++ b\n@@ -1,5 +1,5 @@\n k\n-a\n-b\n-c\n+b\n+c\n+a\n k\n";
        assert_eq!(unified_diff_bounded(old, new, "a", "b", MAX_D, 1), dumped);
        assert_eq!(
            unified_diff_bounded(old, new, "a", "b", 0, WORK_BUDGET),
            dumped
        );
    }

    /// Lines of `alphabet` picked by `rng`, in `lines` lines.
    fn lines(rng: &mut Rng, alphabet: usize, lines: usize) -> Vec<usize> {
        (0..lines).map(|_| rng.below(alphabet)).collect()
    }

    fn text(ids: &[usize]) -> String {
        ids.iter().map(|&i| format!("{i}\n")).collect()
    }

    /// The edits when all lines but the common first and last ones are replaced.
    fn all_replaced(a: &[usize], b: &[usize]) -> usize {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..]
            .iter()
            .rev()
            .zip(b[prefix..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        a.len() + b.len() - 2 * (prefix + suffix)
    }

    #[test]
    fn large_unrelated_files_are_diffed_without_hanging() {
        // Nothing in common: every line is set aside before the search.
        let old: String = (0..200_000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..200_000).map(|i| format!("new {i}\n")).collect();
        check_round_trip(&old, &new, MAX_D, WORK_BUDGET);
        // The same 3 lines in another order: the search would need far more than `MAX_D`
        // steps, so it gives up and pairs up nothing, though the sides share most lines.
        let mut rng = Rng(7);
        let (a, b) = (lines(&mut rng, 3, 200_000), lines(&mut rng, 3, 200_000));
        let (old, new) = (text(&a), text(&b));
        let diff = diff(&old, &new);
        assert_eq!(edits(&diff), all_replaced(&a, &b));
        assert_eq!(apply(&old, &diff).as_deref(), Ok(new.as_str()));
    }

    #[test]
    fn a_large_file_that_spends_the_budget_keeps_what_was_aligned() {
        // 3,500 lines replaced among 200,000 that repeat a lot: each search stays under
        // `MAX_D`, but together they spend `WORK_BUDGET` before the end of the file.
        let mut rng = Rng(99);
        let a = lines(&mut rng, 3, 200_000);
        let mut b = a.clone();
        for _ in 0..3500 {
            let at = rng.below(b.len());
            b[at] = (b[at] + 1 + rng.below(2)) % 3;
        }
        let (old, new) = (text(&a), text(&b));
        let diff = diff(&old, &new);
        // More than the 7,000 edits of a minimal diff, far fewer than replacing everything.
        let edits = edits(&diff);
        assert!(edits > 7000 && edits < all_replaced(&a, &b) / 2, "{edits}");
        assert_eq!(apply(&old, &diff).as_deref(), Ok(new.as_str()));
    }

    #[test]
    fn a_few_changes_in_a_large_file_give_a_minimal_diff() {
        let old = numbered(300_000);
        let new = numbered_with(300_000, &[10, 150_000, 299_990]);
        let diff = diff(&old, &new);
        assert_eq!(edits(&diff), 6, "{diff}");
        assert_eq!(apply(&old, &diff).as_deref(), Ok(new.as_str()));
    }
}
