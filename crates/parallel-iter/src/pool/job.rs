//! Jobs: type-erased pointers to work that lives on a stack frame
//! ([`StackJob`], for `join` and blocking injection) or on the heap
//! ([`HeapJob`], for `spawn` and scoped spawns).
//!
//! A [`JobRef`] is a raw pointer plus the function that knows its type. The
//! queues move `JobRef`s between threads; whoever pops one executes it
//! exactly once. The creator of a `JobRef` guarantees that the job outlives
//! its execution: a `StackJob`'s frame waits on the job's latch before it
//! returns, a `HeapJob` owns itself and is freed by its execution.
//!
//! Models: `src/pool/models.rs`
//! (`promoted_frame_runs_once_whether_popped_back_or_stolen`,
//! `scope_owner_sees_writes_of_stolen_job`, loom).

use super::latch::Latch;
use super::unwind;
use fearless_core::sync::cell::UnsafeCell;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Work that can be executed through a type-erased pointer.
pub(super) trait Job {
    /// Runs the job.
    ///
    /// # Safety
    /// `this` points to a live job that has not been executed yet, and is
    /// executed exactly once.
    unsafe fn execute(this: *const Self);
}

/// A type-erased, sendable reference to a [`Job`].
pub(super) struct JobRef {
    pointer: *const (),
    execute_fn: unsafe fn(*const ()),
}

// SAFETY: a `JobRef` is only created for jobs whose contents are `Send`
// (the closures and results are `Send` by the bounds of `join`, `scope` and
// `spawn`), and each is executed by exactly one thread.
unsafe impl Send for JobRef {}

unsafe fn execute_erased<T: Job>(pointer: *const ()) {
    // SAFETY: `pointer` was made from a `*const T` in `JobRef::new`, and the
    // caller of `JobRef::execute` upholds `Job::execute`'s contract.
    unsafe { T::execute(pointer.cast::<T>()) }
}

impl JobRef {
    /// # Safety
    /// `data` must stay valid until the returned `JobRef` has been executed,
    /// and the `JobRef` must be executed at most once.
    pub(super) unsafe fn new<T: Job>(data: *const T) -> JobRef {
        JobRef {
            pointer: data.cast(),
            execute_fn: execute_erased::<T>,
        }
    }

    /// Identifies the job, so `join` can tell whether the job it popped back
    /// is the one it pushed.
    pub(super) fn id(&self) -> *const () {
        self.pointer
    }

    /// Runs the job.
    ///
    /// # Safety
    /// The job must still be alive (the contract of [`JobRef::new`]).
    pub(super) unsafe fn execute(self) {
        // SAFETY: the job is alive (caller's contract) and `self` is consumed,
        // so it is executed once.
        unsafe { (self.execute_fn)(self.pointer) }
    }
}

/// The outcome of a job that ran on another thread.
pub(super) enum JobResult<R> {
    /// Not run yet.
    None,
    /// Returned normally.
    Ok(R),
    /// Panicked with this payload.
    Panic(Box<dyn Any + Send>),
}

impl<R> JobResult<R> {
    fn call(func: impl FnOnce() -> R) -> Self {
        match panic::catch_unwind(AssertUnwindSafe(func)) {
            Ok(r) => JobResult::Ok(r),
            Err(payload) => JobResult::Panic(payload),
        }
    }

    /// The value, or the job's panic resumed on this thread.
    fn into_return_value(self) -> R {
        match self {
            JobResult::Ok(r) => r,
            JobResult::Panic(payload) => unwind::resume_unwinding(payload),
            JobResult::None => unreachable!("job result read before the job ran"),
        }
    }
}

/// A job on the stack frame of the thread that waits for it: the right side
/// of a `join`, or an operation injected by a thread outside the pool.
///
/// `F` receives `true` when the job is executed through its [`JobRef`]
/// (taken from a queue, usually by another thread: "migrated").
pub(super) struct StackJob<L, F, R> {
    pub(super) latch: L,
    func: UnsafeCell<Option<F>>,
    result: UnsafeCell<JobResult<R>>,
}

impl<L, F, R> StackJob<L, F, R>
where
    L: Latch,
    F: FnOnce(bool) -> R + Send,
    R: Send,
{
    pub(super) fn new(func: F, latch: L) -> Self {
        StackJob {
            latch,
            func: UnsafeCell::new(Some(func)),
            result: UnsafeCell::new(JobResult::None),
        }
    }

    /// # Safety
    /// The caller must not let `self` move or drop until the returned
    /// reference has been executed (it waits on `self.latch`) or has been
    /// taken back unexecuted (`run_inline`).
    pub(super) unsafe fn as_job_ref(&self) -> JobRef {
        // SAFETY: forwarded to the caller.
        unsafe { JobRef::new(self) }
    }

    /// Runs the job on the current thread, after taking its `JobRef` back
    /// from the queue unexecuted.
    pub(super) fn run_inline(self, migrated: bool) -> R {
        let func = self.func.into_inner().expect("job already taken");
        func(migrated)
    }

    /// The result after the latch was set.
    pub(super) fn into_result(self) -> R {
        self.result.into_inner().into_return_value()
    }
}

impl<L, F, R> Job for StackJob<L, F, R>
where
    L: Latch,
    F: FnOnce(bool) -> R + Send,
    R: Send,
{
    unsafe fn execute(this: *const Self) {
        // SAFETY: the job is alive until its latch is set (caller's
        // contract), which happens last below.
        let this = unsafe { &*this };
        // SAFETY: only the single executor touches `func`; the owner reads
        // it again only through `run_inline`, which it calls only when it
        // popped the `JobRef` back, i.e. when nobody executes it.
        let func = this.func.with_mut(|p| unsafe { (*p).take() });
        let func = func.expect("job executed twice");
        let result = JobResult::call(|| func(true));
        // SAFETY: the owner reads `result` only after the latch is set
        // below, and the latch's release/acquire orders this write first.
        this.result.with_mut(|p| unsafe { *p = result });
        // SAFETY: `this.latch` is alive now; `set` touches nothing of the job
        // after publishing, since the owner may free it at once.
        unsafe { L::set(&this.latch) };
    }
}

/// A job that owns itself on the heap: fire-and-forget work.
pub(super) struct HeapJob<F> {
    func: F,
}

impl<F: FnOnce() + Send> HeapJob<F> {
    pub(super) fn new(func: F) -> Box<Self> {
        Box::new(HeapJob { func })
    }

    /// Leaks the box into a `JobRef`, which frees it when executed.
    ///
    /// # Safety
    /// Everything `F` borrows must outlive the job's execution, and the
    /// `JobRef` must be executed (or it leaks).
    pub(super) unsafe fn into_job_ref(self: Box<Self>) -> JobRef {
        // SAFETY: the box stays allocated until `execute` turns it back into
        // a `Box`; borrows are the caller's contract.
        unsafe { JobRef::new(Box::into_raw(self)) }
    }
}

impl<F: FnOnce() + Send> Job for HeapJob<F> {
    unsafe fn execute(this: *const Self) {
        // SAFETY: `this` came from `Box::into_raw` in `into_job_ref` and is
        // executed once, so we own the allocation again.
        let this = unsafe { Box::from_raw(this.cast_mut()) };
        (this.func)();
    }
}
