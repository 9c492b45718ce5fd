//! The admission gate: decides, atomically with respect to shutdown, whether
//! a job is accepted, and lets shutdown wait until every accepted job is in
//! the queue.
//!
//! One atomic word holds a `CLOSED` bit and the number of submitters that
//! have been admitted but have not yet finished putting their job in the
//! queue. Admission is a compare-and-swap that increments the count only if
//! `CLOSED` is clear; closing is a `fetch_or` of `CLOSED`. Both are
//! read-modify-writes of the same word, so they are totally ordered: a
//! submitter admitted before the close is counted (and shutdown waits for
//! it); one that comes after sees `CLOSED` and is turned away. No job slips
//! in after shutdown starts, and no admitted job is forgotten.
//!
//! Models: `src/pool/models.rs`
//! (`pool_shutdown_racing_with_submit_loses_no_job`, loom).

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Condvar, Mutex};

const CLOSED: usize = 1 << (usize::BITS - 1);

pub(crate) struct Gate {
    /// `CLOSED` | number of admitted submitters still sending.
    state: AtomicUsize,
    /// Guards the sleep of `close_and_drain` against a lost wake-up.
    lock: Mutex<()>,
    drained: Condvar,
}

impl Gate {
    pub(crate) fn new() -> Self {
        Self {
            state: AtomicUsize::new(0),
            lock: Mutex::new(()),
            drained: Condvar::new(),
        }
    }

    /// Admits one submitter, unless the gate is closed. An admitted submitter
    /// must call [`leave`](Self::leave) once its job is in the queue (or
    /// handed back).
    pub(crate) fn enter(&self) -> bool {
        // Relaxed: admission publishes nothing; what matters is only that
        // this RMW and the closing `fetch_or` are ordered in the word's
        // modification order, which holds for any ordering.
        let mut seen = self.state.load(Ordering::Relaxed);
        loop {
            if seen & CLOSED != 0 {
                return false;
            }
            // The count cannot reach `CLOSED`: that would take 2^63
            // concurrent submitters.
            match self.state.compare_exchange_weak(
                seen,
                seen + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(now) => seen = now,
            }
        }
    }

    /// Marks an admitted submitter as done sending.
    pub(crate) fn leave(&self) {
        // Release: synchronizes with the Acquire load in `close_and_drain`,
        // so the job's send happens-before the stop messages that shutdown
        // sends after seeing the count reach zero.
        let before = self.state.fetch_sub(1, Ordering::Release);
        if before == CLOSED | 1 {
            // The last submitter out after the close: wake shutdown. Taking
            // the lock orders this wake-up after shutdown's check-then-wait.
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.drained.notify_all();
        }
    }

    /// Whether the gate is closed.
    pub(crate) fn is_closed(&self) -> bool {
        // Relaxed: an advisory snapshot; no data is read on its strength.
        self.state.load(Ordering::Relaxed) & CLOSED != 0
    }

    /// Closes the gate and waits until every admitted submitter has left.
    /// Returns whether this call was the one that closed it.
    pub(crate) fn close_and_drain(&self) -> bool {
        // Relaxed: ordering against submitters comes from the RMW order
        // (see the module docs) and from the Acquire load below, which reads
        // the end of a release sequence that this RMW continues.
        let before = self.state.fetch_or(CLOSED, Ordering::Relaxed);
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        // Acquire: pairs with the Release `fetch_sub` of every leaver, so
        // their sends happen-before whatever the caller does next.
        while self.state.load(Ordering::Acquire) != CLOSED {
            guard = self.drained.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
        before & CLOSED == 0
    }
}
