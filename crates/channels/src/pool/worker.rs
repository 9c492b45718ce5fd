//! What travels through the pool's queue, and the loop each worker runs.

use super::error::JobError;
use super::handle::Promise;
use fearless_core::channel::ChannelReceiver;
use fearless_core::sync::Arc;
use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One item of the pool's queue.
pub(crate) enum Message {
    /// A job to run.
    Run(Box<dyn Task>),
    /// Shutdown's request that the worker who takes it exit. Shutdown sends
    /// one per worker, after every accepted job is in the queue, so each
    /// worker sees it only once the jobs ahead of it are taken.
    Stop,
}

/// A type-erased job that can also give its original closure back (through
/// `Any`), so that a job the queue refused is returned to the caller as the
/// very value they passed in.
pub(crate) trait Task: Send + 'static {
    /// Runs the job, catching its panic; returns whether it panicked.
    fn run(self: Box<Self>) -> bool;

    /// The task itself, for downcasting back to its concrete type.
    fn into_any(self: Box<Self>) -> Box<dyn Any + Send>;
}

/// A job whose result nobody waits for.
pub(crate) struct Detached<J>(pub(crate) J);

impl<J: FnOnce() + Send + 'static> Task for Detached<J> {
    fn run(self: Box<Self>) -> bool {
        match catch_unwind(AssertUnwindSafe(self.0)) {
            Ok(()) => false,
            Err(payload) => {
                drop_payload(payload);
                true
            }
        }
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any + Send> {
        self
    }
}

/// A job whose result (or panic) goes to a [`JobHandle`](super::JobHandle).
pub(crate) struct WithHandle<J, R> {
    pub(crate) job: J,
    pub(crate) promise: Promise<R>,
}

impl<J, R> Task for WithHandle<J, R>
where
    J: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    fn run(self: Box<Self>) -> bool {
        let Self { job, promise } = *self;
        let outcome = catch_unwind(AssertUnwindSafe(job)).map_err(JobError::Panicked);
        let panicked = outcome.is_err();
        promise.complete(outcome);
        panicked
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any + Send> {
        self
    }
}

/// Drops a panic payload without letting a panicking `Drop` of the payload
/// escape into the worker.
fn drop_payload(payload: Box<dyn Any + Send>) {
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
}

/// Counters the workers update and the pool reports.
#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) panicked: AtomicUsize,
}

/// The body of every worker thread: run jobs until told to stop (or until
/// the queue is gone).
pub(crate) fn work<Rx: ChannelReceiver<Message>>(queue: Rx, stats: Arc<Stats>) {
    while let Ok(Message::Run(task)) = queue.recv() {
        if task.run() {
            // Relaxed: a statistic; readers want a count, not an ordering.
            stats.panicked.fetch_add(1, Ordering::Relaxed);
        }
    }
}
