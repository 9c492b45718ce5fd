//! Counting the handles of each side, to know when a side is gone.
//!
//! Every [`Sender`](crate::Sender) and [`Receiver`](crate::Receiver) holds an
//! `Arc<Counter<Channel>>`. The `Arc` frees the channel (and drops any
//! message still in it) when the last handle of either kind goes; the two
//! counters tell the channel when the last handle of *one* kind goes, which
//! is when it must disconnect.
//!
//! Models: `tests/models.rs` (`disconnect_*`,
//! `buffered_messages_dropped_exactly_once`).

use fearless_core::sync::Arc;
use fearless_core::sync::atomic::{AtomicUsize, Ordering};

/// A channel plus its sender and receiver counts.
pub(crate) struct Counter<C> {
    senders: AtomicUsize,
    receivers: AtomicUsize,
    pub(crate) chan: C,
}

impl<C> Counter<C> {
    /// A channel with one sender and one receiver.
    pub(crate) fn new(chan: C) -> Arc<Counter<C>> {
        Arc::new(Counter {
            senders: AtomicUsize::new(1),
            receivers: AtomicUsize::new(1),
            chan,
        })
    }

    /// Counts one more sender (cloned from a live one).
    pub(crate) fn acquire_sender(&self) {
        // Relaxed: the new handle is cloned from a live one, so the count is
        // at least one throughout; no data is published (as in `Arc::clone`).
        let old = self.senders.fetch_add(1, Ordering::Relaxed);
        assert!(old < isize::MAX as usize, "too many senders");
    }

    /// Counts one sender fewer; `true` if it was the last.
    pub(crate) fn release_sender(&self) -> bool {
        // AcqRel: every sender's operations happen-before the last one's
        // disconnect (as in `Arc::drop`).
        self.senders.fetch_sub(1, Ordering::AcqRel) == 1
    }

    /// Counts one more receiver (cloned from a live one).
    pub(crate) fn acquire_receiver(&self) {
        // Relaxed: as in `acquire_sender`.
        let old = self.receivers.fetch_add(1, Ordering::Relaxed);
        assert!(old < isize::MAX as usize, "too many receivers");
    }

    /// Counts one receiver fewer; `true` if it was the last.
    pub(crate) fn release_receiver(&self) -> bool {
        // AcqRel: every receiver's operations (moves of `head`) happen-before
        // the last one's disconnect, which drains the buffer.
        self.receivers.fetch_sub(1, Ordering::AcqRel) == 1
    }
}
