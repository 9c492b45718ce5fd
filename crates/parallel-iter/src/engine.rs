//! Where the pieces of a parallel iterator run.
//!
//! The same user code runs on one of three engines:
//!
//! - **our pool** (the default): pieces are forked with the pool's
//!   `join_context`;
//! - **rayon** (cargo feature `rayon`): pieces are forked with
//!   `rayon::join_context` on rayon's pool, so a `rayon::ThreadPool::install`
//!   decides how many threads they use;
//! - **sequential**: no fork at all, every iterator runs as one piece on the
//!   calling thread.
//!
//! The rules, in order:
//!
//! 1. Under `--cfg loom` the engine is always sequential: loom cannot see
//!    inside a thread pool, but it can check code that runs parallel
//!    iterators on the calling thread, so applications that use them stay
//!    model-checkable.
//! 2. Inside [`sequential`] the calling thread runs sequentially, whatever
//!    was compiled in. Work already handed to other threads is not affected.
//! 3. Otherwise the feature `rayon` picks rayon, and its absence picks our
//!    pool.
//!
//! The choice costs one branch per parallel call: rule 2 is read once when
//! an iterator starts, and rules 1 and 3 are settled at compile time, so the
//! splitting itself never asks again.

#![forbid(unsafe_code)]

#[cfg(not(loom))]
use std::cell::Cell;

/// An engine that can run parallel iterators and parallel sorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Engine {
    /// Our work-stealing pool (the default).
    Pool,
    /// Rayon's pool (cargo feature `rayon`).
    Rayon,
    /// No parallelism: every piece runs on the calling thread.
    Sequential,
}

/// The engine compiled in: rayon with the `rayon` feature, else our pool.
#[cfg(not(loom))]
const COMPILED: Engine = if cfg!(feature = "rayon") {
    Engine::Rayon
} else {
    Engine::Pool
};

#[cfg(not(loom))]
thread_local! {
    /// How many [`sequential`] calls are active on this thread.
    static SEQUENTIAL_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The engine that a parallel iterator started on this thread uses now.
///
/// ```
/// use fearless_par::{Engine, current_engine, sequential};
///
/// assert_eq!(sequential(current_engine), Engine::Sequential);
/// ```
pub fn current_engine() -> Engine {
    #[cfg(loom)]
    {
        Engine::Sequential
    }
    #[cfg(not(loom))]
    {
        if SEQUENTIAL_DEPTH.with(Cell::get) > 0 {
            Engine::Sequential
        } else {
            COMPILED
        }
    }
}

/// Runs `f` with every parallel iterator and parallel sort that starts on
/// this thread running sequentially, on this thread.
///
/// Useful to compare against the parallel run, to debug, or to keep a
/// caller that is already parallel from forking further. Calls nest, and
/// the previous mode comes back when `f` returns or panics.
///
/// ```
/// use fearless_par::prelude::*;
///
/// let v: Vec<u64> = (0..1_000).collect();
/// let total = fearless_par::sequential(|| v.par_iter().sum::<u64>());
/// assert_eq!(total, 499_500);
/// ```
pub fn sequential<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(not(loom))]
    {
        /// Leaves the sequential mode even if `f` panics.
        struct Leave;
        impl Drop for Leave {
            fn drop(&mut self) {
                SEQUENTIAL_DEPTH.with(|d| d.set(d.get() - 1));
            }
        }
        SEQUENTIAL_DEPTH.with(|d| d.set(d.get() + 1));
        let _leave = Leave;
        f()
    }
    #[cfg(loom)]
    {
        f()
    }
}

/// The number of threads the compiled-in engine would use for a fork
/// started here. Only asked once an input is big enough to split, so small
/// inputs never touch (or lazily start) a pool.
#[inline]
pub(crate) fn threads_for_fork() -> usize {
    #[cfg(loom)]
    {
        1
    }
    #[cfg(all(not(loom), feature = "rayon"))]
    {
        rayon::current_num_threads()
    }
    #[cfg(all(not(loom), not(feature = "rayon")))]
    {
        crate::pool::current_num_threads()
    }
}

