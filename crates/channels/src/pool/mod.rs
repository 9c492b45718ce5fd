//! A fixed-size pool of worker threads fed by a channel.
//!
//! - Build it with [`WorkerPool::new`]`(threads)` or
//!   [`WorkerPool::builder`] ([`PoolBuilder`]: thread count, queue capacity,
//!   thread names, channel implementation). Zero threads or a zero queue capacity is
//!   a [`PoolError`].
//! - [`execute`](WorkerPool::execute) queues a job;
//!   [`submit`](WorkerPool::submit) queues one that returns a value and
//!   gives a [`JobHandle`] whose [`join`](JobHandle::join) returns it (or the
//!   job's panic as [`JobError::Panicked`]);
//!   [`try_execute`](WorkerPool::try_execute) never blocks and hands the job
//!   back when the queue is full.
//! - Backpressure: with a [`queue_capacity`](PoolBuilder::queue_capacity),
//!   `execute` and `submit` block while the queue is full; without one the
//!   queue is unbounded.
//! - Panics: a panicking job is caught; its worker and every other job live
//!   on, and [`panicked_jobs`](WorkerPool::panicked_jobs) counts it.
//! - Shutdown: [`shutdown`](WorkerPool::shutdown) (and `Drop`) stops
//!   accepting, runs every accepted job, then joins the workers; a refused
//!   job comes back unrun in a [`SubmitError`] or
//!   [`TryExecuteError::ShutDown`].
//!
//! ```
//! use fearless_channels::pool::WorkerPool;
//! use fearless_core::sync::atomic::{AtomicUsize, Ordering};
//! use fearless_core::sync::Arc;
//!
//! let pool = WorkerPool::new(4).unwrap();
//! let done = Arc::new(AtomicUsize::new(0));
//! for _ in 0..100 {
//!     let done = Arc::clone(&done);
//!     pool.execute(move || {
//!         done.fetch_add(1, Ordering::Relaxed);
//!     })
//!     .unwrap();
//! }
//! let square = pool.submit(|| 12 * 12).unwrap();
//! assert_eq!(square.join().unwrap(), 144);
//! pool.shutdown(); // runs every accepted job, then joins the workers
//! assert_eq!(done.load(Ordering::Relaxed), 100);
//! assert!(pool.execute(|| ()).is_err()); // the job comes back unrun
//! ```
//!
//! # Design
//!
//! Jobs travel through one multi-producer, multi-consumer channel (bounded
//! when the pool has a queue capacity, so that producers feel backpressure);
//! each worker loops on `recv`, runs the job inside `catch_unwind`, and counts
//! the panic if there was one. A panicking job therefore never takes its
//! worker, or any queued job, down with it. [`submit`](WorkerPool::submit)
//! wraps the job so that its result or panic payload lands in a one-shot slot
//! that its [`JobHandle`] waits on.
//!
//! The channel is any [`ChannelImpl`]: this crate's
//! [`FearlessChannel`](crate::FearlessChannel), crossbeam-channel (the
//! current [`DefaultChannel`]) or std's mpsc channel through
//! `fearless-core`, so the pool is written once for all of them, and its
//! tests and bench run on each:
//!
//! ```
//! use fearless_channels::FearlessChannel;
//! use fearless_channels::pool::{PoolBuilder, WorkerPool};
//! use fearless_core::channel::{ChannelImpl, StdMpsc};
//!
//! fn sum_on<F: ChannelImpl>(pool: WorkerPool<F>) -> u64 {
//!     let handles: Vec<_> = (1..=10u64).map(|i| pool.submit(move || i).unwrap()).collect();
//!     handles.into_iter().map(|h| h.join().unwrap()).sum()
//! }
//!
//! let ours = WorkerPool::builder().num_threads(2).channel::<FearlessChannel>();
//! assert_eq!(sum_on(ours.build().unwrap()), 55);
//! let std = PoolBuilder::<StdMpsc>::with_channel().num_threads(2).queue_capacity(4);
//! assert_eq!(sum_on(std.build().unwrap()), 55);
//! ```
//!
//! ## Shutdown without losing or sneaking in a job
//!
//! The hard part is a `submit` racing with `shutdown`. An admission gate (one
//! atomic word: a closed bit and a count of submitters currently sending)
//! settles it: a submitter enters the gate with a compare-and-swap that fails
//! once the closed bit is set, sends, then leaves; shutdown sets the closed
//! bit with a `fetch_or` and waits until the count drains to zero. Because
//! entering and closing are read-modify-writes of the same word, every
//! submit is either before the close (it is counted, so shutdown waits until
//! its job is in the queue) or after it (it sees the bit and gets its job
//! back in a [`SubmitError`]). Then shutdown sends one `Stop` message per
//! worker. Those go in after every accepted job, so each worker takes its
//! `Stop` only once the jobs ahead of it have been taken: every accepted job
//! runs. Finally shutdown joins the workers. `Drop` does the same.
//!
//! The model `pool_shutdown_racing_with_submit_loses_no_job` checks this
//! under loom (on this crate's channel, which loom can see).
//!
//! ## Programmer errors
//!
//! A job must not wait for the pool it runs on to shut down: a job that calls
//! [`WorkerPool::shutdown`] (or drops the last owner of its pool) skips
//! joining its own thread, but if the queue is bounded and full it can wait
//! forever for room for the `Stop` messages. Likewise a job that blocks on
//! submitting to its own pool's full queue waits for the other workers.
//!
//! Models: `src/pool/models.rs`
//! (`pool_shutdown_racing_with_submit_loses_no_job`, loom).

