//! Mutual-exclusion and reader-writer locks.
//!
//! Models: `tests/models.rs`, module `lock`.
//!
//! Implemented here for the shim's `Mutex`/`RwLock` (std's normally, loom's
//! under `--cfg loom`) and, with the `parking_lot` feature, for
//! parking_lot's; `fearless-locks` implements them for its own types.
//!
//! # Poisoning
//! std's locks are poisoned when a holder panics. The implementations here
//! recover the data and go on (`PoisonError::into_inner`): a panic is not
//! turned into a second panic in every later user. Code that needs to know
//! whether a holder panicked asks the concrete type (`is_poisoned` on std's
//! locks and on `fearless_locks`' facade).

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use crate::sync::{Mutex, PoisonError, RwLock, TryLockError};

/// A mutual-exclusion lock around a `T`: the behaviour common to std's and
/// parking_lot's `Mutex`, loom's, and `fearless_locks::Mutex`.
///
/// # Guarantees
/// - At most one guard of a lock exists at a time; the guard gives `&mut T`.
/// - Everything written through a guard happens-before whatever the next
///   holder reads through its guard (unlock releases, lock acquires).
/// - [`lock`](Self::lock) blocks until the lock is free; it never fails and
///   never panics, whatever happened to earlier holders (see the module's
///   poisoning policy). [`try_lock`](Self::try_lock) never blocks.
///
/// ```
/// use fearless_core::Lock;
/// use fearless_core::sync::Mutex;
///
/// fn bump<L: Lock<u64>>(lock: &L) -> u64 {
///     let mut guard = lock.lock();
///     *guard += 1;
///     *guard
/// }
///
/// let m: Mutex<u64> = Lock::new(41);
/// assert_eq!(bump(&m), 42);
/// assert_eq!(Lock::into_inner(m), 42);
/// ```
pub trait Lock<T> {
    /// Proof of exclusive access; unlocks when dropped.
    type Guard<'a>: DerefMut<Target = T>
    where
        Self: 'a;

    /// A new, unlocked lock around `value`.
    fn new(value: T) -> Self
    where
        Self: Sized;

    /// Blocks until the lock is acquired.
    fn lock(&self) -> Self::Guard<'_>;

    /// Acquires the lock if it is free right now.
    fn try_lock(&self) -> Option<Self::Guard<'_>>;

    /// Tries to acquire the lock until `timeout` has elapsed.
    ///
    /// The default retries [`try_lock`](Self::try_lock) with a backoff
    /// (spin, then yield) until the deadline; backends with a native timed
    /// lock override it. Under loom, which has no clock, the default makes a
    /// few attempts and gives up.
    fn try_lock_for(&self, timeout: Duration) -> Option<Self::Guard<'_>> {
        retry_until(timeout, || self.try_lock())
    }

    /// Consumes the lock and returns the data.
    fn into_inner(self) -> T
    where
        Self: Sized;

    /// The data, through exclusive access to the lock: no locking needed.
    fn get_mut(&mut self) -> &mut T;
}

/// A reader-writer lock around a `T`: many readers or one writer. The
/// behaviour common to std's and parking_lot's `RwLock`, loom's, crossbeam's
/// `ShardedLock` (through a wrapper), and `fearless_locks`' `RwLock` and
/// `ShardedRwLock`.
///
/// # Guarantees
/// - A write guard excludes every other guard; read guards exclude only
///   write guards.
/// - Everything written through a write guard happens-before whatever a
///   later reader or writer reads.
/// - [`read`](Self::read) and [`write`](Self::write) block until they
///   succeed and never panic (see the module's poisoning policy); the `try_`
///   forms never block. Whether waiting writers are preferred over new
///   readers is the backend's policy.
///
/// ```
/// use fearless_core::ReadWriteLock;
/// use fearless_core::sync::RwLock;
///
/// fn total<L: ReadWriteLock<Vec<u32>>>(lock: &L) -> u32 {
///     lock.read().iter().sum()
/// }
///
/// let l: RwLock<Vec<u32>> = ReadWriteLock::new(vec![1, 2]);
/// ReadWriteLock::write(&l).push(3);
/// assert_eq!(total(&l), 6);
/// ```
pub trait ReadWriteLock<T> {
    /// Proof of shared access; releases it when dropped.
    type ReadGuard<'a>: Deref<Target = T>
    where
        Self: 'a;
    /// Proof of exclusive access; releases it when dropped.
    type WriteGuard<'a>: DerefMut<Target = T>
    where
        Self: 'a;

