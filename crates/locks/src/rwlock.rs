//! The facade reader-writer lock: one API over every backend.
//!
//! Models: `tests/models.rs` (`facade_rwlock_*`).

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::time::Duration;

use fearless_core::ReadWriteLock;

use crate::guard::{Poisoning, debug_lock, guard_impls, lock_impls};
use crate::inner_lock::DefaultRwLock;
use crate::poison::PoisonFlag;

/// A reader-writer lock with parking_lot's API on whichever backend the build
/// selects (see [`inner_lock`](crate::inner_lock)).
///
/// `read` and `write` never fail: if a writer panicked, the data is handed
/// out anyway and [`is_poisoned`](Self::is_poisoned) reports it (a panicking
/// reader changes nothing and poisons nothing). `upgradable_read` exists
/// only on the parking_lot backend (`RwLock<T, parking_lot::RwLock<T>>`,
/// which is `RwLock<T>` by default): std and loom have no upgradable state,
/// so with them the method is absent rather than emulated.
///
/// ```
/// use fearless_locks::RwLock;
///
/// let config = RwLock::new(String::from("v1"));
/// std::thread::scope(|s| {
///     s.spawn(|| assert!(config.read().starts_with('v')));
///     s.spawn(|| *config.write() = String::from("v2"));
/// });
/// assert_eq!(*config.read(), "v2");
/// ```
pub struct RwLock<T, L = DefaultRwLock<T>> {
    poison: PoisonFlag,
    inner: L,
    // `fn() -> T`: `T` lives inside `L`, which decides Send/Sync and drop.
    _data: PhantomData<fn() -> T>,
}

/// Proof of shared access to a [`RwLock`]'s data; releases it when dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct RwLockReadGuard<'a, T, L: ReadWriteLock<T> + 'a = DefaultRwLock<T>> {
    inner: L::ReadGuard<'a>,
}

/// Proof of exclusive access to a [`RwLock`]'s data; releases it when
/// dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct RwLockWriteGuard<'a, T, L: ReadWriteLock<T> + 'a = DefaultRwLock<T>> {
    inner: Poisoning<'a, L::WriteGuard<'a>>,
}

impl<T> RwLock<T> {
    /// A new, unlocked lock on the default backend (`const` except under
    /// loom, whose locks cannot be built in a constant).
    #[cfg(not(loom))]
    #[inline]
    pub const fn new(value: T) -> Self {
        Self {
            poison: PoisonFlag::new(),
            inner: DefaultRwLock::new(value),
            _data: PhantomData,
        }
    }

    /// A new, unlocked lock on the default backend (`const` except under
    /// loom, whose locks cannot be built in a constant).
    #[cfg(loom)]
    pub fn new(value: T) -> Self {
        Self::from_backend(DefaultRwLock::new(value))
    }
}

impl<T, L: ReadWriteLock<T>> RwLock<T, L> {
    /// Wraps an existing backend lock, e.g. `parking_lot::RwLock::new(0)`.
    #[inline]
    pub fn from_backend(inner: L) -> Self {
        Self {
            poison: PoisonFlag::new(),
            inner,
            _data: PhantomData,
        }
    }

    /// Blocks until shared access is acquired.
    #[inline]
    pub fn read(&self) -> RwLockReadGuard<'_, T, L> {
        RwLockReadGuard {
            inner: self.inner.read(),
        }
    }

    /// Blocks until exclusive access is acquired.
    #[inline]
    pub fn write(&self) -> RwLockWriteGuard<'_, T, L> {
        self.write_guard(self.inner.write())
    }

    /// Acquires shared access if it is available right now.
    #[inline]
    pub fn try_read(&self) -> Option<RwLockReadGuard<'_, T, L>> {
        self.inner.try_read().map(|inner| RwLockReadGuard { inner })
    }

    /// Acquires exclusive access if it is available right now.
    #[inline]
    pub fn try_write(&self) -> Option<RwLockWriteGuard<'_, T, L>> {
        self.inner.try_write().map(|g| self.write_guard(g))
    }

    /// Tries to acquire shared access until `timeout` has elapsed (natively
    /// on parking_lot; `try_read` with backoff on std and loom).
    #[inline]
    pub fn try_read_for(&self, timeout: Duration) -> Option<RwLockReadGuard<'_, T, L>> {
        self.inner
            .try_read_for(timeout)
            .map(|inner| RwLockReadGuard { inner })
    }

    /// Tries to acquire exclusive access until `timeout` has elapsed
    /// (natively on parking_lot; `try_write` with backoff on std and loom).
    ///
    /// ```
    /// use fearless_locks::RwLock;
    /// use std::time::Duration;
    ///
    /// let l = RwLock::new(0);
    /// let r = l.read();
    /// assert!(l.try_write_for(Duration::from_millis(1)).is_none());
    /// drop(r);
    /// assert!(l.try_write_for(Duration::from_millis(1)).is_some());
    /// ```
    #[inline]
    pub fn try_write_for(&self, timeout: Duration) -> Option<RwLockWriteGuard<'_, T, L>> {
        self.inner
            .try_write_for(timeout)
            .map(|g| self.write_guard(g))
    }

    /// Consumes the lock and returns the data.
    #[inline]
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }

    /// The data, through exclusive access: no locking needed.
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }

    /// Whether a writer panicked while it held the lock (since the last
    /// [`clear_poison`](Self::clear_poison)). The data is still handed out.
    #[inline]
    pub fn is_poisoned(&self) -> bool {
        self.poison.get()
    }

    /// Forgets that a writer panicked, e.g. after repairing the data.
    #[inline]
    pub fn clear_poison(&self) {
        self.poison.clear();
    }

    #[inline(always)]
    fn write_guard<'a>(&'a self, inner: L::WriteGuard<'a>) -> RwLockWriteGuard<'a, T, L> {
        RwLockWriteGuard {
            inner: Poisoning::new(inner, &self.poison),
        }
    }
}

