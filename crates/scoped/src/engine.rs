//! One run, whatever the operation: the inline probe, the chunk plan, the
//! scoped workers, and the bookkeeping of the first failure.
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
//! 3. **Workers.** `min(threads, chunks) - 1` scoped threads are started;
//!    the caller's thread is worker 0. Each worker
//!    claims chunks until none are left or the run is stopped, and keeps
//!    its outputs, tagged with their first item index, in a local vector
//!    that it hands back once at the end: no lock is taken per item or
//!    per chunk to collect results, and the caller does not wait for the
//!    helpers' threads to be torn down (see [`spawn_workers`]).
//! 4. **Failure.** Every chunk runs under `catch_unwind`. The item loop
//!    keeps its index in a local guard whose `Drop` copies it to a `Cell`
//!    once per piece; a panic unwinds through the loop, drops the guard
//!    there, and so is reported with its item's index at no per-item cost. The first failure (an error, or a panic, which outranks an
//!    error) is kept in a mutex, and the run's stop flag is raised; workers
//!    check the flag before every claim and every 16 items.

use core::any::Any;
use core::cell::Cell;
use core::convert::Infallible;
use core::marker::PhantomData;
use core::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Instant;

use fearless_atomics::StopFlag;
use fearless_core::sync::{Mutex, PoisonError, thread};

use crate::claim::{Claimer, Lane, Plan};
use crate::config::{Backend, Parallel, Schedule};
use crate::error::{IndexedError, ItemPanic};
use crate::slots::{Filled, Slots};

/// Chunks per thread of the automatic dynamic chunk size: enough that a
/// chunk full of expensive items is a small part of a thread's share.
const DYNAMIC_CHUNKS_PER_THREAD: usize = 16;

/// The first probe piece, in items (or whole chunks): small, so that
/// expensive items are noticed after a few of them.
const FIRST_PROBE_PIECE: usize = 4;

/// The outputs of the chunks of a run, each with its first item index.
pub(crate) type Parts<O> = Vec<(usize, O)>;

/// What running a range of items came to.
pub(crate) enum Step<O, E> {
    /// Every item ran; the chunk's output.
    Done(O),
    /// The run was stopped before every item ran; the output is dropped.
    Stopped,
    /// Item `.0` returned the error `.1`.
    Failed(usize, E),
}

/// What a task sees of the run while it runs items.
pub(crate) struct Ctl<'r> {
    /// The item being run, for panic reports.
    at: Cell<usize>,
    claimer: &'r Claimer,
    mirror: Option<&'r StopFlag>,
}

impl Ctl<'_> {
    /// Notes that item `index` is about to run (once per piece).
    #[inline(always)]
    pub(crate) fn enter(&self, index: usize) {
        self.at.set(index);
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
    fn run_inline(&mut self, range: Range<usize>, ctl: &Ctl<'_>) -> Step<Self::Out, Self::Err>;

    /// Called once, before the workers start, with the plan of the rest.
    fn split(&mut self, _plan: &Plan) {}

    /// Runs chunk `number` (its items are `range`) on some worker.
    fn run_chunk(
        &self,
        number: usize,
        range: Range<usize>,
        ctl: &Ctl<'_>,
    ) -> Step<Self::Out, Self::Err>;
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

/// The state every worker of a run shares.
struct Run<'r, E> {
    claimer: Claimer,
    failure: Mutex<Option<Failure<E>>>,
    mirror: Option<&'r StopFlag>,
}

impl<'r, E> Run<'r, E> {
    fn ctl(&self) -> Ctl<'_> {
        Ctl {
            at: Cell::new(0),
            claimer: &self.claimer,
            mirror: self.mirror,
        }
    }

    /// Keeps `failure` unless an earlier one is kept (a panic replaces an
    /// error, never the reverse), then stops the run.
    fn fail(&self, failure: Failure<E>) {
        {
            let mut kept = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
            let replace = matches!(
                (&*kept, &failure),
                (None, _) | (Some(Failure::Error(_)), Failure::Panic(_))
            );
            if replace {
                *kept = Some(failure);
            }
        }
        // After the record: whoever sees the flag also finds the failure.
        self.claimer.stop();
        if let Some(flag) = self.mirror {
            flag.stop();
        }
    }

    /// Runs one piece of work under `catch_unwind` and files its outcome.
    /// Returns the output, or `None` if the worker should stop.
    fn guard<O>(&self, ctl: &Ctl<'_>, body: impl FnOnce() -> Step<O, E>) -> Option<O> {
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(Step::Done(out)) => Some(out),
            Ok(Step::Stopped) => None,
            Ok(Step::Failed(index, error)) => {
                self.fail(Failure::Error(IndexedError { index, error }));
                None
            }
            Err(payload) => {
                self.fail(Failure::Panic(ItemPanic {
                    index: ctl.at.get(),
                    payload,
                }));
                None
            }
        }
    }
}

