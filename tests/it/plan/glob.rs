//! `changes:` and `exists:` globs: Ruby's `File.fnmatch?` with GitLab's flags, checked
//! against a table Ruby produced and, when Ruby is installed, against Ruby itself on random
//! globs.

use std::io::Write;
use std::process::{Command, Stdio};

use pipeline_dsl::plan::fnmatch;

use crate::support::skip_or_fail;

#[test]
fn matches_the_table_ruby_produced() {
    let table = include_str!("fnmatch.tsv");
    let mut checked = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(glob), Some(path), Some(expected)) =
            (fields.next(), fields.next(), fields.next())
        else {
            panic!("bad line: {line:?}");
        };
        assert_eq!(
            fnmatch(glob, path),
            expected == "true",
            "File.fnmatch?({glob:?}, {path:?}) is {expected} in Ruby"
        );
        checked += 1;
    }
    assert!(checked > 2000, "only {checked} cases");
}

/// A small deterministic generator (no dependency on proptest's runner for a batch oracle).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn matches_ruby_on_random_globs() {
    if Command::new("ruby").arg("-v").output().is_err() {
        skip_or_fail("ruby is not installed");
        return;
    }
    let atoms = [
        "a", "b", ".", "/", "*", "**/", "?", "[ab]", "[!a]", "[a-c]", "{a,b}", "{x,/}", "{,a}",
        "\\*", "c", "**",
    ];
    let path_atoms = ["a", "b", ".", "/", "c", "x", "*"];
    let mut rng = Lcg(7);
    let mut cases = Vec::new();
    for _ in 0..3000 {
        let glob: String = (0..=rng.next(5))
            .map(|_| atoms[rng.next(atoms.len())])
            .collect();
        let path: String = (0..=rng.next(6))
            .map(|_| path_atoms[rng.next(path_atoms.len())])
            .collect();
        cases.push((glob, path));
    }
    let script = "f = File::FNM_PATHNAME | File::FNM_DOTMATCH | File::FNM_EXTGLOB\n\
                  STDIN.each_line { |l| g, p = l.chomp.split(\"\\t\", 2); puts File.fnmatch?(g, p, f) }";
    let mut child = Command::new("ruby")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ruby starts");
    let input: String = cases.iter().map(|(g, p)| format!("{g}\t{p}\n")).collect();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to ruby");
    let output = child.wait_with_output().expect("ruby runs");
    let answers = String::from_utf8(output.stdout).expect("utf-8");
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), cases.len());
    for ((glob, path), ruby) in cases.iter().zip(answers) {
        assert_eq!(
            fnmatch(glob, path),
            ruby == "true",
            "File.fnmatch?({glob:?}, {path:?}) is {ruby} in Ruby"
        );
    }
}
