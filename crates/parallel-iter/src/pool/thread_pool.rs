//! `ThreadPoolBuilder`, `ThreadPool` and the build error, as in rayon.

use super::broadcast::{BroadcastContext, broadcast_in, spawn_broadcast_in};
use super::join::{FnContext, join_context_in};
use super::registry::{self, Registry, WorkerThread};
use super::scope::{Scope, scope_in, scope_on_thread};
use super::scope_fifo::{ScopeFifo, scope_fifo_in, scope_fifo_on_thread, spawn_fifo_in};
use super::spawn::spawn_in;
use fearless_core::sync::Arc;
use fearless_core::sync::thread;
use fearless_core::{Executor, Job, Rejected};
use std::any::Any;
use std::fmt;
use std::io;

/// A handler for panics of `spawn`ed jobs.
pub(crate) type PanicHandler = dyn Fn(Box<dyn Any + Send>) + Send + Sync;

/// A handler called on each worker thread as it starts or exits, with the
/// worker's index.
pub(crate) type ThreadHandler = dyn Fn(usize) + Send + Sync;

/// The most threads a pool can have (the sleep counters hold 32 bits; this
/// is rayon's limit, which is lower).
const MAX_THREADS: usize = 0xFFFF;

/// The maximum number of threads a pool can have; `num_threads` above it
/// is clamped to it, as in rayon.
///
/// ```
/// assert!(fearless_par::max_num_threads() >= 256);
/// ```
pub fn max_num_threads() -> usize {
    MAX_THREADS
}

type NameFn = Box<dyn FnMut(usize) -> String>;

/// Configures and builds a [`ThreadPool`] (or the global pool).
///
/// ```
/// use fearless_par::ThreadPoolBuilder;
///
/// let pool = ThreadPoolBuilder::new()
///     .num_threads(2)
///     .thread_name(|i| format!("worker-{i}"))
///     .build()
///     .unwrap();
/// assert_eq!(pool.current_num_threads(), 2);
/// // Zero means "choose automatically", as in rayon.
/// assert!(ThreadPoolBuilder::new().num_threads(0).build().is_ok());
/// ```
#[derive(Default)]
pub struct ThreadPoolBuilder {
    num_threads: usize,
    get_thread_name: Option<NameFn>,
    stack_size: Option<usize>,
    panic_handler: Option<Box<PanicHandler>>,
    start_handler: Option<Box<ThreadHandler>>,
    exit_handler: Option<Box<ThreadHandler>>,
    breadth_first: bool,
}

/// The parts of a builder the registry keeps or uses to start threads.
pub(crate) struct BuilderParts {
    pub(crate) get_thread_name: Option<NameFn>,
    pub(crate) stack_size: Option<usize>,
    pub(crate) panic_handler: Option<Box<PanicHandler>>,
    pub(crate) start_handler: Option<Box<ThreadHandler>>,
    pub(crate) exit_handler: Option<Box<ThreadHandler>>,
    pub(crate) breadth_first: bool,
}

impl ThreadPoolBuilder {
    /// A builder with the defaults: the number of threads chosen
    /// automatically (see [`num_threads`](Self::num_threads)), unnamed
    /// threads, the platform's stack size, and spawn panics only counted.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of worker threads. Zero (the default) means automatic,
    /// as in rayon: the environment variable `RAYON_NUM_THREADS` if it
    /// holds a positive number, else the machine's available parallelism
    /// (1 if unknown). Values above [`max_num_threads`] are clamped.
    pub fn num_threads(mut self, num_threads: usize) -> Self {
        self.num_threads = num_threads;
        self
    }

    /// Calls `handler(index)` on each worker thread when it starts, before
    /// it runs any job. A panic of the handler is caught and ignored.
    pub fn start_handler<H>(mut self, handler: H) -> Self
    where
        H: Fn(usize) + Send + Sync + 'static,
    {
        self.start_handler = Some(Box::new(handler));
        self
    }

    /// Calls `handler(index)` on each worker thread as it exits, after its
    /// last job. A panic of the handler is caught and ignored.
    pub fn exit_handler<H>(mut self, handler: H) -> Self
    where
        H: Fn(usize) + Send + Sync + 'static,
    {
        self.exit_handler = Some(Box::new(handler));
        self
    }

    /// Makes each worker take the *oldest* job of its own deque first
    /// (FIFO) instead of the newest, as rayon's deprecated option does.
    /// Usually slower; kept for compatibility.
    #[deprecated(note = "use a FIFO spawn (`spawn_fifo`, `scope_fifo`) instead")]
    pub fn breadth_first(mut self) -> Self {
        self.breadth_first = true;
        self
    }

    /// Names worker `i` with `name(i)`.
    pub fn thread_name<F>(mut self, name: F) -> Self
    where
        F: FnMut(usize) -> String + 'static,
    {
        self.get_thread_name = Some(Box::new(name));
        self
    }

    /// The stack size of each worker thread, in bytes.
    pub fn stack_size(mut self, stack_size: usize) -> Self {
        self.stack_size = Some(stack_size);
        self
    }

