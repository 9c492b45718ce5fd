//! The facade's own poison flag: the same meaning on every backend.

use fearless_core::sync::atomic::{AtomicBool, Ordering};
use fearless_core::sync::thread;

/// Set when a writer's guard is dropped while its thread is panicking.
///
/// parking_lot has no poisoning and std's is tied to std's own guards, so
/// the facade keeps one flag of its own: `is_poisoned` means the same thing
/// whatever the backend, and the data is always handed out anyway.
#[derive(Debug, Default)]
pub(crate) struct PoisonFlag(AtomicBool);

impl PoisonFlag {
    #[cfg(not(loom))]
    pub(crate) const fn new() -> Self {
        Self(AtomicBool::new(false))
    }

    #[cfg(loom)]
    pub(crate) fn new() -> Self {
        Self(AtomicBool::new(false))
    }

    /// Called from a guard's `Drop`, before the lock itself is released.
    #[inline]
    pub(crate) fn mark_if_panicking(&self) {
        if panicking() {
            // Relaxed: the store precedes the unlock that follows in the
            // guard's drop, so the unlock (a release) publishes it to the
            // next holder; `get` needs nothing stronger.
            self.0.store(true, Ordering::Relaxed);
        }
    }

    #[inline]
    pub(crate) fn get(&self) -> bool {
        // Relaxed: a caller that wants a definite answer holds the lock or
        // has joined the panicking thread, which gives the happens-before.
        self.0.load(Ordering::Relaxed)
    }

    #[inline]
    pub(crate) fn clear(&self) {
        // Relaxed: as for `get`.
        self.0.store(false, Ordering::Relaxed);
    }
}

/// `thread::panicking()` as a call that cannot unwind.
///
/// std's check is a load of a global counter, inlined, plus an out-of-line
/// slow path that the compiler must assume may unwind. A guard's drop calls
/// it before the backend guard drops, so a possible unwind there makes the
/// compiler keep a landing pad that drops the backend guard, and on std's
/// `RwLock` that means keeping the guard in memory on every unlock (11
/// instructions per write against std's own 22). The slow path only reads a
/// thread-local counter and never unwinds; `extern "C"` says so (an unwind
/// out of it would abort), which removes the landing pad.
#[inline]
extern "C" fn panicking() -> bool {
    thread::panicking()
}
