//! [`execute`]: one run of a [`Task`], from the inline probe to the last
//! worker's output (the steps are in the [module doc](super)).

use core::any::Any;
use core::cell::Cell;
use core::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Instant;

use fearless_atomics::StopFlag;
use fearless_core::sync::{Mutex, PoisonError, thread};

use super::{Failure, Parts, RangeOutcome, RunContext, Task};
use crate::claim::{Claimer, Lane, Plan};
use crate::config::{Parallel, Schedule, ThreadScope};
use crate::error::{IndexedError, ItemPanic};

/// Chunks per thread of the automatic dynamic chunk size: enough that a
/// chunk full of expensive items is a small part of a thread's share.
const DYNAMIC_CHUNKS_PER_THREAD: usize = 16;

/// The first probe piece, in items (or whole chunks): small, so that
/// expensive items are noticed after a few of them.
const FIRST_PROBE_PIECE: usize = 4;

/// The state every worker of a run shares.
struct Run<'r, E> {
    claimer: Claimer,
    failure: Mutex<Option<Failure<E>>>,
    mirror: Option<&'r StopFlag>,
}

impl<'r, E> Run<'r, E> {
    fn ctx(&self) -> RunContext<'_> {
        RunContext {
            current_item: Cell::new(0),
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
    fn guard<O>(
        &self,
        ctx: &RunContext<'_>,
        body: impl FnOnce() -> RangeOutcome<O, E>,
    ) -> Option<O> {
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(RangeOutcome::Done(out)) => Some(out),
            Ok(RangeOutcome::Stopped) => None,
            Ok(RangeOutcome::Failed(index, error)) => {
                self.fail(Failure::Error(IndexedError { index, error }));
                None
            }
            Err(payload) => {
                self.fail(Failure::Panic(ItemPanic {
                    index: ctx.current_item.get(),
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
            InlineNext::RunMore(len - done)
        })
    } else if config.inline_threshold.is_zero() {
        0
    } else {
        let start = Instant::now();
        let budget = config.inline_threshold.as_nanos();
        run_inline(&run, task, &mut parts, 0..len, unit, |done| {
            if done == 0 {
                return InlineNext::RunMore(FIRST_PROBE_PIECE);
            }
            let spent = start.elapsed().as_nanos().max(1);
            let (done, rest) = (done as u128, (len - done) as u128);
            if spent >= budget {
                // Hand over if the rest, at the rate so far, takes at least
                // the threshold again; else finish inline.
                if spent * rest >= budget * done {
                    InlineNext::HandOver
                } else {
                    InlineNext::RunMore(rest as usize)
                }
            } else {
                // Size the next piece to use up the budget at the rate so
                // far, growing at most 16-fold so that items that turn
                // expensive are noticed soon.
                let fits = (budget - spent) * done / spent;
                InlineNext::RunMore(fits.clamp(1, 16 * done) as usize)
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
                InlineNext::RunMore(len - d)
            });
        } else {
            task.split(&plan);
            run.claimer = Claimer::new(plan.chunks());
            let dynamic = config.schedule == Schedule::Dynamic;
            let (task, run) = (&*task, &run);
            let work = move |lanes: Vec<Lane>| {
                let ctx = run.ctx();
                let mut out = Vec::new();
                for mut lane in lanes {
                    while let Some(number) = run.claimer.claim(&mut lane) {
                        let range = plan.range(number);
                        let start = range.start;
                        match run.guard(&ctx, || task.run_chunk(number, range, &ctx)) {
                            Some(o) => out.push((start, o)),
                            None => return out,
                        }
                    }
                }
                out
            };
            let lane = |w| run.claimer.lane(dynamic, w, workers);
            let outputs = spawn_workers(config.thread_scope, workers, lane, &work);
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
enum InlineNext {
    /// Run about this many more items (rounded up to whole chunks).
    RunMore(usize),
    /// Leave the rest to the workers.
    HandOver,
}

/// Runs `range` on the caller's thread, one piece at a time, asking
/// `next_piece(items done so far)` before each piece; with an explicit chunk size
/// `unit`, pieces are whole chunks and each chunk is its own call, so the
/// chunk functions see aligned sub-slices. Stops when the range is done,
/// the run stops, or `next_piece` hands over. Returns the index reached.
fn run_inline<T: Task>(
    run: &Run<'_, T::Err>,
    task: &mut T,
    parts: &mut Vec<(usize, T::Out)>,
    range: Range<usize>,
    unit: Option<usize>,
    mut next_piece: impl FnMut(usize) -> InlineNext,
) -> usize {
    let ctx = run.ctx();
    let mut at = range.start;
    while at < range.end && !run.claimer.is_stopped() {
        let piece = match next_piece(at - range.start) {
            InlineNext::RunMore(n) => n.max(1),
            InlineNext::HandOver => break,
        };
        let piece = match unit {
            Some(u) => piece.div_ceil(u).saturating_mul(u),
            None => piece,
        };
        let piece_end = at.saturating_add(piece).min(range.end);
        while at < piece_end {
            let end = unit.map_or(piece_end, |u| at.saturating_add(u).min(piece_end));
            match run.guard(&ctx, || task.run_inline(at..end, &ctx)) {
                Some(out) => parts.push((at, out)),
                None => return at,
            }
            at = end;
        }
    }
    at
}

/// Runs `work` on `workers` workers: the caller's thread and `workers - 1`
/// scoped threads of `thread_scope`. Each gets its lane (`lane(w)`); the lanes
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
    thread_scope: ThreadScope,
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
    match thread_scope {
        ThreadScope::Std => thread::scope(|s| {
            lead(&mut |their| {
                // The handle is dropped unjoined: the scope still waits for
                // the closure, and `finished` carries its output.
                thread::Builder::new()
                    .spawn_scoped(s, move || helper(their))
                    .is_ok()
            })
        }),
        ThreadScope::Crossbeam => crossbeam_utils::thread::scope(|s| {
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