    /// A new, unlocked lock around `value`.
    fn new(value: T) -> Self
    where
        Self: Sized;

    /// Blocks until shared access is acquired.
    fn read(&self) -> Self::ReadGuard<'_>;

    /// Blocks until exclusive access is acquired.
    fn write(&self) -> Self::WriteGuard<'_>;

    /// Acquires shared access if it is available right now.
    fn try_read(&self) -> Option<Self::ReadGuard<'_>>;

    /// Acquires exclusive access if it is available right now.
    fn try_write(&self) -> Option<Self::WriteGuard<'_>>;

    /// Tries to acquire shared access until `timeout` has elapsed (by
    /// default: [`try_read`](Self::try_read) with backoff, as
    /// [`Lock::try_lock_for`]).
    fn try_read_for(&self, timeout: Duration) -> Option<Self::ReadGuard<'_>> {
        retry_until(timeout, || self.try_read())
    }

    /// Tries to acquire exclusive access until `timeout` has elapsed (by
    /// default: [`try_write`](Self::try_write) with backoff, as
    /// [`Lock::try_lock_for`]).
    fn try_write_for(&self, timeout: Duration) -> Option<Self::WriteGuard<'_>> {
        retry_until(timeout, || self.try_write())
    }

    /// Consumes the lock and returns the data.
    fn into_inner(self) -> T
    where
        Self: Sized;

    /// The data, through exclusive access to the lock: no locking needed.
    fn get_mut(&mut self) -> &mut T;
}

/// Calls `attempt` until it succeeds or `timeout` has elapsed: a few spins,
/// then yields, so a short wait stays cheap and a long one leaves the core to
/// the holder. Under loom (no clock) it makes a bounded number of attempts.
pub fn retry_until<G>(timeout: Duration, mut attempt: impl FnMut() -> Option<G>) -> Option<G> {
    if let Some(g) = attempt() {
        return Some(g);
    }
    #[cfg(loom)]
    {
        let _ = timeout;
        crate::sync::thread::yield_now();
        attempt()
    }
    #[cfg(not(loom))]
    {
        let deadline = std::time::Instant::now().checked_add(timeout);
        let mut step = 0u32;
        loop {
            if step < 6 {
                for _ in 0..(1u32 << step) {
                    crate::sync::hint::spin_loop();
                }
                step += 1;
            } else {
                crate::sync::thread::yield_now();
            }
            if let Some(g) = attempt() {
                return Some(g);
            }
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return None;
            }
        }
    }
}

fn recover<G>(r: Result<G, PoisonError<G>>) -> G {
    r.unwrap_or_else(PoisonError::into_inner)
}

fn recover_try<G>(r: Result<G, TryLockError<G>>) -> Option<G> {
    match r {
        Ok(g) => Some(g),
        Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    }
}

impl<T> Lock<T> for Mutex<T> {
    type Guard<'a>
        = crate::sync::MutexGuard<'a, T>
    where
        T: 'a;

    #[inline]
    fn new(value: T) -> Self {
        Mutex::new(value)
    }

    #[inline]
    fn lock(&self) -> Self::Guard<'_> {
        recover(Mutex::lock(self))
    }

    #[inline]
    fn try_lock(&self) -> Option<Self::Guard<'_>> {
        recover_try(Mutex::try_lock(self))
    }

    fn into_inner(self) -> T {
        recover(Mutex::into_inner(self))
    }

    fn get_mut(&mut self) -> &mut T {
        recover(Mutex::get_mut(self))
    }
}

impl<T> ReadWriteLock<T> for RwLock<T> {
    type ReadGuard<'a>
        = crate::sync::RwLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = crate::sync::RwLockWriteGuard<'a, T>
    where
        T: 'a;

    #[inline]
    fn new(value: T) -> Self {
        RwLock::new(value)
    }

