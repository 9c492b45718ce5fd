//! `ThreadPoolBuilder`, `ThreadPool` and the build error, as in rayon.

use super::broadcast::{BroadcastContext, broadcast_in, spawn_broadcast_in};
use super::join::{FnContext, join_context_in};
use super::registry::{self, Registry, WorkerThread};
use super::scope::{Scope, scope_in, scope_on_thread};
use super::scope_fifo::{ScopeFifo, scope_fifo_in, scope_fifo_on_thread, spawn_fifo_in};
use super::spawn::spawn_in;
use super::thread_builder::{CustomSpawn, DefaultSpawn, ThreadBuilder, ThreadSpawn};
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
///
/// The type parameter is how worker threads are started: ordinary threads
/// by default, or a closure given to
/// [`spawn_handler`](Self::spawn_handler).
pub struct ThreadPoolBuilder<S = DefaultSpawn> {
    num_threads: usize,
    use_current_thread: bool,
    get_thread_name: Option<NameFn>,
    stack_size: Option<usize>,
    panic_handler: Option<Box<PanicHandler>>,
    start_handler: Option<Box<ThreadHandler>>,
    exit_handler: Option<Box<ThreadHandler>>,
    spawn_handler: S,
    breadth_first: bool,
}

impl Default for ThreadPoolBuilder {
    fn default() -> Self {
        ThreadPoolBuilder {
            num_threads: 0,
            use_current_thread: false,
            get_thread_name: None,
            stack_size: None,
            panic_handler: None,
            start_handler: None,
            exit_handler: None,
            spawn_handler: DefaultSpawn,
            breadth_first: false,
        }
    }
}

/// The parts of a builder the registry keeps or uses to start threads.
pub(crate) struct BuilderParts<S> {
    pub(crate) num_threads: usize,
    pub(crate) use_current_thread: bool,
    pub(crate) spawn_handler: S,
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

    /// Builds a pool whose workers are scoped threads, runs `with_pool` on
    /// it and returns its result once the pool is dropped and every worker
    /// has exited. Each worker thread calls `wrapper` with its
    /// [`ThreadBuilder`], which must call [`ThreadBuilder::run`]; so the
    /// workers may borrow from the caller's stack (in thread-local set-up
    /// done by `wrapper`, for instance).
    ///
    /// ```
    /// use std::cell::Cell;
    ///
    /// thread_local!(static TAG: Cell<u32> = const { Cell::new(0) });
    /// let tag = 7u32;
    /// let seen = fearless_par::ThreadPoolBuilder::new()
    ///     .num_threads(2)
    ///     .build_scoped(
    ///         |thread| {
    ///             TAG.set(tag); // borrows `tag`
    ///             thread.run()
    ///         },
    ///         |pool| pool.broadcast(|_| TAG.get()),
    ///     )
    ///     .unwrap();
    /// assert_eq!(seen, [7, 7]);
    /// ```
    #[cfg(not(loom))]
    pub fn build_scoped<W, F, R>(self, wrapper: W, with_pool: F) -> Result<R, ThreadPoolBuildError>
    where
        W: Fn(ThreadBuilder) + Sync,
        F: FnOnce(&ThreadPool) -> R,
    {
        thread::scope(|scope| {
            let pool = self
                .spawn_handler(|worker| {
                    let wrapper = &wrapper;
                    worker
                        .std_builder()
                        .spawn_scoped(scope, move || wrapper(worker))?;
                    Ok(())
                })
                .build()?;
            Ok(with_pool(&pool))
        })
    }
}

impl<S> ThreadPoolBuilder<S>
where
    S: ThreadSpawn,
{
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
}

impl<S> ThreadPoolBuilder<S> {
    /// Starts the worker threads with `spawn` instead of ordinary threads:
    /// the pool calls it once per worker with a [`ThreadBuilder`], and it
    /// must start a thread that calls [`ThreadBuilder::run`] (which returns
    /// once the pool is dropped and its queues are empty). An error it
    /// returns fails the build.
    ///
    /// ```
    /// let pool = fearless_par::ThreadPoolBuilder::new()
    ///     .num_threads(2)
    ///     .spawn_handler(|thread| {
    ///         let index = thread.index();
    ///         std::thread::Builder::new()
    ///             .name(format!("custom-{index}"))
    ///             .spawn(|| thread.run())?;
    ///         Ok(())
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let name = pool.install(|| std::thread::current().name().map(str::to_owned));
    /// assert!(name.unwrap().starts_with("custom-"));
    /// ```
    pub fn spawn_handler<F>(self, spawn: F) -> ThreadPoolBuilder<CustomSpawn<F>>
    where
        F: FnMut(ThreadBuilder) -> io::Result<()>,
    {
        ThreadPoolBuilder {
            num_threads: self.num_threads,
            use_current_thread: self.use_current_thread,
            get_thread_name: self.get_thread_name,
            stack_size: self.stack_size,
            panic_handler: self.panic_handler,
            start_handler: self.start_handler,
            exit_handler: self.exit_handler,
            spawn_handler: CustomSpawn(spawn),
            breadth_first: self.breadth_first,
        }
    }

