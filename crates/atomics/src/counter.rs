//! A monotonic `u64` counter on one atomic word.
//!
//! Models: `tests/models.rs`, module `counter`.

use fearless_core::SharedCounter;
use fearless_core::sync::atomic::{AtomicU64, Ordering};

/// A monotonic `u64` counter: one atomic word, updated with relaxed
/// read-modify-writes.
///
/// Cheap when one thread updates it; when many cores hit the same counter
/// the cache line bounces between them, and [`ShardedCounter`] scales better.
///
/// # Orderings
/// Every operation is `Relaxed`. A read-modify-write is atomic whatever its
/// ordering, so no increment is ever lost; the counter publishes no other
/// data, so it needs no happens-before edge of its own. A reader that must
/// see every increment of some threads joins them first, and the join gives
/// the edge.
///
/// [`ShardedCounter`]: https://docs.rs/fearless-atomics
///
/// ```
/// use fearless_atomics::Counter;
///
/// let c = Counter::new();
/// c.add(40);
/// c.inc();
/// c.inc();
/// assert_eq!(c.take(), 42);
/// assert_eq!(c.get(), 0);
/// ```
#[derive(Debug, Default)]
pub struct Counter {
    value: AtomicU64,
}

impl Counter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Adds `n`, wrapping on overflow of `u64`.
    #[inline]
    pub fn add(&self, n: u64) {
        self.value.fetch_add(n, Ordering::Relaxed);
    }

    /// The current value.
    #[inline]
    pub fn get(&self) -> u64 {
        self.value.load(Ordering::Relaxed)
    }

    /// Reads the value and resets it to zero in one atomic step, so an
    /// increment racing with `take` is counted either in the returned value
    /// or in the next one, never in both and never lost.
    #[inline]
    pub fn take(&self) -> u64 {
        self.value.swap(0, Ordering::Relaxed)
    }
}

impl SharedCounter for Counter {
    fn add(&self, n: u64) {
        Counter::add(self, n);
    }

    fn get(&self) -> u64 {
        Counter::get(self)
    }
}
