//! `filter` and `filter_map`: keep some items.
//!
//! Neither is indexed: the producer's length is the input's, and pieces
//! are cut by input position.

use super::ParallelIterator;
use super::plumbing::Producer;
use fearless_core::sync::Arc;

/// The iterator made by [`ParallelIterator::filter`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Filter<I, P> {
    base: I,
    filter_op: P,
}

impl<I, P> Filter<I, P> {
    pub(super) fn new(base: I, filter_op: P) -> Self {
        Filter { base, filter_op }
    }
}

impl<I, P> ParallelIterator for Filter<I, P>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync + Send,
{
    type Item = I::Item;
    type Producer = FilterProducer<I::Producer, P>;

    fn into_producer(self) -> Self::Producer {
        FilterProducer {
            base: self.base.into_producer(),
            op: Arc::new(self.filter_op),
        }
    }
}

/// The iterator made by [`ParallelIterator::filter_map`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct FilterMap<I, P> {
    base: I,
    filter_op: P,
}

impl<I, P> FilterMap<I, P> {
    pub(super) fn new(base: I, filter_op: P) -> Self {
        FilterMap { base, filter_op }
    }
}

impl<I, P, R> ParallelIterator for FilterMap<I, P>
where
    I: ParallelIterator,
    P: Fn(I::Item) -> Option<R> + Sync + Send,
    R: Send,
{
    type Item = R;
    type Producer = FilterMapProducer<I::Producer, P>;

    fn into_producer(self) -> Self::Producer {
        FilterMapProducer(FilterProducer {
            base: self.base.into_producer(),
            op: Arc::new(self.filter_op),
        })
    }
}

/// The producer of [`Filter`]: a base producer and a shared closure.
#[derive(Debug)]
pub struct FilterProducer<P, F> {
    base: P,
    op: Arc<F>,
}

impl<P: Producer, F: Sync + Send> FilterProducer<P, F> {
    fn split(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        let right = FilterProducer {
            base: right,
            op: Arc::clone(&self.op),
        };
        let left = FilterProducer {
            base: left,
            op: self.op,
        };
        (left, right)
    }
}

impl<P, F> Producer for FilterProducer<P, F>
where
    P: Producer,
    F: Fn(&P::Item) -> bool + Sync + Send,
{
    type Item = P::Item;
    type IntoIter = FilterIter<P::IntoIter, F>;

    fn len(&self) -> usize {
        self.base.len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        self.split(index)
    }

    fn into_iter(self) -> Self::IntoIter {
        FilterIter {
            iter: self.base.into_iter(),
            op: self.op,
        }
    }

    fn min_len(&self) -> usize {
        self.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.base.max_len()
    }
}

/// The producer of [`FilterMap`].
#[derive(Debug)]
pub struct FilterMapProducer<P, F>(FilterProducer<P, F>);

impl<P, F, R> Producer for FilterMapProducer<P, F>
where
    P: Producer,
    F: Fn(P::Item) -> Option<R> + Sync + Send,
{
    type Item = R;
    type IntoIter = FilterMapIter<P::IntoIter, F>;

    fn len(&self) -> usize {
        self.0.base.len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.0.split(index);
        (FilterMapProducer(left), FilterMapProducer(right))
    }

    fn into_iter(self) -> Self::IntoIter {
        FilterMapIter {
            iter: self.0.base.into_iter(),
            op: self.0.op,
        }
    }

    fn min_len(&self) -> usize {
        self.0.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.0.base.max_len()
    }
}

/// One piece of a [`Filter`], as a sequential iterator.
#[derive(Debug)]
pub struct FilterIter<I, F> {
    iter: I,
    op: Arc<F>,
}

impl<I, F> Iterator for FilterIter<I, F>
where
    I: Iterator,
    F: Fn(&I::Item) -> bool,
{
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        let op = &*self.op;
        self.iter.find(|item| op(item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.iter.size_hint().1)
    }

    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, I::Item) -> B,
    {
        let op = &*self.op;
        self.iter.fold(
            init,
            move |acc, item| if op(&item) { g(acc, item) } else { acc },
        )
    }
}

/// One piece of a [`FilterMap`], as a sequential iterator.
#[derive(Debug)]
pub struct FilterMapIter<I, F> {
    iter: I,
    op: Arc<F>,
}

impl<I, F, R> Iterator for FilterMapIter<I, F>
where
    I: Iterator,
    F: Fn(I::Item) -> Option<R>,
{
    type Item = R;

    #[inline]
    fn next(&mut self) -> Option<R> {
        let op = &*self.op;
        self.iter.find_map(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.iter.size_hint().1)
    }

    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, R) -> B,
    {
        let op = &*self.op;
        self.iter.fold(init, move |acc, item| match op(item) {
            Some(mapped) => g(acc, mapped),
            None => acc,
        })
    }
}
