//! `fearless-par`: under construction; see the workspace issues for its plan.
#![deny(unsafe_code)]

#[allow(unsafe_code)]
pub mod pool;

pub use pool::{
    FnContext, Scope, ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder, current_num_threads,
    current_thread_index, join, join_context, scope, spawn,
};

#![forbid(unsafe_code)]

// Parallel iterators, parallel slices and their backends.
mod backend;
pub mod iter;
pub mod prelude;
pub mod slice;
mod split;
pub use backend::{Backend, current_backend, sequential};