/// Runs `task` over the items `0..len` as `config` says. Returns the
/// outputs of the chunks that ran, each with its first item index (all of
/// them unless the task stopped the run), or the run's first failure.
pub(crate) fn execute<T: Task>(
    config: &Parallel<'_>,
    len: usize,
    task: &mut T,
) -> Result<Parts<T::Out>, Failure<T::Err>> {
    let mut run = Run {
        claimer: Claimer::new(0),
        failure: Mutex::new(None),
        mirror: config.stop_flag,
    };
    let mut parts = Vec::new();

    let unit = config.chunk;
    let done = if config.threads == 1 {
        // One thread: everything inline (in explicit chunks if asked for).
        run_inline(&run, task, &mut parts, 0..len, unit, |done| {
            Pace::Run(len - done)
        })
    } else if config.inline_threshold.is_zero() {
        0
    } else {
        let start = Instant::now();
        let budget = config.inline_threshold.as_nanos();
        run_inline(&run, task, &mut parts, 0..len, unit, |done| {
            if done == 0 {
                return Pace::Run(FIRST_PROBE_PIECE);
            }
            let spent = start.elapsed().as_nanos().max(1);
            let (done, rest) = (done as u128, (len - done) as u128);
            if spent >= budget {
                // Hand over if the rest, at the rate so far, takes at least
                // the threshold again; else finish inline.
                if spent * rest >= budget * done {
                    Pace::HandOver
                } else {
                    Pace::Run(rest as usize)
                }
            } else {
                // Size the next piece to use up the budget at the rate so
                // far, growing at most 16-fold so that items that turn
                // expensive are noticed soon.
                let fits = (budget - spent) * done / spent;
                Pace::Run(fits.clamp(1, 16 * done) as usize)
            }
        })
    };

    if done < len && !run.claimer.is_stopped() {
        let rest = len - done;
        let threads = config.threads;
        let chunk = config.chunk.unwrap_or(match config.schedule {
            Schedule::Dynamic => rest.div_ceil(threads.saturating_mul(DYNAMIC_CHUNKS_PER_THREAD)),
            Schedule::Static => rest.div_ceil(threads),
        });
        let plan = Plan::new(done, len, chunk);
        let workers = threads.min(plan.chunks());
        if workers <= 1 {
            let unit = Some(plan.chunk);
            run_inline(&run, task, &mut parts, done..len, unit, |d| {
                Pace::Run(len - d)
            });
        } else {
            task.split(&plan);
            run.claimer = Claimer::new(plan.chunks());
            let dynamic = config.schedule == Schedule::Dynamic;
            let (task, run) = (&*task, &run);
            let work = move |lanes: Vec<Lane>| {
                let ctl = run.ctl();
                let mut out = Vec::new();
                for mut lane in lanes {
                    while let Some(number) = run.claimer.claim(&mut lane) {
                        let range = plan.range(number);
                        let start = range.start;
                        match run.guard(&ctl, || task.run_chunk(number, range, &ctl)) {
                            Some(o) => out.push((start, o)),
                            None => return out,
                        }
                    }
                }
                out
            };
            let lane = |w| run.claimer.lane(dynamic, w, workers);
            let outputs = spawn_workers(config.backend, workers, lane, &work);
            parts.extend(outputs.into_iter().flatten());
        }
    }

    match run
        .failure
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        Some(failure) => Err(failure),
        None => Ok(parts),
    }
}

/// What the inline phase does next.
enum Pace {
    /// Run about this many more items (rounded up to whole chunks).
    Run(usize),
    /// Leave the rest to the workers.
    HandOver,
}

