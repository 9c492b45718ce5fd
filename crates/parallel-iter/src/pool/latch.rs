//! Latches: one-shot "this is done" signals that a waiting thread polls.
//!
//! - [`SpinLatch`]: the right side of a `join` inside a worker. The owner
//!   keeps executing other jobs while it polls ("work while waiting") and
//!   may fall asleep; the setter wakes exactly the owner afterwards.
//! - [`LockLatch`]: a thread outside the pool blocks on a mutex and condvar
//!   until its injected job is done.
//!
//! Setting a latch is the last thing the setter does to the job: once the
//! owner sees it set, it may return and free the frame holding the latch.
//! So `set` takes a raw pointer and copies out what it needs first.

use super::registry::Registry;
use super::sleep::Sleep;
use fearless_core::sync::{
    Arc, Condvar, Mutex, PoisonError,
    atomic::{AtomicBool, Ordering},
};

/// Something a job sets when it completes.
pub(super) trait Latch {
    /// Marks the latch set and wakes its waiter.
    ///
    /// # Safety
    /// `this` is valid on entry; it may be freed by the waiter as soon as
    /// the latch is observably set, so the implementation must not touch
    /// `*this` after publishing.
    unsafe fn set(this: *const Self);
}

/// A latch a worker can poll between jobs.
pub(super) trait Probe {
    /// Whether the latch is set; `Acquire`, so the job's writes are visible.
    fn probe(&self) -> bool;
}

/// The latch of a job whose owner is a worker of the same pool.
pub(super) struct SpinLatch<'r> {
    set: AtomicBool,
    owner: usize,
    sleep: &'r Sleep,
}

impl<'r> SpinLatch<'r> {
    /// A latch owned by worker `owner` of `registry`.
    pub(super) fn new(registry: &'r Registry, owner: usize) -> Self {
        SpinLatch {
            set: AtomicBool::new(false),
            owner,
            sleep: registry.sleep(),
        }
    }
}

impl Probe for SpinLatch<'_> {
    fn probe(&self) -> bool {
        // Acquire: pairs with the Release store in `set`, so the job's result
        // written before it is visible to the owner.
        self.set.load(Ordering::Acquire)
    }
}

impl Latch for SpinLatch<'_> {
    unsafe fn set(this: *const Self) {
        // SAFETY: `this` is valid on entry (the trait's contract). We copy
        // out `owner` and `sleep` before publishing. `sleep` points into the
        // registry, which outlives this call because the setter is a worker
        // of the same registry and holds an `Arc` to it.
        let (owner, sleep, flag) = unsafe { ((*this).owner, (*this).sleep, &(*this).set) };
        // Release: publishes the job's result to the owner's `probe`.
        flag.store(true, Ordering::Release);
        // The owner may be asleep (it checks the latch under its sleep lock
        // before blocking, and `wake_worker` takes that lock).
        sleep.wake_worker(owner);
    }
}

/// A blocking latch for threads outside the pool. The state is shared
/// through an `Arc` so the setter's unlock and notify never touch memory the
/// waiter has already freed.
pub(super) struct LockLatch {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl LockLatch {
    pub(super) fn new() -> Self {
        LockLatch {
            inner: Arc::new((Mutex::new(false), Condvar::new())),
        }
    }

    /// Blocks until the latch is set.
    pub(super) fn wait(&self) {
        let (lock, cvar) = &*self.inner;
        let mut done = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while !*done {
            done = cvar.wait(done).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Latch for LockLatch {
    unsafe fn set(this: *const Self) {
        // SAFETY: `this` is valid on entry; we take our own reference to the
        // shared state before publishing, and touch only that afterwards.
        let inner = unsafe { Arc::clone(&(*this).inner) };
        let (lock, cvar) = &*inner;
        let mut done = lock.lock().unwrap_or_else(PoisonError::into_inner);
        *done = true;
        cvar.notify_all();
    }
}
