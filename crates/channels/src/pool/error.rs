//! The errors of the worker pool: building it, handing it a job, and joining
//! a job's result.

use std::any::Any;
use std::fmt;

/// The pool could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum PoolError {
    /// `num_threads(0)`: a pool needs at least one worker.
    ZeroThreads,
    /// `queue_capacity(0)`: a queue that holds nothing would turn every
    /// `execute` into a rendezvous with an idle worker; leave the capacity
    /// unset for an unbounded queue instead.
    ZeroQueueCapacity,
    /// The operating system refused to start a worker thread; the workers
    /// already started have been stopped and joined.
    Spawn(std::io::Error),
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroThreads => f.write_str("a worker pool needs at least one thread"),
            Self::ZeroQueueCapacity => {
                f.write_str("a worker pool's queue capacity must be at least one")
            }
            Self::Spawn(e) => write!(f, "could not spawn a worker thread: {e}"),
        }
    }
}

impl std::error::Error for PoolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spawn(e) => Some(e),
            _ => None,
        }
    }
}

/// The pool has been shut down and did not accept the job, which is handed
/// back unrun.
#[derive(PartialEq, Eq, Clone, Copy)]
pub struct SubmitError<J>(pub J);

impl<J> SubmitError<J> {
    /// The job that was not run.
    pub fn into_inner(self) -> J {
        self.0
    }
}

impl<J> fmt::Debug for SubmitError<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SubmitError(..)")
    }
}

impl<J> fmt::Display for SubmitError<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the worker pool has been shut down")
    }
}

impl<J> std::error::Error for SubmitError<J> {}

/// Why `try_execute` did not accept the job, which is handed back unrun.
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum TryExecuteError<J> {
    /// The pool's bounded queue is full.
    Full(J),
    /// The pool has been shut down.
    ShutDown(J),
}

impl<J> TryExecuteError<J> {
    /// The job that was not run.
    pub fn into_inner(self) -> J {
        match self {
            Self::Full(j) | Self::ShutDown(j) => j,
        }
    }

    /// Whether the queue was full.
    pub fn is_full(&self) -> bool {
        matches!(self, Self::Full(_))
    }

    /// Whether the pool was shut down.
    pub fn is_shut_down(&self) -> bool {
        matches!(self, Self::ShutDown(_))
    }
}

impl<J> fmt::Debug for TryExecuteError<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full(_) => f.write_str("Full(..)"),
            Self::ShutDown(_) => f.write_str("ShutDown(..)"),
        }
    }
}

impl<J> fmt::Display for TryExecuteError<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Full(_) => f.write_str("the worker pool's queue is full"),
            Self::ShutDown(_) => f.write_str("the worker pool has been shut down"),
        }
    }
}

impl<J> std::error::Error for TryExecuteError<J> {}

/// A submitted job produced no result.
#[non_exhaustive]
pub enum JobError {
    /// The job panicked; this is the payload it panicked with (what
    /// `std::panic::catch_unwind` returns). The worker that ran it lives on.
    Panicked(Box<dyn Any + Send + 'static>),
    /// The job was dropped without running. The pool runs every job it
    /// accepts, so this only happens if a worker thread was killed from
    /// outside (or the process is exiting).
    Cancelled,
}

impl JobError {
    /// Whether the job panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self, Self::Panicked(_))
    }

    /// The panic payload, if the job panicked (for `std::panic::resume_unwind`).
    pub fn into_panic(self) -> Option<Box<dyn Any + Send + 'static>> {
        match self {
            Self::Panicked(p) => Some(p),
            Self::Cancelled => None,
        }
    }

    /// The panic message, if the job panicked with a string (as `panic!`
    /// with a message does).
    pub fn panic_message(&self) -> Option<&str> {
        match self {
            Self::Panicked(p) => p
                .downcast_ref::<&'static str>()
                .copied()
                .or_else(|| p.downcast_ref::<String>().map(String::as_str)),
            Self::Cancelled => None,
        }
    }
}

impl fmt::Debug for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Panicked(_) => match self.panic_message() {
                Some(m) => f.debug_tuple("Panicked").field(&m).finish(),
                None => f.write_str("Panicked(..)"),
            },
            Self::Cancelled => f.write_str("Cancelled"),
        }
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.panic_message()) {
            (Self::Panicked(_), Some(m)) => write!(f, "the job panicked: {m}"),
            (Self::Panicked(_), None) => f.write_str("the job panicked"),
            (Self::Cancelled, _) => f.write_str("the job was dropped without running"),
        }
    }
}

impl std::error::Error for JobError {}
