//! `fearless-par`: under construction; see the workspace issues for its plan.
#![forbid(unsafe_code)]

// Parallel iterators, parallel slices and their backends.
mod backend;
pub mod iter;
pub mod prelude;
pub mod slice;
mod split;
pub use backend::{Backend, current_backend, sequential};