    /// Called with the payload of every panic of a `spawn`ed job (which is
    /// caught and counted either way; unlike rayon, which aborts the
    /// process when no handler is set). A panic of the handler itself is
    /// caught and ignored.
    pub fn panic_handler<H>(mut self, handler: H) -> Self
    where
        H: Fn(Box<dyn Any + Send>) + Send + Sync + 'static,
    {
        self.panic_handler = Some(Box::new(handler));
        self
    }

    /// Starts the pool's threads.
    pub fn build(self) -> Result<ThreadPool, ThreadPoolBuildError> {
        Ok(ThreadPool {
            registry: Registry::new(self)?,
        })
    }

    /// Configures the global pool, which free functions such as
    /// [`join`](crate::join) use from outside any pool. Fails if it is
    /// already built (explicitly or by first use). Under loom and Miri there
    /// is no global pool and this returns an error.
    pub fn build_global(self) -> Result<(), ThreadPoolBuildError> {
        registry::init_global(self)
    }

    pub(crate) fn resolved_num_threads(&self) -> Result<usize, ThreadPoolBuildError> {
        let n = if self.num_threads > 0 {
            self.num_threads
        } else {
            env_num_threads()
                .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        };
        Ok(n.min(MAX_THREADS))
    }

    pub(crate) fn into_parts(self) -> BuilderParts {
        BuilderParts {
            get_thread_name: self.get_thread_name,
            stack_size: self.stack_size,
            panic_handler: self.panic_handler,
            start_handler: self.start_handler,
            exit_handler: self.exit_handler,
            breadth_first: self.breadth_first,
        }
    }
}

/// `RAYON_NUM_THREADS`, when it holds a positive number.
fn env_num_threads() -> Option<usize> {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
}

impl fmt::Debug for ThreadPoolBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPoolBuilder")
            .field("num_threads", &self.num_threads)
            .field("stack_size", &self.stack_size)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum ErrorKind {
    #[cfg_attr(any(loom, miri), allow(dead_code))]
    GlobalPoolAlreadyInitialized,
    GlobalPoolUnavailable,
    Io(io::Error),
}

/// Why a pool could not be built.
#[derive(Debug)]
pub struct ThreadPoolBuildError {
    kind: ErrorKind,
}

impl ThreadPoolBuildError {
    pub(crate) fn io(e: io::Error) -> Self {
        ThreadPoolBuildError {
            kind: ErrorKind::Io(e),
        }
    }

    #[cfg_attr(any(loom, miri), allow(dead_code))]
    pub(crate) fn already_initialized() -> Self {
        ThreadPoolBuildError {
            kind: ErrorKind::GlobalPoolAlreadyInitialized,
        }
    }

    #[cfg_attr(not(any(loom, miri)), allow(dead_code))]
    pub(crate) fn global_unavailable() -> Self {
        ThreadPoolBuildError {
            kind: ErrorKind::GlobalPoolUnavailable,
        }
    }

    /// `build_global` was called after the global pool was built.
    pub fn is_global_already_initialized(&self) -> bool {
        matches!(self.kind, ErrorKind::GlobalPoolAlreadyInitialized)
    }
}

impl fmt::Display for ThreadPoolBuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::GlobalPoolAlreadyInitialized => {
                f.write_str("the global thread pool has already been initialized")
            }
            ErrorKind::GlobalPoolUnavailable => {
                f.write_str("there is no global thread pool under loom or Miri")
            }
            ErrorKind::Io(e) => write!(f, "could not spawn a worker thread: {e}"),
        }
    }
}

impl std::error::Error for ThreadPoolBuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// A work-stealing thread pool.
///
/// Dropping it does not wait: the workers finish every job already queued
/// (including jobs those jobs queue) and then exit on their own, as
/// rayon's do.
///
/// ```
/// use fearless_par::ThreadPoolBuilder;
///
/// let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// let (a, b) = pool.join(|| 1 + 1, || 2 + 2);
/// assert_eq!((a, b), (2, 4));
/// assert!(pool.install(fearless_par::current_thread_index).is_some());
/// ```
pub struct ThreadPool {
    registry: Arc<Registry>,
}

impl ThreadPool {
    /// Runs `op` on a worker of this pool and returns its result; `join`,
    /// `scope` and parallel iterators inside `op` use this pool. Called from
    /// outside the pool (including from a worker of another pool) it blocks
    /// the caller until `op` is done.
    pub fn install<OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce() -> R + Send,
        R: Send,
    {
        self.registry.in_worker(|_, _| op())
    }

    /// [`join`](crate::join) on this pool.
    pub fn join<A, B, RA, RB>(&self, a: A, b: B) -> (RA, RB)
    where
        A: FnOnce() -> RA + Send,
        B: FnOnce() -> RB + Send,
        RA: Send,
        RB: Send,
    {
        self.registry.in_worker(|worker, injected| {
            join_context_in(worker, injected, |_: FnContext| a(), |_: FnContext| b())
        })
    }

