//! The synchronization primitives of the workspace: std's normally, loom's
//! under `--cfg loom`, shuttle's under `--cfg shuttle`.
//!
//! This is the only module in fearless that names `std::sync`,
//! `std::thread` or `std::cell::UnsafeCell` for synchronization; a tidy test
//! in `xtask` fails the build if any other crate does. Code written against
//! this module reads the same in all three modes:
//!
//! - [`cell::UnsafeCell`] offers loom's `with`/`with_mut` API on std too, so
//!   every access to shared interior data is visible to loom's checker.
//! - [`hint::spin_loop`] yields to the model's scheduler under loom and
//!   shuttle, so spin loops terminate in a model.
//! - [`thread::park_timeout`] is a plain `park_timeout` on std and a
//!   spurious wake-up under loom and shuttle (neither has a clock); callers re-check their
//!   condition and deadline after it returns, as they must on std anyway.
//!
//! Without `--cfg loom` or `--cfg shuttle` every item is a re-export of
//! std's, so the shim costs nothing at run time. What shuttle lacks, and how
//! each gap is covered, is listed in the shuttle backend's source
//! (`shuttle_backed.rs`) and in docs/verification.md.
//!
//! ```
//! use fearless_core::sync::cell::UnsafeCell;
//!
//! let cell = UnsafeCell::new(5);
//! // SAFETY (of the example): nothing else can reach `cell`.
//! cell.with_mut(|p| unsafe { *p += 1 });
//! assert_eq!(cell.into_inner(), 6);
//! ```

// The plain cell serves the std and shuttle backends.
#[cfg(any(not(loom), shuttle))]
mod plain_cell;

#[cfg(not(any(loom, shuttle)))]
mod std_backed;
#[cfg(not(any(loom, shuttle)))]
pub use std_backed::*;

#[cfg(all(loom, not(shuttle)))]
mod loom_backed;
#[cfg(all(loom, not(shuttle)))]
pub use loom_backed::*;

// shuttle wins when both are set: `cargo xtask shuttle` sets `loom` too, so
// the crates take their model-checker paths (see docs/verification.md).
#[cfg(shuttle)]
mod shuttle_backed;
#[cfg(shuttle)]
pub use shuttle_backed::*;
