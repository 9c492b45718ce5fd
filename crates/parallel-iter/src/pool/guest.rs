//! Guests: threads outside any pool that run the pieces of a parallel
//! iterator themselves.
//!
//! A parallel iterator started outside the pool does not hand its whole
//! computation to a worker and block (the cost of a wake-up and a context
//! switch, which dwarfs a small input). The calling thread runs it as a
//! *guest*: its joins record pending frames and beat the heartbeat exactly
//! as a worker's do, and a promotion pushes the oldest frame on the pool's
//! injector, where workers take it. So a small input never touches the pool,
//! and a big or expensive one spreads after one heartbeat interval.
//!
//! The injector is FIFO and shared, so a guest cannot pop a promoted frame
//! back as a worker pops its deque. It promotes a *ticket* instead
//! (`ticket.rs`): when its left half returns, the guest claims the ticket,
//! and if no worker took the frame yet, runs it itself. A join of a guest
//! thus never waits for a worker that has not started (waking one takes
//! tens of microseconds on a VM). If a worker won the claim, the guest
//! has no deque to work from: it waits on its signal until the worker has
//! run the frame. Promotion picks the oldest frame, the biggest pending
//! piece, so the wait is for work that runs in parallel with the guest's
//! own.
//!
//! Public `join`/`scope` from outside keep rayon's semantics (run on a
//! worker); only the crate's iterators and sorts use guests.
//!
//! Models: `src/pool/models.rs`
//! (`guest_reclaims_or_a_worker_runs_the_promoted_frame_once`, loom).

// With the `rayon` engine the iterators fork on rayon, and under the model
// checkers and Miri there are no guests (see `join_context_here`): only the
// pool's own loom models drive a guest, so the library alone leaves it
// unused.
#![cfg_attr(any(feature = "rayon", loom, miri), allow(dead_code))]

use super::frames::Frames;
use super::job::StackJob;
use super::join::{FnContext, join_as_calls};
use super::latch::{GuestSignal, JoinLatch};
use super::registry::Registry;
use super::ticket::Ticket;
use super::unwind;
use fearless_core::sync::Arc;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

/// A guest thread's state: its pending frames and the signal its promoted
/// frames' latches wake.
pub(crate) struct Guest {
    frames: Frames,
    signal: Arc<GuestSignal>,
    /// The tickets of promoted frames whose joins have not returned yet,
    /// oldest first, with their frames' ids.
    promoted: RefCell<Vec<(*const (), Arc<Ticket>)>>,
}

impl Guest {
    pub(crate) fn new() -> Self {
        Guest {
            frames: Frames::new(),
            signal: Arc::new(GuestSignal::new()),
            promoted: RefCell::new(Vec::new()),
        }
    }

    /// Promotes this guest's oldest pending frame, if any, to `registry`'s
    /// injector, where workers take it, as a ticket the guest can still
    /// claim back.
    fn promote_oldest(&self, registry: &Registry) {
        if let Some(oldest) = self.frames.take_oldest() {
            let id = oldest.id();
            let ticket = Ticket::new(oldest);
            self.promoted.borrow_mut().push((id, Arc::clone(&ticket)));
            registry.inject(Ticket::into_job_ref(ticket));
        }
    }

    /// Claims back the promoted frame `id` (a join's right half): whether
    /// the guest won it, so that no worker will run it.
    fn reclaim(&self, id: *const ()) -> bool {
        let mut promoted = self.promoted.borrow_mut();
        // Joins return newest first, so the ticket is at or near the end.
        let at = promoted
            .iter()
            .rposition(|(promoted_id, _)| *promoted_id == id)
            .expect("a promoted frame has a ticket");
        let (_, ticket) = promoted.swap_remove(at);
        ticket.claim()
    }

    /// Makes the next join promote (tests and models).
    #[cfg(test)]
    pub(crate) fn force_heartbeat(&self) {
        self.frames.force_heartbeat();
    }
}

/// `join_context` run by `guest` (the current thread, outside any pool),
/// promoting into `registry`.
pub(crate) fn guest_join_context<A, B, RA, RB>(
    registry: &Registry,
    guest: &Guest,
    a: A,
    b: B,
) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    if !guest.frames.wants_frame() {
        if guest.frames.tick(registry.sleep()) {
            guest.promote_oldest(registry);
        }
        return join_as_calls(false, a, b);
    }
    guest_join_recorded(registry, guest, false, a, b)
}

