//! `map`: applies a function to every item.

use super::plumbing::Producer;
use super::{IndexedParallelIterator, ParallelIterator};
use fearless_core::sync::Arc;

/// The iterator made by [`ParallelIterator::map`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Map<I, F> {
    base: I,
    map_op: F,
}

impl<I, F> Map<I, F> {
    pub(super) fn new(base: I, map_op: F) -> Self {
        Map { base, map_op }
    }
}

impl<I, F, R> ParallelIterator for Map<I, F>
where
    I: ParallelIterator,
    F: Fn(I::Item) -> R + Sync + Send,
    R: Send,
{
    type Item = R;
    type Producer = MapProducer<I::Producer, F>;

    fn into_producer(self) -> Self::Producer {
        MapProducer {
            base: self.base.into_producer(),
            // Shared by every piece; cloned once per split, not per item.
            map_op: Arc::new(self.map_op),
        }
    }
}

impl<I, F, R> IndexedParallelIterator for Map<I, F>
where
    I: IndexedParallelIterator,
    F: Fn(I::Item) -> R + Sync + Send,
    R: Send,
{
    fn len(&self) -> usize {
        self.base.len()
    }
}

/// The producer of [`Map`].
#[derive(Debug)]
pub struct MapProducer<P, F> {
    base: P,
    map_op: Arc<F>,
}

impl<P, F, R> Producer for MapProducer<P, F>
where
    P: Producer,
    F: Fn(P::Item) -> R + Sync + Send,
{
    type Item = R;
    type IntoIter = MapIter<P::IntoIter, F>;

    fn len(&self) -> usize {
        self.base.len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        let right = MapProducer {
            base: right,
            map_op: Arc::clone(&self.map_op),
        };
        let left = MapProducer {
            base: left,
            map_op: self.map_op,
        };
        (left, right)
    }

    fn into_iter(self) -> Self::IntoIter {
        MapIter {
            iter: self.base.into_iter(),
            map_op: self.map_op,
        }
    }

    fn min_len(&self) -> usize {
        self.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.base.max_len()
    }
}

/// One piece of a [`Map`], as a sequential iterator.
#[derive(Debug)]
pub struct MapIter<I, F> {
    iter: I,
    map_op: Arc<F>,
}

impl<I, F, R> Iterator for MapIter<I, F>
where
    I: Iterator,
    F: Fn(I::Item) -> R,
{
    type Item = R;

    #[inline]
    fn next(&mut self) -> Option<R> {
        self.iter.next().map(&*self.map_op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }

    // Forwarding `fold` keeps the inner iterator's internal iteration (and
    // its vectorization) for `sum`, `for_each` and friends.
    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, R) -> B,
    {
        let map_op = &*self.map_op;
        self.iter.fold(init, move |acc, item| g(acc, map_op(item)))
    }
}
