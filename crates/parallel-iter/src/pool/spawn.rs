//! `spawn`: fire-and-forget `'static` jobs.

use super::job::HeapJob;
use super::registry::{Registry, WorkerThread};
use std::panic::{self, AssertUnwindSafe};

/// Queues `job` on `registry`. Its panic is caught and handed to the
/// registry (counted, and passed to the panic handler), so a panicking job
/// never takes a worker down.
pub(crate) fn spawn_in<F>(registry: &Registry, job: F)
where
    F: FnOnce() + Send + 'static,
{
    let heap = spawn_job(job);
    // SAFETY: the closure is `'static`, so it borrows nothing; the job is
    // executed by a worker (they drain every queue before exiting).
    registry.inject_or_push(unsafe { heap.into_job_ref() });
}

/// `job` as a heap job whose panic is caught and handed to the registry of
/// the worker that runs it.
pub(crate) fn spawn_job<F>(job: F) -> Box<HeapJob<impl FnOnce() + Send>>
where
    F: FnOnce() + Send + 'static,
{
    HeapJob::new(move || {
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(job)) {
            if let Some(worker) = WorkerThread::current() {
                worker.registry().handle_panic(payload);
            }
        }
    })
}

/// Runs `job` on the current pool (the caller's, else the global one)
/// some time later, without waiting for it.
///
/// A panic of `job` is caught: it is counted by the pool and passed to the
/// pool's `panic_handler`, and the worker carries on (rayon aborts the
/// process instead).
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// let (tx, rx) = std::sync::mpsc::channel();
/// pool.install(|| fearless_par::spawn(move || tx.send(5).unwrap()));
/// assert_eq!(rx.recv().unwrap(), 5);
/// ```
pub fn spawn<F>(job: F)
where
    F: FnOnce() + Send + 'static,
{
    match WorkerThread::current() {
        Some(worker) => spawn_in(worker.registry(), job),
        None => spawn_global(job),
    }
}

#[cfg(not(any(loom, miri)))]
fn spawn_global<F>(job: F)
where
    F: FnOnce() + Send + 'static,
{
    spawn_in(super::registry::global_registry(), job)
}

/// Without a global pool (loom, Miri) the job runs on a temporary pool
/// that finishes it before this returns.
#[cfg(any(loom, miri))]
fn spawn_global<F>(job: F)
where
    F: FnOnce() + Send + 'static,
{
    super::registry::in_current_pool(move |worker, _| spawn_in(worker.registry(), job));
}
