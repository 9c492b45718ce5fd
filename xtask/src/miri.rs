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
    let mut tests = 0;
    let mut failed = Vec::new();
    for k in &krates {
        let mut cmd = Command::new("rustup");
        // `--lib --tests`: unit and integration tests, which drive every
        // unsafe path. Doc examples run natively in `cargo test`; under Miri
        // each would be one more interpreted binary (minutes per crate).
        cmd.args([
            "run", NIGHTLY, "cargo", "miri", "test", "-p", &k.package, "--lib", "--tests",
        ])
        .env("CARGO_TARGET_DIR", step::checker_target_dir("miri"))
        // Isolation off: doc examples and tests of the file-processing code
        // create temporary directories, which isolated Miri refuses.
        .env(
            "MIRIFLAGS",
            "-Zmiri-strict-provenance -Zmiri-disable-isolation",
        )
        .env_remove("RUSTFLAGS");
        match step::run_captured(&mut cmd) {
            Ok(c) if c.success => tests += count_passed(&c.stdout),
            _ => failed.push(k.package.clone()),
        }
    }
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
