//! The applications fearless is for, each factored so that its concurrency
//! core runs both in the example binary and inside `fearless::model` under
//! `--cfg loom`.
#![forbid(unsafe_code)]
