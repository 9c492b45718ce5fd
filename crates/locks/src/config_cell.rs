//! Read-mostly shared configuration: wait-free-in-practice loads, atomic
//! replacement.
//!
//! Models: `tests/models.rs` (`config_*`, loom); `tests/shuttle_models.rs`
//! (`config_cell_*`, shuttle).
//!
//! # Algorithm: hazard slots over an `Arc` pointer
//!
//! The current value is an `Arc<T>` whose pointer (`Arc::into_raw`) sits in
//! one atomic word, `current`. The cell owns that one strong reference.
//!
//! **Readers** must not touch the `Arc`'s reference count (every reader
//! would write the same cache line, which is what makes `RwLock<Arc<T>>`
//! slow). Instead each reader announces the pointer it is about to use in a
//! *hazard slot* (the idea of Michael's hazard pointers, 2004): an array of
//! cache-padded atomic pointers, one claimed per live guard, null when free.
//! A `load`:
//!
//! 1. reads `p = current`;
//! 2. claims a free slot by a `SeqCst` compare-and-swap from null to `p`,
//!    starting at a per-thread index so that threads use different slots
//!    (and cache lines);
//! 3. re-reads `current` (`SeqCst`); if it still equals `p`, `p` is
//!    protected and the guard derefs it; otherwise it writes the new value
//!    into its slot (`SeqCst`) and re-reads again.
//!
//! Dropping the guard stores null into the slot (release).
//!
//! **Writers** are serialized by a mutex, which also holds the *retired*
//! list: values that were replaced but may still be in use. A write swaps
//! the new pointer into `current`, issues a `SeqCst` fence, and then frees
//! (drops its reference to) every retired value that no slot announces.
//!
//! Why this is safe (Dekker's pattern). Let `A` be the reader's `SeqCst`
//! announcement (the claiming CAS or a re-announcement), `R` its `SeqCst`
//! re-read of `current` that returned `p`, `W` the writer's swap that
//! replaced `p`, `F` the writer's `SeqCst` fence and `S` its later scan of
//! `A`'s slot. Suppose `R` did not see `W` and `S` did not see `A`. Then `R`
//! is coherence-ordered before `W`, and `W` is sequenced before `F`, so `R`
//! precedes `F` in the single total order of `SeqCst` operations (C++20
//! \[atomics.order\]/4.2, which Rust follows); `S` is coherence-ordered before
//! `A` and `F` is sequenced before `S`, so `F` precedes `A` (4.3); and `A`
//! is sequenced before `R`, so `A` precedes `R`. That is a cycle, so one of
//! the two must see the other: either the writer's scan sees the
//! announcement (and keeps the value), or the reader's re-read sees the new
//! pointer (and retries). A value is therefore freed only when no reader can
//! dereference it. Writers never wait for readers, and readers never wait
//! for anyone.
//!
//! The reader needs no fence of its own: its two `SeqCst` accesses are
//! ordered by the total order itself (on x86 the locked CAS is already a
//! full barrier, so a fence would only add an `mfence`). Loom models
//! `SeqCst` accesses as acquire/release, which cannot express this, but
//! models `SeqCst` fences exactly; under `--cfg loom` the reader therefore
//! adds a fence between announcing and re-reading, which is the same
//! argument with fences on both sides.
//!
//! **Overflow**: when every slot is taken (more live guards than slots),
//! `load` falls back to a counted path: it increments the `overflow`
//! counter, fences, reads `current`, takes a strong reference (an
//! `Arc` clone), and decrements the counter (release). A writer frees
//! retired values only if it reads `overflow == 0` after its fence, which by
//! the same argument means every overflow reader that may have read an old
//! pointer has finished cloning it. The slow path contends on the counter
//! but still never blocks.
//!
//! A replaced value that was still protected is freed by a later write (or
//! when the cell is dropped): its destructor may run late, never early.
//!
//! `update` runs its closure under the writer mutex, so concurrent updates
//! are applied one after the other and none is lost; a closure that panics
//! changes nothing.

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr;

use crossbeam_utils::CachePadded;
use fearless_core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering, fence};
use fearless_core::sync::{Arc, Mutex, PoisonError};
use fearless_core::thread_index;

