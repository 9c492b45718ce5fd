//! Parallel iterators that own a `Vec`'s items: `vec.into_par_iter()` and
//! `vec.par_drain(range)`, and the `par_iter()`/`par_iter_mut()` entry
//! points of `Vec`.
//!
//! This crate keeps iterator code free of `unsafe`, so splitting a `Vec`
//! moves its right half into a new allocation (`Vec::split_off`); only
//! inputs big enough to split pay that, once per split.

use crate::iter::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use crate::iter::{
    IndexedParallelIterator, IntoParallelIterator, ParallelDrainRange, ParallelIterator,
};
use crate::slice::{Iter, IterMut};
use std::ops::{Bound, Range, RangeBounds};

/// A parallel iterator that moves the items out of a `Vec`.
///
/// ```
/// use fearless_par::prelude::*;
///
/// let names = vec![String::from("a"), String::from("b")];
/// let upper: Vec<String> = names.into_par_iter().map(|s| s.to_uppercase()).collect();
/// assert_eq!(upper, ["A", "B"]);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IntoIter<T> {
    vec: Vec<T>,
}

impl<T: Send> IntoParallelIterator for Vec<T> {
    type Iter = IntoIter<T>;
    type Item = T;

    fn into_par_iter(self) -> IntoIter<T> {
        IntoIter { vec: self }
    }
}

impl<T> IntoIter<T> {
    pub(crate) fn new(vec: Vec<T>) -> Self {
        IntoIter { vec }
    }
}

impl<T: Send> ParallelIterator for IntoIter<T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.vec.len())
    }
}

impl<T: Send> IndexedParallelIterator for IntoIter<T> {
    fn drive<C: Consumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.vec.len()
    }

    fn with_producer<CB: ProducerCallback<T>>(self, callback: CB) -> CB::Output {
        callback.callback(VecProducer { vec: self.vec })
    }
}

/// The producer of an owned `Vec`.
pub(crate) struct VecProducer<T> {
    vec: Vec<T>,
}

impl<T: Send> Producer for VecProducer<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.vec.into_iter()
    }

    fn split_at(mut self, index: usize) -> (Self, Self) {
        let right = self.vec.split_off(index);
        (self, VecProducer { vec: right })
    }
}

impl<'data, T: Sync + 'data> IntoParallelIterator for &'data Vec<T> {
    type Iter = Iter<'data, T>;
    type Item = &'data T;

    fn into_par_iter(self) -> Self::Iter {
        self.as_slice().into_par_iter()
    }
}

impl<'data, T: Send + 'data> IntoParallelIterator for &'data mut Vec<T> {
    type Iter = IterMut<'data, T>;
    type Item = &'data mut T;

    fn into_par_iter(self) -> Self::Iter {
        self.as_mut_slice().into_par_iter()
    }
}

/// Resolves `range` against a collection of `len` items, with the
/// standard library's panics for a bad range.
pub(crate) fn simplify_range(range: impl RangeBounds<usize>, len: usize) -> Range<usize> {
    let start = match range.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.checked_add(1).expect("range start overflows usize"),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.checked_add(1).expect("range end overflows usize"),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => len,
    };
    assert!(
        start <= end,
        "range start {start} is greater than range end {end}"
    );
    assert!(
        end <= len,
        "range end {end} is out of bounds for length {len}"
    );
    start..end
}

/// The items `vec.par_drain(range)` removes, as an owning parallel
/// iterator. The range is removed from the vector when `par_drain` is
/// called (one move of the items into a new allocation), not lazily as
/// rayon does; the vector is shorter afterwards either way.
///
/// ```
/// use fearless_par::prelude::*;
///
/// let mut v: Vec<i32> = (0..10).collect();
/// let drained: Vec<i32> = v.par_drain(2..5).collect();
/// assert_eq!(drained, [2, 3, 4]);
/// assert_eq!(v, [0, 1, 5, 6, 7, 8, 9]);
/// ```
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Drain<'data, T> {
    items: IntoIter<T>,
    _vec: std::marker::PhantomData<&'data mut Vec<T>>,
}

impl<'data, T: Send> ParallelDrainRange<usize> for &'data mut Vec<T> {
    type Iter = Drain<'data, T>;
    type Item = T;

    fn par_drain<R: RangeBounds<usize>>(self, range: R) -> Self::Iter {
        let range = simplify_range(range, self.len());
        Drain {
            items: IntoIter::new(self.drain(range).collect()),
            _vec: std::marker::PhantomData,
        }
    }
}

impl<T: Send> ParallelIterator for Drain<'_, T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        self.items.drive_unindexed(consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        self.items.opt_len()
    }
}

impl<T: Send> IndexedParallelIterator for Drain<'_, T> {
    fn drive<C: Consumer<T>>(self, consumer: C) -> C::Result {
        self.items.drive(consumer)
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn with_producer<CB: ProducerCallback<T>>(self, callback: CB) -> CB::Output {
        self.items.with_producer(callback)
    }
}