/// The join of a recorded frame of a guest; `offer` promotes one frame at
/// once (see `join::join_recorded`).
pub(crate) fn guest_join_recorded<A, B, RA, RB>(
    registry: &Registry,
    guest: &Guest,
    offer: bool,
    a: A,
    b: B,
) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    let job_b = StackJob::new(
        |migrated| b(FnContext::new(migrated)),
        JoinLatch::for_guest(&guest.signal),
    );
    // SAFETY: `job_b` stays on this frame until it is taken back unexecuted
    // (from the pending frames, or by winning its ticket's claim, after
    // which no worker touches it) or its latch is set: every path out of
    // this function, including a panic of `a`, first does one of these.
    let job_b_ref = unsafe { job_b.as_job_ref() };
    let job_b_id = job_b_ref.id();
    if guest.frames.push(job_b_ref, registry.sleep()) || offer {
        guest.promote_oldest(registry);
    }

    let result_a = panic::catch_unwind(AssertUnwindSafe(|| a(FnContext::new(false))));

    if guest.frames.pop_if(job_b_id) {
        return match result_a {
            Ok(result_a) => (result_a, job_b.run_inline(false)),
            Err(payload) => {
                // `b` still runs, as when it is stolen; `a`'s panic wins.
                let _ = panic::catch_unwind(AssertUnwindSafe(|| job_b.run_inline(false)));
                unwind::resume_unwinding(payload)
            }
        };
    }
    if guest.reclaim(job_b_id) {
        // No worker took the frame: run it here, as if never promoted.
        let result_b = panic::catch_unwind(AssertUnwindSafe(|| job_b.run_inline(false)));
        return match (result_a, result_b) {
            (Ok(ra), Ok(rb)) => (ra, rb),
            (Err(payload), _) | (Ok(_), Err(payload)) => unwind::resume_unwinding(payload),
        };
    }
    // A worker won the frame: wait for its latch.
    guest.signal.wait(&job_b.latch);
    match result_a {
        Ok(result_a) => (result_a, job_b.into_result()),
        Err(payload) => unwind::resume_unwinding(payload),
    }
}

#[cfg(not(any(loom, miri)))]
thread_local! {
    static GUEST: Guest = Guest::new();
}

/// `join_context` on the current thread: as a worker of its pool, or as a
/// guest of the global pool (see the module docs).
#[cfg(not(any(loom, miri)))]
pub(crate) fn join_context_here<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    use super::registry::{WorkerThread, global_registry};
    match WorkerThread::current() {
        Some(worker) => super::join::join_context_in(worker, false, a, b),
        None => GUEST.with(|guest| guest_join_context(global_registry(), guest, a, b)),
    }
}

/// Runs `f` with this thread's guest frames (a thread outside any pool)
/// and the pool it is a guest of, if that pool was built yet.
#[cfg(not(any(loom, miri)))]
#[inline]
pub(super) fn with_guest_frames<R>(f: impl FnOnce(&Frames, Option<&Registry>) -> R) -> Option<R> {
    use super::registry::global_registry_if_built;
    Some(GUEST.with(|guest| f(&guest.frames, global_registry_if_built().map(|r| &**r))))
}

/// Under loom and Miri there are no guests.
#[cfg(any(loom, miri))]
#[inline]
#[cfg_attr(loom, allow(dead_code))]
pub(super) fn with_guest_frames<R>(_f: impl FnOnce(&Frames, Option<&Registry>) -> R) -> Option<R> {
    None
}

/// `join_offered_here` on a thread outside any pool: as this thread's
/// guest, the promoted frame goes to the global pool's injector.
#[cfg(not(any(loom, miri)))]
pub(super) fn guest_join_offered<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    use super::registry::global_registry;
    GUEST.with(|guest| guest_join_recorded(global_registry(), guest, true, a, b))
}

/// `promote_oldest_here` on a thread outside any pool: its oldest pending
/// frame, if any, goes to the global pool's injector.
#[cfg(not(any(loom, miri)))]
pub(super) fn guest_promote_oldest() {
    use super::registry::global_registry;
    GUEST.with(|guest| guest.promote_oldest(global_registry()));
}

/// Under loom and Miri there are no guests, so no frames to promote.
#[cfg(any(loom, miri))]
#[cfg_attr(loom, allow(dead_code))]
pub(super) fn guest_promote_oldest() {}

/// Under loom and Miri (no guests): a plain join, which runs on a
/// temporary pool.
#[cfg(any(loom, miri))]
#[cfg_attr(loom, allow(dead_code))]
pub(super) fn guest_join_offered<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    super::join::join_context(a, b)
}

/// Under loom and Miri there is no global pool to be a guest of (see
/// `registry.rs`); the models drive [`guest_join_context`] directly.
#[cfg(any(loom, miri))]
#[cfg_attr(loom, allow(dead_code))]
pub(crate) fn join_context_here<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    super::join::join_context(a, b)
}
