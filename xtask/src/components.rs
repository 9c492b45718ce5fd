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
    let works = || {
        quiet_success(Command::new("rustup").args(["run", NIGHTLY, "cargo", "miri", "--version"]))
    };
    if !rustup_available() {
        return Err(
            "rustup is not available, so Miri (a nightly component) cannot be installed".into(),
        );
    }
    if works() {
        return Ok(());
    }
    println!("installing the {NIGHTLY} toolchain with the miri and rust-src components");
    let _ = Command::new("rustup")
        .args([
            "toolchain",
            "install",
            NIGHTLY,
            "--profile",
            "minimal",
            "--component",
            "miri,rust-src",
        ])
        .status();
    let _ = Command::new("rustup")
        .args([
            "component",
            "add",
            "miri",
            "rust-src",
            "--toolchain",
            NIGHTLY,
        ])
        .status();
    if works() {
        Ok(())
    } else {
        Err(format!(
            "could not install miri and rust-src on the {NIGHTLY} toolchain with rustup"
        ))
    }
}
