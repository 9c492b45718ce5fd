//! `fearless-channels`: under construction; see the workspace issues for its plan.
#![forbid(unsafe_code)]

pub mod pool;
