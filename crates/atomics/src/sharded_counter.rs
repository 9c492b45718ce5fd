//! A `u64` counter split over cache-padded shards, one per thread.
//!
//! Models: `tests/models.rs`, module `sharded_counter` (loom);
//! `tests/shuttle_models.rs`,
//! `takes_racing_four_adders_on_two_shards_lose_nothing`.

use core::fmt;

use crossbeam_utils::CachePadded;
use fearless_core::SharedCounter;
use fearless_core::sync::atomic::{AtomicU64, Ordering};

/// A monotonic `u64` counter whose increments from different threads touch
/// different cache lines.
///
/// The counter holds several shards, each an atomic word padded to its own
/// cache line ([`CachePadded`]). Every thread is mapped to one shard (by
/// [`fearless_core::thread_index`], which numbers threads in the order they
/// first ask), so two threads that add at the same time on different cores
/// usually write to different lines and never wait for each other.
/// [`get`](Self::get) pays instead: it sums every shard.
///
/// Use it for hot counters updated from many threads (requests served, bytes
/// copied); a plain [`Counter`](crate::Counter) is smaller and reads faster
/// when updates are rare or come from one thread.
///
/// # Orderings
/// Every operation is `Relaxed`. Each shard is updated only by atomic
/// read-modify-writes, so no add is lost whatever the ordering, and the
/// counter publishes no other data. A reader that must see every add of some
/// threads joins them first; the join is the happens-before edge. A `get`
/// that runs while adders run sums the shards one by one, so it returns at
/// least every add that happened before it and at most every add that
/// started before it returned (the [`SharedCounter`] guarantee), but it is
/// not a snapshot of one instant.
///
/// ```
/// use fearless_atomics::ShardedCounter;
///
/// let hits = ShardedCounter::new();
/// std::thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| {
///             for _ in 0..1000 {
///                 hits.inc();
///             }
///         });
///     }
/// });
/// assert_eq!(hits.get(), 4000);
/// ```
pub struct ShardedCounter {
    shards: Box<[CachePadded<AtomicU64>]>,
    /// `shards - 1` when the count is a power of two (index by mask), else
    /// `usize::MAX` (index by remainder).
    mask: usize,
}

/// The error of [`ShardedCounter::with_shards(0)`](ShardedCounter::with_shards):
/// a counter needs at least one shard.
///
/// ```
/// use fearless_atomics::{ShardedCounter, ZeroShards};
///
/// assert_eq!(ShardedCounter::with_shards(0).err(), Some(ZeroShards));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZeroShards;

impl fmt::Display for ZeroShards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sharded counter needs at least one shard")
    }
}

impl std::error::Error for ZeroShards {}

impl ShardedCounter {
    /// A counter at zero with four shards per available hardware thread,
    /// rounded up to a power of two (eight shards on a two-core machine).
    ///
    /// More shards than cores keeps threads that the scheduler moves between
    /// cores, or more threads than cores, from sharing a shard. If the
    /// parallelism cannot be queried, one core is assumed. Under the model
    /// checkers (`cfg(loom)`, which `cargo xtask shuttle` also sets) two
    /// shards, whatever the machine: a model's state space does not depend
    /// on the cores of the machine that runs it, and a model's threads
    /// share shards as soon as there are three of them.
    ///
    /// ```
    /// use fearless_atomics::ShardedCounter;
    ///
    /// let c = ShardedCounter::new();
    /// assert!(c.shards() >= 4);
    /// assert!(c.shards().is_power_of_two());
    /// ```
    pub fn new() -> Self {
        if cfg!(loom) {
            return Self::build(2);
        }
        let cores = fearless_core::sync::thread::available_parallelism().map_or(1, |n| n.get());
        let shards = cores.saturating_mul(4).checked_next_power_of_two();
        // Capped so that an absurd core count cannot make `get` crawl.
        Self::build(shards.unwrap_or(1024).min(1024))
    }

    /// A counter at zero with exactly `shards` shards, or [`ZeroShards`] if
    /// `shards == 0`.
    ///
    /// Threads map to shards by `thread number % shards`; a power of two
    /// makes that a mask instead of a division.
    ///
    /// ```
    /// use fearless_atomics::ShardedCounter;
    ///
    /// let c = ShardedCounter::with_shards(3)?;
    /// assert_eq!(c.shards(), 3);
    /// c.add(5);
    /// assert_eq!(c.get(), 5);
    /// # Ok::<(), fearless_atomics::ZeroShards>(())
    /// ```
    pub fn with_shards(shards: usize) -> Result<Self, ZeroShards> {
        if shards == 0 {
            Err(ZeroShards)
        } else {
            Ok(Self::build(shards))
        }
    }

    fn build(shards: usize) -> Self {
        Self {
            shards: (0..shards)
                .map(|_| CachePadded::new(AtomicU64::new(0)))
                .collect(),
            mask: if shards.is_power_of_two() {
                shards - 1
            } else {
                usize::MAX
            },
        }
    }

    /// The number of shards.
    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    /// The calling thread's shard.
    #[inline]
    fn shard(&self) -> &AtomicU64 {
        let slot = fearless_core::thread_index();
        let index = if self.mask != usize::MAX {
            slot & self.mask
        } else {
            slot % self.shards.len()
        };
        &self.shards[index]
    }

    /// Adds one.
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Adds `n` to the calling thread's shard, wrapping on overflow of `u64`
    /// (the total then wraps too, exactly as a single word would).
    #[inline]
    pub fn add(&self, n: u64) {
        // Relaxed: an atomic RMW loses no add whatever its ordering, and the
        // counter publishes nothing else.
        self.shard().fetch_add(n, Ordering::Relaxed);
    }

    /// The sum of all shards (wrapping), read one shard after another.
    #[inline]
    pub fn get(&self) -> u64 {
        self.shards.iter().fold(0u64, |sum, shard| {
            // Relaxed: see the type's docs; a join gives readers their edge.
            sum.wrapping_add(shard.load(Ordering::Relaxed))
        })
    }

    /// Reads and resets every shard, returning the total taken.
    ///
    /// Each shard is swapped with zero atomically, so an add that races with
    /// `take` is counted either in this total or in a later one, never in
    /// both and never lost. The shards are not all reset at one instant.
    ///
    /// ```
    /// use fearless_atomics::ShardedCounter;
    ///
    /// let c = ShardedCounter::new();
    /// c.add(7);
    /// assert_eq!(c.take(), 7);
    /// assert_eq!(c.get(), 0);
    /// ```
    pub fn take(&self) -> u64 {
        self.shards.iter().fold(0u64, |sum, shard| {
            // Relaxed: the swap is atomic, which is all that exactly-once
            // accounting needs.
            sum.wrapping_add(shard.swap(0, Ordering::Relaxed))
        })
    }

    /// Resets the counter to zero (a [`take`](Self::take) that discards).
    pub fn reset(&self) {
        self.take();
    }
}

impl Default for ShardedCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ShardedCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardedCounter")
            .field("shards", &self.shards.len())
            .field("value", &self.get())
            .finish()
    }
}

impl SharedCounter for ShardedCounter {
    fn add(&self, n: u64) {
        ShardedCounter::add(self, n);
    }

    fn get(&self) -> u64 {
        ShardedCounter::get(self)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn zero_shards_is_an_error() {
        assert_eq!(ShardedCounter::with_shards(0).err(), Some(ZeroShards));
        assert_eq!(
            ZeroShards.to_string(),
            "a sharded counter needs at least one shard"
        );
    }
}
