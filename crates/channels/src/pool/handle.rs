//! [`JobHandle`]: the result of a submitted job, delivered once.
//!
//! A one-shot slot (a lock around the result and a condition variable to
//! wait on) rather than a channel: it carries exactly one value, and it
//! works the same whatever channel backend the pool uses.

use super::error::JobError;
use fearless_core::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::fmt;

enum State<R> {
    /// The job has not finished.
    Pending,
    /// The job finished (or panicked, or was dropped unrun).
    Done(Result<R, JobError>),
    /// `join` has taken the result.
    Taken,
}

struct Slot<R> {
    state: Mutex<State<R>>,
    done: Condvar,
}

impl<R> Slot<R> {
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        // Nothing panics while holding this lock; ignore poisoning anyway.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The handle of a job handed to [`WorkerPool::submit`](super::WorkerPool::submit):
/// wait for its result with [`join`](Self::join).
///
/// Dropping the handle does not cancel the job; its result is then dropped
/// when the job finishes.
pub struct JobHandle<R> {
    slot: Arc<Slot<R>>,
}

/// The writing side of a [`JobHandle`], owned by the job.
pub(crate) struct Promise<R> {
    slot: Arc<Slot<R>>,
    fulfilled: bool,
}

/// A fresh handle and the promise that completes it.
pub(crate) fn pair<R>() -> (Promise<R>, JobHandle<R>) {
    let slot = Arc::new(Slot {
        state: Mutex::new(State::Pending),
        done: Condvar::new(),
    });
    let handle = JobHandle {
        slot: Arc::clone(&slot),
    };
    (
        Promise {
            slot,
            fulfilled: false,
        },
        handle,
    )
}

impl<R> Promise<R> {
    /// Delivers the job's outcome and wakes the joiner.
    pub(crate) fn complete(mut self, outcome: Result<R, JobError>) {
        self.fulfilled = true;
        self.set(outcome);
    }

    fn set(&self, outcome: Result<R, JobError>) {
        let mut state = self.slot.lock();
        *state = State::Done(outcome);
        drop(state);
        self.slot.done.notify_all();
    }
}

impl<R> Drop for Promise<R> {
    fn drop(&mut self) {
        // A job dropped unrun must not leave its joiner waiting forever.
        if !self.fulfilled {
            self.set(Err(JobError::Cancelled));
        }
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job and returns its result, or the panic it raised as
    /// [`JobError::Panicked`].
    ///
    /// ```
    /// use fearless_channels::pool::WorkerPool;
    ///
    /// let pool = WorkerPool::new(2).unwrap();
    /// let answer = pool.submit(|| 6 * 7).unwrap();
    /// let oops = pool.submit(|| -> u8 { panic!("boom") }).unwrap();
    /// assert_eq!(answer.join().unwrap(), 42);
    /// assert_eq!(oops.join().unwrap_err().panic_message(), Some("boom"));
    /// ```
    pub fn join(self) -> Result<R, JobError> {
        let mut state = self.slot.lock();
        loop {
            match std::mem::replace(&mut *state, State::Taken) {
                State::Done(outcome) => return outcome,
                State::Pending => {
                    *state = State::Pending;
                    state = self
                        .slot
                        .done
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                }
                // `join` takes `self`, so it runs at most once per handle.
                State::Taken => unreachable!("a job's result is taken only by its one handle"),
            }
        }
    }

    /// Whether the job has finished (so [`join`](Self::join) will not block).
    pub fn is_finished(&self) -> bool {
        !matches!(*self.slot.lock(), State::Pending)
    }
}

impl<R> fmt::Debug for JobHandle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobHandle")
            .field("finished", &self.is_finished())
            .finish()
    }
}
