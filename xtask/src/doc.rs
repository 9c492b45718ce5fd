//! `cargo doc` with rustdoc's warnings as errors: a broken intra-doc link
//! or an unclosed HTML tag in a doc comment fails CI instead of rendering
//! wrongly on docs.rs.

use crate::step::{self, StepReport, cargo};

/// Documents every workspace crate (not their dependencies).
pub fn run() -> StepReport {
    let mut cmd = cargo();
    cmd.env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--no-deps", "--workspace"]);
    step::run_step("cargo doc -D warnings", &mut cmd)
}