    #[inline]
    fn read(&self) -> Self::ReadGuard<'_> {
        recover(RwLock::read(self))
    }

    #[inline]
    fn write(&self) -> Self::WriteGuard<'_> {
        recover(RwLock::write(self))
    }

    #[inline]
    fn try_read(&self) -> Option<Self::ReadGuard<'_>> {
        recover_try(RwLock::try_read(self))
    }

    #[inline]
    fn try_write(&self) -> Option<Self::WriteGuard<'_>> {
        recover_try(RwLock::try_write(self))
    }

    fn into_inner(self) -> T {
        recover(RwLock::into_inner(self))
    }

    fn get_mut(&mut self) -> &mut T {
        recover(RwLock::get_mut(self))
    }
}

#[cfg(feature = "parking_lot")]
impl<T> Lock<T> for parking_lot::Mutex<T> {
    type Guard<'a>
        = parking_lot::MutexGuard<'a, T>
    where
        T: 'a;

    #[inline]
    fn new(value: T) -> Self {
        parking_lot::Mutex::new(value)
    }

    #[inline]
    fn lock(&self) -> Self::Guard<'_> {
        parking_lot::Mutex::lock(self)
    }

    #[inline]
    fn try_lock(&self) -> Option<Self::Guard<'_>> {
        parking_lot::Mutex::try_lock(self)
    }

    #[inline]
    fn try_lock_for(&self, timeout: Duration) -> Option<Self::Guard<'_>> {
        parking_lot::Mutex::try_lock_for(self, timeout)
    }

    fn into_inner(self) -> T {
        parking_lot::Mutex::into_inner(self)
    }

    fn get_mut(&mut self) -> &mut T {
        parking_lot::Mutex::get_mut(self)
    }
}

#[cfg(feature = "parking_lot")]
impl<T> ReadWriteLock<T> for parking_lot::RwLock<T> {
    type ReadGuard<'a>
        = parking_lot::RwLockReadGuard<'a, T>
    where
        T: 'a;
    type WriteGuard<'a>
        = parking_lot::RwLockWriteGuard<'a, T>
    where
        T: 'a;

    #[inline]
    fn new(value: T) -> Self {
        parking_lot::RwLock::new(value)
    }

    #[inline]
    fn read(&self) -> Self::ReadGuard<'_> {
        parking_lot::RwLock::read(self)
    }

    #[inline]
    fn write(&self) -> Self::WriteGuard<'_> {
        parking_lot::RwLock::write(self)
    }

    #[inline]
    fn try_read(&self) -> Option<Self::ReadGuard<'_>> {
        parking_lot::RwLock::try_read(self)
    }

    #[inline]
    fn try_write(&self) -> Option<Self::WriteGuard<'_>> {
        parking_lot::RwLock::try_write(self)
    }

    #[inline]
    fn try_read_for(&self, timeout: Duration) -> Option<Self::ReadGuard<'_>> {
        parking_lot::RwLock::try_read_for(self, timeout)
    }

    #[inline]
    fn try_write_for(&self, timeout: Duration) -> Option<Self::WriteGuard<'_>> {
        parking_lot::RwLock::try_write_for(self, timeout)
    }

    fn into_inner(self) -> T {
        parking_lot::RwLock::into_inner(self)
    }

    fn get_mut(&mut self) -> &mut T {
        parking_lot::RwLock::get_mut(self)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::sync::{Arc, thread};

    #[test]
    fn poisoned_std_mutex_is_recovered() {
        let m = Arc::new(Mutex::new(1));
        let other = Arc::clone(&m);
        let _ = thread::spawn(move || {
            let _g = Lock::lock(&*other);
            panic!("holder panics");
        })
        .join();
        assert!(m.is_poisoned());
        assert_eq!(*Lock::lock(&*m), 1);
        assert!(Lock::try_lock_for(&*m, Duration::from_millis(1)).is_some());
    }

    #[test]
    fn try_lock_for_times_out_while_held() {
        let m = Mutex::new(0);
        let _g = Lock::lock(&m);
        assert!(Lock::try_lock(&m).is_none());
        assert!(Lock::try_lock_for(&m, Duration::from_millis(5)).is_none());
    }
}
