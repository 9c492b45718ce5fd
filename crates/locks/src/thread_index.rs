//! A small number per thread, for picking a shard or a slot.
//!
//! Threads get consecutive numbers in the order they first ask, so the
//! threads of one program spread evenly over a power-of-two number of shards
//! instead of colliding by hash.

/// This thread's number; the same on every call from the same thread.
#[cfg(not(loom))]
#[inline]
pub(crate) fn thread_index() -> usize {
    use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    use std::cell::Cell;

    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static INDEX: Cell<usize> = const { Cell::new(usize::MAX) };
    }
    INDEX.with(|index| {
        let mut i = index.get();
        if i == usize::MAX {
            // Relaxed: only uniqueness matters, which the RMW gives.
            i = NEXT.fetch_add(1, Ordering::Relaxed) & (usize::MAX >> 1);
            index.set(i);
        }
        i
    })
}

/// Under loom every model thread runs on one OS thread, so thread-locals
/// would be shared: number threads by loom's thread id instead.
#[cfg(loom)]
pub(crate) fn thread_index() -> usize {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fearless_core::sync::thread::current().id().hash(&mut h);
    h.finish() as usize
}

/// How many shards to give a structure that readers spread over: a power of
/// two, twice the cores (so threads rarely share), at least 4, at most 64.
/// Two under loom, to keep models small.
pub(crate) fn default_shards() -> usize {
    if cfg!(loom) {
        return 2;
    }
    let cores = fearless_core::sync::thread::available_parallelism().map_or(4, |n| n.get());
    (cores * 2).next_power_of_two().clamp(4, 64)
}
