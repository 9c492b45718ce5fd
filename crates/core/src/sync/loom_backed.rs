//! loom's mocked primitives, so the model checker sees every access.

pub use loom::sync::{
    Arc, Barrier, Condvar, LockResult, Mutex, MutexGuard, RwLock, RwLockReadGuard,
    RwLockWriteGuard, TryLockResult, WaitTimeoutResult,
};
pub use std::sync::{PoisonError, TryLockError};

/// std's `OnceLock`: loom 0.7 has no model of it, so initialization races
/// on it are NOT checked. Crates that use it keep it out of their models
/// (fearless-par builds no global pool under loom).
pub use std::sync::OnceLock;

/// Atomic types and memory orderings (loom's).
pub mod atomic {
    pub use loom::sync::atomic::{
        AtomicBool, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU32, AtomicU64,
        AtomicUsize, Ordering, fence,
    };
}

/// Threads (loom's). loom has no scoped threads and no clock.
pub mod thread {
    pub use loom::thread::{
        Builder, JoinHandle, Thread, ThreadId, current, panicking, park, spawn, yield_now,
    };
    pub use std::thread::available_parallelism;

    /// Declares a thread-local static: loom's, so each modelled thread gets
    /// its own value (loom runs all modelled threads on one OS thread).
    pub use loom::thread_local;

    /// loom has no clock: a timed park is modelled as a spurious wake-up,
    /// which std's `park_timeout` is also allowed to do. Callers re-check
    /// their condition (and their deadline) after it returns.
    pub fn park_timeout(_dur: std::time::Duration) {
        loom::thread::yield_now();
    }
}

/// Interior mutability (loom's), with tracked `with`/`with_mut` access.
pub mod cell {
    /// loom's `UnsafeCell`, plus `get_mut` for exclusive access.
    #[derive(Debug)]
    pub struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        /// Wraps `value`.
        pub fn new(value: T) -> Self {
            Self(loom::cell::UnsafeCell::new(value))
        }

        /// Unwraps the value.
        pub fn into_inner(self) -> T {
            self.0.into_inner()
        }

        /// Calls `f` with a shared raw pointer to the contents; loom checks
        /// it against concurrent `with_mut`.
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            self.0.with(f)
        }

        /// Calls `f` with a unique raw pointer to the contents; loom checks
        /// it against every concurrent access.
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            self.0.with_mut(f)
        }

        /// A mutable reference through exclusive access.
        pub fn get_mut(&mut self) -> &mut T {
            // SAFETY: `&mut self` proves that no other access to the cell
            // exists for the lifetime of the returned reference, so handing
            // out a unique reference to the contents cannot race.
            #[allow(unsafe_code)]
            self.0.with_mut(|p| unsafe { &mut *p })
        }
    }

    impl<T: Default> Default for UnsafeCell<T> {
        fn default() -> Self {
            Self::new(T::default())
        }
    }
}

/// Hints; `spin_loop` yields to the loom scheduler so spin loops terminate.
pub mod hint {
    pub use loom::hint::spin_loop;
}
