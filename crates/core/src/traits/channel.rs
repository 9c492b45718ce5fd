//! Channels: a sender, a receiver, and an implementation that makes bounded and
//! unbounded pairs of them.
//!
//! Code written once against [`ChannelImpl`] (a worker pool, a benchmark,
//! an application's pipeline) runs on every channel that implements it. This
//! module implements it for `std::sync::mpsc` ([`StdMpsc`]) and, with the
//! `crossbeam-channel` feature, for crossbeam-channel ([`CrossbeamChannel`]);
//! `fearless-channels` implements it for its own channel.
//!
//! The error types ([`SendError`], [`TrySendError`], [`SendTimeoutError`],
//! [`RecvError`], [`TryRecvError`], [`RecvTimeoutError`]) mirror
//! crossbeam-channel's names and shapes, so that an adapter is a one-line
//! `match`; they are defined here once and `fearless-channels` re-exports
//! them as its own. Every error that concerns a message
//! hands the message back: a generic caller never loses one.
//!
//! ```
//! use fearless_core::channel::{ChannelImpl, ChannelReceiver, ChannelSender, StdMpsc};
//!
//! /// Sends 0..n through a fresh bounded channel of any implementation and sums them.
//! fn sum_through<F: ChannelImpl>(n: u64) -> u64 {
//!     let (tx, rx) = F::bounded(4);
//!     std::thread::scope(|s| {
//!         s.spawn(move || (0..n).for_each(|i| tx.send(i).unwrap()));
//!         // The loop ends when the sender is dropped and the buffer drained.
//!         let mut sum = 0;
//!         while let Ok(i) = rx.recv() {
//!             sum += i;
//!         }
//!         sum
//!     })
//! }
//!
//! assert_eq!(sum_through::<StdMpsc>(100), 4950);
//! ```

mod error;

pub use error::{
    RecvError, RecvTimeoutError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
use std::fmt;
use std::time::Duration;

/// The sending half of a channel.
///
/// # Guarantees (every implementation)
/// - Messages sent by one sender (and its clones, when the sends are ordered
///   by happens-before) are received in the order sent; each message is
///   received at most once, and exactly once if some receiver keeps
///   receiving until the channel reports it is disconnected.
/// - A send that fails hands its message back inside the error: nothing is
///   dropped silently.
/// - Clones share one channel; the channel disconnects for receivers when the
///   last clone of the sender is dropped, after the buffered messages have
///   been received.
pub trait ChannelSender<T>: Clone + Send + Sync {
    /// Sends `msg`, blocking while the channel is full (for a rendezvous
    /// channel, until a receiver takes it). Fails, handing `msg` back, when
    /// every receiver has been dropped.
    fn send(&self, msg: T) -> Result<(), SendError<T>>;

    /// Sends `msg` if that can be done without blocking; otherwise hands it
    /// back as [`TrySendError::Full`] or [`TrySendError::Disconnected`]. An
    /// unbounded channel is never full.
    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>>;
}

/// The receiving half of a channel.
///
/// Receivers are `Clone`: every clone takes messages from the same queue, and
/// each message goes to exactly one of them (multi-consumer). An implementation whose
/// native receiver is single-consumer says in its docs how it shares it.
///
/// # Guarantees (every implementation)
/// - [`recv`](Self::recv) returns every buffered message before it reports
///   [`RecvError`] for a channel whose senders are all gone.
/// - [`try_recv`](Self::try_recv) never blocks for a message.
pub trait ChannelReceiver<T>: Clone + Send {
    /// Receives a message, blocking until one arrives; fails once the channel
    /// is empty and every sender has been dropped.
    fn recv(&self) -> Result<T, RecvError>;

    /// Receives a message if one is ready, without waiting for a sender.
    fn try_recv(&self) -> Result<T, TryRecvError>;

    /// Like [`recv`](Self::recv), but gives up after `timeout`.
    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError>;
}

/// A kind of channel: the constructor of bounded and unbounded channels whose
/// halves implement [`ChannelSender`] and [`ChannelReceiver`].
///
/// An implementation is a marker type (it is never instantiated), so generic code names
/// it as a type parameter: `fn run<F: ChannelImpl>() { let (tx, rx) =
/// F::bounded::<u32>(8); }`.
pub trait ChannelImpl: 'static {
    /// A short name for reports and benchmark ids, e.g. `"crossbeam"`.
    const NAME: &'static str;

    /// The sending half for messages of type `T`.
    type Sender<T: Send + 'static>: ChannelSender<T> + 'static;

    /// The receiving half for messages of type `T`.
    type Receiver<T: Send + 'static>: ChannelReceiver<T> + 'static;

    /// A channel that buffers at most `cap` messages. `cap == 0` makes a
    /// rendezvous channel: a send completes only when a receiver takes the
    /// message.
    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>);

    /// A channel with no capacity limit: `send` never blocks.
    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>);
}