    /// Makes the calling thread worker 0 of the pool being built, instead
    /// of starting a thread for it (so the spawn handler is called for the
    /// other workers only, and the start and exit handlers do not run for
    /// it). The thread does not run the worker main loop: it runs the
    /// pool's jobs only while it waits inside the pool (in a `join`, a
    /// scope, [`yield_now`](crate::yield_now), ...). Building fails if the
    /// thread already is a worker of some pool.
    ///
    /// The thread stays worker 0 of this pool until it exits, even after
    /// the pool is dropped (as in rayon).
    ///
    /// ```
    /// let pool = fearless_par::ThreadPoolBuilder::new()
    ///     .num_threads(2)
    ///     .use_current_thread()
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(fearless_par::current_thread_index(), Some(0));
    /// assert_eq!(pool.install(|| fearless_par::join(|| 1, || 2)), (1, 2));
    /// ```
    pub fn use_current_thread(mut self) -> Self {
        self.use_current_thread = true;
        self
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

    /// The number of threads `build` starts (`num_threads`, or the
    /// automatic choice), at most [`max_num_threads`].
    pub(crate) fn resolved_num_threads(&self) -> Result<usize, ThreadPoolBuildError> {
        let n = if self.num_threads > 0 {
            self.num_threads
        } else {
            env_num_threads()
                .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        };
        Ok(n.min(MAX_THREADS))
    }

    pub(crate) fn into_parts(self) -> Result<BuilderParts<S>, ThreadPoolBuildError> {
        Ok(BuilderParts {
            num_threads: self.resolved_num_threads()?,
            use_current_thread: self.use_current_thread,
            spawn_handler: self.spawn_handler,
            get_thread_name: self.get_thread_name,
            stack_size: self.stack_size,
            panic_handler: self.panic_handler,
            start_handler: self.start_handler,
            exit_handler: self.exit_handler,
            breadth_first: self.breadth_first,
        })
    }
}

/// `RAYON_NUM_THREADS`, when it holds a positive number; else, when it
/// does not hold a number at all, the older `RAYON_RS_NUM_CPUS`, as in
/// rayon (`RAYON_NUM_THREADS=0` means automatic).
fn env_num_threads() -> Option<usize> {
    let var = |name| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    match var("RAYON_NUM_THREADS") {
        Some(0) => None,
        Some(n) => Some(n),
        None => var("RAYON_RS_NUM_CPUS").filter(|&n| n > 0),
    }
}

impl<S> fmt::Debug for ThreadPoolBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Shows a set closure as `Some(<closure>)`.
        struct Closure;
        impl fmt::Debug for Closure {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<closure>")
            }
        }
        let closure = |set: bool| set.then_some(Closure);
        f.debug_struct("ThreadPoolBuilder")
            .field("num_threads", &self.num_threads)
            .field("use_current_thread", &self.use_current_thread)
            .field("get_thread_name", &closure(self.get_thread_name.is_some()))
            .field("panic_handler", &closure(self.panic_handler.is_some()))
            .field("stack_size", &self.stack_size)
            .field("start_handler", &closure(self.start_handler.is_some()))
            .field("exit_handler", &closure(self.exit_handler.is_some()))
            .field("breadth_first", &self.breadth_first)
            .finish()
    }
}

#[derive(Debug)]
enum ErrorKind {
    #[cfg_attr(any(loom, miri), allow(dead_code))]
    GlobalPoolAlreadyInitialized,
    GlobalPoolUnavailable,
    CurrentThreadAlreadyInPool,
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

    pub(crate) fn current_thread_already_in_pool() -> Self {
        ThreadPoolBuildError {
            kind: ErrorKind::CurrentThreadAlreadyInPool,
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
            ErrorKind::CurrentThreadAlreadyInPool => f.write_str(
                "the current thread is already part of a thread pool, so it cannot be used by another",
            ),
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
    /// unless called on one of the pool's own worker threads.
    fn drop(&mut self) {
        self.registry.terminate();
        #[cfg(any(loom, miri))]
        {
            // The adopted worker 0 (`use_current_thread`) has no handle of
            // its own, so it may join the others.
            let on_own_thread = WorkerThread::current()
                .is_some_and(|w| w.is_in(&self.registry) && !self.registry.is_adopted(w));
            if !on_own_thread {
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
