//! The applications fearless is for, each factored so that its concurrency
//! core runs both in the example binary and inside `fearless::model` under
//! `--cfg loom`.
//!
//! - [`server`]: an HTTP API server on hyper that no client can crash, stall or exhaust (`cargo run --release --example server`).
//! - [`dashboard`]: real-time analytics over a stream of events (`cargo run --release --example dashboard`).
//! - [`pipeline`]: parallel word counting over a directory (`cargo run --release --example pipeline`).
#![forbid(unsafe_code)]

pub mod dashboard;
// The pipeline runs on scoped threads, which loom cannot model (it has no
// `thread::scope`; the claiming logic is loom-modelled in fearless-scoped);
// shuttle has them, and models the pipeline whole (tests/pipeline_model.rs).
#[cfg(any(not(loom), shuttle))]
pub mod pipeline;
pub mod server;
