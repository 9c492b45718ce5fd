//! The pending frames of one thread: right halves of its `join`s that are
//! not (yet) stealable.
//!
//! A `join` records its right half here instead of on the shared deque, so
//! an un-promoted join touches no shared memory. Only the owner thread
//! reads or writes the list. Frames are recorded and removed in stack
//! order (newest last); a heartbeat promotes the *oldest* one, the biggest
//! piece of work, so promotion takes from the front and the owner pops from
//! the back. A join whose frame is no longer at the back after its left
//! half returned knows that its frame was promoted.
//!
//! Models: `src/pool/models.rs` (`unpromoted_frame_*`,
//! `promoted_frame_runs_once_*`,
//! `heartbeat_promotes_the_oldest_frame_not_the_newest`, loom).

use super::heartbeat::{Heartbeat, Pace};
use super::job::JobRef;
use super::sleep::Sleep;
use fearless_core::sync::cell::UnsafeCell;
use std::cell::Cell;
use std::collections::VecDeque;

/// Room for this many nested joins before the list reallocates.
const INITIAL_CAPACITY: usize = 64;

/// A thread's pending frames and its heartbeat.
pub(super) struct Frames {
    pending: UnsafeCell<VecDeque<JobRef>>,
    heartbeat: Heartbeat,
    /// Deep joins since the last one that recorded a frame.
    unrecorded: Cell<u32>,
    /// Paced computations (parallel iterators) running on this thread.
    #[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
    paced: Cell<u32>,
}

impl Frames {
    pub(super) fn new() -> Self {
        Frames {
            pending: UnsafeCell::new(VecDeque::with_capacity(INITIAL_CAPACITY)),
            heartbeat: Heartbeat::new(),
            unrecorded: Cell::new(0),
            paced: Cell::new(0),
        }
    }

    /// Whether the join that begins should record its right half; if not,
    /// it runs both halves as plain calls after [`tick`](Self::tick)ing the
    /// heartbeat.
    ///
    /// A join records when no frame is pending, so a beat always finds one
    /// to promote, and it is the outermost (biggest) piece. Beyond that, one
    /// in [`Heartbeat::record_every`] records: promotion only ever takes the
    /// oldest frame, so the deep ones matter only once the shallow ones are
    /// gone, and recording one in a few keeps promotable work at every depth
    /// while the others cost nothing but a counter. How many depends on the
    /// measured cost of a join (see `heartbeat.rs`): all of them when joins
    /// are expensive.
    ///
    /// Recording every join while fewer than 4 frames were pending made a
    /// `join` at every node of fib(30) 1.10x slower on 2 threads (best of
    /// 40 runs): in a recursion, the right halves run after their frame is
    /// popped, so half the joins found fewer than 4 frames pending.
    #[inline]
    pub(super) fn wants_frame(&self) -> bool {
        // SAFETY: as in `push`.
        let len = self.pending.with_mut(|p| unsafe { (*p).len() });
        let skipped = self.unrecorded.get();
        if len == 0 || skipped + 1 >= self.heartbeat.record_every() {
            self.unrecorded.set(0);
            true
        } else {
            self.unrecorded.set(skipped + 1);
            false
        }
    }

    /// The heartbeat of a join that records no frame: whether to promote.
    #[inline]
    pub(super) fn tick(&self, sleep: &Sleep) -> bool {
        self.heartbeat.tick(sleep)
    }

    /// Records the right half of a join that begins, and says whether the
    /// heartbeat asks for a promotion now.
    #[inline]
    pub(super) fn push(&self, job: JobRef, sleep: &Sleep) -> bool {
        // SAFETY: only the owner thread touches `pending` (the list is
        // reachable only through its thread-local state), and no reference
        // into it outlives this call.
        let outermost = self.pending.with_mut(|p| unsafe {
            let pending = &mut *p;
            pending.push_back(job);
            pending.len() == 1
        });
        if outermost {
            self.heartbeat.start();
        }
        self.heartbeat.tick(sleep)
    }

    /// Removes the newest frame if it is `id`: the join's right half was
    /// not promoted, and the caller runs it inline. `false` means it was
    /// promoted (and now lives in a queue).
    #[inline]
    pub(super) fn pop_if(&self, id: *const ()) -> bool {
        // SAFETY: as in `push`.
        self.pending.with_mut(|p| unsafe {
            let pending = &mut *p;
            if pending.back().is_some_and(|job| job.id() == id) {
                pending.pop_back();
                true
            } else {
                false
            }
        })
    }

    /// A paced computation begins on this thread. The outermost one (no
    /// frame pending, no paced computation around it) starts a fresh
    /// heartbeat interval, so that an idle spell before it does not count
    /// as work and make the first chunk boundary promote at once.
    #[inline]
    #[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
    pub(super) fn begin_paced(&self) {
        let depth = self.paced.get();
        // SAFETY: as in `push`.
        if depth == 0 && self.pending.with_mut(|p| unsafe { (*p).is_empty() }) {
            self.heartbeat.start();
        }
        self.paced.set(depth + 1);
    }

    /// The paced computation begun last on this thread ended.
    #[inline]
    #[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
    pub(super) fn end_paced(&self) {
        self.paced.set(self.paced.get() - 1);
    }

    /// This thread starts a job taken from a queue: a fresh heartbeat
    /// interval begins (time spent idle or waiting is not work).
    #[inline]
    pub(super) fn start_job(&self) {
        self.heartbeat.start();
    }

    /// A paced loop's clock read between two chunks (see
    /// [`Heartbeat::poll`]).
    #[inline]
    #[cfg_attr(any(loom, feature = "rayon"), allow(dead_code))]
    pub(super) fn poll(&self, chunk: usize, sleep: Option<&Sleep>) -> Pace {
        self.heartbeat.poll(chunk, sleep)
    }

    /// Takes the oldest pending frame for promotion.
    pub(super) fn take_oldest(&self) -> Option<JobRef> {
        // SAFETY: as in `push`.
        self.pending.with_mut(|p| unsafe { (*p).pop_front() })
    }

    /// Makes the next join promote (tests and models).
    #[cfg(test)]
    pub(super) fn force_heartbeat(&self) {
        self.heartbeat.force();
    }
}
