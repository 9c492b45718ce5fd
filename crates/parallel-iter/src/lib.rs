//! `fearless-par`: a work-stealing thread pool and parallel iterators, a
//! drop-in for rayon 1.x.
//!
//! - [`pool`]: the work-stealing pool, with rayon-core's interface
//!   ([`join`], [`scope`], [`ThreadPool::install`], ...).
//! - [`prelude`]: rayon's parallel-iterator, slice and string traits under
//!   rayon's names ([`iter`], [`slice`](mod@slice), [`str`](mod@str),
//!   [`collections`], [`range`], [`vec`](mod@vec), ...), so code moves over by
//!   changing the import. [`iter::plumbing`] is rayon's extension API.
//! - [`Engine`]: the same code runs on our pool (default), on rayon
//!   (feature `rayon`), or sequentially (always under `--cfg loom`, and
//!   inside [`sequential`]).
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! let words = vec!["par", "iter", "is", "fearless"];
//! let letters: usize = words.par_iter().map(|w| w.len()).sum();
//! assert_eq!(letters, 17);
//! ```
#![deny(unsafe_code)]

// The engine: our own work-stealing pool (join, scope, install).
#[allow(unsafe_code)]
pub mod pool;

pub use pool::{
    BroadcastContext, FnContext, Scope, ScopeFifo, ThreadBuilder, ThreadPool, ThreadPoolBuildError,
    ThreadPoolBuilder, Yield, broadcast, current_num_threads, current_thread_has_pending_tasks,
    current_thread_index, in_place_scope, in_place_scope_fifo, join, join_context, max_num_threads,
    scope, scope_fifo, spawn, spawn_broadcast, spawn_fifo, yield_local, yield_now,
};

// Parallel iterators, parallel slices and the engines they run on.
mod engine;
pub mod iter;
pub mod prelude;
pub mod slice;
mod source;
mod split;
mod split_producer;
pub use engine::{Engine, current_engine, sequential};

// Sources, under rayon's module names.
pub mod array;
pub mod collections;
pub mod option;
mod par_either;
pub mod range;
pub mod range_inclusive;
pub mod result;
pub mod str;
pub mod string;
pub mod vec;
