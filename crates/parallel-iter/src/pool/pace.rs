//! Paced loops: how a parallel iterator's sequential piece lets the
//! heartbeat make work stealable while it runs.
//!
//! A `join` beats the heartbeat, but a piece that is folded sequentially
//! makes no joins: 200 items of a millisecond each, folded as one piece,
//! would never spread. So the iterator bridge folds a piece in chunks and
//! calls [`pace_poll`] between two of them. It reads the clock (the chunk
//! grows while chunks are quick, so cheap items pay one read per few
//! thousand) and says whether a beat is due. When one is, the bridge cuts
//! what is left of its piece in two and joins the halves with
//! [`join_offered_here`], which promotes a frame at once: the oldest
//! pending one, so a beat under an older join's frame spreads that bigger
//! piece first, and otherwise the right half just cut. Expensive items
//! thus spread within an interval of starting, and a cheap input that ends
//! before the first beat never touches the pool.
//!
//! An unindexed producer cannot be cut in the middle of its fold, so its
//! pieces poll between items instead (see `iter/plumbing/paced_folder.rs`)
//! and a due beat promotes the oldest pending frame with
//! [`promote_oldest_here`]: the splits above the piece become stealable
//! while it runs, which is what lets an early exit (`find_any` over an
//! endless range) or another thread's steal reach them.
//!
//! Each function acts on the current thread's frames: a worker's, or a
//! guest's (a thread outside the pool, see `guest.rs`).
//!
//! Models: `src/pool/models.rs`
//! (`beat_split_offers_right_half_at_once_and_runs_it_once`,
//! `beat_split_under_an_older_frame_promotes_the_older_one_first`, loom).

// With the `rayon` engine the iterators fork on rayon, and under loom they
// run sequentially: pacing goes unused (the models drive `join_recorded`).
#![cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]

use super::frames::Frames;
pub(crate) use super::heartbeat::Pace;
use super::join::{FnContext, join_recorded};
use super::registry::{Registry, WorkerThread};

/// Runs `f` with the current thread's frames, if it has any: a worker's
/// or (outside any pool, not under loom or Miri) its guest state's.
#[inline]
fn with_frames<R>(f: impl FnOnce(&Frames, Option<&Registry>) -> R) -> Option<R> {
    match WorkerThread::current() {
        Some(worker) => Some(f(worker.frames(), Some(worker.registry()))),
        None => super::guest::with_guest_frames(f),
    }
}

/// A paced computation (a parallel iterator) begins on this thread; pair
/// with [`pace_end`].
#[inline]
pub(crate) fn pace_begin() {
    with_frames(|frames, _| frames.begin_paced());
}

/// The paced computation begun last on this thread ended.
#[inline]
pub(crate) fn pace_end() {
    with_frames(|frames, _| frames.end_paced());
}

/// Between two chunks of a paced loop whose last chunk held `chunk` items:
/// whether a beat is due, and the next chunk's size.
///
/// A thread with no frames (outside any pool under loom or Miri, which
/// have no guests) is always due, so its loop forks at once and runs on a
/// worker of the temporary pool that the join starts.
#[inline]
pub(crate) fn pace_poll(chunk: usize) -> Pace {
    with_frames(|frames, registry| frames.poll(chunk, registry.map(Registry::sleep)))
        .unwrap_or(Pace { due: true, chunk })
}

/// A beat came due while this thread folds a piece that cannot be cut
/// mid-fold (an unindexed producer's): promotes the oldest pending frame
/// of this thread, if there is one, so that the rest of the computation
/// still spreads while this piece runs.
pub(crate) fn promote_oldest_here() {
    match WorkerThread::current() {
        Some(worker) => worker.promote_oldest(),
        None => super::guest::guest_promote_oldest(),
    }
}

/// A join for a paced loop whose beat is due: `b` is recorded and the
/// oldest pending frame of this thread is promoted at once (see
/// `join::join_recorded`).
pub(crate) fn join_offered_here<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    match WorkerThread::current() {
        Some(worker) => join_recorded(worker, false, true, a, b),
        None => super::guest::guest_join_offered(a, b),
    }
}
