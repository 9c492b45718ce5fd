//! The engine: one run, whatever the operation. This module holds what the
//! operations and the run share (the [`Task`] trait, what a range of items
//! comes to, what a task sees of the run, how a run fails); the parts live
//! beside it:
//!
//! - `run.rs`: [`execute`]: the inline probe, the chunk plan, the scoped
//!   workers and the bookkeeping of the first failure (below);
//! - `slice_tasks.rs`: the [`Task`]s over a shared and over a mutable slice;
//! - `item_loops.rs`: the per-item loops the operations run inside a range
//!   (stop checks, panic indices, in-place result writes).
//!
//! Models: `src/claim/models.rs` (chunk claiming, loom) and
//! `tests/shuttle_models.rs` (whole runs, shuttle).
//!
//! The operations (`map`, `for_each_mut`, file processing, ...) are
//! [`Task`]s: they say how to run a range of items and what a chunk
//! produces. [`execute`] does the rest:
//!
//! 1. **Probe.** Items are processed on the caller's thread, front to back,
//!    in pieces, while a clock runs: 4 items first, then each piece sized to
//!    use up the rest of the inline budget at the rate measured so far (at
//!    most 16 times what is done), so the clock is read only a few times.
//!    If everything finishes within the budget, no thread is ever started.
//!    Otherwise, once the budget is spent and the rest is estimated to take
//!    at least as long again, the probe hands over.
//! 2. **Plan.** The remaining items are cut into numbered chunks
//!    ([`Plan`]), and a [`Claimer`] shares the numbers out (dynamic or
//!    static).
//! 3. **Workers.** `min(threads, chunks) - 1` scoped threads are started
//!    (of the configured [`ThreadScope`](crate::ThreadScope)); the caller's
//!    thread is worker 0. Each worker claims chunks until none are left or
//!    the run is stopped, and keeps
//!    its outputs, tagged with their first item index, in a local vector
//!    that it hands back once at the end: no lock is taken per item or
//!    per chunk to collect results, and the caller does not wait for the
//!    helpers' threads to be torn down (see `run.rs`'s `spawn_workers`).
//! 4. **Failure.** Every chunk runs under `catch_unwind`. The item loop
//!    keeps its index in a local guard whose `Drop` copies it to the
//!    [`RunContext`] once per piece; a panic unwinds through the loop, drops
//!    the guard there, and so is reported with its item's index at no
//!    per-item cost. The first failure (an error, or a panic, which
//!    outranks an error) is kept in a mutex, and the run's stop flag is
//!    raised; workers check the flag before every claim and every 16 items.

use core::cell::Cell;
use core::convert::Infallible;
use core::ops::Range;
use std::panic::resume_unwind;

use fearless_atomics::StopFlag;

use crate::claim::{Claimer, Plan};
use crate::error::{IndexedError, ItemPanic};

mod item_loops;
mod run;
mod slice_tasks;

pub(crate) use item_loops::{each, each_mut, fill, whole_chunk};
pub(crate) use run::execute;
pub(crate) use slice_tasks::{SliceMutTask, SliceTask};

/// The outputs of the chunks of a run, each with its first item index.
pub(crate) type Parts<O> = Vec<(usize, O)>;

/// What running a range of items came to.
pub(crate) enum RangeOutcome<O, E> {
    /// Every item ran; the chunk's output.
    Done(O),
    /// The run was stopped before every item ran; the output is dropped.
    Stopped,
    /// Item `.0` returned the error `.1`.
    Failed(usize, E),
}

/// What a task sees of the run while it runs items.
pub(crate) struct RunContext<'r> {
    /// The item being run, for panic reports.
    pub(super) current_item: Cell<usize>,
    pub(super) claimer: &'r Claimer,
    /// The caller's shared stop flag, raised along with the run's own.
    pub(super) mirror: Option<&'r StopFlag>,
}

impl RunContext<'_> {
    /// Notes that item `index` is about to run (once per piece).
    #[inline(always)]
    pub(crate) fn enter(&self, index: usize) {
        self.current_item.set(index);
    }

    /// Whether the run has been stopped (checked every few items).
    #[inline(always)]
    pub(crate) fn is_stopped(&self) -> bool {
        self.claimer.is_stopped()
    }

    /// Stops the run without a failure (file processing's stop-on-error).
    pub(crate) fn stop(&self) {
        self.claimer.stop();
        if let Some(flag) = self.mirror {
            flag.stop();
        }
    }
}

/// An operation the engine can run.
pub(crate) trait Task: Sync {
    /// What one chunk produces.
    type Out: Send;
    /// What a failing item returns.
    type Err: Send;

    /// Runs `range` on the caller's thread before any worker exists. Calls
    /// come in order, front to back, and tile a prefix of the input.
    fn run_inline(
        &mut self,
        range: Range<usize>,
        ctx: &RunContext<'_>,
    ) -> RangeOutcome<Self::Out, Self::Err>;

    /// Called once, before the workers start, with the plan of the rest.
    fn split(&mut self, _plan: &Plan) {}

    /// Runs chunk `number` (its items are `range`) on some worker.
    fn run_chunk(
        &self,
        number: usize,
        range: Range<usize>,
        ctx: &RunContext<'_>,
    ) -> RangeOutcome<Self::Out, Self::Err>;
}

/// How a run failed.
pub(crate) enum Failure<E> {
    /// An item returned an error.
    Error(IndexedError<E>),
    /// An item panicked.
    Panic(ItemPanic),
}

impl<E> Failure<E> {
    /// Re-raises a panic; hands back an error.
    pub(crate) fn into_error(self) -> IndexedError<E> {
        match self {
            Failure::Error(e) => e,
            Failure::Panic(p) => resume_unwind(Box::new(p)),
        }
    }
}

impl Failure<Infallible> {
    /// A run whose items cannot fail can only have panicked.
    pub(crate) fn raise(self) -> ! {
        match self {
            Failure::Error(e) => match e.error {},
            Failure::Panic(p) => resume_unwind(Box::new(p)),
        }
    }
}
