//! The shared state of a pool (`Registry`) and the per-thread state of its
//! workers (`WorkerThread`): queues, stealing, the main loop, and how a
//! caller gets onto a worker (`in_worker`).
//!
//! Models: `src/pool/models.rs` (`idle_worker_wakes_*`,
//! `external_join_on_two_workers_*`, loom).

use super::deque::{Injector, Steal, Stealer, Worker};
use super::frames::Frames;
use super::job::{JobRef, StackJob};
use super::latch::{CrossLatch, LockLatch, Probe};
use super::sleep::{IdleState, Sleep};
use super::thread_builder::{ThreadBuilder, ThreadSpawn};
use super::thread_pool::{
    BuilderParts, PanicHandler, ThreadHandler, ThreadPoolBuildError, ThreadPoolBuilder,
};
use fearless_core::sync::thread::JoinHandle;
use fearless_core::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};
use std::any::Any;
use std::cell::Cell;
use std::ptr;

/// Takes the oldest job of `queue`, retrying lost races.
fn pop_queue(queue: &Injector<JobRef>) -> Option<JobRef> {
    loop {
        match queue.steal() {
            Steal::Success(job) => return Some(job),
            Steal::Empty => return None,
            Steal::Retry => {}
        }
    }
}

/// Everything the workers of one pool share.
pub(crate) struct Registry {
    injector: Injector<JobRef>,
    /// One queue per worker for jobs only that worker may run (broadcasts).
    inboxes: Vec<Injector<JobRef>>,
    stealers: Vec<Stealer<JobRef>>,
    sleep: Sleep,
    terminating: AtomicBool,
    panics: AtomicUsize,
    panic_handler: Option<Box<PanicHandler>>,
    start_handler: Option<Box<ThreadHandler>>,
    exit_handler: Option<Box<ThreadHandler>>,
    handles: Mutex<Vec<JoinHandle<()>>>,
    /// Worker 0 is the thread that built the pool (`use_current_thread`).
    #[cfg_attr(not(any(loom, miri)), allow(dead_code))]
    adopted_worker_0: bool,
}

impl Registry {
    /// Starts the worker threads described by `builder`, through its spawn
    /// handler; with `use_current_thread`, the calling thread becomes
    /// worker 0 instead (after every other worker started, so a failed
    /// build leaves it untouched).
    pub(crate) fn new<S: ThreadSpawn>(
        builder: ThreadPoolBuilder<S>,
    ) -> Result<Arc<Registry>, ThreadPoolBuildError> {
        let mut parts = builder.into_parts()?;
        if parts.use_current_thread && WorkerThread::current().is_some() {
            return Err(ThreadPoolBuildError::current_thread_already_in_pool());
        }
        let (registry, workers) = Registry::unstarted(parts.num_threads, &mut parts);
        let mut adopted = None;
        for (index, worker) in workers.into_iter().enumerate() {
            let thread = ThreadBuilder {
                name: parts.get_thread_name.as_mut().map(|f| f(index)),
                stack_size: parts.stack_size,
                registry: Arc::clone(&registry),
                index,
                worker,
            };
            if index == 0 && parts.use_current_thread {
                adopted = Some(thread);
            } else if let Err(e) = parts.spawn_handler.spawn(thread) {
                registry.terminate();
                registry.join_threads();
                return Err(ThreadPoolBuildError::io(e));
            }
        }
        if let Some(thread) = adopted {
            adopt_current_thread(thread);
        }
        Ok(registry)
    }

    /// Keeps a worker's join handle, for `join_threads`.
    pub(super) fn keep_handle(&self, handle: JoinHandle<()>) {
        self.lock_handles().push(handle);
    }

    /// Whether `worker` is this pool's worker 0 adopted from the thread
    /// that built it (which has no join handle and runs no main loop).
    #[cfg_attr(not(any(loom, miri)), allow(dead_code))]
    pub(crate) fn is_adopted(&self, worker: &WorkerThread) -> bool {
        self.adopted_worker_0 && worker.is_in(self) && worker.index() == 0
    }

