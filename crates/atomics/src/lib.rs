//! `fearless-atomics`: under construction.
#![forbid(unsafe_code)]
