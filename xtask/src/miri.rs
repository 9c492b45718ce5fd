//! `cargo xtask miri`: the tests of every crate that contains `unsafe`, run
//! under Miri to catch undefined behaviour, data races and leaks.
//!
//! Tests that are too slow for the interpreter shrink themselves with
//! `cfg(miri)` (fewer threads and iterations); tests that cannot run there
//! (file system, process-wide timing) are `#[cfg_attr(miri, ignore)]`.

use crate::components::{self, NIGHTLY};
use crate::crates;
use crate::step::{self, Outcome, StepReport, count_passed};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

/// Arguments of `cargo xtask miri`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Only this crate (package name or directory name); repeatable. By
    /// default, every crate whose sources contain `unsafe`.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
}

/// Runs Miri; a missing Miri that cannot be installed is a loud SKIPPED.
pub fn run(args: &Args) -> Result<StepReport, StepReport> {
    let name = "miri";
    step::header(name);
    let start = Instant::now();
    if let Err(why) = components::ensure_miri() {
        println!("!!! SKIPPED: Miri could not run: {why}");
        return Ok(step::finish(
            name,
            Outcome::Skipped(why),
            start.elapsed(),
            String::new(),
        ));
    }
    let mut krates = step::select_crates(name, start, &args.packages)?;
    if args.packages.is_empty() {
        krates.retain(crates::uses_unsafe);
    }
    // Miri interprets each test binary on one host thread, so crates run
    // side by side, one per core; the costliest crate starts first.
    krates.sort_by_key(|k| std::cmp::Reverse(expected_cost(&k.package)));
    let queue = Mutex::new(krates.iter());
    let results = Mutex::new(Vec::new());
    let lanes =
        std::thread::available_parallelism().map_or(1, |n| n.get().min(krates.len().max(1)));
    std::thread::scope(|s| {
        for _ in 0..lanes {
            s.spawn(|| {
                loop {
                    let next = queue.lock().expect("no lane panics").next();
                    let Some(k) = next else { break };
                    let outcome = run_one(&k.package);
                    results
                        .lock()
                        .expect("no lane panics")
                        .push((k.package.clone(), outcome));
                }
            });
        }
    });
    let mut tests = 0;
    let mut failed = Vec::new();
    for (package, outcome) in results.into_inner().expect("no lane panicked") {
        match outcome {
            Some(passed) => tests += passed,
            None => failed.push(package),
        }
    }
    failed.sort();
    krates.sort_by(|a, b| a.package.cmp(&b.package));
    let names: Vec<_> = krates.iter().map(|k| k.package.as_str()).collect();
    let detail = format!("({tests} tests in {})", names.join(", "));
    if failed.is_empty() {
        Ok(step::finish(name, Outcome::Passed, start.elapsed(), detail))
    } else {
        let why = format!("UB or test failure in {}", failed.join(", "));
        Err(step::finish(
            name,
            Outcome::Failed(why),
            start.elapsed(),
            detail,
        ))
    }
}

/// Runs one crate's tests under Miri, its output lines tagged with the
/// crate's name; the number of tests that passed, or `None` on a failure.
fn run_one(package: &str) -> Option<usize> {
    let mut cmd = Command::new("rustup");
    // `--lib --tests`: unit and integration tests, which drive every unsafe
    // path. Doc examples run natively in `cargo test`; under Miri each
    // would be one more interpreted binary (minutes per crate).
    cmd.args([
        "run", NIGHTLY, "cargo", "miri", "test", "-p", package, "--lib", "--tests",
    ])
    .env("CARGO_TARGET_DIR", step::checker_target_dir("miri"))
    // Isolation off: tests of the file-processing code create temporary
    // directories, which isolated Miri refuses.
    .env(
        "MIRIFLAGS",
        "-Zmiri-strict-provenance -Zmiri-disable-isolation",
    )
    .env_remove("RUSTFLAGS")
    // No backtraces for the panics that tests expect: Miri is slow to
    // symbolize them (in two fresh-clone runs, fearless-par took 312 s
    // with RUST_BACKTRACE=1 in the environment and 192 s without). A UB
    // report carries Miri's own trace regardless.
    .env("RUST_BACKTRACE", "0");
    let start = Instant::now();
    let passed = match step::run_captured_tagged(&mut cmd, None, &format!("[{package}] ")) {
        Ok(c) if c.success => Some(count_passed(&c.stdout)),
        _ => None,
    };
    let word = if passed.is_some() { "ok" } else { "FAILED" };
    println!(
        "[{package}] {word} in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    passed
}

/// The order lanes take crates in, longest Miri run first, so that the last
/// crate to finish is a short one. From the per-crate times this step
/// prints (2 cores, cold build): fearless-par about 450 s, channels 160 s,
/// locks and scoped 55 s each, core 35 s.
fn expected_cost(package: &str) -> u32 {
    match package {
        "fearless-par" => 3,
        "fearless-channels" => 2,
        "fearless-scoped" | "fearless-locks" => 1,
        _ => 0,
    }
}
