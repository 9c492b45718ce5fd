//! The one-shot schedule behind [`after`](crate::after) and
//! [`at`](crate::at): a single delivery, the deadline itself, takeable once
//! the deadline has passed. The channel around it is `timer.rs`.
//!
//! Invariant: `received` goes from `false` to `true` once, by the CAS of the
//! receiver that takes the delivery; after it, the channel is empty forever
//! (and never disconnected, as crossbeam-channel's).

use super::timer::{self, Schedule};
use crate::deadline::sleep_until;
use crate::err::RecvTimeoutError;
use fearless_core::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A timer that delivers one message at its deadline.
pub(crate) type Channel<T> = timer::Channel<OneShot, T>;

/// One delivery at `when`.
pub(crate) struct OneShot {
    when: Instant,
    /// Whether the delivery has been taken.
    received: AtomicBool,
}

impl OneShot {
    pub(crate) fn new(when: Instant) -> Self {
        OneShot {
            when,
            received: AtomicBool::new(false),
        }
    }
}

impl Schedule for OneShot {
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

    fn next_delivery(&self) -> Option<Instant> {
        // Relaxed: as in `try_take`; a snapshot.
        (!self.received.load(Ordering::Relaxed)).then_some(self.when)
    }

    fn recv(&self, deadline: Option<Instant>) -> Result<Instant, RecvTimeoutError> {
        loop {
            // Relaxed: as in `try_take`.
            if self.received.load(Ordering::Relaxed) {
                // Taken: nothing will ever come.
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            }
            if let Some(when) = self.try_take() {
                return Ok(when);
            }
            if Instant::now() >= self.when {
                // Another receiver won the delivery just now.
                continue;
            }
            if deadline.is_some_and(|d| d < self.when) {
                sleep_until(deadline);
                return Err(RecvTimeoutError::Timeout);
            }
            sleep_until(Some(self.when));
        }
    }
}
