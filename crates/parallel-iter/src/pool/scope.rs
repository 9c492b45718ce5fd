//! `scope`: spawn any number of jobs that borrow from the caller's stack;
//! the scope returns when all of them are done.
//!
//! Models: `src/pool/models.rs` (`scope_owner_sees_writes_of_stolen_job`,
//! loom).

use super::broadcast::BroadcastContext;
use super::job::HeapJob;
use super::latch::{GuestSignal, Probe};
use super::registry::{Registry, WorkerThread, in_current_pool, with_global_registry};
use super::unwind;
use fearless_core::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicUsize, Ordering},
};
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};

/// The type of job a scope accepts, named for its variance marker.
type ScopeJob<'scope> = Box<dyn FnOnce(&Scope<'scope>) + Send + Sync + 'scope>;

/// A scope in which jobs borrowing non-`'static` data can be spawned; see
/// [`scope`].
pub struct Scope<'scope> {
    registry: Arc<Registry>,
    /// Jobs not finished yet, plus one for the scope's body.
    pending: AtomicUsize,
    /// Who runs the body and waits for the jobs.
    owner: ScopeOwner,
    /// The first panic of the body or of a job.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
    /// Invariant in `'scope`, like rayon's: jobs may borrow exactly `'scope`.
    _marker: PhantomData<ScopeJob<'scope>>,
}

/// Who waits for a scope's jobs, and so whom the last one wakes.
enum ScopeOwner {
    /// Worker `index` of the scope's pool; it works while it waits.
    Worker(usize),
    /// A thread outside the pool (`in_place_scope`); it blocks.
    Thread(Arc<GuestSignal>),
}

