//! Something that runs jobs on other threads.

use std::fmt;

/// A job an [`Executor`] runs: owned, sendable, run at most once.
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// A job the executor would not take (it is shutting down, or its queue is
/// full and it does not block), handed back so that nothing is lost.
pub struct Rejected(pub Job);

impl Rejected {
    /// The job that was not run.
    pub fn into_inner(self) -> Job {
        self.0
    }
}

impl fmt::Debug for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Rejected(..)")
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the executor did not accept the job")
    }
}

impl std::error::Error for Rejected {}

/// Runs `'static` jobs on a set of worker threads: the behaviour common to
/// `fearless-channels`' `WorkerPool`, `fearless-par`'s `ThreadPool` and
/// rayon's pool, so that an application can be written once and run on any.
///
/// # Guarantees
/// - A job that [`execute_job`](Self::execute_job) accepted (returned
///   `Ok`) runs exactly once, unless the process exits first; a job it
///   rejected is handed back in [`Rejected`] and never runs.
/// - A job that panics does not take a worker thread, or any other job,
///   down with it.
/// - Jobs may run in any order and on any worker.
///
/// ```
/// use fearless_core::{Executor, Job, Rejected};
///
/// /// Runs jobs on the calling thread: the smallest possible executor.
/// struct Inline;
///
/// impl Executor for Inline {
///     fn execute_job(&self, job: Job) -> Result<(), Rejected> {
///         job();
///         Ok(())
///     }
///     fn num_threads(&self) -> usize {
///         1
///     }
/// }
///
/// let (tx, rx) = std::sync::mpsc::channel();
/// Inline.execute_job(Box::new(move || tx.send(7).unwrap())).unwrap();
/// assert_eq!(rx.recv().unwrap(), 7);
/// ```
pub trait Executor: Send + Sync {
    /// Hands `job` to the executor; blocks if the executor applies
    /// backpressure with a bounded queue.
    fn execute_job(&self, job: Job) -> Result<(), Rejected>;

    /// The number of worker threads.
    fn num_threads(&self) -> usize;
}
