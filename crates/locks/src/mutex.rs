//! The facade mutex: one API over every backend.
//!
//! Models: `tests/models.rs` (`facade_mutex_*`).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use fearless_core::Lock;

use crate::guard::{Poisoning, debug_lock, guard_impls, lock_impls};
use crate::inner_lock::DefaultMutex;
use crate::poison::PoisonFlag;

/// A mutual-exclusion lock with parking_lot's API on whichever backend the
/// build selects (see [`inner_lock`](crate::inner_lock)).
///
/// `lock` never fails: if a holder panicked, the data is handed out anyway
/// and [`is_poisoned`](Self::is_poisoned) reports what happened, on every
/// backend alike.
///
/// The second type parameter names the backend; leave it out to get the
/// build's default. Any [`Lock`] works, e.g. `Mutex<T, parking_lot::Mutex<T>>`
/// built with [`from_backend`](Self::from_backend).
///
/// ```
/// use fearless_locks::Mutex;
///
/// static HITS: Mutex<u32> = Mutex::new(0);
///
/// std::thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| *HITS.lock() += 1);
///     }
/// });
/// assert_eq!(*HITS.lock(), 4);
/// ```
pub struct Mutex<T, L = DefaultMutex<T>> {
    poison: PoisonFlag,
    inner: L,
    // `fn() -> T`: `T` lives inside `L`, which decides Send/Sync and drop.
    _data: PhantomData<fn() -> T>,
}

/// Proof of exclusive access to a [`Mutex`]'s data; unlocks when dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct MutexGuard<'a, T, L: Lock<T> + 'a = DefaultMutex<T>> {
    inner: Poisoning<'a, L::Guard<'a>>,
}

impl<T> Mutex<T> {
    /// A new, unlocked mutex on the default backend (`const` except under
    /// loom, whose locks cannot be built in a constant).
    #[cfg(not(loom))]
    #[inline]
    pub const fn new(value: T) -> Self {
        Self {
            poison: PoisonFlag::new(),
            inner: DefaultMutex::new(value),
            _data: PhantomData,
        }
    }

    /// A new, unlocked mutex on the default backend (`const` except under
    /// loom, whose locks cannot be built in a constant).
    #[cfg(loom)]
    pub fn new(value: T) -> Self {
        Self::from_backend(DefaultMutex::new(value))
    }
}

impl<T, L: Lock<T>> Mutex<T, L> {
    /// Wraps an existing backend lock, e.g. `parking_lot::Mutex::new(0)`.
    ///
    /// ```
    /// use fearless_locks::Mutex;
    ///
    /// let m = Mutex::from_backend(parking_lot::Mutex::new(1));
    /// *m.lock() += 1;
    /// assert_eq!(m.into_inner(), 2);
    /// ```
    #[inline]
    pub fn from_backend(inner: L) -> Self {
        Self {
            poison: PoisonFlag::new(),
            inner,
            _data: PhantomData,
        }
    }

    /// Blocks until the lock is acquired.
    #[inline]
    pub fn lock(&self) -> MutexGuard<'_, T, L> {
        self.guard(self.inner.lock())
    }

    /// Acquires the lock if it is free right now.
    #[inline]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T, L>> {
        self.inner.try_lock().map(|g| self.guard(g))
    }

    /// Tries to acquire the lock until `timeout` has elapsed. parking_lot
    /// waits natively; std and loom use [`Lock::try_lock_for`]'s default:
    /// `try_lock` with a spin-then-yield backoff until the deadline (under
    /// loom, which has no clock, a couple of attempts).
    ///
    /// ```
    /// use fearless_locks::Mutex;
    /// use std::time::Duration;
    ///
    /// let m = Mutex::new(());
    /// let held = m.lock();
    /// assert!(m.try_lock_for(Duration::from_millis(1)).is_none());
    /// drop(held);
    /// assert!(m.try_lock_for(Duration::from_millis(1)).is_some());
    /// ```
    #[inline]
    pub fn try_lock_for(&self, timeout: Duration) -> Option<MutexGuard<'_, T, L>> {
        self.inner.try_lock_for(timeout).map(|g| self.guard(g))
    }

    /// Consumes the mutex and returns the data.
    #[inline]
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }

    /// The data, through exclusive access: no locking needed.
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }

    /// Whether a holder panicked while it held the lock (since the last
    /// [`clear_poison`](Self::clear_poison)). The data is still handed out;
    /// this only tells you that an update may have stopped half-way.
    ///
    /// ```
    /// use fearless_locks::Mutex;
    ///
    /// let m = Mutex::new(vec![1]);
    /// let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
    ///     let mut v = m.lock();
    ///     v.push(2);
    ///     panic!("half-way");
    /// }));
    /// assert!(m.is_poisoned());
    /// assert_eq!(*m.lock(), [1, 2]); // the data survives
    /// m.clear_poison();
    /// assert!(!m.is_poisoned());
    /// ```
    #[inline]
    pub fn is_poisoned(&self) -> bool {
        self.poison.get()
    }

    /// Forgets that a holder panicked, e.g. after repairing the data.
    #[inline]
    pub fn clear_poison(&self) {
        self.poison.clear();
    }

    #[inline(always)]
    fn guard<'a>(&'a self, inner: L::Guard<'a>) -> MutexGuard<'a, T, L> {
        MutexGuard {
            inner: Poisoning::new(inner, &self.poison),
        }
    }
}

impl<T, L: Lock<T>> Lock<T> for Mutex<T, L> {
    type Guard<'a>
        = MutexGuard<'a, T, L>
    where
        Self: 'a;

    #[inline]
    fn new(value: T) -> Self {
        Self::from_backend(L::new(value))
    }

    #[inline]
    fn lock(&self) -> Self::Guard<'_> {
        Mutex::lock(self)
    }

    #[inline]
    fn try_lock(&self) -> Option<Self::Guard<'_>> {
        Mutex::try_lock(self)
    }

    #[inline]
    fn try_lock_for(&self, timeout: Duration) -> Option<Self::Guard<'_>> {
        Mutex::try_lock_for(self, timeout)
    }

    fn into_inner(self) -> T {
        Mutex::into_inner(self)
    }

    fn get_mut(&mut self) -> &mut T {
        Mutex::get_mut(self)
    }
}

lock_impls!(Mutex, Lock);

impl<T: fmt::Debug, L: Lock<T>> fmt::Debug for Mutex<T, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let guard = self.try_lock();
        debug_lock(f, "Mutex", guard.as_deref(), self.is_poisoned())
    }
}

guard_impls!(MutexGuard, Lock, mut);