/// Creates a scope, runs `op` in it on a worker, and waits until every job
/// spawned in it (recursively) has finished.
///
/// # Panics
/// If `op` or a spawned job panics, the panic is resumed here after every
/// job has finished; the first panic wins.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
/// let mut parts = [0u64; 4];
/// pool.install(|| {
///     fearless_par::scope(|s| {
///         for (i, part) in parts.iter_mut().enumerate() {
///             s.spawn(move |_| *part = (i as u64 + 1) * 10);
///         }
///     })
/// });
/// assert_eq!(parts, [10, 20, 30, 40]);
/// ```
///
/// A job cannot borrow data that the scope may outlive:
///
/// ```compile_fail
/// fearless_par::scope(|s| {
///     let local = 5;
///     s.spawn(|_| println!("{local}"));
/// });
/// ```
pub fn scope<'scope, OP, R>(op: OP) -> R
where
    OP: FnOnce(&Scope<'scope>) -> R + Send,
    R: Send,
{
    in_current_pool(|worker, _| scope_in(worker, op))
}

/// Creates a scope whose body `op` runs on the *current* thread (a worker
/// or not), spawning into the current pool (the caller's, else the global
/// one), and waits until every job spawned in it has finished. Unlike
/// [`scope`], neither `op` nor its result need to be `Send`.
///
/// # Panics
/// As [`scope`].
///
/// ```
/// let mut total = 0;
/// let parts = [1, 2, 3];
/// let mut sums = [0; 3];
/// fearless_par::in_place_scope(|s| {
///     for (slot, part) in sums.iter_mut().zip(&parts) {
///         s.spawn(move |_| *slot = part * 10);
///     }
///     total = 6; // the body runs here, so it may touch non-`Send` state
/// });
/// assert_eq!((sums, total), ([10, 20, 30], 6));
/// ```
pub fn in_place_scope<'scope, OP, R>(op: OP) -> R
where
    OP: FnOnce(&Scope<'scope>) -> R,
{
    match WorkerThread::current() {
        Some(worker) => scope_in(worker, op),
        None => with_global_registry(|registry| scope_on_thread(registry, op)),
    }
}

/// `scope` with `worker` (the current thread) as the owner.
pub(crate) fn scope_in<'scope, OP, R>(worker: &WorkerThread, op: OP) -> R
where
    OP: FnOnce(&Scope<'scope>) -> R,
{
    let scope = Scope::new(
        Arc::clone(worker.registry()),
        ScopeOwner::Worker(worker.index()),
    );
    scope.run_and_wait(op, |scope| worker.wait_until(scope))
}

/// `in_place_scope` on a thread outside any pool: the body runs here, the
/// jobs on `registry`, and this thread blocks until they are done.
pub(crate) fn scope_on_thread<'scope, OP, R>(registry: &Arc<Registry>, op: OP) -> R
where
    OP: FnOnce(&Scope<'scope>) -> R,
{
    let signal = Arc::new(GuestSignal::new());
    let scope = Scope::new(
        Arc::clone(registry),
        ScopeOwner::Thread(Arc::clone(&signal)),
    );
    scope.run_and_wait(op, |scope| signal.wait(scope))
}

impl<'scope> Scope<'scope> {
    fn new(registry: Arc<Registry>, owner: ScopeOwner) -> Self {
        Scope {
            registry,
            pending: AtomicUsize::new(1),
            owner,
            panic: Mutex::new(None),
            _marker: PhantomData,
        }
    }

    /// Runs the body, waits (with `wait`) for every job, then returns the
    /// body's result or resumes the first panic.
    fn run_and_wait<OP, R>(&self, op: OP, wait: impl FnOnce(&Self)) -> R
    where
        OP: FnOnce(&Scope<'scope>) -> R,
    {
        let scope = self;
        let result = panic::catch_unwind(AssertUnwindSafe(|| op(scope)));
        let result = match result {
            Ok(r) => Some(r),
            Err(payload) => {
                scope.record_panic(payload);
                None
            }
        };
        // The body's own count; we are the owner, so there is nobody to wake.
        // Release, like every decrement, so the owner's Acquire probe pairs
        // with one uniform release sequence (the owner is this thread, so the
        // body's own writes would be visible even with Relaxed).
        scope.pending.fetch_sub(1, Ordering::Release);
        wait(scope);
        if let Some(payload) = scope.take_panic() {
            unwind::resume_unwinding(payload);
        }
        result.expect("no panic recorded, so the body returned")
    }
}

impl Probe for Scope<'_> {
    fn probe(&self) -> bool {
        // Acquire: synchronizes with every job's Release decrement (they form
        // one release sequence), so all their writes are visible once we see 0.
        self.pending.load(Ordering::Acquire) == 0
    }
}

#[derive(Clone, Copy)]
struct ScopePtr<'scope>(*const Scope<'scope>);

// SAFETY: `Scope` is `Sync` (its fields are), and the pointer is only
// dereferenced while the scope waits for the job that holds it.
unsafe impl Send for ScopePtr<'_> {}

impl<'scope> ScopePtr<'scope> {
    /// A method (not a field access) so closures capture the whole `Send`
    /// wrapper, not the raw pointer inside it.
    ///
    /// # Safety
    /// The scope must still be waiting for the job calling this.
    unsafe fn get(&self) -> &Scope<'scope> {
        // SAFETY: forwarded to the caller.
        unsafe { &*self.0 }
    }
}

impl<'scope> Scope<'scope> {
    /// Spawns `body` into the scope: it runs on some worker of the pool
    /// before [`scope`] returns, and may borrow anything that outlives the
    /// scope and spawn further jobs.
    pub fn spawn<BODY>(&self, body: BODY)
    where
        BODY: FnOnce(&Scope<'scope>) + Send + 'scope,
    {
        self.spawn_in_order(body, false);
    }

    /// Queues `body` LIFO on the current worker's deque (`fifo == false`)
    /// or FIFO on the pool's injector.
    pub(super) fn spawn_in_order<BODY>(&self, body: BODY, fifo: bool)
    where
        BODY: FnOnce(&Scope<'scope>) + Send + 'scope,
    {
        // Relaxed: the increment is ordered before the job's decrement by
        // the queue that publishes the job (and it is an RMW on the same
        // counter, so `pending` never reads 0 while the job is queued).
        self.pending.fetch_add(1, Ordering::Relaxed);
        let ptr = ScopePtr(self);
        let job = HeapJob::new(move || {
            // SAFETY: the scope waits until `pending` drops to 0, which is
            // after this job's `complete_job` below.
            let scope = unsafe { ptr.get() };
            if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| body(scope))) {
                scope.record_panic(payload);
            }
            // SAFETY: `scope` is not used after this call.
            unsafe { Scope::complete_job(scope) };
        });
        // SAFETY: everything `body` borrows outlives `'scope`, which outlives
        // the scope's wait for this job; the job is run because workers
        // drain the queues and the owner waits (working) for it.
        let job_ref = unsafe { job.into_job_ref() };
        if fifo {
            self.registry.inject(job_ref);
        } else {
            self.registry.inject_or_push(job_ref);
        }
    }

    /// Spawns one copy of `body` on every worker of the pool, each with its
    /// [`BroadcastContext`]; the scope waits for all of them. Copies may
    /// borrow anything that outlives the scope.
    ///
    /// ```
    /// use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    /// let seen: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
    /// pool.scope(|s| {
    ///     s.spawn_broadcast(|_, ctx| {
    ///         seen[ctx.index()].fetch_add(1, Ordering::Relaxed);
    ///     });
    /// });
    /// assert!(seen.iter().all(|n| n.load(Ordering::Relaxed) == 1));
    /// ```
    pub fn spawn_broadcast<BODY>(&self, body: BODY)
    where
        BODY: Fn(&Scope<'scope>, BroadcastContext<'_>) + Send + Sync + 'scope,
    {
        let n = self.registry.num_threads();
        // Relaxed: as in `spawn_in_order`, each copy's queue publishes the
        // increment before that copy's decrement.
        self.pending.fetch_add(n, Ordering::Relaxed);
        let body = Arc::new(body);
        let ptr = ScopePtr(self);
        for index in 0..n {
            let body = Arc::clone(&body);
            let job = HeapJob::new(move || {
                // SAFETY: the scope waits until `pending` drops to 0, which
                // is after this copy's `complete_job` below.
                let scope = unsafe { ptr.get() };
                let ctx = BroadcastContext::here(n);
                if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| body(scope, ctx))) {
                    scope.record_panic(payload);
                }
                // The last copy drops `body` (and what it captured) here,
                // while what it borrows is still alive.
                drop(body);
                // SAFETY: `scope` is not used after this call.
                unsafe { Scope::complete_job(scope) };
            });
            // SAFETY: as in `spawn_in_order`: what `body` borrows outlives
            // the scope's wait for this copy, and worker `index` runs its
            // inbox (the owner waits, working, for the count).
            self.registry
                .push_to_worker(index, unsafe { job.into_job_ref() });
        }
    }

    fn record_panic(&self, payload: Box<dyn Any + Send>) {
        let mut slot = self.panic.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(payload);
        }
    }

    fn take_panic(&self) -> Option<Box<dyn Any + Send>> {
        self.panic
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Counts a job out and wakes the owner if it was the last.
    ///
    /// # Safety
    /// `this` may be freed as soon as `pending` reaches 0: the caller must
    /// not use it after this call.
    unsafe fn complete_job(this: *const Self) {
        // SAFETY: `this` is alive until our decrement below (the owner waits
        // for it); we copy out what we need first and only touch the
        // counter through a raw-pointer-derived reference after that.
        // A thread owner's signal is cloned first: the scope (and its
        // `Arc`) may be gone as soon as the count reaches 0.
        let (owner, pending) = unsafe {
            let owner = match &(*this).owner {
                ScopeOwner::Worker(index) => Err(*index),
                ScopeOwner::Thread(signal) => Ok(Arc::clone(signal)),
            };
            (owner, &(*this).pending)
        };
        // The job runs on a worker of the scope's pool (only they execute
        // its jobs), which holds the registry alive after the scope is gone.
        let worker = WorkerThread::current().expect("scope jobs run on workers");
        let registry: &Registry = worker.registry();
        // Release: publishes this job's writes to the owner's Acquire probe.
        if pending.fetch_sub(1, Ordering::Release) == 1 {
            match owner {
                Err(index) => {
                    registry.sleep().wake_worker(index);
                }
                Ok(signal) => signal.notify(),
            }
        }
    }
}

impl fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            // Relaxed: a snapshot for display; nothing is read through it.
            .field("pending", &self.pending.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}
