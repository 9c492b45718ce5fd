//! `fearless-par`: a work-stealing thread pool and parallel iterators.
//!
//! The crate-level documentation is being written by the iterator and pool
//! engineers; see the crate README.
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
mod split;
pub use backend::{Backend, current_backend, sequential};
