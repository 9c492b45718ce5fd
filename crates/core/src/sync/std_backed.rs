//! The real primitives, re-exported from std at zero cost.

pub use std::sync::{
    Arc, Barrier, Condvar, LockResult, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard,
    RwLockWriteGuard, TryLockError, TryLockResult, WaitTimeoutResult, Weak,
};

/// A cell written once, for lazily built globals.
pub use std::sync::OnceLock;

/// Atomic types and memory orderings.
pub mod atomic {
    pub use std::sync::atomic::{
        AtomicBool, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU32, AtomicU64,
        AtomicUsize, Ordering, fence,
    };
}

/// Threads: spawning, parking, yielding, and scoped threads.
pub mod thread {
    pub use std::thread::{
        Builder, JoinHandle, Scope, ScopedJoinHandle, Thread, ThreadId, available_parallelism,
        current, panicking, park, park_timeout, scope, sleep, spawn, yield_now,
    };

    /// Declares a thread-local static (std's macro; loom's under loom, where
    /// each modelled thread gets its own value).
    pub use std::thread_local;
}

/// Interior mutability with loom's closure-based access API.
pub mod cell {
    /// `std::cell::UnsafeCell` with the `with`/`with_mut` methods of
    /// `loom::cell::UnsafeCell`, so code that uses it reads the same whether
    /// or not loom is checking it.
    #[derive(Debug, Default)]
    #[repr(transparent)]
    pub struct UnsafeCell<T: ?Sized>(std::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        /// Wraps `value`.
        #[inline(always)]
        pub const fn new(value: T) -> Self {
            Self(std::cell::UnsafeCell::new(value))
        }

        /// Unwraps the value.
        #[inline(always)]
        pub fn into_inner(self) -> T {
            self.0.into_inner()
        }
    }

    impl<T: ?Sized> UnsafeCell<T> {
        /// Calls `f` with a shared raw pointer to the contents. Loom checks
        /// that no `with_mut` runs at the same time; on std the caller must
        /// uphold that.
        #[inline(always)]
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }

        /// Calls `f` with a unique raw pointer to the contents. Loom checks
        /// that no other access runs at the same time; on std the caller must
        /// uphold that.
        #[inline(always)]
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }

        /// A mutable reference through exclusive access: always safe.
        #[inline(always)]
        pub fn get_mut(&mut self) -> &mut T {
            self.0.get_mut()
        }
    }
}

/// Hints to the processor.
pub mod hint {
    pub use std::hint::spin_loop;
}