    /// The shared state and the deques of `n` workers, without threads.
    fn unstarted<S>(n: usize, parts: &mut BuilderParts<S>) -> (Arc<Registry>, Vec<Worker<JobRef>>) {
        let workers: Vec<Worker<JobRef>> = (0..n)
            .map(|_| {
                if parts.breadth_first {
                    Worker::new_fifo()
                } else {
                    Worker::new_lifo()
                }
            })
            .collect();
        let registry = Arc::new(Registry {
            injector: Injector::new(),
            inboxes: (0..n).map(|_| Injector::new()).collect(),
            stealers: workers.iter().map(Worker::stealer).collect(),
            sleep: Sleep::new(n),
            terminating: AtomicBool::new(false),
            panics: AtomicUsize::new(0),
            panic_handler: parts.panic_handler.take(),
            start_handler: parts.start_handler.take(),
            exit_handler: parts.exit_handler.take(),
            handles: Mutex::new(Vec::with_capacity(n)),
            adopted_worker_0: parts.use_current_thread,
        });
        (registry, workers)
    }

    fn lock_handles(&self) -> fearless_core::sync::MutexGuard<'_, Vec<JoinHandle<()>>> {
        self.handles.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn num_threads(&self) -> usize {
        self.stealers.len()
    }

    pub(crate) fn sleep(&self) -> &Sleep {
        &self.sleep
    }

    /// Panics caught in `spawn`ed jobs so far.
    pub(crate) fn panic_count(&self) -> usize {
        // Relaxed: a statistic; no data hangs on it.
        self.panics.load(Ordering::Relaxed)
    }

    /// Counts and reports the panic of a fire-and-forget job.
    pub(crate) fn handle_panic(&self, payload: Box<dyn Any + Send>) {
        // Relaxed: a statistic.
        self.panics.fetch_add(1, Ordering::Relaxed);
        if let Some(handler) = &self.panic_handler {
            // A panicking handler must not kill the worker either.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(payload)));
        }
    }

    /// Queues a job from any thread: on the current worker's own deque if
    /// it belongs to this pool, otherwise on the injector.
    pub(crate) fn inject_or_push(&self, job: JobRef) {
        match WorkerThread::current() {
            Some(worker) if worker.is_in(self) => worker.push(job),
            _ => self.inject(job),
        }
    }

    /// Queues a job from outside the pool on the injector and tells
    /// sleepers.
    pub(crate) fn inject(&self, job: JobRef) {
        self.injector.push(job);
        self.sleep.new_jobs();
    }

    /// Queues `job` for worker `index` only, and makes sure it wakes: the
    /// `new_jobs` bump fails a sleep it is about to commit to (so it
    /// searches again, inbox included), and `wake_worker` wakes it if it
    /// already sleeps.
    pub(crate) fn push_to_worker(&self, index: usize, job: JobRef) {
        self.inboxes[index].push(job);
        self.sleep.new_jobs();
        self.sleep.wake_worker(index);
    }

    fn pop_inbox(&self, index: usize) -> Option<JobRef> {
        pop_queue(&self.inboxes[index])
    }

    fn pop_injected(&self) -> Option<JobRef> {
        pop_queue(&self.injector)
    }

    fn is_terminating(&self) -> bool {
        // Acquire: pairs with the Release store in `terminate`, so that jobs
        // queued before the flag was set are visible to the next search.
        self.terminating.load(Ordering::Acquire)
    }

    /// Asks the workers to exit once they find no more work.
    pub(crate) fn terminate(&self) {
        // Release: publishes the jobs queued before it (see `is_terminating`).
        self.terminating.store(true, Ordering::Release);
        // Workers check the flag under their sleep lock, which `wake_all`
        // takes, so none can fall asleep having missed it.
        self.sleep.wake_all();
    }

    /// Joins the worker threads (after `terminate`).
    pub(crate) fn join_threads(&self) {
        let handles = std::mem::take(&mut *self.lock_handles());
        for handle in handles {
            // A worker never panics (jobs' panics are caught); ignore anyway.
            let _ = handle.join();
        }
    }

