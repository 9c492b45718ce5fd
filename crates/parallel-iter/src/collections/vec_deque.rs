//! Parallel iterators over a `VecDeque`: shared and mutable references
//! split directly through the deque's two slices.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{
    Chain, IndexedParallelIterator, IntoParallelIterator, ParallelDrainRange, ParallelIterator,
};
use crate::slice;
use std::collections::VecDeque;
use std::ops::RangeBounds;

via_vec!(
    /// The owning parallel iterator over a `VecDeque`'s items, in order.
    IntoIter[T], impl[T], item T, from VecDeque<T>,
    where [T: Send], items where [T: Send],
    |deque| Vec::from(deque)
);

/// A parallel iterator over references to a `VecDeque`'s items.
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<'a, T> {
    inner: Chain<slice::Iter<'a, T>, slice::Iter<'a, T>>,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, T: Sync> IntoParallelIterator for &'a VecDeque<T> {
    type Item = &'a T;
    type Iter = Iter<'a, T>;

    fn into_par_iter(self) -> Iter<'a, T> {
        let (front, back) = self.as_slices();
        Iter {
            inner: front.into_par_iter().chain(back.into_par_iter()),
        }
    }
}

/// A parallel iterator over mutable references to a `VecDeque`'s items.
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IterMut<'a, T> {
    inner: Chain<slice::IterMut<'a, T>, slice::IterMut<'a, T>>,
}

impl<'a, T: Send> IntoParallelIterator for &'a mut VecDeque<T> {
    type Item = &'a mut T;
    type Iter = IterMut<'a, T>;

    fn into_par_iter(self) -> IterMut<'a, T> {
        let (front, back) = self.as_mut_slices();
        IterMut {
            inner: front.into_par_iter().chain(back.into_par_iter()),
        }
    }
}

crate::option::delegate!(impl['a, T] Iter<'a, T>, item &'a T, where [T: Sync + 'a]);
crate::option::delegate!(impl['a, T] IterMut<'a, T>, item &'a mut T, where [T: Send + 'a]);

/// The `par_drain(range)` iterator of a `VecDeque` (the range is removed
/// when `par_drain` is called).
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Drain<'a, T> {
    inner: crate::vec::IntoIter<T>,
    marker: std::marker::PhantomData<&'a mut VecDeque<T>>,
}

impl<'a, T: Send> ParallelDrainRange<usize> for &'a mut VecDeque<T> {
    type Item = T;
    type Iter = Drain<'a, T>;

    fn par_drain<R: RangeBounds<usize>>(self, range: R) -> Drain<'a, T> {
        let range = crate::vec::simplify_range(range, self.len());
        Drain {
            inner: crate::vec::IntoIter::new(self.drain(range).collect()),
            marker: std::marker::PhantomData,
        }
    }
}

crate::option::delegate!(impl['a, T] Drain<'a, T>, item T, where [T: Send]);
