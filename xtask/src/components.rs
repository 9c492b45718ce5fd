//! Installing the toolchain components a step needs, or saying loudly why
//! the step cannot run.

use std::process::{Command, Stdio};

/// The nightly toolchain that Miri runs on.
pub const NIGHTLY: &str = "nightly";

fn quiet_success(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn rustup_available() -> bool {
    quiet_success(Command::new("rustup").arg("--version"))
}

/// Makes sure `cargo <subcommand>` works on the default toolchain
/// (`fmt`, `clippy`), installing the rustup component if needed.
pub fn ensure_stable(subcommand: &str, component: &str) -> Result<(), String> {
    let works = || quiet_success(crate::step::cargo().args([subcommand, "--version"]));
    if works() {
        return Ok(());
    }
    if !rustup_available() {
        return Err(format!(
            "`cargo {subcommand}` is missing and rustup is not available to install `{component}`"
        ));
    }
    println!("installing rustup component `{component}`");
    let _ = Command::new("rustup")
        .args(["component", "add", component])
        .status();
    if works() {
        Ok(())
    } else {
        Err(format!(
            "`rustup component add {component}` did not make `cargo {subcommand}` work"
        ))
    }
}

/// Makes sure Miri (with rust-src) is installed on the nightly toolchain,
/// installing the toolchain and the components when they are missing.
pub fn ensure_miri() -> Result<(), String> {
    ensure_nightly(&["miri", "rust-src"], || {
        quiet_success(Command::new("rustup").args(["run", NIGHTLY, "cargo", "miri", "--version"]))
    })
}

/// Makes sure the nightly toolchain has `rust-src`, which `-Zbuild-std`
/// needs to rebuild std with a sanitizer, installing both when missing.
pub fn ensure_nightly_rust_src() -> Result<(), String> {
    ensure_nightly(&["rust-src"], || {
        Command::new("rustup")
            .args(["component", "list", "--installed", "--toolchain", NIGHTLY])
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| {
                o.status.success()
                    && String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l.trim().starts_with("rust-src"))
            })
    })
}

/// Installs the nightly toolchain with `components` unless `ready` already
/// says they work; the error says which could not be installed.
fn ensure_nightly(components: &[&str], ready: impl Fn() -> bool) -> Result<(), String> {
    let names = components.join(" and ");
    if !rustup_available() {
        return Err(format!(
            "rustup is not available, so the {NIGHTLY} toolchain with {names} cannot be installed"
        ));
    }
    if ready() {
        return Ok(());
    }
    println!("installing the {NIGHTLY} toolchain with {names}");
    let _ = Command::new("rustup")
        .args(["toolchain", "install", NIGHTLY, "--profile", "minimal"])
        .arg("--component")
        .arg(components.join(","))
        .status();
    let _ = Command::new("rustup")
        .args(["component", "add"])
        .args(components)
        .args(["--toolchain", NIGHTLY])
        .status();
    if ready() {
        Ok(())
    } else {
        Err(format!(
            "could not install {names} on the {NIGHTLY} toolchain with rustup"
        ))
    }
}

/// The host's target triple (`-Zbuild-std` needs an explicit `--target`).
pub fn host_triple() -> Result<String, String> {
    let out = Command::new("rustup")
        .args(["run", NIGHTLY, "rustc", "-vV"])
        .output()
        .map_err(|e| format!("could not run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "rustc -vV printed no host triple".into())
}
