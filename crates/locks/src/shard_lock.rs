//! The raw reader-writer lock of one [`ShardedRwLock`](crate::ShardedRwLock)
//! shard: parking_lot's raw lock normally, a small modelled spin lock under
//! loom (parking_lot's internals are invisible to loom).
//!
//! Both expose the same method names (lock_api's), so the sharded lock's
//! code is the same in both builds. A raw lock is used rather than a guard
//! per shard so that a writer, which holds every shard, needs no vector of
//! guards: it unlocks the shards by index when its single guard drops.

#[cfg(not(loom))]
pub(crate) use parking_lot::RawRwLock as ShardLock;

#[cfg(not(loom))]
pub(crate) fn new_shard_lock() -> ShardLock {
    use lock_api::RawRwLock as _;
    ShardLock::INIT
}

#[cfg(loom)]
pub(crate) use modelled::ShardLock;

#[cfg(loom)]
pub(crate) fn new_shard_lock() -> ShardLock {
    ShardLock::new()
}

#[cfg(loom)]
mod modelled {
    use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    use fearless_core::sync::hint::spin_loop;
    use std::time::Instant;

    /// Held exclusively.
    const WRITER: usize = usize::MAX;

    /// A spin reader-writer lock on one atomic word: the number of readers,
    /// or [`WRITER`]. Only for loom models, whose `spin_loop` yields to the
    /// scheduler.
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
                spin_loop();
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

        /// loom has no clock: one attempt.
        pub(crate) fn try_lock_exclusive_until(&self, _deadline: Instant) -> bool {
            self.try_lock_exclusive()
        }

        /// loom has no clock: one attempt.
        pub(crate) fn try_lock_shared_until(&self, _deadline: Instant) -> bool {
            self.try_lock_shared()
        }

        pub(crate) fn lock_exclusive(&self) {
            while !self.try_lock_exclusive() {
                spin_loop();
            }
        }

        /// # Safety
        /// The caller holds the exclusive lock.
        pub(crate) unsafe fn unlock_exclusive(&self) {
            // Release: our writes happen-before the next acquirer's reads.
            self.state.store(0, Ordering::Release);
        }
    }
}
