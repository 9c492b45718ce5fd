//! `skip` and `take`: cut the producer once and keep one side. As in
//! rayon, the items `skip` passes over are still produced (so adaptors
//! below run on them) and dropped; those after a `take` are not produced.

use super::noop::NoopConsumer;
use super::plumbing::{
    Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge, bridge_producer_consumer,
};
use super::{IndexedParallelIterator, ParallelIterator};

/// The iterator made by [`IndexedParallelIterator::skip`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Skip<I> {
    base: I,
    n: usize,
}

/// The iterator made by [`IndexedParallelIterator::take`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Take<I> {
    base: I,
    n: usize,
}

impl<I: IndexedParallelIterator> Skip<I> {
    pub(super) fn new(base: I, n: usize) -> Self {
        let n = base.len().min(n);
        Skip { base, n }
    }
}

impl<I: IndexedParallelIterator> Take<I> {
    pub(super) fn new(base: I, n: usize) -> Self {
        let n = base.len().min(n);
        Take { base, n }
    }
}

/// Cuts the base producer at `at`, keeps the right side or the left.
struct CutOnce<CB> {
    callback: CB,
    at: usize,
    keep_right: bool,
}

impl<T, CB: ProducerCallback<T>> ProducerCallback<T> for CutOnce<CB> {
    type Output = CB::Output;

    fn callback<P: Producer<Item = T>>(self, base: P) -> CB::Output {
        let (left, right) = base.split_at(self.at);
        if self.keep_right {
            bridge_producer_consumer(self.at, left, NoopConsumer);
            self.callback.callback(right)
        } else {
            drop(right);
            self.callback.callback(left)
        }
    }
}

macro_rules! cut_once {
    ($name:ident, keep_right $right:literal, |$this:ident| $len:expr) => {
        impl<I: IndexedParallelIterator> ParallelIterator for $name<I> {
            type Item = I::Item;

            fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                Some(self.len())
            }
        }

        impl<I: IndexedParallelIterator> IndexedParallelIterator for $name<I> {
            fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn len(&self) -> usize {
                let $this = self;
                $len
            }

            fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
                self.base.with_producer(CutOnce {
                    callback,
                    at: self.n,
                    keep_right: $right,
                })
            }
        }
    };
}

cut_once!(Skip, keep_right true, |this| this.base.len() - this.n);
cut_once!(Take, keep_right false, |this| this.n);
