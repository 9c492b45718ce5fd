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
    pub use super::super::plain_cell::UnsafeCell;
}

/// Hints to the processor.
pub mod hint {
    pub use std::hint::spin_loop;
}
