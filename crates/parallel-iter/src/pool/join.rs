//! `join`: fork two closures, run one here, let the other be stolen.

use super::job::StackJob;
use super::latch::SpinLatch;
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
    fn new(migrated: bool) -> Self {
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
    let job_b = StackJob::new(
        |migrated| b(FnContext::new(migrated)),
        SpinLatch::new(worker.registry(), worker.index()),
    );
    // SAFETY: `job_b` stays on this frame until it is either popped back
    // unexecuted (below) or its latch is set: every path out of this
    // function, including a panic of `a`, first waits for one of the two.
    let job_b_ref = unsafe { job_b.as_job_ref() };
    let job_b_id = job_b_ref.id();
    worker.push(job_b_ref);

    let result_a = match panic::catch_unwind(AssertUnwindSafe(|| a(FnContext::new(injected)))) {
        Ok(r) => r,
        Err(payload) => {
            // Let `b` finish (run it here if it is still queued) before the
            // panic leaves the frame that `b` borrows from.
            worker.wait_until(&job_b.latch);
            unwind::resume_unwinding(payload);
        }
    };

    // Take `b` back if nobody stole it; our deque is LIFO, so anything
    // above it was pushed (and popped) by `a`.
    while !latch_is_set(&job_b) {
        match worker.take_local_job() {
            Some(job) if job.id() == job_b_id => {
                let result_b = job_b.run_inline(injected);
                return (result_a, result_b);
            }
            Some(job) => worker.execute(job),
            None => {
                worker.wait_until(&job_b.latch);
                break;
            }
        }
    }
    (result_a, job_b.into_result())
}

fn latch_is_set<F, R>(job: &StackJob<SpinLatch<'_>, F, R>) -> bool {
    use super::latch::Probe;
    job.latch.probe()
}