// ---------------------------------------------------------------------------
// std::sync::mpsc
// ---------------------------------------------------------------------------

/// `std::sync::mpsc` as a [`ChannelImpl`]: `sync_channel(cap)` for bounded
/// (including the rendezvous `sync_channel(0)`), `channel()` for unbounded.
///
/// std's receiver is single-consumer, so [`StdReceiver`] shares it behind an
/// `Arc<Mutex<_>>`: the documented way to consume an mpsc channel from several
/// threads. One receiver clone at a time waits inside the channel; the others
/// wait for the lock. This makes [`ChannelReceiver::try_recv`] report
/// [`TryRecvError::Empty`] when another clone holds the lock, and makes the
/// time spent waiting for the lock count on top of a `recv_timeout`'s
/// timeout. std's channels are invisible to loom.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, ChannelSender, StdMpsc};
///
/// let (tx, rx) = StdMpsc::unbounded();
/// tx.send("hi").unwrap();
/// assert_eq!(rx.clone().recv(), Ok("hi"));
/// ```
#[derive(Debug, Clone, Copy)]
pub enum StdMpsc {}

/// The sending half of a [`StdMpsc`] channel.
pub enum StdSender<T> {
    /// A `sync_channel` sender.
    Bounded(std::sync::mpsc::SyncSender<T>),
    /// A `channel` sender.
    Unbounded(std::sync::mpsc::Sender<T>),
}

impl<T> Clone for StdSender<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Bounded(s) => Self::Bounded(s.clone()),
            Self::Unbounded(s) => Self::Unbounded(s.clone()),
        }
    }
}

impl<T> fmt::Debug for StdSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StdSender { .. }")
    }
}

/// The receiving half of a [`StdMpsc`] channel: std's receiver behind an
/// `Arc<Mutex<_>>` so that it can be cloned (see [`StdMpsc`]).
pub struct StdReceiver<T>(std::sync::Arc<std::sync::Mutex<std::sync::mpsc::Receiver<T>>>);

impl<T> Clone for StdReceiver<T> {
    fn clone(&self) -> Self {
        Self(std::sync::Arc::clone(&self.0))
    }
}

impl<T> fmt::Debug for StdReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StdReceiver { .. }")
    }
}

impl<T> StdReceiver<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::sync::mpsc::Receiver<T>> {
        // No receiver operation panics while holding the lock, and a
        // `Receiver` has no invariant a panic could break: ignore poisoning.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<T: Send> ChannelSender<T> for StdSender<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        match self {
            Self::Bounded(s) => s.send(msg),
            Self::Unbounded(s) => s.send(msg),
        }
        .map_err(|e| SendError(e.0))
    }

    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        use std::sync::mpsc::TrySendError as Std;
        match self {
            Self::Bounded(s) => s.try_send(msg).map_err(|e| match e {
                Std::Full(m) => TrySendError::Full(m),
                Std::Disconnected(m) => TrySendError::Disconnected(m),
            }),
            Self::Unbounded(s) => s.send(msg).map_err(|e| TrySendError::Disconnected(e.0)),
        }
    }
}

