//! `fearless-par`: under construction; see the workspace issues for its plan.
#![deny(unsafe_code)]

#[allow(unsafe_code)]
pub mod pool;

pub use pool::{
    FnContext, Scope, ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder, current_num_threads,
    current_thread_index, join, join_context, scope, spawn,
};