/// A shared value that many threads read and a few replace: `load` is a
/// cheap snapshot that stays valid while the value is replaced; `store`,
/// `swap` and `update` replace it atomically. Readers never block writers or
/// each other. See the [module docs](self) for the algorithm.
///
/// ```
/// use fearless_locks::ConfigCell;
///
/// #[derive(Debug)]
/// struct Config { workers: usize }
///
/// let cfg = ConfigCell::new(Config { workers: 4 });
/// let before = cfg.load();                      // a snapshot
/// cfg.update(|c| Config { workers: c.workers * 2 });
/// assert_eq!(before.workers, 4);                // still valid, still old
/// assert_eq!(cfg.load().workers, 8);
/// let old = cfg.swap(Config { workers: 1 });    // the replaced value
/// assert_eq!(old.workers, 8);
/// ```
pub struct ConfigCell<T> {
    /// `Arc::into_raw` of the current value; the cell owns that reference.
    current: AtomicPtr<T>,
    /// Hazard slots: null when free, else the pointer a guard protects.
    slots: Box<[CachePadded<AtomicPtr<T>>]>,
    /// Readers on the overflow path right now.
    overflow: CachePadded<AtomicUsize>,
    /// Serializes writers; holds replaced values not yet known to be unused.
    retired: Mutex<Vec<Arc<T>>>,
}

// SAFETY: the cell shares `&T` between threads (needs `T: Sync`) and drops
// values on whichever thread writes last (needs `T: Send`), like `Arc<T>`.
// The raw pointers it holds are `Arc`s in disguise.
unsafe impl<T: Send + Sync> Send for ConfigCell<T> {}
// SAFETY: as for `Send`.
unsafe impl<T: Send + Sync> Sync for ConfigCell<T> {}

/// A snapshot of a [`ConfigCell`]'s value, from [`ConfigCell::load`]. It
/// derefs to the value as it was at the load, whatever writers do meanwhile.
/// Keep it short-lived: it occupies one of the cell's hazard slots.
pub struct ConfigGuard<'a, T> {
    inner: Snapshot<'a, T>,
}

enum Snapshot<'a, T> {
    /// Protected by a hazard slot; no reference count held.
    Slot {
        slot: &'a AtomicPtr<T>,
        ptr: *const T,
    },
    /// Every slot was busy: a counted reference.
    Owned(Arc<T>),
}

/// Writes a slot the caller has claimed (only its claimer writes it, so a
/// plain store suffices).
///
/// Under loom the write is a `swap` with the same ordering whose result is
/// ignored: loom 0.7 can trip its own assertion when a plain store races
/// with a compare-and-swap on the same atomic (tokio-rs/loom#252, #389),
/// as a claimer's store does with other readers' claiming CASes. No other
/// thread writes a claimed slot, so the swap reads back our own last write
/// and behaves as the store.
#[inline(always)]
fn write_slot<T>(slot: &AtomicPtr<T>, value: *mut T, order: Ordering) {
    #[cfg(not(loom))]
    slot.store(value, order);
    #[cfg(loom)]
    slot.swap(value, order);
}

/// A new strong reference to the `Arc` behind `ptr`.
///
/// # Safety
/// `ptr` came from `Arc::into_raw` and its strong count stays at least one
/// for the duration of the call.
unsafe fn clone_raw<T>(ptr: *const T) -> Arc<T> {
    // SAFETY: per the caller; `ManuallyDrop` leaves the count unchanged.
    let borrowed = ManuallyDrop::new(unsafe { Arc::from_raw(ptr) });
    Arc::clone(&borrowed)
}

impl<T> ConfigCell<T> {
    /// A cell holding `value`, with a number of hazard slots fit for this
    /// machine (four per core, between 8 and 128; 2 under loom).
    pub fn new(value: T) -> Self {
        Self::from_arc(Arc::new(value))
    }

    /// A cell holding an existing `Arc`.
    pub fn from_arc(value: Arc<T>) -> Self {
        let slots = if cfg!(loom) {
            2
        } else {
            let cores = fearless_core::sync::thread::available_parallelism().map_or(4, |n| n.get());
            (cores * 4).next_power_of_two().clamp(8, 128)
        };
        Self::with_slots(value, slots)
    }

