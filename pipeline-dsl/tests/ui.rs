//! UI tests of the macros (trybuild): each `tests/ui/macros/<kind>/<mistake>.rs` must fail
//! to compile with exactly the committed `.stderr` next to it, and each
//! `tests/ui/macros/pass/*.rs` must compile and run. Snapshots depend on the exact
//! compiler, which `rust-toolchain.toml` pins. Update them with
//! `TRYBUILD=overwrite cargo test -p pipeline-dsl --test ui`, then review `git diff`.

#[cfg(feature = "macros")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for kind in [
        "keys",
        "stages",
        "needs",
        "refs",
        "when",
        "expressions",
        "variables",
        "images",
        "rules",
        "derive",
    ] {
        t.compile_fail(format!("tests/ui/macros/{kind}/*.rs"));
    }
    t.pass("tests/ui/macros/pass/*.rs");
}
