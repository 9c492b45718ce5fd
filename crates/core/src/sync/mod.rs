//! The synchronization primitives of the workspace: std's normally, loom's
//! under `--cfg loom`.
//!
//! This is the only module in fearless that names `std::sync`,
//! `std::thread` or `std::cell::UnsafeCell` for synchronization; a tidy test
//! in `xtask` fails the build if any other crate does. Code written against
//! this module reads the same in both modes:
//!
//! - [`cell::UnsafeCell`] offers loom's `with`/`with_mut` API on std too, so
//!   every access to shared interior data is visible to loom's checker.
//! - [`hint::spin_loop`] yields to the loom scheduler under loom, so spin
//!   loops terminate in a model.
//! - [`thread::park_timeout`] is a plain `park_timeout` on std and a
//!   spurious wake-up under loom (loom has no clock); callers re-check their
//!   condition and deadline after it returns, as they must on std anyway.
//!
//! Without `--cfg loom` every item is a re-export of std's, so the shim costs
//! nothing at run time.
//!
//! ```
//! use fearless_core::sync::cell::UnsafeCell;
//!
//! let cell = UnsafeCell::new(5);
//! // SAFETY (of the example): nothing else can reach `cell`.
//! cell.with_mut(|p| unsafe { *p += 1 });
//! assert_eq!(cell.into_inner(), 6);
//! ```

#[cfg(not(loom))]
mod std_backed;
#[cfg(not(loom))]
pub use std_backed::*;

#[cfg(loom)]
mod loom_backed;
#[cfg(loom)]
pub use loom_backed::*;