    /// A cell with `slots` hazard slots (rounded up to a power of two, at
    /// least one): the number of guards that can be alive at once before
    /// `load` takes the slower counted path.
    pub fn with_slots(value: Arc<T>, slots: usize) -> Self {
        let n = slots.max(1).next_power_of_two();
        Self {
            current: AtomicPtr::new(Arc::into_raw(value).cast_mut()),
            slots: (0..n)
                .map(|_| CachePadded::new(AtomicPtr::new(ptr::null_mut())))
                .collect(),
            overflow: CachePadded::new(AtomicUsize::new(0)),
            retired: Mutex::new(Vec::new()),
        }
    }

    /// A snapshot of the current value. Never blocks; touches no shared
    /// reference count unless more guards are alive than the cell has
    /// slots.
    #[inline]
    pub fn load(&self) -> ConfigGuard<'_, T> {
        let n = self.slots.len();
        let start = thread_index();
        // Acquire: pairs with the writer's release swap, so the value behind
        // the pointer is fully built before we look at it.
        let mut ptr = self.current.load(Ordering::Acquire);
        for k in 0..n {
            let slot = &self.slots[(start + k) & (n - 1)];
            // SeqCst on success: the announcement is the reader's SeqCst
            // write in the Dekker pattern with the writer's swap + fence (see
            // "Why this is safe"). Relaxed on failure: a failed claim
            // announces nothing.
            if slot
                .compare_exchange(ptr::null_mut(), ptr, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok()
            {
                loop {
                    // Loom models SeqCst accesses as AcqRel, too weak for
                    // the pattern, but its SeqCst fences exactly: under loom
                    // the model checks this (stronger) fenced form.
                    #[cfg(loom)]
                    fence(Ordering::SeqCst);
                    // SeqCst: the reader's SeqCst read in the Dekker
                    // pattern; it also acquires, pairing with the writer's
                    // release swap as the first load does.
                    let now = self.current.load(Ordering::SeqCst);
                    if now == ptr {
                        // `now`, not `ptr`: equal addresses need not be the
                        // same value. The value `ptr` was read from may have
                        // been freed and its address reused by the value
                        // now current, which the slot protects just as well;
                        // only `now` points to that value (has its
                        // provenance, and was read by the acquiring load).
                        return ConfigGuard {
                            inner: Snapshot::Slot { slot, ptr: now },
                        };
                    }
                    ptr = now;
                    // SeqCst: a re-announcement, like the claiming CAS.
                    write_slot(slot, ptr, Ordering::SeqCst);
                }
            }
        }
        self.load_counted()
    }

