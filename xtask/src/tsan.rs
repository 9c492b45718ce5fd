//! `cargo xtask tsan`: the test suites under ThreadSanitizer, on nightly,
//! with std rebuilt instrumented (`-Zbuild-std`) so that its own
//! synchronization is seen and not reported as races.
//!
//! TSan checks real executions on real threads: it reports data races
//! (including on memory behind raw pointers) that the schedules actually
//! run happened to exhibit, with both stacks. It is not part of
//! `cargo xtask test`: instrumented std plus the stress tests take far
//! longer than the rest of CI on two cores (see docs/verification.md).

use crate::components::{self, NIGHTLY};
use crate::crates::Krate;
use crate::step::{self, Outcome, StepReport, count_passed};
use std::process::Command;
use std::time::Instant;

/// Arguments of `cargo xtask tsan`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Only this crate (package name or directory name); repeatable.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
    /// Only tests whose name contains this.
    pub filter: Option<String>,
}

/// Runs the suites; a nightly or rust-src that cannot be installed is a
/// loud SKIPPED.
pub fn run(args: &Args) -> Result<StepReport, StepReport> {
    let name = "thread sanitizer";
    step::header(name);
    let start = Instant::now();
    let skip = |why: String| {
        println!("!!! SKIPPED: ThreadSanitizer could not run: {why}");
        Ok(step::finish(
            name,
            Outcome::Skipped(why),
            start.elapsed(),
            String::new(),
        ))
    };
    if let Err(why) = components::ensure_nightly_rust_src() {
        return skip(why);
    }
    let triple = match components::host_triple() {
        Ok(t) => t,
        Err(why) => return skip(why),
    };
    let krates = step::select_crates(name, start, &args.packages)?;
    let mut tests = 0;
    let mut failed = Vec::new();
    for k in &krates {
        match run_crate(k, &triple, args.filter.as_deref()) {
            Ok(n) => tests += n,
            Err(()) => failed.push(k.package.clone()),
        }
    }
    let names: Vec<_> = krates.iter().map(|k| k.package.as_str()).collect();
    let detail = format!("({tests} tests in {})", names.join(", "));
    if failed.is_empty() {
        Ok(step::finish(name, Outcome::Passed, start.elapsed(), detail))
    } else {
        let why = format!("data race or test failure in {}", failed.join(", "));
        Err(step::finish(
            name,
            Outcome::Failed(why),
            start.elapsed(),
            detail,
        ))
    }
}

fn run_crate(k: &Krate, triple: &str, filter: Option<&str>) -> Result<usize, ()> {
    let mut cmd = Command::new("rustup");
    // `--lib --tests`: doc tests do not take `--target` builds of std.
    cmd.args([
        "run",
        NIGHTLY,
        "cargo",
        "test",
        "-Zbuild-std",
        "--target",
        triple,
        "-p",
        &k.package,
        "--lib",
        "--tests",
    ])
    .env("RUSTFLAGS", "-Zsanitizer=thread")
    .env("RUSTDOCFLAGS", "-Zsanitizer=thread")
    // Stop at the first report, so a race fails the run.
    .env("TSAN_OPTIONS", "halt_on_error=1 second_deadlock_stack=1")
    .env("CARGO_TARGET_DIR", step::checker_target_dir("tsan"));
    if let Some(f) = filter {
        cmd.args(["--", f]);
    }
    match step::run_captured(&mut cmd) {
        Ok(c) if c.success => Ok(count_passed(&c.stdout)),
        _ => Err(()),
    }
}
