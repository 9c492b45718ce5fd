//! What the two timer flavors share: a receiver-only channel whose messages
//! are delivery times, produced by a [`Schedule`] (one-shot in `at.rs`,
//! periodic in `tick.rs`).
//!
//! No thread and no waker: nobody sends, so a receiver waits for the clock
//! alone (a timed park), and a select that contains a timer wakes itself at
//! the timer's next delivery (see [`SelectHandle::deadline`]). A schedule
//! decides who takes a delivery with one CAS, so this file holds no atomics.
//!
//! Models: `tests/models.rs`
//! (`due_timer_is_taken_by_exactly_one_of_two_receivers`,
//! `select_with_timers_*`).

#![forbid(unsafe_code)]

use crate::context::{Context, Operation};
use crate::err::{RecvTimeoutError, TryRecvError};
use crate::select::{SelectHandle, Token};
use std::time::Instant;

/// When a timer delivers, and who takes each delivery.
pub(crate) trait Schedule {
    /// Takes the pending delivery if it is due and nobody took it.
    fn try_take(&self) -> Option<Instant>;

    /// The next delivery time (`None`: no delivery will ever come).
    fn next_delivery(&self) -> Option<Instant>;

    /// Blocks until a delivery is taken or `deadline` passes.
    fn recv(&self, deadline: Option<Instant>) -> Result<Instant, RecvTimeoutError>;
}

/// A timer channel: a schedule, and the conversion of a delivery time into
/// the message.
pub(crate) struct Channel<S, T> {
    schedule: S,
    /// Turns the delivery time into the message (the identity for the
    /// `Receiver<Instant>` that `after`/`at`/`tick` return; a function
    /// pointer keeps the flavor generic without an unsafe cast).
    make: fn(Instant) -> T,
}

impl<S: Schedule, T> Channel<S, T> {
    pub(crate) fn new(schedule: S, make: fn(Instant) -> T) -> Self {
        Channel { schedule, make }
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        self.schedule
            .try_take()
            .map(self.make)
            .ok_or(TryRecvError::Empty)
    }

    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
        self.schedule.recv(deadline).map(self.make)
    }

    /// Completes a receive reserved by select.
    pub(crate) fn read(&self, token: &mut Token) -> Result<T, ()> {
        token.timer.take().map(self.make).ok_or(())
    }

    pub(crate) fn is_ready(&self) -> bool {
        self.schedule
            .next_delivery()
            .is_some_and(|d| Instant::now() >= d)
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.is_ready())
    }
}

impl<S: Schedule, T> SelectHandle for Channel<S, T> {
    fn try_select(&self, token: &mut Token) -> bool {
        token.timer = self.schedule.try_take();
        token.timer.is_some()
    }

    fn register(&self, _oper: Operation, _cx: &Context) -> bool {
        self.is_ready()
    }

    fn unregister(&self, _oper: Operation, _cx: &Context) {}

    fn accept(&self, token: &mut Token, _cx: &Context) -> bool {
        self.try_select(token)
    }

    fn is_ready(&self) -> bool {
        Channel::is_ready(self)
    }

    fn watch(&self, _oper: Operation, _cx: &Context) -> bool {
        self.is_ready()
    }

    fn unwatch(&self, _oper: Operation, _cx: &Context) {}

    fn deadline(&self) -> Option<Instant> {
        // A hint; a select re-checks with `try_select`.
        self.schedule.next_delivery()
    }
}
