//! `fearless-par`: a work-stealing thread pool and parallel iterators, a
//! drop-in for rayon 1.x.
//!
//! - [`pool`]: the work-stealing pool, with rayon-core's interface
//!   ([`join`], [`scope`], [`ThreadPool::install`], ...).
//! - [`prelude`]: rayon's parallel-iterator, slice and string traits under
//!   rayon's names ([`iter`], [`slice`](mod@slice), [`str`](mod@str),
//!   [`collections`], [`range`], [`vec`](mod@vec), ...), so code moves over by
//!   changing the import. [`iter::plumbing`] is rayon's extension API.
//! - [`Backend`]: the same code runs on our pool (default), on rayon
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
    FnContext, Scope, ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder, current_num_threads,
    current_thread_index, join, join_context, scope, spawn,
};

// Parallel iterators, parallel slices and their backends.
mod backend;
pub mod iter;
pub mod prelude;
pub mod slice;
mod source;
mod split;
mod split_producer;
pub use backend::{Backend, current_backend, sequential};

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
