//! `cargo xtask`: the workspace's one entry point for checks and benches.
//!
//! Every subcommand is a small function that runs cargo (through the `CARGO`
//! environment variable that `cargo run` sets) and reports what it did.

#[cfg(test)]
mod architecture_doc;
mod bench;
mod components;
mod crates;
mod doc;
mod features;
mod load;
mod loom;
mod markers;
mod miri;
mod msrv;
mod packages;
mod readme_figures;
mod shuttle;
mod step;
mod test;
#[cfg(test)]
mod tidy;
mod tsan;
#[cfg(test)]
mod verification_doc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "fearless's task runner")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// fmt, clippy, tests, docs, feature matrix, MSRV, packaging, loom, shuttle and Miri: what CI runs.
    Test(test::Args),
    /// Run the loom models (`--cfg loom`, release) of one or every crate.
    Loom(loom::Args),
    /// Run the shuttle models (`--cfg shuttle`, release, PCT scheduler) of one or every crate.
    Shuttle(shuttle::Args),
    /// Run the tests of the crates that contain `unsafe` under Miri.
    Miri(miri::Args),
    /// Run the test suites under ThreadSanitizer (nightly, -Zbuild-std).
    Tsan(tsan::Args),
    /// Run the benches; print the verdict, write report.md and index.html.
    Bench(bench::Args),
    /// Load-test the example HTTP server on loopback against a bare hyper server, and check its metrics.
    Load(load::Args),
    /// Rerun the commands behind the README's sample outputs and rewrite them, with machine and date.
    ReadmeFigures(readme_figures::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Test(args) => test::run(&args),
        Command::Loom(args) => loom::run(&args).is_ok(),
        Command::Shuttle(args) => shuttle::run(&args).is_ok(),
        Command::Miri(args) => miri::run(&args).is_ok(),
        Command::Tsan(args) => tsan::run(&args).is_ok(),
        Command::Bench(args) => bench::run(&args),
        Command::Load(args) => load::run(&args),
        Command::ReadmeFigures(args) => readme_figures::run(&args),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
