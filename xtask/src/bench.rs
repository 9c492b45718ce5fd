//! `cargo xtask bench`: runs the criterion benches.

use crate::crates;
use crate::step::{self, cargo};

/// Arguments of `cargo xtask bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Short measurement times: the whole workspace in a few minutes.
    #[arg(long)]
    pub quick: bool,
    /// Only this crate (package name or directory name); repeatable.
    #[arg(short = 'p', long = "package")]
    pub packages: Vec<String>,
    /// Only benchmarks whose id contains this.
    pub filter: Option<String>,
}

/// Runs the benches of the selected crates.
pub fn run(args: &Args) -> bool {
    let krates = match crates::select(&args.packages) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    let mut ok = true;
    for k in krates.iter().filter(|k| k.dir.join("benches").is_dir()) {
        let mut cmd = cargo();
        cmd.args(["bench", "-p", &k.package, "--"]);
        if args.quick {
            cmd.args(["--warm-up-time", "0.5", "--measurement-time", "1"]);
        }
        if let Some(f) = &args.filter {
            cmd.arg(f);
        }
        ok &= step::run_captured(&mut cmd).is_ok_and(|c| c.success);
    }
    ok
}
