//! `cargo bench -p pipeline-dsl --bench pipeline`: divan benchmarks of the builder,
//! validation and the emitter, each alone, on the synthetic pipeline of
//! `examples/bench_generate.rs` at 1k, 10k and 100k jobs. Inputs are made outside the
//! timed part (a fresh pipeline for every sample), so each phase sees the same work; the
//! per-job cost shows that time is linear in the number of jobs.
//!
//! `cargo run --release --example bench_generate -- N` measures the three phases end to
//! end in a fresh process, which is what a generator program pays.

use divan::Bencher;
use pipeline_dsl::Validated;

#[path = "../../examples/bench_generate.rs"]
#[allow(
    unreachable_pub,
    dead_code,
    reason = "the example's `pub fn pipeline` is used from here, its `main` is not"
)]
mod generate;

const JOBS: &[usize] = &[1_000, 10_000, 100_000];

fn main() {
    divan::main();
}

/// A valid pipeline of `n` jobs, ready to emit.
fn validated(n: usize) -> Validated {
    generate::pipeline(n)
        .into_validated()
        .expect("the synthetic pipeline is valid")
}

#[divan::bench(args = JOBS, sample_count = 10, sample_size = 1)]
fn build(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| generate::pipeline(divan::black_box(n)));
}

#[divan::bench(args = JOBS, sample_count = 10, sample_size = 1)]
fn validate(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .with_inputs(|| generate::pipeline(n))
        .bench_local_values(|pipeline| pipeline.into_validated().expect("valid"));
}

#[divan::bench(args = JOBS, sample_count = 10, sample_size = 1)]
fn emit(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .with_inputs(|| validated(n))
        .bench_local_refs(|v| pipeline_dsl::emit::to_string(v.pipeline()).expect("emits"));
}

#[divan::bench(args = JOBS, sample_count = 10, sample_size = 1)]
fn end_to_end(bencher: Bencher<'_, '_>, n: usize) {
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| {
            let v = validated(divan::black_box(n));
            let yaml = pipeline_dsl::emit::to_string(v.pipeline()).expect("emits");
            // Returned, so that freeing them is not timed (a generator exits instead).
            (v, yaml)
        });
}
