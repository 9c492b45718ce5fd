//! `cargo xtask shuttle`: every crate's models under shuttle's randomized
//! PCT scheduler, in release.
//!
//! The build sets both `--cfg shuttle` and `--cfg loom`: in fearless-core
//! `shuttle` wins (every primitive is shuttle's), while in the other crates
//! `loom` keeps meaning "a model checker owns the primitives" (no clock,
//! small capacity constants, modelled stand-ins for code it cannot see, and
//! tests that are not models left out). So every loom model is also a
//! shuttle model, and the larger models that only shuttle can run (whole
//! applications) are marked `#[cfg(any(shuttle, not(loom)))]`. Each crate's
//! unit and integration tests run with `FEARLESS_SHUTTLE_ITERATIONS` random
//! schedules per model; a failure prints the schedule to replay (see
//! `fearless_core::shuttle`). `FEARLESS_SHUTTLE_SEED` and
//! `FEARLESS_SHUTTLE_REPLAY` pass through from the caller's environment.

use crate::crates::Krate;
use crate::step::{self, Outcome, StepReport, cargo, count_passed};
use std::time::Instant;

/// Executions per model in `cargo xtask test` (and by default). An
/// execution of the largest model (11 threads) takes about a millisecond,
/// so all models together run in seconds: the step's cost is the release
/// build under `--cfg shuttle`, and the count could grow tenfold before the
/// runs mattered.
pub const DEFAULT_ITERATIONS: usize = 1000;

/// Executions per model with `--deep`, for long runs before a release.
pub const DEEP_ITERATIONS: usize = 100_000;

/// PCT's depth (see `fearless_core::shuttle::DEFAULT_DEPTH`).
pub const DEFAULT_DEPTH: usize = 3;

/// Arguments of `cargo xtask shuttle`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this crate (package name or directory name); repeatable.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
    /// Executions per model (FEARLESS_SHUTTLE_ITERATIONS).
    #[arg(long, default_value_t = DEFAULT_ITERATIONS)]
    pub iterations: usize,
    /// A long run: DEEP_ITERATIONS executions per model (overrides --iterations).
    #[arg(long)]
    pub deep: bool,
    /// PCT's bug depth (FEARLESS_SHUTTLE_DEPTH).
    #[arg(long, default_value_t = DEFAULT_DEPTH)]
    pub depth: usize,
    /// Only models whose name contains this, or, if it names an integration
    /// test file of a selected crate (`pipeline_model` for
    /// `apps/tests/pipeline_model.rs`), every model in that file.
    pub filter: Option<String>,
}

impl Default for Args {
    fn default() -> Self {
        Self {
            packages: Vec::new(),
            iterations: DEFAULT_ITERATIONS,
            deep: false,
            depth: DEFAULT_DEPTH,
            filter: None,
        }
    }
}

/// Runs the models; returns the step report, whose detail says how many
/// models ran and with how many executions each.
pub fn run(args: &Args) -> Result<StepReport, StepReport> {
    let name = "shuttle models";
    step::header(name);
    let start = Instant::now();
    let iterations = if args.deep {
        DEEP_ITERATIONS
    } else {
        args.iterations
    };
    let krates = step::select_crates(name, start, &args.packages)?;
    // One cargo invocation for every crate: the crates' tests then share
    // one feature-unified build of their dependencies (per-crate runs
    // rebuilt fearless-core and shuttle up to six times from cold).
    let outcome = run_crates(&krates, args, iterations);
    let models = outcome.unwrap_or(0);
    // A filter that matches nothing would otherwise pass with no model run.
    let outcome = match outcome {
        Ok(0) => {
            let detail = format!(
                "no model matched {:?}",
                args.filter.as_deref().unwrap_or("")
            );
            return Err(step::finish(
                name,
                Outcome::Failed(detail),
                start.elapsed(),
                String::new(),
            ));
        }
        other => other,
    };
    let detail = format!(
        "({models} models in {} crates, {iterations} executions each, depth {})",
        krates.len(),
        args.depth
    );
    match outcome {
        Ok(_) => Ok(step::finish(name, Outcome::Passed, start.elapsed(), detail)),
        Err(()) => Err(step::finish(
            name,
            Outcome::Failed("models failed (cargo names each failing test target above)".into()),
            start.elapsed(),
            detail,
        )),
    }
}

fn run_crates(krates: &[Krate], args: &Args, iterations: usize) -> Result<usize, ()> {
    let mut cmd = cargo();
    cmd.env("RUSTFLAGS", "--cfg loom --cfg shuttle")
        .env("RUSTDOCFLAGS", "--cfg loom --cfg shuttle")
        .env("FEARLESS_SHUTTLE_ITERATIONS", iterations.to_string())
        .env("FEARLESS_SHUTTLE_DEPTH", args.depth.to_string())
        .env("CARGO_TARGET_DIR", step::checker_target_dir("shuttle"))
        .args(["test", "--release", "--no-fail-fast"]);
    match Selection::of(krates, args.filter.as_deref()) {
        Selection::TestFile { krates, file } => {
            for k in krates {
                cmd.args(["-p", &k.package]);
            }
            cmd.args(["--test", file]);
        }
        Selection::Names { filter } => {
            for k in krates {
                cmd.args(["-p", &k.package]);
            }
            cmd.args(["--lib", "--tests"]);
            if let Some(filter) = filter {
                cmd.args(["--", filter]);
            }
        }
    }
    match step::run_captured(&mut cmd) {
        Ok(c) if c.success => Ok(count_passed(&c.stdout)),
        _ => Err(()),
    }
}

/// What the filter selects.
#[derive(Debug, PartialEq)]
enum Selection<'a> {
    /// Every model of one integration test file, in the crates that have it
    /// (test names do not include their file's name, so a name filter of
    /// `server_model` would match nothing).
    TestFile {
        krates: Vec<&'a Krate>,
        file: &'a str,
    },
    /// The unit and integration tests whose name contains the filter.
    Names { filter: Option<&'a str> },
}

impl<'a> Selection<'a> {
    fn of(krates: &'a [Krate], filter: Option<&'a str>) -> Self {
        let Some(file) = filter else {
            return Selection::Names { filter };
        };
        let with_file: Vec<&Krate> = krates
            .iter()
            .filter(|k| k.dir.join("tests").join(format!("{file}.rs")).is_file())
            .collect();
        if with_file.is_empty() {
            Selection::Names { filter }
        } else {
            Selection::TestFile {
                krates: with_file,
                file,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apps() -> Vec<Krate> {
        crate::crates::select(&["fearless-apps".to_string(), "fearless-core".to_string()]).unwrap()
    }

    #[test]
    fn a_test_file_name_selects_that_file_in_the_crates_that_have_it() {
        let krates = apps();
        match Selection::of(&krates, Some("server_model")) {
            Selection::TestFile { krates, file } => {
                assert_eq!(file, "server_model");
                let names: Vec<_> = krates.iter().map(|k| k.package.as_str()).collect();
                assert_eq!(names, ["fearless-apps"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn any_other_filter_matches_test_names() {
        let krates = apps();
        assert_eq!(
            Selection::of(&krates, Some("three_producers")),
            Selection::Names {
                filter: Some("three_producers")
            }
        );
        assert_eq!(
            Selection::of(&krates, None),
            Selection::Names { filter: None }
        );
    }
}
