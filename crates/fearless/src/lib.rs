//! `fearless`: the facade over the fearless crates.
#![forbid(unsafe_code)]

pub use fearless_core::{model, sync};

/// Lock-free metrics (the `fearless-atomics` crate).
#[cfg(feature = "atomics")]
pub use fearless_atomics as atomics;