impl<T: Send> ChannelReceiver<T> for StdReceiver<T> {
    fn recv(&self) -> Result<T, RecvError> {
        self.lock().recv().map_err(|_| RecvError)
    }

    fn try_recv(&self) -> Result<T, TryRecvError> {
        use std::sync::TryLockError;
        use std::sync::mpsc::TryRecvError as Std;
        let guard = match self.0.try_lock() {
            Ok(g) => g,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            // Another clone is receiving: nothing is ready for us right now.
            Err(TryLockError::WouldBlock) => return Err(TryRecvError::Empty),
        };
        guard.try_recv().map_err(|e| match e {
            Std::Empty => TryRecvError::Empty,
            Std::Disconnected => TryRecvError::Disconnected,
        })
    }

    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        use std::sync::mpsc::RecvTimeoutError as Std;
        self.lock().recv_timeout(timeout).map_err(|e| match e {
            Std::Timeout => RecvTimeoutError::Timeout,
            Std::Disconnected => RecvTimeoutError::Disconnected,
        })
    }
}

impl ChannelImpl for StdMpsc {
    const NAME: &'static str = "std";
    type Sender<T: Send + 'static> = StdSender<T>;
    type Receiver<T: Send + 'static> = StdReceiver<T>;

    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        let (tx, rx) = std::sync::mpsc::sync_channel(cap);
        (StdSender::Bounded(tx), StdReceiver(share(rx)))
    }

    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>) {
        let (tx, rx) = std::sync::mpsc::channel();
        (StdSender::Unbounded(tx), StdReceiver(share(rx)))
    }
}

fn share<T>(
    rx: std::sync::mpsc::Receiver<T>,
) -> std::sync::Arc<std::sync::Mutex<std::sync::mpsc::Receiver<T>>> {
    std::sync::Arc::new(std::sync::Mutex::new(rx))
}

// ---------------------------------------------------------------------------
// crossbeam-channel
// ---------------------------------------------------------------------------

/// crossbeam-channel as a [`ChannelImpl`] (feature `crossbeam-channel`):
/// its own `bounded` and `unbounded`, whose halves are already `Clone` and
/// multi-consumer. crossbeam's internals are invisible to loom.
///
/// ```
/// use fearless_core::channel::{ChannelImpl, ChannelReceiver, ChannelSender, CrossbeamChannel};
///
/// let (tx, rx) = CrossbeamChannel::bounded(1);
/// tx.send(1).unwrap();
/// assert!(tx.try_send(2).unwrap_err().is_full());
/// assert_eq!(rx.recv(), Ok(1));
/// ```
#[cfg(feature = "crossbeam-channel")]
#[derive(Debug, Clone, Copy)]
pub enum CrossbeamChannel {}

#[cfg(feature = "crossbeam-channel")]
impl<T: Send> ChannelSender<T> for crossbeam_channel::Sender<T> {
    fn send(&self, msg: T) -> Result<(), SendError<T>> {
        crossbeam_channel::Sender::send(self, msg).map_err(|e| SendError(e.0))
    }

    fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        use crossbeam_channel::TrySendError as Cb;
        crossbeam_channel::Sender::try_send(self, msg).map_err(|e| match e {
            Cb::Full(m) => TrySendError::Full(m),
            Cb::Disconnected(m) => TrySendError::Disconnected(m),
        })
    }
}

#[cfg(feature = "crossbeam-channel")]
impl<T: Send> ChannelReceiver<T> for crossbeam_channel::Receiver<T> {
    fn recv(&self) -> Result<T, RecvError> {
        crossbeam_channel::Receiver::recv(self).map_err(|_| RecvError)
    }

    fn try_recv(&self) -> Result<T, TryRecvError> {
        use crossbeam_channel::TryRecvError as Cb;
        crossbeam_channel::Receiver::try_recv(self).map_err(|e| match e {
            Cb::Empty => TryRecvError::Empty,
            Cb::Disconnected => TryRecvError::Disconnected,
        })
    }

    fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        use crossbeam_channel::RecvTimeoutError as Cb;
        crossbeam_channel::Receiver::recv_timeout(self, timeout).map_err(|e| match e {
            Cb::Timeout => RecvTimeoutError::Timeout,
            Cb::Disconnected => RecvTimeoutError::Disconnected,
        })
    }
}

#[cfg(feature = "crossbeam-channel")]
impl ChannelImpl for CrossbeamChannel {
    const NAME: &'static str = "crossbeam";
    type Sender<T: Send + 'static> = crossbeam_channel::Sender<T>;
    type Receiver<T: Send + 'static> = crossbeam_channel::Receiver<T>;

    fn bounded<T: Send + 'static>(cap: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        crossbeam_channel::bounded(cap)
    }

    fn unbounded<T: Send + 'static>() -> (Self::Sender<T>, Self::Receiver<T>) {
        crossbeam_channel::unbounded()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// The contract every implementation must meet, checked on one thread.
    fn contract<F: ChannelImpl>() {
        let (tx, rx) = F::bounded::<u32>(2);
        tx.send(1).unwrap();
        tx.try_send(2).unwrap();
        assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
        assert_eq!(rx.recv(), Ok(1));
        assert_eq!(rx.clone().try_recv(), Ok(2));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(1)),
            Err(RecvTimeoutError::Timeout)
        );
        tx.send(4).unwrap();
        drop(tx);
        // Buffered messages outlive the senders.
        assert_eq!(rx.recv(), Ok(4));
        assert_eq!(rx.recv(), Err(RecvError));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));

        let (tx, rx) = F::unbounded::<String>();
        for i in 0..100 {
            tx.try_send(i.to_string()).unwrap();
        }
        drop(rx);
        let back = tx.send("lost?".into()).unwrap_err().into_inner();
        assert_eq!(back, "lost?");
        assert!(tx.try_send("x".into()).unwrap_err().is_disconnected());

        // Rendezvous: nothing is buffered.
        let (tx, rx) = F::bounded::<u8>(0);
        assert!(tx.try_send(1).unwrap_err().is_full());
        std::thread::scope(|s| {
            s.spawn(|| tx.send(9).unwrap());
            assert_eq!(rx.recv(), Ok(9));
        });
    }

    /// Several consumers share one channel; every message arrives once.
    fn multi_consumer<F: ChannelImpl>() {
        let (tx, rx) = F::bounded::<usize>(4);
        let seen = std::sync::Mutex::new(vec![0u8; 1000]);
        std::thread::scope(|s| {
            for _ in 0..3 {
                let rx = rx.clone();
                let seen = &seen;
                s.spawn(move || {
                    while let Ok(i) = rx.recv() {
                        seen.lock().unwrap()[i] += 1;
                    }
                });
            }
            drop(rx);
            for i in 0..1000 {
                tx.send(i).unwrap();
            }
            drop(tx);
        });
        assert!(seen.into_inner().unwrap().iter().all(|&n| n == 1));
    }

    #[test]
    fn std_mpsc_meets_the_contract() {
        contract::<StdMpsc>();
        multi_consumer::<StdMpsc>();
    }

    #[cfg(feature = "crossbeam-channel")]
    #[test]
    fn crossbeam_meets_the_contract() {
        contract::<CrossbeamChannel>();
        multi_consumer::<CrossbeamChannel>();
    }

    #[test]
    fn errors_print_without_debug_messages() {
        struct Opaque;
        assert_eq!(format!("{:?}", SendError(Opaque)), "SendError(..)");
        assert_eq!(format!("{:?}", TrySendError::Full(Opaque)), "Full(..)");
        assert_eq!(
            TrySendError::Disconnected(Opaque).to_string(),
            "sending on a disconnected channel"
        );
        assert_eq!(
            RecvTimeoutError::Timeout.to_string(),
            "timed out waiting on receive operation"
        );
    }
}
