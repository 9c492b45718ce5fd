//! Latches: one-shot "this is done" signals that a waiting thread polls.
//!
//! - [`JoinLatch`]: the right side of a `join`. A worker owner keeps
//!   executing other jobs while it polls ("work while waiting") and may fall
//!   asleep; a guest owner (a thread outside the pool) blocks on its
//!   [`GuestSignal`]; the setter wakes exactly the owner afterwards.
//! - [`LockLatch`]: a thread outside the pool blocks on a mutex and condvar
//!   until its injected job is done.
//!
//! Setting a latch is the last thing the setter does to the job: once the
//! owner sees it set, it may return and free the frame holding the latch.
//! So `set` takes a raw pointer and copies out what it needs first.
//!
//! Models: `src/pool/models.rs` (every join and scope model waits on a latch:
//! `promoted_frame_runs_once_*`, `guest_wakes_*`,
//! `scope_owner_sees_writes_of_stolen_job`).

use super::registry::Registry;
use super::sleep::{Sleep, SpinWindow};
use fearless_core::sync::{
    Arc, Condvar, Mutex, PoisonError,
    atomic::{AtomicBool, Ordering},
    thread,
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

/// Who waits for a [`JoinLatch`], and so whom its setter wakes.
pub(super) enum JoinOwner<'r> {
    /// Worker `index` of the pool whose sleep state is `sleep`; it works
    /// while it waits and may fall asleep.
    Worker { sleep: &'r Sleep, index: usize },
    /// A thread outside the pool that promoted a frame of its own `join`
    /// (a guest, see `guest.rs`); it blocks on its signal.
    #[cfg_attr(any(feature = "rayon", loom, miri), allow(dead_code))]
    Guest(&'r Arc<GuestSignal>),
}

/// The latch of the right half of a `join`.
pub(super) struct JoinLatch<'r> {
    set: AtomicBool,
    owner: JoinOwner<'r>,
}

impl<'r> JoinLatch<'r> {
    /// A latch owned by worker `owner` of `registry`.
    pub(super) fn new(registry: &'r Registry, owner: usize) -> Self {
        JoinLatch {
            set: AtomicBool::new(false),
            owner: JoinOwner::Worker {
                sleep: registry.sleep(),
                index: owner,
            },
        }
    }

    /// A latch owned by a guest thread that blocks on `signal`.
    #[cfg_attr(any(feature = "rayon", loom, miri), allow(dead_code))]
    pub(super) fn for_guest(signal: &'r Arc<GuestSignal>) -> Self {
        JoinLatch {
            set: AtomicBool::new(false),
            owner: JoinOwner::Guest(signal),
        }
    }
}

impl Probe for JoinLatch<'_> {
    fn probe(&self) -> bool {
        // Acquire: pairs with the Release store in `set`, so the job's result
        // written before it is visible to the owner.
        self.set.load(Ordering::Acquire)
    }
}

impl Latch for JoinLatch<'_> {
    unsafe fn set(this: *const Self) {
        // SAFETY: `this` is valid on entry (the trait's contract). We copy
        // out what the wake-up needs before publishing: a worker owner's
        // `sleep` points into its registry, which outlives this call because
        // the setter is a worker of the same registry and holds an `Arc` to
        // it; a guest's signal is kept alive by our own `Arc` clone.
        let (owner, flag) = unsafe {
            let owner = match &(*this).owner {
                JoinOwner::Worker { sleep, index } => WakeOwner::Worker(sleep, *index),
                JoinOwner::Guest(signal) => WakeOwner::Guest(Arc::clone(signal)),
            };
            (owner, &(*this).set)
        };
        match owner {
            WakeOwner::Worker(sleep, index) => {
                // Release: publishes the job's result to the owner's `probe`.
                flag.store(true, Ordering::Release);
                // The owner may be asleep (it checks the latch under its sleep
                // lock before blocking, and `wake_worker` takes that lock).
                sleep.wake_worker(index);
            }
            WakeOwner::Guest(signal) => {
                // Release: as above. The guest checks the flag under the
                // signal's lock before it blocks, so taking that lock after
                // the store cannot miss it.
                flag.store(true, Ordering::Release);
                signal.notify();
            }
        }
    }
}

/// What `JoinLatch::set` copies out before publishing.
enum WakeOwner<'r> {
    Worker(&'r Sleep, usize),
    Guest(Arc<GuestSignal>),
}

/// The blocking signal of a guest thread, shared by all of its promoted
/// frames (each has its own flag; a notification makes the guest re-check
/// the one it waits for).
pub(super) struct GuestSignal {
    lock: Mutex<()>,
    condvar: Condvar,
}

impl GuestSignal {
    pub(super) fn new() -> Self {
        GuestSignal {
            lock: Mutex::new(()),
            condvar: Condvar::new(),
        }
    }

    /// Blocks until `latch` is set, after probing it for `SPIN_TIME`
    /// (yielding in between): a worker that finishes the promoted half soon
    /// after the guest finished its own is the common case, and a blocked
    /// thread takes tens of microseconds to wake on a VM.
    pub(super) fn wait(&self, latch: &impl Probe) {
        let mut spin = SpinWindow::new();
        while !latch.probe() && spin.open() {
            thread::yield_now();
        }
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        while !latch.probe() {
            guard = self
                .condvar
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Wakes the guest to re-check what it waits for.
    pub(super) fn notify(&self) {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.condvar.notify_all();
    }
}

/// The latch of an operation a worker of one pool injected into *another*
/// pool (`install` across pools). The waiting worker keeps running its own
/// pool's jobs meanwhile, so pools that install into each other do not
/// deadlock. The setter is a worker of the other pool, so the latch holds
/// the waiter's registry alive itself.
pub(super) struct CrossLatch {
    set: AtomicBool,
    registry: Arc<Registry>,
    owner: usize,
}

impl CrossLatch {
    /// A latch owned by worker `owner` of `registry`.
    pub(super) fn new(registry: &Arc<Registry>, owner: usize) -> Self {
        CrossLatch {
            set: AtomicBool::new(false),
            registry: Arc::clone(registry),
            owner,
        }
    }
}

impl Probe for CrossLatch {
    fn probe(&self) -> bool {
        // Acquire: pairs with the Release store in `set`.
        self.set.load(Ordering::Acquire)
    }
}

impl Latch for CrossLatch {
    unsafe fn set(this: *const Self) {
        // SAFETY: `this` is valid on entry; we take our own reference to the
        // waiter's registry before publishing, and touch only that after.
        let (registry, owner, flag) =
            unsafe { (Arc::clone(&(*this).registry), (*this).owner, &(*this).set) };
        // Release: publishes the operation's result to the waiter's probe.
        flag.store(true, Ordering::Release);
        registry.sleep().wake_worker(owner);
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
