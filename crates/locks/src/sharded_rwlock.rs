//! A reader-writer lock whose reads scale with cores.
//!
//! Models: `tests/models.rs` (`sharded_*`, loom); `tests/shuttle_models.rs`
//! (`sharded_rwlock_*`, shuttle).
//!
//! # Design
//! The lock is an array of cache-padded raw reader-writer locks (shards),
//! one word each, plus the data. A reader takes the shared lock of *its own*
//! shard only, picked by a per-thread number, so readers on different cores
//! never write to the same cache line and read throughput grows with the
//! number of cores. A writer takes the exclusive lock of *every* shard, in
//! index order (so two writers cannot deadlock), which excludes every reader
//! whatever its shard; writes therefore cost one lock per shard.
//!
//! The invariant: the data is written only while every shard is held
//! exclusively, and read only while at least one shard is held shared. The
//! shard locks' acquire/release provide the happens-before between a
//! writer's writes and later readers.
//!
//! This is the design of crossbeam's `ShardedLock`; the differences are raw
//! parking_lot shards (no per-shard guard to store, one CAS per read) and a
//! shard count from the core count.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use crossbeam_utils::CachePadded;
use fearless_core::ReadWriteLock;
use fearless_core::sync::cell::UnsafeCell;
use fearless_core::thread_index;

use crate::poison::PoisonFlag;
use crate::shard_count::default_shards;
use crate::shard_lock::{ShardLock, new_shard_lock};

#[cfg(not(any(loom, miri)))]
use lock_api::{RawRwLock as _, RawRwLockTimed as _};

/// A reader-writer lock with one lock per shard: readers lock only their
/// own shard and scale with cores, writers lock every shard. The same API as
/// [`RwLock`](crate::RwLock) (without `upgradable_read`); best for data read
/// far more often than written.
///
/// ```
/// use fearless_locks::ShardedRwLock;
///
/// let routes = ShardedRwLock::new(vec!["/"]);
/// std::thread::scope(|s| {
///     for _ in 0..3 {
///         s.spawn(|| assert!(!routes.read().is_empty()));
///     }
///     s.spawn(|| routes.write().push("/health"));
/// });
/// assert_eq!(routes.read().len(), 2);
/// ```
pub struct ShardedRwLock<T> {
    shards: Box<[CachePadded<ShardLock>]>,
    poison: PoisonFlag,
    value: UnsafeCell<T>,
}

// SAFETY: the lock hands out `&T` to many threads at once (needs `T: Sync`)
// and `&mut T` to one thread at a time, possibly not the one that created it
// (needs `T: Send`), exactly as `RwLock<T>`.
unsafe impl<T: Send + Sync> Sync for ShardedRwLock<T> {}

/// Proof of shared access to a [`ShardedRwLock`]'s data; unlocks the reader's
/// shard when dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct ShardedRwLockReadGuard<'a, T> {
    lock: &'a ShardedRwLock<T>,
    shard: &'a ShardLock,
    // Unlock on the locking thread: parking_lot's raw locks expect it.
    _not_send: PhantomData<*const ()>,
}

/// Proof of exclusive access to a [`ShardedRwLock`]'s data; unlocks every
/// shard when dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct ShardedRwLockWriteGuard<'a, T> {
    lock: &'a ShardedRwLock<T>,
    _not_send: PhantomData<*const ()>,
}

// SAFETY: sharing the guard shares `&T` only.
unsafe impl<T: Sync> Sync for ShardedRwLockReadGuard<'_, T> {}
// SAFETY: sharing the guard shares `&T` only (`&mut T` needs `&mut guard`).
unsafe impl<T: Sync> Sync for ShardedRwLockWriteGuard<'_, T> {}

impl<T> ShardedRwLock<T> {
    /// A new, unlocked lock with a shard count fit for this machine (twice
    /// the cores, rounded up to a power of two, between 4 and 64).
    pub fn new(value: T) -> Self {
        Self::with_shards(value, default_shards())
    }

    /// A new lock with `shards` shards, rounded up to a power of two (and
    /// to at least one). More shards spread readers better and make writes
    /// slower.
    pub fn with_shards(value: T, shards: usize) -> Self {
        let n = shards.max(1).next_power_of_two();
        Self {
            shards: (0..n).map(|_| CachePadded::new(new_shard_lock())).collect(),
            poison: PoisonFlag::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// The number of shards.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    #[inline]
    fn my_shard(&self) -> &ShardLock {
        // The length is a power of two, so the mask is a cheap modulo.
        &self.shards[thread_index() & (self.shards.len() - 1)]
    }

    #[inline]
    fn read_guard<'a>(&'a self, shard: &'a ShardLock) -> ShardedRwLockReadGuard<'a, T> {
        ShardedRwLockReadGuard {
            lock: self,
            shard,
            _not_send: PhantomData,
        }
    }

    #[inline]
    fn write_guard(&self) -> ShardedRwLockWriteGuard<'_, T> {
        ShardedRwLockWriteGuard {
            lock: self,
            _not_send: PhantomData,
        }
    }

    /// Blocks until shared access is acquired: locks this thread's shard.
    #[inline]
    pub fn read(&self) -> ShardedRwLockReadGuard<'_, T> {
        let shard = self.my_shard();
        shard.lock_shared();
        self.read_guard(shard)
    }

