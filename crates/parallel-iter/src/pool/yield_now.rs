//! Cooperative yielding: a job that waits for something can run other
//! jobs of its pool meanwhile (`yield_now`, `yield_local`), and can ask
//! whether its worker has queued work (`current_thread_has_pending_tasks`).

use super::registry::WorkerThread;

/// What [`yield_now`] or [`yield_local`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Yield {
    /// Ran one job.
    Executed,
    /// Found no job to run.
    Idle,
}

/// Runs one pending job of the current pool (this worker's own, a stolen
/// one, or an injected one) if there is one. `None` when called outside
/// any pool.
///
/// ```
/// assert_eq!(fearless_par::yield_now(), None);
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// assert_eq!(pool.install(fearless_par::yield_now), Some(fearless_par::Yield::Idle));
/// ```
pub fn yield_now() -> Option<Yield> {
    WorkerThread::current().map(|worker| outcome(worker.run_one_job(false)))
}

/// Runs one job of this worker's own deque, if there is one; never steals.
/// `None` when called outside any pool.
///
/// ```
/// assert_eq!(fearless_par::yield_local(), None);
/// ```
pub fn yield_local() -> Option<Yield> {
    WorkerThread::current().map(|worker| outcome(worker.run_one_job(true)))
}

/// Whether the current worker's own deque holds jobs (`None` outside any
/// pool). A hint: thieves may take them at any moment.
///
/// ```
/// assert_eq!(fearless_par::current_thread_has_pending_tasks(), None);
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// assert_eq!(pool.install(fearless_par::current_thread_has_pending_tasks), Some(false));
/// ```
pub fn current_thread_has_pending_tasks() -> Option<bool> {
    WorkerThread::current().map(WorkerThread::has_local_jobs)
}

fn outcome(ran: bool) -> Yield {
    if ran { Yield::Executed } else { Yield::Idle }
}
