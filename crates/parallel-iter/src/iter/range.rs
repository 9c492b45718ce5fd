//! Parallel iterators over integer ranges: `(0..n).into_par_iter()` and
//! `(0..=n).into_par_iter()`.

use super::plumbing::Producer;
use super::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use std::ops::{Range, RangeInclusive};

/// A parallel iterator over a `Range` of integers.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!((0..10i64).into_par_iter().map(|x| x * 2).sum::<i64>(), 90);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<T> {
    range: Range<T>,
}

macro_rules! range_source {
    ($($t:ty),*) => {$(
        impl IntoParallelIterator for Range<$t> {
            type Iter = Iter<$t>;
            type Item = $t;

            fn into_par_iter(self) -> Iter<$t> {
                Iter { range: self }
            }
        }

        impl ParallelIterator for Iter<$t> {
            type Item = $t;
            type Producer = Self;

            fn into_producer(self) -> Self {
                self
            }
        }

        impl IndexedParallelIterator for Iter<$t> {
            fn len(&self) -> usize {
                Producer::len(self)
            }
        }

        impl Producer for Iter<$t> {
            type Item = $t;
            type IntoIter = Range<$t>;

            /// # Panics
            ///
            /// On targets whose `usize` is narrower than the range's length
            /// (a 64-bit range on a 32-bit target).
            fn len(&self) -> usize {
                let Range { start, end } = self.range;
                if start >= end {
                    return 0;
                }
                // i128 holds every difference of two 64-bit integers.
                usize::try_from(end as i128 - start as i128)
                    .expect("range is longer than usize::MAX")
            }

            fn split_at(self, index: usize) -> (Self, Self) {
                let Range { start, end } = self.range;
                // `index <= len`, so `mid` lies in `start..=end`.
                let mid = (start as i128 + index as i128) as $t;
                (Iter { range: start..mid }, Iter { range: mid..end })
            }

            fn into_iter(self) -> Range<$t> {
                self.range
            }
        }
    )*};
}

/// A parallel iterator over a `RangeInclusive` of integers.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!((1..=100u8).into_par_iter().map(u32::from).sum::<u32>(), 5050);
/// assert_eq!((0..=u8::MAX).into_par_iter().count(), 256);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct InclusiveIter<T> {
    /// Every item but the last...
    range: Iter<T>,
    /// ...which is kept apart, so that `..=MAX` needs no overflow.
    last: Option<T>,
}

macro_rules! inclusive_range_source {
    ($($t:ty),*) => {$(
        impl IntoParallelIterator for RangeInclusive<$t> {
            type Iter = InclusiveIter<$t>;
            type Item = $t;

            fn into_par_iter(self) -> InclusiveIter<$t> {
                let (start, end) = (*self.start(), *self.end());
                if self.is_empty() {
                    InclusiveIter { range: Iter { range: start..start }, last: None }
                } else {
                    InclusiveIter { range: Iter { range: start..end }, last: Some(end) }
                }
            }
        }

        impl ParallelIterator for InclusiveIter<$t> {
            type Item = $t;
            type Producer = Self;

            fn into_producer(self) -> Self {
                self
            }
        }

        impl IndexedParallelIterator for InclusiveIter<$t> {
            fn len(&self) -> usize {
                Producer::len(self)
            }
        }

        impl Producer for InclusiveIter<$t> {
            type Item = $t;
            type IntoIter = std::iter::Chain<Range<$t>, std::option::IntoIter<$t>>;

            fn len(&self) -> usize {
                Producer::len(&self.range) + usize::from(self.last.is_some())
            }

            fn split_at(self, index: usize) -> (Self, Self) {
                let before_last = Producer::len(&self.range);
                if index > before_last {
                    // The whole input goes left.
                    let end = self.range.range.end;
                    let empty = InclusiveIter { range: Iter { range: end..end }, last: None };
                    return (self, empty);
                }
                let (left, right) = self.range.split_at(index);
                (InclusiveIter { range: left, last: None }, InclusiveIter { range: right, last: self.last })
            }

            fn into_iter(self) -> Self::IntoIter {
                self.range.range.chain(self.last)
            }
        }
    )*};
}

inclusive_range_source!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

range_source!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