    /// Runs `op` on a worker of this pool and returns its result. A worker
    /// of this pool runs it directly; any other thread injects it and
    /// blocks until it is done. `op`'s second argument says whether it was
    /// injected (runs on another thread than the caller).
    pub(crate) fn in_worker<OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&WorkerThread, bool) -> R + Send,
        R: Send,
    {
        match WorkerThread::current() {
            Some(worker) if worker.is_in(self) => op(worker, false),
            _ => self.in_worker_cold(op),
        }
    }

    /// `in_worker` from a thread that is not a worker of this pool: a
    /// worker of another pool waits working (see [`CrossLatch`]), any other
    /// thread blocks.
    #[cold]
    fn in_worker_cold<OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&WorkerThread, bool) -> R + Send,
        R: Send,
    {
        match WorkerThread::current() {
            Some(other) => self.in_worker_cross(other, op),
            None => self.in_worker_blocking(op),
        }
    }

    fn in_worker_cross<OP, R>(&self, waiter: &WorkerThread, op: OP) -> R
    where
        OP: FnOnce(&WorkerThread, bool) -> R + Send,
        R: Send,
    {
        let job = StackJob::new(
            |injected| {
                let worker = WorkerThread::current().expect("injected job runs on a worker");
                op(worker, injected)
            },
            CrossLatch::new(waiter.registry(), waiter.index()),
        );
        // SAFETY: `job` lives on this frame until `wait_until` returns,
        // which is after the job ran and set its latch.
        self.inject(unsafe { job.as_job_ref() });
        waiter.wait_until(&job.latch);
        job.into_result()
    }

    fn in_worker_blocking<OP, R>(&self, op: OP) -> R
    where
        OP: FnOnce(&WorkerThread, bool) -> R + Send,
        R: Send,
    {
        let job = StackJob::new(
            |injected| {
                let worker = WorkerThread::current().expect("injected job runs on a worker");
                op(worker, injected)
            },
            LockLatch::new(),
        );
        // SAFETY: `job` lives on this frame until `wait` returns, which is
        // after the job ran and set its latch.
        self.inject(unsafe { job.as_job_ref() });
        job.latch.wait();
        job.into_result()
    }
}

#[cfg(not(loom))]
thread_local! {
    static WORKER_THREAD: Cell<*const WorkerThread> = const { Cell::new(ptr::null()) };
}

#[cfg(loom)]
thread_local! {
    // Not `const { .. }`: loom's `thread_local!` does not accept it.
    #[allow(clippy::missing_const_for_thread_local)]
    static WORKER_THREAD: Cell<*const WorkerThread> = Cell::new(ptr::null());
}

// The shim's thread_local (loom's under loom, so each modelled thread has
// its own).
use fearless_core::sync::thread::thread_local;

/// The state of one worker, on its thread's stack for its whole life.
pub(crate) struct WorkerThread {
    worker: Worker<JobRef>,
    index: usize,
    registry: Arc<Registry>,
    rng: Cell<u64>,
    /// Right halves of this worker's joins that are not stealable yet.
    frames: Frames,
}

impl WorkerThread {
    /// The worker running on this thread, if any.
    ///
    /// The reference is only valid on this thread while the worker's main
    /// loop runs, which covers every job the worker executes; it is
    /// `!Send`/`!Sync` (the deque `Worker` is), so it cannot escape the
    /// thread. Crate-private for that reason.
    #[inline]
    pub(crate) fn current<'a>() -> Option<&'a WorkerThread> {
        let p = WORKER_THREAD.with(Cell::get);
        // SAFETY: the pointer is set by `main_loop` to a `WorkerThread` on
        // its own stack frame and cleared before that frame ends; we are on
        // the same thread, called from inside that frame.
        unsafe { p.as_ref() }
    }

    #[inline]
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    #[inline]
    pub(crate) fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    pub(crate) fn is_in(&self, registry: &Registry) -> bool {
        ptr::eq(Arc::as_ptr(&self.registry), registry)
    }

    /// Pushes onto this worker's deque and tells sleepers.
    pub(crate) fn push(&self, job: JobRef) {
        self.worker.push(job);
        self.registry.sleep.new_jobs();
    }

    /// This worker's pending (not yet stealable) join frames.
    #[inline]
    pub(super) fn frames(&self) -> &Frames {
        &self.frames
    }

    /// The heartbeat's promotion: makes the oldest pending frame stealable
    /// by pushing it on this worker's deque (which wakes a sleeper).
    #[cold]
    pub(super) fn promote_oldest(&self) {
        if let Some(job) = self.frames.take_oldest() {
            self.push(job);
        }
    }

    /// Pops the newest job of this worker's own deque.
    pub(crate) fn take_local_job(&self) -> Option<JobRef> {
        self.worker.pop()
    }

    /// Executes `job` here.
    pub(crate) fn execute(&self, job: JobRef) {
        self.frames.start_job();
        // SAFETY: every queued `JobRef` is alive until executed (the
        // contract of whoever queued it), and popping it gave us the only
        // copy.
        unsafe { job.execute() }
    }

