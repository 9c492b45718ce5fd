//! `with_min_len` and `with_max_len`: bounds on piece length.

use super::plumbing::Producer;
use super::{IndexedParallelIterator, ParallelIterator};

/// The iterator made by [`IndexedParallelIterator::with_min_len`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MinLen<I> {
    base: I,
    min: usize,
}

impl<I> MinLen<I> {
    pub(super) fn new(base: I, min: usize) -> Self {
        MinLen { base, min }
    }
}

impl<I: IndexedParallelIterator> ParallelIterator for MinLen<I> {
    type Item = I::Item;
    type Producer = LenProducer<I::Producer>;

    fn into_producer(self) -> Self::Producer {
        LenProducer {
            base: self.base.into_producer(),
            min: self.min,
            max: usize::MAX,
        }
    }
}

impl<I: IndexedParallelIterator> IndexedParallelIterator for MinLen<I> {
    fn len(&self) -> usize {
        self.base.len()
    }
}

/// The iterator made by [`IndexedParallelIterator::with_max_len`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MaxLen<I> {
    base: I,
    max: usize,
}

impl<I> MaxLen<I> {
    pub(super) fn new(base: I, max: usize) -> Self {
        MaxLen { base, max }
    }
}

impl<I: IndexedParallelIterator> ParallelIterator for MaxLen<I> {
    type Item = I::Item;
    type Producer = LenProducer<I::Producer>;

    fn into_producer(self) -> Self::Producer {
        LenProducer {
            base: self.base.into_producer(),
            min: 1,
            max: self.max,
        }
    }
}

impl<I: IndexedParallelIterator> IndexedParallelIterator for MaxLen<I> {
    fn len(&self) -> usize {
        self.base.len()
    }
}

/// The producer of [`MinLen`] and [`MaxLen`]: the base producer with
/// tighter piece-length bounds.
#[derive(Debug)]
pub struct LenProducer<P> {
    base: P,
    min: usize,
    max: usize,
}

impl<P: Producer> Producer for LenProducer<P> {
    type Item = P::Item;
    type IntoIter = P::IntoIter;

    fn len(&self) -> usize {
        self.base.len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        let (min, max) = (self.min, self.max);
        (
            LenProducer {
                base: left,
                min,
                max,
            },
            LenProducer {
                base: right,
                min,
                max,
            },
        )
    }

    fn into_iter(self) -> Self::IntoIter {
        self.base.into_iter()
    }

    fn min_len(&self) -> usize {
        self.base.min_len().max(self.min)
    }

    fn max_len(&self) -> usize {
        self.base.max_len().min(self.max)
    }
}
