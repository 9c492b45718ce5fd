//! A small number per thread, for picking a shard or a slot.
//!
//! Threads are numbered in the order they first ask, from one shared
//! counter, so the threads of one program land on consecutive, hence
//! distinct, shards (modulo the shard count) instead of colliding by hash.
//! A thread keeps its number for its whole life; numbers are not reused.
//!
//! Models: `tests/models.rs`, module `thread_index`.

/// The calling thread's number: the same on every call from one thread,
/// different from every other live thread's (until `usize::MAX / 2` threads
/// have asked).
///
/// Cheap after the first call (one thread-local load), so it can sit on a
/// hot path such as a counter increment.
///
/// ```
/// let mine = fearless_core::thread_index();
/// assert_eq!(mine, fearless_core::thread_index());
/// let other = std::thread::spawn(fearless_core::thread_index).join().unwrap();
/// assert_ne!(mine, other);
/// ```
#[cfg(not(loom))]
#[inline]
pub fn thread_index() -> usize {
    let index = numbering::INDEX.get();
    if index != numbering::UNASSIGNED {
        return index;
    }
    numbering::assign()
}

#[cfg(not(loom))]
mod numbering {
    use std::cell::Cell;

    use crate::sync::atomic::{AtomicUsize, Ordering};

    /// The next number to hand out.
    static NEXT: AtomicUsize = AtomicUsize::new(0);

    /// "No number yet".
    pub(super) const UNASSIGNED: usize = usize::MAX;

    std::thread_local! {
        // Const-initialized and without a destructor: reading it is one load.
        pub(super) static INDEX: Cell<usize> = const { Cell::new(UNASSIGNED) };
    }

    #[cold]
    pub(super) fn assign() -> usize {
        // Relaxed: the number only has to differ from the others, not be
        // ordered with anything; the read-modify-write alone makes them
        // distinct. Masked so that it can never equal `UNASSIGNED`.
        let index = NEXT.fetch_add(1, Ordering::Relaxed) & (usize::MAX >> 1);
        INDEX.set(index);
        index
    }
}

/// Under loom and shuttle every modelled thread runs on one OS thread, so a
/// thread-local would be shared, and a static counter would carry over from
/// one execution to the next. The number comes from the checker's thread id
/// instead: the digits of its `Debug` form, which is the thread's number
/// within the execution (0 for the model's main thread; loom prints
/// `ThreadId(1)`, shuttle `ThreadId { task_id: TaskId(1) }`). Hashing the id
/// would mix in loom's execution id and break its deterministic replay.
#[cfg(loom)]
pub fn thread_index() -> usize {
    let id = format!("{:?}", crate::sync::thread::current().id());
    id.bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |n, d| n * 10 + usize::from(d - b'0'))
}