/// Runs `a` and `b`, potentially in parallel, and returns both results.
/// Each closure learns whether it was migrated (stolen by another thread),
/// which is what the adaptive splitter listens to. A panic in either is
/// resumed here after both have finished.
#[inline]
pub(crate) fn join_context<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(bool) -> RA + Send,
    B: FnOnce(bool) -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(loom)]
    {
        (a(false), b(false))
    }
    #[cfg(all(not(loom), feature = "rayon"))]
    {
        rayon::join_context(|ctx| a(ctx.migrated()), |ctx| b(ctx.migrated()))
    }
    #[cfg(all(not(loom), not(feature = "rayon")))]
    {
        crate::pool::join_context_here(|ctx| a(ctx.migrated()), |ctx| b(ctx.migrated()))
    }
}

/// Whether sequential pieces of parallel iterators run paced (in chunks,
/// polling the heartbeat between them; see `pool/pace.rs`). Only our pool
/// has a heartbeat; rayon's pieces are cut by the splitter alone.
pub(crate) const PACED: bool = cfg!(all(not(loom), not(feature = "rayon")));

/// Marks a paced computation running on this thread while it lives.
pub(crate) struct PacedScope(());

impl PacedScope {
    /// A paced computation begins here (see `pool::pace_begin`).
    #[inline]
    pub(crate) fn enter() -> Self {
        #[cfg(all(not(loom), not(feature = "rayon")))]
        crate::pool::pace_begin();
        PacedScope(())
    }
}

impl Drop for PacedScope {
    #[inline]
    fn drop(&mut self) {
        #[cfg(all(not(loom), not(feature = "rayon")))]
        crate::pool::pace_end();
    }
}

/// Between two chunks of a paced loop (whose last chunk held `chunk`
/// items): whether the heartbeat is due, and the next chunk's size.
#[inline]
pub(crate) fn pace_poll(chunk: usize) -> (bool, usize) {
    #[cfg(all(not(loom), not(feature = "rayon")))]
    {
        let pace = crate::pool::pace_poll(chunk);
        (pace.due, pace.chunk)
    }
    #[cfg(any(loom, feature = "rayon"))]
    {
        (false, chunk.saturating_mul(8))
    }
}

/// Between two chunks of a piece that cannot be cut mid-fold (an unindexed
/// producer's), whose last chunk held `chunk` items: promotes this
/// thread's oldest pending frame if the heartbeat is due (see
/// `pool::promote_oldest_here`), and returns the next chunk's size.
#[inline]
pub(crate) fn pace_uncut(chunk: usize) -> usize {
    #[cfg(all(not(loom), not(feature = "rayon")))]
    {
        let pace = crate::pool::pace_poll(chunk);
        if pace.due {
            crate::pool::promote_oldest_here();
        }
        pace.chunk
    }
    #[cfg(any(loom, feature = "rayon"))]
    {
        chunk.saturating_mul(8)
    }
}

/// [`join_context`] for a paced loop whose beat is due: makes a frame
/// stealable at once (see `pool::join_offered_here`).
#[inline]
pub(crate) fn join_offered<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(bool) -> RA + Send,
    B: FnOnce(bool) -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(all(not(loom), not(feature = "rayon")))]
    {
        crate::pool::join_offered_here(|ctx| a(ctx.migrated()), |ctx| b(ctx.migrated()))
    }
    #[cfg(any(loom, feature = "rayon"))]
    {
        join_context(a, b)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn sequential_nests_and_restores_after_panic() {
        assert_eq!(current_engine(), COMPILED);
        sequential(|| {
            sequential(|| assert_eq!(current_engine(), Engine::Sequential));
            assert_eq!(current_engine(), Engine::Sequential);
        });
        let caught = std::panic::catch_unwind(|| sequential(|| panic!("boom")));
        assert!(caught.is_err());
        assert_eq!(current_engine(), COMPILED);
    }
}