    /// The overflow path: announce ourselves in a counter instead of a slot.
    #[cold]
    fn load_counted(&self) -> ConfigGuard<'_, T> {
        // Relaxed: the fence below orders it before the read of `current`.
        self.overflow.fetch_add(1, Ordering::Relaxed);
        // SeqCst fence: Dekker with the writer's swap + fence.
        fence(Ordering::SeqCst);
        // Acquire: as in `load`.
        let ptr = self.current.load(Ordering::Acquire);
        // SAFETY: `ptr` came from `Arc::into_raw`. It cannot have been freed:
        // a writer frees a replaced value only after reading `overflow == 0`
        // after its fence, and our increment precedes our read.
        let arc = unsafe { clone_raw(ptr) };
        // Release: our clone happens-before the writer whose acquire load of
        // the counter reads this decrement (or a later RMW).
        self.overflow.fetch_sub(1, Ordering::Release);
        ConfigGuard {
            inner: Snapshot::Owned(arc),
        }
    }

    /// A counted reference to the current value, free to outlive the cell
    /// (one reference-count increment, unlike [`load`](Self::load)).
    pub fn load_full(&self) -> Arc<T> {
        self.load().to_arc()
    }

    /// Replaces the value.
    pub fn store(&self, value: T) {
        let mut retired = self.lock_writers();
        let old = self.replace(Arc::new(value));
        retired.push(old);
        self.reclaim(&mut retired);
    }

    /// Replaces the value and returns the one it replaced.
    pub fn swap(&self, value: T) -> Arc<T> {
        let mut retired = self.lock_writers();
        let old = self.replace(Arc::new(value));
        retired.push(Arc::clone(&old));
        self.reclaim(&mut retired);
        old
    }

    /// Replaces the value with `f(&current)` atomically: concurrent updates
    /// run one after the other, each seeing the previous one's result, so
    /// none is lost. Returns the value it replaced. If `f` panics, nothing
    /// changes (and the cell stays usable).
    ///
    /// Writers wait for each other while `f` runs; readers never do.
    ///
    /// ```
    /// use fearless_locks::ConfigCell;
    ///
    /// let version = ConfigCell::new(1u64);
    /// std::thread::scope(|s| {
    ///     for _ in 0..4 {
    ///         s.spawn(|| { version.update(|v| v + 1); });
    ///     }
    /// });
    /// assert_eq!(*version.load(), 5);
    /// ```
    pub fn update(&self, f: impl FnOnce(&T) -> T) -> Arc<T> {
        let mut retired = self.lock_writers();
        // Relaxed: only writers change `current`, and the previous writer's
        // swap happens-before us through the writer mutex.
        let cur = self.current.load(Ordering::Relaxed);
        // SAFETY: `cur` is the current value, which the cell keeps alive, and
        // it cannot be replaced while we hold the writer mutex.
        let next = f(unsafe { &*cur });
        let old = self.replace(Arc::new(next));
        retired.push(Arc::clone(&old));
        self.reclaim(&mut retired);
        old
    }

    fn lock_writers(&self) -> fearless_core::sync::MutexGuard<'_, Vec<Arc<T>>> {
        // A panic in `update`'s closure poisons the mutex before anything
        // changed: the retired list is intact, so recover it.
        self.retired.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Swaps `new` in and returns the replaced value's reference; the caller
    /// holds the writer mutex and must retire the old value, not drop it.
    fn replace(&self, new: Arc<T>) -> Arc<T> {
        // Release: publishes the new value's contents to readers' acquire
        // loads. No acquire needed: the old value was published to us by
        // the writer mutex.
        let old = self
            .current
            .swap(Arc::into_raw(new).cast_mut(), Ordering::Release);
        // SeqCst fence: the writer half of the Dekker pattern; the scan in
        // `reclaim` comes after it.
        fence(Ordering::SeqCst);
        // SAFETY: `old` came from `Arc::into_raw` in a previous write or the
        // constructor, and the reference the cell owned passes to us.
        unsafe { Arc::from_raw(old) }
    }

    /// Drops every retired value that no reader can still be using. Called
    /// with the writer mutex held, after `replace`'s fence.
    fn reclaim(&self, retired: &mut Vec<Arc<T>>) {
        // Acquire: pairs with the release decrement of overflow readers, so
        // their clones happen-before any drop below.
        if self.overflow.load(Ordering::Acquire) != 0 {
            return;
        }
        retired.retain(|value| {
            let p = Arc::as_ptr(value).cast_mut();
            // Acquire: pairs with a guard's release when it frees its slot,
            // so the reader's accesses happen-before the drop.
            self.slots.iter().any(|s| s.load(Ordering::Acquire) == p)
        });
    }
}

impl<T> Drop for ConfigCell<T> {
    fn drop(&mut self) {
        // `&mut self`: no guard (they borrow the cell) and no writer remain.
        // Relaxed: exclusive access, nothing to synchronize with.
        let cur = self.current.load(Ordering::Relaxed);
        // SAFETY: the cell owns one reference to the current value.
        drop(unsafe { Arc::from_raw(cur) });
    }
}

impl<T: Default> Default for ConfigCell<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for ConfigCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigCell")
            .field("value", &&*self.load())
            .finish()
    }
}

impl<T> ConfigGuard<'_, T> {
    /// A counted reference to the snapshot, free to outlive the guard and
    /// the cell.
    pub fn to_arc(&self) -> Arc<T> {
        match &self.inner {
            // SAFETY: the slot protects `ptr`, so its strong count is at
            // least one for the whole call.
            Snapshot::Slot { ptr, .. } => unsafe { clone_raw(*ptr) },
            Snapshot::Owned(arc) => Arc::clone(arc),
        }
    }
}

impl<T> Deref for ConfigGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        match &self.inner {
            // SAFETY: the slot announces `ptr`, and writers free a replaced
            // value only when no slot announces it (see the module docs).
            Snapshot::Slot { ptr, .. } => unsafe { &**ptr },
            Snapshot::Owned(arc) => arc,
        }
    }
}

impl<T> Drop for ConfigGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Snapshot::Slot { slot, .. } = &self.inner {
            // Release: our reads of the value happen-before a writer whose
            // acquire scan sees the slot free and drops the value.
            write_slot(slot, ptr::null_mut(), Ordering::Release);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ConfigGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
