//! The loops a range of items runs in: stop checks every few items, the
//! index of the item at hand for panic reports, and in-place result writes
//! for ordered `map`.

use super::{RangeOutcome, RunContext};
use crate::slots::{Filled, Slots};

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
/// run's [`RunContext`] only when it is dropped, once per piece. A panic in
/// `f` unwinds through the loop and drops it there, recording the index of
/// the item that panicked before `catch_unwind` reads it.
struct CurrentItem<'c, 'r> {
    index: usize,
    ctx: &'c RunContext<'r>,
}

impl Drop for CurrentItem<'_, '_> {
    #[inline(always)]
    fn drop(&mut self) {
        self.ctx.enter(self.index);
    }
}

/// Runs `f` on each item of `items` (whose first index is `start`); stops
/// at the first error or when the run stops.
#[inline]
pub(crate) fn each<'d, T, E>(
    start: usize,
    items: &'d [T],
    ctx: &RunContext<'_>,
    f: impl Fn(&'d T) -> Result<(), E>,
) -> RangeOutcome<(), E> {
    let (blocks, tail) = items.split_at(items.len() - items.len() % STOP_CHECK_EVERY);
    let blocks = blocks.chunks_exact(STOP_CHECK_EVERY);
    each_in_blocks(start, blocks, tail, tail.is_empty(), ctx, |block, index| {
        each_in(block, index, &f)
    })
}

/// [`each`] for mutable items.
#[inline]
pub(crate) fn each_mut<T, E>(
    start: usize,
    items: &mut [T],
    ctx: &RunContext<'_>,
    f: impl Fn(&mut T) -> Result<(), E>,
) -> RangeOutcome<(), E> {
    let (blocks, tail) = items.split_at_mut(items.len() - items.len() % STOP_CHECK_EVERY);
    let (blocks, tail_is_empty) = (blocks.chunks_exact_mut(STOP_CHECK_EVERY), tail.is_empty());
    each_in_blocks(start, blocks, tail, tail_is_empty, ctx, |block, index| {
        each_in(block, index, &f)
    })
}

/// [`each`] writing the results into `slots` in place; the chunk's output
/// is its filled cursor (dropped, with the values it holds, if the chunk
/// does not finish).
#[inline]
pub(crate) fn fill<'d, 'a, T, R, E>(
    start: usize,
    items: &'d [T],
    ctx: &RunContext<'_>,
    slots: &Slots<'a, R>,
    f: impl Fn(&'d T) -> Result<R, E>,
) -> RangeOutcome<Filled<'a, R>, E> {
    let mut out = slots.cursor(start, items.len());
    let (blocks, tail) = items.split_at(items.len() - items.len() % STOP_CHECK_EVERY);
    let blocks = blocks.chunks_exact(STOP_CHECK_EVERY);
    let filled = each_in_blocks(start, blocks, tail, tail.is_empty(), ctx, |block, index| {
        fill_in(&mut out, block, index, &f)
    });
    match filled {
        RangeOutcome::Done(()) => RangeOutcome::Done(out),
        RangeOutcome::Stopped => RangeOutcome::Stopped,
        RangeOutcome::Failed(index, e) => RangeOutcome::Failed(index, e),
    }
}

/// The loop of [`each`], [`each_mut`] and [`fill`]: the items come in
/// blocks of exactly [`STOP_CHECK_EVERY`] and then a shorter `tail`; the
/// stop flag is checked before each block and before a non-empty tail, and
/// `run_block` runs one block, advancing the index it is given past each
/// item that succeeds (so that at an error, or in a panic report, the index
/// is the failing item's).
///
/// The blocks are exact so that the inner loop has a trip count known at
/// compile time: the compiler unrolls it for cheap items and there is no
/// short inner loop whose exit the branch predictor keeps missing (with
/// `chunks`, a 1,000-item loop of a few nanoseconds an item ran at about
/// half the speed of a plain loop).
#[inline(always)]
fn each_in_blocks<B, E>(
    start: usize,
    blocks: impl Iterator<Item = B>,
    tail: B,
    tail_is_empty: bool,
    ctx: &RunContext<'_>,
    mut run_block: impl FnMut(B, &mut usize) -> Result<(), E>,
) -> RangeOutcome<(), E> {
    let mut at = CurrentItem { index: start, ctx };
    for block in blocks {
        if ctx.is_stopped() {
            return RangeOutcome::Stopped;
        }
        if let Err(e) = run_block(block, &mut at.index) {
            return RangeOutcome::Failed(at.index, e);
        }
    }
    if !tail_is_empty {
        if ctx.is_stopped() {
            return RangeOutcome::Stopped;
        }
        if let Err(e) = run_block(tail, &mut at.index) {
            return RangeOutcome::Failed(at.index, e);
        }
    }
    RangeOutcome::Done(())
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

/// Writes `f` of each item of `block` into `out`, advancing `index` past
/// each item that succeeds, as [`each_in`] does.
#[inline(always)]
fn fill_in<'d, T, R, E>(
    out: &mut Filled<'_, R>,
    block: &'d [T],
    index: &mut usize,
    f: &impl Fn(&'d T) -> Result<R, E>,
) -> Result<(), E> {
    out.write_each(block, |item| {
        let r = f(item)?;
        *index += 1;
        Ok(r)
    })
}

/// Runs `f` once on a whole chunk (whose first index is `start`).
#[inline]
pub(crate) fn whole_chunk<S, E>(
    start: usize,
    chunk: S,
    ctx: &RunContext<'_>,
    f: impl FnOnce(usize, S) -> Result<(), E>,
) -> RangeOutcome<(), E> {
    if ctx.is_stopped() {
        return RangeOutcome::Stopped;
    }
    ctx.enter(start);
    match f(start, chunk) {
        Ok(()) => RangeOutcome::Done(()),
        Err(e) => RangeOutcome::Failed(start, e),
    }
}