    fn next_random(&self) -> u64 {
        // xorshift64: cheap victim selection, not cryptographic.
        let mut x = self.rng.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.set(x);
        x
    }

    fn steal_from_others(&self) -> Option<JobRef> {
        let stealers = &self.registry.stealers;
        let n = stealers.len();
        if n <= 1 {
            return None;
        }
        let start = (self.next_random() % n as u64) as usize;
        loop {
            let mut retry = false;
            for victim in (start..n).chain(0..start) {
                if victim == self.index {
                    continue;
                }
                match stealers[victim].steal() {
                    Steal::Success(job) => return Some(job),
                    Steal::Retry => retry = true,
                    Steal::Empty => {}
                }
            }
            if !retry {
                return None;
            }
        }
    }

    /// Own deque first (newest, hot in cache), then own inbox (broadcast
    /// jobs), then other workers' deques (oldest,
    /// biggest), then the injector.
    fn find_work(&self) -> Option<JobRef> {
        self.take_local_job()
            .or_else(|| self.registry.pop_inbox(self.index))
            .or_else(|| self.steal_from_others())
            .or_else(|| self.registry.pop_injected())
    }

    /// Whether this worker's own deque holds jobs.
    pub(crate) fn has_local_jobs(&self) -> bool {
        !self.worker.is_empty()
    }

    /// Runs one job from anywhere in the pool (`local_only`: from this
    /// worker's deque only), if there is one; says whether it did.
    pub(crate) fn run_one_job(&self, local_only: bool) -> bool {
        let job = if local_only {
            self.take_local_job()
        } else {
            self.find_work()
        };
        match job {
            Some(job) => {
                self.execute(job);
                true
            }
            None => false,
        }
    }

    /// Executes other jobs until `latch` is set, sleeping when there are
    /// none ("work while waiting").
    pub(crate) fn wait_until<L: Probe>(&self, latch: &L) {
        if latch.probe() {
            return;
        }
        self.wait_until_cold(latch);
    }

    #[cold]
    fn wait_until_cold<L: Probe>(&self, latch: &L) {
        let mut idle = IdleState::new();
        while !latch.probe() {
            if let Some(job) = self.find_work() {
                self.registry.sleep.idle_ended(&mut idle);
                self.execute(job);
            } else {
                self.registry
                    .sleep
                    .no_work_found(&mut idle, self.index, || latch.probe());
            }
        }
        self.registry.sleep.idle_ended(&mut idle);
    }

    /// The worker's life: run jobs until the pool terminates and no work is
    /// left.
    fn run(&self) {
        let mut idle = IdleState::new();
        loop {
            // Read the flag *before* searching: `terminate` is stored after
            // every job queued by the dropping thread, so a search that
            // follows our acquire of the flag sees those jobs. (Checking it
            // after a failed search could exit with a job queued between
            // the two; the shutdown model found exactly that.)
            let terminating = self.registry.is_terminating();
            if let Some(job) = self.find_work() {
                self.registry.sleep.idle_ended(&mut idle);
                self.execute(job);
            } else if terminating {
                self.registry.sleep.idle_ended(&mut idle);
                return;
            } else {
                self.registry
                    .sleep
                    .no_work_found(&mut idle, self.index, || self.registry.is_terminating());
            }
        }
    }
}

/// A registry whose workers the caller drives itself, so a model can make
/// its own thread a worker and keep the thread count down.
#[cfg(test)]
pub(crate) fn unstarted_for_model(n: usize) -> (Arc<Registry>, Vec<WorkerSlot>) {
    let mut parts = ThreadPoolBuilder::new()
        .into_parts()
        .expect("a default builder is valid");
    let (registry, workers) = Registry::unstarted(n, &mut parts);
    let slots = workers
        .into_iter()
        .enumerate()
        .map(|(index, worker)| WorkerSlot {
            registry: Arc::clone(&registry),
            index,
            worker,
        })
        .collect();
    (registry, slots)
}

/// One worker's identity and deque, not yet running (models only).
#[cfg(test)]
pub(crate) struct WorkerSlot {
    registry: Arc<Registry>,
    index: usize,
    worker: Worker<JobRef>,
}

#[cfg(test)]
impl WorkerSlot {
    /// Runs the worker's main loop on this thread until termination.
    pub(crate) fn run_main_loop(self) {
        main_loop(self.registry, self.index, self.worker);
    }

