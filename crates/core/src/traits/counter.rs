//! A counter that many threads add to at once.
//!
//! Models: `tests/models.rs`, module `counter`.

use crate::sync::Mutex;
use crate::sync::atomic::{AtomicU64, Ordering};

/// A `u64` counter shared by many threads: the behaviour common to a plain
/// atomic, a lock around an integer, and `fearless-atomics`' `Counter` and
/// `ShardedCounter`.
///
/// Named `SharedCounter` so that it never clashes with the concrete
/// `fearless_atomics::Counter` type in a `use` list.
///
/// # Guarantees
/// - No `add` is ever lost: once every adding thread has been joined (or has
///   otherwise happened-before the reader), [`get`](Self::get) returns exactly
///   the sum of everything added, wrapping on overflow of `u64`.
/// - A `get` that runs concurrently with adds returns a value that is at
///   least the sum of the adds that happened-before it and at most the sum of
///   all adds that started before it returned. It is not necessarily a
///   linearizable snapshot (a sharded counter sums its shards one by one).
/// - An implementation never blocks forever and never panics on `add`.
///
/// ```
/// use fearless_core::SharedCounter;
/// use fearless_core::sync::atomic::AtomicU64;
///
/// fn hit<C: SharedCounter>(c: &C) {
///     c.add(2);
///     c.inc();
/// }
///
/// let c = AtomicU64::new(0);
/// hit(&c);
/// assert_eq!(SharedCounter::get(&c), 3);
/// ```
pub trait SharedCounter: Send + Sync {
    /// Adds `n`, wrapping on overflow.
    fn add(&self, n: u64);

    /// Adds one.
    fn inc(&self) {
        self.add(1);
    }

    /// The current total (see the trait's guarantees for concurrent reads).
    fn get(&self) -> u64;
}

impl SharedCounter for AtomicU64 {
    fn add(&self, n: u64) {
        // Relaxed: the read-modify-write is atomic whatever the ordering, so
        // no add is lost; a counter publishes no other data.
        self.fetch_add(n, Ordering::Relaxed);
    }

    fn get(&self) -> u64 {
        // Relaxed suffices: a reader that joined the adders already has a
        // happens-before edge from the join itself.
        self.load(Ordering::Relaxed)
    }
}

impl SharedCounter for Mutex<u64> {
    fn add(&self, n: u64) {
        // Poisoning cannot leave a `u64` half-written: recover and go on.
        let mut guard = self.lock().unwrap_or_else(|e| e.into_inner());
        *guard = guard.wrapping_add(n);
    }

    fn get(&self) -> u64 {
        *self.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(feature = "parking_lot")]
impl SharedCounter for parking_lot::Mutex<u64> {
    fn add(&self, n: u64) {
        let mut guard = self.lock();
        *guard = guard.wrapping_add(n);
    }

    fn get(&self) -> u64 {
        *self.lock()
    }
}
