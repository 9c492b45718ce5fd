//! The foundation every fearless crate stands on.
//!
//! - [`sync`]: the one module in the workspace that chooses between the
//!   standard library, [loom](https://docs.rs/loom) and
//!   [shuttle](https://docs.rs/shuttle). Every other crate takes its
//!   atomics, locks, threads and cells from here, so compiling with
//!   `RUSTFLAGS="--cfg loom"` (or `--cfg shuttle`) puts all of their
//!   synchronization under the model checker without a single `cfg` in
//!   their own code.
//! - [`model`]: runs a test body under `loom::model` with `--cfg loom`,
//!   under shuttle's PCT scheduler with `--cfg shuttle` (settings in
//!   [`shuttle`]), and once on real threads otherwise, so one test is both a
//!   unit test and a model check.
//! - [`thread_index()`]: a small, stable number per thread, for picking a
//!   shard or a slot.
//! - [`traits`]: the small traits that the technique crates implement, so
//!   that generic code (benches, pools, applications) is written once and
//!   instantiated for every backend.
//!
//! ```
//! use fearless_core::sync::atomic::{AtomicUsize, Ordering};
//! use fearless_core::sync::{thread, Arc};
//!
//! fearless_core::model(|| {
//!     let hits = Arc::new(AtomicUsize::new(0));
//!     let other = Arc::clone(&hits);
//!     let t = thread::spawn(move || other.fetch_add(1, Ordering::Relaxed));
//!     hits.fetch_add(1, Ordering::Relaxed);
//!     t.join().unwrap();
//!     assert_eq!(hits.load(Ordering::Relaxed), 2);
//! });
//! ```
#![cfg_attr(not(loom), forbid(unsafe_code))]
#![cfg_attr(loom, deny(unsafe_code))]

mod model;
pub mod shuttle;
pub mod sync;
mod thread_index;
pub mod traits;

pub use model::{DEFAULT_LOOM_PREEMPTIONS, model, model_with_preemptions};
pub use thread_index::thread_index;
pub use traits::*;