mod builder;
mod error;
mod gate;
mod handle;
mod worker;

#[cfg(test)]
mod models;

pub use builder::PoolBuilder;
pub use error::{JobError, PoolError, SubmitError, TryExecuteError};
pub use handle::JobHandle;

use fearless_core::channel::{ChannelImpl, ChannelSender, TrySendError};
use fearless_core::sync::atomic::Ordering;
use fearless_core::sync::{Arc, Mutex, thread};
use fearless_core::{Executor, Job, Rejected};
use gate::Gate;
use std::fmt;
use worker::{Detached, Message, Stats, WithHandle};

/// The channel implementation a pool uses unless told otherwise: this crate's own
/// channel. Pick another with `WorkerPool::builder().channel::<F>()`, e.g.
/// `fearless_core::channel::CrossbeamChannel`.
pub type DefaultChannel = crate::FearlessChannel;

/// A fixed set of named worker threads that run jobs from a shared queue.
///
/// See the [module docs](self) for the guarantees and the design. The type
/// parameter is the channel implementation of the queue; [`WorkerPool::new`] and
/// [`WorkerPool::builder`] use [`DefaultChannel`], and
/// [`PoolBuilder::channel`] picks another.
pub struct WorkerPool<F: ChannelImpl = DefaultChannel> {
    sender: F::Sender<Message>,
    gate: Gate,
    workers: Mutex<Vec<thread::JoinHandle<()>>>,
    stats: Arc<Stats>,
    threads: usize,
}

impl WorkerPool {
    /// A pool of `threads` workers with an unbounded queue.
    ///
    /// Fails with [`PoolError::ZeroThreads`] for zero threads, or
    /// [`PoolError::Spawn`] if a thread cannot be started.
    pub fn new(threads: usize) -> Result<Self, PoolError> {
        Self::builder().num_threads(threads).build()
    }

    /// A [`PoolBuilder`] with the default settings.
    pub fn builder() -> PoolBuilder {
        PoolBuilder::new()
    }
}

impl<F: ChannelImpl> WorkerPool<F> {
    /// Starts `threads` workers on a fresh queue (arguments already checked
    /// by the builder).
    fn start(
        threads: usize,
        capacity: Option<usize>,
        name_prefix: &str,
    ) -> Result<Self, PoolError> {
        let (sender, receiver) = match capacity {
            Some(cap) => F::bounded(cap),
            None => F::unbounded(),
        };
        let stats = Arc::new(Stats::default());
        let mut workers = Vec::with_capacity(threads);
        for i in 0..threads {
            let queue = receiver.clone();
            let stats = Arc::clone(&stats);
            let spawned = thread::Builder::new()
                .name(format!("{name_prefix}-{i}"))
                .spawn(move || worker::work(queue, stats));
            match spawned {
                Ok(handle) => workers.push(handle),
                Err(e) => {
                    // Dropping the only sender disconnects the empty queue,
                    // so the workers already started exit at once.
                    drop(sender);
                    for w in workers {
                        let _ = w.join();
                    }
                    return Err(PoolError::Spawn(e));
                }
            }
        }
        Ok(Self {
            sender,
            gate: Gate::new(),
            workers: Mutex::new(workers),
            stats,
            threads,
        })
    }

    /// Queues `job` to run on a worker, blocking while a bounded queue is
    /// full. After [`shutdown`](Self::shutdown) has begun, hands the job back
    /// in a [`SubmitError`].
    pub fn execute<J>(&self, job: J) -> Result<(), SubmitError<J>>
    where
        J: FnOnce() + Send + 'static,
    {
        if !self.gate.enter() {
            return Err(SubmitError(job));
        }
        let sent = self.sender.send(Message::Run(Box::new(Detached(job))));
        self.gate.leave();
        // A send fails only if every worker is gone, which before shutdown
        // means they were killed from outside: the job is not accepted.
        sent.map_err(|e| SubmitError(take_back::<Detached<J>>(e.0).0))
    }

