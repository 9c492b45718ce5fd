//! Parallel iterators over inclusive ranges: `(a..=b).into_par_iter()` for
//! every primitive integer type and `char`, including `..=MAX`.
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! assert_eq!((1..=100).into_par_iter().sum::<i32>(), 5050);
//! assert_eq!((0..=u8::MAX).into_par_iter().count(), 256);
//! assert_eq!((u128::MAX - 1..=u128::MAX).into_par_iter().count(), 2);
//! ```

use crate::iter::plumbing::{Consumer, Folder, ProducerCallback, UnindexedConsumer, bridge};
use crate::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use crate::range::{IndexedStep, Step, StepProducer, drive_span, inclusive_len, indexed_len};
use std::ops::RangeInclusive;

/// A parallel iterator over a `RangeInclusive`.
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<T> {
    range: RangeInclusive<T>,
}

impl<T> IntoParallelIterator for RangeInclusive<T>
where
    Iter<T>: ParallelIterator,
{
    type Item = <Iter<T> as ParallelIterator>::Item;
    type Iter = Iter<T>;

    fn into_par_iter(self) -> Iter<T> {
        Iter { range: self }
    }
}

impl<T: Step> Iter<T> {
    /// Start and end, or `None` when empty (an exhausted `RangeInclusive`
    /// counts as empty, as in rayon).
    fn bounds(&self) -> Option<(T, T)> {
        if self.range.is_empty() {
            None
        } else {
            Some((*self.range.start(), *self.range.end()))
        }
    }

    fn len_if_fits(&self) -> Option<usize> {
        match self.bounds() {
            Some((start, end)) => inclusive_len(start, end),
            None => Some(0),
        }
    }
}

impl<T: Step> ParallelIterator for Iter<T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        match self.bounds() {
            None => consumer.into_folder().complete(),
            Some((start, end)) => {
                let len = inclusive_len(start, end);
                let gap = if start < end {
                    T::gap(start, end) + 1
                } else {
                    0
                };
                drive_span(start, len, gap, consumer)
            }
        }
    }

    fn opt_len(&self) -> Option<usize> {
        self.len_if_fits()
    }
}

impl<T: IndexedStep> IndexedParallelIterator for Iter<T> {
    fn drive<C: Consumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        indexed_len(self.len_if_fits())
    }

    fn with_producer<CB: ProducerCallback<T>>(self, callback: CB) -> CB::Output {
        let len = self.len();
        let start = self.bounds().map_or(*self.range.start(), |(s, _)| s);
        callback.callback(StepProducer {
            start,
            offsets: 0..len,
        })
    }
}
