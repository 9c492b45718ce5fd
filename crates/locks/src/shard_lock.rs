//! The raw reader-writer lock of one [`ShardedRwLock`](crate::ShardedRwLock)
//! shard: parking_lot's raw lock normally, a small spin lock on the shim's
//! atomics under loom (parking_lot's internals are invisible to loom) and
//! under Miri (parking_lot_core's parking queue casts integers to pointers,
//! which Miri's strict-provenance mode rejects).
//!
//! Models: the `ShardedRwLock` models (`tests/models.rs`, `sharded_*`) run
//! on this lock under loom.
//!
//! Both expose the same method names (lock_api's), so the sharded lock's
//! code is the same in both builds. A raw lock is used rather than a guard
//! per shard so that a writer, which holds every shard, needs no vector of
//! guards: it unlocks the shards by index when its single guard drops.

#[cfg(not(any(loom, miri)))]
pub(crate) use parking_lot::RawRwLock as ShardLock;

#[cfg(not(any(loom, miri)))]
pub(crate) fn new_shard_lock() -> ShardLock {
    use lock_api::RawRwLock as _;
    ShardLock::INIT
}

#[cfg(any(loom, miri))]
pub(crate) use spin::ShardLock;

#[cfg(any(loom, miri))]
pub(crate) fn new_shard_lock() -> ShardLock {
    ShardLock::new()
}

#[cfg(any(loom, miri))]
mod spin {
    use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    use fearless_core::sync::thread::yield_now;
    use std::time::Instant;

    /// Held exclusively.
    const WRITER: usize = usize::MAX;

    /// A spin reader-writer lock on one atomic word: the number of readers,
    /// or [`WRITER`]. Only for loom models and Miri; it yields while it
    /// waits, so both schedulers run the holder.
    #[derive(Debug)]
    pub(crate) struct ShardLock {
        state: AtomicUsize,
    }

    impl ShardLock {
        pub(crate) fn new() -> Self {
            Self {
                state: AtomicUsize::new(0),
            }
        }

        pub(crate) fn try_lock_shared(&self) -> bool {
            // Relaxed: only a hint for the CAS below.
            let mut s = self.state.load(Ordering::Relaxed);
            while s != WRITER {
                // Acquire: pairs with the writer's release in
                // `unlock_exclusive`, so its writes are visible to us.
                match self.state.compare_exchange_weak(
                    s,
                    s + 1,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => return true,
                    Err(now) => s = now,
                }
            }
            false
        }

        pub(crate) fn lock_shared(&self) {
            while !self.try_lock_shared() {
                yield_now();
            }
        }

        /// # Safety
        /// The caller holds a shared lock.
        pub(crate) unsafe fn unlock_shared(&self) {
            // Release: our reads happen-before the next writer's writes.
            self.state.fetch_sub(1, Ordering::Release);
        }

        pub(crate) fn try_lock_exclusive(&self) -> bool {
            // Acquire: pairs with the release of the last reader or writer.
            self.state
                .compare_exchange(0, WRITER, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
        }

        /// A single attempt (loom has no clock; Miri needs none).
        pub(crate) fn try_lock_exclusive_until(&self, _deadline: Instant) -> bool {
            self.try_lock_exclusive()
        }

        /// A single attempt (loom has no clock; Miri needs none).
        pub(crate) fn try_lock_shared_until(&self, _deadline: Instant) -> bool {
            self.try_lock_shared()
        }

        pub(crate) fn lock_exclusive(&self) {
            while !self.try_lock_exclusive() {
                yield_now();
            }
        }

        /// # Safety
        /// The caller holds the exclusive lock.
        pub(crate) unsafe fn unlock_exclusive(&self) {
            // Release: our writes happen-before the next acquirer's reads.
            // A swap, not a store: loom 0.7 mishandles a plain store racing
            // with compare-and-swaps on the same atomic (tokio-rs/loom#252).
            self.state.swap(0, Ordering::Release);
        }
    }
}
