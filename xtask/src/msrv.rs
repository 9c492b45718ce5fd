//! The MSRV check: the published crates' libraries build with the
//! `rust-version` they declare, on that toolchain. xtask installs the
//! toolchain with rustup when it is missing; a machine that cannot (no
//! rustup, no network to the toolchain server) skips the step loudly,
//! saying why, rather than failing CI on something it cannot decide.

use crate::packages;
use crate::step::{self, Outcome, StepReport, workspace_root};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long an install may take before it is given up as unreachable.
const INSTALL_LIMIT: Duration = Duration::from_secs(300);

/// Checks every published crate on its declared toolchain.
pub fn run() -> StepReport {
    let name = "msrv";
    step::header(name);
    let start = Instant::now();
    let finish = |outcome, detail: String| step::finish(name, outcome, start.elapsed(), detail);
    let packages = match packages::workspace() {
        Ok(p) => p,
        Err(e) => return finish(Outcome::Failed(e), String::new()),
    };
    let published: Vec<_> = packages.iter().filter(|p| p.publish).collect();
    let mut versions: Vec<&str> = published
        .iter()
        .filter_map(|p| p.rust_version.as_deref())
        .collect();
    versions.sort();
    versions.dedup();
    let msrv = match versions.as_slice() {
        [one] => one.to_string(),
        [] => {
            return finish(
                Outcome::Failed("no published crate declares rust-version".into()),
                String::new(),
            );
        }
        many => {
            let why = format!("the crates declare different MSRVs: {}", many.join(", "));
            return finish(Outcome::Failed(why), String::new());
        }
    };
    if let Err(why) = ensure_toolchain(&msrv) {
        println!("!!! SKIPPED: the MSRV check needs Rust {msrv}: {why}");
        return finish(Outcome::Skipped(why), format!("(rust-version {msrv})"));
    }
    let mut cmd = Command::new("rustup");
    cmd.args(["run", &msrv, "cargo", "check", "--lib", "--quiet"])
        // Its own directory: another compiler's artifacts would only
        // evict the stable build's.
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target").join("msrv"),
        )
        .env_remove("RUSTC")
        .env_remove("CARGO");
    for p in &published {
        cmd.args(["-p", &p.name]);
    }
    let outcome = match step::run_captured(&mut cmd) {
        Ok(c) if c.success => Outcome::Passed,
        Ok(_) => Outcome::Failed(format!("the crates do not build with Rust {msrv}")),
        Err(e) => Outcome::Failed(format!("could not run rustup: {e}")),
    };
    finish(
        outcome,
        format!("(rust-version {msrv}, {} crates)", published.len()),
    )
}

/// Makes `rustup run <version>` work, installing the minimal profile if
/// needed; the error says why it cannot.
fn ensure_toolchain(version: &str) -> Result<(), String> {
    let present = || {
        Command::new("rustup")
            .args(["run", version, "rustc", "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if Command::new("rustup").arg("--version").output().is_err() {
        return Err("rustup is not installed".into());
    }
    if present() {
        return Ok(());
    }
    println!("installing Rust {version} (rustup, minimal profile)");
    let mut install = Command::new("rustup");
    install.args(["toolchain", "install", version, "--profile", "minimal"]);
    match step::run_captured_within(&mut install, Some(INSTALL_LIMIT)) {
        Ok(c) if c.timed_out => Err(format!(
            "`rustup toolchain install {version}` did not finish in {}s",
            INSTALL_LIMIT.as_secs()
        )),
        Ok(_) if present() => Ok(()),
        Ok(_) => Err(format!(
            "`rustup toolchain install {version} --profile minimal` failed \
             (no network to the toolchain server?); its error is above"
        )),
        Err(e) => Err(format!("could not run rustup: {e}")),
    }
}
