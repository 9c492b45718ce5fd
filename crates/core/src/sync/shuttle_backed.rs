//! shuttle's controlled primitives, so its randomized (PCT) scheduler
//! decides every interleaving and can replay a failing one.
//!
//! What shuttle lacks, and what this backend does about it:
//!
//! - No `UnsafeCell` tracking: the cell is the plain one of the std
//!   backend. Racy cell accesses are found by loom (which tracks them) and
//!   Miri, not by shuttle.
//! - No weak memory: every atomic access is sequentially consistent under
//!   shuttle, so it cannot find a missing `Acquire`/`Release`; loom can.
//! - No clock: `park_timeout` is shuttle's `park`, which never times out (a
//!   model where every thread waits with a timeout would be reported as a
//!   deadlock), so here it is a spurious wake-up, as under loom; callers
//!   re-check their condition and deadline. `Condvar::wait_timeout` is
//!   shuttle's and never times out (no crate waits on a condvar with a
//!   timeout). `sleep` is a yield to the scheduler.
//! - No `OnceLock`: std's, unchecked, as under loom.
//! - `Arc` and `Weak` are std's: shuttle does not report leaks (loom does).
//! - Scoped threads exist (unlike loom), so scoped code runs whole;
//!   shuttle's `Builder` has no `spawn_scoped`, so [`thread::Builder`] adds
//!   one (the thread's name is dropped).

pub use shuttle::sync::{
    Arc, Barrier, Condvar, LockResult, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard,
    RwLockWriteGuard, TryLockError, TryLockResult, WaitTimeoutResult, Weak,
};

/// std's `OnceLock`: shuttle has none, so initialization races on it are
/// NOT explored (the same gap as under loom).
pub use std::sync::OnceLock;

/// Atomic types and memory orderings (shuttle's: every access is a
/// scheduling point, and is sequentially consistent).
pub mod atomic {
    pub use shuttle::sync::atomic::{
        AtomicBool, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU32, AtomicU64,
        AtomicUsize, Ordering, fence,
    };
}

/// Threads (shuttle's), including scoped threads.
pub mod thread {
    pub use shuttle::thread::{
        JoinHandle, Scope, ScopedJoinHandle, Thread, ThreadId, current, panicking, park, scope,
        sleep, spawn, yield_now,
    };
    pub use std::thread::available_parallelism;

    /// Declares a thread-local static: shuttle's, so each modelled thread
    /// gets its own value (shuttle runs every thread on one OS thread).
    pub use shuttle::thread_local;

    /// std's thread factory over shuttle's, which lacks `spawn_scoped`: a
    /// scoped thread spawned through it is the scope's own `spawn` and
    /// loses its name (names only label panics).
    #[derive(Debug, Default)]
    pub struct Builder(shuttle::thread::Builder);

    impl Builder {
        /// A factory with no name and the default stack size.
        pub fn new() -> Self {
            Self::default()
        }

        /// Names the thread-to-be.
        pub fn name(self, name: String) -> Self {
            Self(self.0.name(name))
        }

        /// Sets the stack size of the thread-to-be.
        pub fn stack_size(self, size: usize) -> Self {
            Self(self.0.stack_size(size))
        }

        /// Spawns a thread (under shuttle this cannot fail).
        #[track_caller]
        pub fn spawn<F, T>(self, f: F) -> std::io::Result<JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            self.0.spawn(f)
        }

        /// Spawns a scoped thread (under shuttle this cannot fail).
        #[track_caller]
        pub fn spawn_scoped<'scope, 'env, F, T>(
            self,
            scope: &'scope Scope<'scope, 'env>,
            f: F,
        ) -> std::io::Result<ScopedJoinHandle<'scope, T>>
        where
            F: FnOnce() -> T + Send + 'scope,
            T: Send + 'scope,
        {
            Ok(scope.spawn(f))
        }
    }

    /// shuttle has no clock, and its own `park_timeout` never times out, so
    /// a timed park is a spurious wake-up here, which std's is also allowed
    /// to be. Callers re-check their condition (and deadline) after it
    /// returns.
    pub fn park_timeout(_dur: std::time::Duration) {
        shuttle::thread::yield_now();
    }
}

/// Interior mutability: the plain cell (shuttle does not track cells).
pub mod cell {
    pub use super::super::plain_cell::UnsafeCell;
}

/// Hints; `spin_loop` yields to the shuttle scheduler so spin loops end.
pub mod hint {
    pub use shuttle::hint::spin_loop;
}