    /// Makes this thread the worker while `f` runs.
    pub(crate) fn run_as<R>(self, f: impl FnOnce(&WorkerThread) -> R) -> R {
        let me = WorkerThread::new(self.registry, self.index, self.worker);
        WORKER_THREAD.with(|cell| cell.set(&me));
        let result = f(&me);
        WORKER_THREAD.with(|cell| cell.set(ptr::null()));
        result
    }
}

impl WorkerThread {
    fn new(registry: Arc<Registry>, index: usize, worker: Worker<JobRef>) -> Self {
        WorkerThread {
            worker,
            index,
            registry,
            rng: Cell::new(
                0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D),
            ),
            frames: Frames::new(),
        }
    }
}

/// A worker thread's whole life (`ThreadBuilder::run`).
pub(super) fn main_loop(registry: Arc<Registry>, index: usize, worker: Worker<JobRef>) {
    let me = WorkerThread::new(registry, index, worker);
    WORKER_THREAD.with(|cell| cell.set(&me));
    call_thread_handler(me.registry.start_handler.as_deref(), index);
    me.run();
    call_thread_handler(me.registry.exit_handler.as_deref(), index);
    WORKER_THREAD.with(|cell| cell.set(ptr::null()));
}

/// Makes the calling thread `thread`'s worker for the rest of its life
/// (`use_current_thread`), without running the main loop: it runs jobs
/// only while it waits inside the pool. The worker state is freed when the
/// thread exits (rayon leaks it).
fn adopt_current_thread(thread: ThreadBuilder) {
    /// Owns an adopted worker (a leaked box, so that no move of the box
    /// invalidates the pointer in `WORKER_THREAD`); dropped with the
    /// thread's locals.
    struct Adopted(*mut WorkerThread);
    impl Drop for Adopted {
        fn drop(&mut self) {
            if self.0.is_null() {
                return;
            }
            // Unregister first: a later destructor that reaches the pool
            // then sees no worker rather than a freed one.
            // (`try_with`: it may already be destroyed itself.)
            let _ = WORKER_THREAD.try_with(|cell| cell.set(ptr::null()));
            // SAFETY: the pointer came from `Box::into_raw` below and is
            // freed only here, once; the thread is exiting, so no frame of
            // it still runs pool code holding a reference to the worker.
            drop(unsafe { Box::from_raw(self.0) });
        }
    }
    thread_local! {
        // Not `const { .. }`: loom's `thread_local!` does not accept it.
        #[allow(clippy::missing_const_for_thread_local)]
        static ADOPTED: std::cell::Cell<Adopted> = std::cell::Cell::new(Adopted(ptr::null_mut()));
    }
    let me = Box::into_raw(Box::new(WorkerThread::new(
        thread.registry,
        thread.index,
        thread.worker,
    )));
    WORKER_THREAD.with(|cell| cell.set(me));
    // A thread is adopted at most once (`Registry::new` refuses a thread
    // that already is a worker), so this replaces the null pointer.
    ADOPTED.with(|slot| slot.set(Adopted(me)));
}

/// Calls a start or exit handler; its panic must not kill the worker.
fn call_thread_handler(handler: Option<&ThreadHandler>, index: usize) {
    if let Some(handler) = handler {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(index)));
    }
}

/// The global pool: built on first use (or by `build_global`), sized from
/// available parallelism, never dropped.
#[cfg(not(any(loom, miri)))]
mod global {
    use super::Registry;
    use crate::pool::thread_builder::ThreadSpawn;
    use crate::pool::thread_pool::{ThreadPoolBuildError, ThreadPoolBuilder};
    use fearless_core::sync::{Arc, OnceLock};

    static GLOBAL: OnceLock<Arc<Registry>> = OnceLock::new();

    pub(crate) fn registry() -> &'static Arc<Registry> {
        GLOBAL.get_or_init(|| {
            Registry::new(ThreadPoolBuilder::new())
                .or_else(|_| Registry::new(ThreadPoolBuilder::new().num_threads(1)))
                .expect("fearless-par: could not start the global thread pool")
        })
    }

    /// The global pool if it was built already.
    pub(crate) fn built() -> Option<&'static Arc<Registry>> {
        GLOBAL.get()
    }

    pub(crate) fn init<S: ThreadSpawn>(
        builder: ThreadPoolBuilder<S>,
    ) -> Result<(), ThreadPoolBuildError> {
        if GLOBAL.get().is_some() {
            return Err(ThreadPoolBuildError::already_initialized());
        }
        let registry = Registry::new(builder)?;
        match GLOBAL.set(registry) {
            Ok(()) => Ok(()),
            Err(lost) => {
                // Another thread built it first: retire ours.
                lost.terminate();
                lost.join_threads();
                Err(ThreadPoolBuildError::already_initialized())
            }
        }
    }
}

