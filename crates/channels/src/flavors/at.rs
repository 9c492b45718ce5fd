//! The one-shot timer flavor behind [`after`](crate::after) and
//! [`at`](crate::at): a single message, the deadline itself, deliverable
//! once the deadline has passed.
//!
//! No thread and no waker: nobody sends, so a receiver waits for the clock
//! alone (a timed park), and a select that contains the timer wakes itself
//! at the timer's deadline (see [`SelectHandle::deadline`]).
//!
//! Invariant: `received` goes from `false` to `true` once, by the CAS of the
//! receiver that takes the message; after it, the channel is empty forever
//! (and never disconnected, as crossbeam-channel's).

use crate::context::{Context, Operation, sleep_until};
use crate::err::{RecvTimeoutError, TryRecvError};
use crate::select::{SelectHandle, Token};
use fearless_core::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A timer that delivers one message at `when`.
pub(crate) struct Channel<T> {
    when: Instant,
    /// Whether the message has been taken.
    received: AtomicBool,
    /// Turns the delivery time into the message (the identity for the
    /// `Receiver<Instant>` that `after`/`at` return; a function pointer
    /// keeps the flavor generic without an unsafe cast).
    make: fn(Instant) -> T,
}

impl<T> Channel<T> {
    pub(crate) fn new(when: Instant, make: fn(Instant) -> T) -> Self {
        Channel {
            when,
            received: AtomicBool::new(false),
            make,
        }
    }

    /// Takes the message if it is due and nobody took it.
    fn try_take(&self) -> Option<Instant> {
        // Relaxed: the flag guards no other data (the message is `when`,
        // immutable); the CAS alone decides who takes it.
        if self.received.load(Ordering::Relaxed) || Instant::now() < self.when {
            return None;
        }
        // Relaxed: as above.
        self.received
            .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
            .ok()
            .map(|_| self.when)
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        self.try_take().map(self.make).ok_or(TryRecvError::Empty)
    }

    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
        loop {
            // Relaxed: as in `try_take`.
            if self.received.load(Ordering::Relaxed) {
                // Taken: nothing will ever come.
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            }
            if let Some(when) = self.try_take() {
                return Ok((self.make)(when));
            }
            if Instant::now() >= self.when {
                // Another receiver won the message just now.
                continue;
            }
            if deadline.is_some_and(|d| d < self.when) {
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            }
            sleep_until(Some(self.when));
        }
    }

    /// Completes a receive reserved by select.
    pub(crate) fn read(&self, token: &mut Token) -> Result<T, ()> {
        token.timer.take().map(self.make).ok_or(())
    }

    pub(crate) fn is_ready(&self) -> bool {
        // Relaxed: a snapshot.
        !self.received.load(Ordering::Relaxed) && Instant::now() >= self.when
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.is_ready())
    }
}

impl<T> SelectHandle for Channel<T> {
    fn try_select(&self, token: &mut Token) -> bool {
        token.timer = self.try_take();
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
        // Relaxed: a hint; a select re-checks with `try_select`.
        (!self.received.load(Ordering::Relaxed)).then_some(self.when)
    }
}