    /// Acquires shared access if this thread's shard is free of writers now.
    #[inline]
    pub fn try_read(&self) -> Option<ShardedRwLockReadGuard<'_, T>> {
        let shard = self.my_shard();
        shard.try_lock_shared().then(|| self.read_guard(shard))
    }

    /// Tries to acquire shared access until `timeout` has elapsed.
    pub fn try_read_for(&self, timeout: Duration) -> Option<ShardedRwLockReadGuard<'_, T>> {
        let Some(deadline) = Instant::now().checked_add(timeout) else {
            return Some(self.read());
        };
        let shard = self.my_shard();
        shard
            .try_lock_shared_until(deadline)
            .then(|| self.read_guard(shard))
    }

    /// Blocks until exclusive access is acquired: locks every shard in
    /// order.
    pub fn write(&self) -> ShardedRwLockWriteGuard<'_, T> {
        for shard in self.shards.iter() {
            shard.lock_exclusive();
        }
        self.write_guard()
    }

    /// Acquires exclusive access if every shard is free right now; releases
    /// what it took and returns `None` otherwise.
    pub fn try_write(&self) -> Option<ShardedRwLockWriteGuard<'_, T>> {
        self.lock_all_or_none(|shard| shard.try_lock_exclusive())
    }

    /// Tries to acquire exclusive access until `timeout` has elapsed.
    pub fn try_write_for(&self, timeout: Duration) -> Option<ShardedRwLockWriteGuard<'_, T>> {
        let Some(deadline) = Instant::now().checked_add(timeout) else {
            return Some(self.write());
        };
        self.lock_all_or_none(|shard| shard.try_lock_exclusive_until(deadline))
    }

    fn lock_all_or_none(
        &self,
        mut try_lock: impl FnMut(&ShardLock) -> bool,
    ) -> Option<ShardedRwLockWriteGuard<'_, T>> {
        for (i, shard) in self.shards.iter().enumerate() {
            if !try_lock(shard) {
                for taken in &self.shards[..i] {
                    // SAFETY: we locked every shard before `i` exclusively
                    // in this loop and have not released them.
                    unsafe { taken.unlock_exclusive() };
                }
                return None;
            }
        }
        Some(self.write_guard())
    }

    /// Consumes the lock and returns the data.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// The data, through exclusive access: no locking needed.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    /// Whether a writer panicked while it held the lock (since the last
    /// [`clear_poison`](Self::clear_poison)). The data is still handed out.
    pub fn is_poisoned(&self) -> bool {
        self.poison.get()
    }

    /// Forgets that a writer panicked.
    pub fn clear_poison(&self) {
        self.poison.clear();
    }
}

impl<T> Deref for ShardedRwLockReadGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: this guard holds a shard shared, so no writer (which needs
        // every shard exclusively) exists while the reference lives.
        self.lock.value.with(|p| unsafe { &*p })
    }
}

impl<T> Drop for ShardedRwLockReadGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the guard was created after locking `shard` shared, and
        // each guard unlocks once.
        unsafe { self.shard.unlock_shared() };
    }
}

impl<T> Deref for ShardedRwLockWriteGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: this guard holds every shard exclusively: no other guard
        // exists.
        self.lock.value.with(|p| unsafe { &*p })
    }
}

impl<T> DerefMut for ShardedRwLockWriteGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`, and `&mut self` makes the reference unique
        // among this guard's borrows.
        self.lock.value.with_mut(|p| unsafe { &mut *p })
    }
}

impl<T> Drop for ShardedRwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.poison.mark_if_panicking();
        for shard in self.lock.shards.iter().rev() {
            // SAFETY: a write guard exists only after every shard was locked
            // exclusively, and each guard unlocks once.
            unsafe { shard.unlock_exclusive() };
        }
    }
}

impl<T> ReadWriteLock<T> for ShardedRwLock<T> {
    type ReadGuard<'a>
        = ShardedRwLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = ShardedRwLockWriteGuard<'a, T>
    where
        T: 'a;

    fn new(value: T) -> Self {
        ShardedRwLock::new(value)
    }

    #[inline]
    fn read(&self) -> Self::ReadGuard<'_> {
        ShardedRwLock::read(self)
    }

    #[inline]
    fn write(&self) -> Self::WriteGuard<'_> {
        ShardedRwLock::write(self)
    }

    #[inline]
    fn try_read(&self) -> Option<Self::ReadGuard<'_>> {
        ShardedRwLock::try_read(self)
    }

    #[inline]
    fn try_write(&self) -> Option<Self::WriteGuard<'_>> {
        ShardedRwLock::try_write(self)
    }

    fn try_read_for(&self, timeout: Duration) -> Option<Self::ReadGuard<'_>> {
        ShardedRwLock::try_read_for(self, timeout)
    }

    fn try_write_for(&self, timeout: Duration) -> Option<Self::WriteGuard<'_>> {
        ShardedRwLock::try_write_for(self, timeout)
    }

    fn into_inner(self) -> T {
        ShardedRwLock::into_inner(self)
    }

    fn get_mut(&mut self) -> &mut T {
        ShardedRwLock::get_mut(self)
    }
}

impl<T: Default> Default for ShardedRwLock<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for ShardedRwLock<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for ShardedRwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ShardedRwLock");
        match self.try_read() {
            Some(guard) => d.field("data", &&*guard),
            None => d.field("data", &format_args!("<locked>")),
        };
        d.field("shards", &self.shards.len())
            .field("poisoned", &self.is_poisoned())
            .finish()
    }
}

impl<T: fmt::Debug> fmt::Debug for ShardedRwLockReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Debug> fmt::Debug for ShardedRwLockWriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
