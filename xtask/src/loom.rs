//! `cargo xtask loom`: every crate's loom models, in release, under
//! `--cfg loom`.
//!
//! A loom model is a test whose body runs inside `fearless_core::model`.
//! Under `--cfg loom` each crate's library and integration tests are built
//! against loom's primitives; tests that are not models are marked
//! `#[cfg(not(loom))]` by convention, so every test that runs here is a
//! model. The run builds in `loom/` under `CARGO_TARGET_DIR` (or `target/`)
//! so it never invalidates the normal build's cache.

use crate::crates::Krate;
use crate::step::{self, Outcome, StepReport, cargo, count_passed};
use std::time::Instant;

/// Arguments of `cargo xtask loom`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Only this crate (package name or directory name); repeatable.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
    /// A cap on every model's loom preemption bound (LOOM_MAX_PREEMPTIONS).
    /// Without it each model runs at its own bound: 2
    /// (`fearless_core::DEFAULT_LOOM_PREEMPTIONS`, large enough to find
    /// ordering bugs in models of two or three threads, small enough that
    /// `cargo xtask test` stays well under 30 minutes on two cores), or
    /// what it asks for with `model_with_preemptions`.
    #[arg(long)]
    pub preemptions: Option<usize>,
    /// Only models whose name contains this.
    pub filter: Option<String>,
}

/// Runs the models; returns the step report, whose detail says how many
/// models ran.
pub fn run(args: &Args) -> Result<StepReport, StepReport> {
    let name = "loom models";
    step::header(name);
    let start = Instant::now();
    let krates = step::select_crates(name, start, &args.packages)?;
    let mut models = 0;
    let mut failed = Vec::new();
    for k in &krates {
        match run_crate(k, args) {
            Ok(n) => {
                println!("loom: {} ran {n} models", k.package);
                models += n;
            }
            Err(()) => failed.push(k.package.clone()),
        }
    }
    let detail = format!("({models} models in {} crates)", krates.len());
    if failed.is_empty() {
        Ok(step::finish(name, Outcome::Passed, start.elapsed(), detail))
    } else {
        let why = format!("models failed in {}", failed.join(", "));
        Err(step::finish(
            name,
            Outcome::Failed(why),
            start.elapsed(),
            detail,
        ))
    }
}

fn run_crate(k: &Krate, args: &Args) -> Result<usize, ()> {
    let mut cmd = cargo();
    cmd.env("RUSTFLAGS", "--cfg loom")
        .env("RUSTDOCFLAGS", "--cfg loom")
        .env("CARGO_TARGET_DIR", step::checker_target_dir("loom"))
        .args(["test", "--release", "-p", &k.package, "--lib", "--tests"]);
    match args.preemptions {
        Some(cap) => cmd.env("LOOM_MAX_PREEMPTIONS", cap.to_string()),
        // Not inherited either: a model's own bound must apply.
        None => cmd.env_remove("LOOM_MAX_PREEMPTIONS"),
    };
    if let Some(filter) = &args.filter {
        cmd.args(["--", filter]);
    }
    match step::run_captured(&mut cmd) {
        Ok(c) if c.success => Ok(count_passed(&c.stdout)),
        _ => Err(()),
    }
}
