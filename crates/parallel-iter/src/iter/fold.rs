//! `fold` and `fold_with`: one accumulator per piece, yielded as items.

use super::ParallelIterator;
use super::plumbing::{Consumer, Folder, UnindexedConsumer};
use std::fmt;

/// The iterator made by [`ParallelIterator::fold`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Fold<I, ID, F> {
    base: I,
    identity: ID,
    fold_op: F,
}

impl<I: fmt::Debug, ID, F> fmt::Debug for Fold<I, ID, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fold").field("base", &self.base).finish()
    }
}

impl<I, ID, F> Fold<I, ID, F> {
    pub(super) fn new(base: I, identity: ID, fold_op: F) -> Self {
        Fold {
            base,
            identity,
            fold_op,
        }
    }
}

/// Starts a piece's accumulator: from `identity()` or from a clone.
pub(super) trait Start: Send {
    /// The accumulator's type.
    type Output;
    /// The start for a split-off part.
    fn split(&self) -> Self;
    /// The accumulator's initial value.
    fn start(self) -> Self::Output;
}

/// `fold`'s start: call the identity.
pub(super) struct ByIdentity<'f, ID>(pub(super) &'f ID);

impl<U, ID: Fn() -> U + Sync> Start for ByIdentity<'_, ID> {
    type Output = U;
    fn split(&self) -> Self {
        ByIdentity(self.0)
    }
    fn start(self) -> U {
        (self.0)()
    }
}

/// `fold_with`'s start: a clone of the initial value.
pub(super) struct ByClone<U>(pub(super) U);

impl<U: Clone + Send> Start for ByClone<U> {
    type Output = U;
    fn split(&self) -> Self {
        ByClone(self.0.clone())
    }
    fn start(self) -> U {
        self.0
    }
}

impl<I, ID, F, U> ParallelIterator for Fold<I, ID, F>
where
    I: ParallelIterator,
    F: Fn(U, I::Item) -> U + Sync + Send,
    ID: Fn() -> U + Sync + Send,
    U: Send,
{
    type Item = U;

    fn drive_unindexed<C: UnindexedConsumer<U>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(FoldConsumer {
            base: consumer,
            start: ByIdentity(&self.identity),
            fold_op: &self.fold_op,
        })
    }
}

/// The iterator made by [`ParallelIterator::fold_with`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct FoldWith<I, U, F> {
    base: I,
    item: U,
    fold_op: F,
}

impl<I: fmt::Debug, U: fmt::Debug, F> fmt::Debug for FoldWith<I, U, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoldWith")
            .field("base", &self.base)
            .field("item", &self.item)
            .finish()
    }
}

impl<I, U, F> FoldWith<I, U, F> {
    pub(super) fn new(base: I, item: U, fold_op: F) -> Self {
        FoldWith {
            base,
            item,
            fold_op,
        }
    }
}

impl<I, U, F> ParallelIterator for FoldWith<I, U, F>
where
    I: ParallelIterator,
    F: Fn(U, I::Item) -> U + Sync + Send,
    U: Send + Clone,
{
    type Item = U;

    fn drive_unindexed<C: UnindexedConsumer<U>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(FoldConsumer {
            base: consumer,
            start: ByClone(self.item),
            fold_op: &self.fold_op,
        })
    }
}

/// Folds each piece into one accumulator, then hands it to `base`.
struct FoldConsumer<'f, C, S, F> {
    base: C,
    start: S,
    fold_op: &'f F,
}

impl<'f, T, C, S, F> Consumer<T> for FoldConsumer<'f, C, S, F>
where
    C: Consumer<S::Output>,
    S: Start,
    F: Fn(S::Output, T) -> S::Output + Sync,
{
    type Folder = FoldFolder<'f, C::Folder, S::Output, F>;
    type Reducer = C::Reducer;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
        let (left, right, reducer) = self.base.split_at(index);
        let start = self.start.split();
        (
            FoldConsumer {
                base: left,
                start,
                fold_op: self.fold_op,
            },
            FoldConsumer {
                base: right,
                start: self.start,
                fold_op: self.fold_op,
            },
            reducer,
        )
    }

    fn into_folder(self) -> Self::Folder {
        FoldFolder {
            base: self.base.into_folder(),
            acc: self.start.start(),
            fold_op: self.fold_op,
        }
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

impl<T, C, S, F> UnindexedConsumer<T> for FoldConsumer<'_, C, S, F>
where
    C: UnindexedConsumer<S::Output>,
    S: Start,
    F: Fn(S::Output, T) -> S::Output + Sync,
{
    fn split_off_left(&self) -> Self {
        FoldConsumer {
            base: self.base.split_off_left(),
            start: self.start.split(),
            fold_op: self.fold_op,
        }
    }

    fn to_reducer(&self) -> C::Reducer {
        self.base.to_reducer()
    }
}

/// One piece's accumulator.
struct FoldFolder<'f, C, U, F> {
    base: C,
    acc: U,
    fold_op: &'f F,
}

impl<T, U, C, F> Folder<T> for FoldFolder<'_, C, U, F>
where
    C: Folder<U>,
    F: Fn(U, T) -> U,
{
    type Result = C::Result;

    fn consume(self, item: T) -> Self {
        FoldFolder {
            acc: (self.fold_op)(self.acc, item),
            ..self
        }
    }

    fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
        let base = &self.base;
        let acc = iter
            .into_iter()
            .take_while(|_| !base.full())
            .fold(self.acc, self.fold_op);
        FoldFolder { acc, ..self }
    }

    fn complete(self) -> C::Result {
        self.base.consume(self.acc).complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}