/// Runs `range` on the caller's thread, one piece at a time, asking
/// `pace(items done so far)` before each piece; with an explicit chunk size
/// `unit`, pieces are whole chunks and each chunk is its own call, so the
/// chunk functions see aligned sub-slices. Stops when the range is done,
/// the run stops, or `pace` hands over. Returns the index reached.
fn run_inline<T: Task>(
    run: &Run<'_, T::Err>,
    task: &mut T,
    parts: &mut Vec<(usize, T::Out)>,
    range: Range<usize>,
    unit: Option<usize>,
    mut pace: impl FnMut(usize) -> Pace,
) -> usize {
    let ctl = run.ctl();
    let mut at = range.start;
    while at < range.end && !run.claimer.is_stopped() {
        let piece = match pace(at - range.start) {
            Pace::Run(n) => n.max(1),
            Pace::HandOver => break,
        };
        let piece = match unit {
            Some(u) => piece.div_ceil(u).saturating_mul(u),
            None => piece,
        };
        let piece_end = at.saturating_add(piece).min(range.end);
        while at < piece_end {
            let end = unit.map_or(piece_end, |u| at.saturating_add(u).min(piece_end));
            match run.guard(&ctl, || task.run_inline(at..end, &ctl)) {
                Some(out) => parts.push((at, out)),
                None => return at,
            }
            at = end;
        }
    }
    at
}

/// Runs `work` on `workers` workers: the caller's thread and `workers - 1`
/// scoped threads of `backend`. Each gets its lane (`lane(w)`); the lanes
/// of threads that could not be started are worked by the caller, so no
/// chunk is left behind when the OS refuses a thread.
///
/// The helpers hand their outputs back through a mutex, taken once per
/// worker, rather than through their join handles: `std`'s scope then
/// waits only for the helpers' closures to return, not for their threads
/// to be torn down (unmapping the signal stack, releasing the thread
/// stack, exiting), which a join would wait for and which costs about as
/// much again as the start. crossbeam's scope always joins every thread.
fn spawn_workers<O: Send>(
    backend: Backend,
    workers: usize,
    lane: impl Fn(usize) -> Lane,
    work: &(impl Fn(Vec<Lane>) -> Vec<O> + Sync),
) -> Vec<Vec<O>> {
    let finished = Finished::new(workers);
    // Copied into every helper: it captures references only.
    let helper = |their: Lane| finished.keep(catch_unwind(AssertUnwindSafe(|| work(vec![their]))));
    // Starts the helpers with `spawn` (which says whether the thread
    // started), then works the caller's lane and any refused helper's.
    let lead = |spawn: &mut dyn FnMut(Lane) -> bool| {
        let mut mine = vec![lane(0)];
        for w in 1..workers {
            if !spawn(lane(w)) {
                mine.push(lane(w));
            }
        }
        finished.keep(Ok(work(mine)));
    };
    match backend {
        Backend::Std => thread::scope(|s| {
            lead(&mut |their| {
                // The handle is dropped unjoined: the scope still waits for
                // the closure, and `finished` carries its output.
                thread::Builder::new()
                    .spawn_scoped(s, move || helper(their))
                    .is_ok()
            })
        }),
        Backend::Crossbeam => crossbeam_utils::thread::scope(|s| {
            lead(&mut |their| s.builder().spawn(move |_| helper(their)).is_ok())
        })
        .unwrap_or_else(|p| resume_unwind(p)),
    }
    finished.into_outputs()
}

/// The workers' outputs, handed in once per worker, and the payload of a
/// panic that escaped a worker outside any item (an internal bug, or a
/// result's `Drop` that panicked), re-raised in the caller.
struct Finished<O> {
    kept: Mutex<(Vec<Vec<O>>, Option<Payload>)>,
}

/// What a panic carries.
type Payload = Box<dyn Any + Send>;

impl<O> Finished<O> {
    fn new(workers: usize) -> Self {
        Self {
            kept: Mutex::new((Vec::with_capacity(workers), None)),
        }
    }

    fn keep(&self, outcome: Result<Vec<O>, Payload>) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        match outcome {
            Ok(out) => kept.0.push(out),
            Err(payload) => kept.1 = Some(payload),
        }
    }

    fn into_outputs(self) -> Vec<Vec<O>> {
        match self
            .kept
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            (outputs, None) => outputs,
            (_, Some(payload)) => resume_unwind(payload),
        }
    }
}

/// A task over a shared slice: `body(first index, sub-slice, ctl)` runs a
/// range of items and says what it came to.
pub(crate) struct SliceTask<'d, T, G, O, E> {
    pub(crate) data: &'d [T],
    pub(crate) body: G,
    pub(crate) _out: PhantomData<fn() -> (O, E)>,
}

impl<'d, T, G, O, E> Task for SliceTask<'d, T, G, O, E>
where
    T: Sync,
    G: Fn(usize, &'d [T], &Ctl<'_>) -> Step<O, E> + Sync,
    O: Send,
    E: Send,
{
    type Out = O;
    type Err = E;

    fn run_inline(&mut self, range: Range<usize>, ctl: &Ctl<'_>) -> Step<O, E> {
        (self.body)(range.start, &self.data[range], ctl)
    }

    fn run_chunk(&self, _number: usize, range: Range<usize>, ctl: &Ctl<'_>) -> Step<O, E> {
        (self.body)(range.start, &self.data[range], ctl)
    }
}

