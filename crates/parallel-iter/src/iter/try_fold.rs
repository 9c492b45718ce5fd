//! `try_fold` and `try_fold_with`: a fallible fold per piece; each piece
//! stops at its first failure, which becomes that piece's item.

use super::fold::{ByClone, ByIdentity, Start};
use super::plumbing::{Consumer, Folder, UnindexedConsumer};
use super::{ParallelIterator, Try};
use std::fmt;
use std::marker::PhantomData;
use std::ops::ControlFlow::{self, Break, Continue};

/// The iterator made by [`ParallelIterator::try_fold`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct TryFold<I, R, ID, F> {
    base: I,
    identity: ID,
    fold_op: F,
    marker: PhantomData<fn() -> R>,
}

impl<I: Clone, R, ID: Clone, F: Clone> Clone for TryFold<I, R, ID, F> {
    fn clone(&self) -> Self {
        TryFold {
            base: self.base.clone(),
            identity: self.identity.clone(),
            fold_op: self.fold_op.clone(),
            marker: PhantomData,
        }
    }
}

impl<I: fmt::Debug, R, ID, F> fmt::Debug for TryFold<I, R, ID, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryFold").field("base", &self.base).finish()
    }
}

impl<I, R, ID, F> TryFold<I, R, ID, F> {
    pub(super) fn new(base: I, identity: ID, fold_op: F) -> Self {
        TryFold {
            base,
            identity,
            fold_op,
            marker: PhantomData,
        }
    }
}

impl<U, I, ID, F, R> ParallelIterator for TryFold<I, R, ID, F>
where
    I: ParallelIterator,
    F: Fn(U, I::Item) -> R + Sync + Send,
    ID: Fn() -> U + Sync + Send,
    R: Try<Output = U> + Send,
{
    type Item = R;

    fn drive_unindexed<C: UnindexedConsumer<R>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(TryFoldConsumer {
            base: consumer,
            start: ByIdentity(&self.identity),
            fold_op: &self.fold_op,
            marker: PhantomData,
        })
    }
}

/// The iterator made by [`ParallelIterator::try_fold_with`].
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct TryFoldWith<I, R: Try, F> {
    base: I,
    item: R::Output,
    fold_op: F,
}

impl<I: Clone, R: Try<Output: Clone>, F: Clone> Clone for TryFoldWith<I, R, F> {
    fn clone(&self) -> Self {
        TryFoldWith {
            base: self.base.clone(),
            item: self.item.clone(),
            fold_op: self.fold_op.clone(),
        }
    }
}

impl<I: fmt::Debug, R: Try<Output: fmt::Debug>, F> fmt::Debug for TryFoldWith<I, R, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryFoldWith")
            .field("base", &self.base)
            .field("item", &self.item)
            .finish()
    }
}

impl<I, R: Try, F> TryFoldWith<I, R, F> {
    pub(super) fn new(base: I, item: R::Output, fold_op: F) -> Self {
        TryFoldWith {
            base,
            item,
            fold_op,
        }
    }
}

impl<U, I, F, R> ParallelIterator for TryFoldWith<I, R, F>
where
    I: ParallelIterator,
    F: Fn(U, I::Item) -> R + Sync + Send,
    R: Try<Output = U> + Send,
    U: Clone + Send,
{
    type Item = R;

    fn drive_unindexed<C: UnindexedConsumer<R>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(TryFoldConsumer {
            base: consumer,
            start: ByClone(self.item),
            fold_op: &self.fold_op,
            marker: PhantomData,
        })
    }
}

/// Folds each piece until its first failure, then hands the outcome on.
struct TryFoldConsumer<'f, C, S, F, R> {
    base: C,
    start: S,
    fold_op: &'f F,
    marker: PhantomData<fn() -> R>,
}

impl<'f, T, C, S, F, R> Consumer<T> for TryFoldConsumer<'f, C, S, F, R>
where
    C: Consumer<R>,
    S: Start<Output = R::Output>,
    F: Fn(R::Output, T) -> R + Sync,
    R: Try + Send,
{
    type Folder = TryFoldFolder<'f, C::Folder, F, R>;
    type Reducer = C::Reducer;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
        let (left, right, reducer) = self.base.split_at(index);
        let start = self.start.split();
        (
            TryFoldConsumer {
                base: left,
                start,
                fold_op: self.fold_op,
                marker: PhantomData,
            },
            TryFoldConsumer {
                base: right,
                start: self.start,
                fold_op: self.fold_op,
                marker: PhantomData,
            },
            reducer,
        )
    }

    fn into_folder(self) -> Self::Folder {
        TryFoldFolder {
            base: self.base.into_folder(),
            control: Continue(self.start.start()),
            fold_op: self.fold_op,
        }
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

impl<T, C, S, F, R> UnindexedConsumer<T> for TryFoldConsumer<'_, C, S, F, R>
where
    C: UnindexedConsumer<R>,
    S: Start<Output = R::Output>,
    F: Fn(R::Output, T) -> R + Sync,
    R: Try + Send,
{
    fn split_off_left(&self) -> Self {
        TryFoldConsumer {
            base: self.base.split_off_left(),
            start: self.start.split(),
            fold_op: self.fold_op,
            marker: PhantomData,
        }
    }

    fn to_reducer(&self) -> C::Reducer {
        self.base.to_reducer()
    }
}

/// One piece's fold, continuing or broken.
struct TryFoldFolder<'f, C, F, R: Try> {
    base: C,
    control: ControlFlow<R::Residual, R::Output>,
    fold_op: &'f F,
}

impl<T, U, C, F, R> Folder<T> for TryFoldFolder<'_, C, F, R>
where
    C: Folder<R>,
    F: Fn(U, T) -> R,
    R: Try<Output = U>,
{
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        if let Continue(acc) = self.control {
            self.control = (self.fold_op)(acc, item).branch();
        }
        self
    }

    fn complete(self) -> C::Result {
        let outcome = match self.control {
            Continue(c) => R::from_output(c),
            Break(r) => R::from_residual(r),
        };
        self.base.consume(outcome).complete()
    }

    fn full(&self) -> bool {
        self.control.is_break() || self.base.full()
    }
}