impl<T> RwLock<T, parking_lot::RwLock<T>> {
    /// Shared access that can later be upgraded to exclusive access without
    /// letting another writer in between. At most one upgradable reader
    /// exists at a time; plain readers may share the lock with it.
    ///
    /// Only on the parking_lot backend: std and loom have no upgradable
    /// state.
    ///
    /// ```
    /// use fearless_locks::{RwLock, RwLockUpgradableReadGuard};
    ///
    /// let l = RwLock::from_backend(parking_lot::RwLock::new(1));
    /// let r = l.upgradable_read();
    /// if *r == 1 {
    ///     let mut w = RwLockUpgradableReadGuard::upgrade(r);
    ///     *w = 2;
    /// }
    /// assert_eq!(*l.read(), 2);
    /// ```
    #[inline]
    pub fn upgradable_read(&self) -> RwLockUpgradableReadGuard<'_, T> {
        RwLockUpgradableReadGuard {
            inner: self.inner.upgradable_read(),
            poison: &self.poison,
        }
    }

    /// [`upgradable_read`](Self::upgradable_read) if it is available right
    /// now.
    #[inline]
    pub fn try_upgradable_read(&self) -> Option<RwLockUpgradableReadGuard<'_, T>> {
        self.inner
            .try_upgradable_read()
            .map(|inner| RwLockUpgradableReadGuard {
                inner,
                poison: &self.poison,
            })
    }
}

/// Shared access that can be upgraded to exclusive access (parking_lot
/// backend only; see [`RwLock::upgradable_read`]).
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct RwLockUpgradableReadGuard<'a, T> {
    inner: parking_lot::RwLockUpgradableReadGuard<'a, T>,
    poison: &'a PoisonFlag,
}

impl<'a, T> RwLockUpgradableReadGuard<'a, T> {
    /// Waits for the plain readers to leave, then turns this guard into a
    /// write guard, atomically (no writer gets in between).
    pub fn upgrade(s: Self) -> RwLockWriteGuard<'a, T, parking_lot::RwLock<T>> {
        let inner = parking_lot::RwLockUpgradableReadGuard::upgrade(s.inner);
        RwLockWriteGuard {
            inner: Poisoning::new(inner, s.poison),
        }
    }

    /// Upgrades if no plain reader holds the lock right now; otherwise hands
    /// the guard back.
    pub fn try_upgrade(s: Self) -> Result<RwLockWriteGuard<'a, T, parking_lot::RwLock<T>>, Self> {
        match parking_lot::RwLockUpgradableReadGuard::try_upgrade(s.inner) {
            Ok(inner) => Ok(RwLockWriteGuard {
                inner: Poisoning::new(inner, s.poison),
            }),
            Err(inner) => Err(Self {
                inner,
                poison: s.poison,
            }),
        }
    }
}

impl<T> Deref for RwLockUpgradableReadGuard<'_, T> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T, L: ReadWriteLock<T>> ReadWriteLock<T> for RwLock<T, L> {
    type ReadGuard<'a>
        = RwLockReadGuard<'a, T, L>
    where
        Self: 'a;
    type WriteGuard<'a>
        = RwLockWriteGuard<'a, T, L>
    where
        Self: 'a;

    #[inline]
    fn new(value: T) -> Self {
        Self::from_backend(L::new(value))
    }

    #[inline]
    fn read(&self) -> Self::ReadGuard<'_> {
        RwLock::read(self)
    }

    #[inline]
    fn write(&self) -> Self::WriteGuard<'_> {
        RwLock::write(self)
    }

    #[inline]
    fn try_read(&self) -> Option<Self::ReadGuard<'_>> {
        RwLock::try_read(self)
    }

    #[inline]
    fn try_write(&self) -> Option<Self::WriteGuard<'_>> {
        RwLock::try_write(self)
    }

    #[inline]
    fn try_read_for(&self, timeout: Duration) -> Option<Self::ReadGuard<'_>> {
        RwLock::try_read_for(self, timeout)
    }

    #[inline]
    fn try_write_for(&self, timeout: Duration) -> Option<Self::WriteGuard<'_>> {
        RwLock::try_write_for(self, timeout)
    }

    fn into_inner(self) -> T {
        RwLock::into_inner(self)
    }

    fn get_mut(&mut self) -> &mut T {
        RwLock::get_mut(self)
    }
}

lock_impls!(RwLock, ReadWriteLock);

impl<T: fmt::Debug, L: ReadWriteLock<T>> fmt::Debug for RwLock<T, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let guard = self.try_read();
        debug_lock(f, "RwLock", guard.as_deref(), self.is_poisoned())
    }
}

guard_impls!(RwLockReadGuard, ReadWriteLock);
guard_impls!(RwLockWriteGuard, ReadWriteLock, mut);
