//! `cargo run --release --example bench_generate -- N`: builds a synthetic pipeline of N
//! jobs with the builder, validates it and prints the YAML; the time of each phase goes
//! to stderr. The pipeline: jobs `job-{i}` in stages build/test/deploy (`i % 3`), image
//! `rust:1.80`, variable `IDX`, two script lines, rules on the default branch and on tags
//! (manual), needs on the previous job within a stage group, and expiring artifacts.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use pipeline_dsl::Pipeline;
use pipeline_dsl::model::{Rule, When};

/// The synthetic pipeline of `n` jobs.
pub fn pipeline(n: usize) -> Pipeline {
    let mut p = Pipeline::builder();
    let stages = p.stages(["build", "test", "deploy"]);
    let mut previous = None;
    for i in 0..n {
        let stage = &stages[i % 3];
        let needs = if i % 3 != 0 { previous.take() } else { None };
        let job = p.job(format!("job-{i}"), |j| {
            let j = j
                .stage(stage)
                .image("rust:1.80")
                .variable("IDX", i.to_string())
                .script([
                    format!("cargo build -p crate{i}"),
                    format!("cargo test -p crate{i}"),
                ])
                .rule(Rule::condition("$CI_COMMIT_BRANCH == \"main\""))
                .rule(Rule::condition("$CI_COMMIT_TAG").when(When::Manual))
                .artifacts(|a| a.path(format!("target/{i}")).expire_in("1 week"));
            match &needs {
                Some(need) => j.need(need),
                None => j,
            }
        });
        previous = Some(job);
    }
    p.build()
}

#[allow(dead_code, reason = "the benches include this file for `pipeline()`")]
fn main() -> ExitCode {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let _ = writeln!(std::io::stderr(), "usage: bench_generate [N]");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let built = pipeline(n);
    let t_build = start.elapsed();
    let validated = match built.into_validated() {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            return ExitCode::from(1);
        }
    };
    let t_validate = start.elapsed() - t_build;
    let yaml = match pipeline_dsl::emit::to_string(validated.pipeline()) {
        Ok(y) => y,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            return ExitCode::from(1);
        }
    };
    let t_emit = start.elapsed() - t_build - t_validate;
    let total = start.elapsed();
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(yaml.as_bytes());
    // The process ends here: freeing a pipeline of N jobs piece by piece would only delay
    // the exit (the operating system takes the memory back at once).
    std::mem::forget(validated);
    let _ = writeln!(
        std::io::stderr(),
        "{n} jobs: build {:.1} ms, validate {:.1} ms, emit {:.1} ms, total {:.1} ms ({} bytes of YAML)",
        t_build.as_secs_f64() * 1e3,
        t_validate.as_secs_f64() * 1e3,
        t_emit.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        yaml.len()
    );
    ExitCode::SUCCESS
}
