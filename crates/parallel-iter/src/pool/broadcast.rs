//! `broadcast` and `spawn_broadcast`: run an operation once on every
//! worker of a pool.
//!
//! Each worker has an inbox (a FIFO queue only it takes from, searched
//! right after its own deque). A broadcast puts one job in every inbox and
//! wakes that very worker; `broadcast` then waits, working, until every copy
//! has run, and returns the results in worker order.
//!
//! Models: `src/pool/models.rs`
//! (`broadcast_scope_owner_waits_for_every_copy`, loom).

use super::job::{HeapJob, JobRef, StackJob};
use super::latch::{Latch, Probe};
use super::registry::{Registry, WorkerThread, in_current_pool};
use super::sleep::Sleep;
use super::unwind;
use fearless_core::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};
use std::fmt;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};

/// Where a broadcast operation runs: which worker, of how many.
pub struct BroadcastContext<'a> {
    index: usize,
    num_threads: usize,
    /// Not `Send`: it describes the thread it was made on.
    _marker: PhantomData<&'a mut *mut ()>,
}

impl BroadcastContext<'_> {
    /// The context of the worker running this copy.
    pub(super) fn here(num_threads: usize) -> Self {
        let worker = WorkerThread::current().expect("broadcast jobs run on workers");
        BroadcastContext {
            index: worker.index(),
            num_threads,
            _marker: PhantomData,
        }
    }

    /// The index of the worker running this copy (`0..num_threads()`).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The number of workers, each of which runs one copy.
    pub fn num_threads(&self) -> usize {
        self.num_threads
    }
}

impl fmt::Debug for BroadcastContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BroadcastContext")
            .field("index", &self.index)
            .field("num_threads", &self.num_threads)
            .finish()
    }
}

/// Counts the copies of a broadcast still running; the last one wakes the
/// waiting worker.
struct CountLatch<'r> {
    remaining: AtomicUsize,
    sleep: &'r Sleep,
    owner: usize,
}

impl Probe for CountLatch<'_> {
    fn probe(&self) -> bool {
        // Acquire: pairs with every copy's Release decrement (one release
        // sequence), so all their results are visible once we see 0.
        self.remaining.load(Ordering::Acquire) == 0
    }
}

/// One copy's handle on the shared [`CountLatch`].
struct CopyLatch<'l, 'r>(&'l CountLatch<'r>);

impl Latch for CopyLatch<'_, '_> {
    unsafe fn set(this: *const Self) {
        // SAFETY: `this` and the count latch are alive on entry (the waiter
        // waits for the count to reach 0); we copy out the wake-up target
        // first, because the last decrement lets the waiter free both.
        let (count, sleep, owner) = unsafe {
            let count: &CountLatch<'_> = (*this).0;
            (&count.remaining, count.sleep, count.owner)
        };
        // Release: publishes this copy's result to the waiter's probe.
        if count.fetch_sub(1, Ordering::Release) == 1 {
            sleep.wake_worker(owner);
        }
    }
}

/// Runs `op` once on every worker of the current pool (the caller's, else
/// the global one), and returns the results in worker-index order.
///
/// # Panics
/// If a copy panics, the panic is resumed here after every copy finished.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
/// let indices = pool.install(|| fearless_par::broadcast(|ctx| ctx.index()));
/// assert_eq!(indices, [0, 1, 2]);
/// ```
pub fn broadcast<OP, R>(op: OP) -> Vec<R>
where
    OP: Fn(BroadcastContext<'_>) -> R + Sync,
    R: Send,
{
    in_current_pool(|worker, _| broadcast_in(worker, &op))
}

/// `broadcast` on `worker`'s pool, waiting on `worker`.
pub(crate) fn broadcast_in<OP, R>(worker: &WorkerThread, op: &OP) -> Vec<R>
where
    OP: Fn(BroadcastContext<'_>) -> R + Sync,
    R: Send,
{
    let registry: &Registry = worker.registry();
    let n = registry.num_threads();
    let count = CountLatch {
        remaining: AtomicUsize::new(n),
        sleep: registry.sleep(),
        owner: worker.index(),
    };
    let jobs: Vec<_> = (0..n)
        .map(|_| StackJob::new(|_migrated| op(BroadcastContext::here(n)), CopyLatch(&count)))
        .collect();
    for (index, job) in jobs.iter().enumerate() {
        // SAFETY: `jobs` is neither moved nor dropped until `count` reaches
        // 0, i.e. until every copy has run (we wait below, also on panic:
        // nothing between here and the wait can unwind).
        let job_ref: JobRef = unsafe { job.as_job_ref() };
        registry.push_to_worker(index, job_ref);
    }
    worker.wait_until(&count);
    let mut panic = None;
    let results: Vec<R> = jobs
        .into_iter()
        .filter_map(
            |job| match panic::catch_unwind(AssertUnwindSafe(|| job.into_result())) {
                Ok(r) => Some(r),
                Err(payload) => {
                    panic.get_or_insert(payload);
                    None
                }
            },
        )
        .collect();
    if let Some(payload) = panic {
        unwind::resume_unwinding(payload);
    }
    results
}

/// Queues one copy of `op` on every worker of the current pool, without
/// waiting. A panic of a copy is handled as a `spawn`ed job's.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// let (tx, rx) = std::sync::mpsc::channel();
/// let tx = fearless_core::sync::Mutex::new(tx);
/// pool.spawn_broadcast(move |ctx| tx.lock().unwrap().send(ctx.index()).unwrap());
/// let mut seen: Vec<usize> = rx.iter().take(2).collect();
/// seen.sort();
/// assert_eq!(seen, [0, 1]);
/// ```
pub fn spawn_broadcast<OP>(op: OP)
where
    OP: Fn(BroadcastContext<'_>) + Send + Sync + 'static,
{
    in_current_pool(move |worker, _| spawn_broadcast_in(worker.registry(), op));
}

/// `spawn_broadcast` on `registry`.
pub(crate) fn spawn_broadcast_in<OP>(registry: &Registry, op: OP)
where
    OP: Fn(BroadcastContext<'_>) + Send + Sync + 'static,
{
    let n = registry.num_threads();
    let op = Arc::new(op);
    for index in 0..n {
        let op = Arc::clone(&op);
        let job = HeapJob::new(move || {
            if let Err(payload) =
                panic::catch_unwind(AssertUnwindSafe(|| op(BroadcastContext::here(n))))
            {
                if let Some(worker) = WorkerThread::current() {
                    worker.registry().handle_panic(payload);
                }
            }
        });
        // SAFETY: the closure is `'static`; worker `index` drains its inbox
        // before it exits.
        registry.push_to_worker(index, unsafe { job.into_job_ref() });
    }
}
