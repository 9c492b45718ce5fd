//! The work-stealing thread pool: the small engine under the parallel
//! iterators, kept apart from them (as rayon-core is from rayon).
//!
//! # Design
//!
//! Each worker owns a LIFO deque (crossbeam-deque's Chase-Lev deque); the
//! pool has one FIFO [injector](crossbeam_deque::Injector) for jobs from
//! outside. A worker looks for work in its own deque (newest first, hot in
//! cache), then steals the oldest job of a random other worker, then takes
//! from the injector. Finding nothing for 30 us, it sleeps; the sleep
//! protocol (see `README.md` in this directory) guarantees that a queued job
//! is never stranded while every worker sleeps.
//!
//! [`join`] is a *heartbeat join*: it records `b` as a private pending
//! frame of the calling thread (`frames.rs`) and runs `a`; if no heartbeat
//! promoted the frame meanwhile, `b` runs inline as a plain call. About
//! every 100 us of running joins (`heartbeat.rs`, clocked by the joins
//! themselves, no timer thread) the thread promotes its oldest pending
//! frame onto its deque; a join whose frame was promoted pops it back if
//! nobody stole it, else executes other jobs until the thief sets its
//! latch. The jobs live on the caller's stack (no allocation per `join`).
//! [`scope`] counts its spawned jobs and works, the same way, until the
//! count reaches zero. Parallel iterators started outside the pool run on
//! the caller as a *guest* (`guest.rs`) that promotes to the injector.
//!
//! A caller outside the pool (`install`, or `join`/`scope` from a thread
//! that is not a worker, which use the global pool) injects its operation
//! and blocks on a mutex and condvar until a worker has run it.
//!
//! # Panics
//!
//! A panic in a closure given to [`join`] or [`scope`] is caught on the
//! worker, carried to the caller, and resumed there after the other side
//! (every job of the scope) has finished, so borrowed data stays valid. A
//! panic of a [`spawn`]ed job is caught, counted
//! ([`ThreadPool::panic_count`]) and passed to the builder's
//! [`panic_handler`](ThreadPoolBuilder::panic_handler), if set; rayon aborts
//! the process instead. No panic ever kills a worker.
//!
//! # Hazards, and what the pool does about them
//!
//! - **Blocking inside the pool.** A job that blocks its worker (on a
//!   channel, a lock, I/O) takes that worker away from the pool. If the
//!   event it waits for must be produced by another job queued in the same
//!   pool, and every worker is blocked the same way, the pool deadlocks; a
//!   single-thread pool deadlocks at once. The pool does not add threads to
//!   compensate: blocking work belongs on ordinary threads, and data it
//!   produces can be handed to the pool.
//! - **A lock held across [`join`].** While waiting for a stolen `b`, the
//!   caller executes *other* jobs on the same thread. If one of them takes
//!   the lock the caller holds, it deadlocks (std's mutex is not reentrant)
//!   or, with a reentrant lock, sees the data in a half-updated state.
//!   Release locks before forking, or keep locked sections free of
//!   parallelism.
//! - **Recursion depth.** Work-while-waiting nests: a waiting worker may run
//!   a job that itself joins and waits, on the same stack. Depth is bounded
//!   by the depth of the user's recursion times a small factor, as in rayon;
//!   deep recursion without a sequential cutoff can overflow a worker's
//!   stack. Use a cutoff, or a bigger
//!   [`stack_size`](ThreadPoolBuilder::stack_size).
//! - **`install` from inside another pool.** The calling worker of the outer
//!   pool keeps executing its own pool's jobs while it waits (as in rayon),
//!   so an inner operation that waits on work queued in the outer pool
//!   completes. `install` on the pool the caller already runs in simply
//!   calls the closure.
//! - **Dropping a pool** never waits: the workers exit once the queues are
//!   empty (under loom and Miri, where threads must not outlive a test,
//!   `drop` joins them).
//!
//! # Under loom and Miri
//!
//! Under `--cfg loom` the deques are replaced by a modelled
//! `Mutex<VecDeque>` and spinning before sleep is off, so the models
//! explore the pool's own protocol. Miri uses the same stand-in deque
//! (crossbeam-epoch's integer-to-pointer casts fail under strict
//! provenance). Under loom and Miri there is no global
//! pool: a call from outside any pool runs on a temporary pool (one worker
//! under loom, two under Miri) that is joined afterwards.

mod broadcast;
mod deque;
mod frames;
mod guest;
mod heartbeat;
mod job;
mod join;
mod latch;
mod pace;
mod registry;
mod scope;
mod scope_fifo;
mod sleep;
mod spawn;
mod thread_builder;
mod thread_pool;
mod ticket;
mod unwind;
mod yield_now;

#[cfg(test)]
mod models;

pub use broadcast::{BroadcastContext, broadcast, spawn_broadcast};
// With the `rayon` engine the iterators fork on rayon, so no guest joins.
#[cfg_attr(any(loom, feature = "rayon"), allow(unused_imports))]
pub(crate) use guest::join_context_here;
pub use join::{FnContext, join, join_context};
#[cfg_attr(any(loom, feature = "rayon"), allow(unused_imports))]
pub(crate) use pace::{join_offered_here, pace_begin, pace_end, pace_poll, promote_oldest_here};
pub use scope::{Scope, in_place_scope, scope};
pub use scope_fifo::{ScopeFifo, in_place_scope_fifo, scope_fifo, spawn_fifo};
pub use spawn::spawn;
pub use thread_builder::ThreadBuilder;
pub use thread_pool::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder, max_num_threads};
pub use yield_now::{Yield, current_thread_has_pending_tasks, yield_local, yield_now};

/// The number of threads of the current pool: the pool the caller runs in,
/// else the global pool.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
/// assert_eq!(pool.install(fearless_par::current_num_threads), 3);
/// ```
pub fn current_num_threads() -> usize {
    registry::current_num_threads()
}

/// The index of the current thread in its pool (`0..current_num_threads()`),
/// or `None` if it is not a worker of any pool.
///
/// ```
/// assert_eq!(fearless_par::current_thread_index(), None);
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// assert!(pool.install(fearless_par::current_thread_index).unwrap() < 2);
/// ```
pub fn current_thread_index() -> Option<usize> {
    registry::WorkerThread::current().map(registry::WorkerThread::index)
}