/// A task over a mutable slice. The caller's thread peels inline pieces off
/// the front; before the workers start, the rest is cut into the plan's
/// chunks, each parked in its own slot that exactly one worker (the one
/// that claimed its number) empties. Each slot's mutex is taken once,
/// uncontended: it is there so the hand-over of a `&mut` sub-slice to
/// another thread needs no `unsafe`.
pub(crate) struct SliceMutTask<'d, T, G, E> {
    /// The part not yet run inline or split. Only touched through `&mut
    /// self` (`get_mut`, no locking); the mutex makes the task `Sync` for
    /// items that are only `Send`.
    rest: Mutex<&'d mut [T]>,
    offset: usize,
    slots: Vec<Mutex<Option<&'d mut [T]>>>,
    body: G,
    _err: PhantomData<fn() -> E>,
}

impl<'d, T, G, E> SliceMutTask<'d, T, G, E> {
    pub(crate) fn new(data: &'d mut [T], body: G) -> Self {
        Self {
            rest: Mutex::new(data),
            offset: 0,
            slots: Vec::new(),
            body,
            _err: PhantomData,
        }
    }
}

impl<T, G, E> Task for SliceMutTask<'_, T, G, E>
where
    T: Send,
    G: Fn(usize, &mut [T], &Ctl<'_>) -> Step<(), E> + Sync,
    E: Send,
{
    type Out = ();
    type Err = E;

    fn run_inline(&mut self, range: Range<usize>, ctl: &Ctl<'_>) -> Step<(), E> {
        debug_assert_eq!(range.start, self.offset);
        let rest = self.rest.get_mut().unwrap_or_else(PoisonError::into_inner);
        let (head, tail) = core::mem::take(rest).split_at_mut(range.len());
        *rest = tail;
        self.offset = range.end;
        (self.body)(range.start, head, ctl)
    }

    fn split(&mut self, plan: &Plan) {
        debug_assert_eq!(plan.base, self.offset);
        let rest = self.rest.get_mut().unwrap_or_else(PoisonError::into_inner);
        self.slots = core::mem::take(rest)
            .chunks_mut(plan.chunk)
            .map(|c| Mutex::new(Some(c)))
            .collect();
    }

    fn run_chunk(&self, number: usize, range: Range<usize>, ctl: &Ctl<'_>) -> Step<(), E> {
        let piece = self.slots[number]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .expect("fearless-scoped: a chunk was claimed twice");
        debug_assert_eq!(piece.len(), range.len());
        (self.body)(range.start, piece, ctl)
    }
}

/// Items run between two checks of the stop flag: often enough that a
/// stop is seen "soon", rarely enough that a loop over cheap items is not
/// slowed by it.
#[cfg(not(loom))]
const STOP_CHECK_EVERY: usize = 16;
/// Under the model checkers (`cfg(loom)`, which `cargo xtask shuttle` also
/// sets) 2, so that a model's few-item chunks check the flag between
/// blocks and a worker can leave a chunk part-way.
#[cfg(loom)]
const STOP_CHECK_EVERY: usize = 2;

/// The index of the item a loop is at, for panic reports: a local the loop
/// advances (a register, not a store per item) and that is written to the
/// run's [`Ctl`] only when it is dropped, once per piece. A panic in `f`
/// unwinds through the loop and drops it there, recording the index of the
/// item that panicked before `catch_unwind` reads it.
struct At<'c, 'r> {
    index: usize,
    ctl: &'c Ctl<'r>,
}

impl Drop for At<'_, '_> {
    #[inline(always)]
    fn drop(&mut self) {
        self.ctl.at.set(self.index);
    }
}

/// Runs `f` on each item of `items` (whose first index is `start`); stops
/// at the first error or when the run stops.
#[inline]
pub(crate) fn each<'d, T, E>(
    start: usize,
    items: &'d [T],
    ctl: &Ctl<'_>,
    f: impl Fn(&'d T) -> Result<(), E>,
) -> Step<(), E> {
    let (whole, tail) = items.split_at(items.len() - items.len() % STOP_CHECK_EVERY);
    let blocks = whole.chunks_exact(STOP_CHECK_EVERY);
    each_in_blocks(start, blocks, tail, tail.is_empty(), ctl, f)
}

/// [`each`] for mutable items.
#[inline]
pub(crate) fn each_mut<T, E>(
    start: usize,
    items: &mut [T],
    ctl: &Ctl<'_>,
    f: impl Fn(&mut T) -> Result<(), E>,
) -> Step<(), E> {
    let (whole, tail) = items.split_at_mut(items.len() - items.len() % STOP_CHECK_EVERY);
    let (blocks, tail_is_empty) = (whole.chunks_exact_mut(STOP_CHECK_EVERY), tail.is_empty());
    each_in_blocks(start, blocks, tail, tail_is_empty, ctl, f)
}

/// The loop of [`each`] and [`each_mut`]: the items come in blocks of
/// exactly [`STOP_CHECK_EVERY`] and then a shorter `tail`; the stop flag is
/// checked before each block and before a non-empty tail.
///
/// The blocks are exact so that the inner loop has a trip count known at
/// compile time: the compiler unrolls it for cheap items and there is no
/// short inner loop whose exit the branch predictor keeps missing (with
/// `chunks`, a 1,000-item loop of a few nanoseconds an item ran at about
/// half the speed of a plain loop).
#[inline(always)]
fn each_in_blocks<B: IntoIterator, E>(
    start: usize,
    blocks: impl Iterator<Item = B>,
    tail: B,
    tail_is_empty: bool,
    ctl: &Ctl<'_>,
    f: impl Fn(B::Item) -> Result<(), E>,
) -> Step<(), E> {
    let mut at = At { index: start, ctl };
    for block in blocks {
        if ctl.is_stopped() {
            return Step::Stopped;
        }
        if let Err(e) = each_in(block, &mut at.index, &f) {
            return Step::Failed(at.index, e);
        }
    }
    if !tail_is_empty {
        if ctl.is_stopped() {
            return Step::Stopped;
        }
        if let Err(e) = each_in(tail, &mut at.index, &f) {
            return Step::Failed(at.index, e);
        }
    }
    Step::Done(())
}

/// Runs `f` on each item of `block`, advancing `index` past each item that
/// succeeds; at an error, `index` is the failing item's.
#[inline(always)]
fn each_in<B: IntoIterator, E>(
    block: B,
    index: &mut usize,
    f: &impl Fn(B::Item) -> Result<(), E>,
) -> Result<(), E> {
    for item in block {
        f(item)?;
        *index += 1;
    }
    Ok(())
}

/// [`each`] writing the results into `slots` in place; the chunk's output
/// is its filled cursor (dropped, with the values it holds, if the chunk
/// does not finish).
#[inline]
pub(crate) fn fill<'d, 'a, T, R, E>(
    start: usize,
    items: &'d [T],
    ctl: &Ctl<'_>,
    slots: &Slots<'a, R>,
    f: impl Fn(&'d T) -> Result<R, E>,
) -> Step<Filled<'a, R>, E> {
    let mut out = slots.cursor(start, items.len());
    let mut at = At { index: start, ctl };
    // Exact blocks and a tail, as in `each_in_blocks`.
    let (whole, tail) = items.split_at(items.len() - items.len() % STOP_CHECK_EVERY);
    for block in whole.chunks_exact(STOP_CHECK_EVERY) {
        if ctl.is_stopped() {
            return Step::Stopped;
        }
        if let Err(e) = fill_in(&mut out, block, &mut at.index, &f) {
            return Step::Failed(start + out.written(), e);
        }
    }
    if !tail.is_empty() {
        if ctl.is_stopped() {
            return Step::Stopped;
        }
        if let Err(e) = fill_in(&mut out, tail, &mut at.index, &f) {
            return Step::Failed(start + out.written(), e);
        }
    }
    Step::Done(out)
}

/// Writes `f` of each item of `block` into `out`, advancing `index` as
/// each item is entered.
#[inline(always)]
fn fill_in<'d, T, R, E>(
    out: &mut Filled<'_, R>,
    block: &'d [T],
    index: &mut usize,
    f: &impl Fn(&'d T) -> Result<R, E>,
) -> Result<(), E> {
    out.write_each(block, |item| {
        let r = f(item);
        *index += 1;
        r
    })
}

/// Runs `f` once on a whole chunk (whose first index is `start`).
#[inline]
pub(crate) fn whole<S, E>(
    start: usize,
    chunk: S,
    ctl: &Ctl<'_>,
    f: impl FnOnce(usize, S) -> Result<(), E>,
) -> Step<(), E> {
    if ctl.is_stopped() {
        return Step::Stopped;
    }
    ctl.enter(start);
    match f(start, chunk) {
        Ok(()) => Step::Done(()),
        Err(e) => Step::Failed(start, e),
    }
}
