//! `fold_chunks` and `fold_chunks_with`: every `chunk_size` items fold
//! into one value (built on the group producer of `chunks.rs`).

use super::chunks::{GroupCallback, GroupOp};
use super::plumbing::{Consumer, ProducerCallback, UnindexedConsumer, bridge};
use super::{IndexedParallelIterator, ParallelIterator};
use std::fmt;

/// The iterator made by [`IndexedParallelIterator::fold_chunks`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct FoldChunks<I, ID, F> {
    base: I,
    size: usize,
    identity: ID,
    fold_op: F,
}

impl<I: fmt::Debug, ID, F> fmt::Debug for FoldChunks<I, ID, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoldChunks")
            .field("base", &self.base)
            .field("chunk_size", &self.size)
            .finish()
    }
}

impl<I, ID, F> FoldChunks<I, ID, F> {
    pub(super) fn new(base: I, size: usize, identity: ID, fold_op: F) -> Self {
        FoldChunks {
            base,
            size,
            identity,
            fold_op,
        }
    }
}

/// Folds a group from `identity()`.
struct FoldOp<'f, ID, F> {
    identity: &'f ID,
    fold_op: &'f F,
}

impl<ID, F> Clone for FoldOp<'_, ID, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<ID, F> Copy for FoldOp<'_, ID, F> {}

impl<T, U, ID, F> GroupOp<T> for FoldOp<'_, ID, F>
where
    ID: Fn() -> U + Sync,
    F: Fn(U, T) -> U + Sync,
    U: Send,
{
    type Output = U;

    fn apply<I: Iterator<Item = T>>(self, group: I) -> U {
        group.fold((self.identity)(), self.fold_op)
    }
}

impl<I, ID, F, U> ParallelIterator for FoldChunks<I, ID, F>
where
    I: IndexedParallelIterator,
    ID: Fn() -> U + Send + Sync,
    F: Fn(U, I::Item) -> U + Send + Sync,
    U: Send,
{
    type Item = U;

    fn drive_unindexed<C: UnindexedConsumer<U>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<I, ID, F, U> IndexedParallelIterator for FoldChunks<I, ID, F>
where
    I: IndexedParallelIterator,
    ID: Fn() -> U + Send + Sync,
    F: Fn(U, I::Item) -> U + Send + Sync,
    U: Send,
{
    fn drive<C: Consumer<U>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.base.len().div_ceil(self.size)
    }

    fn with_producer<CB: ProducerCallback<U>>(self, callback: CB) -> CB::Output {
        let len = self.base.len();
        self.base.with_producer(GroupCallback {
            callback,
            size: self.size,
            len,
            op: FoldOp {
                identity: &self.identity,
                fold_op: &self.fold_op,
            },
        })
    }
}

/// The iterator made by [`IndexedParallelIterator::fold_chunks_with`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct FoldChunksWith<I, U, F> {
    base: I,
    size: usize,
    init: U,
    fold_op: F,
}

impl<I: fmt::Debug, U: fmt::Debug, F> fmt::Debug for FoldChunksWith<I, U, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoldChunksWith")
            .field("base", &self.base)
            .field("chunk_size", &self.size)
            .field("item", &self.init)
            .finish()
    }
}

impl<I, U, F> FoldChunksWith<I, U, F> {
    pub(super) fn new(base: I, size: usize, init: U, fold_op: F) -> Self {
        FoldChunksWith {
            base,
            size,
            init,
            fold_op,
        }
    }
}

impl<I, U, F> ParallelIterator for FoldChunksWith<I, U, F>
where
    I: IndexedParallelIterator,
    U: Send + Clone,
    F: Fn(U, I::Item) -> U + Send + Sync,
{
    type Item = U;

    fn drive_unindexed<C: UnindexedConsumer<U>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<I, U, F> IndexedParallelIterator for FoldChunksWith<I, U, F>
where
    I: IndexedParallelIterator,
    U: Send + Clone,
    F: Fn(U, I::Item) -> U + Send + Sync,
{
    fn drive<C: Consumer<U>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.base.len().div_ceil(self.size)
    }

    fn with_producer<CB: ProducerCallback<U>>(self, callback: CB) -> CB::Output {
        let len = self.base.len();
        self.base.with_producer(GroupCallback {
            callback,
            size: self.size,
            len,
            op: FoldWithOp {
                init: self.init,
                fold_op: &self.fold_op,
            },
        })
    }
}

/// Folds a group from a clone of `init` (cloned along with the op, once
/// per split and per group).
struct FoldWithOp<'f, U, F> {
    init: U,
    fold_op: &'f F,
}

impl<U: Clone, F> Clone for FoldWithOp<'_, U, F> {
    fn clone(&self) -> Self {
        FoldWithOp {
            init: self.init.clone(),
            fold_op: self.fold_op,
        }
    }
}

impl<T, U, F> GroupOp<T> for FoldWithOp<'_, U, F>
where
    F: Fn(U, T) -> U + Sync,
    U: Send + Clone,
{
    type Output = U;

    fn apply<I: Iterator<Item = T>>(self, group: I) -> U {
        group.fold(self.init, self.fold_op)
    }
}
