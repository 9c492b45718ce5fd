//! `Either<L, R>` of two parallel iterators with the same items is a
//! parallel iterator, and `Either` of two collections can be extended.

use crate::iter::plumbing::{Consumer, ProducerCallback, UnindexedConsumer};
use crate::iter::{
    Either, IndexedParallelIterator, IntoParallelIterator, ParallelExtend, ParallelIterator,
};

/// ```
/// use fearless_par::iter::Either;
/// use fearless_par::prelude::*;
///
/// let evens = |n: u32| -> Either<_, _> {
///     if n % 2 == 0 { Either::Left((0..n).into_par_iter()) } else { Either::Right((1..n).into_par_iter()) }
/// };
/// assert_eq!(evens(4).sum::<u32>(), 6);
/// assert_eq!(evens(5).sum::<u32>(), 10);
/// ```
impl<L, R> ParallelIterator for Either<L, R>
where
    L: ParallelIterator,
    R: ParallelIterator<Item = L::Item>,
{
    type Item = L::Item;

    fn drive_unindexed<C: UnindexedConsumer<L::Item>>(self, consumer: C) -> C::Result {
        match self {
            Either::Left(iter) => iter.drive_unindexed(consumer),
            Either::Right(iter) => iter.drive_unindexed(consumer),
        }
    }

    fn opt_len(&self) -> Option<usize> {
        match self {
            Either::Left(iter) => iter.opt_len(),
            Either::Right(iter) => iter.opt_len(),
        }
    }
}

impl<L, R> IndexedParallelIterator for Either<L, R>
where
    L: IndexedParallelIterator,
    R: IndexedParallelIterator<Item = L::Item>,
{
    fn drive<C: Consumer<L::Item>>(self, consumer: C) -> C::Result {
        match self {
            Either::Left(iter) => iter.drive(consumer),
            Either::Right(iter) => iter.drive(consumer),
        }
    }

    fn len(&self) -> usize {
        match self {
            Either::Left(iter) => iter.len(),
            Either::Right(iter) => iter.len(),
        }
    }

    fn with_producer<CB: ProducerCallback<L::Item>>(self, callback: CB) -> CB::Output {
        match self {
            Either::Left(iter) => iter.with_producer(callback),
            Either::Right(iter) => iter.with_producer(callback),
        }
    }
}

/// Extends whichever collection the `Either` holds.
impl<L, R, T> ParallelExtend<T> for Either<L, R>
where
    L: ParallelExtend<T>,
    R: ParallelExtend<T>,
    T: Send,
{
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = T>,
    {
        match self {
            Either::Left(collection) => collection.par_extend(par_iter),
            Either::Right(collection) => collection.par_extend(par_iter),
        }
    }
}
