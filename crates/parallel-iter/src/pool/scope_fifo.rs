//! FIFO scopes and spawns: jobs that start in the order they were spawned
//! (relative to other FIFO spawns), for work that should be processed
//! roughly first-come first-served.
//!
//! They go on the pool's FIFO injector instead of the spawning worker's
//! LIFO deque. Rayon keeps one FIFO queue per worker instead; the
//! guarantee users can rely on is the same: FIFO jobs spawned from one
//! thread start in spawn order when one thread runs them.

use super::broadcast::BroadcastContext;
use super::job::HeapJob;
use super::registry::{Registry, WorkerThread, in_current_pool, with_global_registry};
use super::scope::{Scope, scope_in, scope_on_thread};
use super::spawn::spawn_job;
use fearless_core::sync::Arc;
use std::fmt;

/// A scope whose spawned jobs start in FIFO order; see [`scope_fifo`].
#[repr(transparent)]
pub struct ScopeFifo<'scope> {
    inner: Scope<'scope>,
}

impl<'scope> ScopeFifo<'scope> {
    fn from_scope<'a>(scope: &'a Scope<'scope>) -> &'a ScopeFifo<'scope> {
        // SAFETY: `ScopeFifo` is `repr(transparent)` over `Scope`, so the
        // two references have the same layout and validity.
        unsafe { &*(scope as *const Scope<'scope>).cast::<ScopeFifo<'scope>>() }
    }

    /// Spawns `body` into the scope, to start after the FIFO jobs spawned
    /// before it. It may borrow anything that outlives the scope.
    pub fn spawn_fifo<BODY>(&self, body: BODY)
    where
        BODY: FnOnce(&ScopeFifo<'scope>) + Send + 'scope,
    {
        self.inner
            .spawn_in_order(move |scope| body(ScopeFifo::from_scope(scope)), true);
    }

    /// Spawns one copy of `body` on every worker of the pool, as
    /// [`Scope::spawn_broadcast`].
    ///
    /// ```
    /// use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    /// let copies = AtomicUsize::new(0);
    /// pool.scope_fifo(|s| s.spawn_broadcast(|_, _| {
    ///     copies.fetch_add(1, Ordering::Relaxed);
    /// }));
    /// assert_eq!(copies.into_inner(), 2);
    /// ```
    pub fn spawn_broadcast<BODY>(&self, body: BODY)
    where
        BODY: Fn(&ScopeFifo<'scope>, BroadcastContext<'_>) + Send + Sync + 'scope,
    {
        self.inner
            .spawn_broadcast(move |scope, ctx| body(ScopeFifo::from_scope(scope), ctx));
    }
}

impl fmt::Debug for ScopeFifo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ScopeFifo").field(&self.inner).finish()
    }
}

/// [`scope`](crate::scope) whose jobs, spawned with
/// [`ScopeFifo::spawn_fifo`], start in FIFO order.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// let order = fearless_core::sync::Mutex::new(Vec::new());
/// pool.scope_fifo(|s| {
///     for i in 0..4 {
///         let order = &order;
///         s.spawn_fifo(move |_| order.lock().unwrap().push(i));
///     }
/// });
/// assert_eq!(order.into_inner().unwrap(), [0, 1, 2, 3]);
/// ```
pub fn scope_fifo<'scope, OP, R>(op: OP) -> R
where
    OP: FnOnce(&ScopeFifo<'scope>) -> R + Send,
    R: Send,
{
    in_current_pool(|worker, _| scope_fifo_in(worker, op))
}

pub(crate) fn scope_fifo_in<'scope, OP, R>(worker: &WorkerThread, op: OP) -> R
where
    OP: FnOnce(&ScopeFifo<'scope>) -> R,
{
    scope_in(worker, |scope| op(ScopeFifo::from_scope(scope)))
}

/// [`in_place_scope`](crate::in_place_scope) with FIFO spawns.
///
/// ```
/// let mut parts = [0; 3];
/// fearless_par::in_place_scope_fifo(|s| {
///     for (i, part) in parts.iter_mut().enumerate() {
///         s.spawn_fifo(move |_| *part = i + 1);
///     }
/// });
/// assert_eq!(parts, [1, 2, 3]);
/// ```
pub fn in_place_scope_fifo<'scope, OP, R>(op: OP) -> R
where
    OP: FnOnce(&ScopeFifo<'scope>) -> R,
{
    match WorkerThread::current() {
        Some(worker) => scope_fifo_in(worker, op),
        None => with_global_registry(|registry| scope_fifo_on_thread(registry, op)),
    }
}

/// `in_place_scope_fifo` on a thread outside `registry`'s pool.
pub(crate) fn scope_fifo_on_thread<'scope, OP, R>(registry: &Arc<Registry>, op: OP) -> R
where
    OP: FnOnce(&ScopeFifo<'scope>) -> R,
{
    scope_on_thread(registry, |scope| op(ScopeFifo::from_scope(scope)))
}

/// Queues `job` FIFO on `registry`; see [`spawn_fifo`].
pub(crate) fn spawn_fifo_in<F>(registry: &Registry, job: F)
where
    F: FnOnce() + Send + 'static,
{
    let heap: Box<HeapJob<_>> = spawn_job(job);
    // SAFETY: as in `spawn_in`: the closure is `'static`, and workers drain
    // the injector before they exit.
    registry.inject(unsafe { heap.into_job_ref() });
}

/// [`spawn`](crate::spawn), starting after the FIFO jobs spawned before it.
///
/// ```
/// let pool = fearless_par::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
/// let (tx, rx) = std::sync::mpsc::channel();
/// pool.install(|| {
///     for i in 0..3 {
///         let tx = tx.clone();
///         fearless_par::spawn_fifo(move || tx.send(i).unwrap());
///     }
/// });
/// drop(tx);
/// assert_eq!(rx.iter().collect::<Vec<_>>(), [0, 1, 2]);
/// ```
pub fn spawn_fifo<F>(job: F)
where
    F: FnOnce() + Send + 'static,
{
    match WorkerThread::current() {
        Some(worker) => spawn_fifo_in(worker.registry(), job),
        None => with_global_registry(|registry| spawn_fifo_in(registry, job)),
    }
}
