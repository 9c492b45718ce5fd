//! `chunks` (of an indexed iterator): groups of `chunk_size` items, each
//! gathered into a `Vec`. The machinery (a producer of groups, each group
//! turned into one item by a function) is shared with `fold_chunks`.

use super::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use super::{IndexedParallelIterator, ParallelIterator};

/// The iterator made by [`IndexedParallelIterator::chunks`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Chunks<I> {
    base: I,
    size: usize,
}

/// Prints as rayon's does.
impl<I: std::fmt::Debug> std::fmt::Debug for Chunks<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunks")
            .field("size", &self.size)
            .field("i", &self.base)
            .finish()
    }
}

impl<I> Chunks<I> {
    pub(super) fn new(base: I, size: usize) -> Self {
        Chunks { base, size }
    }
}

/// Gathers one group into a `Vec`.
fn gather<I: Iterator>(group: I) -> Vec<I::Item> {
    group.collect()
}

impl<I: IndexedParallelIterator> ParallelIterator for Chunks<I> {
    type Item = Vec<I::Item>;

    fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<I: IndexedParallelIterator> IndexedParallelIterator for Chunks<I> {
    fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.base.len().div_ceil(self.size)
    }

    fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
        let len = self.base.len();
        self.base.with_producer(GroupCallback {
            callback,
            size: self.size,
            len,
            op: GatherOp,
        })
    }
}

/// Turns one group (a sequential iterator over `T`s) into one item.
pub(super) trait GroupOp<T>: Clone + Send {
    /// The item a group becomes.
    type Output: Send;
    /// Turns a group into its item.
    fn apply<I: Iterator<Item = T>>(self, group: I) -> Self::Output;
}

/// `chunks`' group operation.
#[derive(Clone, Copy)]
struct GatherOp;

impl<T: Send> GroupOp<T> for GatherOp {
    type Output = Vec<T>;
    fn apply<I: Iterator<Item = T>>(self, group: I) -> Vec<T> {
        gather(group)
    }
}

/// Wraps the base producer into a producer of groups.
pub(super) struct GroupCallback<CB, F> {
    pub(super) callback: CB,
    pub(super) size: usize,
    pub(super) len: usize,
    pub(super) op: F,
}

impl<T, CB, F> ProducerCallback<T> for GroupCallback<CB, F>
where
    F: GroupOp<T>,
    CB: ProducerCallback<F::Output>,
{
    type Output = CB::Output;

    fn callback<P: Producer<Item = T>>(self, base: P) -> CB::Output {
        self.callback.callback(GroupProducer {
            base,
            size: self.size,
            len: self.len,
            op: self.op,
        })
    }
}

/// Groups of `size` items of a base producer of `len` items.
struct GroupProducer<P, F> {
    base: P,
    size: usize,
    len: usize,
    op: F,
}

impl<P: Producer, F: GroupOp<P::Item>> Producer for GroupProducer<P, F> {
    type Item = F::Output;
    type IntoIter = GroupSeq<P, F>;

    fn into_iter(self) -> Self::IntoIter {
        GroupSeq {
            base: Some(self.base),
            size: self.size,
            len: self.len,
            op: self.op,
        }
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let at = index.saturating_mul(self.size).min(self.len);
        let (left, right) = self.base.split_at(at);
        let (size, op) = (self.size, self.op);
        (
            GroupProducer {
                base: left,
                size,
                len: at,
                op: op.clone(),
            },
            GroupProducer {
                base: right,
                size,
                len: self.len - at,
                op,
            },
        )
    }

    fn min_len(&self) -> usize {
        self.base.min_len().div_ceil(self.size)
    }

    fn max_len(&self) -> usize {
        (self.base.max_len() / self.size).max(1)
    }
}

/// One piece of groups, as a sequential iterator: each step cuts the next
/// group off the base producer (from either end).
struct GroupSeq<P, F> {
    base: Option<P>,
    size: usize,
    len: usize,
    op: F,
}

impl<P: Producer, F: GroupOp<P::Item>> Iterator for GroupSeq<P, F> {
    type Item = F::Output;

    fn next(&mut self) -> Option<F::Output> {
        let base = self.base.take()?;
        let take = self.size.min(self.len);
        if take == 0 {
            return None;
        }
        let (group, rest) = base.split_at(take);
        self.len -= take;
        self.base = Some(rest);
        Some(self.op.clone().apply(group.into_iter()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len.div_ceil(self.size);
        (n, Some(n))
    }
}

impl<P: Producer, F: GroupOp<P::Item>> DoubleEndedIterator for GroupSeq<P, F> {
    fn next_back(&mut self) -> Option<F::Output> {
        let base = self.base.take()?;
        if self.len == 0 {
            return None;
        }
        // The last group is the short one, if any.
        let last = match self.len % self.size {
            0 => self.size,
            short => short,
        };
        let (rest, group) = base.split_at(self.len - last);
        self.len -= last;
        self.base = Some(rest);
        Some(self.op.clone().apply(group.into_iter()))
    }
}

impl<P: Producer, F: GroupOp<P::Item>> ExactSizeIterator for GroupSeq<P, F> {}