    /// [`scope`](crate::scope) on this pool.
    pub fn scope<'scope, OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&Scope<'scope>) -> R + Send,
        R: Send,
    {
        self.registry.in_worker(|worker, _| scope_in(worker, op))
    }

    /// [`broadcast`](crate::broadcast) on this pool: `op` runs once on each
    /// of its workers; the results come in worker order.
    pub fn broadcast<OP, R>(&self, op: OP) -> Vec<R>
    where
        OP: Fn(BroadcastContext<'_>) -> R + Sync,
        R: Send,
    {
        self.registry
            .in_worker(|worker, _| broadcast_in(worker, &op))
    }

    /// [`spawn_broadcast`](crate::spawn_broadcast) on this pool.
    pub fn spawn_broadcast<OP>(&self, op: OP)
    where
        OP: Fn(BroadcastContext<'_>) + Send + Sync + 'static,
    {
        spawn_broadcast_in(&self.registry, op);
    }

    /// [`scope_fifo`](crate::scope_fifo) on this pool.
    pub fn scope_fifo<'scope, OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&ScopeFifo<'scope>) -> R + Send,
        R: Send,
    {
        self.registry
            .in_worker(|worker, _| scope_fifo_in(worker, op))
    }

    /// [`in_place_scope`](crate::in_place_scope) spawning into this pool:
    /// the body runs on the calling thread.
    pub fn in_place_scope<'scope, OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&Scope<'scope>) -> R,
    {
        match WorkerThread::current() {
            Some(worker) if worker.is_in(&self.registry) => scope_in(worker, op),
            _ => scope_on_thread(&self.registry, op),
        }
    }

    /// [`in_place_scope_fifo`](crate::in_place_scope_fifo) spawning into
    /// this pool.
    pub fn in_place_scope_fifo<'scope, OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&ScopeFifo<'scope>) -> R,
    {
        match WorkerThread::current() {
            Some(worker) if worker.is_in(&self.registry) => scope_fifo_in(worker, op),
            _ => scope_fifo_on_thread(&self.registry, op),
        }
    }

    /// [`spawn_fifo`](crate::spawn_fifo) on this pool.
    pub fn spawn_fifo<F>(&self, job: F)
    where
        F: FnOnce() + Send + 'static,
    {
        spawn_fifo_in(&self.registry, job);
    }

    /// Runs `job` on this pool some time later, without waiting for it. A
    /// panic of `job` is caught, counted ([`panic_count`](Self::panic_count))
    /// and passed to the builder's `panic_handler`, if any.
    pub fn spawn<F>(&self, job: F)
    where
        F: FnOnce() + Send + 'static,
    {
        spawn_in(&self.registry, job);
    }

    /// The number of worker threads.
    pub fn current_num_threads(&self) -> usize {
        self.registry.num_threads()
    }

    /// The index of the current thread in this pool, if it is one of its
    /// workers.
    pub fn current_thread_index(&self) -> Option<usize> {
        WorkerThread::current()
            .filter(|w| w.is_in(&self.registry))
            .map(WorkerThread::index)
    }

    /// [`yield_now`](crate::yield_now), if the caller is a worker of this
    /// pool; `None` otherwise.
    pub fn yield_now(&self) -> Option<crate::Yield> {
        self.current_thread_index().and_then(|_| crate::yield_now())
    }

    /// [`yield_local`](crate::yield_local), if the caller is a worker of
    /// this pool; `None` otherwise.
    pub fn yield_local(&self) -> Option<crate::Yield> {
        self.current_thread_index()
            .and_then(|_| crate::yield_local())
    }

    /// [`current_thread_has_pending_tasks`](crate::current_thread_has_pending_tasks),
    /// if the caller is a worker of this pool; `None` otherwise.
    pub fn current_thread_has_pending_tasks(&self) -> Option<bool> {
        self.current_thread_index()
            .and_then(|_| crate::current_thread_has_pending_tasks())
    }

    /// How many `spawn`ed jobs have panicked so far.
    pub fn panic_count(&self) -> usize {
        self.registry.panic_count()
    }
}

impl Drop for ThreadPool {
    /// Tells the workers to exit once every queued job has run, and returns
    /// without waiting for them, as rayon does. Under loom and Miri it joins
    /// them (a model or a Miri run must not end with threads running),
    /// unless called on one of the pool's own workers.
    fn drop(&mut self) {
        self.registry.terminate();
        #[cfg(any(loom, miri))]
        {
            let on_own_worker = WorkerThread::current().is_some_and(|w| w.is_in(&self.registry));
            if !on_own_worker {
                self.registry.join_threads();
            }
        }
    }
}

impl fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPool")
            .field("num_threads", &self.current_num_threads())
            .finish_non_exhaustive()
    }
}

/// `execute_job` is [`ThreadPool::spawn`]: it always accepts.
impl Executor for ThreadPool {
    fn execute_job(&self, job: Job) -> Result<(), Rejected> {
        self.spawn(job);
        Ok(())
    }

    fn num_threads(&self) -> usize {
        self.current_num_threads()
    }
}
