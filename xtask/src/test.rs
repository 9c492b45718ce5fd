//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::components;
use crate::step::{self, Outcome, StepReport, cargo};
use std::time::Instant;

/// Arguments of `cargo xtask test`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Skip the loom models.
    #[arg(long)]
    pub no_loom: bool,
    /// Skip the shuttle models.
    #[arg(long)]
    pub no_shuttle: bool,
    /// Executions per shuttle model.
    #[arg(long, default_value_t = crate::shuttle::DEFAULT_ITERATIONS)]
    pub shuttle_iterations: usize,
    /// Skip Miri.
    #[arg(long)]
    pub no_miri: bool,
    /// A cap on every loom model's preemption bound (see `cargo xtask
    /// loom --help`); by default each model runs at its own bound.
    #[arg(long)]
    pub preemptions: Option<usize>,
}

/// Runs every step (a failure does not stop the later ones, so one run shows
/// every problem) and prints the summary. Returns whether all passed.
pub fn run(args: &Args) -> bool {
    let start = Instant::now();
    let mut reports = vec![
        tool_step(
            "cargo fmt --check",
            "fmt",
            "rustfmt",
            &["fmt", "--all", "--", "--check"],
        ),
        tool_step(
            "cargo clippy",
            "clippy",
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        workspace_tests(),
        crate::doc::run(),
        crate::features::run(),
        crate::msrv::run(),
        crate::packages::check_packaging(),
    ];
    if args.no_loom {
        reports.push(skipped("loom models", "--no-loom"));
    } else {
        let loom_args = crate::loom::Args {
            preemptions: args.preemptions,
            ..Default::default()
        };
        reports.push(crate::loom::run(&loom_args).unwrap_or_else(|r| r));
    }
    if args.no_shuttle {
        reports.push(skipped("shuttle models", "--no-shuttle"));
    } else {
        let shuttle_args = crate::shuttle::Args {
            iterations: args.shuttle_iterations,
            ..Default::default()
        };
        reports.push(crate::shuttle::run(&shuttle_args).unwrap_or_else(|r| r));
    }
    if args.no_miri {
        reports.push(skipped("miri", "--no-miri"));
    } else {
        reports.push(crate::miri::run(&Default::default()).unwrap_or_else(|r| r));
    }
    summarize(&reports, start)
}

/// `cargo test --workspace`: unit, integration and doc tests of every crate
/// and xtask's tidy tests. `--no-fail-fast` so that one failing crate does
/// not hide the others' results; the step still fails if any test fails.
fn workspace_tests() -> StepReport {
    let name = "cargo test --workspace";
    step::header(name);
    let start = Instant::now();
    let mut cmd = cargo();
    cmd.args(["test", "--workspace", "--no-fail-fast"]);
    let (outcome, detail) = match step::run_captured(&mut cmd) {
        Ok(c) => {
            let detail = format!("({} tests passed)", step::count_passed(&c.stdout));
            if c.success {
                (Outcome::Passed, detail)
            } else {
                (Outcome::Failed("some tests failed".into()), detail)
            }
        }
        Err(e) => (
            Outcome::Failed(format!("could not run: {e}")),
            String::new(),
        ),
    };
    step::finish(name, outcome, start.elapsed(), detail)
}

fn tool_step(name: &str, subcommand: &str, component: &str, args: &[&str]) -> StepReport {
    if let Err(why) = components::ensure_stable(subcommand, component) {
        step::header(name);
        println!("!!! SKIPPED: {why}");
        return step::finish(
            name,
            Outcome::Skipped(why),
            Default::default(),
            String::new(),
        );
    }
    step::run_step(name, cargo().args(args))
}

fn skipped(name: &str, why: &str) -> StepReport {
    step::finish(
        name,
        Outcome::Skipped(why.into()),
        Default::default(),
        String::new(),
    )
}

fn summarize(reports: &[StepReport], start: Instant) -> bool {
    println!("\n==> summary");
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for r in reports {
        let word = match &r.outcome {
            Outcome::Passed => {
                passed += 1;
                "ok".to_string()
            }
            Outcome::Failed(why) => {
                failed += 1;
                format!("FAILED: {why}")
            }
            Outcome::Skipped(why) => {
                skipped += 1;
                format!("SKIPPED: {why}")
            }
        };
        println!(
            "{:>8.1}s  {:<24} {word} {}",
            r.duration.as_secs_f64(),
            r.name,
            r.detail
        );
    }
    println!("total {:.1}s", start.elapsed().as_secs_f64());
    println!("xtask: {passed} passed, {failed} failed, {skipped} skipped");
    failed == 0
}
