//! `join`: fork two closures, run one here, let the other be stolen.
//!
//! Models: `src/pool/models.rs`
//! (`unpromoted_frame_stays_private_to_its_owner`,
//! `promoted_frame_runs_once_*`, `external_join_on_two_workers_*`, loom).

use super::job::StackJob;
use super::latch::{JoinLatch, Probe};
use super::registry::{WorkerThread, in_current_pool};
use super::unwind;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};

/// What a closure given to [`join_context`] learns about where it runs.
#[derive(Debug)]
pub struct FnContext {
    migrated: bool,
    /// Not `Send`: the context describes the thread it was made on.
    _not_send: PhantomData<*mut ()>,
}

impl FnContext {
    pub(super) fn new(migrated: bool) -> Self {
        FnContext {
            migrated,
            _not_send: PhantomData,
        }
    }

    /// Whether the closure runs on another thread than the one that called
    /// `join_context`: it was stolen, or the call came from outside the pool.
    /// Adaptive splitters split further when this is true.
    pub fn migrated(&self) -> bool {
        self.migrated
    }
}

/// Runs `a` and `b`, potentially in parallel, and returns both results.
///
/// `b` is offered to other workers; `a` runs on the calling thread (or on a
/// worker of the global pool if the caller is outside any pool). If `b` was
/// not stolen meanwhile, the caller runs it too; if it was, the caller runs
/// other jobs until the thief is done.
///
/// # Panics
/// If `a` or `b` panics, the panic is resumed on the caller after *both*
/// have finished, so data they borrow stays valid; when both panic, `a`'s
/// panic wins.
///
/// ```
/// fn fib(n: u64) -> u64 {
///     if n < 10 {
///         return if n < 2 { n } else { fib(n - 1) + fib(n - 2) };
///     }
///     let (a, b) = fearless_par::join(|| fib(n - 1), || fib(n - 2));
///     a + b
/// }
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// assert_eq!(pool.install(|| fib(20)), 6765);
/// ```
#[inline]
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    join_context(|_| a(), |_| b())
}

/// [`join`], with a [`FnContext`] that tells each closure whether it
/// migrated to another thread.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// // With one worker nothing can be stolen: `b` runs where `a` ran.
/// let (_, b_migrated) = pool.install(|| {
///     fearless_par::join_context(|_| (), |ctx| ctx.migrated())
/// });
/// assert!(!b_migrated);
/// ```
#[inline]
pub fn join_context<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    in_current_pool(|worker, injected| join_context_in(worker, injected, a, b))
}

/// `join_context` on `worker`, which is the current thread.
///
/// The heartbeat protocol: `b` is recorded as a pending frame of this
/// worker, invisible to other threads, and `a` runs. If no heartbeat
/// promoted the frame meanwhile, it is still the newest pending frame and
/// `b` is called inline: the join cost a function call and a few owner-only
/// writes. If a heartbeat promoted it (the oldest frame is promoted first),
/// it sits on this worker's deque: we pop it back if nobody stole it, or
/// work on other jobs until the thief sets its latch.
#[inline]
pub(crate) fn join_context_in<A, B, RA, RB>(
    worker: &WorkerThread,
    injected: bool,
    a: A,
    b: B,
) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA + Send,
    B: FnOnce(FnContext) -> RB + Send,
    RA: Send,
    RB: Send,
{
    if !worker.frames().wants_frame() {
        if worker.frames().tick(worker.registry().sleep()) {
            worker.promote_oldest();
        }
        return join_as_calls(injected, a, b);
    }
    join_recorded(worker, injected, false, a, b)
}

/// The join of a recorded frame. `offer` makes work stealable at once, for
/// a paced loop whose heartbeat is due (see `pace.rs`): the oldest pending
/// frame is promoted, which is `b` itself unless older frames wait (the
/// oldest, biggest piece goes first, as on any beat; `b` then waits for a
/// later beat).
pub(crate) fn join_recorded<A, B, RA, RB>(
    worker: &WorkerThread,
    injected: bool,
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
        JoinLatch::new(worker.registry(), worker.index()),
    );
    // SAFETY: `job_b` stays on this frame until it is either taken back
    // unexecuted (from the pending frames or the deque) or its latch is set:
    // every path out of this function, including a panic of `a`, first
    // does one of the two.
    let job_b_ref = unsafe { job_b.as_job_ref() };
    let job_b_id = job_b_ref.id();
    // One promotion however the beat came (the join's own heartbeat tick,
    // or the paced loop's poll that asked for `offer`).
    if worker.frames().push(job_b_ref, worker.registry().sleep()) || offer {
        worker.promote_oldest();
    }

    let result_a = panic::catch_unwind(AssertUnwindSafe(|| a(FnContext::new(injected))));

    if worker.frames().pop_if(job_b_id) {
        // Never promoted: nobody else can reach `b`.
        return match result_a {
            Ok(result_a) => (result_a, job_b.run_inline(injected)),
            Err(payload) => {
                // `b` still runs, as when it is stolen; `a`'s panic wins.
                let _ = panic::catch_unwind(AssertUnwindSafe(|| job_b.run_inline(injected)));
                unwind::resume_unwinding(payload)
            }
        };
    }

    // Promoted: take `b` back from our deque if nobody stole it. The deque
    // is LIFO, so anything above it was pushed after it (and is run here).
    while !job_b.latch.probe() {
        match worker.take_local_job() {
            Some(job) if job.id() == job_b_id => {
                let result_b = panic::catch_unwind(AssertUnwindSafe(|| job_b.run_inline(injected)));
                return match (result_a, result_b) {
                    (Ok(ra), Ok(rb)) => (ra, rb),
                    (Err(payload), _) | (Ok(_), Err(payload)) => unwind::resume_unwinding(payload),
                };
            }
            Some(job) => worker.execute(job),
            None => {
                worker.wait_until(&job_b.latch);
                break;
            }
        }
    }
    match result_a {
        Ok(result_a) => (result_a, job_b.into_result()),
        Err(payload) => unwind::resume_unwinding(payload),
    }
}

/// A join that recorded no frame: `a`, then `b`, as plain calls. If `a`
/// panics, `b` still runs (as it would if it had been stolen) and `a`'s
/// panic is resumed afterwards.
#[inline]
pub(super) fn join_as_calls<A, B, RA, RB>(migrated: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce(FnContext) -> RA,
    B: FnOnce(FnContext) -> RB,
{
    match panic::catch_unwind(AssertUnwindSafe(|| a(FnContext::new(migrated)))) {
        Ok(result_a) => (result_a, b(FnContext::new(migrated))),
        Err(payload) => {
            let _ = panic::catch_unwind(AssertUnwindSafe(|| b(FnContext::new(migrated))));
            unwind::resume_unwinding(payload)
        }
    }
}
