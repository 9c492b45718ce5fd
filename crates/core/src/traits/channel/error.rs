//! The channel error types, named and shaped like crossbeam-channel's.
//!
//! This is the one definition: `fearless-channels` re-exports these types,
//! so `fearless_channels::TrySendError` and the error of
//! [`ChannelSender::try_send`](super::ChannelSender::try_send) are the same type and an adapter is a
//! one-line `match` (or none at all). Every error that concerns a message
//! hands the message back through `into_inner`, and `Debug` never requires
//! `T: Debug`: the message is usually a job or a payload nobody wants
//! printed.

use std::error::Error;
use std::fmt;

/// The message could not be sent because every receiver is gone; the
/// message is handed back inside the error.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelSender, SendError, StdMpsc};
///
/// let (tx, rx) = StdMpsc::unbounded();
/// drop(rx);
/// let err: SendError<i32> = tx.send(7).unwrap_err();
/// assert_eq!(err.into_inner(), 7);
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub struct SendError<T>(pub T);

impl<T> SendError<T> {
    /// Returns the message that could not be sent.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendError(..)")
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sending on a disconnected channel")
    }
}

impl<T> Error for SendError<T> {}

/// Why [`ChannelSender::try_send`](super::ChannelSender::try_send) (or `fearless_channels::Sender::try_send`)
/// did not send; the message is handed back either way.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelSender, StdMpsc, TrySendError};
///
/// let (tx, rx) = StdMpsc::bounded(1);
/// tx.send(1).unwrap();
/// let full = tx.try_send(2).unwrap_err();
/// assert!(full.is_full());
/// assert_eq!(full.into_inner(), 2);
/// drop(rx);
/// assert_eq!(tx.try_send(3), Err(TrySendError::Disconnected(3)));
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum TrySendError<T> {
    /// The channel is full (or, for a rendezvous channel, no receiver is
    /// waiting).
    Full(T),
    /// Every receiver is gone.
    Disconnected(T),
}

impl<T> TrySendError<T> {
    /// Returns the message that could not be sent.
    pub fn into_inner(self) -> T {
        match self {
            Self::Full(m) | Self::Disconnected(m) => m,
        }
    }

    /// `true` if the send failed because the channel was full.
    pub fn is_full(&self) -> bool {
        matches!(self, Self::Full(_))
    }

    /// `true` if the send failed because every receiver is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Disconnected(_))
    }
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full(_) => f.write_str("Full(..)"),
            Self::Disconnected(_) => f.write_str("Disconnected(..)"),
        }
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full(_) => f.write_str("sending on a full channel"),
            Self::Disconnected(_) => f.write_str("sending on a disconnected channel"),
        }
    }
}

impl<T> Error for TrySendError<T> {}

impl<T> From<SendError<T>> for TrySendError<T> {
    fn from(err: SendError<T>) -> Self {
        Self::Disconnected(err.0)
    }
}

/// Why a send with a deadline (`fearless_channels::Sender::send_timeout`,
/// `send_deadline`) did not send; the message is handed back either way.
///
/// ```
/// use fearless_core::channel::{SendError, SendTimeoutError};
///
/// let err = SendTimeoutError::from(SendError("late"));
/// assert!(err.is_disconnected());
/// assert_eq!(err.into_inner(), "late");
/// assert!(SendTimeoutError::Timeout(1).is_timeout());
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum SendTimeoutError<T> {
    /// The deadline passed before the message could be sent.
    Timeout(T),
    /// Every receiver is gone.
    Disconnected(T),
}

impl<T> SendTimeoutError<T> {
    /// Returns the message that could not be sent.
    pub fn into_inner(self) -> T {
        match self {
            Self::Timeout(m) | Self::Disconnected(m) => m,
        }
    }

    /// `true` if the send failed because the deadline passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// `true` if the send failed because every receiver is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Disconnected(_))
    }
}

impl<T> fmt::Debug for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendTimeoutError(..)")
    }
}

impl<T> fmt::Display for SendTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(_) => f.write_str("timed out waiting on send operation"),
            Self::Disconnected(_) => f.write_str("sending on a disconnected channel"),
        }
    }
}

impl<T> Error for SendTimeoutError<T> {}

impl<T> From<SendError<T>> for SendTimeoutError<T> {
    fn from(err: SendError<T>) -> Self {
        Self::Disconnected(err.0)
    }
}

/// [`ChannelReceiver::recv`](super::ChannelReceiver::recv) failed: the channel is empty and every sender
/// is gone.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, RecvError, StdMpsc};
///
/// let (tx, rx) = StdMpsc::unbounded::<u8>();
/// drop(tx);
/// assert_eq!(rx.recv(), Err(RecvError));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct RecvError;

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("receiving on an empty and disconnected channel")
    }
}

impl Error for RecvError {}

/// Why [`ChannelReceiver::try_recv`](super::ChannelReceiver::try_recv) returned no message.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, StdMpsc, TryRecvError};
///
/// let (tx, rx) = StdMpsc::unbounded::<u8>();
/// assert!(rx.try_recv().unwrap_err().is_empty());
/// drop(tx);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub enum TryRecvError {
    /// The channel is empty (or, for a rendezvous channel, no sender is
    /// waiting), but senders remain.
    Empty,
    /// The channel is empty and every sender is gone.
    Disconnected,
}

impl TryRecvError {
    /// `true` if the channel was empty but still connected.
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Empty)
    }

    /// `true` if the channel is empty and every sender is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Disconnected)
    }
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("receiving on an empty channel"),
            Self::Disconnected => f.write_str("receiving on an empty and disconnected channel"),
        }
    }
}

impl Error for TryRecvError {}

impl From<RecvError> for TryRecvError {
    fn from(_: RecvError) -> Self {
        Self::Disconnected
    }
}

/// Why [`ChannelReceiver::recv_timeout`](super::ChannelReceiver::recv_timeout) returned no message.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, RecvTimeoutError, StdMpsc};
/// use std::time::Duration;
///
/// let (_tx, rx) = StdMpsc::unbounded::<u8>();
/// let err = rx.recv_timeout(Duration::from_millis(1)).unwrap_err();
/// assert_eq!(err, RecvTimeoutError::Timeout);
/// assert!(err.is_timeout());
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub enum RecvTimeoutError {
    /// The deadline passed before a message arrived.
    Timeout,
    /// The channel is empty and every sender is gone.
    Disconnected,
}

impl RecvTimeoutError {
    /// `true` if the receive failed because the deadline passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout)
    }

    /// `true` if the channel is empty and every sender is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Disconnected)
    }
}

impl fmt::Display for RecvTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout => f.write_str("timed out waiting on receive operation"),
            Self::Disconnected => f.write_str("channel is empty and disconnected"),
        }
    }
}

impl Error for RecvTimeoutError {}

impl From<RecvError> for RecvTimeoutError {
    fn from(_: RecvError) -> Self {
        Self::Disconnected
    }
}
