//! `try_reduce` and `try_reduce_with`: a fallible reduction; once any
//! piece fails, the others stop early and some failure is returned.

use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use super::{ParallelIterator, Try};
use fearless_core::sync::atomic::{AtomicBool, Ordering};
use std::ops::ControlFlow::{self, Break, Continue};

pub(super) fn try_reduce<PI, R, ID, T>(pi: PI, identity: &ID, op: &R) -> T
where
    PI: ParallelIterator<Item = T>,
    R: Fn(T::Output, T::Output) -> T + Sync,
    ID: Fn() -> T::Output + Sync,
    T: Try + Send,
{
    let failed = AtomicBool::new(false);
    pi.drive_unindexed(TryReduceConsumer {
        identity: Some(identity),
        op,
        failed: &failed,
    })
    .unwrap_or_else(|| T::from_output(identity()))
}

pub(super) fn try_reduce_with<PI, R, T>(pi: PI, op: &R) -> Option<T>
where
    PI: ParallelIterator<Item = T>,
    R: Fn(T::Output, T::Output) -> T + Sync,
    T: Try + Send,
{
    let failed = AtomicBool::new(false);
    pi.drive_unindexed(TryReduceConsumer::<'_, R, fn() -> T::Output> {
        identity: None,
        op,
        failed: &failed,
    })
}

/// Reduces `Try` items; `identity` is `None` for `try_reduce_with`, so
/// that an empty piece yields `None` rather than an identity.
struct TryReduceConsumer<'r, R, ID> {
    identity: Option<&'r ID>,
    op: &'r R,
    failed: &'r AtomicBool,
}

impl<R, ID> Clone for TryReduceConsumer<'_, R, ID> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R, ID> Copy for TryReduceConsumer<'_, R, ID> {}

impl<R, ID> TryReduceConsumer<'_, R, ID> {
    fn has_failed(&self) -> bool {
        // Relaxed: a hint to stop early; the failure itself travels back
        // through the join's return value.
        self.failed.load(Ordering::Relaxed)
    }

    fn fail(&self) {
        // Relaxed: see `has_failed`.
        self.failed.store(true, Ordering::Relaxed);
    }
}

impl<'r, R, ID, T> Consumer<T> for TryReduceConsumer<'r, R, ID>
where
    R: Fn(T::Output, T::Output) -> T + Sync,
    ID: Fn() -> T::Output + Sync,
    T: Try + Send,
{
    type Folder = TryReduceFolder<'r, R, ID, T>;
    type Reducer = Self;
    type Result = Option<T>;

    fn split_at(self, _index: usize) -> (Self, Self, Self) {
        (self, self, self)
    }

    fn into_folder(self) -> Self::Folder {
        TryReduceFolder {
            control: self.identity.map(|identity| Continue(identity())),
            consumer: self,
        }
    }

    fn full(&self) -> bool {
        self.has_failed()
    }
}

impl<R, ID, T> UnindexedConsumer<T> for TryReduceConsumer<'_, R, ID>
where
    R: Fn(T::Output, T::Output) -> T + Sync,
    ID: Fn() -> T::Output + Sync,
    T: Try + Send,
{
    fn split_off_left(&self) -> Self {
        *self
    }

    fn to_reducer(&self) -> Self {
        *self
    }
}

impl<R, ID, T> Reducer<Option<T>> for TryReduceConsumer<'_, R, ID>
where
    R: Fn(T::Output, T::Output) -> T,
    T: Try,
{
    fn reduce(self, left: Option<T>, right: Option<T>) -> Option<T> {
        match (left, right) {
            (Some(left), Some(right)) => Some(match (left.branch(), right.branch()) {
                (Continue(l), Continue(r)) => (self.op)(l, r),
                (Break(e), _) | (_, Break(e)) => T::from_residual(e),
            }),
            (left, None) => left,
            (None, right) => right,
        }
    }
}

/// One piece's running reduction; `None` until the first item when there
/// is no identity.
struct TryReduceFolder<'r, R, ID, T: Try> {
    consumer: TryReduceConsumer<'r, R, ID>,
    control: Option<ControlFlow<T::Residual, T::Output>>,
}

impl<R, ID, T> Folder<T> for TryReduceFolder<'_, R, ID, T>
where
    R: Fn(T::Output, T::Output) -> T,
    T: Try,
{
    type Result = Option<T>;

    fn consume(mut self, item: T) -> Self {
        self.control = Some(match (self.control.take(), item.branch()) {
            (None, right) => right,
            (Some(Continue(left)), Continue(right)) => (self.consumer.op)(left, right).branch(),
            (Some(Break(e)), _) | (_, Break(e)) => Break(e),
        });
        if let Some(Break(_)) = self.control {
            self.consumer.fail();
        }
        self
    }

    fn complete(self) -> Option<T> {
        self.control.map(|control| match control {
            Continue(c) => T::from_output(c),
            Break(r) => T::from_residual(r),
        })
    }

    fn full(&self) -> bool {
        matches!(self.control, Some(Break(_))) || self.consumer.has_failed()
    }
}
