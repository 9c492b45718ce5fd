//! The applications fearless is for, each factored so that its concurrency
//! core runs both in the example binary and inside `fearless::model` under
//! `--cfg loom`.
//!
//! - [`server`]: a threaded HTTP API server (`cargo run --release --example server`).
#![forbid(unsafe_code)]

pub mod server;