    /// Queues `job` if that can be done without blocking; otherwise hands it
    /// back as [`TryExecuteError::Full`] (the bounded queue is full) or
    /// [`TryExecuteError::ShutDown`].
    ///
    /// ```
    /// use fearless_channels::pool::WorkerPool;
    /// use fearless_core::sync::{Arc, Barrier};
    ///
    /// let pool = WorkerPool::builder().num_threads(1).queue_capacity(1).build().unwrap();
    /// let meet = Arc::new(Barrier::new(2));
    /// let busy = Arc::clone(&meet);
    /// pool.execute(move || {
    ///     busy.wait(); // tell the caller the worker is busy
    ///     busy.wait(); // stay busy until released
    /// })
    /// .unwrap();
    /// meet.wait();
    /// pool.try_execute(|| ()).unwrap(); // fills the queue of one
    /// let back = pool.try_execute(|| println!("third")).unwrap_err();
    /// assert!(back.is_full());
    /// back.into_inner()(); // the job came back: run it here instead
    /// meet.wait();
    /// ```
    pub fn try_execute<J>(&self, job: J) -> Result<(), TryExecuteError<J>>
    where
        J: FnOnce() + Send + 'static,
    {
        if !self.gate.enter() {
            return Err(TryExecuteError::ShutDown(job));
        }
        let sent = self.sender.try_send(Message::Run(Box::new(Detached(job))));
        self.gate.leave();
        sent.map_err(|e| match e {
            TrySendError::Full(m) => TryExecuteError::Full(take_back::<Detached<J>>(m).0),
            TrySendError::Disconnected(m) => {
                TryExecuteError::ShutDown(take_back::<Detached<J>>(m).0)
            }
        })
    }

    /// Queues `job` like [`execute`](Self::execute) and returns a handle to
    /// its result; [`JobHandle::join`] returns the value, or the job's panic
    /// as [`JobError::Panicked`].
    pub fn submit<J, R>(&self, job: J) -> Result<JobHandle<R>, SubmitError<J>>
    where
        J: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        if !self.gate.enter() {
            return Err(SubmitError(job));
        }
        let (promise, handle) = handle::pair();
        let sent = self
            .sender
            .send(Message::Run(Box::new(WithHandle { job, promise })));
        self.gate.leave();
        match sent {
            Ok(()) => Ok(handle),
            Err(e) => Err(SubmitError(take_back::<WithHandle<J, R>>(e.0).job)),
        }
    }

    /// Stops accepting jobs, waits until every accepted job has run, and
    /// joins the workers. Idempotent; a second caller waits for the first.
    /// Dropping the pool does the same.
    pub fn shutdown(&self) {
        // Held throughout, so a concurrent caller returns only once the
        // workers are joined.
        let mut workers = self.workers.lock().unwrap_or_else(|e| e.into_inner());
        if self.gate.close_and_drain() {
            for _ in 0..self.threads {
                // Fails only if the workers are all gone: none left to stop.
                let _ = self.sender.send(Message::Stop);
            }
        }
        let me = thread::current().id();
        for w in workers.drain(..) {
            // A job that shuts its own pool down cannot join its own thread;
            // that worker exits on its `Stop` once the job returns.
            if w.thread().id() != me {
                // Workers catch every job's panic, so they end normally.
                let _ = w.join();
            }
        }
    }

    /// Whether [`shutdown`](Self::shutdown) has begun (new jobs are refused).
    pub fn is_shut_down(&self) -> bool {
        self.gate.is_closed()
    }

    /// The number of worker threads.
    pub fn num_threads(&self) -> usize {
        self.threads
    }

    /// How many jobs have panicked so far (each caught; its worker lived on).
    pub fn panicked_jobs(&self) -> usize {
        // Relaxed: a statistic; callers that need an exact count after some
        // jobs synchronize with them (e.g. by joining their handles).
        self.stats.panicked.load(Ordering::Relaxed)
    }
}

/// Recovers the concrete task a failed send handed back.
fn take_back<T: 'static>(msg: Message) -> T {
    match msg {
        Message::Run(task) => match task.into_any().downcast::<T>() {
            Ok(t) => *t,
            Err(_) => unreachable!("a send hands back the task it was given"),
        },
        Message::Stop => unreachable!("only shutdown sends Stop, and it never takes it back"),
    }
}

impl<F: ChannelImpl> Drop for WorkerPool<F> {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl<F: ChannelImpl> Executor for WorkerPool<F> {
    fn execute_job(&self, job: Job) -> Result<(), Rejected> {
        self.execute(job).map_err(|e| Rejected(e.into_inner()))
    }

    fn num_threads(&self) -> usize {
        self.threads
    }
}

impl<F: ChannelImpl> fmt::Debug for WorkerPool<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerPool")
            .field("channel", &F::NAME)
            .field("threads", &self.threads)
            .field("shut_down", &self.is_shut_down())
            .field("panicked_jobs", &self.panicked_jobs())
            .finish()
    }
}