/// Runs `op` on the current pool: the caller's own pool when it is a
/// worker, otherwise the global pool.
#[inline]
pub(crate) fn in_current_pool<OP, R>(op: OP) -> R
where
    OP: FnOnce(&WorkerThread, bool) -> R + Send,
    R: Send,
{
    match WorkerThread::current() {
        Some(worker) => op(worker, false),
        None => in_global_pool(op),
    }
}

#[cfg(not(any(loom, miri)))]
fn in_global_pool<OP, R>(op: OP) -> R
where
    OP: FnOnce(&WorkerThread, bool) -> R + Send,
    R: Send,
{
    global::registry().in_worker_cold(op)
}

/// Under loom and Miri there is no global pool (loom threads cannot
/// outlive a model; Miri reports threads still running at exit): a call
/// from outside any pool runs on a temporary pool that is joined after it.
#[cfg(any(loom, miri))]
fn in_global_pool<OP, R>(op: OP) -> R
where
    OP: FnOnce(&WorkerThread, bool) -> R + Send,
    R: Send,
{
    let registry = Registry::new(ThreadPoolBuilder::new().num_threads(TEMPORARY_THREADS))
        .expect("fearless-par: could not start a temporary pool");
    let result = registry.in_worker_cold(op);
    registry.terminate();
    registry.join_threads();
    result
}

/// Runs `f` (on this thread, which is not a worker) with the registry that
/// work from this thread goes to: the global pool, or under loom and Miri a
/// temporary pool that is joined after `f`.
#[cfg(not(any(loom, miri)))]
pub(crate) fn with_global_registry<R>(f: impl FnOnce(&Arc<Registry>) -> R) -> R {
    f(global::registry())
}

#[cfg(any(loom, miri))]
pub(crate) fn with_global_registry<R>(f: impl FnOnce(&Arc<Registry>) -> R) -> R {
    let registry = Registry::new(ThreadPoolBuilder::new().num_threads(TEMPORARY_THREADS))
        .expect("fearless-par: could not start a temporary pool");
    let result = f(&registry);
    registry.terminate();
    registry.join_threads();
    result
}

#[cfg(loom)]
const TEMPORARY_THREADS: usize = 1;
#[cfg(all(miri, not(loom)))]
const TEMPORARY_THREADS: usize = 2;

/// The number of threads of the current pool (the caller's own, else the
/// global one).
pub(crate) fn current_num_threads() -> usize {
    match WorkerThread::current() {
        Some(worker) => worker.registry.num_threads(),
        None => global_num_threads(),
    }
}

#[cfg(not(any(loom, miri)))]
fn global_num_threads() -> usize {
    global::registry().num_threads()
}

#[cfg(any(loom, miri))]
fn global_num_threads() -> usize {
    TEMPORARY_THREADS
}

/// Builds the global pool from `builder`.
#[cfg(not(any(loom, miri)))]
pub(crate) fn init_global<S: ThreadSpawn>(
    builder: ThreadPoolBuilder<S>,
) -> Result<(), ThreadPoolBuildError> {
    global::init(builder)
}

#[cfg(any(loom, miri))]
pub(crate) fn init_global<S: ThreadSpawn>(
    builder: ThreadPoolBuilder<S>,
) -> Result<(), ThreadPoolBuildError> {
    builder.resolved_num_threads()?;
    Err(ThreadPoolBuildError::global_unavailable())
}

/// The global pool's registry if it was built already (a guest's pacing
/// asks whether its workers are hungry, but must not build it).
#[cfg(not(any(loom, miri)))]
pub(crate) fn global_registry_if_built() -> Option<&'static Arc<Registry>> {
    global::built()
}

/// The global pool's registry (built on first use).
#[cfg(not(any(loom, miri)))]
pub(crate) fn global_registry() -> &'static Arc<Registry> {
    global::registry()
}
