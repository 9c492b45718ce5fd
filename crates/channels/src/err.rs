//! The error types of the channel and of select.
//!
//! They mirror crossbeam-channel's one for one, so code moves over by
//! changing an import. The channel's errors are `fearless-core`'s (the one
//! definition, shared with the channel traits), re-exported here: a
//! `fearless_channels::TrySendError` *is* a
//! `fearless_core::channel::TrySendError`, so a generic caller and a direct
//! one see the same value. The select errors below are this crate's own.

pub use fearless_core::channel::{
    RecvError, RecvTimeoutError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
use std::error::Error;
use std::fmt;

/// [`Select::try_select`](crate::Select::try_select) found no operation
/// ready.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct TrySelectError;

impl fmt::Display for TrySelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("all operations in select would block")
    }
}

impl Error for TrySelectError {}

/// [`Select::select_timeout`](crate::Select::select_timeout) found no
/// operation ready before the deadline.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct SelectTimeoutError;

impl fmt::Display for SelectTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timed out waiting on select")
    }
}

impl Error for SelectTimeoutError {}

/// [`Select::try_ready`](crate::Select::try_ready) found no operation
/// ready.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct TryReadyError;

impl fmt::Display for TryReadyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("all operations in select would block")
    }
}

impl Error for TryReadyError {}

/// [`Select::ready_timeout`](crate::Select::ready_timeout) found no
/// operation ready before the deadline.
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct ReadyTimeoutError;

impl fmt::Display for ReadyTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timed out waiting on ready")
    }
}

impl Error for ReadyTimeoutError {}
