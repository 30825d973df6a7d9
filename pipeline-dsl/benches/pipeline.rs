//! `cargo bench -p pipeline-dsl --bench pipeline [-- SIZES... [--runs N]]`: times the
//! builder, validation and the emitter separately on the synthetic pipeline of
//! `examples/bench_generate.rs`, at 1k, 10k and 100k jobs unless sizes are given, and
//! prints the minimum and the median of several runs per phase, with the cost per job so
//! that linearity shows (the per-job column should stay flat as the size grows).
//!
//! A small self-made harness (no dependencies): each run builds a fresh pipeline, so the
//! three phases see the same input every time; results are kept (`black_box`) so nothing
//! is optimised away.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

#[path = "../../examples/bench_generate.rs"]
#[allow(
    unreachable_pub,
    reason = "the example's `pub fn pipeline` is used from here"
)]
mod generate;

/// Default sizes, and how many runs each gets (fewer for the large ones).
const DEFAULT: [(usize, usize); 3] = [(1_000, 30), (10_000, 10), (100_000, 5)];

fn main() {
    let mut sizes = Vec::new();
    let mut runs = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            runs = args.next().and_then(|r| r.parse::<usize>().ok());
        } else if let Ok(n) = arg.replace('_', "").parse::<usize>() {
            sizes.push(n);
        }
        // Anything else (`--bench` from `cargo bench`, filters) is ignored.
    }
    let plan: Vec<(usize, usize)> = if sizes.is_empty() {
        DEFAULT
            .iter()
            .map(|&(n, r)| (n, runs.unwrap_or(r)))
            .collect()
    } else {
        sizes
            .iter()
            .map(|&n| (n, runs.unwrap_or(if n >= 100_000 { 5 } else { 10 })))
            .collect()
    };

    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:>8} {:>4}  {:<8} {:>11} {:>11} {:>12} {:>12}",
        "jobs", "runs", "phase", "min", "median", "min/job", "median/job"
    );
    for (n, runs) in plan {
        // One warm-up run (also checks that the pipeline validates and emits).
        let warm = generate::pipeline(n);
        let validated = warm.validate().expect("the synthetic pipeline is valid");
        let yaml = pipeline_dsl::emit::to_string(validated.pipeline()).expect("emits");
        black_box(yaml.len());
        drop((warm, validated, yaml));

        let mut phases: [(&str, Vec<Duration>); 4] = [
            ("build", Vec::new()),
            ("validate", Vec::new()),
            ("emit", Vec::new()),
            ("total", Vec::new()),
        ];
        for _ in 0..runs {
            let start = Instant::now();
            let pipeline = black_box(generate::pipeline(black_box(n)));
            let built = start.elapsed();

            let start = Instant::now();
            let validated = black_box(pipeline.validate().expect("valid"));
            let checked = start.elapsed();

            let start = Instant::now();
            let yaml =
                black_box(pipeline_dsl::emit::to_string(validated.pipeline()).expect("emits"));
            let emitted = start.elapsed();

            phases[0].1.push(built);
            phases[1].1.push(checked);
            phases[2].1.push(emitted);
            phases[3].1.push(built + checked + emitted);
            // Dropping is not timed.
            drop((pipeline, validated, yaml));
        }
        for (phase, times) in &mut phases {
            times.sort_unstable();
            let min = times[0];
            let median = times[times.len() / 2];
            let _ = writeln!(
                out,
                "{n:>8} {runs:>4}  {phase:<8} {:>11} {:>11} {:>12} {:>12}",
                ms(min),
                ms(median),
                per_job(min, n),
                per_job(median, n),
            );
        }
    }
}

/// Milliseconds, for the table.
fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Nanoseconds per job.
fn per_job(d: Duration, n: usize) -> String {
    format!("{:.0} ns", d.as_secs_f64() * 1e9 / n.max(1) as f64)
}
