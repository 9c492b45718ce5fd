//! `fearless-channels`: a multi-producer multi-consumer channel with select.
//!
//! The API mirrors [crossbeam-channel](https://docs.rs/crossbeam-channel):
//! code moves over by changing an import.
//!
//! - [`bounded`]`(cap)`: at most `cap` buffered messages; `bounded(0)` is a
//!   rendezvous, where a send completes only when a receiver takes the
//!   message.
//! - [`unbounded`]`()`: sends never block; memory is given back as messages
//!   are received.
//! - [`after`], [`at`], [`tick`] and [`never()`]: receivers of timer
//!   messages (and of nothing), usable in a select like any receiver; they
//!   start no thread.
//! - [`Select`], [`select!`] and [`select_biased!`]: wait on several send and
//!   receive operations at once.
//!
//! ```
//! use fearless_channels::{bounded, select, unbounded};
//!
//! let (jobs, inbox) = bounded(8);
//! let (results, done) = unbounded();
//! std::thread::scope(|scope| {
//!     for _ in 0..2 {
//!         let (inbox, results) = (inbox.clone(), results.clone());
//!         scope.spawn(move || {
//!             for n in inbox {
//!                 results.send(n * n).unwrap();
//!             }
//!         });
//!     }
//!     drop((inbox, results));
//!     for n in 1..=4 {
//!         jobs.send(n).unwrap();
//!     }
//!     drop(jobs); // workers finish the queue, then see the disconnect
//! });
//! let mut squares: Vec<i32> = done.iter().collect();
//! squares.sort();
//! assert_eq!(squares, [1, 4, 9, 16]);
//! ```
//!
//! # Semantics
//!
//! - Messages from one sender arrive in the order sent; each message is
//!   received exactly once.
//! - When the last [`Sender`] is dropped, receivers still get every buffered
//!   message, then a disconnect error ([`RecvError`] and friends).
//! - When the last [`Receiver`] is dropped, every send fails and returns its
//!   message inside the error, and the messages still buffered are dropped
//!   right away.
//! - Every message still buffered when the channel is freed is dropped
//!   exactly once.
//! - Blocking operations spin and yield briefly (a bounded backoff), then
//!   park the thread until the event they wait for; `*_timeout` and
//!   `*_deadline` variants give up at their deadline.
//!
//! # Errors
//!
//! [`SendError`], [`TrySendError`], [`SendTimeoutError`], [`RecvError`],
//! [`TryRecvError`] and [`RecvTimeoutError`] are crossbeam-channel's, shape
//! for shape. They are defined once, in `fearless_core::channel`, and
//! re-exported here, so the errors of [`Sender`]'s methods and of the
//! generic `ChannelSender` trait are the same types. An error that concerns
//! a message hands it back through `into_inner`; `Debug` never needs
//! `T: Debug`.
//!
//! ```
//! let (s, r) = fearless_channels::unbounded();
//! drop(r);
//! let err: fearless_core::channel::SendError<i32> = s.send(7).unwrap_err();
//! assert_eq!(err.into_inner(), 7);
//! assert!(s.try_send(8).unwrap_err().is_disconnected());
//! ```
//!
//! # Design
//!
//! Each capacity class has its own lock-free or lock-light implementation
//! (`flavors/`): a Vyukov-style ring of stamped slots for `bounded(n)`, a
//! linked list of blocks for `unbounded()`, and waiter lists with
//! hand-to-hand packets for `bounded(0)`. Blocking, waking and select share
//! one mechanism (`context.rs`, `waker.rs`), described in the crate's
//! `src/README.md`. Every atomic comes from `fearless_core::sync`, so the
//! loom models in this crate check the real code.

mod backoff;
mod brief_wait;
mod chan;
mod context;
mod core_traits;
mod counter;
mod deadline;
mod err;
mod flavors;
mod handoff;
pub mod pool;
mod select;
mod select_macro;
mod waker;

pub use chan::{
    IntoIter, Iter, Receiver, Sender, TryIter, after, at, bounded, never, tick, unbounded,
};
pub use core_traits::FearlessChannel;
pub use err::{
    ReadyTimeoutError, RecvError, RecvTimeoutError, SelectTimeoutError, SendError,
    SendTimeoutError, TryReadyError, TryRecvError, TrySelectError, TrySendError,
};
pub use select::{Select, SelectedOperation};

/// The README's examples (channel, select, worker pool), compiled and run as
/// doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
