//! The [`Task`]s over slices: a shared slice that every worker reads, and a
//! mutable slice cut into one sub-slice per chunk.

use core::marker::PhantomData;
use core::ops::Range;

use fearless_core::sync::{Mutex, PoisonError};

use super::{RangeOutcome, RunContext, Task};
use crate::claim::Plan;

/// A task over a shared slice: `body(first index, sub-slice, ctx)` runs a
/// range of items and says what it came to.
pub(crate) struct SliceTask<'d, T, G, O, E> {
    pub(crate) data: &'d [T],
    pub(crate) body: G,
    pub(crate) _out: PhantomData<fn() -> (O, E)>,
}

impl<'d, T, G, O, E> Task for SliceTask<'d, T, G, O, E>
where
    T: Sync,
    G: Fn(usize, &'d [T], &RunContext<'_>) -> RangeOutcome<O, E> + Sync,
    O: Send,
    E: Send,
{
    type Out = O;
    type Err = E;

    fn run_inline(&mut self, range: Range<usize>, ctx: &RunContext<'_>) -> RangeOutcome<O, E> {
        (self.body)(range.start, &self.data[range], ctx)
    }

    fn run_chunk(
        &self,
        _number: usize,
        range: Range<usize>,
        ctx: &RunContext<'_>,
    ) -> RangeOutcome<O, E> {
        (self.body)(range.start, &self.data[range], ctx)
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
    G: Fn(usize, &mut [T], &RunContext<'_>) -> RangeOutcome<(), E> + Sync,
    E: Send,
{
    type Out = ();
    type Err = E;

    fn run_inline(&mut self, range: Range<usize>, ctx: &RunContext<'_>) -> RangeOutcome<(), E> {
        debug_assert_eq!(range.start, self.offset);
        let rest = self.rest.get_mut().unwrap_or_else(PoisonError::into_inner);
        let (head, tail) = core::mem::take(rest).split_at_mut(range.len());
        *rest = tail;
        self.offset = range.end;
        (self.body)(range.start, head, ctx)
    }

    fn split(&mut self, plan: &Plan) {
        debug_assert_eq!(plan.base, self.offset);
        let rest = self.rest.get_mut().unwrap_or_else(PoisonError::into_inner);
        self.slots = core::mem::take(rest)
            .chunks_mut(plan.chunk)
            .map(|c| Mutex::new(Some(c)))
            .collect();
    }

    fn run_chunk(
        &self,
        number: usize,
        range: Range<usize>,
        ctx: &RunContext<'_>,
    ) -> RangeOutcome<(), E> {
        let piece = self.slots[number]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .expect("fearless-scoped: a chunk was claimed twice");
        debug_assert_eq!(piece.len(), range.len());
        (self.body)(range.start, piece, ctx)
    }
}
